"""Whole scenarios (YAML text -> parse -> compile -> run -> compare) against hand calculations.

The golden example is checked against a spreadsheet written out below with plain Python
loops over a hand-written transition table; nothing in it calls the socinvest engine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socinvest.scenario.load as load_module
from socinvest.analysis.run import ScenarioRun, run_scenario
from socinvest.analysis.summary import compare, totals
from socinvest.core.ledger import CATEGORIES
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.references import library_for, resolve_scenario

EXAMPLE_PATH = (
    Path(load_module.__file__).resolve().parent.parent
    / "data"
    / "examples"
    / "parenting-programme.yaml"
)
RESOURCE = CATEGORIES.index("resource")
TOL = 1e-6  # SEK


def run_text(text: str) -> ScenarioRun:
    return run_scenario(compile_scenario(parse_scenario(text)))


def alternative(run: ScenarioRun, alt_id: str):  # type: ignore[no-untyped-def]
    return next(a for a in run.alternatives if a.id == alt_id)


# --------------------------------------------------------------------------------------------
# The golden example

GOLDEN = """\
socinvest: 1
id: golden
title: Golden example
model:
  states:
    - id: well
    - id: ill
    - id: placed
    - id: dead
      absorbing: true
  transitions:
    - ages: 10-20
      probabilities:
        well: {well: rest, ill: 0.10, placed: 0.02, dead: 0.01}
        ill: {ill: rest, well: 0.20, placed: 0.10, dead: 0.02}
        placed: {placed: rest, well: 0.05, ill: 0.15, dead: 0.01}
  costs:
    - state: placed
      payer: kommun.socialtjanst
      annual: 500000
      on_entry: 30000
    - state: ill
      payer: region.halso_sjukvard
      annual: 20000
target_group:
  start_age: 10
  level: selective
  initial_states: {well: 0.6, ill: 0.4}
  size: 100
interventions:
  - id: support
    costs:
      - payer: kommun.socialtjanst
        per_participant_year: 8000
        years: 0-1
        states: [ill]
      - payer: region.halso_sjukvard
        per_participant: 1500
    effects:
      - from: ill
        to: placed
        relative_risk: 0.5
        years: 0-1
alternatives:
  - id: as_today
    comparison: true
  - id: support
    interventions: [support]
analysis:
  start_year: 2030
  horizon: {years: 5}
  discount_rate: 0.05
  timing: start
  term_of_office: 2
