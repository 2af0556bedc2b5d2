"""The scenario file format, as pydantic models.

A scenario holds one life-course model, one target group, interventions, the alternatives
(one of them the comparison alternative, *jämförelsealternativet*) and analysis settings.
``socinvest schema`` prints the JSON Schema generated from these classes; the format is
documented in ``docs/scenario-format.md``.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from importlib import resources
from itertools import pairwise
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from socinvest.core.effect_sizes import se_from_interval
from socinvest.params.data_cache import cache_key, cached
from socinvest.params.model import ParameterId, ParameterOverride
from socinvest.params.yaml_source import parse_yaml

MAX_AGE = 120
"""The oldest age a model may describe; ``"65+"`` means 65 to this age."""

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="Lower-case ASCII word: letters, digits and underscores, e.g. 'at_risk'."),
]
PayerId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=128),
    Field(description="Dotted payer id, e.g. 'kommun.socialtjanst' or 'stat.forsakringskassan'."),
]
MAX_AMOUNT = 1e12
"""Largest magnitude of an amount or a value with uncertainty in a scenario (one trillion
SEK, about the whole state budget): larger numbers are typing errors, and their products over
cohorts and years would overflow to infinity."""

MAX_CHILDREN = 10_000_000
"""Most children in a cohort or a year's intake (Sweden has about 2.3 million children)."""

MAX_INTAKE_YEARS = 100
"""Most years of intake in an ``intake`` list."""

MIN_DISCOUNT_RATE = -0.1
"""Lowest discount rate accepted (a negative rate is a sensitivity case; below -10 % the
discount factors over a life grow past any meaning)."""

NonNegativeMoney = Annotated[
    float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="SEK")
]
Money = Annotated[
    float,
    Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False, description="SEK (may be negative)"),
]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Category = Literal["resource", "transfer", "production"]
Frees = Literal["cash", "capacity"]

FREES_DESCRIPTION = (
    "What avoiding this cost frees, as the Greater Manchester cost-benefit guidance separates "
    "cashable from non-cashable fiscal benefits (HM Treasury, 'Supporting public service "
    "transformation: cost benefit analysis guidance for local partnerships', 2014): 'cash' "
    "(money paid out: placement fees, purchased care, benefits) or 'capacity' (time of staff "
    "in teams that remain, which the budget keeps paying). Transfers and production are "
    "always cash; a resource cost without it counts as cash."
)
ConfidenceGrade = Annotated[
    int,
    Field(
        ge=1,
        le=5,
        description=(
            "Confidence grade of the data, 1 (best) to 5 (weakest), as the Greater Manchester "
            "cost-benefit model grades its inputs."
        ),
    ),
]

_RANGE = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d+)|(\+))?\s*$")

RangeText = Annotated[
    str | int,
    Field(
        description=(
            "An inclusive range of whole years: '3-5', a single year '7' (or 7), or an "
            "open-ended '65+'."
        ),
        json_schema_extra={"examples": ["0-17", "18+", 4]},
    ),
]


def parse_range(value: str | int, upper: int = MAX_AGE) -> tuple[int, int]:
    """Parse ``'3-5'``, ``'7'``, ``7`` or ``'65+'`` into an inclusive ``(low, high)``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a range such as '3-5', found {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"expected a non-negative year, found {value}")
        return value, value
    m = _RANGE.match(value)
    if not m:
        raise ValueError(f"expected a range such as '3-5', '7' or '65+', found {value!r}")
    low = int(m.group(1))
    if m.group(4):
        return low, upper
    high = int(m.group(3)) if m.group(2) else low
    if high < low:
        raise ValueError(f"a range must not end before it starts, found {value!r}")
    return low, high


def _check_range(value: str | int | None) -> str | int | None:
    if value is not None:
        parse_range(value)
    return value


PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=MIN_DISCOUNT_RATE, le=1, allow_inf_nan=False)]


class StrictModel(BaseModel):
    """Base for every scenario model: unknown keys are errors, and values are not coerced
    (``true`` is not a number, ``"3"`` is not an age)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, defer_build=True)


class ParamRef(StrictModel):
    """A value taken from the parameter library (rebased to the analysis price year), e.g.
    ``{param: rattsvasende.anstalt_per_dygn, times: 90}`` for 90 prison days a year."""

    param: ParameterId
    times: PositiveFloat = Field(
        default=1.0,
        description=(
            "Multiplier: e.g. days a year for a daily cost; needed when the parameter's unit "
            "is per day, month or hour and the field is per year or once."
        ),
    )


def numeric(value: float | ParamRef | Uncertain) -> float:
    """The number of a resolved value (see :mod:`socinvest.scenario.references`).

    Raises
    ------
    TypeError
        If the value is still a reference to the parameter library.
    """
    if isinstance(value, ParamRef):
        raise TypeError(f"parameter {value.param!r} has not been resolved; resolve the scenario")
    if isinstance(value, Uncertain):
        raise TypeError("an inline uncertain value has not been resolved; resolve the scenario")
    return value


