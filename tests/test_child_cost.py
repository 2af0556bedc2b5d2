"""The cost of a child (``socinvest child-cost``): the public investment in one child from
pregnancy to the end of upper secondary school, by component, age, payer and category.

The analysis is tested in-process; the command line through its real entry point (the
installed console script, as in ``tests/test_cli.py``), its calls made once, in parallel.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from clitools import Result, cli_env, run_cli
from socinvest.analysis.child_cost import (
    AGES,
    ChildCost,
    child_cost,
    load_composition,
    top_level_by_age,
)
from socinvest.params.errors import InputError
from socinvest.params.library import ParameterLibrary, default_library, load_overrides
from socinvest.reports.child_cost import child_cost_json
from socinvest.reports.formatting import money

PRICE_YEAR = 2024
ABS_TOL = 1e-6  # SEK: sums of the same flows in another order

# KPI annual averages (1980=100) from data/indices/indices.yaml, written out for the
# hand computation.
KPI_2012 = 314.20
KPI_2015 = 313.35
KPI_2018 = 328.40
KPI_2021 = 343.19
KPI_2023 = 403.70
KPI_2024 = 415.01
PKV_2018 = 107.64
PKV_2021 = 112.48  # school costs follow SKR's PKV (issue 10); 2018-2024 move with KPI until read
PKV_2024 = 136.02

# The "3.5 MSEK per child" figure (taken as 2012 prices) has no source with a breakdown
# (reference/sweden.md 3.8): Skandia (2014) says "about 3 MSEK", Nilsson and Wadeskog imply
# 3.4-3.9 MSEK, and several parts of the reconstruction are estimates (visit counts for
# MVC/BVC, years in preschool, the dental cost, regional care for ages 0-18, each with a
# wide range). So the test asks for the 2012 figure in 2024 prices +/- 25 %, not an exact
# figure.
REFERENCE_2024 = 3_500_000 * KPI_2024 / KPI_2012  # 4 622 963.08 SEK
LOW, HIGH = 0.75 * REFERENCE_2024, 1.25 * REFERENCE_2024

# The components added for issue 10 (params/barnkostnad.yaml), by hand: value x years x
# the parameter's own index, 2024 / the value's year (regional care: KPI; anpassad skola, a
# school cost: PKV).
NEW_COMPONENTS = {
    "forlossning": 40_000 * KPI_2024 / KPI_2015,
    "vaccinationer": 4_000.0,
    "halso_sjukvard": 19 * 6_000 * KPI_2024 / KPI_2021,
    "bup": 18 * 1_662 * KPI_2024 / KPI_2023,  # halsa.bup_besok derived (3 246 SEK), not 4 000
    "anpassad_grundskola": 9 * 4_932 * PKV_2024 / PKV_2018,
    "anpassad_gymnasieskola": 3 * 8_150 * PKV_2024 / PKV_2018,
}
# The eleven components before issue 10 (2024 prices), as issue 10 indexes them: 3 679 356.72
# with KPI throughout; 3 670 303.04 with the school costs on PKV and the child and study
# allowances by statute (the 2024 amounts, not rebased from 2019).
OLD_TOTAL = 3_670_303.04

OVERRIDE = """\
skola.grundskola_per_elev:
  values:
    - {date: 2024-01-01, value: 140000}
  status: verified
  sources:
    - title: Barn- och utbildningsnämndens budget 2024
      publisher: Exempelkommun
      year: 2024
  last_reviewed: 2026-11-29
"""
OVERRIDE_LOCAL_GRUNDSKOLA = 9 * 140_000.0  # 9 years at the local 2024 cost (factor 1)

BAD_OVERRIDE = """\
skola.grundskola_per_elev:
  values:
    - {date: 2024-01-01, value: lots}
  status: verified
  sources:
    - title: Barn- och utbildningsnämndens budget 2024
  last_reviewed: 2026-11-29
