"""The cost of a child: the public investment in one child from pregnancy to the end of upper
secondary school (about age 19), by component, age, payer and flow category.

The composition is data (``socinvest/data/child_cost.yaml``): each component names the
library parameter(s) it uses (a total per child in SEK, or a cost per year times a number of
years), the ages over which it falls, its payer and its flow category. The figures come from
a :class:`~socinvest.params.library.ParameterLibrary` (local ``--params`` values included),
rebased to one price year. The sum is **undiscounted** (the "about 3.5 MSEK" figure of the
social-investment literature); with ``discount_rate`` the present value at birth is given too.

Transfers (parental benefit, child and study allowance) are costs for the paying authority
and income for the family: they count in the public cost of a child, not as a use of real
resources, so the resource and transfer subtotals are kept apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from socinvest.core.payers import roll_up
from socinvest.core.timing import Timing, discount_factors
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Problem
from socinvest.params.library import ParameterLibrary, ResolvedParameter, parameter_hash
from socinvest.params.model import Label, ParameterId
from socinvest.params.payers import PayerTree, default_payer_tree
from socinvest.params.yaml_source import LineMap, format_path, load_yaml, parse_yaml
from socinvest.scenario.load import problems_from_validation

FloatArray = npt.NDArray[np.float64]

FIRST_AGE = 0
LAST_AGE = 19
"""The ages of the by-age table: 0 (the first year of life) to 19 (the end of upper
secondary school). Costs before birth (pregnancy, age -1) are booked at age 0."""
AGES: tuple[int, ...] = tuple(range(FIRST_AGE, LAST_AGE + 1))

CATEGORIES: tuple[str, ...] = ("resource", "transfer")

STATUS_ORDER: tuple[str, ...] = ("verified", "derived", "not_verified", "illustrative")
"""Parameter statuses from the most to the least trusted; a component has the weakest status
of the parameters it uses."""

COMPOSITION_FILE = ("data", "child_cost.yaml")


# --------------------------------------------------------------------------------------
# The composition (data)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ParamUse(_Strict):
    """A library parameter a component uses: ``{param: skola.grundskola_per_elev}``."""

    param: ParameterId


class AgeSpan(_Strict):
    """The ages (whole years; -1 = pregnancy) over which a component falls."""

    first: int = Field(ge=-1, le=LAST_AGE)
    last: int = Field(ge=-1, le=LAST_AGE)

    @model_validator(mode="after")
    def _ordered(self) -> AgeSpan:
        if self.last < self.first:
            raise ValueError(
                f"expected first <= last, found first {self.first} and last {self.last}"
            )
        return self

    @property
    def ages(self) -> list[int]:
        return list(range(self.first, self.last + 1))


class Component(_Strict):
    """One part of the cost of a child."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Label
    amount: ParamUse = Field(
        description="A total per child (unit SEK), or a cost per year (SEK/year) times 'years'."
    )
    years: ParamUse | None = Field(
        default=None, description="Number of years (unit year) that multiplies a yearly amount."
    )
    ages: AgeSpan
    weights: list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None = Field(
        default=None, description="Relative weights, one per age, for spreading the amount."
    )
    payer: str | None = Field(default=None, description="Default: the amount parameter's payer.")
    category: Literal["resource", "transfer"]

    @model_validator(mode="after")
    def _weights_fit(self) -> Component:
        if self.weights is not None:
            n = len(self.ages.ages)
            if len(self.weights) != n:
                raise ValueError(
                    f"expected {n} weights, one per age from {self.ages.first} to "
                    f"{self.ages.last}, found {len(self.weights)}"
                )
            if not sum(self.weights) > 0:
                raise ValueError("expected weights with a positive sum")
        return self


