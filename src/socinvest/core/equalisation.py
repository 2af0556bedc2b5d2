"""Who keeps the tax on one extra krona of earned income: income equalisation and the split of
a labour cost between the individual, the kommun, the region, the rest of each tier and the state.

The income equalisation of *lag (2004:773) om kommunalekonomisk utjämning* (3-6 §§) with the
county rates of *förordning (2004:881)* (2-3 §§) gives a unit ``j`` (a kommun or a region) whose
tax capacity is below the guarantee (115 % of the uprated mean tax capacity) a grant of
``s_j (1.15 MSK N_j - SU_j)``, and takes a fee at the fee rate from a unit above it. The state's
outlay is its fixed appropriation, so a change in the grants and fees is passed back to the
units of the same tier through the per-capita regleringspost. Differentiating with respect to
the unit's own tax base gives, per krona of extra uprated tax base (the closed form derived in
the project's reference ``shared/reference/equalisation.md`` § 2.2)::

    k_j = t_j - s_j + n_j [s_j + g (s_j - s_bar)]

kept by the unit (``t_j`` its own tax rate, ``s_j`` the county's grant rate below the guarantee
or its fee rate above it, ``n_j`` its share of Sweden's population, ``s_bar`` the
population-weighted mean applicable rate of the tier, ``g`` the guarantee, 1.15);
``t_j - k_j`` goes to the other units of the same tier; the state gets nothing through the
equalisation. The base of equalisation year ``T`` is the income of year ``T - 2`` (lag
2004:773 3 §), the same base as the unit's own preliminary tax in ``T`` (lag 1965:269 4 §), so
the own tax and the equalisation offset arrive together, two years after the work.

State side (reference § 3): employer contributions (socialavgiftslagen 2000:980 2 kap.; the
ålderspensionsavgift goes to the pension system, the rest is state-budget revenue); the
allmän pensionsavgift, fully credited against the tax, so a cost to the state;
jobbskatteavdrag, skattereduktion för förvärvsinkomster and statlig inkomstskatt
(:mod:`socinvest.core.income_tax`). Pension contributions are the individual's deferred income.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.income_tax import (
    earned_income_reduction,
    general_pension_contribution,
    grundavdrag,
    jobbskatteavdrag,
    state_income_tax,
)

FloatArray = npt.NDArray[np.float64]

ROLES: tuple[str, ...] = (
    "individual",
    "kommun",
    "other_kommuner",
    "region",
    "other_regions",
    "state",
)
"""The receivers of a labour cost, in the order of :meth:`LabourCostSplit.amounts`."""


def applicable_rate(
    tax_capacity: npt.ArrayLike,
    grant_rate: npt.ArrayLike,
    fee_rate: npt.ArrayLike,
    guarantee: float = 1.15,
) -> FloatArray:
    """The county rate that applies to a unit: the grant rate (förordning 2004:881 § 2) if its
    tax capacity (a ratio to the national mean) is below the guarantee, else the fee rate (§ 3).

    Examples
    --------
    >>> float(applicable_rate(0.95, 0.1941, 0.1734)), float(applicable_rate(1.2, 0.1941, 0.1734))
    (0.1941, 0.1734)
    """
    below = np.asarray(tax_capacity, dtype=np.float64) < guarantee
    return np.asarray(np.where(below, grant_rate, fee_rate), dtype=np.float64)


def kept_share(
    own_rate: npt.ArrayLike,
    rate: npt.ArrayLike,
    population_share: npt.ArrayLike,
    mean_rate: npt.ArrayLike,
    guarantee: float = 1.15,
) -> FloatArray:
    """What a unit keeps per krona of extra uprated tax base, ``t - s + n [s + g (s - s_bar)]``.

    Parameters
    ----------
    own_rate : array_like
        The unit's own tax rate ``t`` (a fraction, e.g. 0.22).
    rate : array_like
        The applicable county rate ``s`` (:func:`applicable_rate`).
    population_share : array_like
        The unit's share ``n`` of Sweden's population.
    mean_rate : array_like
        The population-weighted mean applicable rate ``s_bar`` of the tier.
    guarantee : float
        The guarantee ``g`` as a ratio of the mean tax capacity (lag 2004:773 4 §: 1.15).

    Examples
    --------
    A kommun at 95 % in Västra Götaland (reference § 4): 2 649 of 100 000.

    >>> round(100_000 * float(kept_share(0.22, 0.1941, 0.003, 0.192)))
    2649
    """
    t = np.asarray(own_rate, dtype=np.float64)
    s = np.asarray(rate, dtype=np.float64)
    n = np.asarray(population_share, dtype=np.float64)
    return np.asarray(t - s + n * (s + guarantee * (s - np.asarray(mean_rate))))


def tier_rest(own_rate: npt.ArrayLike, kept: npt.ArrayLike) -> FloatArray:
    """What the other units of the tier get per krona of the unit's extra base, ``t - k``."""
    return np.asarray(np.asarray(own_rate, dtype=np.float64) - np.asarray(kept))