"""
BAD_OVERRIDE_LINE = 3  # the line with "value: lots"


@pytest.fixture(scope="module")
def library() -> ParameterLibrary:
    return default_library()


@pytest.fixture(scope="module")
def result(library: ParameterLibrary) -> ChildCost:
    return child_cost(library, PRICE_YEAR)


def _component(result: ChildCost, cid: str) -> Any:
    return next(c for c in result.components if c.id == cid)


# --------------------------------------------------------------------------------------
# The figures


def test_total_is_near_the_2012_figure_in_2024_prices(result: ChildCost) -> None:
    assert LOW <= result.total <= HIGH, f"total {result.total:,.0f} SEK outside {LOW}-{HIGH}"
    assert result.price_year == PRICE_YEAR and result.undiscounted
    assert result.total == pytest.approx(sum(c.amount for c in result.components), abs=ABS_TOL)


def test_top_level_payers_sum_to_the_total(result: ChildCost) -> None:
    top = result.payers.top_level
    assert set(top) >= {"kommun", "region", "stat", "individ", "ovriga"}
    assert abs(sum(result.by_payer[p] for p in top) - result.total) <= ABS_TOL
    # every node holds its subtree: kommun = its committees, stat = FK + CSN's allowance
    for payer in result.payers.payers:
        children = [p.id for p in result.payers.payers if p.parent_id == payer.id]
        if children:
            direct = sum(c.amount for c in result.components if c.payer == payer.id)
            rolled = direct + sum(result.by_payer[c] for c in children)
            assert abs(result.by_payer[payer.id] - rolled) <= ABS_TOL, payer.id
    assert result.by_payer["individ"] == 0.0 and result.by_payer["ovriga"] == 0.0
    assert result.by_payer["kommun"] > result.by_payer["stat"] > result.by_payer["region"] > 0


def test_by_age_table_sums_to_the_total(result: ChildCost) -> None:
    assert tuple(range(20)) == AGES
    assert len(result.by_age) == 20
    assert abs(sum(result.by_age) - result.total) <= ABS_TOL
    rows = top_level_by_age(result)
    for i in range(len(AGES)):
        assert abs(sum(rows[p][i] for p in rows) - result.by_age[i]) <= ABS_TOL
    for payer, values in rows.items():
        assert abs(sum(values) - result.by_payer[payer]) <= ABS_TOL
    for c in result.components:
        assert abs(sum(c.by_age) - c.amount) <= ABS_TOL, c.id


def test_resource_and_transfer_subtotals(result: ChildCost) -> None:
    assert set(result.by_category) == {"resource", "transfer"}
    assert abs(sum(result.by_category.values()) - result.total) <= ABS_TOL
    transfers = {c.id for c in result.components if c.category == "transfer"}
    assert transfers == {"foraldrapenning", "barnbidrag", "studiebidrag"}
    # in this composition every transfer is paid by the state
    assert abs(result.by_category["transfer"] - result.by_payer["stat"]) <= ABS_TOL


def test_grundskola_by_hand(result: ChildCost) -> None:
    """9 years (barn.grundskola_ar) x 123 500 SEK (SCB, 2021 prices) x PKV 2024 / PKV 2021."""
    expected = 9 * 123_500 * PKV_2024 / PKV_2021
    assert expected == pytest.approx(1_344_116.55, abs=0.01)
    grundskola = _component(result, "grundskola")
    assert grundskola.amount == pytest.approx(expected, rel=1e-12)
    assert grundskola.years == 9
    assert grundskola.unit_amount == pytest.approx(123_500 * PKV_2024 / PKV_2021, rel=1e-12)
    assert grundskola.payer == "kommun.skola" and grundskola.category == "resource"
    assert grundskola.ages == (7, 15)
    assert grundskola.booked_ages == tuple(range(7, 16))
    assert [p.id for p in grundskola.parameters] == [
        "skola.grundskola_per_elev",
        "barn.grundskola_ar",
    ]
    assert grundskola.parameters[0].original_price_year == 2021


def test_a_total_per_child_and_a_cost_before_birth(result: ChildCost) -> None:
    fp = _component(result, "foraldrapenning")
    assert fp.amount == pytest.approx(360_103, rel=1e-12)  # 2024 value, factor 1
    assert fp.payer == "stat.forsakringskassan" and fp.years is None
    assert fp.by_age[:2] == pytest.approx((180_051.5, 180_051.5))
    mvc = _component(result, "mvc")
    assert mvc.ages == (-1, -1) and mvc.booked_ages == (0,)  # pregnancy booked at birth
    studiebidrag = _component(result, "studiebidrag")
    assert studiebidrag.payer == "stat"  # the parameter's payer (CSN is not in the tree)
    # a statutory amount (issue 10): the 1 250 kr of 2024, not KPI-rebased from 2019
    assert studiebidrag.amount == 37_500
    assert result.by_age[-1] == 0.0  # nothing at age 19 in this composition


def test_the_composition_follows_the_formula_of_barn_yaml(result: ChildCost) -> None:
    """Every term of the sum in the header of params/barn.yaml, and nothing else."""
    header = []
    text = resources.files("socinvest").joinpath("data", "params", "barn.yaml")
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    block = "\n".join(header)
    formula = block[block.index("The sum") : block.index("is the undiscounted")]
    names = re.findall(r"\b(?:[a-z]+\.)?[a-z]+_[a-z_]+\b", formula)
    terms = {n if "." in n else f"barn.{n}" for n in names}
    assert len(terms) == 17  # 5 totals per child + 6 x (cost per year, years)
    added = resources.files("socinvest").joinpath("data", "params", "barnkostnad.yaml")
    ids = re.findall(r"^([a-z][a-z0-9_]*):$", added.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(ids) == 9  # 6 components' amounts, 2 year counts, the 2012 reference
    assert set(result.parameters) == terms | {f"barnkostnad.{i}" for i in ids}


def test_the_components_added_for_regional_care_and_anpassad_skola(result: ChildCost) -> None:
    """Each new component by hand, their sum, and the total = the old total + their sum."""
    for cid, expected in NEW_COMPONENTS.items():
        assert _component(result, cid).amount == pytest.approx(expected, rel=1e-12), cid
    added = sum(NEW_COMPONENTS.values())
    assert added == pytest.approx(312_575.89, abs=0.01)
    assert result.total == pytest.approx(OLD_TOTAL + added, abs=0.01)
    assert result.total == pytest.approx(3_982_878.93, abs=0.01)
    assert _component(result, "bup").payer == "region.psykiatri"
    assert _component(result, "anpassad_grundskola").payer == "kommun.skola"
    assert _component(result, "halso_sjukvard").booked_ages == tuple(range(19))
    # estimates are labelled as such: nothing read in a primary source is marked verified
    for cid in ("forlossning", "halso_sjukvard", "bup"):
        assert _component(result, cid).status == "not_verified"
    assert _component(result, "vaccinationer").status == "illustrative"


def test_the_2012_figure_in_the_same_price_year(result: ChildCost) -> None:
    """3.5 MSEK in 2012 prices = 3.5e6 x KPI 2024 / KPI 2012 in 2024 prices."""
    ref = result.reference
    assert ref is not None
    assert ref.original_amount == 3_500_000 and ref.original_price_year == 2012
    assert ref.amount == pytest.approx(3_500_000 * KPI_2024 / KPI_2012, rel=1e-12)
    assert ref.amount == pytest.approx(4_622_963.08, abs=0.01)
    assert ref.factor == pytest.approx(KPI_2024 / KPI_2012, rel=1e-12)
    assert ref.price_year == PRICE_YEAR and ref.index == "kpi"
    assert ref.difference == pytest.approx(result.total - ref.amount, rel=1e-12)
    assert "barnkostnad.referens_2012" in result.parameters


def test_included_and_excluded(result: ChildCost) -> None:
    assert [x.en for x in result.included] == [c.label.en for c in result.components]
    excluded = {e.id for e in result.excluded}
    assert {"socialtjanst", "lakemedel", "familjens_kostnader"} <= excluded
    assert not excluded & {c.id for c in result.components}


def test_parameter_hash_and_sources(result: ChildCost, library: ParameterLibrary) -> None:
    again = child_cost(library, PRICE_YEAR)
    assert again.parameter_hash == result.parameter_hash
    assert child_cost(library, 2023).parameter_hash != result.parameter_hash
    for c in result.components:
        assert c.parameters and all(p.sources for p in c.parameters)


def test_override_changes_the_total_by_that_component_only(
    result: ChildCost, library: ParameterLibrary, tmp_path: Path
) -> None:
    path = tmp_path / "lokal.yaml"
    path.write_text(OVERRIDE, encoding="utf-8")
    local = child_cost(load_overrides(library, path), PRICE_YEAR)
    before = _component(result, "grundskola").amount
    after = _component(local, "grundskola").amount
    assert after == OVERRIDE_LOCAL_GRUNDSKOLA
    assert abs((local.total - result.total) - (after - before)) <= ABS_TOL
    for old, new in zip(result.components, local.components, strict=True):
        if old.id != "grundskola":
            assert new.amount == old.amount, old.id
    assert (
        abs((local.by_payer["kommun.skola"] - result.by_payer["kommun.skola"]) - (after - before))
        <= ABS_TOL
    )
    assert local.parameter_hash != result.parameter_hash
    assert local.parameters["skola.grundskola_per_elev"].origin == str(path)


def test_present_value_at_birth(result: ChildCost, library: ParameterLibrary) -> None:
    assert result.present_value is None
    zero = child_cost(library, PRICE_YEAR, discount_rate=0.0).present_value
    assert zero is not None and abs(zero.total - result.total) <= ABS_TOL
    pv = child_cost(library, PRICE_YEAR, discount_rate=0.03).present_value
    assert pv is not None
    by_hand = sum(v * 1.03**-age for age, v in zip(AGES, result.by_age, strict=True))
    assert pv.total == pytest.approx(by_hand, rel=1e-12)
    assert pv.total < result.total
    top = result.payers.top_level
    assert abs(sum(pv.by_payer[p] for p in top) - pv.total) <= ABS_TOL


def test_a_price_year_outside_the_index_is_refused(library: ParameterLibrary) -> None:
    with pytest.raises(ValueError, match="has no value for 1990"):
        child_cost(library, 1990)


def test_a_bad_composition_names_the_line(library: ParameterLibrary, tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        components:
          - id: skola
            label: {sv: Skola, en: School}
            amount: {param: skola.grundskola_per_eleven}
            years: {param: barn.grundskola_ar}
            ages: {first: 7, last: 15}
            category: resource
          - id: bidrag
            label: {sv: Bidrag, en: Allowance}
            amount: {param: socialforsakring.barnbidrag_per_manad}
            ages: {first: 0, last: 15}
            category: transfer
        """
    )
    path = tmp_path / "composition.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        child_cost(library, PRICE_YEAR, composition=load_composition(path))
    rendered = str(info.value)
    assert f"{path}:4: components[0].amount.param: unknown parameter" in rendered
    assert f"{path}:10: components[1].amount.param: parameter " in rendered
    assert "SEK/month" in rendered

    path.write_text(text.replace("ages: {first: 7, last: 15}", "ages: {first: 7, last: 25}"))
    with pytest.raises(InputError) as info:
        load_composition(path)
    assert f"{path}:6: components[0].ages.last:" in str(info.value)