class Excluded(_Strict):
    """Something the cost of a child does not include (listed in the output)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Label


class CompositionModel(_Strict):
    """The file: ``components: [...]``, optionally ``reference`` and ``excluded``."""

    reference: ParamUse | None = Field(
        default=None,
        description="A published total per child (unit SEK) to compare with in one price year.",
    )
    components: list[Component] = Field(min_length=1)
    excluded: list[Excluded] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> CompositionModel:
        seen: set[str] = set()
        for c in self.components:
            if c.id in seen:
                raise ValueError(f"component id {c.id!r} is given twice")
            seen.add(c.id)
        seen_excluded: set[str] = set()
        for e in self.excluded:
            if e.id in seen_excluded:
                raise ValueError(f"excluded id {e.id!r} is given twice")
            seen_excluded.add(e.id)
        return self


@dataclass(frozen=True)
class Composition:
    """A validated composition with where it came from (for error messages)."""

    components: tuple[Component, ...]
    source: str
    lines: LineMap
    reference: ParamUse | None = None
    excluded: tuple[Excluded, ...] = ()


def _composition_from_data(data: Any, lines: LineMap, source: str) -> Composition:
    try:
        model = CompositionModel.model_validate(data)
    except ValidationError as exc:
        problems = [
            replace(p, line=lines.line_of(p.path)) if p.line is None else p
            for p in problems_from_validation(exc, data)
        ]
        raise InputError(source, problems) from None
    return Composition(
        tuple(model.components), source, lines, model.reference, tuple(model.excluded)
    )


def load_composition(path: Path | None = None) -> Composition:
    """The composition of the cost of a child (default: the shipped one).

    Raises
    ------
    InputError
        With the file, line and field of every problem.
    """
    if path is not None:
        data, lines = load_yaml(path)
        return _composition_from_data(data, lines, str(path))
    ref = resources.files("socinvest").joinpath(*COMPOSITION_FILE)
    data, lines = parse_yaml(ref.read_text(encoding="utf-8"), str(ref))
    return _composition_from_data(data, lines, str(ref))


# --------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class ComponentCost:
    """One component in the price year.

    ``amount`` is the whole amount per child (``unit_amount * years``, or the total per child
    when ``years`` is ``None``); ``by_age`` spreads it over :data:`AGES`.
    """

    id: str
    label: Label
    amount: float
    unit_amount: float
    years: float | None
    ages: tuple[int, int]
    by_age: tuple[float, ...]
    payer: str
    category: str
    status: str
    parameters: tuple[ResolvedParameter, ...]

    @property
    def booked_ages(self) -> tuple[int, ...]:
        """The ages of :data:`AGES` the amount is booked on."""
        return tuple(a for a, v in zip(AGES, self.by_age, strict=True) if v != 0.0)


@dataclass(frozen=True)
class PresentValue:
    """The present value at birth: the flows of age ``a`` discounted by
    ``(1 + rate) ** -(a + offset)``, offset 0, 1 or 0.5 for timing start, end or mid."""

    discount_rate: float
    timing: str
    total: float
    by_payer: dict[str, float]


@dataclass(frozen=True)
class ReferenceComparison:
    """A published total per child (e.g. "about 3.5 MSEK" in 2012) put in the price year of
    the computed total: ``amount = original_amount * factor``, with ``factor`` the ratio of
    the parameter's price index (KPI) in the two years."""

    parameter: ResolvedParameter
    original_amount: float
    original_price_year: int | None
    amount: float
    price_year: int
    factor: float
    index: str | None
    difference: float
    """The computed total minus the reference, both in ``price_year`` prices."""


@dataclass(frozen=True)
class ChildCost:
    """The cost of a child, undiscounted, in ``price_year`` prices.

    Attributes
    ----------
    direct : ndarray, shape (len(AGES), len(payers.ids))
        Each payer node's own flows by age (nothing rolled up).
    by_age_payer : ndarray, same shape
        Rolled up: each node holds its own flows and those of every node below it.
    by_payer : dict
        Every payer node, rolled up (``kommun`` includes ``kommun.skola``); the top-level
        nodes sum to ``total``.
    """

    price_year: int
    components: tuple[ComponentCost, ...]
    payers: PayerTree
    direct: FloatArray
    by_age_payer: FloatArray
    total: float
    by_payer: dict[str, float]
    by_category: dict[str, float]
    by_age: tuple[float, ...]
    parameters: dict[str, ResolvedParameter]
    parameter_hash: str
    present_value: PresentValue | None = None
    undiscounted: bool = True
    reference: ReferenceComparison | None = None
    excluded: tuple[Excluded, ...] = ()

    @property
    def ages(self) -> tuple[int, ...]:
        return AGES

    @property
    def included(self) -> tuple[Label, ...]:
        """The labels of the components the total includes, in order."""
        return tuple(c.label for c in self.components)

    @property
    def top_level(self) -> list[str]:
        return self.payers.top_level


