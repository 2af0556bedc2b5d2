"""Cash against capacity, the optimism-bias adjustment and the marginal cost of public funds,
on small scenarios computed by hand (issue 10, item 7)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clitools import cli_env, run_cli
from socinvest.analysis.results import analyse
from socinvest.analysis.run import AlternativeRun, ScenarioRun, run_scenario
from socinvest.analysis.summary import MCPF_PERSPECTIVE, Comparison, compare
from socinvest.params.errors import InputError
from socinvest.scenario.compile import compile_scenario
from socinvest.scenario.load import parse_scenario

# Everyone starts ill; each year a fifth get well (well is absorbing). The intervention doubles
# that in year 0 only. Two years, no discounting, occupancy at the start of each year: the only
# difference is year 1, with 80 ill as today and 60 with the intervention: 20 fewer ill.
SMALL = """\
socinvest: 1
id: cash_small
title: Cash and capacity
model:
  states:
    - id: ill
    - id: well
      absorbing: true
  transitions:
    - ages: 0-120
      probabilities:
        ill: {{ill: rest, well: 0.2}}
  costs:
    - state: ill
      payer: kommun.socialtjanst
      annual: 10000
      frees: cash
    - state: ill
      payer: kommun.socialtjanst
      annual: 4000
      frees: capacity
    - state: ill
      payer: kommun.skola
      annual: 3000
      frees: capacity
    - state: ill
      payer: kommun.socialtjanst
      category: transfer
      annual: 2000
target_group:
  start_age: 10
  level: indicated
  initial_states: {{ill: 1.0}}
  size: 100
interventions:
  - id: support
    {confidence}
    costs:
      - payer: kommun.socialtjanst
        per_participant: 1000
        frees: capacity
      - payer: kommun.socialtjanst
        per_participant: 500
    effects:
      - from: ill
        to: well
        relative_risk: 2.0
        years: 0
alternatives:
  - id: as_today
    comparison: true
  - id: support
    interventions: [support]
analysis:
  horizon: {{years: 2}}
  discount_rate: 0.0
  timing: start
  {analysis}