def test_json_document(result: ChildCost) -> None:
    data = child_cost_json(result)
    for key in (
        "total",
        "by_payer",
        "by_age",
        "by_category",
        "components",
        "price_year",
        "parameter_hash",
        "version",
        "payers",
    ):
        assert key in data
    assert data["total"] == result.total and data["price_year"] == PRICE_YEAR
    assert list(data["by_payer"]) == result.payers.ids
    assert [row["age"] for row in data["by_age"]] == list(AGES)
    assert data["included"] == [c.id for c in result.components]
    assert [e["id"] for e in data["excluded"]] == [e.id for e in result.excluded]
    assert data["excluded"][0]["label"]["sv"] and data["excluded"][0]["label"]["en"]
    ref = data["reference"]
    assert ref["parameter"] == "barnkostnad.referens_2012"
    assert ref["original_amount"] == 3_500_000 and ref["original_price_year"] == 2012
    assert ref["amount"] == pytest.approx(3_500_000 * KPI_2024 / KPI_2012, rel=1e-12)
    assert ref["difference"] == pytest.approx(result.total - ref["amount"], rel=1e-12)
    assert ref["sources"] and ref["status"] == "not_verified"
    grundskola = next(c for c in data["components"] if c["id"] == "grundskola")
    assert grundskola["sources"][0]["sources"][0]["title"]
    assert len(grundskola["by_age"]) == len(AGES)
    json.dumps(data, allow_nan=False)  # strict JSON