def _weakest(statuses: Sequence[str]) -> str:
    return max(statuses, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 99)


def _spread(component: Component, amount: float) -> tuple[float, ...]:
    """The amount spread over :data:`AGES` (ages before birth booked at age 0)."""
    ages = component.ages.ages
    weights = component.weights if component.weights is not None else [1.0] * len(ages)
    total_weight = float(sum(weights))
    out = [0.0] * len(AGES)
    for age, weight in zip(ages, weights, strict=True):
        out[max(age, FIRST_AGE) - FIRST_AGE] += amount * weight / total_weight
    return tuple(out)


def _check(composition: Composition, library: ParameterLibrary, tree: PayerTree) -> list[Problem]:
    """Unknown parameters and payers, units that do not fit, components without a payer."""
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], template: str, **args: object) -> None:
        problems.append(
            Problem.of(
                format_path(path),
                template,
                line=composition.lines.line_of(path),
                path=path,
                **args,
            )
        )

    ref = composition.reference
    if ref is not None:
        if ref.param not in library:
            add(
                ("reference", "param"),
                N_("unknown parameter {id} ('socinvest params' lists them)"),
                id=repr(ref.param),
            )
        elif (unit := library.parameters[ref.param].unit) != "SEK":
            add(
                ("reference", "param"),
                N_("parameter {id} is in {unit}; the reference needs a total per child in SEK"),
                id=repr(ref.param),
                unit=unit,
            )
    for i, c in enumerate(composition.components):
        base: tuple[str | int, ...] = ("components", i)
        uses = [("amount", c.amount)] + ([("years", c.years)] if c.years is not None else [])
        known = True
        for key, use in uses:
            if use.param not in library:
                add(
                    (*base, key, "param"),
                    N_("unknown parameter {id} ('socinvest params' lists them)"),
                    id=repr(use.param),
                )
                known = False
        if not known:
            continue
        amount_unit = library.parameters[c.amount.param].unit
        if c.years is None and amount_unit != "SEK":
            add(
                (*base, "amount", "param"),
                N_(
                    "parameter {id} is in {unit}; a component needs a total per child in SEK, "
                    "or an amount in SEK/year with 'years'"
                ),
                id=repr(c.amount.param),
                unit=amount_unit,
            )
        if c.years is not None:
            if amount_unit != "SEK/year":
                add(
                    (*base, "amount", "param"),
                    N_("parameter {id} is in {unit}; with 'years' the amount must be in SEK/year"),
                    id=repr(c.amount.param),
                    unit=amount_unit,
                )
            years_unit = library.parameters[c.years.param].unit
            if years_unit != "year":
                add(
                    (*base, "years", "param"),
                    N_("parameter {id} is in {unit}; 'years' needs a number of years (unit year)"),
                    id=repr(c.years.param),
                    unit=years_unit,
                )
        payer = c.payer or library.parameters[c.amount.param].payer
        if payer is None:
            add(
                (*base, "payer"),
                N_(
                    "component {id} has no payer: give one, or use an amount parameter that "
                    "has a payer"
                ),
                id=repr(c.id),
            )
        elif payer not in tree:
            add(
                (*base, "payer"),
                N_("unknown payer {payer}; expected a payer of the tree such as {example}"),
                payer=repr(payer),
                example="'kommun.skola'",
            )
    return problems


