"""The cohort view of Nilsson and Wadeskog's municipal calculations.

"Of the 120 children who start förskoleklass this year, how many will end in long-term
exclusion, what will that cost each payer until they are 65, and what would it be worth to
help one, five or ten of them?" (the Luleå, Sundsvall and Göteborg calculations; reference
notes, section 1.4). Everything comes from the default Swedish life-course model and the
parameter library:

- the cohort at ``start_age`` is a birth cohort of the model at that age, scaled to ``size``;
- "ending in long-term exclusion" is being in a state of the model's group
  ``long_term_exclusion`` at age 30 (the definition of the model's comparison (a),
  docs/swedish-model.md);
- the cost to age 65 is the welfare cost (resource and transfer flows on every payer but the
  individual) of the person-years the cohort spends in those states from ``start_age`` to 64,
  plus the production loss: for each such person-year, what the same person would produce in
  work at the education level the state implies (the state's ``education:`` in the model), the
  expected production ``p_E x V_E`` of :mod:`socinvest.core.value_of_work` with the library's
  employment rate ``produktion.sysselsattningsgrad_E`` and value of a year of work
  ``produktion.produktionsvarde_E`` (the parameter the model's earnings lines use for that
  level), times the share of a year of work the model's ``working`` state gives at that age;
- two totals are shown, each labelled: the *welfare costs plus production loss* (Nilsson and
  Wadeskog's figure, transfers included) and the *socio-economic* cost (real resources plus
  production loss; transfers are income to the individual and net out);
- the cohort's welfare costs are split into Luleå's six payer groups (kommun, Försäkringskassan,
  region, justice, Arbetsförmedlingen, others) to compare with the Luleå calculation: the
  default ``split`` books the welfare costs as socinvest does (transfers gross, on the payer that
  pays them; no taxes, since the lost taxes are part of the production loss and, under income
  equalisation, a kommun keeps about one krona in a hundred of an extra worker's tax);
- ``source_split`` is a stated comparison view, the *source convention*: the same welfare costs
  plus the municipal and regional income tax the lost earnings would have paid, booked on the
  kommun and the region at their own tax rates, before income equalisation
  (:data:`SOURCE_CONVENTION`; docs/swedish-model.md, section 3, comparison (j));
- helping one person is worth the "typfall": one person in ``excluded`` every year from 20 to
  64, with the same costs and the same production loss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import simulate_cohort
from socinvest.core.equalisation import PublicFinanceRules, split_labour_cost
from socinvest.core.ledger import CATEGORIES
from socinvest.core.payers import roll_up
from socinvest.core.timing import discount_factors
from socinvest.core.value_of_work import expected_production
from socinvest.params.library import ParameterLibrary, ResolvedParameter, parameter_hash
from socinvest.params.payers import INDIVIDUAL
from socinvest.scenario.compile import CompiledScenario, compile_scenario, public_finance_rules
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.model import (
    EMPLOYMENT_RATE_PARAMETER,
    ParamRef,
    Scenario,
    value_of_work_parameter,
)
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

EXCLUSION_GROUP = "long_term_exclusion"
EXCLUSION_AGE = 30
TYPFALL_STATE = "excluded"
TYPFALL_AGES = (20, 64)
WORKING_STATE = "working"
"""The state whose earnings lines say what share of a year of work a person gives at each age."""
LULEA_SPLIT = {
    "kommun": 0.32,
    "forsakringskassan": 0.26,
    "region": 0.19,
    "rattsvasende": 0.10,
    "arbetsformedlingen": 0.06,
    "ovriga": 0.06,
}
"""Luleå's split of a school cohort's exclusion costs by payer (Skandia / Nilsson and Wadeskog,
776 six-year-olds of 2012: kommun 500, Försäkringskassan 400, landsting 300, rättsväsende 150,
Arbetsförmedlingen "< ca 100", others 100 of 1 575 MSEK; reference notes sweden.md, §1.4)."""
LULEA_GROUPS = {
    "kommun": ("kommun",),
    "forsakringskassan": ("stat.forsakringskassan",),
    "region": ("region",),
    "rattsvasende": ("stat.kriminalvarden", "stat.rattsvasende"),
    "arbetsformedlingen": ("stat.arbetsformedlingen",),
    "ovriga": ("ovriga", "stat.sis", "stat"),
}
"""The model's payers in each Luleå group (the most specific prefix wins: ``stat.sis`` and
other state payers not named are "others")."""
SPLIT_TOLERANCE = 0.05
"""How far (a fraction, i.e. 5 percentage points) a share may lie from Luleå's and still be
taken as matching it. Luleå's amounts are rounded to 50-100 MSEK of 1 575 (500, 400, 300, 150,
"< ca 100", 100), i.e. by up to 1.6-3.2 percentage points, its Arbetsförmedlingen figure is an
upper bound, and it is one municipality's run of a tool whose item list is not known; the same
5 pp is the tolerance of the typfall's split (target (d), docs/swedish-model.md, section 3)."""
SOURCE_CONVENTION = (
    "welfare costs and transfers as paid, plus the municipal and regional income tax the lost "
    "earnings would have paid, booked on the kommun and the region at their own tax rates "
    "(before income equalisation)"
)
"""The booking convention of :attr:`CohortView.source_split`: what the Skandia cohort tool
most plausibly books on each actor (its Excel tool has a tab "Jobb, försörjning & skatter";
its Luleå table lists only public actors, production loss "added on top"; reference notes
sweden.md, sections 1.2 and 1.4). Not verified: the tool's item list has not been read."""
DISCOUNT_PARAMETER = "diskontering.ranta"
HELP_COUNTS = (1, 5, 10)