class Text(StrictModel):
    """Text in Swedish and English; either may be missing, not both."""

    sv: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_language(self) -> Text:
        if self.sv is None and self.en is None:
            raise ValueError("give the text in Swedish (sv), English (en) or both")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to the other language."""
        if lang == "sv":
            return self.sv or self.en or ""
        return self.en or self.sv or ""


LocalText = Annotated[
    str | Text,
    Field(description="Plain text, or {sv: ..., en: ...} for Swedish and English."),
]


def text_in(value: str | Text | None, lang: str, default: str = "") -> str:
    """Render a :data:`LocalText` value in ``lang``."""
    if value is None:
        return default
    return value if isinstance(value, str) else value.get(lang)


class Source(StrictModel):
    """Where a figure comes from."""

    title: str
    publisher: str | None = None
    year: int | None = None
    link: str | None = None
    note: str | None = None


InlineDistribution = Literal[
    "normal", "lognormal", "gamma", "beta", "uniform", "triangular", "pert"
]


class Uncertain(StrictModel):
    """A number written in the scenario with its uncertainty, without a library entry, e.g.
    ``{value: 2.22, ci95: [1.22, 4.04], distribution: lognormal}`` or
    ``{value: 52000, low: 30000, high: 90000, distribution: triangular}``.

    ``normal``, ``gamma`` and ``beta`` take ``sd`` or ``ci95`` (``sd = (high - low) / 3.92``;
    the value is the mean); ``lognormal`` takes ``sd_log`` or ``ci95``
    (``sd_log = (ln high - ln low) / 3.92``; the value is the median); ``uniform``,
    ``triangular`` and ``pert`` take ``low`` and ``high`` (the value is the mode). It is
    drawn in every probabilistic run as a parameter of its own, ``inline.<its path>``.
    """

    value: float = Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)
    distribution: InlineDistribution
    ci95: (
        list[Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]] | None
    ) = Field(default=None, min_length=2, max_length=2, description="A 95% interval [low, high].")
    sd: float | None = Field(default=None, gt=0, le=MAX_AMOUNT, allow_inf_nan=False)
    sd_log: float | None = Field(default=None, gt=0, le=10, allow_inf_nan=False)
    low: float | None = Field(default=None, ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)
    high: float | None = Field(default=None, ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)
    label: LocalText | None = None
    source: Source | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Uncertain:
        kind = self.distribution
        given = {k for k in ("ci95", "sd", "sd_log", "low", "high") if getattr(self, k) is not None}
        allowed = {
            "normal": ({"sd"}, {"ci95"}),
            "gamma": ({"sd"}, {"ci95"}),
            "beta": ({"sd"}, {"ci95"}),
            "lognormal": ({"sd_log"}, {"ci95"}),
            "uniform": ({"low", "high"},),
            "triangular": ({"low", "high"},),
            "pert": ({"low", "high"},),
        }[kind]
        if given not in allowed:
            wanted = " or ".join(" and ".join(sorted(a)) for a in allowed)
            found = ", ".join(sorted(given)) or "none"
            raise ValueError(f"distribution {kind} needs {wanted}; found {found}")
        value = self.value
        if self.ci95 is not None:
            low, high = self.ci95
            if not low < value < high:
                raise ValueError(
                    f"expected the value inside its 95% interval, found {value} and [{low}, {high}]"
                )
        if (
            self.low is not None
            and self.high is not None
            and (not self.low < self.high or not self.low <= value <= self.high)
        ):
            raise ValueError(
                f"expected low <= value <= high with low < high, found low {self.low}, "
                f"value {value}, high {self.high}"
            )
        if kind in ("lognormal", "gamma") and not value > 0:
            raise ValueError(f"a {kind} distribution needs a positive value, found {value}")
        if kind == "beta":
            sd = self.spread()
            if not 0 < value < 1 or not sd * sd < value * (1 - value):
                raise ValueError(
                    "a beta distribution needs a value in (0, 1) and sd < sqrt(value (1 - value)), "
                    f"found value {value} and sd {sd:.6g}"
                )
        return self

    def spread(self) -> float:
        """The ``sd`` (or, for lognormal, ``sd_log``) given or taken from ``ci95``."""
        if self.ci95 is not None:
            low, high = self.ci95
            if self.distribution == "lognormal":
                return se_from_interval(math.log(low), math.log(high))
            return se_from_interval(low, high)
        spread = self.sd_log if self.distribution == "lognormal" else self.sd
        return float(spread or 0.0)


def _value_kind(value: object) -> str:
    """Which form a value with inline uncertainty takes: a number, a library reference
    (``{param: ...}``) or an inline uncertain number (any other mapping)."""
    if isinstance(value, ParamRef) or (isinstance(value, dict) and "param" in value):
        return "ParamRef"
    if isinstance(value, Uncertain | dict):
        return "Uncertain"
    return "Number"


_FORMS = Discriminator(_value_kind)
"""The form of a value is chosen from what was written, so an error speaks of that form."""

MoneyValue = Annotated[
    Annotated[Money, Tag("Number")]
    | Annotated[ParamRef, Tag("ParamRef")]
    | Annotated[Uncertain, Tag("Uncertain")],
    _FORMS,
]
NonNegativeMoneyValue = Annotated[
    Annotated[NonNegativeMoney, Tag("Number")]
    | Annotated[ParamRef, Tag("ParamRef")]
    | Annotated[Uncertain, Tag("Uncertain")],
    _FORMS,
]
RatioValue = Annotated[
    Annotated[PositiveFloat, Tag("Number")]
    | Annotated[ParamRef, Tag("ParamRef")]
    | Annotated[Uncertain, Tag("Uncertain")],
    _FORMS,
]


class PayerDefinition(StrictModel):
    """A payer added to the default tree, e.g. a municipality's own committee."""

    id: PayerId
    label: LocalText | None = None
    public: bool | None = Field(
        default=None,
        description=(
            "Whether this payer is public; inherited from the parent. A new top-level payer is "
            "not public unless this says so."
        ),
    )


Education = Literal["forgymnasial", "gymnasial", "eftergymnasial"]
EDUCATION_LEVELS = get_args(Education)
"""The education level reached (SUN's main levels): no upper-secondary diploma, upper
secondary, post-secondary (:data:`socinvest.core.value_of_work.EDUCATION_LEVELS`)."""

VALUE_OF_WORK_PARAMETER = "produktion.produktionsvarde_{education}"
"""The library parameter holding the production value of a year of work at an education
level: the one definition of the value of work (docs/swedish-model.md, section 4)."""

EMPLOYMENT_RATE_PARAMETER = "produktion.sysselsattningsgrad_{education}"
"""The library parameter holding the employment rate at an education level."""


def value_of_work_parameter(education: str) -> str:
    """The library id of the production value of a year of work at ``education``."""
    return VALUE_OF_WORK_PARAMETER.format(education=education)


class StateDefinition(StrictModel):
    """A state of the life-course model. States are mutually exclusive."""

    id: Identifier
    label: LocalText | None = None
    description: LocalText | None = None
    education: Education | None = Field(
        default=None,
        description=(
            "The education level a person in this state has reached or is taken to have "
            "(forgymnasial, gymnasial, eftergymnasial): the level at which the production of "
            "a year of work is valued for this state, e.g. the production lost in a year of "
            "long-term exclusion."
        ),
    )
    absorbing: bool = Field(
        default=False, description="Once entered, never left (e.g. 'dead'); its row may be omitted."
    )


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]

RowValue = Annotated[
    FiniteFloat | Literal["rest"],
    Field(description="A number, or 'rest' for one entry per row: 1 minus the others."),
]


class TransitionUncertainty(StrictModel):
    """How uncertain a block's transition rows are, for the probabilistic analysis."""

    concentration: PositiveFloat = Field(
        description=(
            "The number of observations behind each row: every row that can be left is drawn "
            "from Dirichlet(concentration x its probabilities), so a row keeps summing to 1 "
            "and moves with variance p (1 - p) / (concentration + 1)."
        )
    )