# --------------------------------------------------------------------------------------
# The command line, through the real entry point


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("child_cost")


@pytest.fixture(scope="module")
def runs(folder: Path) -> dict[str, Result]:
    good = folder / "lokal.yaml"
    good.write_text(OVERRIDE, encoding="utf-8")
    bad = folder / "bad.yaml"
    bad.write_text(BAD_OVERRIDE, encoding="utf-8")
    calls = {
        "sv": ("child-cost",),
        "json": ("child-cost", "--format", "json"),
        "age_en": ("child-cost", "--by", "age", "--lang", "en"),
        "local": ("child-cost", "--format", "json", "--params", str(good)),
        "bad": ("child-cost", "--params", str(bad)),
        "bad_json": ("child-cost", "--params", str(bad), "--format", "json"),
        "old_year": ("child-cost", "--price-year", "1990"),
        "pv": ("child-cost", "--discount-rate", "0.03", "--format", "json"),
    }
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {key: pool.submit(run_cli, *args) for key, args in calls.items()}
        # help texts are in the default language (SOCINVEST_LANG), not --lang
        futures["help"] = pool.submit(
            run_cli, "child-cost", "--help", env=cli_env(SOCINVEST_LANG="en")
        )
        return {key: f.result() for key, f in futures.items()}


def _json(run: Result) -> dict[str, Any]:
    assert run.returncode == 0, run.describe()
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def test_cli_table_in_swedish_shows_the_total(runs: dict[str, Result], result: ChildCost) -> None:
    run = runs["sv"]
    assert run.returncode == 0, run.describe()
    total = _json(runs["json"])["total"]
    assert re.search(r"(?<![\d\xa0])3\xa09\d\d\xa0\d{3}\xa0kr", run.stdout), run.stdout
    assert money(total, "sv") in run.stdout
    assert money(result.total, "sv") in run.stdout
    for word in ("Totalt", "Grundskola", "Föräldrapenning", "Kommunen", "Staten", "Källa"):
        assert word in run.stdout, word
    plain = " ".join(run.stdout.replace("\xa0", " ").split())
    assert "Ingår:" in plain and "Ingår inte:" in plain
    assert "Anpassad grundskola" in plain and "Socialtjänstens insatser" in plain
    assert "3 500 000 kr" in plain and "4 622 963 kr" in plain and "2012" in plain
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_json_has_total_and_by_payer(runs: dict[str, Result], result: ChildCost) -> None:
    data = _json(runs["json"])
    assert abs(data["total"] - result.total) <= ABS_TOL
    top = [p["id"] for p in data["payers"] if p["parent"] is None]
    assert abs(sum(data["by_payer"][p] for p in top) - data["total"]) <= ABS_TOL
    assert data["parameter_hash"] == result.parameter_hash
    assert data["present_value"] is None
    assert _json(runs["pv"])["present_value"]["discount_rate"] == 0.03