_BIRTH_COHORT = """\
id: birth_cohort
title: {{sv: Födelsekohort, en: Birth cohort}}
model: {{use: {model}}}
target_group:
  start_age: 0
  level: universal
  initial_states: {{on_track: 1.0}}
  size: 1
alternatives:
  - {{id: as_today, comparison: true}}
  - {{id: same, label: Same as today}}
analysis:
  start_year: {start_year}
  price_year: {price_year}
  horizon: {{age: {horizon_age}}}
  discount_rate: {{param: {discount}}}
"""


def payer_group(payer: str) -> str | None:
    """The Luleå group (:data:`LULEA_GROUPS`) of a payer id; ``None`` for the individual.

    The longest matching prefix decides, so ``stat.forsakringskassan`` is Försäkringskassan and
    ``stat.sis`` (or a state payer not named) is "others"."""
    best: tuple[int, str] | None = None
    for group, prefixes in LULEA_GROUPS.items():
        for prefix in prefixes:
            matches = payer == prefix or payer.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), group)
    return None if best is None else best[1]


def group_shares(
    cost_by_payer: dict[str, float], leaves: list[str], extra: dict[str, float] | None = None
) -> dict[str, float]:
    """Shares of the total of ``cost_by_payer`` over ``leaves`` (payer ids that are not
    roll-ups) in each Luleå group, in the order of :data:`LULEA_SPLIT`; ``extra`` adds amounts
    to groups (the lost local income tax of the source convention) before the shares are
    taken."""
    sums = dict.fromkeys(LULEA_SPLIT, 0.0)
    for payer in leaves:
        group = payer_group(payer)
        if group is not None:
            sums[group] += cost_by_payer.get(payer, 0.0)
    for group, amount in (extra or {}).items():
        sums[group] += amount
    total = sum(sums.values())
    return {g: (v / total if total else 0.0) for g, v in sums.items()}


def lost_taxable_income(labour_cost: FloatArray, rules: PublicFinanceRules) -> FloatArray:
    """The taxable earned income of a year of work costing ``labour_cost`` (SEK, any shape):
    the gross wage ``labour_cost / (1 + employer's contributions)`` less the grundavdrag
    (IL 63 kap. 3 §), as :func:`socinvest.core.equalisation.split_labour_cost` computes it;
    0 where ``labour_cost`` is 0."""
    return np.asarray(split_labour_cost(labour_cost, rules).taxable_income, dtype=np.float64)


@dataclass(frozen=True)
class ValueOfWork:
    """The value of a year of work at one education level, SEK of the price year: ``value``
    is a person-year in work (``produktion.produktionsvarde_E``), ``employment_rate`` the
    probability of being in work (``produktion.sysselsattningsgrad_E``; ``None`` if the library
    has none), ``expected`` their product (the production a year of exclusion loses)."""

    education: str
    value: float
    employment_rate: float | None

    @property
    def rate(self) -> float:
        """The employment rate; a ``ValueError`` naming the parameter if the library has
        none."""
        if self.employment_rate is None:
            raise ValueError(
                f"the library has no employment rate for education {self.education!r} "
                f"({EMPLOYMENT_RATE_PARAMETER.format(education=self.education)})"
            )
        return self.employment_rate

    @property
    def expected(self) -> float:
        return expected_production(self.value, self.rate)