class TransitionBlock(StrictModel):
    """Yearly transitions for one age band, given in exactly one of three forms."""

    ages: RangeText = Field(description="The ages (at the start of the year) this block covers.")
    probabilities: dict[str, dict[str, RowValue]] | None = Field(
        default=None,
        description=(
            "from-state -> to-state -> probability of moving within one year. Omitted targets are "
            "0; rows must sum to 1 (one entry per row may be 'rest')."
        ),
    )
    counts: dict[str, dict[str, FiniteFloat]] | None = Field(
        default=None,
        description=(
            "from-state -> to-state -> observed number of moves in one year; rows are normalised."
        ),
    )
    rates: dict[str, dict[str, FiniteFloat]] | None = Field(
        default=None,
        description=(
            "from-state -> to-state -> annual rate of moving; converted to probabilities with "
            "the matrix exponential."
        ),
    )
    uncertainty: TransitionUncertainty | None = Field(
        default=None,
        description=(
            "For the probabilistic analysis (--draws): {concentration: N} draws each row from a "
            "Dirichlet distribution; without it the rows are fixed."
        ),
    )
    source: Source | None = None

    _check_ages = field_validator("ages")(_check_range)

    @model_validator(mode="after")
    def _exactly_one_form(self) -> TransitionBlock:
        given = [k for k in ("probabilities", "counts", "rates") if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                f"expected exactly one of probabilities, counts or rates; found {found}"
            )
        return self


class StateCost(StrictModel):
    """A cost (or, if negative, an income) of being in or entering a state, for one payer."""

    state: Identifier | list[Identifier] = Field(description="The state or states it applies to.")
    payer: PayerId
    category: Category = Field(
        default="resource",
        description=(
            "resource: real use of resources; transfer: a benefit paid to the individual (booked "
            "as income to the recipient too); production: taxes and the value of work."
        ),
    )
    annual: MoneyValue | None = Field(default=None, description="SEK per person-year in the state.")
    on_entry: MoneyValue | None = Field(
        default=None, description="SEK once, on entering the state."
    )
    ages: RangeText | None = Field(default=None, description="Ages it applies to; default all.")
    recipient: PayerId | None = Field(
        default=None, description="For transfers: who receives it (default 'individ')."
    )
    frees: Frees | None = Field(default=None, description=FREES_DESCRIPTION)
    label: LocalText | None = None
    source: Source | None = None

    _check_ages = field_validator("ages")(_check_range)

    @model_validator(mode="after")
    def _amount(self) -> StateCost:
        if self.annual is None and self.on_entry is None:
            raise ValueError("expected 'annual', 'on_entry' or both")
        if self.recipient is not None and self.category != "transfer":
            raise ValueError("'recipient' is only for category 'transfer'")
        return self

    _frees = field_validator("frees")(lambda value, info: _check_frees(value, info))

    @property
    def frees_capacity(self) -> bool:
        """Whether avoiding this cost frees capacity rather than cash."""
        return self.frees == "capacity"


def _annual_or_education(schema: dict[str, Any]) -> None:
    """In the JSON Schema, an earnings line needs 'annual' or 'education' (or both)."""
    schema["required"] = [r for r in schema.get("required", []) if r != "annual"]
    schema["anyOf"] = [{"required": ["annual"]}, {"required": ["education"]}]


