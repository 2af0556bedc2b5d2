"""The probabilistic analysis (socinvest.analysis.psa): linearity, reproducibility, common
random numbers, the summaries and the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from socinvest.analysis.psa import BLOCK_DRAWS, run_psa
from socinvest.analysis.results import analyse
from socinvest.cli.main import app
from socinvest.params.library import default_library
from socinvest.params.sampling import draw_parameters
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario

SCENARIO = """
socinvest: 1
id: psa_test
title: PSA test
model:
  states:
    - {{id: well}}
    - {{id: ill}}
    - {{id: dead, absorbing: true}}
  transitions:
    - ages: 0-120
      probabilities:
        well: {{well: rest, ill: 0.1, dead: 0.01}}
        ill: {{ill: rest, well: 0.2, dead: 0.03}}
{uncertainty}
  costs:
    - state: ill
      payer: kommun.socialtjanst
      annual: {{param: test.cost_ill}}
    - state: ill
      payer: region
      annual: 20000
target_group:
  start_age: 10
  level: selective
  initial_states: {{well: 0.5, ill: 0.5}}
  intake: {{per_year: 10, years: 3}}
interventions:
  - id: treat
    eligible_states: [ill]
    costs:
      - payer: kommun.socialtjanst
        per_participant: {{param: test.programme}}
    effects:
      - from: ill
        to: well
        relative_risk: {rr}
        years: 0-2
alternatives:
  - {{id: as_today, comparison: true}}
  - {{id: treat, interventions: [treat]}}
{extra}
analysis:
  start_year: 2026
  price_year: 2024
  horizon: {{years: 20}}
  timing: mid
  seed: 7
parameters:
  test.cost_ill:
    label: {{sv: Kostnad, en: Cost}}
    unit: SEK/year
    values: [{{date: 2024-01-01, value: {cost}, price_year: 2024}}]
    status: illustrative
    sources: [{{title: Test}}]
    last_reviewed: 2026-01-01
    uncertainty: {{distribution: normal, sd: 20000}}
  test.programme:
    label: {{sv: Program, en: Programme}}
    unit: SEK
    values: [{{date: 2024-01-01, value: 30000, price_year: 2024}}]
    status: illustrative
    sources: [{{title: Test}}]
    last_reviewed: 2026-01-01
    uncertainty: {{distribution: {programme_distribution}}}
  test.rr:
    label: {{sv: RR, en: RR}}
    unit: ratio
    values: [{{date: 2024-01-01, value: 1.8}}]
    status: illustrative
    sources: [{{title: Test}}]
    last_reviewed: 2026-01-01
    uncertainty: {{distribution: lognormal, sd_log: 0.2}}