"""


def small(confidence: str = "", analysis: str = "") -> str:
    return SMALL.format(confidence=confidence, analysis=analysis)


def comparison_of(text: str) -> Comparison:
    results = analyse(parse_scenario(text))
    (comp,) = results.comparisons
    return comp


def test_cash_and_capacity_by_hand() -> None:
    comp = comparison_of(small())
    # Social services: 20 fewer ill x (10 000 cash + 4 000 capacity + 2 000 transfer, cash);
    # the programme 100 x (1 000 capacity + 500 cash).
    social = comp.horizon["kommun.socialtjanst"]
    assert social.pv_benefits == pytest.approx(20 * 16_000)
    assert social.pv_costs == pytest.approx(100 * 1_500)
    assert social.npv == pytest.approx(320_000 - 150_000)
    social_cash = comp.cash["kommun.socialtjanst"]
    assert social_cash.pv_benefits == pytest.approx(20 * 12_000)
    assert social_cash.pv_costs == pytest.approx(100 * 500)
    assert social_cash.npv == pytest.approx(240_000 - 50_000)
    # School: only capacity, so no cash at all.
    assert comp.horizon["kommun.skola"].npv == pytest.approx(20 * 3_000)
    assert comp.cash["kommun.skola"].npv == pytest.approx(0.0, abs=1e-6)
    # The municipality and the public finances (the only public payers with flows).
    assert comp.horizon["kommun"].npv == pytest.approx(230_000)
    assert comp.cash["kommun"].npv == pytest.approx(190_000)
    assert comp.cash["public_finances"].npv == pytest.approx(190_000)
    # A transfer is cash for its recipient too: the individual receives 2 000 less.
    assert comp.cash["individ"].npv == pytest.approx(-40_000)
    assert comp.horizon["individ"].npv == pytest.approx(-40_000)
    # No cash view of the socio-economic total: it is not a budget.
    assert "socio_economic" not in comp.cash


def test_without_capacity_lines_cash_is_the_total() -> None:
    text = small().replace("frees: capacity", "frees: cash")
    results = analyse(parse_scenario(text))
    assert not results.compiled.has_capacity
    assert all(a.capacity is None for a in results.run.alternatives)
    (comp,) = results.comparisons
    for scope, metrics in comp.cash.items():
        assert metrics == comp.horizon[scope]


def test_capacity_is_not_run_for_draws() -> None:
    """The engine books the capacity part only when asked: a run with transitions per draw
    (the probabilistic analysis' path) does no extra work."""
    compiled = compile_scenario(parse_scenario(small()))
    drawn = run_scenario(compiled, compiled.transitions[None])
    assert all(a.capacity is None for a in drawn.alternatives)
    plain = run_scenario(compiled)
    assert all(a.capacity is None for a in plain.alternatives)
    assert compare(plain, plain.alternatives[1]).cash == {}  # not booked: no cash view
    booked = run_scenario(compiled, capacity=True)
    assert all(a.capacity is not None for a in booked.alternatives)


LINES = st.lists(
    st.tuples(
        st.sampled_from(["ill", "well"]),
        st.sampled_from(["kommun.socialtjanst", "kommun.skola", "region", "stat.sis"]),
        st.integers(min_value=1, max_value=50_000),
        st.sampled_from(["cash", "capacity", None]),
    ),
    min_size=1,
    max_size=6,
)


def _with_costs(lines: list[tuple[str, str, int, str | None]]) -> str:
    text = small()
    head, tail = text.split("  costs:\n", 1)
    rest = tail[tail.index("target_group:") :]
    entries = []
    for state, payer, amount, frees in lines:
        entry = f"    - state: {state}\n      payer: {payer}\n      annual: {amount}\n"
        if frees is not None:
            entry += f"      frees: {frees}\n"
        entries.append(entry)
    return head + "  costs:\n" + "".join(entries) + rest


def _ledgers(run: ScenarioRun) -> dict[str, AlternativeRun]:
    return {a.id: a for a in run.alternatives}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_cash_plus_capacity_is_the_total(lines: list[tuple[str, str, int, str | None]]) -> None:
    """The capacity part equals the ledger of a scenario holding only the capacity lines, the
    cash part that of one holding only the others; the two add up to the whole ledger."""
    whole = _ledgers(
        run_scenario(compile_scenario(parse_scenario(_with_costs(lines))), capacity=True)
    )
    capacity_lines = [(s, p, a, None) for s, p, a, f in lines if f == "capacity"]
    cash_lines = [(s, p, a, None) for s, p, a, f in lines if f != "capacity"]
    for alt_id, alt in whole.items():
        cash_ledger, cash_programme = alt.cash()
        capacity = _or_zero(alt.capacity, alt.ledger)
        capacity_programme = _or_zero(alt.programme_capacity, alt.ledger)
        np.testing.assert_allclose(cash_ledger + capacity, alt.ledger, rtol=0, atol=1e-6)
        # The intervention: 100 starters x 1 000 of capacity and 500 of cash, in year 0.
        expected_programme = np.zeros_like(alt.ledger)
        if alt_id == "support":
            expected_programme[0, 0, 1, 0] = 100 * 1000.0  # kommun.socialtjanst, resource
        np.testing.assert_allclose(capacity_programme, expected_programme, atol=1e-6)
        np.testing.assert_allclose(cash_programme, expected_programme / 2, atol=1e-6)
        for part, programme, expected_lines in (
            (capacity, capacity_programme, capacity_lines),
            (cash_ledger, cash_programme, cash_lines),
        ):
            model_part = part - programme
            if not expected_lines:
                np.testing.assert_allclose(model_part, 0.0, rtol=0, atol=1e-6)
                continue
            alone = _ledgers(
                run_scenario(compile_scenario(parse_scenario(_with_costs(expected_lines))))
            )[alt_id]
            np.testing.assert_allclose(
                model_part, alone.ledger - alone.programme, rtol=1e-12, atol=1e-6
            )


def _or_zero(part: np.ndarray | None, like: np.ndarray) -> np.ndarray:
    return part if part is not None else np.zeros_like(like)


def test_optimism_bias_by_grade() -> None:
    """Costs 20 % up at grade 3, the log of the effect halved at grade 4."""
    text = small(
        confidence="confidence: {costs: 3, effects: 4}",
        analysis=(
            "optimism_bias:\n"
            "    costs: {1: 0.0, 3: 0.2}\n"
            "    effects: {4: 0.5, 5: 0.6}\n"
            "    source: {title: test fractions}"
        ),
    )
    comp = comparison_of(text)
    social = comp.horizon["kommun.socialtjanst"]
    assert social.pv_costs == pytest.approx(150_000 * 1.2)
    # Relative risk exp(0.5 ln 2) = sqrt 2 on the 0.2 move to well in year 0.
    fewer_ill = 100 * 0.2 * (math.sqrt(2.0) - 1.0)
    assert social.pv_benefits == pytest.approx(fewer_ill * 16_000)
    assert comp.cash["kommun.socialtjanst"].pv_costs == pytest.approx(50_000 * 1.2)
    results = analyse(parse_scenario(text))
    (intervention,) = results.scenario.interventions
    (adjustment,) = intervention.effects[0].adjustments
    assert adjustment.id == "optimism_bias"
    assert adjustment.factor == pytest.approx(0.5)


def test_optimism_bias_one_fraction_for_all() -> None:
    comp = comparison_of(small(analysis="optimism_bias: {costs: 0.1}"))
    assert comp.horizon["kommun.socialtjanst"].pv_costs == pytest.approx(165_000)
    assert comp.horizon["kommun.socialtjanst"].pv_benefits == pytest.approx(320_000)


def test_optimism_bias_is_drawn_with_the_effects() -> None:
    """The probabilistic analysis keeps the haircut (an evidence adjustment of the effect)."""
    base = small(analysis="optimism_bias: {effects: 0.5}").replace(
        "relative_risk: 2.0",
        "relative_risk: {value: 2.0, ci95: [1.5, 2.6667], distribution: lognormal}",
    )
    results = analyse(parse_scenario(base), draws=200, seed=3)
    assert results.psa is not None
    mean = results.psa.for_alternative("support").horizon["kommun.socialtjanst"].mean
    deterministic = results.comparisons[0].horizon["kommun.socialtjanst"].npv
    unadjusted = comparison_of(small()).horizon["kommun.socialtjanst"].npv
    assert abs(mean - deterministic) < 0.1 * abs(unadjusted - deterministic)


def test_mcpf_perspective_by_hand() -> None:
    comp = comparison_of(
        small(analysis="mcpf: 0.3\n  mcpf_source: {title: test, note: an assumption}")
    )
    socio = comp.horizon["socio_economic"]
    public = comp.horizon["public_finances"]
    # Socio-economic: resources avoided 20 x 17 000, programme 150 000.
    assert socio.npv == pytest.approx(340_000 - 150_000)
    assert public.npv == pytest.approx(230_000)
    with_mcpf = comp.horizon[MCPF_PERSPECTIVE]
    assert with_mcpf.npv == pytest.approx(190_000 + 0.3 * 230_000)
    assert with_mcpf.pv_costs == pytest.approx(150_000 * 1.3)
    # The socio-economic figure itself is unchanged.
    assert comparison_of(small()).horizon["socio_economic"].npv == pytest.approx(socio.npv)
    assert MCPF_PERSPECTIVE not in comparison_of(small()).horizon


@pytest.mark.parametrize(
    ("confidence", "analysis", "expected"),
    [
        ("", "mcpf: -0.1", "mcpf"),
        ("", "mcpf: 3", "mcpf"),
        ("", "optimism_bias: {}", "expected 'costs', 'effects' or both"),
        ("", "optimism_bias: {costs: 1.5}", "optimism_bias"),
        ("", "optimism_bias: {costs: {3: 0.2}}", "is given by confidence grade"),
        ("confidence: {costs: 2}", "optimism_bias: {costs: {3: 0.2}}", "listed grades: 3"),
        ("confidence: {costs: 6}", "", "confidence"),
    ],
)
def test_bad_settings_are_refused(confidence: str, analysis: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_scenario(small(confidence=confidence, analysis=analysis), "bad.yaml")
    message = str(info.value)
    assert expected in message
    assert "bad.yaml" in message


def test_capacity_is_only_for_resources() -> None:
    text = small().replace(
        "      category: transfer\n      annual: 2000\n",
        "      category: transfer\n      annual: 2000\n      frees: capacity\n",
    )
    with pytest.raises(InputError) as info:
        parse_scenario(text, "bad.yaml")
    message = str(info.value)
    assert "frees: capacity is only for category 'resource'" in message
    assert "bad.yaml:30: model.costs[3].frees" in message


def test_unknown_frees_value() -> None:
    text = small().replace("frees: cash", "frees: money", 1)
    with pytest.raises(InputError) as info:
        parse_scenario(text, "bad.yaml")
    assert "frees" in str(info.value)
    assert "'cash'" in str(info.value) or "cash" in str(info.value)


def _plain(text: str) -> str:
    """Terminal text with its no-break spaces as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_cli_cash_only(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(small(), encoding="utf-8")
    wide = cli_env(COLUMNS="200")
    both = run_cli("run", path, "--lang", "en", env=wide)
    assert both.returncode == 0, both.describe()
    assert "NPV, of which cash" in both.stdout
    table = _plain(both.stdout)
    assert "SEK 190,000" in table  # the municipality's cash NPV beside its 230,000
    assert "SEK 230,000" in table
    cash = run_cli("run", path, "--lang", "en", "--cash-only", env=wide)
    assert cash.returncode == 0, cash.describe()
    cash_table = _plain(cash.stdout)
    assert "cash only" in cash_table
    assert "SEK 190,000" in cash_table
    assert "SEK 230,000" not in cash_table
    assert "Socio-economic (total)" not in cash.stdout
    assert "Internal rate of return" not in cash.stdout
    data = run_cli("run", path, "--format", "json", "--cash-only").json()
    vs = data["alternatives"][1]["vs_comparison"]
    assert vs["cash"]["npv"]["by_payer"]["kommun"] == pytest.approx(190_000)
    assert vs["npv"]["by_payer"]["kommun"] == pytest.approx(230_000)
    assert data["meta"]["cash_only"] is True
    assert data["meta"]["capacity_lines"] is True


def test_report_shows_cash_bias_and_mcpf() -> None:
    """The HTML report's payers' table has the cash column and the MCPF row; the assumptions
    list the three settings, each with its source or as an assumption."""
    from socinvest.analysis.case import build_case
    from socinvest.reports.html_report import render_html

    text = small(
        confidence="confidence: {costs: 3, effects: 4}",
        analysis=(
            "mcpf: 0.3\n"
            "  optimism_bias:\n"
            "    costs: {3: 0.2}\n"
            "    effects: {4: 0.5}\n"
            "    source: {title: Our review, year: 2026}"
        ),
    )
    case = build_case(parse_scenario(text), draws=0)
    page = _plain(render_html(case, "en"))
    assert "NPV, of which cash" in page
    cash_npv = case.results.comparisons[0].cash["kommun"].npv
    assert f"SEK {cash_npv:,.0f}" in page
    assert "Socio-economic with the marginal cost of public funds (0.30)" in page
    assert "Optimism bias" in page
    assert "Our review, 2026" in page  # the optimism bias's source
    assert "an assumption, without a source" in page  # mcpf has none
    assert "Optimism bias, confidence grade 4" in page  # the effect's adjustment


def test_intervention_transfer_cannot_be_capacity() -> None:
    text = small().replace(
        "      - payer: kommun.socialtjanst\n        per_participant: 500\n",
        "      - payer: kommun.socialtjanst\n        per_participant: 500\n"
        "        category: transfer\n        frees: capacity\n",
    )
    with pytest.raises(InputError) as info:
        parse_scenario(text, "bad.yaml")
    assert "interventions[0].costs[1].frees" in str(info.value)
    assert "a transfer is money paid" in str(info.value)
