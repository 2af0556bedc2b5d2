"""Scenario values taken from the parameter library: finding, checking and resolving them.

A scenario may give a number or ``{param: id, times: k}``. References are checked when the
scenario is loaded (the id exists, its unit fits the field, its money can be rebased to the
price year) so errors carry file and line; :func:`resolve_scenario` then replaces every
reference by its value in the analysis price year and reports the parameters used.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from socinvest.core.distributions import correlation_matrix
from socinvest.i18n import N_
from socinvest.params.errors import InputError, Message, Problem
from socinvest.params.library import (
    DEFAULT_INDEX,
    ParameterLibrary,
    ResolvedParameter,
    default_library,
)
from socinvest.params.units import unit_fits
from socinvest.params.yaml_source import format_path
from socinvest.scenario.inline import (
    LEAVES,
    USED,
    field_keys,
    inline_id,
    inline_parameters,
    inline_values,
)
from socinvest.scenario.model import ParamRef, Scenario, StudyEffect, Uncertain
from socinvest.scenario.validate import OPTIMISM_BIAS_ADJUSTMENT

Path = tuple[str | int, ...]
T = TypeVar("T")

FIELD_USE: dict[str, str] = {
    "annual": "annual",
    "on_entry": "once",
    "fixed_per_year": "annual",
    "per_participant": "once",
    "per_participant_year": "annual",
    "relative_risk": "ratio",
    "odds_ratio": "ratio",
    "odds_ratio_per_year": "ratio",
    "used": "ratio",
    "factor": "adjustment",
    "discount_rate": "fraction",
    "outcome_discount_rate": "fraction",
}
"""What each field that may refer to a parameter needs (see ``params.units.unit_fits``)."""

TAX_RULE_NON_FRACTIONS = frozenset(
    {"tax_capacity", "guarantee", "price_base_amount", "state_tax_threshold", "payment_lag_years"}
)
"""Fields of ``model.tax_rules`` that are not fractions (ratios, SEK amounts, years): any unit
(the rules are held fixed in a probabilistic analysis, so they are never drawn as money)."""

USE_TEXT = {
    "annual": N_("an amount per year (SEK/year, or a daily or monthly amount with 'times')"),
    "once": N_("an amount (SEK, or a daily or monthly amount with 'times')"),
    "fraction": N_("a fraction"),
    "ratio": N_("a ratio (relative risk or odds ratio)"),
    "adjustment": N_("a factor between 0 and 1 (a fraction)"),
}


def _walk(value: Any, path: Path) -> Iterator[tuple[Path, ParamRef]]:
    if isinstance(value, ParamRef):
        yield path, value
    elif isinstance(value, Uncertain):
        yield path, ParamRef(param=inline_id(path))
    elif isinstance(value, StudyEffect):
        if value.used is None or isinstance(value.used, ParamRef | Uncertain):
            yield (*path, USED), ParamRef(param=inline_id(path))
    elif isinstance(value, BaseModel):
        for name, key in field_keys(type(value)):
            item = getattr(value, name)
            if not isinstance(item, LEAVES):
                yield from _walk(item, (*path, key))
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, LEAVES):
                yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, LEAVES):
                yield from _walk(item, (*path, i))


def references(scenario: Scenario) -> list[tuple[Path, ParamRef, str]]:
    """Every reference in the scenario with its path and the use its field needs."""
    out = []
    for path, ref in _walk(scenario, ()):
        if path[:2] in (("model", "production_split"), ("model", "quality_weights")):
            use = "fraction"
        elif path[:2] == ("model", "tax_rules"):
            use = "any" if path[-1] in TAX_RULE_NON_FRACTIONS else "fraction"
        else:
            use = next((FIELD_USE[p] for p in reversed(path) if p in FIELD_USE), "any")
        out.append((path, ref, use))
    return out


def library_for(
    scenario: Scenario, base: ParameterLibrary | None = None, source: str | None = None
) -> ParameterLibrary:
    """The library a scenario runs with: ``base`` (default: the shipped Swedish library, plus
    any ``--params`` file already applied) with the scenario's own ``parameters:`` on top.

    Raises
    ------
    InputError
        If the scenario's own parameters are not valid; fields are prefixed with
        ``parameters.`` and the source is ``source`` (the scenario file) when given.

    Notes
    -----
    Within :func:`memoised_resolution` the library made before for the same arguments.
    """
    library = base if base is not None else default_library()
    memo = _MEMO.get()
    if memo is None:
        return _library_for(scenario, library, source)
    return memo.get(
        "library_for", (scenario, library), source, lambda: _library_for(scenario, library, source)
    )


def _library_for(
    scenario: Scenario, library: ParameterLibrary, source: str | None
) -> ParameterLibrary:
    """:func:`library_for` without the memo."""
    origin = source or f"scenario '{scenario.id}'"
    library = _with_inline(scenario, library, origin)
    if not scenario.parameters:
        return library
    try:
        return library.with_overrides(scenario.parameters, origin)
    except InputError as exc:
        raise InputError(
            origin,
            [
                Problem(
                    f"parameters.{p.field}",
                    p.message,
                    p.line,
                    ("parameters", *p.path),
                    p.template,
                    p.args,
                )
                for p in exc.problems
            ],
        ) from None


def _with_inline(scenario: Scenario, library: ParameterLibrary, origin: str) -> ParameterLibrary:
    """``library`` with the parameters of the scenario's inline values (see
    :mod:`socinvest.scenario.inline`).

    Raises
    ------
    InputError
        If an inline value cannot be made a parameter; the problem names its field.
    """
    found = list(inline_values(scenario))
    if not found:
        return library
    uses = {path: use for path, _ref, use in references(scenario)}
    try:
        overrides = inline_parameters(scenario, uses)
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        path = next((p for p, _v in found if format_path(p) == field), ())
        raise InputError(origin, [Problem(field, message, path=path)]) from None
    paths = {inline_id(p): p for p, _v in found}
    try:
        return library.with_overrides(overrides, origin)
    except InputError as exc:
        problems = []
        for p in exc.problems:
            pid = p.path[0] if p.path else ""
            where = paths.get(str(pid), ())
            problems.append(Problem(format_path(where), p.message, None, where, p.template, p.args))
        raise InputError(origin, problems) from None


def check_references(scenario: Scenario, library: ParameterLibrary) -> list[Problem]:
    """Unknown ids, units that do not fit, money that cannot be rebased."""
    problems: list[Problem] = []
    settings = scenario.analysis
    when = dt.date(settings.start_year, 1, 1)
    for path, value in inline_values(scenario):
        if isinstance(value, StudyEffect) and value.used is not None:
            used: Path = (*path, USED)
            problems.append(
                Problem.of(
                    format_path(used),
                    N_("this field is filled in by socinvest (the converted ratio); leave it out"),
                    path=used,
                )
            )
    try:
        inline_factor(scenario, library)
    except ValueError as exc:
        year_path: Path = ("model", "price_year")
        problems.append(Problem(format_path(year_path), str(exc), path=year_path))
    refs = references(scenario)
    for path, ref, use in refs:
        where = (*path, "param")
        if ref.param not in library:
            close = [i for i in library.ids if i.split(".")[-1] == ref.param.split(".")[-1]]
            if close:
                problems.append(
                    Problem.of(
                        format_path(where),
                        N_("unknown parameter {id}; did you mean {close}?"),
                        path=where,
                        id=repr(ref.param),
                        close=repr(close[0]),
                    )
                )
            else:
                problems.append(
                    Problem.of(
                        format_path(where),
                        N_("unknown parameter {id} ('socinvest params' lists them)"),
                        path=where,
                        id=repr(ref.param),
                    )
                )
            continue
        parameter = library.parameters[ref.param]
        has_times = "times" in ref.model_fields_set
        if not unit_fits(use, parameter.unit, has_times):
            problems.append(
                Problem.of(
                    format_path(where),
                    N_("parameter {id} is in {unit}; this field needs {needs}"),
                    path=where,
                    id=repr(ref.param),
                    unit=parameter.unit,
                    needs=Message.of(USE_TEXT.get(use, use)),
                )
            )
            continue
        try:
            library.resolve(ref.param, settings.price_year, when)
        except ValueError as exc:
            problems.append(Problem(format_path(where), str(exc), path=where))
    problems += _check_split(scenario, library, when)
    problems += _check_correlations(scenario, library, {r.param for _p, r, _u in refs})
    return problems


def _check_correlations(
    scenario: Scenario, library: ParameterLibrary, used: set[str]
) -> list[Problem]:
    """Correlated parameters must be used by the scenario and uncertain; the matrix must be a
    valid correlation matrix."""
    problems: list[Problem] = []
    for i, c in enumerate(scenario.analysis.correlations):
        for pid in c.parameters:
            where: Path = ("analysis", "correlations", i, "parameters")
            fixed = pid in library and library.parameters[pid].uncertainty.distribution == "fixed"
            if pid not in used or fixed:
                problems.append(
                    Problem.of(
                        format_path(where),
                        N_(
                            "parameter {id} is not an uncertain parameter the scenario uses; "
                            "only those can be correlated"
                        ),
                        path=where,
                        id=repr(pid),
                    )
                )
    if problems or not scenario.analysis.correlations:
        return problems
    pairs = scenario.analysis.correlation_pairs()
    ids = sorted({pid for pair in pairs for pid in pair})
    try:
        correlation_matrix(ids, pairs)
    except ValueError as exc:
        where = ("analysis", "correlations")
        problems.append(Problem(format_path(where), str(exc), path=where))
    return problems


def _check_split(scenario: Scenario, library: ParameterLibrary, when: dt.date) -> list[Problem]:
    """Production shares taken (partly) from the library must still sum to one."""
    split = scenario.model.production_split or {}
    if not any(isinstance(v, ParamRef) for v in split.values()):
        return []  # all numbers: checked with the rest of the scenario
    total = 0.0
    for value in split.values():
        if isinstance(value, ParamRef):
            if value.param not in library:
                return []  # reported above
            resolved = library.resolve(value.param, scenario.analysis.price_year, when)
            total += resolved.value * value.times
        else:
            total += value
    if abs(total - 1.0) <= 1e-9:
        return []
    where: Path = ("model", "production_split")
    return [
        Problem.of(
            format_path(where),
            N_("expected shares summing to 1, found {total}"),
            path=where,
            total=f"{total:.10g}",
        )
    ]


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with every reference replaced by its number, and the parameters used.

    ``inline_factor`` is the KPI factor applied to the model's inline amounts (1 when the
    model has no ``price_year`` or it is the analysis price year).
    """

    scenario: Scenario
    parameters: dict[str, ResolvedParameter]
    inline_factor: float = 1.0


