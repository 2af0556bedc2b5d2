"""Indexation per parameter (KPI, the wage index, PKV, or by statute) and source grades.

Issue 10 items 3 and 4: a statutory amount returns its own value in each year; a KPI-indexed
one the KPI ratio; a wage-indexed one the index ratio; every parameter marked verified has a
source graded primary.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from clitools import run_cli
from socinvest.params.errors import InputError
from socinvest.params.library import ParameterLibrary, load_library
from socinvest.params.model import STATUTE, Citation, Parameter, best_grade
from socinvest.params.units import MONEY_UNITS

PARAMS_DIR = Path(__file__).resolve().parents[1] / "src" / "socinvest" / "data" / "params"
WHEN = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def library() -> ParameterLibrary:
    return load_library()


def _one_parameter_library(tmp_path: Path, body: str) -> ParameterLibrary:
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    (folder / "prov.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return load_library(folder)


STATUTORY = """\
    bidrag:
      label: {sv: Bidrag, en: Allowance}
      unit: SEK/month
      values:
        - {date: 2006-07-01, value: 1050}
        - {date: 2018-03-01, value: 1250}
      index: statute
      status: verified
      sources:
        - {title: The law, grade: primary}
      last_reviewed: 2026-12-06
      uncertainty: {distribution: uniform, low: 1000, high: 1500}
    """


# --- a statutory amount: its own value in each year ------------------------------------------


def test_a_statutory_amount_returns_its_own_value_in_each_year(tmp_path: Path) -> None:
    lib = _one_parameter_library(tmp_path, STATUTORY)
    expected = {2007: 1050, 2017: 1050, 2018: 1250, 2019: 1250, 2024: 1250, 2030: 1250}
    for year, value in expected.items():
        for when in (dt.date(2006, 1, 1), dt.date(year, 1, 1), WHEN):  # `when` plays no part
            r = lib.resolve("prov.bidrag", year, when)
            assert r.value == value and r.original_value == value, (year, when)
            assert r.factor == 1.0 and r.index == STATUTE, year
            assert r.price_year == year and r.original_price_year == year, year
    # the bounds belong to the latest value and move with the value used
    early = lib.resolve("prov.bidrag", 2010, WHEN).uncertainty
    assert early.low == pytest.approx(1000 * 1050 / 1250)
    assert early.high == pytest.approx(1500 * 1050 / 1250)


def test_a_statutory_amount_is_the_one_in_force_on_1_july(tmp_path: Path) -> None:
    lib = _one_parameter_library(tmp_path, STATUTORY)
    # changed on 1 March 2018: 2018 counts at the new amount; a change after 1 July would not
    assert lib.resolve("prov.bidrag", 2018, WHEN).value == 1250
    assert lib.resolve("prov.bidrag", 2006, WHEN).value == 1050  # in force from 1 July 2006


def test_a_statutory_amount_before_its_first_value_is_an_error(tmp_path: Path) -> None:
    lib = _one_parameter_library(tmp_path, STATUTORY)
    with pytest.raises(ValueError, match=r"no value in force in 2005.*2006-07-01"):
        lib.resolve("prov.bidrag", 2005, WHEN)


def test_a_statutory_amount_takes_no_price_year() -> None:
    body = {
        "label": {"sv": "B", "en": "B"},
        "unit": "SEK/month",
        "values": [{"date": dt.date(2018, 3, 1), "value": 1250.0, "price_year": 2018}],
        "index": "statute",
        "status": "verified",
        "sources": [{"title": "The law", "grade": "primary"}],
        "last_reviewed": dt.date(2026, 12, 6),
    }
    with pytest.raises(ValidationError, match="statutory amount"):
        Parameter.model_validate(body)


def test_the_shipped_statutory_amounts_are_not_rebased(library: ParameterLibrary) -> None:
    cases = {
        ("socialforsakring.barnbidrag_per_manad", 2017): 1050,
        ("socialforsakring.barnbidrag_per_manad", 2024): 1250,
        ("socialforsakring.studiebidrag_per_manad", 2016): 1050,
        ("socialforsakring.studiebidrag_per_manad", 2024): 1250,
        ("arbetsmarknad.aktivitetsstod_grund_per_dag", 2024): 223,
        ("arbetsmarknad.utvecklingsersattning_per_dag", 2024): 166,
        ("socialforsakring.prisbasbelopp", 2023): 52500,
        ("barn.studiebidrag_per_barn", 2024): 37500,
        ("barn.barnbidrag_per_barn", 2024): 240000,
    }
    for (pid, year), value in cases.items():
        r = library.resolve(pid, year, WHEN)
        assert r.index == STATUTE and r.value == value, (pid, year, r.value)
    # KPI rebasing from 2019 would have made the study allowance about 24 % too high
    kpi = library.indices["kpi"]
    assert 1250 * kpi.factor(2019, 2024) > 1.2 * 1250


# --- a price-indexed amount: the index ratio ---------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "index"),
    [
        ("socialtjanst.riksnorm_ensamstaende_manad", "kpi"),
        ("halsa.bup_besok", "kpi"),
        ("socialtjanst.bbic_utredning", "lon"),
        ("rattsvasende.anstalt_per_dygn", "lon"),
        ("skola.grundskola_per_elev", "pkv"),
        ("socialtjanst.familjehem_per_ar", "pkv"),
    ],
)
def test_an_indexed_amount_returns_the_index_ratio(
    library: ParameterLibrary, pid: str, index: str
) -> None:
    p = library.parameters[pid]
    dated = p.value_at(WHEN)
    series = library.indices[index].values
    r = library.resolve(pid, 2024, WHEN)
    year = dated.year_of_prices
    assert r.index == index
    assert r.value == pytest.approx(dated.value * series[2024] / series[year], rel=1e-12)
    assert r.factor == pytest.approx(series[2024] / series[year], rel=1e-12)


def test_a_wage_indexed_amount_follows_the_wage_index_not_kpi(tmp_path: Path) -> None:
    lib = _one_parameter_library(
        tmp_path,
        """\
        tid:
          label: {sv: Tid, en: Time}
          unit: SEK
          values:
            - {date: 2015-01-01, value: 1000}
          index: lon
          status: illustrative
          sources:
            - {title: Test, grade: estimate}
          last_reviewed: 2026-12-06
        """,
    )
    lon, kpi = lib.indices["lon"], lib.indices["kpi"]
    r = lib.resolve("prov.tid", 2024, WHEN)
    assert r.value == pytest.approx(1000 * lon.values[2024] / lon.values[2015], rel=1e-12)
    assert r.value != pytest.approx(1000 * kpi.values[2024] / kpi.values[2015], rel=1e-3)


def test_an_unknown_index_names_the_choices(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        _one_parameter_library(tmp_path, STATUTORY.replace("index: statute", "index: wages"))
    text = str(info.value)
    assert "unknown price index 'wages'" in text
    for name in ("kpi", "lon", "pkv", "statute"):
        assert name in text


def test_every_money_parameter_resolves_with_its_own_index(library: ParameterLibrary) -> None:
    for pid, p in library.parameters.items():
        if p.unit not in MONEY_UNITS:
            continue
        r = library.resolve(pid, 2024, WHEN)
        assert r.index == (p.index or "kpi"), pid
        if p.index != STATUTE:
            index = library.indices[r.index]
            for v in p.values:
                assert v.year_of_prices in index.values, (pid, v.year_of_prices)


# --- grades ------------------------------------------------------------------------------------


def test_best_grade_is_the_best_of_the_sources() -> None:
    def c(grade: str | None) -> Citation:
        return Citation.model_validate({"title": "t", "grade": grade})

    assert best_grade([c("estimate"), c("secondary")]) == "secondary"
    assert best_grade([c("secondary"), c("primary"), c("estimate")]) == "primary"
    assert best_grade([c(None), c("estimate")]) == "estimate"
    assert best_grade([c(None)]) is None
    with pytest.raises(ValidationError):
        c("tertiary")


def _library_files() -> list[str]:
    return [path.stem for path in sorted(PARAMS_DIR.glob("*.yaml"))]


@pytest.mark.parametrize("file", _library_files())
def test_every_verified_parameter_has_a_primary_source(
    library: ParameterLibrary, file: str
) -> None:
    ids = [pid for pid in library.ids if pid.split(".")[0] == file]
    assert ids
    lacking = [
        pid
        for pid in ids
        if library.parameters[pid].status == "verified"
        and library.parameters[pid].grade != "primary"
    ]
    assert not lacking, f"verified without a source graded primary: {lacking}"


@pytest.mark.parametrize("file", _library_files())
def test_every_source_in_the_shipped_library_is_graded(
    library: ParameterLibrary, file: str
) -> None:
    ungraded = [
        (pid, s.title)
        for pid in library.ids
        if pid.split(".")[0] == file
        for s in library.parameters[pid].sources
        if s.grade is None
    ]
    assert not ungraded, ungraded


def test_every_index_source_is_graded(library: ParameterLibrary) -> None:
    for name, index in library.indices.items():
        assert all(s.grade is not None for s in index.sources), name


# --- what a user sees ----------------------------------------------------------------------------


def test_params_shows_the_grade_and_statutory_amounts() -> None:
    result = run_cli("params", "socialforsakring", "--lang", "en")
    assert result.returncode == 0, result.describe()
    out = result.output
    assert "Grade" in out and "primary source" in out
    assert "by statute" in out
    as_json = run_cli("params", "socialforsakring.barnbidrag", "--format", "json").json()
    (row,) = as_json
    assert row["index"] == "statute" and row["grade"] == "primary"
    assert row["rebasing_factor"] == 1.0
    assert {s["grade"] for s in row["sources"]} <= {"primary", "secondary", "estimate"}