@dataclass(frozen=True)
class TierRates:
    """The equalisation inputs of one unit (the kommun, or the region) and its tier.

    Attributes
    ----------
    own_rate : float
        The unit's tax rate (fraction).
    tax_capacity : float
        Its uprated tax capacity per inhabitant as a ratio of the national mean.
    population_share : float
        Its share of Sweden's population.
    grant_rate, fee_rate : float
        The county's rates (förordning 2004:881 §§ 2-3), fractions.
    mean_rate : float
        The population-weighted mean applicable rate of the tier.
    """

    own_rate: float
    tax_capacity: float
    population_share: float
    grant_rate: float
    fee_rate: float
    mean_rate: float

    def kept(self, guarantee: float) -> float:
        """:func:`kept_share` with the applicable rate for the unit's tax capacity."""
        s = applicable_rate(self.tax_capacity, self.grant_rate, self.fee_rate, guarantee)
        return float(kept_share(self.own_rate, s, self.population_share, self.mean_rate, guarantee))


@dataclass(frozen=True)
class PublicFinanceRules:
    """Every rate the split of a labour cost needs (one income year's rules).

    Attributes
    ----------
    kommun, region : TierRates
    guarantee : float
        The guarantee level of both tiers (1.15).
    employer_rate : float
        Employer contributions in total (0.3142 in 2024-2025), as a fraction of the wage.
    employer_pension_rate : float
        Of which the ålderspensionsavgift (0.1021), to the pension system.
    general_pension_rate : float
        Allmän pensionsavgift (0.07).
    price_base_amount : float
        Prisbasbelopp of the income year, SEK.
    state_tax_threshold : float
        Skiktgräns, SEK of taxable income.
    state_tax_rate : float
        Statlig inkomstskatt above the skiktgräns (0.20).
    """

    kommun: TierRates
    region: TierRates
    guarantee: float
    employer_rate: float
    employer_pension_rate: float
    general_pension_rate: float
    price_base_amount: float
    state_tax_threshold: float
    state_tax_rate: float


@dataclass(frozen=True)
class LabourCostSplit:
    """A labour cost split by who receives it (SEK a year, arrays of the input's shape).

    ``individual_net + individual_pension + kommun + other_kommuner + region + other_regions
    + state`` equals the labour cost. The kommun and region amounts (and those of the rest of
    their tiers) are paid two years after the income year.
    """

    gross_wage: FloatArray
    taxable_income: FloatArray
    individual_net: FloatArray
    """Wage after tax and the pension contribution, the credits included."""
    individual_pension: FloatArray
    """The pension contributions (ålderspensionsavgift and allmän pensionsavgift): deferred
    income of the individual."""
    kommun: FloatArray
    other_kommuner: FloatArray
    region: FloatArray
    other_regions: FloatArray
    state: FloatArray

    def amounts(self) -> FloatArray:
        """The receivers' amounts in the order of :data:`ROLES`, shape ``(6, ...)``."""
        return np.stack(
            [
                self.individual_net + self.individual_pension,
                self.kommun,
                self.other_kommuner,
                self.region,
                self.other_regions,
                self.state,
            ]
        )