def resolve_scenario(scenario: Scenario, library: ParameterLibrary) -> ResolvedScenario:
    """Replace each ``{param, times}`` by ``value * times`` in the analysis price year.

    The scenario is assumed checked (:func:`check_references`, and
    :func:`resolved_scenario_data` validated, as loading a scenario does); an unknown id
    raises KeyError. The parameters of the scenario's inline values are added to ``library``
    when it lacks them (a library not made by :func:`library_for`). Within
    :func:`memoised_resolution` the resolution made before for the same arguments.
    """
    memo = _MEMO.get()
    if memo is None:
        return _resolve_scenario(scenario, library)
    return memo.get(
        "resolve_scenario", (scenario, library), None, lambda: _resolve_scenario(scenario, library)
    )


def _resolve_scenario(scenario: Scenario, library: ParameterLibrary) -> ResolvedScenario:
    """:func:`resolve_scenario` without the memo."""
    data, used, factor = resolved_scenario_data(scenario, library)
    return ResolvedScenario(Scenario.model_validate(data), used, factor)


@dataclass(frozen=True)
class PinnableScenario:
    """A scenario resolved once, from which the resolution with some parameters pinned to
    other values (the one-way analyses: the tornado) is made without walking and resolving
    the scenario again.

    ``resolve(pinned)`` equals ``resolve_scenario(scenario, library')`` where ``library'`` is
    ``library`` with the parameters of ``pinned`` resolving to the given values (in the
    analysis price year; :class:`socinvest.analysis.sensitivity.PinnedLibrary`): a reference
    ``{param: id, times: k}`` to a pinned id becomes ``float(value) * k``, as
    :func:`resolved_scenario_data` computes it, and every other value is the one resolved
    here. Nothing else in the resolution depends on a parameter's value (the inline KPI
    factor and the optimism-bias adjustments do not), so the result is the same, bit for bit
    (tested on every parameter of every example).

    Attributes
    ----------
    data : dict
        The resolved data (:func:`resolved_scenario_data`); never changed.
    parameters : dict
        The parameters used, by id.
    inline_factor : float
    places : dict
        For each parameter id, the paths that refer to it and their ``times``.
    scenario : Scenario
        ``data`` validated: the resolved scenario with nothing pinned, of which a pinned
        one is a copy with the models holding a pinned value validated again
        (:func:`validated_with`; the rest is shared, and none of it is changed).
    """

    data: dict[str, Any]
    parameters: dict[str, ResolvedParameter]
    inline_factor: float
    places: dict[str, list[tuple[Path, float]]]
    scenario: Scenario

    @classmethod
    def of(cls, scenario: Scenario, library: ParameterLibrary) -> PinnableScenario:
        """Resolve ``scenario`` with ``library`` (see :func:`resolve_scenario`)."""
        data, used, factor = resolved_scenario_data(scenario, library)
        places: dict[str, list[tuple[Path, float]]] = {}
        for path, ref, _use in references(scenario):
            places.setdefault(ref.param, []).append((path, ref.times))
        return cls(data, used, factor, places, Scenario.model_validate(data))

    def _values(self, pinned: Mapping[str, float]) -> list[tuple[Path, float]]:
        return [
            (path, float(value) * times)
            for pid, value in pinned.items()
            for path, times in self.places.get(pid, [])
        ]

    def resolve(self, pinned: Mapping[str, float] | None = None) -> ResolvedScenario:
        """The resolved scenario with the parameters of ``pinned`` at the given values."""
        pins = dict(pinned or {})
        parameters = {
            pid: replace(p, value=float(pins[pid])) if pid in pins else p
            for pid, p in self.parameters.items()
        }
        return ResolvedScenario(
            validated_with(self.data, self.scenario, self._values(pins)),
            parameters,
            self.inline_factor,
        )