class Earnings(StrictModel):
    """The value of work (production) per person-year in a state, split by production_split.

    With ``education`` the amount is the library's value of a year of work at that level
    (``produktion.produktionsvarde_<education>``, times ``share``); ``annual`` may then be left
    out, and if given as a reference it must be to that parameter."""

    model_config = ConfigDict(json_schema_extra=_annual_or_education)

    state: Identifier | list[Identifier]
    annual: NonNegativeMoneyValue = Field(
        description=(
            "Production value per person-year: wage plus employer's contributions (SEK); "
            "taken from 'education' when left out."
        ),
    )
    education: Education | None = Field(
        default=None,
        description=(
            "The education level whose value of a year of work this line gives "
            "(produktion.produktionsvarde_<education> in the library)."
        ),
    )
    share: PositiveFloat | None = Field(
        default=None,
        description=(
            "With education and no annual: the share of a year of work at that level the "
            "state gives (e.g. part-time work while studying); default 1."
        ),
    )
    ages: RangeText | None = None
    label: LocalText | None = None
    source: Source | None = None

    _check_ages = field_validator("ages")(_check_range)

    @model_validator(mode="before")
    @classmethod
    def _annual_from_education(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "annual" in data:
            return data
        education = data.get("education")
        if education is None:
            raise ValueError("expected 'annual' or 'education'")
        if education not in EDUCATION_LEVELS:
            return data  # the field's own check names the levels
        share = data.get("share", 1.0)
        times = share if isinstance(share, float | int) and not isinstance(share, bool) else 1.0
        return {**data, "annual": {"param": value_of_work_parameter(education), "times": times}}

    @model_validator(mode="after")
    def _value_of_work(self) -> Earnings:
        if self.education is None:
            if self.share is not None:
                raise ValueError("'share' is only for a line given by 'education'")
            return self
        wanted = value_of_work_parameter(self.education)
        if isinstance(self.annual, ParamRef) and self.annual.param != wanted:
            raise ValueError(
                f"education {self.education!r} values a year of work with {wanted!r}, "
                f"found annual from {self.annual.param!r}"
            )
        return self


TaxRate = Fraction | ParamRef
"""A rate given as a fraction or taken from the library (``{param: skatt.skattesats_kommun}``)."""

TAX_RULE_RECEIVERS: dict[str, str] = {
    "individual": "individ",
    "kommun": "kommun",
    "other_kommuner": "ovriga_kommunsektorn.kommuner",
    "region": "region",
    "other_regions": "ovriga_kommunsektorn.regioner",
    "state": "stat",
}
"""The payer that receives each part of the value of work under ``tax_rules``."""


class EqualisationUnit(StrictModel):
    """The income-equalisation inputs of the kommun or the region (lag 2004:773, förordning
    2004:881); see :mod:`socinvest.core.equalisation`."""

    tax_rate: TaxRate = Field(description="The unit's own income tax rate (fraction).")
    tax_capacity: PositiveFloat | ParamRef = Field(
        description="Its uprated tax capacity as a ratio of the national mean (e.g. 0.95)."
    )
    population_share: TaxRate = Field(description="Its share of Sweden's population.")
    grant_rate: TaxRate = Field(
        description="The county rate below the guarantee (förordning 2004:881 2 §)."
    )
    fee_rate: TaxRate = Field(
        description="The county rate above the guarantee (förordning 2004:881 3 §)."
    )
    mean_rate: TaxRate = Field(
        description="The population-weighted mean applicable rate of the tier."
    )


class TaxRules(StrictModel):
    """The value of work split by the Swedish tax rules instead of fixed shares.

    Per earnings line the labour cost is split into the individual's net wage and pension
    contributions, what the kommun and the region keep after income equalisation, what the
    other kommuner and regions get through it, and the state's net (employer contributions
    less the tax credits, plus the state income tax); the kommun and region parts (and those
    of the rest of their tiers) are paid ``payment_lag_years`` after the year of work.
    """

    system: Literal["swedish"] = Field(description="The rules: 'swedish'.")
    payment_lag_years: Annotated[float, Field(ge=0, allow_inf_nan=False)] | ParamRef = Field(
        description="Years from the income year to the kommun's and region's receipts (2)."
    )
    kommun: EqualisationUnit
    region: EqualisationUnit
    guarantee: PositiveFloat | ParamRef = Field(
        description="Guaranteed tax capacity as a ratio of the mean (1.15)."
    )
    employer_contributions: TaxRate = Field(description="Employer contributions in total.")
    employer_pension_contribution: TaxRate = Field(
        description="Of which the ålderspensionsavgift, to the pension system."
    )
    general_pension_contribution: TaxRate = Field(description="Allmän pensionsavgift (0.07).")
    price_base_amount: PositiveFloat | ParamRef = Field(description="Prisbasbelopp, SEK.")
    state_tax_threshold: PositiveFloat | ParamRef = Field(description="Skiktgräns, SEK.")
    state_tax_rate: TaxRate = Field(description="State income tax above the skiktgräns.")


class LifeCourseModel(StrictModel):
    """States, yearly age-dependent transitions, costs per state and earnings."""

    states: list[StateDefinition] = Field(min_length=2)
    transitions: list[TransitionBlock] = Field(min_length=1)
    costs: list[StateCost] = Field(default_factory=list)
    earnings: list[Earnings] = Field(default_factory=list)
    price_year: int | None = Field(
        default=None,
        ge=1900,
        le=2200,
        description=(
            "The prices of the amounts written as numbers in this model's costs and earnings; "
            "they are rebased with KPI to the analysis price year. Without it they are taken "
            "to be in the analysis price year already."
        ),
    )
    groups: dict[Identifier, list[Identifier]] = Field(
        default_factory=dict,
        description=(
            "Named groups of states for reporting, e.g. long_term_exclusion: [excluded, "
            "psych_disability, criminal]."
        ),
    )
    production_split: dict[PayerId, Fraction | ParamRef] | None = Field(
        default=None,
        description=(
            "Who receives the value of work: shares by payer summing to 1, e.g. the individual's "
            "net wage and the taxes and fees of kommun, region and stat."
        ),
    )
    tax_rules: TaxRules | None = Field(
        default=None,
        description=(
            "Instead of production_split: split the value of work by the Swedish tax rules "
            "and income equalisation (see docs/scenario-format.md)."
        ),
    )
    quality_weights: dict[Identifier, FiniteFloat | ParamRef] | None = Field(
        default=None,
        description=(
            "Quality-of-life weight of a person-year in each state, for QALYs: 1 is full "
            "health, 0 is as bad as dead, in [-0.6, 1] (e.g. EQ-5D values; a library fraction "
            "with {param: id}). Every state that is not absorbing needs a weight; an absorbing "
            "state left out (such as 'dead') weighs 0."
        ),
    )


class Intake(StrictModel):
    """Children starting each year: a programme rather than one cohort."""

    per_year: float = Field(gt=0, le=MAX_CHILDREN, allow_inf_nan=False)
    years: int = Field(ge=1, le=MAX_INTAKE_YEARS)


class TargetGroup(StrictModel):
    """Who the interventions are for."""

    label: LocalText | None = None
    start_age: int = Field(ge=0, le=MAX_AGE)
    level: Literal["universal", "selective", "indicated"]
    initial_states: dict[str, Fraction] = Field(
        description="Share of the group in each state at the start; shares sum to 1."
    )
    size: float | None = Field(
        default=None,
        ge=1,
        le=MAX_CHILDREN,
        allow_inf_nan=False,
        description="One cohort of this many children (at least one).",
    )
    intake: (
        Intake
        | Annotated[
            list[Annotated[float, Field(ge=0, le=MAX_CHILDREN, allow_inf_nan=False)]],
            Field(max_length=MAX_INTAKE_YEARS),
        ]
        | None
    ) = Field(
        default=None,
        description=(
            "Instead of size: {per_year: 30, years: 5}, or a list of how many start in each "
            "year of the programme."
        ),
    )

    @model_validator(mode="after")
    def _size_or_intake(self) -> TargetGroup:
        if (self.size is None) == (self.intake is None):
            raise ValueError("expected exactly one of 'size' and 'intake'")
        if isinstance(self.intake, list) and (not self.intake or sum(self.intake) <= 0):
            raise ValueError("'intake' needs at least one year with children starting")
        return self

    def intake_sizes(self) -> list[float]:
        """Children starting in each year of the programme."""
        if self.size is not None:
            return [self.size]
        if isinstance(self.intake, Intake):
            return [self.intake.per_year] * self.intake.years
        return list(self.intake or [])


class Decay(StrictModel):
    """How an effect fades after its window ends (on the log scale of the effect).

    With ``u`` the years since the window's last year: ``linear`` gives the weight
    ``max(0, 1 - u / years)``; ``exponential`` halves it every ``years`` (``0.5 ** (u /
    years)``); ``yearly`` loses the fraction ``rate`` a year (``(1 - rate) ** u``);
    ``follow_up_ratio`` keeps the share ``ratio`` of the effect after ``years`` years, as
    WSIPP's ratio of the effect at a longer follow-up to the effect at the first one
    (``ratio ** (u / years)``).
    """

    type: Literal["none", "linear", "exponential", "yearly", "follow_up_ratio"] = "none"
    years: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description=(
            "linear: years until no effect is left; exponential: the half-life in years; "
            "follow_up_ratio: the years after which 'ratio' of the effect is left."
        ),
    )
    rate: float | None = Field(
        default=None, gt=0, le=1, allow_inf_nan=False, description="yearly: the share lost a year."
    )
    ratio: float | None = Field(
        default=None,
        ge=0,
        lt=1,
        allow_inf_nan=False,
        description="follow_up_ratio: the share of the effect left after 'years' years.",
    )
    source: Source | None = None

    @model_validator(mode="after")
    def _years(self) -> Decay:
        needs = {
            "none": set(),
            "linear": {"years"},
            "exponential": {"years"},
            "yearly": {"rate"},
            "follow_up_ratio": {"years", "ratio"},
        }[self.type]
        given = {k for k in ("years", "rate", "ratio") if getattr(self, k) is not None}
        if missing := sorted(needs - given):
            raise ValueError(f"decay type {self.type!r} needs {', '.join(missing)}")
        if extra := sorted(given - needs):
            raise ValueError(f"decay type {self.type!r} does not take {', '.join(extra)}")
        return self