def split_labour_cost(labour_cost: npt.ArrayLike, rules: PublicFinanceRules) -> LabourCostSplit:
    """Split a labour cost (wage plus employer contributions) per person-year by receiver.

    The gross wage is ``labour_cost / (1 + employer_rate)``; the taxable income is the wage
    less the grundavdrag. The kommun and the region levy their rates on the taxable income and
    keep :meth:`TierRates.kept` of it, the rest of each tier getting the remainder; the state
    receives the employer contributions other than the ålderspensionsavgift and the statlig
    inkomstskatt and bears the skattereduktioner (allmän pensionsavgift, jobbskatteavdrag,
    förvärvsinkomster), which together cannot exceed the income tax; the individual keeps the
    wage after tax and the pension contributions as deferred income.

    Examples
    --------
    The worked example of the reference (§ 4): gross 141 600, kommun 22 %, region 11.5 %.

    >>> kommun = TierRates(0.22, 0.95, 0.003, 0.1941, 0.1734, 0.192)
    >>> region = TierRates(0.115, 0.95, 0.167, 0.0967, 0.0915, 0.0947)
    >>> rules = PublicFinanceRules(kommun, region, 1.15, 0.3142, 0.1021, 0.07, 58_800,
    ...                            625_800, 0.20)
    >>> split = split_labour_cost(141_600 * 1.3142, rules)
    >>> round(float(split.taxable_income)), round(float(split.state))
    (100000, 4262)
    """
    cost = np.asarray(labour_cost, dtype=np.float64)
    gross = cost / (1.0 + rules.employer_rate)
    pbb = rules.price_base_amount
    deduction = grundavdrag(gross, pbb)
    taxable = np.maximum(gross - deduction, 0.0)
    local_rate = rules.kommun.own_rate + rules.region.own_rate
    local_tax = local_rate * taxable
    state_tax = state_income_tax(taxable, rules.state_tax_threshold, rules.state_tax_rate)
    pension_fee = general_pension_contribution(gross, rules.general_pension_rate, pbb)
    credits = (
        pension_fee
        + jobbskatteavdrag(gross, deduction, local_rate, pbb)
        + earned_income_reduction(taxable)
    )
    credits = np.minimum(credits, local_tax + state_tax)
    employer_pension = rules.employer_pension_rate * gross
    employer_state = (rules.employer_rate - rules.employer_pension_rate) * gross
    kommun = rules.kommun.kept(rules.guarantee) * taxable
    region = rules.region.kept(rules.guarantee) * taxable
    return LabourCostSplit(
        gross_wage=gross,
        taxable_income=taxable,
        individual_net=gross - local_tax - state_tax - pension_fee + credits,
        individual_pension=pension_fee + employer_pension,
        kommun=kommun,
        other_kommuner=rules.kommun.own_rate * taxable - kommun,
        region=region,
        other_regions=rules.region.own_rate * taxable - region,
        state=employer_state + state_tax - credits,
    )


def shift_years(flows: FloatArray, lag: int, axis: int = 1) -> FloatArray:
    """Flows moved ``lag`` years later along ``axis``, the axis lengthened by ``lag``.

    Income earned in year ``y`` reaches the kommun and the region in ``y + 2`` (lag 1965:269
    4 §; lag 2004:773 3 §): ``out[..., y + lag, ...] = flows[..., y, ...]``, zeros before.
    """
    if lag < 0:
        raise ValueError(f"expected a lag of 0 or more years, found {lag}")
    moved = np.moveaxis(np.asarray(flows, dtype=np.float64), axis, 0)
    out = np.zeros((moved.shape[0] + lag, *moved.shape[1:]))
    out[lag:] = moved
    return np.moveaxis(out, 0, axis)


def payment_matrices(lagged: npt.ArrayLike, holder: int) -> tuple[FloatArray, FloatArray]:
    """Matrices ``(now, later)`` ``(K, K)`` that split flows by ledger cell into what is
    booked in the year of work and what is booked ``lag`` years later.

    Income tax is withheld and paid to the state in the year of work, and the state pays the
    kommun and the region two years later (lag 1965:269 4 §; reference § 2.3): the state holds
    it meanwhile. So ``flows @ now`` moves the flows of the ``lagged`` cells onto the
    ``holder`` cell (the state) in the year of work, and ``flows @ later`` books them on their
    own cells, less the same amount on the holder, ``lag`` years later. ``now + later`` is the
    identity: the total over all cells is unchanged, and so is the socio-economic perspective.

    Parameters
    ----------
    lagged : array_like of bool, shape (K,)
        The cells paid later.
    holder : int
        The cell that holds the money in between (not a lagged cell).
    """
    mask = np.asarray(lagged, dtype=bool)
    if mask[holder]:
        raise ValueError("the cell holding the money cannot itself be paid later")
    k = mask.size
    now = np.eye(k)
    later = np.zeros((k, k))
    for i in np.flatnonzero(mask):
        now[i, i] = 0.0
        now[i, holder] += 1.0
        later[i, i] = 1.0
        later[i, holder] -= 1.0
    return now, later