@dataclass(frozen=True)
class Typfall:
    """One person in long-term exclusion from 20 to 64: welfare costs by payer node (rolled
    up), of which transfers, and the production loss, undiscounted and discounted to the
    cohort's start age."""

    education: str
    welfare_by_payer: dict[str, float]
    welfare: float
    transfers: float
    production_loss: float
    pv_welfare_by_payer: dict[str, float]
    pv_welfare: float
    pv_transfers: float
    pv_production_loss: float
    production_loss_per_year: float

    @property
    def total(self) -> float:
        """Welfare costs (transfers included) plus production loss: Nilsson and Wadeskog's
        figure."""
        return self.welfare + self.production_loss

    @property
    def pv_total(self) -> float:
        return self.pv_welfare + self.pv_production_loss

    @property
    def socio_economic(self) -> float:
        """Real resources plus production loss; transfers net out."""
        return self.welfare - self.transfers + self.production_loss

    @property
    def pv_socio_economic(self) -> float:
        return self.pv_welfare - self.pv_transfers + self.pv_production_loss


@dataclass(frozen=True)
class CohortView:
    """The cohort view; money in SEK of ``price_year``."""

    size: float
    start_age: int
    horizon_age: int
    price_year: int
    discount_rate: float
    exclusion_age: int
    exclusion_states: list[str]
    share_in_exclusion: float
    expected_in_exclusion: float
    person_years_in_exclusion: float
    cost_by_payer: dict[str, float]
    welfare_cost: float
    transfers: float
    production_loss: float
    pv_cost_by_payer: dict[str, float]
    pv_welfare_cost: float
    pv_transfers: float
    pv_production_loss: float
    split: dict[str, float]
    """Shares of the welfare costs (undiscounted) in Luleå's payer groups."""
    lost_taxable_income: float | None
    """The taxable earned income (wage less grundavdrag, times the employment rate) the
    cohort's person-years in exclusion lose, undiscounted; ``None`` for a model without
    ``tax_rules``."""
    lost_local_tax: dict[str, float] | None
    """``kommun`` and ``region``: their own tax rate times :attr:`lost_taxable_income`, before
    income equalisation (the source convention)."""
    source_split: dict[str, float] | None
    """Shares in Luleå's payer groups under :data:`SOURCE_CONVENTION`: the welfare costs plus
    :attr:`lost_local_tax` on the kommun and the region (undiscounted)."""
    education_of_state: dict[str, str]
    value_of_work: dict[str, ValueOfWork]
    typfall: Typfall
    parameters: dict[str, ResolvedParameter]
    parameter_hash: str

    @property
    def total(self) -> float:
        """Welfare costs (transfers included) plus production loss."""
        return self.welfare_cost + self.production_loss

    @property
    def pv_total(self) -> float:
        return self.pv_welfare_cost + self.pv_production_loss

    @property
    def socio_economic(self) -> float:
        """Real resources plus production loss; transfers net out."""
        return self.welfare_cost - self.transfers + self.production_loss

    @property
    def pv_socio_economic(self) -> float:
        return self.pv_welfare_cost - self.pv_transfers + self.pv_production_loss

    def value_of_helping(self, n: int) -> tuple[float, float]:
        """``(undiscounted, present value)`` of keeping ``n`` persons out of exclusion
        (welfare costs plus production loss of the typfall)."""
        return n * self.typfall.total, n * self.typfall.pv_total


def _birth_cohort(
    library: ParameterLibrary, model: str, price_year: int, start_year: int, horizon_age: int
) -> tuple[Scenario, CompiledScenario, dict[str, ResolvedParameter]]:
    text = _BIRTH_COHORT.format(
        model=model,
        start_year=start_year,
        price_year=price_year,
        horizon_age=horizon_age,
        discount=DISCOUNT_PARAMETER,
    )
    scenario = parse_scenario(text, f"<birth cohort of model {model}>", library)
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    return scenario, compile_scenario(resolved.scenario), resolved.parameters


def work_share_by_age(scenario: Scenario, ages: int, state: str = WORKING_STATE) -> FloatArray:
    """The share of a year of work at its education level that the model's ``state`` gives at
    each age ``0 .. ages - 1``: the ``times`` of its earnings lines given by ``education``
    (``share`` in the model file), 0 where it has none.

    Raises
    ------
    ValueError
        If a line of ``state`` is not given by ``education`` (its value could not be compared
        with the value of a year of work), or two lines cover one age.
    """
    out = np.zeros(ages)
    seen = np.zeros(ages, dtype=bool)
    for e, earn in enumerate(scenario.model.earnings):
        states = [earn.state] if isinstance(earn.state, str) else earn.state
        if state not in states:
            continue
        if earn.education is None or not isinstance(earn.annual, ParamRef):
            raise ValueError(
                f"model.earnings[{e}]: expected the {state!r} line to be given by 'education' "
                "(the value of a year of work at a level), found an amount"
            )
        low, high = _age_range(earn.ages, ages)
        if seen[low:high].any():
            raise ValueError(f"model.earnings[{e}]: two {state!r} lines cover one age")
        seen[low:high] = True
        out[low:high] = earn.annual.times
    return out