"""

STATES = ["well", "ill", "placed", "dead"]

# The hand-written transition table ("as today").
BASE_TABLE = {
    "well": {"well": 0.87, "ill": 0.10, "placed": 0.02, "dead": 0.01},
    "ill": {"well": 0.20, "ill": 0.68, "placed": 0.10, "dead": 0.02},
    "placed": {"well": 0.05, "ill": 0.15, "placed": 0.79, "dead": 0.01},
    "dead": {"well": 0.0, "ill": 0.0, "placed": 0.0, "dead": 1.0},
}
# With support (years 0 and 1 only): ill -> placed halved, 0.10 -> 0.05; the freed 0.05 is
# shared by the other moves of the row in proportion (complement 'proportional'), i.e. each
# is multiplied by (1 - 0.05) / (1 - 0.10) = 0.95 / 0.90.
SUPPORT_TABLE = {
    **BASE_TABLE,
    "ill": {
        "well": 0.20 * 0.95 / 0.90,
        "ill": 0.68 * 0.95 / 0.90,
        "placed": 0.05,
        "dead": 0.02 * 0.95 / 0.90,
    },
}
YEARS = 5
RATE = 0.05


def spreadsheet(with_support: bool) -> dict[str, list]:  # type: ignore[type-arg]
    """The golden example by hand: occupancy, entries and costs per year (timing 'start')."""
    occupancy = [{"well": 60.0, "ill": 40.0, "placed": 0.0, "dead": 0.0}]
    entries = []
    for t in range(YEARS):
        table = SUPPORT_TABLE if with_support and t <= 1 else BASE_TABLE
        now = occupancy[t]
        nxt = {j: sum(now[i] * table[i][j] for i in STATES) for j in STATES}
        came = {j: sum(now[i] * table[i][j] for i in STATES if i != j) for j in STATES}
        occupancy.append(nxt)
        entries.append(came)
    socialtjanst, region, programme_st, programme_region = [], [], [], []
    for t in range(YEARS):
        occ = occupancy[t]  # timing 'start': the occupancy at the start of the year
        st_programme = 8000.0 * occ["ill"] if with_support and t <= 1 else 0.0
        region_programme = 1500.0 * 100.0 if with_support and t == 0 else 0.0
        socialtjanst.append(
            500_000.0 * occ["placed"] + 30_000.0 * entries[t]["placed"] + st_programme
        )
        region.append(20_000.0 * occ["ill"] + region_programme)
        programme_st.append(st_programme)
        programme_region.append(region_programme)
    return {
        "occupancy": occupancy,
        "entries": entries,
        "socialtjanst": socialtjanst,
        "region": region,
        "programme_socialtjanst": programme_st,
        "programme_region": programme_region,
    }


def discount(t: int) -> float:
    return 1.0 / (1.0 + RATE) ** t


def test_spreadsheet_anchor_values() -> None:
    """A few cells of the spreadsheet worked out on paper, to anchor the loops above."""
    base = spreadsheet(False)
    # Year 1 "as today": well 60*0.87 + 40*0.20, ill 60*0.10 + 40*0.68, placed 60*0.02 +
    # 40*0.10, dead 60*0.01 + 40*0.02.
    assert base["occupancy"][1] == pytest.approx(
        {"well": 60.2, "ill": 33.2, "placed": 5.2, "dead": 1.4}, abs=1e-12
    )
    # Year 0 costs: social services pay 5.2 entries * 30 000; the region 40 * 20 000.
    assert base["socialtjanst"][0] == pytest.approx(156_000.0, abs=1e-9)
    assert base["region"][0] == pytest.approx(800_000.0, abs=1e-9)
    support = spreadsheet(True)
    # With support, 40 * 0.05 = 2 instead of 4 children are placed from 'ill' in year 0.
    assert support["occupancy"][1]["placed"] == pytest.approx(3.2, abs=1e-12)
    assert support["socialtjanst"][0] == pytest.approx(3.2 * 30_000 + 40 * 8000, abs=1e-9)
    assert support["region"][0] == pytest.approx(800_000.0 + 150_000.0, abs=1e-9)


@pytest.fixture(scope="module")
def golden_run() -> ScenarioRun:
    return run_text(GOLDEN)


def test_golden_ledger_year_by_year(golden_run: ScenarioRun) -> None:
    ids = golden_run.compiled.payers.ids
    i_st, i_region = ids.index("kommun.socialtjanst"), ids.index("region.halso_sjukvard")
    assert golden_run.years == [2030, 2031, 2032, 2033, 2034]
    for alt_id, with_support in (("as_today", False), ("support", True)):
        sheet = spreadsheet(with_support)
        alt = alternative(golden_run, alt_id)
        assert alt.ledger.shape == (1, YEARS, len(ids), len(CATEGORIES))
        for t in range(YEARS):
            assert alt.ledger[0, t, i_st, RESOURCE] == pytest.approx(
                sheet["socialtjanst"][t], abs=TOL
            )
            assert alt.ledger[0, t, i_region, RESOURCE] == pytest.approx(
                sheet["region"][t], abs=TOL
            )
            assert alt.programme[0, t, i_st, RESOURCE] == pytest.approx(
                sheet["programme_socialtjanst"][t], abs=TOL
            )
            assert alt.programme[0, t, i_region, RESOURCE] == pytest.approx(
                sheet["programme_region"][t], abs=TOL
            )
            for s, state in enumerate(STATES):
                assert alt.person_years[0, t, s] == pytest.approx(
                    sheet["occupancy"][t][state], abs=1e-9
                )
                assert alt.entries[0, t, s] == pytest.approx(sheet["entries"][t][state], abs=1e-9)
        # Nothing else is booked anywhere: every other payer and category is zero.
        others = alt.ledger.copy()
        others[:, :, [i_st, i_region], RESOURCE] = 0.0
        assert np.all(others == 0.0)


def hand_metrics(payer: str, years: int) -> dict[str, float]:
    base, support = spreadsheet(False), spreadsheet(True)
    if payer == "socialtjanst":
        b, a, prog = (
            base["socialtjanst"],
            support["socialtjanst"],
            support["programme_socialtjanst"],
        )
    elif payer == "region":
        b, a, prog = base["region"], support["region"], support["programme_region"]
    else:  # both
        b = [x + y for x, y in zip(base["socialtjanst"], base["region"], strict=True)]
        a = [x + y for x, y in zip(support["socialtjanst"], support["region"], strict=True)]
        prog = [
            x + y
            for x, y in zip(
                support["programme_socialtjanst"], support["programme_region"], strict=True
            )
        ]
    pv_costs = sum(discount(t) * prog[t] for t in range(years))
    # Benefits: every other change in flows, negated (costs avoided).
    benefits = [(b[t] - a[t]) + prog[t] for t in range(years)]
    pv_benefits = sum(discount(t) * benefits[t] for t in range(years))
    net = [benefits[t] - prog[t] for t in range(years)]
    # Payback: first year from which the cumulative (discounted) net stays >= 0.
    paybacks = {}
    for name, weights in (("discounted", [discount(t) for t in range(years)]), ("plain", None)):
        cumulative, running = [], 0.0
        for t in range(years):
            running += net[t] * (weights[t] if weights else 1.0)
            cumulative.append(running)
        year = None
        for t in range(years):
            if all(c >= -1e-6 for c in cumulative[t:]):
                year = 2030 + t
                break
        paybacks[name] = year
    return {
        "pv_costs": pv_costs,
        "pv_benefits": pv_benefits,
        "npv": pv_benefits - pv_costs,
        "npv_direct": sum(discount(t) * (b[t] - a[t]) for t in range(years)),
        "undiscounted_costs": sum(prog[:years]),
        "undiscounted_net": sum(net),
        "payback": paybacks["discounted"],
        "payback_plain": paybacks["plain"],
    }


@pytest.mark.parametrize(
    ("scopes", "payer"),
    [
        (("kommun.socialtjanst", "kommun"), "socialtjanst"),
        (("region.halso_sjukvard", "region"), "region"),
        (("public_finances", "socio_economic"), "both"),
    ],
)
@pytest.mark.parametrize(("period", "years"), [("horizon", YEARS), ("term_of_office", 2)])
def test_golden_metrics_per_payer(
    golden_run: ScenarioRun, scopes: tuple[str, ...], payer: str, period: str, years: int
) -> None:
    expected = hand_metrics(payer, years)
    assert expected["npv"] == pytest.approx(expected["npv_direct"], abs=1e-9)
    result = compare(golden_run, alternative(golden_run, "support"))
    metrics = getattr(result, period)
    for scope in scopes:
        m = metrics[scope]
        assert m.npv == pytest.approx(expected["npv"], abs=TOL)
        assert m.pv_costs == pytest.approx(expected["pv_costs"], abs=TOL)
        assert m.pv_benefits == pytest.approx(expected["pv_benefits"], abs=TOL)
        assert m.undiscounted_costs == pytest.approx(expected["undiscounted_costs"], abs=TOL)
        assert m.undiscounted_net == pytest.approx(expected["undiscounted_net"], abs=TOL)
        assert m.bcr == pytest.approx(expected["pv_benefits"] / expected["pv_costs"], rel=1e-9)
        assert m.roi == pytest.approx(expected["npv"] / expected["pv_costs"], rel=1e-9)
        assert m.payback_year == expected["payback"]
        assert m.payback_year_undiscounted == expected["payback_plain"]


def test_golden_hand_numbers_are_not_trivial() -> None:
    """Guard the hand calculation itself: the example has costs, gains and a term-of-office
    view that differs from the horizon."""
    horizon, term = hand_metrics("both", YEARS), hand_metrics("both", 2)
    assert horizon["pv_costs"] > 100_000
    assert horizon["npv"] != pytest.approx(term["npv"], abs=1.0)
    assert hand_metrics("socialtjanst", YEARS)["npv"] > 0  # fewer placements pay for support
    assert hand_metrics("region", YEARS)["npv"] < 0  # more children stay 'ill' for longer


def test_golden_untouched_payers_are_zero(golden_run: ScenarioRun) -> None:
    result = compare(golden_run, alternative(golden_run, "support"))
    for scope in ("individ", "stat", "kommun.skola", "region.psykiatri", "ovriga"):
        assert result.horizon[scope].npv == 0.0
        assert result.term_of_office[scope].npv == 0.0


def test_golden_person_years_and_totals(golden_run: ScenarioRun) -> None:
    base, support = spreadsheet(False), spreadsheet(True)
    result = compare(golden_run, alternative(golden_run, "support"))
    for state in STATES:
        diff = [support["occupancy"][t][state] - base["occupancy"][t][state] for t in range(YEARS)]
        # The outcome discount rate is the default 3.5 % (ASEK's real rate).
        discounted = sum(d / 1.035**t for t, d in enumerate(diff))
        assert result.person_years_diff[state] == pytest.approx(discounted, abs=1e-9)
        assert result.person_years_diff_undiscounted[state] == pytest.approx(sum(diff), abs=1e-9)
        entries = sum(
            support["entries"][t][state] - base["entries"][t][state] for t in range(YEARS)
        )
        assert result.entries_diff[state] == pytest.approx(entries, abs=1e-9)
    total = totals(golden_run, alternative(golden_run, "as_today"))
    pv = sum(discount(t) * base["socialtjanst"][t] for t in range(YEARS))
    assert total.cost_by_scope["kommun.socialtjanst"] == pytest.approx(pv, abs=TOL)
    assert total.cost_by_scope["kommun"] == pytest.approx(pv, abs=TOL)
    assert total.person_years_undiscounted["dead"] == pytest.approx(
        sum(base["occupancy"][t]["dead"] for t in range(YEARS)), abs=1e-9
    )


def test_golden_identical_draws(golden_run: ScenarioRun) -> None:
    compiled = golden_run.compiled
    draws = np.repeat(compiled.transitions[None], 3, axis=0)
    run = run_scenario(compiled, draws)
    for alt, single in zip(run.alternatives, golden_run.alternatives, strict=True):
        assert alt.ledger.shape[0] == 3
        for d in range(3):
            np.testing.assert_array_equal(alt.ledger[d], alt.ledger[0])
        np.testing.assert_allclose(alt.ledger[0], single.ledger[0], rtol=1e-12, atol=1e-6)


# --------------------------------------------------------------------------------------------
# An intervention with no effect and no cost gives exactly zero

NULL_INTERVENTION = """\
interventions:
  - id: support
    costs:
      - payer: kommun.socialtjanst
        per_participant_year: 0
        years: 0-1
        states: [ill]
      - payer: region.halso_sjukvard
        per_participant: 0
      - payer: stat.forsakringskassan
        category: transfer
        fixed_per_year: 0