def data_with_values(data: dict[str, Any], values: Iterable[tuple[Path, Any]]) -> dict[str, Any]:
    """``data`` (a scenario's data: dicts and lists) with ``value`` written at each ``path``;
    the containers on the way to a written value are copied, everything else is shared with
    ``data``, which is not changed."""
    out = dict(data)
    copied: set[Path] = {()}
    for path, value in values:
        node: Any = out
        for depth, key in enumerate(path[:-1]):
            here = path[: depth + 1]
            if here not in copied:
                child = node[key]
                node[key] = list(child) if isinstance(child, list) else dict(child)
                copied.add(here)
            node = node[key]
        node[path[-1]] = value
    return out


def validated_with(
    data: dict[str, Any], validated: Scenario, values: Iterable[tuple[Path, Any]]
) -> Scenario:
    """``Scenario.model_validate(data_with_values(data, values))``, made from ``validated``,
    which is ``Scenario.model_validate(data)``, by validating again only the innermost
    models that hold a written value.

    Each such model is validated from its part of the new data, as validating the whole
    scenario does (its fields' constraints and its own validators), and put in a copy of
    each model and container on its path (``model_copy``, which keeps the fields set);
    everything else is shared with ``validated``. The result is the same: no model of a
    scenario checks the values inside another model it holds (the scenario's one
    validator, ``_shipped_model``, reads only a ``{use: name}`` model, never written
    here). When a model refuses its new data, or a path does not lead through models,
    lists and dicts of ``validated``, the whole scenario is validated, so an invalid value
    raises the error it always has, with its full location.
    """
    values = list(values)
    new_data = data_with_values(data, values)
    tops: set[Path] = set()
    for path, _value in values:
        top = _innermost_model(validated, path)
        if not top:
            return Scenario.model_validate(new_data)
        tops.add(top)
    out = validated
    for top in tops:
        if any(other != top and top[: len(other)] == other for other in tops):
            continue  # inside another changed model, validated with it
        part: Any = new_data
        for key in top:
            part = part[key]
        try:
            model = type(_node_at(validated, top)).model_validate(part)
        except (ValueError, TypeError):
            return Scenario.model_validate(new_data)
        out = _put(out, top, model)
    return out