def _age_range(text: str | int | None, ages: int) -> tuple[int, int]:
    if text is None:
        return 0, ages
    if isinstance(text, int):
        return text, min(text + 1, ages)
    if text.endswith("+"):
        return int(text[:-1]), ages
    first, _, last = text.partition("-")
    return int(first), min(int(last or first) + 1, ages)


def value_of_work(
    library: ParameterLibrary, education: str, price_year: int, when: dt.date
) -> tuple[ValueOfWork, dict[str, ResolvedParameter]]:
    """The value of a year of work at ``education`` from the library, with the parameters
    used (the employment rate only when the library has it)."""
    vid = value_of_work_parameter(education)
    value = library.resolve(vid, price_year, when)
    used = {vid: value}
    rid = EMPLOYMENT_RATE_PARAMETER.format(education=education)
    rate: float | None = None
    if rid in library:
        resolved = library.resolve(rid, price_year, when)
        used[rid] = resolved
        rate = float(resolved.value)
    return ValueOfWork(education, float(value.value), rate), used


def cohort_view(
    library: ParameterLibrary,
    size: float,
    start_age: int,
    horizon_age: int = 65,
    price_year: int = 2024,
    start_year: int = 2026,
    model: str = "sverige",
) -> CohortView:
    """Expected exclusion in a cohort, its cost by payer to ``horizon_age``, and the worth of
    helping one person (see the module docstring for the definitions).

    Raises
    ------
    ValueError
        For a start age outside 0 .. the exclusion age, a horizon not after age 64, or a model
        whose exclusion states do not declare an education level.
    """
    if not 0 <= start_age <= EXCLUSION_AGE:
        raise ValueError(f"expected a start age from 0 to {EXCLUSION_AGE}, found {start_age}")
    if horizon_age <= TYPFALL_AGES[1]:
        raise ValueError(f"expected a horizon age above {TYPFALL_AGES[1]}, found {horizon_age}")
    if size <= 0:
        raise ValueError(f"expected a cohort size above 0, found {size}")
    parsed, compiled, used = _birth_cohort(library, model, price_year, start_year, horizon_age)
    states = compiled.states
    groups = compiled.scenario.model.groups
    members = groups.get(EXCLUSION_GROUP)
    if not members:
        raise ValueError(f"the model {model!r} has no state group {EXCLUSION_GROUP!r}")
    definitions = {s.id: s for s in compiled.scenario.model.states}
    education: dict[str, str] = {}
    for state in (*members, TYPFALL_STATE):
        level = definitions[state].education
        if level is None:
            raise ValueError(
                f"the model {model!r}: state {state!r} declares no 'education', so the "
                "production its years lose cannot be valued"
            )
        education[state] = level
    when = dt.date(start_year, 1, 1)
    values: dict[str, ValueOfWork] = {}
    for name in sorted(set(education.values())):
        values[name], more = value_of_work(library, name, price_year, when)
        used = {**used, **more}
    rate = float(used[DISCOUNT_PARAMETER].value)

    path = simulate_cohort(compiled.initial, compiled.transitions, compiled.band_of_cycle)
    occupancy = path.occupancy[0]  # (ages 0 .. horizon_age, S): age a at row a
    dead = states.index("dead")
    alive_at_start = occupancy[start_age].sum() - occupancy[start_age, dead]
    scale = size / alive_at_start
    in_group = [states.index(s) for s in members]
    at_exclusion_age = occupancy[EXCLUSION_AGE]
    alive_then = at_exclusion_age.sum() - at_exclusion_age[dead]
    share = float(at_exclusion_age[in_group].sum() / alive_then)

    # Welfare cost per person-year by state, age and payer (resource + transfer, not the
    # individual's own income), of which transfers; and the production a year in each state
    # loses: the expected production at the state's education level, times the share of a
    # year of work the model's 'working' gives at that age.
    payers = compiled.payers
    individual = payers.index(INDIVIDUAL)
    counted = [CATEGORIES.index("resource"), CATEGORIES.index("transfer")]
    welfare = compiled.annual[:, :, :, counted].sum(axis=3)  # (ages, S, N)
    welfare[:, :, individual] = 0.0
    transfers = compiled.annual[:, :, :, CATEGORIES.index("transfer")].copy()
    transfers[:, :, individual] = 0.0
    work_share = work_share_by_age(parsed, compiled.annual.shape[0])  # (ages,)
    loss_per_year = np.stack(
        [work_share * values[education[s]].expected for s in members], axis=1
    )  # (ages, G)

    ages = np.arange(start_age, TYPFALL_AGES[1] + 1)
    factors = discount_factors(rate, ages.size, "start")
    group_years = occupancy[ages][:, in_group] * scale  # (years, G)
    by_payer_years = np.einsum("yg,ygn->yn", group_years, welfare[ages][:, in_group, :])
    transfer_years = np.einsum("yg,ygn->y", group_years, transfers[ages][:, in_group, :])
    loss_years = (group_years * loss_per_year[ages]).sum(axis=1)
    rolled = roll_up(by_payer_years, payers.parents, axis=1)

    lost_taxable: float | None = None
    lost_tax: dict[str, float] | None = None
    tax_rules = compiled.scenario.model.tax_rules
    if tax_rules is not None:
        rules = public_finance_rules(tax_rules)
        # The tax a year of exclusion loses: the employment rate times the tax on the wage of
        # a year of work at the state's level (the tax is not linear in the wage, so it is
        # taken on the wage, not on the expected wage).
        taxable_per_year = np.stack(
            [
                values[education[s]].rate
                * lost_taxable_income(work_share * values[education[s]].value, rules)
                for s in members
            ],
            axis=1,
        )  # (ages, G)
        lost_taxable = float((group_years * taxable_per_year[ages]).sum())
        lost_tax = {
            "kommun": rules.kommun.own_rate * lost_taxable,
            "region": rules.region.own_rate * lost_taxable,
        }

    typ_ages = np.arange(TYPFALL_AGES[0], TYPFALL_AGES[1] + 1)
    typ_factors = discount_factors(rate, TYPFALL_AGES[1] + 1 - start_age, "start")[
        typ_ages - start_age
    ]
    typ_state = states.index(TYPFALL_STATE)
    typ_rolled = roll_up(welfare[typ_ages, typ_state, :], payers.parents, axis=1)
    typ_transfers = transfers[typ_ages, typ_state, :].sum(axis=1)
    typ_value = values[education[TYPFALL_STATE]]
    typ_loss = work_share[typ_ages] * typ_value.expected
    top = payers.top_level
    leaves = [p for p in payers.ids if not any(q.startswith(p + ".") for q in payers.ids)]

    def by_payer(values: FloatArray) -> dict[str, float]:
        return {pid: float(values[i]) for i, pid in enumerate(payers.ids)}

    def total(values: FloatArray) -> float:
        return float(sum(values[payers.index(p)] for p in top))

    typfall = Typfall(
        education=education[TYPFALL_STATE],
        welfare_by_payer=by_payer(typ_rolled.sum(axis=0)),
        welfare=total(typ_rolled.sum(axis=0)),
        transfers=float(typ_transfers.sum()),
        production_loss=float(typ_loss.sum()),
        pv_welfare_by_payer=by_payer(typ_factors @ typ_rolled),
        pv_welfare=total(typ_factors @ typ_rolled),
        pv_transfers=float(typ_factors @ typ_transfers),
        pv_production_loss=float(typ_factors @ typ_loss),
        production_loss_per_year=typ_value.expected,
    )
    cost_by_payer = by_payer(rolled.sum(axis=0))
    return CohortView(
        size=size,
        start_age=start_age,
        horizon_age=horizon_age,
        price_year=price_year,
        discount_rate=rate,
        exclusion_age=EXCLUSION_AGE,
        exclusion_states=list(members),
        share_in_exclusion=share,
        expected_in_exclusion=float(at_exclusion_age[in_group].sum() * scale),
        person_years_in_exclusion=float(group_years.sum()),
        cost_by_payer=cost_by_payer,
        welfare_cost=total(rolled.sum(axis=0)),
        transfers=float(transfer_years.sum()),
        production_loss=float(loss_years.sum()),
        pv_cost_by_payer=by_payer(factors @ rolled),
        pv_welfare_cost=total(factors @ rolled),
        pv_transfers=float(factors @ transfer_years),
        pv_production_loss=float(factors @ loss_years),
        split=group_shares(cost_by_payer, leaves),
        lost_taxable_income=lost_taxable,
        lost_local_tax=lost_tax,
        source_split=None if lost_tax is None else group_shares(cost_by_payer, leaves, lost_tax),
        education_of_state=education,
        value_of_work=values,
        typfall=typfall,
        parameters=dict(sorted(used.items())),
        parameter_hash=parameter_hash(used.values()),
    )