"""


def null_scenario(effects: str) -> str:
    start = GOLDEN.index("interventions:")
    end = GOLDEN.index("alternatives:")
    return GOLDEN[:start] + NULL_INTERVENTION + effects + GOLDEN[end:]


def assert_exactly_zero(run: ScenarioRun) -> None:
    result = compare(run, alternative(run, "support"))
    assert set(result.horizon) == {*run.compiled.payers.ids, "public_finances", "socio_economic"}
    for period in (result.horizon, result.term_of_office):
        for scope, m in period.items():
            assert m.npv == 0.0, scope
            assert m.pv_costs == 0.0, scope
            assert m.pv_benefits == 0.0, scope
            assert m.undiscounted_net == 0.0, scope
            assert m.bcr is None
            assert m.bcr_flag == "no_costs"
            assert m.roi is None
            assert m.irr is None
            # Nothing invested, nothing gained: either "paid back at once" (the cumulative net
            # is never below zero) or "no payback"; the report layer decides how to show it.
            assert m.payback_year in (None, 2030)
            assert m.payback_year_undiscounted == m.payback_year
    for state in STATES:
        assert result.person_years_diff[state] == 0.0
        assert result.entries_diff[state] == 0.0


def test_no_effects_and_no_costs_give_exactly_zero() -> None:
    assert_exactly_zero(run_text(null_scenario("")))


NULL_EFFECTS = {
    "relative_risk": """\
    effects:
      - from: ill
        to: placed
        relative_risk: 1.0
        years: 0-1