def child_cost(
    library: ParameterLibrary,
    price_year: int,
    *,
    composition: Composition | None = None,
    when: dt.date | None = None,
    discount_rate: float | None = None,
    timing: Timing = "start",
) -> ChildCost:
    """The public investment in one child, undiscounted, in ``price_year`` prices.

    Parameters
    ----------
    library : ParameterLibrary
        The parameter library, with any local overrides applied.
    price_year : int
        Money is rebased to this year's prices (with each parameter's index, KPI by default).
    composition : Composition, optional
        Default: the shipped ``child_cost.yaml``.
    when : date, optional
        The date whose parameter values are used; default 31 December of ``price_year``.
    discount_rate : float, optional
        If given, also the present value at birth (see :class:`PresentValue`).
    timing : {"start", "end", "mid"}
        Timing convention of the present value.

    Raises
    ------
    InputError
        When the composition names unknown parameters or payers, or units that do not fit.
    ValueError
        When a price index lacks ``price_year`` or a parameter's price year (the message says
        which).
    """
    composition = composition or load_composition()
    tree = default_payer_tree()
    problems = _check(composition, library, tree)
    if problems:
        raise InputError(composition.source, problems)
    when = when or dt.date(price_year, 12, 31)
    payer_ids = tree.ids
    direct = np.zeros((len(AGES), len(payer_ids)))
    by_category = dict.fromkeys(CATEGORIES, 0.0)
    used: dict[str, ResolvedParameter] = {}
    components: list[ComponentCost] = []
    for c in composition.components:
        amount_p = library.resolve(c.amount.param, price_year, when)
        resolved = [amount_p]
        years: float | None = None
        if c.years is not None:
            years_p = library.resolve(c.years.param, price_year, when)
            resolved.append(years_p)
            years = years_p.value
        amount = amount_p.value * (years if years is not None else 1.0)
        payer = c.payer or amount_p.payer
        assert payer is not None  # checked above
        by_age = _spread(c, amount)
        direct[:, payer_ids.index(payer)] += by_age
        by_category[c.category] += amount
        for r in resolved:
            used[r.id] = r
        components.append(
            ComponentCost(
                id=c.id,
                label=c.label,
                amount=amount,
                unit_amount=amount_p.value,
                years=years,
                ages=(c.ages.first, c.ages.last),
                by_age=by_age,
                payer=payer,
                category=c.category,
                status=_weakest([r.status for r in resolved]),
                parameters=tuple(resolved),
            )
        )
    rolled = roll_up(direct, tree.parents, axis=1)
    by_payer = {pid: float(rolled[:, j].sum()) for j, pid in enumerate(payer_ids)}
    present_value = None
    if discount_rate is not None:
        factors = discount_factors(discount_rate, len(AGES), timing)
        pv = factors @ rolled
        top = [payer_ids.index(p) for p in tree.top_level]
        present_value = PresentValue(
            discount_rate=discount_rate,
            timing=timing,
            total=float(pv[top].sum()),
            by_payer={pid: float(pv[j]) for j, pid in enumerate(payer_ids)},
        )
    total = float(sum(c.amount for c in components))
    reference = None
    if composition.reference is not None:
        ref = library.resolve(composition.reference.param, price_year, when)
        used[ref.id] = ref  # listed with the sources (not a term of the total)
        reference = ReferenceComparison(
            parameter=ref,
            original_amount=ref.original_value,
            original_price_year=ref.original_price_year,
            amount=ref.value,
            price_year=price_year,
            factor=ref.factor,
            index=ref.index,
            difference=total - ref.value,
        )
    return ChildCost(
        price_year=price_year,
        components=tuple(components),
        payers=tree,
        direct=direct,
        by_age_payer=rolled,
        total=total,
        by_payer=by_payer,
        by_category=by_category,
        by_age=tuple(float(x) for x in direct.sum(axis=1)),
        parameters=dict(sorted(used.items())),
        parameter_hash=parameter_hash(used.values()),
        present_value=present_value,
        reference=reference,
        excluded=composition.excluded,
    )


def top_level_by_age(result: ChildCost) -> Mapping[str, tuple[float, ...]]:
    """Each top-level payer's flows by age (rolled up)."""
    ids = result.payers.ids
    return {
        pid: tuple(float(x) for x in result.by_age_payer[:, ids.index(pid)])
        for pid in result.payers.top_level
    }