def _field_names(cls: type[BaseModel]) -> dict[str, str]:
    """A model's field names by the key of its dumped data (the alias, or the name)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = {info.alias or name: name for name, info in cls.model_fields.items()}
        _FIELD_NAMES[cls] = names
    return names


_FIELD_NAMES: dict[type[BaseModel], dict[str, str]] = {}


_MISSING = object()


def _child(node: Any, key: str | int) -> Any:
    """The item at ``key`` of a model, list or dict (``_MISSING`` when there is none)."""
    if isinstance(node, BaseModel):
        name = _field_names(type(node)).get(str(key))
        return _MISSING if name is None else getattr(node, name)
    if isinstance(node, list | tuple) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    if isinstance(node, dict):
        return node.get(key, _MISSING)
    return _MISSING


def _node_at(root: Any, path: Path) -> Any:
    for key in path:
        root = _child(root, key)
    return root


def _innermost_model(root: BaseModel, path: Path) -> Path:
    """The path of the innermost model of ``root`` that holds the value at ``path`` (``()``
    when it is ``root`` or the path does not lead through models, lists and dicts)."""
    found: Path = ()
    node: Any = root
    for depth, key in enumerate(path[:-1]):
        node = _child(node, key)
        if node is _MISSING or not isinstance(node, BaseModel | list | tuple | dict):
            return ()
        if isinstance(node, BaseModel):
            found = path[: depth + 1]
    if _child(node, path[-1]) is _MISSING and not isinstance(node, dict):
        return ()
    return found


def _put(node: Any, path: Path, value: Any) -> Any:
    """``node`` with ``value`` at ``path``: the models and containers on the way copied
    (a model with ``model_copy``, which keeps its fields set), everything else shared."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        name = _field_names(type(node))[str(key)]
        return node.model_copy(update={name: _put(getattr(node, name), rest, value)})
    if isinstance(node, dict):
        return {**node, key: _put(node[key], rest, value)}
    assert isinstance(key, int)
    items = list(node)
    items[key] = _put(items[key], rest, value)
    return tuple(items) if isinstance(node, tuple) else items