""",
    "odds_ratio_stay": """\
    effects:
      - from: [well, ill]
        to: placed
        odds_ratio: 1.0
        complement: stay
""",
}


@pytest.mark.parametrize("effects", sorted(NULL_EFFECTS))
def test_effect_of_one_and_no_costs_give_exactly_zero(effects: str) -> None:
    assert_exactly_zero(run_text(null_scenario(NULL_EFFECTS[effects])))


@pytest.mark.parametrize("effects", sorted(NULL_EFFECTS))
def test_effect_of_one_and_no_costs_give_zero_to_rounding(effects: str) -> None:
    run = run_text(null_scenario(NULL_EFFECTS[effects]))
    result = compare(run, alternative(run, "support"))
    for scope, m in result.horizon.items():
        assert abs(m.npv) < 1e-6, scope
        assert m.pv_costs == 0.0, scope


# --------------------------------------------------------------------------------------------
# NPV is additive over payers


def check_additivity(run: ScenarioRun, alt_id: str) -> None:
    tree = run.compiled.payers
    ids, parents = tree.ids, tree.parents
    alt, base = alternative(run, alt_id), run.comparison
    result = compare(run, alt)
    factors = run.money_factors
    delta = (base.ledger - alt.ledger).mean(axis=0)  # (T, N, C): saved flows, direct only
    direct_npv = [float(factors @ delta[:, i, :].sum(axis=1)) for i in range(len(ids))]
    scale = 1.0 + sum(abs(x) for x in direct_npv)
    for i, payer in enumerate(ids):
        children = [ids[j] for j, p in enumerate(parents) if p == i]
        expected = direct_npv[i] + sum(result.horizon[c].npv for c in children)
        assert result.horizon[payer].npv == pytest.approx(expected, abs=1e-9 * scale), payer
    top = [p for p in ids if "." not in p]
    assert set(top) == set(tree.top_level)
    total_top = sum(result.horizon[p].npv for p in top)
    assert total_top == pytest.approx(sum(direct_npv), abs=1e-9 * scale)
    # Transfers net to zero, so the socio-economic NPV is the sum over the top-level payers.
    transfers = delta[:, :, CATEGORIES.index("transfer")].sum(axis=1)
    np.testing.assert_allclose(transfers, 0.0, atol=1e-9 * scale)
    assert result.horizon["socio_economic"].npv == pytest.approx(total_top, abs=1e-9 * scale)
    public = [p.id for p in tree.payers if p.public and "." not in p.id]
    assert result.horizon["public_finances"].npv == pytest.approx(
        sum(result.horizon[p].npv for p in public), abs=1e-9 * scale
    )


def test_npv_is_additive_over_payers_in_the_example() -> None:
    # The example takes values from the parameter library ({param: ...}), so resolve it first.
    scenario = parse_scenario(EXAMPLE_PATH.read_text(encoding="utf-8"))
    resolved = resolve_scenario(scenario, library_for(scenario)).scenario
    run = run_scenario(compile_scenario(resolved))
    others = [a.id for a in run.alternatives if not a.comparison]
    assert others == ["universal", "indicated"]
    for alt_id in others:
        check_additivity(run, alt_id)
        result = compare(run, alternative(run, alt_id))
        # The example has transfers (income support, activity compensation) and production,
        # so the public-finance and socio-economic views really differ.
        assert result.horizon["individ"].npv != 0.0
        assert result.horizon["public_finances"].npv != pytest.approx(
            result.horizon["socio_economic"].npv, rel=1e-6
        )
        kommun = result.horizon["kommun"].npv
        children = [p for p in run.compiled.payers.ids if p.startswith("kommun.")]
        assert kommun != pytest.approx(sum(result.horizon[c].npv for c in children), rel=1e-6)


CUSTOM_PAYERS = """\
payers:
  - id: kommun.socialtjanst.barn_unga
  - id: kommun.socialtjanst.barn_unga.familjehem
  - id: foretag
    public: false