"""


def scenario(
    *,
    cost: float = 100000.0,
    rr: str = "1.8",
    programme: str = "fixed",
    uncertainty: str = "",
    extra: str = "",
) -> Scenario:
    text = SCENARIO.format(
        cost=repr(cost),
        rr=rr,
        programme_distribution=programme,
        uncertainty=uncertainty,
        extra=extra,
    )
    return parse_scenario(text, "psa-test.yaml")


def test_mean_equals_deterministic_result_when_linear() -> None:
    """Only a linear money parameter is drawn (normal): the PSA mean is the model at the mean
    of the draws (to rounding) and, within Monte Carlo error, the deterministic result."""
    model = scenario()
    draws = 4000
    psa = run_psa(model, None, draws)
    assert psa.drawn_parameters == ("test.cost_ill",)
    resolved = resolve_scenario(model, library_for(model))
    theta = draw_parameters([resolved.parameters["test.cost_ill"]], draws, model.analysis.seed)
    at_mean = analyse(scenario(cost=float(np.mean(theta["test.cost_ill"]))))
    at_value = analyse(model)
    alt = psa.for_alternative("treat")
    for scope in ("kommun", "kommun.socialtjanst", "region", "public_finances", "socio_economic"):
        exact = at_mean.comparison_for("treat").horizon[scope].npv
        assert alt.horizon[scope].mean == pytest.approx(exact, rel=1e-9, abs=1e-6)
        term = at_mean.comparison_for("treat").term_of_office[scope].npv
        assert alt.term_of_office[scope].mean == pytest.approx(term, rel=1e-9, abs=1e-6)
        sd = float(np.std(alt.npv[:, psa.scopes.index(scope)]))
        deterministic = at_value.comparison_for("treat").horizon[scope].npv
        assert abs(alt.horizon[scope].mean - deterministic) <= 4 * sd / np.sqrt(draws) + 1e-6


def test_every_draw_matches_a_deterministic_run() -> None:
    """The linear decomposition is exact draw by draw (a few draws checked)."""
    model = scenario(rr="{param: test.rr}", programme="normal, sd: 5000")
    psa = run_psa(model, None, 3)
    resolved = resolve_scenario(model, library_for(model))
    params = [resolved.parameters[p] for p in ("test.cost_ill", "test.programme", "test.rr")]
    theta = draw_parameters(params, 3, model.analysis.seed)
    for d in range(3):
        text = SCENARIO.format(
            cost=repr(float(theta["test.cost_ill"][d])),
            rr=repr(float(theta["test.rr"][d])),
            programme_distribution="fixed",
            uncertainty="",
            extra="",
        ).replace("value: 30000,", f"value: {float(theta['test.programme'][d])!r},")
        det = analyse(parse_scenario(text, "x.yaml")).comparison_for("treat")
        alt = psa.for_alternative("treat")
        for q, scope in enumerate(psa.scopes):
            assert alt.npv[d, q] == pytest.approx(det.horizon[scope].npv, rel=1e-9, abs=1e-5)
            assert alt.npv_term[d, q] == pytest.approx(
                det.term_of_office[scope].npv, rel=1e-9, abs=1e-5
            )
        for i, state in enumerate(psa.states):
            assert alt.person_years_diff[d, i] == pytest.approx(
                det.person_years_diff[state], rel=1e-9, abs=1e-9
            )


def _fingerprint(model: Scenario, draws: int, chunk: int, seed: int | None = None) -> list[bytes]:
    psa = run_psa(model, None, draws, seed, chunk_draws=chunk)
    out = []
    for alt in psa.alternatives:
        out += [alt.npv.tobytes(), alt.npv_term.tobytes(), alt.person_years_diff.tobytes()]
        out += [json.dumps(vars(p), default=str).encode() for p in alt.payback.values()]
    return out


UNCERTAIN = """      uncertainty: {concentration: 50}"""


@pytest.mark.parametrize("uncertainty", ["", UNCERTAIN])
def test_bit_identical_across_chunk_sizes(uncertainty: str) -> None:
    model = scenario(rr="{param: test.rr}", programme="normal, sd: 5000", uncertainty=uncertainty)
    draws = 10_000 + 37  # a short last block too
    reference = _fingerprint(model, draws, 1000)
    assert _fingerprint(model, draws, 2500) == reference
    assert _fingerprint(model, draws, 10_000) == reference


def test_person_years_per_draw_follow_the_drawn_effect() -> None:
    """With the effect size drawn, the per-draw person-years vary and their mean is the
    deterministic value within Monte Carlo error; with nothing on the path drawn they are the
    deterministic ones in every draw."""
    model = scenario(rr="{param: test.rr}")
    draws = 4000
    psa = run_psa(model, None, draws)
    assert "test.rr" in psa.drawn_parameters
    assert set(psa.person_years) == {"as_today", "treat"}
    det = analyse(model).comparison_for("treat")
    alt = psa.for_alternative("treat")
    assert alt.person_years_diff.shape == (draws, len(psa.states))
    np.testing.assert_array_equal(
        alt.person_years_diff, psa.person_years["treat"] - psa.person_years["as_today"]
    )
    for i, state in enumerate(psa.states):
        per_draw = alt.person_years_diff[:, i]
        assert np.std(per_draw) > 0.0
        sd = float(np.std(per_draw))
        assert abs(per_draw.mean() - det.person_years_diff[state]) <= 4 * sd / np.sqrt(draws)
    fixed = run_psa(scenario(), None, 600)
    det_fixed = analyse(scenario()).comparison_for("treat")
    for i, state in enumerate(fixed.states):
        column = fixed.for_alternative("treat").person_years_diff[:, i]
        assert np.all(column == column[0])
        assert column[0] == pytest.approx(det_fixed.person_years_diff[state], rel=1e-9)


def test_a_different_seed_changes_the_results() -> None:
    model = scenario(rr="{param: test.rr}", uncertainty=UNCERTAIN)
    assert _fingerprint(model, 600, 2000, seed=1) != _fingerprint(model, 600, 2000, seed=2)
    assert _fingerprint(model, 600, 2000, seed=1) == _fingerprint(model, 600, 2000, seed=1)


def test_seed_defaults_to_the_scenario_seed() -> None:
    model = scenario(rr="{param: test.rr}")
    assert run_psa(model, None, 10).seed == 7
    assert _fingerprint(model, 300, 2000) == _fingerprint(model, 300, 2000, seed=7)


def test_common_random_numbers_give_zero_against_itself() -> None:
    """An alternative with the comparison's interventions has NPV exactly 0 in every draw,
    even with drawn effects and transitions."""
    model = scenario(
        rr="{param: test.rr}",
        programme="normal, sd: 5000",
        uncertainty=UNCERTAIN,
        extra="  - {id: treat_again, interventions: [treat]}",
    )
    data = model.model_dump(by_alias=True, exclude_unset=True)
    data["alternatives"][0]["interventions"] = ["treat"]
    same = Scenario.model_validate(data)
    psa = run_psa(same, None, 700)
    for alt in psa.alternatives:
        assert np.all(alt.npv == 0.0) and np.all(alt.npv_term == 0.0)
        assert all(s.p_positive == 0.0 for s in alt.horizon.values())


def test_summaries_are_consistent() -> None:
    model = scenario(rr="{param: test.rr}", programme="normal, sd: 5000")
    psa = run_psa(model, None, 2000)
    (alt,) = psa.alternatives
    assert set(alt.horizon) == set(psa.scopes)
    for scope, s in alt.horizon.items():
        assert 0.0 <= s.p_positive <= 1.0
        assert s.p5 <= s.median <= s.p95
        npv = alt.npv[:, psa.scopes.index(scope)]
        assert s.p_positive == pytest.approx(float(np.mean(npv > 0)))
    assert alt.payback, "the intervention invests, so payback is reported"
    assert set(alt.payback) <= {
        "kommun",
        "region",
        "individ",
        "public_finances",
        "socio_economic",
        "stat",
        "ovriga",
    }
    for dist in alt.payback.values():
        total = sum(dist.by_year.values()) + dist.not_within_horizon
        assert total == pytest.approx(1.0, abs=1e-12)
        assert all(2026 <= year < 2026 + 22 for year in dist.by_year)


def test_dirichlet_rows_sum_to_one_in_every_draw() -> None:
    """The drawn transition rows stay probabilities summing to one; the run keeps the
    cohort's size (no one is created or lost)."""
    from socinvest.analysis import psa as psa_module
    from socinvest.core.distributions import dirichlet
    from socinvest.scenario.compile import compile_scenario

    model = scenario(uncertainty=UNCERTAIN)
    resolved = resolve_scenario(model, library_for(model))
    compiled = compile_scenario(resolved.scenario)
    setup = psa_module._Setup(model, resolved.scenario, resolved.parameters, compiled, 800, 3, None)
    assert len(setup.rows) == 2  # well and ill; dead is absorbing
    for b, i, concentration, rng in setup.rows:
        rows = dirichlet(rng, 800, compiled.transitions[b, i], concentration)
        assert np.allclose(rows.sum(axis=1), 1.0, atol=1e-12)
        assert np.all(rows >= 0.0)
        assert rows[:, 2].std() > 0 and rows[:, 0].std() > 0
    psa = run_psa(model, None, 800)
    assert psa.uncertain_transition_blocks == (0,)
    npv = psa.for_alternative("treat").npv
    assert np.std(npv[:, psa.scopes.index("region")]) > 0.0  # region's cost is fixed