def resolved_scenario_data(
    scenario: Scenario, library: ParameterLibrary, optimism_bias: bool = True
) -> tuple[dict[str, Any], dict[str, ResolvedParameter], float]:
    """The scenario's data with every reference replaced by its value, not yet validated
    (see :func:`resolve_scenario`): the parameters used and the inline KPI factor.
    ``optimism_bias=False`` leaves out the adjustment ``analysis.optimism_bias`` adds to the
    effects (its reserved id would be refused by the checks of a written scenario)."""
    settings = scenario.analysis
    when = dt.date(settings.start_year, 1, 1)
    if any(inline_id(path) not in library for path, _value in inline_values(scenario)):
        library = _with_inline(scenario, library, f"scenario '{scenario.id}'")
    used: dict[str, ResolvedParameter] = {}
    data = scenario.model_dump(by_alias=True, exclude_unset=True)
    factor = inline_factor(scenario, library)
    if factor != 1.0:
        for kind, amounts in (("costs", ("annual", "on_entry")), ("earnings", ("annual",))):
            for item in data["model"].get(kind, []):
                for amount in amounts:
                    if isinstance(item.get(amount), float | int):
                        item[amount] = item[amount] * factor
    for path, ref, _use in references(scenario):
        resolved = used.get(ref.param) or library.resolve(ref.param, settings.price_year, when)
        used[ref.param] = resolved
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = resolved.value * ref.times
    if optimism_bias:
        _add_optimism_bias(scenario, data)
    return data, dict(sorted(used.items())), factor