StudyMeasure = Literal["smd", "odds_ratio", "relative_risk", "risk_difference"]


class StudyEffect(StrictModel):
    """An effect as the study reports it, with its uncertainty; converted to the model's scale
    by :mod:`socinvest.core.effect_sizes` (Chinn 2000 for a standardised mean difference).

    The measure is of the named transitions: a positive ``smd`` or ``risk_difference``, or a
    ratio above 1, means more of them. With ``reverse: true`` the study's outcome is the
    opposite of the transitions (e.g. a fall in conduct problems, SMD -0.44, applied to moves
    from at_risk to on_track): the log effect and its interval are negated.
    """

    measure: StudyMeasure = Field(
        description=(
            "smd: standardised mean difference (Cohen's d or Hedges' g); odds_ratio; "
            "relative_risk; risk_difference (needs baseline_risk)."
        )
    )
    value: float = Field(allow_inf_nan=False, description="The point estimate as reported.")
    ci95: list[Annotated[float, Field(allow_inf_nan=False)]] | None = Field(
        default=None, min_length=2, max_length=2, description="The reported 95% interval."
    )
    se: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="Standard error (of d or of the risk difference; of the log for a ratio).",
    )
    baseline_risk: float | None = Field(
        default=None,
        gt=0,
        lt=1,
        allow_inf_nan=False,
        description="risk_difference: the comparison group's risk, to convert to an odds ratio.",
    )
    reverse: bool = Field(
        default=False,
        description="True when the study's outcome is the opposite of the named transitions.",
    )
    studies: int | None = Field(default=None, ge=1, description="Number of studies pooled.")
    participants: int | None = Field(default=None, ge=1, description="Number of participants.")
    follow_up_years: float | None = Field(
        default=None, gt=0, allow_inf_nan=False, description="The studies' follow-up in years."
    )
    comparison: str | None = Field(
        default=None, description="What the studies compared with, e.g. 'wait-list'."
    )
    source: Source | None = None
    used: RatioValue | None = Field(
        default=None,
        description=(
            "Filled in by socinvest when the scenario is resolved (the converted ratio); "
            "leave it out."
        ),
    )

    @model_validator(mode="after")
    def _consistent(self) -> StudyEffect:
        if self.ci95 is not None and self.se is not None:
            raise ValueError("give the uncertainty as 'ci95' or 'se', not both")
        if (self.measure == "risk_difference") != (self.baseline_risk is not None):
            raise ValueError("'baseline_risk' is needed for a risk_difference and only for it")
        if self.ci95 is not None:
            low, high = self.ci95
            if not low < self.value < high:
                raise ValueError(
                    f"expected the value inside its 95% interval, found {self.value} and "
                    f"[{low}, {high}]"
                )
        if self.measure in ("odds_ratio", "relative_risk"):
            ends = self.ci95 or []
            if not self.value > 0 or any(x <= 0 for x in ends):
                raise ValueError(f"the {self.measure} and its interval must be positive")
        return self

    @property
    def scale(self) -> Literal["odds_ratio", "relative_risk"]:
        """The model's scale for this measure: relative risk stays one, the rest become odds
        ratios."""
        return "relative_risk" if self.measure == "relative_risk" else "odds_ratio"


AdjustmentFactor = Annotated[
    float,
    Field(ge=0, le=1, allow_inf_nan=False, description="Multiplier on the log of the effect."),
]


AdjustmentValue = Annotated[
    Annotated[AdjustmentFactor, Tag("Number")]
    | Annotated[ParamRef, Tag("ParamRef")]
    | Annotated[Uncertain, Tag("Uncertain")],
    _FORMS,
]


class Adjustment(StrictModel):
    """A factor on the log of an effect, as WSIPP adjusts effect sizes for research design,
    researcher involvement and the comparison condition (WSIPP, *Benefit-Cost Technical
    Documentation*, chapter 2): 1 changes nothing, 0.5 halves the log effect."""

    id: Identifier
    label: LocalText | None = None
    factor: AdjustmentValue
    source: Source | None = None
    note: LocalText | None = None


