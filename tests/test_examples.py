"""The shipped example scenarios (``socinvest example``), through the real command line.

Every example listed by ``socinvest example --format json`` must validate and run in both
languages, give a comparison block for each alternative with ``--format json``, cite a
source for every effect or say that it is illustrative (in the file and in the output), and
follow the conventions of the examples. The CLI calls run once, in parallel, in a module
fixture.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import socinvest
from clitools import Result, run_cli
from socinvest.analysis.breakeven import BreakEven, break_even
from socinvest.analysis.effect_evidence import EffectEvidence, effect_evidence
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.analysis.results import analyse
from socinvest.analysis.value_of_information import value_of_information
from socinvest.i18n import translator
from socinvest.scenario.load import example_names
from socinvest.scenario.model import Scenario, text_in

LANGS = ("sv", "en")


def flat(text: str) -> str:
    """Text without box-drawing characters, runs of whitespace joined."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"[\u2500-\u257f]", " ", text)).strip()


def example_path(name: str) -> Path:
    return Path(str(resources.files("socinvest").joinpath("data", "examples", f"{name}.yaml")))


def example_scenario(name: str) -> Scenario:
    return socinvest.load_scenario(example_path(name))


# --------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], Result]:
    """The listing, and for every example: validate, run in Swedish and in English, and run
    as JSON; all the calls at once, in parallel. The examples are those the package ships
    (``example_names``); ``names`` checks that they are the ones the listing shows."""
    calls: dict[tuple[str, str], tuple[str, ...]] = {("", "list"): ("example", "--format", "json")}
    for name in example_names():
        path = str(example_path(name))
        calls[name, "validate"] = ("validate", path, "--lang", "en")
        for lang in LANGS:
            calls[name, lang] = ("run", path, "--lang", lang)
        calls[name, "json"] = ("run", path, "--format", "json")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {key: pool.submit(run_cli, *args) for key, args in calls.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.fixture(scope="module")
def listing(runs: dict[tuple[str, str], Result]) -> list[dict[str, Any]]:
    result = runs["", "list"]
    assert result.returncode == 0, result.describe()
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


@pytest.fixture(scope="module")
def names(listing: list[dict[str, Any]]) -> list[str]:
    listed = [item["name"] for item in listing]
    assert listed == example_names()  # every listed example was run
    return listed


@pytest.fixture(scope="module")
def results(names: list[str], runs: dict[tuple[str, str], Result]) -> dict[str, dict[str, Any]]:
    """The results JSON of each example (``socinvest run FILE --format json``)."""
    documents = {}
    for name in names:
        result = runs[name, "json"]
        assert result.returncode == 0, result.describe()
        documents[name] = json.loads(result.stdout)
    return documents


# --------------------------------------------------------------------------------------
# Listing


def test_there_are_at_least_three_examples(listing: list[dict[str, Any]]) -> None:
    assert len(listing) >= 3
    assert {"parenting-programme", "school-attendance", "family-home-school-support"} <= {
        item["name"] for item in listing
    }
    for item in listing:
        scenario = example_scenario(item["name"])
        assert item["id"] == scenario.id
        assert item["title"] == text_in(scenario.title, "sv")  # the default language


# --------------------------------------------------------------------------------------
# Validate and run


def test_every_example_validates(names: list[str], runs: dict[tuple[str, str], Result]) -> None:
    for name in names:
        result = runs[name, "validate"]
        assert result.returncode == 0, result.describe()
        assert f"valid scenario '{example_scenario(name).id}'" in flat(result.stdout)


@pytest.mark.parametrize("lang", LANGS)
def test_every_example_runs_in_both_languages(
    names: list[str], runs: dict[tuple[str, str], Result], lang: str
) -> None:
    _ = translator(lang)
    for name in names:
        result = runs[name, lang]
        assert result.returncode == 0, result.describe()
        assert "Traceback" not in result.stdout + result.stderr
        scenario = example_scenario(name)
        out = flat(result.stdout)
        assert flat(text_in(scenario.title, lang)) in out
        labels = {a.id: text_in(a.label, lang, a.id) for a in scenario.alternatives}
        comparison = next(a.id for a in scenario.alternatives if a.comparison)
        for alternative in scenario.alternatives:
            if alternative.comparison:
                continue
            heading = _("{alternative} compared with {comparison}").format(
                alternative=labels[alternative.id], comparison=labels[comparison]
            )
            assert heading in out, (name, heading)


def test_every_example_gives_a_comparison_block_per_alternative(
    names: list[str], results: dict[str, dict[str, Any]]
) -> None:
    for name in names:
        data = results[name]
        scenario = example_scenario(name)
        assert data["meta"]["scenario_id"] == scenario.id
        assert [a["id"] for a in data["alternatives"]] == [a.id for a in scenario.alternatives]
        for alternative in data["alternatives"]:
            vs = alternative["vs_comparison"]
            if alternative["comparison"]:
                assert vs is None
                continue
            assert vs is not None, (name, alternative["id"])
            for metric in ("npv", "pv_costs", "pv_benefits", "bcr", "payback_year"):
                assert {"total", "by_payer", "by_perspective"} <= set(vs[metric]), metric
            assert vs["pv_costs"]["total"] > 0, (name, alternative["id"])
            npv = vs["pv_benefits"]["total"] - vs["pv_costs"]["total"]
            assert vs["npv"]["total"] == pytest.approx(npv)


# --------------------------------------------------------------------------------------
# Evidence: every effect cites a study, or the example says it is illustrative


def test_every_effect_cites_a_source_or_is_illustrative(names: list[str]) -> None:
    for name in names:
        for intervention in example_scenario(name).interventions:
            evidence = intervention.evidence
            illustrative = evidence is not None and evidence.illustrative
            sources = evidence.sources if evidence is not None else []
            for effect in intervention.effects:
                cited = effect.source is not None or bool(sources)
                assert cited or illustrative, (name, intervention.id, effect)


@pytest.mark.parametrize("lang", LANGS)
def test_illustrative_effects_are_said_so(
    names: list[str],
    runs: dict[tuple[str, str], Result],
    results: dict[str, dict[str, Any]],
    lang: str,
) -> None:
    """In the description of the example and in the output of a run (both languages)."""
    _ = translator(lang)
    word = {"sv": "illustrativ", "en": "illustrative"}[lang]
    for name in names:
        scenario = example_scenario(name)
        illustrative = [
            text_in(i.label, lang, i.id)
            for i in scenario.interventions
            if i.evidence is not None and i.evidence.illustrative
        ]
        data = results[name]
        assert data["meta"]["illustrative_interventions"] == [
            i.id
            for i in scenario.interventions
            if i.evidence is not None and i.evidence.illustrative
        ]
        out = flat(runs[name, lang].stdout)
        note = _(
            "Note: the effect sizes of {names} are illustrative: not measured for this use in a "
            "study (see the description)."
        )
        if illustrative:
            assert flat(note.format(names=", ".join(illustrative))) in out, name
            assert word in text_in(scenario.description, lang).lower(), name
        else:
            assert flat(note.split("{names}")[0]) not in out, name


# --------------------------------------------------------------------------------------
# Conventions of the examples


def test_examples_follow_the_conventions(names: list[str]) -> None:
    for name in names:
        raw = yaml.safe_load(example_path(name).read_text(encoding="utf-8"))
        assert raw["id"] == name.replace("-", "_")
        for key in ("title", "description"):
            assert set(raw[key]) == {"sv", "en"}, (name, key)
        assert raw["model"] == {"use": "sverige"}, name
        assert raw["analysis"] == {
            "start_year": 2026,
            "price_year": 2024,
            "horizon": {"age": 65},
            "discount_rate": {"param": "diskontering.ranta"},
            "timing": "mid",
            "term_of_office": 4,
        }, name
        comparisons = [a for a in raw["alternatives"] if a.get("comparison")]
        assert [a["id"] for a in comparisons] == ["as_today"], name
        assert comparisons[0].get("interventions", []) == []
        for alternative in raw["alternatives"]:
            assert set(alternative["label"]) == {"sv", "en"}, (name, alternative["id"])
        tg = raw["target_group"]
        assert sum(tg["initial_states"].values()) == pytest.approx(1.0, abs=1e-12)


# --------------------------------------------------------------------------------------
# Honest uncertainty (issue 9): every effect is drawn, and where the break-even effect lies
# inside the effect's interval the probability of a gain is neither 0 nor 1 and more
# information has a value.

UNCERTAINTY_DRAWS = 2000
SHIPPED = ("parenting-programme", "school-attendance", "family-home-school-support")


@dataclass(frozen=True)
class Uncertainty:
    """One example's probabilistic analysis, effect evidence and break-even analysis."""

    scenario: Scenario
    psa: PsaResults
    evidence: list[EffectEvidence]
    break_even: list[BreakEven]


@pytest.fixture(scope="module")
def uncertainty() -> dict[str, Uncertainty]:
    out = {}
    for name in SHIPPED:
        scenario = example_scenario(name)
        out[name] = Uncertainty(
            scenario=scenario,
            psa=run_psa(scenario, None, UNCERTAINTY_DRAWS),
            evidence=effect_evidence(analyse(scenario)),
            break_even=break_even(scenario),
        )
    return out


def used_interval(case: Uncertainty, effect: EffectEvidence) -> tuple[float, float]:
    """The 2.5 and 97.5 percentiles over the draws of the figure the model applies:
    ``exp(ln(ratio) x start-age multiplier x the adjustments, negated when inverse)``, each
    part as drawn (or at its value when it is not drawn)."""
    draws = case.psa.parameter_draws
    assert effect.ratio_parameter is not None
    log = np.log(draws[effect.ratio_parameter]) * effect.start_age_multiplier
    definition = next(i for i in case.scenario.interventions if i.id == effect.intervention)
    if definition.effects[effect.index].inverse:
        log = -log
    for adjustment in effect.adjustments:
        if adjustment.parameter is not None and adjustment.parameter in draws:
            log = log * draws[adjustment.parameter]
        else:
            log = log * adjustment.factor
    low, high = np.exp(np.percentile(log, [2.5, 97.5]))
    return float(low), float(high)


def uncertain_scopes(case: Uncertainty) -> list[tuple[str, str]]:
    """(alternative, scope) pairs where some effect's break-even over the horizon lies inside
    the 95% interval of the figure used for that effect."""
    evidence = {(e.intervention, e.index): e for e in case.evidence}
    chosen = []
    for result in case.break_even:
        for effect in result.effects:
            low, high = used_interval(case, evidence[effect.intervention, effect.index])
            for root in effect.roots:
                inside = root.value is not None and low < root.value < high
                if root.period == "horizon" and inside:
                    chosen.append((result.alternative, root.scope))
    return sorted(set(chosen))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_effect_of_the_examples_is_drawn(
    uncertainty: dict[str, Uncertainty], name: str
) -> None:
    """Each effect's ratio is a drawn parameter (a study figure is ``inline.<path>``), and so
    is every adjustment declared uncertain."""
    case = uncertainty[name]
    drawn = set(case.psa.drawn_parameters)
    effects = [e for i in case.scenario.interventions for e in i.effects]
    assert len(case.evidence) == len(effects) > 0
    for effect in case.evidence:
        assert effect.ratio_parameter in drawn, (name, effect.intervention, effect.index)
        assert effect.ratio_interval is not None
        if effect.study is not None:
            assert effect.ratio_parameter.startswith("inline.")
        for adjustment in effect.adjustments:
            if adjustment.interval is not None:
                assert adjustment.parameter in drawn, (name, adjustment.id)
        assert effect.drawn
        # The interval of the figure used runs low to high, also for an inverse effect.
        assert effect.used_interval is not None
        low, high = effect.used_interval
        assert low < effect.used < high, (name, effect.intervention, effect.index)


@pytest.mark.parametrize("name", SHIPPED)
def test_probability_of_a_gain_is_open_where_break_even_is_inside_the_interval(
    uncertainty: dict[str, Uncertainty], name: str
) -> None:
    case = uncertainty[name]
    chosen = uncertain_scopes(case)
    assert chosen, name  # each example has a scope where the decision rests on the effect
    for alternative, scope in chosen:
        p = case.psa.for_alternative(alternative).horizon[scope].p_positive
        assert 0.0 < p < 1.0, (name, alternative, scope, p)


@pytest.mark.parametrize("name", SHIPPED)
def test_information_has_a_value_where_the_decision_is_uncertain(
    uncertainty: dict[str, Uncertainty], name: str
) -> None:
    """EVPI > 0, and the effects' parameters as a group have a value of their own."""
    case = uncertainty[name]
    effect_ids = sorted(
        {e.ratio_parameter for e in case.evidence if e.ratio_parameter}
        | {a.parameter for e in case.evidence for a in e.adjustments if a.interval is not None}
    )
    for scope in sorted({scope for _, scope in uncertain_scopes(case)}):
        voi = value_of_information(
            case.scenario, scope=scope, psa=case.psa, groups={"effects": effect_ids}
        )
        assert voi.evpi_per_person > 0.0, (name, scope)
        group = next(e for e in voi.entries if e.name == "effects")
        assert 0.0 < group.per_person <= voi.evpi_per_person + 1e-9, (name, scope)
        # Among the groups of what was drawn (effects, unit costs, production, ...), the
        # effects are worth the most to learn about.
        by_kind = value_of_information(case.scenario, scope=scope, psa=case.psa)
        groups = {e.name: e.per_person for e in by_kind.entries if e.kind == "group"}
        assert {"effects", "unit_costs", "production"} <= set(groups), (name, groups)
        assert groups["effects"] == max(groups.values()), (name, scope, groups)