def test_cli_by_age_in_english(runs: dict[str, Result], result: ChildCost) -> None:
    run = runs["age_en"]
    assert run.returncode == 0, run.describe()
    assert "Age" in run.stdout and "Municipality" in run.stdout
    plain = " ".join(run.stdout.split())
    assert "Included:" in plain and "Not included:" in plain
    assert "SEK 4,622,963 in 2024 prices" in plain
    assert money(result.total, "en") in run.stdout
    assert money(result.by_age[7], "en") in run.stdout


def test_cli_params_override(runs: dict[str, Result], result: ChildCost) -> None:
    data = _json(runs["local"])
    grundskola = next(c for c in data["components"] if c["id"] == "grundskola")
    assert grundskola["amount"] == OVERRIDE_LOCAL_GRUNDSKOLA
    change = OVERRIDE_LOCAL_GRUNDSKOLA - _component(result, "grundskola").amount
    assert abs((data["total"] - result.total) - change) <= ABS_TOL


def test_cli_bad_params_file_gives_exit_2_with_file_and_line(
    runs: dict[str, Result], folder: Path
) -> None:
    path = str(folder / "bad.yaml")
    run = runs["bad"]
    assert run.returncode == 2, run.describe()
    assert f"{path}:{BAD_OVERRIDE_LINE}:" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    problems = _json_problems(runs["bad_json"])
    assert problems[0]["file"] == path and problems[0]["line"] == BAD_OVERRIDE_LINE


def _json_problems(run: Result) -> list[dict[str, Any]]:
    assert run.returncode == 2, run.describe()
    data = json.loads(run.stdout)
    assert data["valid"] is False
    problems: list[dict[str, Any]] = data["problems"]
    return problems


def test_cli_price_year_outside_the_index(runs: dict[str, Result]) -> None:
    run = runs["old_year"]
    assert run.returncode == 2, run.describe()
    assert "1990" in run.stderr and "Traceback" not in run.stderr


def test_cli_help(runs: dict[str, Result]) -> None:
    run = runs["help"]
    assert run.returncode == 0, run.describe()
    text = " ".join(run.stdout.split())
    assert "The public investment in one child" in text
    for option in ("--price-year", "--params", "--format", "--by", "--lang", "--discount-rate"):
        assert option in text


def test_the_report_states_the_comparison_and_what_is_not_included() -> None:
    from socinvest.analysis.case import build_case
    from socinvest.reports.html_report import render_html
    from socinvest.scenario.load import example_text, parse_scenario

    name = "parenting-programme"
    case = build_case(parse_scenario(example_text(name), f"{name}.yaml"), draws=0)
    page = " ".join(render_html(case, "en").replace("\xa0", " ").split())
    section = page[page.index('id="child-cost"') : page.index('id="appendix"')]
    assert "SEK 3,500,000 in 2012 prices, is SEK 4,622,963 in 2024 prices" in section
    assert "Not included" in section and "Social services for children" in section
    assert "Delivery and neonatal care" in section and "Anpassad grundskola" in section