class Effect(StrictModel):
    """An effect on named transitions: a relative risk or an odds ratio over a window."""

    from_states: Identifier | list[Identifier] = Field(alias="from")
    to_states: Identifier | list[Identifier] = Field(alias="to")
    relative_risk: RatioValue | None = None
    odds_ratio: RatioValue | None = None
    study: StudyEffect | None = Field(
        default=None,
        description=(
            "The effect as the study reports it (d, odds ratio, relative risk or risk "
            "difference with its interval), instead of relative_risk or odds_ratio."
        ),
    )
    inverse: bool = Field(
        default=False,
        description=(
            "Apply the inverse of the ratio (1 / ratio): e.g. fewer moves to dropping out by the "
            "same odds ratio as more moves to completing, one drawn figure for both."
        ),
    )
    adjustments: list[Adjustment] = Field(
        default_factory=list,
        description=(
            "Factors on the log of the effect (WSIPP's adjustments for design, researcher "
            "involvement, comparison condition), each with its source; drawn when uncertain."
        ),
    )
    ages: RangeText | None = None
    years: RangeText | None = Field(
        default=None, description="Years since the participant started; year 0 is the first."
    )
    decay: Decay = Field(default_factory=Decay)
    complement: Literal["proportional", "stay"] = Field(
        default="proportional",
        description=(
            "Where the probability the effect frees (or takes) goes: shared by the row's other "
            "transitions in proportion ('proportional'), or to staying in the same state ('stay')."
        ),
    )
    start_age_effects: dict[int, Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None = Field(
        default=None,
        description=(
            "How the effect depends on the target group's start age: {age: multiplier}, "
            "the multiplier applied to the log of the effect (1: as given, 0: no effect). "
            "Between two listed ages linear, outside them the nearest listed age; absent: 1."
        ),
    )
    source: Source | None = None
    note: str | None = None

    _check = field_validator("ages", "years")(_check_range)

    @property
    def kind(self) -> Literal["relative_risk", "odds_ratio"]:
        """The model's scale of the effect."""
        if self.study is not None:
            return self.study.scale
        return "relative_risk" if self.relative_risk is not None else "odds_ratio"

    def ratio(self) -> float:
        """The resolved ratio used (relative risk or odds ratio)."""
        if self.study is not None:
            if self.study.used is None:
                raise TypeError("the study effect has not been converted; resolve the scenario")
            return numeric(self.study.used)
        return numeric(
            self.relative_risk if self.relative_risk is not None else self.odds_ratio or 1.0
        )

    def adjustment_product(self) -> float:
        """The product of the resolved adjustment factors (1 without adjustments), negated for
        an ``inverse`` effect."""
        product = -1.0 if self.inverse else 1.0
        for adjustment in self.adjustments:
            product *= numeric(adjustment.factor)
        return product

    def start_age_multiplier(self, start_age: int) -> float:
        """The multiplier of the log of the effect at ``start_age`` (see
        ``start_age_effects``)."""
        if not self.start_age_effects:
            return 1.0
        points = sorted(self.start_age_effects.items())
        if start_age <= points[0][0]:
            return points[0][1]
        for (a0, m0), (a1, m1) in pairwise(points):
            if start_age <= a1:
                return m0 + (m1 - m0) * (start_age - a0) / (a1 - a0)
        return points[-1][1]

    @model_validator(mode="after")
    def _one_measure(self) -> Effect:
        given = [
            k for k in ("relative_risk", "odds_ratio", "study") if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError("expected exactly one of 'relative_risk', 'odds_ratio' and 'study'")
        ids = [a.id for a in self.adjustments]
        if len(set(ids)) != len(ids):
            raise ValueError("each adjustment needs its own id")
        if self.ages is not None and self.years is not None:
            raise ValueError("give the window by 'ages' or by 'years', not both")
        return self


class InterventionCost(StrictModel):
    """What an intervention costs one payer."""

    payer: PayerId
    category: Category = "resource"
    fixed_per_year: NonNegativeMoneyValue | None = Field(
        default=None,
        description="SEK each year of the programme, whatever the number of children.",
    )
    per_participant: NonNegativeMoneyValue | None = Field(
        default=None, description="SEK once per participant, at the start."
    )
    per_participant_year: NonNegativeMoneyValue | None = Field(
        default=None,
        description="SEK per participant-year while the participant is in one of 'states'.",
    )
    years: RangeText | None = Field(
        default=None,
        description=(
            "fixed_per_year: programme years (0 is the start year; default the intake years); "
            "per_participant_year: years since the participant started (default 0)."
        ),
    )
    states: list[Identifier] | None = Field(
        default=None, description="States in which per-participant costs apply; default eligible."
    )
    recipient: PayerId | None = Field(
        default=None, description="For transfers: who receives it (default 'individ')."
    )
    frees: Frees | None = Field(
        default=None,
        description=(
            "Whether this cost is cash paid out ('cash': fees, purchased services, new staff) "
            "or the time of staff who are there anyway ('capacity'); default cash."
        ),
    )
    label: LocalText | None = None
    source: Source | None = None

    _check = field_validator("years")(_check_range)

    @property
    def frees_capacity(self) -> bool:
        """Whether this cost is capacity (staff time) rather than cash."""
        return self.frees == "capacity"

    @model_validator(mode="after")
    def _amount(self) -> InterventionCost:
        given = [
            k
            for k in ("fixed_per_year", "per_participant", "per_participant_year")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                "expected exactly one of fixed_per_year, per_participant, per_participant_year; "
                f"found {found}"
            )
        if self.per_participant is not None and self.years is not None:
            raise ValueError("'years' does not apply to per_participant (paid once, at the start)")
        if self.fixed_per_year is not None and self.states is not None:
            raise ValueError("'states' does not apply to fixed_per_year")
        if self.recipient is not None and self.category != "transfer":
            raise ValueError("'recipient' is only for category 'transfer'")
        return self

    _frees = field_validator("frees")(lambda value, info: _check_frees(value, info))


def _check_frees(frees: str | None, info: ValidationInfo) -> str | None:
    """Only a resource can be capacity: a transfer or a tax is money paid. (``category`` is
    declared before ``frees``, so it is known here.)"""
    category = info.data.get("category", "resource")
    if frees == "capacity" and category != "resource":
        raise ValueError(
            f"frees: capacity is only for category 'resource' (staff time); a {category} is "
            "money paid, so it is cash"
        )
    return frees


class Confidence(StrictModel):
    """Confidence grades of an intervention's data (1 best, 5 weakest), which choose the
    optimism-bias adjustment of ``analysis.optimism_bias``."""

    costs: ConfidenceGrade | None = Field(default=None, description="Grade of the cost data.")
    effects: ConfidenceGrade | None = Field(
        default=None, description="Grade of the evidence for the effects."
    )


class Evidence(StrictModel):
    """How strong the evidence for the effects is."""

    grade: str | None = Field(default=None, description="E.g. GRADE 'moderate' or 'illustrative'.")
    illustrative: bool = Field(
        default=False,
        description=(
            "True when the effect sizes are illustrative: not measured for this use in a study."
        ),
    )
    sources: list[Source] = Field(default_factory=list)
    note: LocalText | None = None


class Intervention(StrictModel):
    """An intervention (insats): its costs and its effects on transitions."""

    id: Identifier
    label: LocalText | None = None
    description: LocalText | None = None
    eligible_states: list[Identifier] | None = Field(
        default=None,
        description="States whose members take part; default every state of the initial mix.",
    )
    participation: Fraction | None = Field(
        default=None,
        description=(
            "Share of those offered (the target group in its eligible states) who take part, "
            "for counting participants; the costs and effects are entered as they apply to "
            "the whole group offered. Default: all offered take part."
        ),
    )
    costs: list[InterventionCost] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    evidence: Evidence | None = None
    confidence: Confidence | None = Field(
        default=None,
        description=(
            "Confidence grades {costs: 1-5, effects: 1-5} for the optimism-bias adjustment "
            "(analysis.optimism_bias)."
        ),
    )


class Alternative(StrictModel):
    """An alternative: a set of interventions. One alternative is the comparison."""

    id: Identifier
    label: LocalText | None = None
    comparison: bool = Field(
        default=False, description="True for the comparison alternative ('as today')."
    )
    interventions: list[Identifier] = Field(default_factory=list)


class Horizon(StrictModel):
    """How long to follow the children: a number of years, or until an age."""

    years: int | None = Field(default=None, ge=1, le=MAX_AGE)
    age: int | None = Field(default=None, ge=1, le=MAX_AGE)

    @model_validator(mode="after")
    def _one(self) -> Horizon:
        if (self.years is None) == (self.age is None):
            raise ValueError("expected exactly one of 'years' and 'age'")
        return self


DEFAULT_DISCOUNT_RATE = 0.035
"""Default discount rate for money and outcomes: 3.5 %, the real social discount rate of the
Swedish cost-benefit guidelines (ASEK, Trafikverket), the cross-sector rate for social
investment; the library's ``diskontering.ranta``. TLV's 3 % for health-economic evaluations is
``diskontering.ranta_tlv``; 4 % is ``diskontering.ranta_myndigheter``."""


class RankCorrelation(StrictModel):
    """A Spearman rank correlation between two uncertain parameters."""

    parameters: list[ParameterId] = Field(min_length=2, max_length=2)
    spearman: float = Field(gt=-1, lt=1, allow_inf_nan=False)

    @model_validator(mode="after")
    def _two(self) -> RankCorrelation:
        if self.parameters[0] == self.parameters[1]:
            raise ValueError("a correlation needs two different parameters")
        return self


GradeFractions = Annotated[
    Fraction | dict[ConfidenceGrade, Fraction],
    Field(
        description=(
            "One fraction for every intervention, or {grade: fraction} by the intervention's "
            "confidence grade (1 to 5)."
        )
    ),
]


class OptimismBias(StrictModel):
    """An optimism-bias adjustment (HM Treasury, *The Green Book*, paragraphs 5.43-5.46 and its
    supplementary guidance on optimism bias): the intervention costs raised and its effects
    lowered by a fraction, by the confidence grade of the data as the Greater Manchester
    model grades it. socinvest ships no default fractions (none was read in a source): give
    them with their source."""

    costs: GradeFractions | None = Field(
        default=None,
        description="Uplift of the intervention costs: 0.2 raises them by 20 %.",
    )
    effects: GradeFractions | None = Field(
        default=None,
        description=(
            "Haircut of the effects: 0.3 multiplies the log of each effect by 0.7 (an evidence "
            "adjustment named optimism_bias)."
        ),
    )
    source: Source | None = Field(default=None, description="Where the fractions come from.")

    @model_validator(mode="after")
    def _something(self) -> OptimismBias:
        if self.costs is None and self.effects is None:
            raise ValueError("expected 'costs', 'effects' or both")
        return self

    def fraction(self, part: Literal["costs", "effects"], grade: int | None) -> float | None:
        """The fraction for ``part`` at ``grade``; ``None`` when this part is not adjusted.

        Raises
        ------
        ValueError
            When the fractions are given by grade and ``grade`` is missing or not listed.
        """
        given = self.costs if part == "costs" else self.effects
        if given is None:
            return None
        if isinstance(given, float | int):
            return float(given)
        if grade is None:
            raise ValueError(
                f"optimism_bias.{part} is given by confidence grade; the intervention needs "
                f"confidence: {{{part}: 1-5}}"
            )
        if grade not in given:
            listed = ", ".join(str(g) for g in sorted(given))
            raise ValueError(
                f"optimism_bias.{part} has no fraction for confidence grade {grade}; "
                f"listed grades: {listed}"
            )
        return float(given[grade])


class CouncilTermSettings(StrictModel):
    """The Swedish election cycle: general elections (riksdag, regions and municipalities) on
    the second Sunday of September every four years (vallagen 2005:837, 1 kap. 3 §; 2022,
    2026, 2030 ...); the council elected in year E adopts the budgets of the years E+1 to
    E+4 (kommunallagen 2017:725: the councillors are elected for four years from 15 October
    of the election year, and the budget is adopted before the end of November)."""

    election_year: int = Field(
        default=2026,
        ge=1900,
        le=2200,
        description="Any general election year of the cycle (2022, 2026, 2030 ...).",
    )
    years: int = Field(default=4, ge=1, le=10, description="Years between elections.")


class AnalysisSettings(StrictModel):
    """How to analyse: years, prices, discounting and the timing convention."""

    start_year: int = Field(default=2026, ge=1900, le=2200)
    price_year: int = Field(
        default=2024,
        ge=1900,
        le=2200,
        description="Money is shown in this year's prices (rebased with KPI).",
    )
    horizon: Horizon = Field(default_factory=lambda: Horizon(age=65))
    discount_rate: Rate | ParamRef = Field(
        default=DEFAULT_DISCOUNT_RATE,
        description=(
            "Annual rate for money, as a fraction (default 0.035 = 3.5 %, ASEK's real rate; "
            "TLV's 3 %: {param: diskontering.ranta_tlv})."
        ),
    )
    outcome_discount_rate: Rate | ParamRef = Field(
        default=DEFAULT_DISCOUNT_RATE,
        description="Annual rate for human outcomes (person-years), as a fraction.",
    )
    timing: Literal["start", "end", "mid"] = Field(
        default="start",
        description=(
            "start: occupancy at the start of each year, discounted from year 0; end: after each "
            "year's transitions, discounted from year 1; mid: half-cycle correction."
        ),
    )
    term_of_office: int = Field(
        default=4,
        ge=1,
        le=50,
        description=(
            "Years counted from the start year for the 'first years' figures (the NPV of the "
            "first N years). Not the council term: that is council_term, by election year."
        ),
    )
    council_term: CouncilTermSettings = Field(
        default_factory=lambda: CouncilTermSettings(),
        description=(
            "The council terms (mandatperioder): general elections every 'years' years in "
            "September from 'election_year'; a term elected in year E has the budget years "
            "E+1 to E+years."
        ),
    )
    seed: int = Field(default=1, ge=0)
    value_per_qaly: NonNegativeMoney | None = Field(
        default=None,
        description=(
            "SEK per QALY gained, for a separate welfare figure (socio-economic NPV plus this "
            "value of the QALYs gained); never part of the budget, public-finances or "
            "socio-economic figures. Give its source in value_per_qaly_source; without one it "
            "is shown as an assumption."
        ),
    )
    value_per_qaly_source: Source | None = Field(
        default=None, description="Where value_per_qaly comes from."
    )
    optimism_bias: OptimismBias | None = Field(
        default=None,
        description=(
            "Optional optimism-bias adjustment: {costs: ..., effects: ..., source: ...}, each "
            "a fraction or {grade: fraction} by the interventions' confidence grades."
        ),
    )
    mcpf: float = Field(
        default=0.0,
        ge=0,
        le=2,
        allow_inf_nan=False,
        description=(
            "Marginal cost of public funds as a fraction (0.3: each krona of net public "
            "spending costs society 1.3 kronor); 0 (the default) leaves it out. Shown as its "
            "own perspective beside the socio-economic one, never mixed into it. Give its "
            "source in mcpf_source; without one it is shown as an assumption."
        ),
    )
    mcpf_source: Source | None = Field(default=None, description="Where mcpf comes from.")
    correlations: list[RankCorrelation] = Field(
        default_factory=list,
        description=(
            "Rank correlations between uncertain library parameters for the probabilistic "
            "analysis (Iman-Conover), e.g. {parameters: [a, b], spearman: 0.5}."
        ),
    )

    def correlation_pairs(self) -> dict[tuple[str, str], float]:
        """The correlations as ``{(id_a, id_b): rho}``."""
        return {(c.parameters[0], c.parameters[1]): c.spearman for c in self.correlations}


MAX_DURATION_YEARS = 50
"""The longest time in a state a duration effect may count."""


class AttributeEffect(StrictModel):
    """How one level of an individual attribute shifts named transitions: an odds ratio on
    the moves ``from`` -> ``to`` against the attribute's first level (the reference)."""

    level: Identifier = Field(description="The level the odds ratio applies to.")
    from_states: Identifier | list[Identifier] = Field(alias="from")
    to_states: Identifier | list[Identifier] = Field(alias="to")
    odds_ratio: RatioValue = Field(
        description="Odds ratio of these moves for persons of this level (1: no difference)."
    )
    source: Source | None = None
    note: str | None = None


class IndividualAttribute(StrictModel):
    """An attribute of each person (sex, parents' education, an earlier placement), drawn
    from its level shares; only the individual engine reads it."""

    id: Identifier
    label: LocalText | None = None
    levels: dict[Identifier, Fraction] = Field(
        min_length=1,
        description=(
            "Share of the target group at each level, summing to 1; the first level is the "
            "reference the odds ratios compare with."
        ),
    )
    source: Source | None = Field(default=None, description="Where the shares come from.")
    effects: list[AttributeEffect] = Field(default_factory=list)


class DurationEffect(StrictModel):
    """Time spent in a state as a covariate: the odds of leaving ``state`` for ``to`` are
    multiplied by ``odds_ratio_per_year`` for every whole year already spent in it, up to
    ``max_years`` (e.g. below 1: the longer out of work, the harder to leave)."""

    state: Identifier
    to_states: Identifier | list[Identifier] | None = Field(
        default=None, alias="to", description="Target states (default: every other state)."
    )
    odds_ratio_per_year: RatioValue
    max_years: int = Field(default=10, ge=1, le=MAX_DURATION_YEARS)
    source: Source | None = None
    note: str | None = None


class Individuals(StrictModel):
    """Heterogeneity between persons, for the individual-level engine
    (``socinvest run --engine individual``); the cohort engine ignores it."""

    attributes: list[IndividualAttribute] = Field(default_factory=list)
    duration: list[DurationEffect] = Field(default_factory=list)


MODELS_DIR = ("data", "models")


def _model_or_reference(schema: dict[str, Any]) -> None:
    """In the JSON Schema, 'model' is a written-out model or {use: NAME} of a shipped one."""
    written = {k: schema.pop(k) for k in ("$ref", "allOf", "type", "properties") if k in schema}
    reference = {
        "type": "object",
        "properties": {"use": {"type": "string", "enum": shipped_model_names()}},
        "required": ["use"],
        "additionalProperties": False,
    }
    schema["anyOf"] = [written, reference]


def shipped_model_names() -> list[str]:
    """Names of the life-course models shipped with socinvest."""
    folder = resources.files("socinvest").joinpath(*MODELS_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def shipped_model(name: object) -> object:
    """The data of a shipped life-course model (``model: {use: NAME}``)."""
    names = shipped_model_names()
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"no shipped model called {name!r}; expected one of: {', '.join(names)}")
    return copy.deepcopy(_shipped_model_data(name))


@functools.lru_cache(maxsize=8)
def _shipped_model_data(name: str) -> object:
    """The parsed YAML of a shipped model, read once per process (callers get a copy)."""
    ref = resources.files("socinvest").joinpath(*MODELS_DIR, f"{name}.yaml")
    raw = ref.read_bytes()
    key = cache_key("model", [(str(ref), raw)], modules=["socinvest.params.yaml_source"])
    return cached(key, lambda: parse_yaml(raw.decode("utf-8"), str(ref))[0])


class Scenario(StrictModel):
    """A socinvest scenario."""

    socinvest: Literal[1] = Field(default=1, description="Scenario format version.")
    id: Identifier
    title: LocalText
    description: LocalText | None = None
    payers: list[PayerDefinition] = Field(
        default_factory=list, description="Payers added to the default Swedish payer tree."
    )
    model: LifeCourseModel = Field(
        description=(
            "The life-course model, written out, or {use: NAME} for a shipped model such as "
            "the default Swedish one ({use: sverige})."
        ),
        json_schema_extra=_model_or_reference,
    )
    target_group: TargetGroup
    interventions: list[Intervention] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(min_length=2)
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    individuals: Individuals | None = Field(
        default=None,
        description=(
            "Individual attributes and time-in-state effects for the individual-level engine "
            "(ignored by the cohort engine)."
        ),
    )

    @field_validator("model", mode="before")
    @classmethod
    def _shipped_model(cls, value: object) -> object:
        if isinstance(value, dict) and set(value) == {"use"}:
            return shipped_model(value["use"])
        return value

    parameters: dict[ParameterId, ParameterOverride] = Field(
        default_factory=dict,
        description=(
            "Local values for library parameters (or new parameters), each with its own source: "
            "the same form as a --params file."
        ),
    )
