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
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import socinvest
from clitools import Result, run_cli
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