def test_parenting_example_runs_and_draws_are_blockwise() -> None:
    model = parse_scenario(example_text("parenting-programme"), "example")
    psa = run_psa(model, default_library(), BLOCK_DRAWS + 3)
    assert psa.draws == BLOCK_DRAWS + 3
    indicated = psa.for_alternative("indicated")
    assert indicated.horizon["socio_economic"].p_positive > 0.5
    assert "kommun" in indicated.payback


def test_run_psa_rejects_no_draws() -> None:
    with pytest.raises(ValueError, match="at least one draw"):
        run_psa(scenario(), None, 0)


def test_cli_json_has_psa_block() -> None:
    result = CliRunner().invoke(app, ["run", "--draws", "200", "--seed", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["draws"] == 200 and data["meta"]["seed"] == 3
    alternatives = {a["id"]: a for a in data["alternatives"]}
    assert alternatives["as_today"]["psa"] is None
    block = alternatives["indicated"]["psa"]
    assert block["draws"] == 200 and block["seed"] == 3
    total = block["npv"]["total"]
    assert set(total) == {"mean", "median", "p5", "p95", "p_positive", "sd", "p2_5", "p97_5"}
    assert set(block["varied"]) == {"effects", "transitions", "unit_costs", "production", "other"}
    assert 0.0 <= total["p_positive"] <= 1.0
    assert "kommun" in block["npv"]["by_payer"]
    assert set(block["npv"]["by_perspective"]) == {"public_finances", "socio_economic"}
    assert (
        block["term_of_office"]["npv"]["total"]["p5"]
        <= block["term_of_office"]["npv"]["total"]["p95"]
    )
    kommun = block["payback_year"]["by_payer"]["kommun"]
    assert sum(kommun["by_year"].values()) + kommun["not_within_horizon"] == pytest.approx(1.0)


def test_cli_json_without_draws_has_no_psa() -> None:
    result = CliRunner().invoke(app, ["run", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meta"]["draws"] == 1
    assert all(a["psa"] is None for a in data["alternatives"])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_cli_table_has_psa_section(lang: str) -> None:
    result = CliRunner().invoke(app, ["run", "--draws", "200", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert ("osäkerhet" if lang == "sv" else "uncertainty") in result.stdout
    assert "P(" in result.stdout


def _with_correlation(pair: tuple[str, str], rho: float) -> str:
    from socinvest.scenario.load import example_text

    text = example_text("parenting-programme")
    return text.replace(
        "  term_of_office: 4\n",
        "  term_of_office: 4\n  correlations:\n"
        f"    - {{parameters: [{pair[0]}, {pair[1]}], spearman: {rho}}}\n",
        1,
    )


def test_scenario_rank_correlation_is_applied() -> None:
    """`analysis.correlations` in the scenario reaches the draws (Iman-Conover)."""
    from scipy.stats import spearmanr

    from socinvest.analysis.psa import run_psa
    from socinvest.scenario.load import parse_scenario

    pair = ("skola.extra_stod_per_manad", "socialtjanst.hvb_per_dygn")
    scenario = parse_scenario(_with_correlation(pair, 0.7))
    psa = run_psa(scenario, draws=5000, seed=3)
    rho = spearmanr(psa.parameter_draws[pair[0]], psa.parameter_draws[pair[1]]).statistic
    assert abs(rho - 0.7) < 0.03
    independent = run_psa(parse_scenario(_with_correlation(pair, 0.0)), draws=5000, seed=3)
    rho0 = spearmanr(
        independent.parameter_draws[pair[0]], independent.parameter_draws[pair[1]]
    ).statistic
    assert abs(rho0) < 0.05


def test_bad_scenario_correlations_are_refused_with_their_field() -> None:
    from socinvest.params.errors import InputError
    from socinvest.scenario.load import parse_scenario

    with pytest.raises(InputError) as info:
        parse_scenario(_with_correlation(("skola.extra_stod_per_manad", "barn.bvc_per_barn"), 0.5))
    problem = info.value.problems[0]
    assert problem.field == "analysis.correlations[0].parameters"
    assert "barn.bvc_per_barn" in problem.message
    with pytest.raises(InputError) as info:
        parse_scenario(
            _with_correlation(("skola.extra_stod_per_manad", "skola.extra_stod_per_manad"), 0.5)
        )
    assert "two different parameters" in info.value.problems[0].message
