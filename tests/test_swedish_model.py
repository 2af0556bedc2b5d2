"""The default Swedish life-course model (``model: {use: sverige}``) and its calibration targets.

Each target below is computed from the shipped model with the engine (a birth cohort through
the compiled transitions with :func:`socinvest.core.cohort.simulate_cohort`, and the typfall
from the resolved per-state costs), so these tests fail if someone edits the model away from
the targets. The definitions, sources and the model's values are in ``docs/swedish-model.md``;
``scripts/calibrate_swedish_model.py`` re-calibrates the model and prints the same table.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from socinvest.analysis.psa import run_psa
from socinvest.analysis.results import analyse
from socinvest.core.cohort import simulate_cohort
from socinvest.core.ledger import CATEGORIES
from socinvest.params.library import default_library
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import shipped_model_names
from socinvest.scenario.references import resolve_scenario

FloatArray = npt.NDArray[np.float64]
ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Calibration targets (the same constants are in scripts/calibrate_swedish_model.py)

EXCLUSION_SHARE_TARGET = 0.125
"""(a) A COMPARISON, not a fitted target (no register definition). Share of a birth cohort in
long-term exclusion: 'fler än 12 %' (vikanmittsverige.se,
citing Idéer för livet / Nilsson & Wadeskog), 'ca 13 %' (agnetabravelius.se); Luleå 100 of 776
(12.9 %), Sundsvall 142 of 1 109 (12.8 %). Measured as the share of the cohort alive at age 30
(start of the year) that is in ``excluded``, ``psych_disability`` or ``criminal``: the three
lasting forms of Nilsson & Wadeskog's 'utanförskap' (outside the labour market on income
support or benefits, with a psychiatric disability, in a criminal career), at an age when
education is over and short spells of NEET have mostly ended."""
EXCLUSION_SHARE_TOLERANCE = 0.015
EXCLUSION_SHARE_ACHIEVED = 0.0573
"""What the model calibrated to the register targets gives: 5.7 % (excluded 4.6, criminal 0.4,
psych_disability 0.7 % of the living at 30). The sources' 12-13 % counts young people who
neither work nor study a few years after upper secondary school, short spells included
("knappt 12 %", Är du lönsam lille vän?); in the model that is (e), 10 %
(docs/swedish-model.md, section 3)."""
EXCLUSION_AGE = 30
EXCLUSION_STATES = ("excluded", "psych_disability", "criminal")

NO_DIPLOMA_SHARE_TARGET = 0.115
"""(b) Share of 24-year-olds without an upper-secondary diploma: 14 746 persons, 'en dryg
tiondel' of the cohort (Hök & Sanandaji, GP debatt 2017; Skandia press release 'en av tio',
about 14 000 a cohort). 14 746 out of a cohort of 24-year-olds of about 115 000-140 000 (not
verified) is 10.5-12.8 %. Measured as the share of the cohort alive at 24 that has never moved
from ``upper_secondary`` to ``working`` or ``studying`` (the model's diploma)."""
NO_DIPLOMA_SHARE_TOLERANCE = 0.015
NO_DIPLOMA_AGE = 24

TYPFALL_TOTAL_TARGET = 12.5e6
"""(c) Cost of one person in exclusion from 20 to pension: 10-15 MSEK, welfare costs plus
production loss (vikanmittsverige.se; 'Är du lönsam lille vän?'; Horisont/Karlstad). Taken
as UNDISCOUNTED: one person in ``excluded`` every year at ages 20-64, public costs (and costs
to others) booked on the payers, plus the production loss: the employment rate times the value
of a year of work at the education level ``excluded`` declares (TYPFALL_EDUCATION). No factor
scales the production loss to hit it; met in the same price year (TYPFALL_SOURCE_PRICE_YEAR,
TYPFALL_TOTAL_ACHIEVED)."""
TYPFALL_TOTAL_TOLERANCE = 2.5e6
TYPFALL_SOURCE_PRICE_YEAR = 2008
"""The 10-15 MSEK are in the prices of 'Är du lönsam lille vän?' (2008; the report states no
price year, so its year of publication is taken). The target is compared in 2024 prices: times
the library's KPI ratio 2008 -> 2024, 13.8-20.7 MSEK."""
TYPFALL_AGES = (20, 64)
TYPFALL_EDUCATION = "forgymnasial"
TYPFALL_TOTAL_ACHIEVED = 18.24e6
"""What the model gives (2024 prices): 5.39 MSEK welfare costs + 12.85 MSEK production loss
(45 x 0.61 x 468 180, the value of work on the wage index): inside 10-15 MSEK of 2008 in 2024
prices (13.8-20.7), 1.0 MSEK above its centre (17.26); above 10-15 MSEK taken as 2024 prices."""

PAYER_SPLIT_TARGET = {
    "kommun": 0.32,
    "forsakringskassan": 0.26,
    "region": 0.19,
    "rattsvasende": 0.10,
    "arbetsformedlingen": 0.06,
    "ovriga": 0.06,
}
"""(d) Split of the typfall's welfare costs (everything but the production loss) by payer:
the Luleå six-year-old cohort calculation (Skandia / Nilsson & Wadeskog, reproduced on
rymdiz.blogspot.com 2013): kommun 500, Försäkringskassan 400, landsting 300, rättsväsende 150,
Arbetsförmedlingen 'under ca 100', others 100 MSEK of 1 575 MSEK. One municipality's output."""
PAYER_SPLIT_TOLERANCE = 0.05
PAYER_GROUPS = {
    "kommun": ("kommun",),
    "forsakringskassan": ("stat.forsakringskassan",),
    "region": ("region",),
    "rattsvasende": ("stat.kriminalvarden", "stat.rattsvasende"),
    "arbetsformedlingen": ("stat.arbetsformedlingen",),
    "ovriga": ("ovriga", "stat.sis", "stat"),
}

# Register-definition targets (issue 10, item 5). The model is calibrated to (b), (e), (f),
# (g) and (h) (FITTED); each is recomputed here and checked against its tolerance, and the
# comparisons ((a), the diploma within five years, the cohort split) at the value the model
# ACHIEVES, with the gap written down (docs/swedish-model.md, section 3).
FITTED = ("(b)", "(e)", "(f)", "(g)", "(h)")

UVAS_STATES = ("neet", "excluded", "psych_disability", "criminal", "at_risk", "placed")
UVAS_20_24_TARGET = 0.10
"""(e) 20-24-year-olds not working or studying: 'nästan var tionde' in 2018, 8.5-12 % over
2007-2018 (Folkhälsomyndigheten, from SCB's labour force survey, NEET definition: not in work
or education in a given week). Model: the mean over ages 20-24 of the share of the living in
UVAS_STATES."""
UVAS_25_29_TARGET = 0.112
"""(f) 25-29-year-olds not working or studying a whole calendar year (MUCF's register
definition: no work income over a price base amount, no study grant, not registered in
education): 11.69 % in 2017 (mucf.se), 11.2 % in 2021 (ungidag.se, MUCF)."""
UVAS_TOLERANCE = 0.02
EMPLOYMENT_30_49_TARGET = 0.875
"""(g) Employment rate of people born in Sweden at 30-49 (SCB's labour force survey):
derived, 0.9175 x (1 - 0.046) = 0.875, from the relative labour force participation of people
born in Sweden aged 25-44 in 2021 (women 90.0 %, men 93.5 %, scb.se 'Befolkningen och relativa
arbetskraftstal efter ålder och födelseregion') and the unemployment rate of people born in
Sweden aged 20-64, 4.6 % (SCB, AKU first quarter 2021). Model: mean over 30-49 of the share
of the living in ``working``."""
EMPLOYMENT_TOLERANCE = 0.03
DIPLOMA_4_YEARS_TARGET = 0.71
"""(h) Upper-secondary diploma within four years of starting, introduction programmes
included: 71 % in 2020 (Folkhälsomyndigheten, from Skolverket/SCB; 74 % in 2022 by the Swedish
hållbarometer pages, SCB data). Model: share of the cohort alive at 20 with a diploma."""
DIPLOMA_TOLERANCE = 0.03
DIPLOMA_5_YEARS_COMPARISON = 0.74
"""Diploma within five years: a comparison. Skolverket's own table not read; ekonomifakta.se
(citing Skolverket): 'nära 74 procent' of the pupils who started a national programme in the
autumn of 2017 had a diploma in 2022."""
COHORT_SPLIT_TOLERANCE = 0.05

ACHIEVED = {
    "uvas_20_24": 0.1000,
    "uvas_25_29": 0.1120,
    "employment_30_49": 0.8750,
    "diploma_4_years": 0.7100,
    "diploma_5_years": 0.8041,
}
"""The model's values of (e)-(h), all fitted (seven multipliers, scipy least_squares) and met
exactly before rounding, and of the diploma within five years (a comparison: 80.4 % against
ekonomifakta's 74 % for pupils of national programmes, whose definition differs)."""

COHORT_SPLIT_ACHIEVED = {
    "kommun": 0.2317,
    "forsakringskassan": 0.3851,
    "region": 0.1656,
    "rattsvasende": 0.1402,
    "arbetsformedlingen": 0.0181,
    "ovriga": 0.0593,
}
"""(j) The cohort view of 776 six-year-olds: shares of its welfare costs (ages 6-64, in the
three long-term states) by Luleå group. Region, justice, Arbetsförmedlingen and others are
within 5 pp of Luleå; kommun (-8.8 pp) and Försäkringskassan (+12.5 pp) are not: the
cohort's exclusion includes psych_disability (activity and sickness compensation, 2.7 % of
the living at 19-64 against Försäkringskassan's 4.9 % in 2018) and criminal careers; bringing
Försäkringskassan within 5 pp needs psych_disability below about 0.5 % of 19-64-year-olds
(docs/swedish-model.md, section 3)."""
COHORT_SPLIT_SOURCE_CONVENTION = {
    "kommun": 0.3303,
    "forsakringskassan": 0.2930,
    "region": 0.2112,
    "rattsvasende": 0.1067,
    "arbetsformedlingen": 0.0138,
    "ovriga": 0.0451,
}
"""(j) under the source convention (socinvest.analysis.cohort_view.SOURCE_CONVENTION): the
same welfare costs plus the municipal and regional income tax the lost earnings would have
paid, on the kommun and the region at their own rates, before income equalisation. All six
within 5 pp of Luleå (Arbetsförmedlingen -4.6 pp; Luleå's "< ca 100" MSEK is an upper bound).
The gap of the default split is one of booking, not of the life course (docs/swedish-model.md,
section 3)."""

BIRTH_COHORT = """\
socinvest: 1
id: sverige_birth_cohort
title: Birth cohort through the default Swedish model
model: {use: sverige}
target_group: {start_age: 0, level: universal, initial_states: {on_track: 1.0}, size: 1}
alternatives:
  - {id: as_today, comparison: true}
  - {id: same}
analysis: {horizon: {age: 81}, price_year: 2024}
"""

SCENARIO = """\
socinvest: 1
id: sverige_smoke
title: A trivial intervention on the default Swedish model
model: {use: sverige}
target_group:
  start_age: 4
  level: indicated
  initial_states: {at_risk: 1.0}
  intake: {per_year: 30, years: 3}
interventions:
  - id: support
    eligible_states: [at_risk]
    costs:
      - {payer: kommun.socialtjanst, per_participant: 15000}
    effects:
      - {from: at_risk, to: on_track, relative_risk: 1.5, ages: 4-6}
    evidence: {grade: illustrative, illustrative: true}
alternatives:
  - {id: as_today, comparison: true}
  - {id: support, interventions: [support]}
analysis: {price_year: 2024, horizon: {age: 65}}
"""


def calibration_script(monkeypatch: pytest.MonkeyPatch) -> Any:
    """scripts/calibrate_swedish_model.py, imported as a module."""
    path = ROOT / "scripts" / "calibrate_swedish_model.py"
    spec = importlib.util.spec_from_file_location("calibrate_swedish_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cohort() -> CompiledScenario:
    """A birth cohort of one child through the shipped model, resolved and compiled."""
    scenario = parse_scenario(BIRTH_COHORT, "<birth cohort>")
    return compile_scenario(resolve_scenario(scenario, default_library()).scenario)


def _occupancy(compiled: CompiledScenario, matrices: FloatArray, ages: int) -> FloatArray:
    initial = np.zeros(matrices.shape[-1])
    initial[compiled.states.index("on_track")] = 1.0
    path = simulate_cohort(initial, matrices, compiled.band_of_cycle[:ages])
    occupancy: FloatArray = path.occupancy[0]
    return occupancy


def exclusion_share(compiled: CompiledScenario) -> float:
    """Target (a): share of the cohort alive at 30 in a long-term exclusion state."""
    at = _occupancy(compiled, compiled.transitions, EXCLUSION_AGE)[EXCLUSION_AGE]
    alive = at.sum() - at[compiled.states.index("dead")]
    return float(sum(at[compiled.states.index(s)] for s in EXCLUSION_STATES) / alive)


def no_diploma_share(compiled: CompiledScenario) -> float:
    """Target (b): share of the cohort alive at 24 that never completed upper secondary.

    The chain is doubled into a 'no diploma yet' and a 'diploma' layer; the moves from
    ``upper_secondary`` to ``working`` or ``studying`` lead into the diploma layer.
    """
    p = compiled.transitions
    n = p.shape[-1]
    us = compiled.states.index("upper_secondary")
    layered = np.zeros((p.shape[0], 2 * n, 2 * n))
    layered[:, :n, :n] = p
    layered[:, n:, n:] = p
    for state in ("working", "studying"):
        j = compiled.states.index(state)
        layered[:, us, n + j] = p[:, us, j]
        layered[:, us, j] = 0.0
    at = _occupancy(compiled, layered, NO_DIPLOMA_AGE)[NO_DIPLOMA_AGE]
    dead = compiled.states.index("dead")
    without = at[:n].sum() - at[dead]
    with_diploma = at[n:].sum() - at[n + dead]
    return float(without / (without + with_diploma))


def typfall(compiled: CompiledScenario) -> tuple[dict[str, float], float]:
    """Targets (c, d): undiscounted welfare costs by payer of one person in ``excluded`` every
    year of TYPFALL_AGES (resource and transfer flows on every payer but the individual) and
    the production loss, computed by hand from the library: years x employment rate x the
    value of a year of work at TYPFALL_EDUCATION."""
    low, high = TYPFALL_AGES
    ages = slice(low - compiled.start_age, high - compiled.start_age + 1)
    excluded = compiled.states.index("excluded")
    categories = [CATEGORIES.index("resource"), CATEGORIES.index("transfer")]
    costs = {
        payer: float(compiled.annual[ages, excluded, n][:, categories].sum())
        for n, payer in enumerate(compiled.payers.ids)
        if payer != "individ"
    }
    library = default_library()
    when = dt.date(compiled.scenario.analysis.start_year, 1, 1)
    value = library.resolve(f"produktion.produktionsvarde_{TYPFALL_EDUCATION}", 2024, when)
    rate = library.resolve(f"produktion.sysselsattningsgrad_{TYPFALL_EDUCATION}", 2024, when)
    production = (high - low + 1) * float(rate.value) * float(value.value)
    return {k: v for k, v in costs.items() if v}, production


def payer_shares(costs: dict[str, float]) -> dict[str, float]:
    total = sum(costs.values())
    shares = dict.fromkeys(PAYER_GROUPS, 0.0)
    for payer, amount in costs.items():
        group = next(
            g
            for g, prefixes in PAYER_GROUPS.items()
            if any(payer == p or payer.startswith(p + ".") for p in prefixes)
        )
        shares[group] += amount / total
    return shares


# --------------------------------------------------------------------------------------------
# The model loads, validates and runs


def test_sverige_is_shipped() -> None:
    assert "sverige" in shipped_model_names()


def test_scenario_using_the_model_runs_through_analyse() -> None:
    results = analyse(parse_scenario(SCENARIO, "<smoke>"))
    assert [a.id for a in results.run.alternatives] == ["as_today", "support"]
    assert results.compiled.states[0] == "on_track"
    assert len(results.compiled.states) == 11
    for alternative in results.run.alternatives:
        assert np.all(np.isfinite(alternative.ledger))
    # Moving children out of 'at_risk' early costs the intervention and must change the ledger.
    difference = results.run.alternatives[1].ledger - results.run.alternatives[0].ledger
    assert np.abs(difference).sum() > 0


def test_rows_sum_to_one(cohort: CompiledScenario) -> None:
    p = cohort.transitions
    assert np.all(p >= 0.0)
    assert np.all(p <= 1.0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-9)
    dead = cohort.states.index("dead")
    np.testing.assert_array_equal(p[:, dead, dead], 1.0)


def test_every_age_to_80_is_covered(cohort: CompiledScenario) -> None:
    assert cohort.unit_cycles == 81
    assert cohort.band_of_cycle.shape == (81,)


def test_no_costs_or_earnings_after_64(cohort: CompiledScenario) -> None:
    assert not np.any(cohort.annual[65:])


def test_transfers_net_to_zero(cohort: CompiledScenario) -> None:
    transfer = CATEGORIES.index("transfer")
    np.testing.assert_allclose(cohort.annual[..., transfer].sum(axis=-1), 0.0, atol=1e-6)


# --------------------------------------------------------------------------------------------
# Calibration targets


def test_comparison_a_share_in_long_term_exclusion_at_30(cohort: CompiledScenario) -> None:
    """(a) is a comparison: pinned at the model's value, below Nilsson & Wadeskog's 12.5 %."""
    value = exclusion_share(cohort)
    assert value == pytest.approx(EXCLUSION_SHARE_ACHIEVED, abs=5e-4)
    assert EXCLUSION_SHARE_TARGET - value > EXCLUSION_SHARE_TOLERANCE


def test_target_b_share_of_24_year_olds_without_diploma(cohort: CompiledScenario) -> None:
    value = no_diploma_share(cohort)
    assert abs(value - NO_DIPLOMA_SHARE_TARGET) <= NO_DIPLOMA_SHARE_TOLERANCE, value


def test_target_c_typfall_cost_20_to_65_is_at_its_achieved_value(
    cohort: CompiledScenario,
) -> None:
    costs, production_loss = typfall(cohort)
    total = sum(costs.values()) + production_loss
    assert total == pytest.approx(TYPFALL_TOTAL_ACHIEVED, abs=0.01e6)
    # In the same price year (2024) as the sources' 10-15 MSEK of 2008, rebased by KPI, the
    # typfall is inside the range; taken as 2024 prices it would be above it.
    kpi = default_library().indices["kpi"].factor(TYPFALL_SOURCE_PRICE_YEAR, 2024)
    assert 1.3 < kpi < 1.45
    assert abs(total - TYPFALL_TOTAL_TARGET * kpi) <= TYPFALL_TOTAL_TOLERANCE * kpi
    assert total - TYPFALL_TOTAL_TARGET > TYPFALL_TOTAL_TOLERANCE
    # Public costs and production loss are both substantial and kept apart.
    assert sum(costs.values()) > 0.25 * total
    assert production_loss > 0.25 * total


@pytest.mark.parametrize("group", list(PAYER_SPLIT_TARGET))
def test_target_d_payer_split_of_the_typfall(cohort: CompiledScenario, group: str) -> None:
    costs, _ = typfall(cohort)
    share = payer_shares(costs)[group]
    assert abs(share - PAYER_SPLIT_TARGET[group]) <= PAYER_SPLIT_TOLERANCE, share


def test_register_targets_are_at_their_achieved_values(
    cohort: CompiledScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(e)-(h) recomputed here by hand from the compiled cohort (not with the script's
    functions), and compared with the achieved values; the script prints the same."""
    occupancy = _occupancy(cohort, cohort.transitions, 50)
    states = cohort.states
    dead = states.index("dead")

    def mean_share(members: tuple[str, ...], low: int, high: int) -> float:
        rows = occupancy[low : high + 1]
        living = rows.sum(axis=1) - rows[:, dead]
        inside = sum(rows[:, states.index(s)] for s in members)
        return float(np.mean(inside / living))

    def diploma(years: int) -> float:
        p = cohort.transitions
        n = p.shape[-1]
        us = states.index("upper_secondary")
        layered = np.zeros((p.shape[0], 2 * n, 2 * n))
        layered[:, :n, :n] = p
        layered[:, n:, n:] = p
        for state in ("working", "studying"):
            j = states.index(state)
            layered[:, us, n + j] = p[:, us, j]
            layered[:, us, j] = 0.0
        at = _occupancy(cohort, layered, 16 + years)[16 + years]
        living = at.sum() - at[dead] - at[n + dead]
        return float((at[n:].sum() - at[n + dead]) / living)

    values = {
        "uvas_20_24": mean_share(UVAS_STATES, 20, 24),
        "uvas_25_29": mean_share(UVAS_STATES, 25, 29),
        "employment_30_49": mean_share(("working",), 30, 49),
        "diploma_4_years": diploma(4),
        "diploma_5_years": diploma(5),
    }
    for name, value in values.items():
        assert value == pytest.approx(ACHIEVED[name], abs=5e-4), name
    # Every fitted register target is within its tolerance.
    assert abs(values["uvas_20_24"] - UVAS_20_24_TARGET) <= UVAS_TOLERANCE
    assert abs(values["uvas_25_29"] - UVAS_25_29_TARGET) <= UVAS_TOLERANCE
    assert abs(values["employment_30_49"] - EMPLOYMENT_30_49_TARGET) <= EMPLOYMENT_TOLERANCE
    assert abs(values["diploma_4_years"] - DIPLOMA_4_YEARS_TARGET) <= DIPLOMA_TOLERANCE
    # The script computes the same values.
    module = calibration_script(monkeypatch)
    rows = {
        name[:3]: value
        for name, _, value, _ in module.register_targets(cohort.transitions, cohort.band_of_cycle)
    }
    assert rows["(e)"] == pytest.approx(values["uvas_20_24"])
    assert rows["(f)"] == pytest.approx(values["uvas_25_29"])
    assert rows["(g)"] == pytest.approx(values["employment_30_49"])
    assert rows["(h)"] == pytest.approx(values["diploma_4_years"])
    assert rows["(i)"] == pytest.approx(values["diploma_5_years"])


def test_the_cohort_split_against_lulea_is_at_its_achieved_value() -> None:
    from socinvest.analysis.cohort_view import LULEA_SPLIT, cohort_view

    assert LULEA_SPLIT == PAYER_SPLIT_TARGET
    view = cohort_view(default_library(), size=776, start_age=6)
    met = {"region", "rattsvasende", "arbetsformedlingen", "ovriga"}
    for group, share in view.split.items():
        assert share == pytest.approx(COHORT_SPLIT_ACHIEVED[group], abs=5e-4), group
        inside = abs(share - PAYER_SPLIT_TARGET[group]) <= COHORT_SPLIT_TOLERANCE
        assert inside == (group in met), group
    assert sum(view.split.values()) == pytest.approx(1.0)
    # Under the source convention all six are within the tolerance.
    assert view.source_split is not None
    for group, share in view.source_split.items():
        assert share == pytest.approx(COHORT_SPLIT_SOURCE_CONVENTION[group], abs=5e-4), group
        assert abs(share - PAYER_SPLIT_TARGET[group]) <= COHORT_SPLIT_TOLERANCE, group
    assert sum(view.source_split.values()) == pytest.approx(1.0)


def test_calibration_script_uses_the_same_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    module = calibration_script(monkeypatch)
    for name in (
        "EXCLUSION_SHARE_TARGET",
        "EXCLUSION_SHARE_TOLERANCE",
        "EXCLUSION_AGE",
        "EXCLUSION_STATES",
        "NO_DIPLOMA_SHARE_TARGET",
        "NO_DIPLOMA_SHARE_TOLERANCE",
        "NO_DIPLOMA_AGE",
        "TYPFALL_TOTAL_TARGET",
        "TYPFALL_TOTAL_TOLERANCE",
        "TYPFALL_AGES",
        "TYPFALL_EDUCATION",
        "PAYER_SPLIT_TARGET",
        "PAYER_SPLIT_TOLERANCE",
        "PAYER_GROUPS",
        "UVAS_STATES",
        "UVAS_20_24_TARGET",
        "UVAS_25_29_TARGET",
        "UVAS_TOLERANCE",
        "EMPLOYMENT_30_49_TARGET",
        "EMPLOYMENT_TOLERANCE",
        "DIPLOMA_4_YEARS_TARGET",
        "DIPLOMA_TOLERANCE",
        "COHORT_SPLIT_TOLERANCE",
        "FITTED",
        "TYPFALL_SOURCE_PRICE_YEAR",
        "DIPLOMA_5_YEARS_COMPARISON",
    ):
        assert getattr(module, name) == globals()[name], name
    assert math.isclose(sum(PAYER_SPLIT_TARGET.values()), 0.99)


# --------------------------------------------------------------------------------------------
# One value of a year of work


def _compiled_with_working_at(education: str) -> CompiledScenario:
    """The birth cohort through a copy of the model whose adult 'working' line is declared at
    ``education``."""
    path = ROOT / "src" / "socinvest" / "data" / "models" / "sverige.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    ages: 19-64\n    education: gymnasial\n",
        f"    ages: 19-64\n    education: {education}\n",
    )
    assert f"ages: 19-64\n    education: {education}" in text
    scenario_text = BIRTH_COHORT.replace(
        "model: {use: sverige}",
        "model:\n" + "".join("  " + line + "\n" for line in text.splitlines()),
    )
    scenario = parse_scenario(scenario_text, "<birth cohort>")
    return compile_scenario(resolve_scenario(scenario, default_library()).scenario)


def _model_value_at(compiled: CompiledScenario, age: int) -> float:
    working = compiled.states.index("working")
    production = CATEGORIES.index("production")
    return -float(compiled.annual[age - compiled.start_age, working, :, production].sum())


@pytest.mark.parametrize("education", ["forgymnasial", "gymnasial", "eftergymnasial"])
def test_the_typfall_the_cohort_view_and_the_model_give_the_same_value_of_a_year_of_work(
    education: str,
) -> None:
    """For the same person (education level, age 30) the model's earnings, the cohort view's
    value of work and the function of core.value_of_work applied to the library's figures are
    one value; the typfall's yearly production loss is that value times the employment rate."""
    from socinvest.analysis.cohort_view import cohort_view, value_of_work
    from socinvest.core.value_of_work import expected_production, labour_cost_per_year

    library = default_library()
    when = dt.date(2026, 1, 1)
    compiled = _compiled_with_working_at(education)
    model_value = _model_value_at(compiled, 30)
    view_value, _ = value_of_work(library, education, 2024, when)

    def param(name: str) -> float:
        return float(library.resolve(f"produktion.{name}", 2024, when).value)

    by_hand = labour_cost_per_year(
        param(f"manadslon_{education}"), param("heltidsandel"), param("arbetsgivaravgift")
    )
    assert model_value == pytest.approx(view_value.value, rel=1e-12)
    # The derived library value is the function of its components (rounded to the öre).
    assert view_value.value == pytest.approx(by_hand, rel=1e-8)
    if education == TYPFALL_EDUCATION:
        view = cohort_view(library, size=100, start_age=6)
        rate = param(f"sysselsattningsgrad_{education}")
        assert view.typfall.education == education
        assert view.typfall.production_loss_per_year == pytest.approx(
            expected_production(model_value, rate), rel=1e-12
        )
        assert view.typfall.production_loss == pytest.approx(45 * rate * model_value, rel=1e-12)


def test_the_shipped_working_line_is_the_gymnasial_value(cohort: CompiledScenario) -> None:
    value = default_library().resolve(
        "produktion.produktionsvarde_gymnasial", 2024, dt.date(2026, 1, 1)
    )
    assert _model_value_at(cohort, 30) == pytest.approx(float(value.value), rel=1e-12)
    # 16-18: half a year of work without a diploma.
    low = default_library().resolve(
        "produktion.produktionsvarde_forgymnasial", 2024, dt.date(2026, 1, 1)
    )
    assert _model_value_at(cohort, 17) == pytest.approx(0.5 * float(low.value), rel=1e-12)


def test_every_state_past_school_declares_an_education(cohort: CompiledScenario) -> None:
    declared = {s.id: s.education for s in cohort.scenario.model.states}
    assert declared["working"] == "gymnasial"
    assert declared["studying"] == "eftergymnasial"
    for state in ("excluded", "neet", "at_risk", "criminal", "psych_disability", "placed"):
        assert declared[state] == "forgymnasial", state


# --------------------------------------------------------------------------------------------
# Uncertainty of the life course: drawn rows and the production value


def test_the_shipped_transitions_are_what_the_script_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``calibrate_swedish_model.py --check``: the block between the markers, concentrations
    included, is exactly what the script writes from its calibration."""
    module = calibration_script(monkeypatch)
    text = module.MODEL_PATH.read_text(encoding="utf-8")
    assert module.replace_block(text, module.transitions_yaml(module.calibrate())) == text


def test_every_block_declares_the_script_concentration(
    cohort: CompiledScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    concentration = calibration_script(monkeypatch).ROW_CONCENTRATION
    blocks = cohort.scenario.model.transitions
    assert len(blocks) == 17
    for block in blocks:
        assert block.uncertainty is not None, block.ages
        assert block.uncertainty.concentration == concentration


def test_a_probabilistic_run_draws_every_row_and_keeps_them_stochastic() -> None:
    """Every block's rows are drawn, and each draw's rows still sum to one: the persons in
    all states together (the dead included) are the same in every draw, while the persons in
    a state differ between draws."""
    model = parse_scenario(SCENARIO, "<smoke>")
    draws = 300
    psa = run_psa(model, default_library(), draws, seed=11)
    assert psa.uncertain_transition_blocks == tuple(range(17))
    deterministic = analyse(model)
    for alternative in deterministic.run.alternatives:
        drawn = psa.person_years[alternative.id]  # (D, S), discounted at the outcome rate
        np.testing.assert_allclose(drawn.sum(axis=1), drawn[0].sum(), rtol=1e-12)
        for state in ("working", "excluded", "at_risk"):
            assert drawn[:, psa.states.index(state)].std() > 0.0, state
    # The rows' draws do not change the mean much: the drawn models keep the rows' means.
    support = psa.person_years["support"][:, psa.states.index("excluded")]
    as_today = psa.person_years["as_today"][:, psa.states.index("excluded")]
    assert np.mean(support - as_today) < 0.0


@pytest.mark.parametrize("name", example_names())
def test_the_production_value_is_drawn_in_every_example(name: str) -> None:
    psa = run_psa(parse_scenario(example_text(name), name), default_library(), 20)
    for level in ("forgymnasial", "gymnasial"):
        assert f"produktion.produktionsvarde_{level}" in psa.drawn_parameters
        values = psa.parameter_draws[f"produktion.produktionsvarde_{level}"]
        assert values.std() > 0.0
    assert psa.uncertain_transition_blocks == tuple(range(17))


def test_the_target_spread_under_row_draws_matches_the_documented_figure(
    cohort: CompiledScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 95% interval of target (a) over drawn rows quoted in docs/swedish-model.md and the
    script (3.9-8.3 % at concentration 500, 2 000 draws, seed 1) is what the script computes;
    the means stay at the model's values within Monte Carlo error."""
    module = calibration_script(monkeypatch)
    a, b = module.target_spread(cohort, 2000)
    low, high = np.quantile(a, [0.025, 0.975])
    assert (round(100 * low, 1), round(100 * high, 1)) == (3.9, 8.3)
    assert abs(a.mean() - EXCLUSION_SHARE_ACHIEVED) < 3 * a.std() / np.sqrt(a.size) + 0.002
    assert abs(b.mean() - NO_DIPLOMA_SHARE_TARGET) < 3 * b.std() / np.sqrt(b.size) + 0.002


def test_illustrative_inline_amounts_of_the_model_are_drawn() -> None:
    """Every amount written as a number in the shipped model's costs carries an inline
    uncertainty (gamma, mean the value, sd 35 %) and is drawn in a probabilistic run."""
    from socinvest.analysis.psa import run_psa
    from socinvest.scenario.inline import inline_id
    from socinvest.scenario.load import example_text, parse_scenario
    from socinvest.scenario.model import Uncertain

    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    inline = []
    for i, cost in enumerate(scenario.model.costs):
        for field in ("annual", "on_entry"):
            value = getattr(cost, field)
            assert not isinstance(value, float | int), f"costs[{i}].{field} is a bare number"
            if isinstance(value, Uncertain):
                assert value.distribution == "gamma"
                assert value.spread() == pytest.approx(0.35 * value.value, rel=1e-3)
                inline.append(inline_id(("model", "costs", i, field)))
    assert len(inline) == 15  # the at-risk child's open interventions are a library figure
    psa = run_psa(scenario, None, 50)
    assert set(inline) <= set(psa.drawn_parameters)