"""
PAYER_CHOICES = [
    "kommun",
    "kommun.socialtjanst",
    "kommun.socialtjanst.barn_unga",
    "kommun.socialtjanst.barn_unga.familjehem",
    "kommun.skola",
    "region",
    "region.psykiatri",
    "stat.forsakringskassan",
    "stat.sis",
    "individ",
    "ovriga",
    "foretag",
]

cost_entries = st.lists(
    st.tuples(
        st.sampled_from(["well", "ill", "placed", ["ill", "placed"]]),
        st.sampled_from(PAYER_CHOICES),
        st.sampled_from(["resource", "transfer", "production"]),
        st.integers(0, 1_000_000),
        st.sampled_from(PAYER_CHOICES),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


def costs_yaml(entries: list[tuple]) -> str:  # type: ignore[type-arg]
    lines = []
    for state, payer, category, amount, recipient, on_entry in entries:
        lines += [
            f"    - state: {state if isinstance(state, str) else '[' + ', '.join(state) + ']'}",
            f"      payer: {payer}",
            f"      category: {category}",
            f"      {'on_entry' if on_entry else 'annual'}: {amount}",
        ]
        if category == "transfer" and recipient != payer:
            lines.append(f"      recipient: {recipient}")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cost_entries, st.sampled_from(PAYER_CHOICES), st.sampled_from(CATEGORIES))
def test_npv_is_additive_over_random_payers(
    entries: list[tuple],  # type: ignore[type-arg]
    programme_payer: str,
    programme_category: str,
) -> None:
    text = GOLDEN.replace("model:\n", CUSTOM_PAYERS + "model:\n", 1)
    start = text.index("  costs:\n    - state: placed")
    end = text.index("target_group:")
    text = text[:start] + "  costs:\n" + costs_yaml(entries) + text[end:]
    text = text.replace(
        "      - payer: region.halso_sjukvard\n        per_participant: 1500\n",
        f"      - payer: {programme_payer}\n        category: {programme_category}\n"
        "        per_participant: 1500\n",
    )
    assert f"payer: {programme_payer}\n        category" in text
    run = run_text(text)
    assert "kommun.socialtjanst.barn_unga.familjehem" in run.compiled.payers.ids
    check_additivity(run, "support")


# --------------------------------------------------------------------------------------------
# Timing conventions through the scenario path (closed forms as in test_core_cohort)

TWO_STATE = """\
socinvest: 1
id: two_state
title: Alive or dead
model:
  states:
    - id: alive
    - id: dead
      absorbing: true
  transitions:
    - ages: 0+
      probabilities:
        alive: {{alive: rest, dead: {p}}}
  costs:
    - state: alive
      payer: kommun.skola
      annual: {c}
