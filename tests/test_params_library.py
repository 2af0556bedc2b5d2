"""The shipped Swedish parameter library: every file loads cleanly, every parameter is
complete, money is rebased with KPI as computed by hand, local overrides change only what
they name, bad overrides are refused with the file, line and field, and the parameter hash
follows the values.

Run with ``python -m pytest tests/test_params_library.py -q -W error``.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import warnings
from pathlib import Path
from typing import get_args

import pytest

from socinvest.params.errors import InputError, Problem
from socinvest.params.library import (
    ParameterLibrary,
    ResolvedParameter,
    load_library,
    load_overrides,
    parameter_hash,
)
from socinvest.params.model import Parameter
from socinvest.params.payers import default_payer_tree
from socinvest.params.units import MONEY_UNITS, Unit

ROOT = Path(__file__).resolve().parent.parent
PARAMS_DIR = ROOT / "src" / "socinvest" / "data" / "params"

SHIPPED_FILES = {
    "arbetsmarknad",
    "barn",
    "barnkostnad",
    "diskontering",
    "halsa",
    "produktion",
    "rattsvasende",
    "skola",
    "socialforsakring",
    "socialtjanst",
}

# KPI (1980=100) annual averages, written out by hand from indices.yaml.
KPI_2018 = 328.40
KPI_2019 = 334.26
KPI_2024 = 415.01
KPI_2020 = 335.92
LON_2018 = 107.48
LON_2019 = 109.40
LON_2024 = 124.95
PKV_2018 = 107.64
PKV_2024 = 136.02

WHEN = dt.date(2026, 1, 1)
PRICE_YEAR = 2024

VALID_OVERRIDE = """\
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


@pytest.fixture(scope="module")
def library() -> ParameterLibrary:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_library()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line of ``text`` containing ``fragment``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return found[occurrence - 1]


def _resolve_all(lib: ParameterLibrary) -> dict[str, ResolvedParameter]:
    return {pid: lib.resolve(pid, PRICE_YEAR, WHEN) for pid in lib.ids}


