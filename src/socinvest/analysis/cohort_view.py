"""The cohort view of Nilsson and Wadeskog's municipal calculations.

"Of the 120 children who start förskoleklass this year, how many will end in long-term
exclusion, what will that cost each payer until they are 65, and what would it be worth to
help one, five or ten of them?" (the Luleå, Sundsvall and Göteborg calculations; reference
notes, section 1.4). Everything comes from the default Swedish life-course model and the
parameter library:

- the cohort at ``start_age`` is a birth cohort of the model at that age, scaled to ``size``;
- "ending in long-term exclusion" is being in a state of the model's group
  ``long_term_exclusion`` at age 30 (the definition of calibration target (a),
  docs/swedish-model.md);
- the cost to age 65 is the welfare cost (resource and transfer flows on every payer but the
  individual) of the person-years the cohort spends in those states from ``start_age`` to 64,
  plus the production loss (``produktion.produktionsbortfall_utanforskap`` of the model's
  production value of ``working`` at the same ages);
- helping one person is worth the "typfall": one person in ``excluded`` every year from 20 to
  64, with the same costs (Nilsson and Wadeskog's 10-15 MSEK).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import simulate_cohort
from socinvest.core.ledger import CATEGORIES
from socinvest.core.payers import roll_up
from socinvest.core.timing import discount_factors
from socinvest.params.library import ParameterLibrary, ResolvedParameter, parameter_hash
from socinvest.params.payers import INDIVIDUAL
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

EXCLUSION_GROUP = "long_term_exclusion"
EXCLUSION_AGE = 30
TYPFALL_STATE = "excluded"
TYPFALL_AGES = (20, 64)
PRODUCTION_LOSS_PARAMETER = "produktion.produktionsbortfall_utanforskap"
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


@dataclass(frozen=True)
class Typfall:
    """One person in long-term exclusion from 20 to 64: welfare costs by payer node (rolled
    up) and the production loss, undiscounted and discounted to the cohort's start age."""

    welfare_by_payer: dict[str, float]
    welfare: float
    production_loss: float
    pv_welfare_by_payer: dict[str, float]
    pv_welfare: float
    pv_production_loss: float

    @property
    def total(self) -> float:
        return self.welfare + self.production_loss

    @property
    def pv_total(self) -> float:
        return self.pv_welfare + self.pv_production_loss


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
    production_loss: float
    pv_cost_by_payer: dict[str, float]
    pv_welfare_cost: float
    pv_production_loss: float
    typfall: Typfall
    parameters: dict[str, ResolvedParameter]
    parameter_hash: str

    def value_of_helping(self, n: int) -> tuple[float, float]:
        """``(undiscounted, present value)`` of keeping ``n`` persons out of exclusion."""
        return n * self.typfall.total, n * self.typfall.pv_total


def _birth_cohort(
    library: ParameterLibrary, model: str, price_year: int, start_year: int, horizon_age: int
) -> tuple[CompiledScenario, dict[str, ResolvedParameter]]:
    text = _BIRTH_COHORT.format(
        model=model,
        start_year=start_year,
        price_year=price_year,
        horizon_age=horizon_age,
        discount=DISCOUNT_PARAMETER,
    )
    scenario = parse_scenario(text, f"<birth cohort of model {model}>", library)
    resolved = resolve_scenario(scenario, library_for(scenario, library))
    return compile_scenario(resolved.scenario), resolved.parameters


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
        For a start age outside 0 .. the exclusion age, or a horizon not after age 64.
    """
    if not 0 <= start_age <= EXCLUSION_AGE:
        raise ValueError(f"expected a start age from 0 to {EXCLUSION_AGE}, found {start_age}")
    if horizon_age <= TYPFALL_AGES[1]:
        raise ValueError(f"expected a horizon age above {TYPFALL_AGES[1]}, found {horizon_age}")
    if size <= 0:
        raise ValueError(f"expected a cohort size above 0, found {size}")
    compiled, used = _birth_cohort(library, model, price_year, start_year, horizon_age)
    states = compiled.states
    groups = compiled.scenario.model.groups
    members = groups.get(EXCLUSION_GROUP)
    if not members:
        raise ValueError(f"the model {model!r} has no state group {EXCLUSION_GROUP!r}")
    when = dt.date(start_year, 1, 1)
    production_share = library.resolve(PRODUCTION_LOSS_PARAMETER, price_year, when)
    used = {**used, PRODUCTION_LOSS_PARAMETER: production_share}
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
    # individual's own income), and the production value of work by age.
    payers = compiled.payers
    individual = payers.index(INDIVIDUAL)
    counted = [CATEGORIES.index("resource"), CATEGORIES.index("transfer")]
    welfare = compiled.annual[:, :, :, counted].sum(axis=3)  # (ages, S, N)
    welfare[:, :, individual] = 0.0
    working = states.index("working")
    production = -compiled.annual[:, working, :, CATEGORIES.index("production")].sum(axis=1)
    loss_per_year = production_share.value * production  # (ages,)

    ages = np.arange(start_age, TYPFALL_AGES[1] + 1)
    factors = discount_factors(rate, ages.size, "start")
    group_years = occupancy[ages][:, in_group] * scale  # (years, G)
    by_payer_years = np.einsum("yg,ygn->yn", group_years, welfare[ages][:, in_group, :])
    loss_years = group_years.sum(axis=1) * loss_per_year[ages]
    rolled = roll_up(by_payer_years, payers.parents, axis=1)

    typ_ages = np.arange(TYPFALL_AGES[0], TYPFALL_AGES[1] + 1)
    typ_factors = discount_factors(rate, TYPFALL_AGES[1] + 1 - start_age, "start")[
        typ_ages - start_age
    ]
    typ_state = states.index(TYPFALL_STATE)
    typ_rolled = roll_up(welfare[typ_ages, typ_state, :], payers.parents, axis=1)
    top = payers.top_level

    def by_payer(values: FloatArray) -> dict[str, float]:
        return {pid: float(values[i]) for i, pid in enumerate(payers.ids)}

    def total(values: FloatArray) -> float:
        return float(sum(values[payers.index(p)] for p in top))

    typfall = Typfall(
        welfare_by_payer=by_payer(typ_rolled.sum(axis=0)),
        welfare=total(typ_rolled.sum(axis=0)),
        production_loss=float(loss_per_year[typ_ages].sum()),
        pv_welfare_by_payer=by_payer(typ_factors @ typ_rolled),
        pv_welfare=total(typ_factors @ typ_rolled),
        pv_production_loss=float(typ_factors @ loss_per_year[typ_ages]),
    )
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
        cost_by_payer=by_payer(rolled.sum(axis=0)),
        welfare_cost=total(rolled.sum(axis=0)),
        production_loss=float(loss_years.sum()),
        pv_cost_by_payer=by_payer(factors @ rolled),
        pv_welfare_cost=total(factors @ rolled),
        pv_production_loss=float(factors @ loss_years),
        typfall=typfall,
        parameters=dict(sorted(used.items())),
        parameter_hash=parameter_hash(used.values()),
    )