target_group:
  start_age: 0
  level: universal
  initial_states: {{alive: 1.0}}
  size: {n}
alternatives:
  - id: as_today
    comparison: true
  - id: same
analysis:
  horizon: {{years: {years}}}
  discount_rate: {r}
  outcome_discount_rate: {r}
  timing: {timing}
"""


def closed_form_pv(n: float, c: float, p: float, r: float, years: int, timing: str) -> float:
    # q = (1 - p) / (1 + r); start: N c (1 - q^T) / (1 - q); end: q times that;
    # mid: (1 - p/2) (1 + r)^-1/2 times the start value.
    q = (1.0 - p) / (1.0 + r)
    geometric = (1.0 - q**years) / (1.0 - q)
    return (
        n
        * c
        * {"start": 1.0, "end": q, "mid": (1.0 - p / 2.0) * (1.0 + r) ** -0.5}[timing]
        * geometric
    )


@pytest.mark.parametrize("timing", ["start", "end", "mid"])
@pytest.mark.parametrize(("p", "r", "years"), [(0.1, 0.03, 10), (0.25, 0.05, 4)])
def test_timing_conventions_through_the_scenario(
    timing: str, p: float, r: float, years: int
) -> None:
    n, c = 50.0, 12_000.0
    text = TWO_STATE.format(p=p, c=c, n=n, years=years, r=r, timing=timing)
    run = run_text(text)
    total = totals(run, run.comparison)
    expected = closed_form_pv(n, c, p, r, years, timing)
    assert total.cost_by_scope["kommun.skola"] == pytest.approx(expected, rel=1e-12)
    assert total.cost_by_scope["kommun"] == pytest.approx(expected, rel=1e-12)
    assert total.cost_by_scope["socio_economic"] == pytest.approx(expected, rel=1e-12)
    # Person-years alive, discounted at the outcome rate: the same series with c = 1.
    assert total.person_years["alive"] == pytest.approx(expected / c, rel=1e-12)


# --------------------------------------------------------------------------------------------
# The intake spread


def test_intake_spread_equals_shifted_single_cohorts() -> None:
    single_text = GOLDEN.replace("size: 100", "size: 10").replace("years: 5}", "years: 6}")
    spread_text = single_text.replace("size: 10", "intake: {per_year: 10, years: 3}")
    assert "intake" in spread_text
    single, spread = run_text(single_text), run_text(spread_text)
    for alt_id in ("as_today", "support"):
        one, many = alternative(single, alt_id), alternative(spread, alt_id)
        assert many.ledger.shape == one.ledger.shape
        for name in ("ledger", "programme", "person_years", "entries"):
            a, b = getattr(one, name)[0], getattr(many, name)[0]
            # Cohorts starting in years 0, 1, 2, each followed to the end of the 6 years.
            expected = np.zeros_like(a)
            for k in range(3):
                for y in range(k, 6):
                    expected[y] += a[y - k]
            np.testing.assert_allclose(b, expected, rtol=1e-12, atol=1e-6, err_msg=name)
    # Three cohorts of 10 children, each paying 1 500 SEK per participant at its start.
    region = spread.compiled.payers.index("region.halso_sjukvard")
    programme = alternative(spread, "support").programme[0, :, region, RESOURCE]
    np.testing.assert_allclose(programme, [15_000, 15_000, 15_000, 0, 0, 0], atol=1e-9)


def test_intake_spread_with_a_horizon_by_age() -> None:
    # With a horizon up to an age, every cohort is followed to that age: 5 cycles each, and
    # 5 + 3 - 1 = 7 calendar years.
    single_text = GOLDEN.replace("size: 100", "size: 10").replace("{years: 5}", "{age: 15}")
    spread_text = single_text.replace("size: 10", "intake: [10, 0, 20]")
    single, spread = run_text(single_text), run_text(spread_text)
    assert single.compiled.calendar_years == 5
    assert spread.compiled.calendar_years == 7
    for alt_id in ("as_today", "support"):
        a = alternative(single, alt_id).ledger[0]
        b = alternative(spread, alt_id).ledger[0]
        expected = np.zeros_like(b)
        expected[0:5] += 1.0 * a
        expected[2:7] += 2.0 * a
        np.testing.assert_allclose(b, expected, rtol=1e-12, atol=1e-6)


def test_fixed_cost_defaults_to_the_intake_years() -> None:
    text = GOLDEN.replace("size: 100", "intake: {per_year: 10, years: 3}").replace(
        "        per_participant: 1500\n",
        "        per_participant: 1500\n      - payer: region.psykiatri\n"
        "        fixed_per_year: 70000\n",
    )
    run = run_text(text)
    psyk = run.compiled.payers.index("region.psykiatri")
    programme = alternative(run, "support").programme[0, :, psyk, RESOURCE]
    np.testing.assert_allclose(programme, [70_000, 70_000, 70_000, 0, 0], atol=1e-9)


# --------------------------------------------------------------------------------------------
# The shipped example


def test_shipped_example_file_parses() -> None:
    scenario = parse_scenario(EXAMPLE_PATH.read_text(encoding="utf-8"))
    assert scenario.id == "parenting_programme"


def test_example_lookup_by_name() -> None:
    assert "parenting-programme" in example_names()
    assert example_text("parenting-programme") == EXAMPLE_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("window", "decay", "expected"),
    [
        ("years: 0-1", "", [1.0, 1.0, 0.0, 0.0, 0.0]),
        ("years: 0-1", "decay: {type: linear, years: 2}", [1.0, 1.0, 0.5, 0.0, 0.0]),
        ("years: 0-1", "decay: {type: exponential, years: 1}", [1.0, 1.0, 0.5, 0.25, 0.125]),
        # Start age 10: ages 11-12 are cycles 1 and 2.
        ("ages: 11-12", "decay: {type: linear, years: 4}", [0.0, 1.0, 1.0, 0.75, 0.5]),
        ("years: 3", "", [0.0, 0.0, 0.0, 1.0, 0.0]),
    ],
)
def test_effect_window_and_decay_weights(window: str, decay: str, expected: list[float]) -> None:
    effect = f"        {window}\n" + (f"        {decay}\n" if decay else "")
    assert GOLDEN.count("        years: 0-1\nalternatives:") == 1
    text = GOLDEN.replace("        years: 0-1\nalternatives:", effect + "alternatives:")
    compiled = compile_scenario(parse_scenario(text))
    support = next(a for a in compiled.alternatives if a.id == "support")
    assert len(support.effects) == 1
    np.testing.assert_allclose(support.effects[0].weights, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(support.effects[0].log_effect, [np.log(0.5)], rtol=1e-15)


def test_fixed_cost_years_beyond_one_cohort_but_within_the_programme() -> None:
    # Horizon to age 15 from age 10 with three intake years: each cohort has 5 cycles, the
    # programme 7 calendar years, so fixed costs in programme years 5-6 are inside it.
    text = (
        GOLDEN.replace("size: 100", "intake: {per_year: 10, years: 3}")
        .replace("{years: 5}", "{age: 15}")
        .replace(
            "        per_participant: 1500\n",
            "        per_participant: 1500\n      - payer: region.psykiatri\n"
            "        fixed_per_year: 70000\n        years: 5-6\n",
        )
    )
    run = run_text(text)
    psyk = run.compiled.payers.index("region.psykiatri")
    programme = alternative(run, "support").programme[0, :, psyk, RESOURCE]
    np.testing.assert_allclose(programme, [0, 0, 0, 0, 0, 70_000, 70_000], atol=1e-9)