def _add_optimism_bias(scenario: Scenario, data: dict[str, Any]) -> None:
    """Append to each effect of an intervention the evidence adjustment ``optimism_bias``,
    the factor ``1 - haircut`` on the log of the effect, when ``analysis.optimism_bias``
    gives a haircut of effects (HM Treasury, *The Green Book*, paragraphs 5.43-5.46: benefits
    are lowered for optimism bias). The cost uplift is applied when compiling
    (:func:`socinvest.scenario.compile.compile_scenario`), so drawn costs keep it too."""
    bias = scenario.analysis.optimism_bias
    if bias is None or bias.effects is None:
        return
    for i, intervention in enumerate(scenario.interventions):
        grade = intervention.confidence.effects if intervention.confidence else None
        haircut = bias.fraction("effects", grade)
        if not haircut:
            continue
        graded = f", confidence grade {grade}" if grade is not None else ""
        graded_sv = f", konfidensgrad {grade}" if grade is not None else ""
        label = {"en": f"Optimism bias{graded}", "sv": f"Optimismjustering{graded_sv}"}
        adjustment: dict[str, Any] = {
            "id": OPTIMISM_BIAS_ADJUSTMENT,
            "label": label,
            "factor": 1.0 - haircut,
            "note": f"analysis.optimism_bias: the effect's log multiplied by 1 - {haircut:g}",
        }
        if bias.source is not None:
            adjustment["source"] = bias.source.model_dump(exclude_none=True)
        for effect in data["interventions"][i].get("effects", []):
            effect.setdefault("adjustments", []).append(dict(adjustment))


def inline_factor(scenario: Scenario, library: ParameterLibrary) -> float:
    """KPI factor from the model's ``price_year`` to the analysis price year (1 without one).

    Raises
    ------
    ValueError
        When KPI lacks one of the years (the message names them).
    """
    model_year = scenario.model.price_year
    target = scenario.analysis.price_year
    if model_year is None or model_year == target:
        return 1.0
    kpi = library.indices[DEFAULT_INDEX]
    try:
        factor: float = kpi.factor(model_year, target)
    except KeyError as exc:
        first, last = kpi.years
        raise ValueError(
            f"the price index {DEFAULT_INDEX!r} has no value for {exc.args[0]} (it covers "
            f"{first}-{last}); choose a price year it covers or add the year to the index"
        ) from None
    return factor


# Memo of the resolution -------------------------------------------------------------------


class _Memo:
    """Values by the identity of their arguments, which it holds (so that no other object
    can take their ids while it lives)."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[tuple[object, ...], Any]] = {}
        self._lock = threading.Lock()

    def get(
        self, name: str, arguments: tuple[object, ...], extra: Hashable, compute: Callable[[], T]
    ) -> T:
        """The value ``compute()`` made for the same ``name``, ``arguments`` (by identity) and
        ``extra`` (by value) before, else ``compute()`` (then kept; an exception is not)."""
        key = (name, tuple(id(a) for a in arguments), extra)
        with self._lock:
            found = self._entries.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], arguments, strict=True)):
            value: T = found[1]
            return value
        value = compute()
        with self._lock:
            self._entries[key] = (arguments, value)
        return value


_MEMO: ContextVar[_Memo | None] = ContextVar("socinvest_resolution_memo", default=None)


@contextmanager
def memoised_resolution() -> Iterator[None]:
    """Within the block, :func:`library_for` and :func:`resolve_scenario` give the value they
    gave before for the same arguments (the same objects, by identity) instead of computing
    it again: a report runs a dozen analyses of one scenario with one library, and each
    starts by resolving it.

    As when one resolution is computed first and handed to every analysis, the scenarios
    and libraries resolved in the block must not be changed while it runs, nor the values
    handed out (nothing in socinvest changes them; a scenario or library is changed by
    making a new one, e.g. ``model_copy`` or ``with_overrides``, which is resolved anew).
    Outside the block nothing is kept, so a scenario changed between two analyses is
    resolved as it is then. The memo is the block's own (a context variable: another
    thread, or a block in another context, has its own or none); a nested block uses the
    enclosing one. It is let go, with the objects it holds, when the block ends.
    """
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set(_Memo())
    try:
        yield
    finally:
        _MEMO.reset(token)