def _refused(lib: ParameterLibrary, path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_overrides(lib, path)
    assert info.value.source == str(path)
    return info.value


def _problem(err: InputError, field: str) -> Problem:
    matches = [p for p in err.problems if p.field == field]
    assert matches, f"no problem for {field!r} in: {err}"
    return matches[0]


# --- the shipped files ------------------------------------------------------------------


def test_every_shipped_file_loads_without_warnings(library: ParameterLibrary) -> None:
    files = {p.stem for p in PARAMS_DIR.glob("*.yaml")}
    assert files >= SHIPPED_FILES
    prefixes = {pid.split(".")[0] for pid in library.ids}
    assert prefixes == files, "every file contributes at least one parameter"
    for pid, origin in library.origins.items():
        assert origin == pid.split(".")[0] + ".yaml"


def test_each_file_loads_on_its_own(tmp_path: Path) -> None:
    for name in sorted(SHIPPED_FILES):
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{name}.yaml").write_text(
            (PARAMS_DIR / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            lib = load_library(folder)
        assert lib.ids and all(pid.startswith(name + ".") for pid in lib.ids)


def test_every_parameter_is_complete(library: ParameterLibrary) -> None:
    units = set(get_args(Unit))
    payers = set(default_payer_tree().ids)
    for pid, p in library.parameters.items():
        assert isinstance(p, Parameter)
        assert p.label.sv.strip() and p.label.en.strip(), pid
        assert p.unit in units, pid
        assert p.sources, pid
        assert all(s.title.strip() for s in p.sources), pid
        assert isinstance(p.last_reviewed, dt.date), pid
        assert p.values, pid
        if p.payer is not None:
            assert p.payer in payers, f"{pid}: unknown payer {p.payer!r}"
        if p.status == "derived":
            assert p.derivation and p.derivation.strip(), pid
        if p.unit in MONEY_UNITS and p.index != "statute":
            first, last = library.indices[p.index or "kpi"].years
            for v in p.values:
                assert first <= v.year_of_prices <= last, (
                    f"{pid}: price year {v.year_of_prices} outside its index {first}-{last}"
                )
        if p.unit == "fraction":
            assert all(0.0 <= v.value <= 1.0 for v in p.values), pid


def test_every_parameter_resolves_at_any_date(library: ParameterLibrary) -> None:
    for when in (dt.date(2000, 1, 1), dt.date(2019, 6, 30), WHEN):
        for pid in library.ids:
            r = library.resolve(pid, PRICE_YEAR, when)
            assert math.isfinite(r.value), pid
            if r.unit in MONEY_UNITS:
                assert r.price_year == PRICE_YEAR, pid
                assert r.index == (library.parameters[pid].index or "kpi"), pid
            else:
                assert r.factor == 1.0 and r.price_year is None, pid


def test_expected_content_is_present(library: ParameterLibrary) -> None:
    for pid in (
        "diskontering.ranta",
        "diskontering.ranta_asek",
        "diskontering.ranta_myndigheter",
        "skola.forskola_per_barn",
        "skola.grundskola_per_elev",
        "skola.gymnasieskola_per_elev",
        "skola.fritidshem_per_elev",
        "socialtjanst.familjehem_per_ar",
        "socialtjanst.hvb_per_dygn",
        "socialtjanst.sis_per_dygn",
        "socialtjanst.ekonomiskt_bistand_per_hushall_ar",
        "socialforsakring.barnbidrag_per_manad",
        "rattsvasende.anstalt_per_dygn",
        "rattsvasende.hakte_per_dygn",
        "rattsvasende.frivard_per_dygn",
        "produktion.produktionsvarde_per_ar",
        "barn.foraldrapenning_per_barn",
    ):
        assert pid in library, pid
    names = ("ranta", "ranta_asek", "ranta_tlv", "ranta_myndigheter")
    rates = {
        f"diskontering.{n}": library.resolve(f"diskontering.{n}", PRICE_YEAR, WHEN).value
        for n in names
    }
    assert rates == {
        "diskontering.ranta": 0.035,  # the default: ASEK's real rate
        "diskontering.ranta_asek": 0.035,
        "diskontering.ranta_tlv": 0.03,
        "diskontering.ranta_myndigheter": 0.04,
    }
    assert library.parameters["produktion.arbetsgivaravgift"].values[-1].value == 0.3142


def test_production_value_matches_its_derivation(library: ParameterLibrary) -> None:
    p = library.parameters["produktion.produktionsvarde_per_ar"]
    assert p.values[-1].value == pytest.approx(39900 * 12 * 1.3142, abs=0.005)


# --- rebasing and choosing the dated value ------------------------------------------------


def test_rebasing_matches_hand_computed_index_ratios(library: ParameterLibrary) -> None:
    # KPI: activity compensation (follows the price base amount, which follows KPI)
    r = library.resolve("socialforsakring.aktivitetsersattning_per_manad", 2024, WHEN)
    assert r.index == "kpi" and r.original_value == 9282.5
    assert r.original_price_year == 2020 and r.price_year == 2024
    assert r.factor == pytest.approx(KPI_2024 / KPI_2020, rel=1e-12)
    assert r.value == pytest.approx(9282.5 * KPI_2024 / KPI_2020, rel=1e-12)
    # Money bounds of the uncertainty move with the value.
    assert r.uncertainty.low == pytest.approx(8790 * KPI_2024 / KPI_2020, rel=1e-12)
    assert r.uncertainty.high == pytest.approx(9775 * KPI_2024 / KPI_2020, rel=1e-12)

    # The wage index (lon, 2015=100): a prison day is staff time
    prison = library.resolve("rattsvasende.anstalt_per_dygn", 2024, dt.date(2019, 12, 31))
    assert prison.index == "lon" and prison.original_value == 3202
    assert prison.factor == pytest.approx(LON_2024 / LON_2019, rel=1e-12)
    assert prison.value == pytest.approx(3202 * LON_2024 / LON_2019, rel=1e-12)
    assert prison.uncertainty.low == pytest.approx(3100 * LON_2024 / LON_2019, rel=1e-12)

    # SKR's PKV: school costs
    school = library.resolve("skola.grundskola_per_elev", 2024, dt.date(2018, 6, 30))
    assert school.index == "pkv"
    assert school.value == pytest.approx(112200 * PKV_2024 / PKV_2018, rel=1e-12)

    back = library.resolve("rattsvasende.anstalt_per_dygn", 2018, dt.date(2019, 12, 31))
    assert back.value == pytest.approx(3202 * LON_2018 / LON_2019, rel=1e-12)

    same = library.resolve("rattsvasende.anstalt_per_dygn", 2019, dt.date(2019, 12, 31))
    assert same.value == 3202 and same.factor == 1.0


def test_non_money_units_are_not_rebased(library: ParameterLibrary) -> None:
    r = library.resolve("diskontering.ranta", 2024, WHEN)
    assert r.value == 0.035 and r.factor == 1.0 and r.index is None


def test_explicit_price_year_is_used_for_rebasing(library: ParameterLibrary) -> None:
    # The 2025 list price for HVB is recorded in 2024 prices (the KPI series ends in 2024).
    r = library.resolve("socialtjanst.hvb_per_dygn", 2024, WHEN)
    assert r.date == dt.date(2025, 1, 1)
    assert r.original_price_year == 2024 and r.factor == 1.0 and r.value == 4219


def test_resolve_picks_latest_value_on_or_before_the_date(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    _write(
        folder,
        "prov.yaml",
        """\
        kostnad:
          label: {sv: Provkostnad, en: Test cost}
          unit: SEK/year
          values:
            - {date: 2015-01-01, value: 100}
            - {date: 2018-07-01, value: 200}
            - {date: 2021-01-01, value: 300}
          payer: kommun.skola
          status: illustrative
          sources:
            - {title: Test figure}
          last_reviewed: 2026-11-29
        """,
    )
    lib = load_library(folder)
    cases = {
        dt.date(2010, 1, 1): 100,  # before the first date: the first value
        dt.date(2015, 1, 1): 100,  # on a date
        dt.date(2018, 6, 30): 100,
        dt.date(2018, 7, 1): 200,
        dt.date(2020, 12, 31): 200,
        dt.date(2021, 1, 1): 300,
        dt.date(2030, 1, 1): 300,
    }
    for when, expected in cases.items():
        r = lib.resolve("prov.kostnad", 2020, when)
        assert r.original_value == expected, when
    r = lib.resolve("prov.kostnad", 2024, dt.date(2019, 1, 1))
    assert r.value == pytest.approx(200 * KPI_2024 / KPI_2018, rel=1e-12)

    shipped = load_library()
    remand = "rattsvasende.hakte_per_dygn"
    assert shipped.resolve(remand, 2019, dt.date(2019, 12, 31)).original_value == 3255
    assert shipped.resolve(remand, 2019, dt.date(2020, 1, 1)).original_value == 3132


def test_price_year_outside_the_index_is_a_clear_error(
    library: ParameterLibrary, tmp_path: Path
) -> None:
    first, last = library.indices["kpi"].years
    with pytest.raises(ValueError) as info:
        library.resolve("socialforsakring.aktivitetsersattning_per_manad", 1990, WHEN)
    message = str(info.value)
    assert "'kpi'" in message and "1990" in message and f"{first}-{last}" in message

    path = _write(
        tmp_path,
        "old.yaml",
        """\
        rattsvasende.frivard_per_dygn:
          values:
            - {date: 2003-01-01, value: 300}
          status: verified
          sources:
            - {title: Old figure}
          last_reviewed: 2026-11-29
        """,
    )
    old = load_overrides(library, path)
    with pytest.raises(ValueError) as info:
        old.resolve("rattsvasende.frivard_per_dygn", PRICE_YEAR, WHEN)
    message = str(info.value)
    lon_first, lon_last = library.indices["lon"].years  # probation days follow the wage index
    assert "'lon'" in message and "2003" in message and f"{lon_first}-{lon_last}" in message


# --- local overrides ----------------------------------------------------------------------


def test_override_changes_exactly_the_value_it_names(
    library: ParameterLibrary, tmp_path: Path
) -> None:
    before = _resolve_all(library)
    path = _write(tmp_path, "lokal.yaml", VALID_OVERRIDE)
    local = load_overrides(library, path)
    after = _resolve_all(local)

    pid = "skola.grundskola_per_elev"
    assert set(after) == set(before)
    changed = {i for i in before if before[i] != after[i]}
    assert changed == {pid}
    assert after[pid].value == 140000 and after[pid].factor == 1.0
    assert after[pid].origin == str(path)
    assert after[pid].sources[0].publisher == "Exempelkommun"
    # Label, unit, payer and uncertainty are kept from the library.
    assert after[pid].label == before[pid].label
    assert after[pid].unit == before[pid].unit and after[pid].payer == before[pid].payer
    # The default's uncertainty is kept relative to the value: bounds scale with it.
    default_u = library.parameters[pid].uncertainty
    local_u = local.parameters[pid].uncertainty
    scale = 140000 / library.parameters[pid].values[-1].value
    assert local_u.distribution == default_u.distribution
    for key in ("sd", "low", "high"):
        if getattr(default_u, key) is not None:
            assert getattr(local_u, key) == pytest.approx(getattr(default_u, key) * scale)
    assert local.overridden == frozenset({pid})
    # The defaults are never edited in place.
    assert _resolve_all(library) == before
    assert library.origins[pid] == "skola.yaml"


def test_override_may_add_a_new_parameter(library: ParameterLibrary, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ny.yaml",
        """\
        lokalt.mentor_per_timme:
          label: {sv: Mentor per timme, en: Mentor per hour}
          unit: SEK/hour
          values:
            - {date: 2024-01-01, value: 450}
          payer: kommun.fritid
          status: verified
          sources:
            - {title: Avtal 2024, publisher: Exempelkommun}
          last_reviewed: 2026-11-29
        """,
    )
    local = load_overrides(library, path)
    assert local.resolve("lokalt.mentor_per_timme", 2024, WHEN).value == 450
    assert set(local.ids) - set(library.ids) == {"lokalt.mentor_per_timme"}


def test_unknown_id_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = VALID_OVERRIDE.replace("skola.grundskola_per_elev:", "skola.grundskola_per_eleven:")
    path = _write(tmp_path, "bad.yaml", text)
    err = _refused(library, path)
    problem = _problem(err, "skola.grundskola_per_eleven")
    assert problem.line == 1
    assert "unknown parameter" in problem.message
    assert f"{path}:1: skola.grundskola_per_eleven:" in str(err)


def test_wrong_unit_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = VALID_OVERRIDE.replace("  status: verified\n", "  unit: SEK/month\n  status: verified\n")
    path = _write(tmp_path, "bad.yaml", text)
    line = _line_of(text, "unit: SEK/month")
    err = _refused(library, path)
    problem = _problem(err, "skola.grundskola_per_elev.unit")
    assert problem.line == line
    assert "SEK/year" in problem.message and "SEK/month" in problem.message
    assert f"{path}:{line}: skola.grundskola_per_elev.unit:" in str(err)


def test_missing_source_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = """\
skola.grundskola_per_elev:
  values:
    - {date: 2024-01-01, value: 140000}
  status: verified
  last_reviewed: 2026-11-29
"""
    path = _write(tmp_path, "bad.yaml", text)
    err = _refused(library, path)
    problem = _problem(err, "skola.grundskola_per_elev.sources")
    assert problem.line == 1  # the field is missing: the line of its parameter
    assert f"{path}:1: skola.grundskola_per_elev.sources:" in str(err)


def test_unknown_field_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = VALID_OVERRIDE.replace("  status: verified\n", "  staus: verified\n")
    path = _write(tmp_path, "bad.yaml", text)
    line = _line_of(text, "staus:")
    err = _refused(library, path)
    problem = _problem(err, "skola.grundskola_per_elev.staus")
    assert problem.line == line
    assert "unknown field" in problem.message
    assert f"{path}:{line}: skola.grundskola_per_elev.staus:" in str(err)


def test_duplicate_key_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = VALID_OVERRIDE.replace(
        "  last_reviewed: 2026-11-29\n", "  status: not_verified\n  last_reviewed: 2026-11-29\n"
    )
    path = _write(tmp_path, "bad.yaml", text)
    first = _line_of(text, "status:", 1)
    second = _line_of(text, "status:", 2)
    err = _refused(library, path)
    problem = _problem(err, "skola.grundskola_per_elev.status")
    assert problem.line == second
    assert "duplicate key" in problem.message and str(first) in problem.message
    assert f"{path}:{second}: skola.grundskola_per_elev.status:" in str(err)


def test_fraction_given_as_percent_is_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    text = """\
produktion.arbetsgivaravgift:
  values:
    - {date: 2024-01-01, value: 35}
  status: verified
  sources:
    - {title: Lokal uppgift}
  last_reviewed: 2026-11-29
"""
    path = _write(tmp_path, "bad.yaml", text)
    err = _refused(library, path)
    # The check is on the whole parameter, so the problem is reported at the parameter.
    problem = _problem(err, "produktion.arbetsgivaravgift")
    assert problem.line == 1
    assert "not percent" in problem.message and "35" in problem.message
    assert f"{path}:1: produktion.arbetsgivaravgift:" in str(err)


def test_good_override_file_is_not_refused(library: ParameterLibrary, tmp_path: Path) -> None:
    path = _write(tmp_path, "ok.yaml", VALID_OVERRIDE)
    load_overrides(library, path)


# --- the parameter hash -------------------------------------------------------------------


def test_parameter_hash_follows_the_values(library: ParameterLibrary, tmp_path: Path) -> None:
    base = parameter_hash(_resolve_all(library).values())
    assert base == parameter_hash(_resolve_all(library).values())

    repeat = _write(
        tmp_path,
        "repeat.yaml",
        """\
        rattsvasende.frivard_per_dygn:
          values:
            - {date: 2019-01-01, value: 336}
          status: verified
          sources:
            - {title: Lokal kopia av Kriminalvårdens uppgift}
          last_reviewed: 2026-11-29
        """,
    )
    same = load_overrides(library, repeat)
    assert parameter_hash(_resolve_all(same).values()) == base

    change = _write(
        tmp_path,
        "change.yaml",
        """\
        rattsvasende.frivard_per_dygn:
          values:
            - {date: 2019-01-01, value: 337}
          status: verified
          sources:
            - {title: Lokal uppgift}
          last_reviewed: 2026-11-29
        """,
    )
    changed = load_overrides(library, change)
    assert parameter_hash(_resolve_all(changed).values()) != base

    # The hash is over the values in the analysis price year, so it also changes with it.
    other_year = parameter_hash(library.resolve(pid, 2023, WHEN) for pid in library.ids)
    assert other_year != base
