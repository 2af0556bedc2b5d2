"""Sobol indices (socinvest.analysis.sobol): a linear case with known indices, bounds,
reproducibility, the inverse CDFs, the parenting example, SALib missing, transition rows held
at their means, and ``socinvest analyse sobol`` through the real entry point."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from clitools import Result, cli_env, run_cli
from socinvest.analysis.errors import OptionError
from socinvest.analysis.psa import run_psa
from socinvest.analysis.sensitivity import quantile
from socinvest.analysis.sobol import SobolResult, sobol_indices
from socinvest.core.distributions import Spec, inverse_cdf
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario

HAND = Path(__file__).resolve().parent / "data" / "hand-pathway-scenario.yaml"
COST = "lokal.kostnad_per_ar"  # normal, mean 100 000, sd 20 000 (SEK/year on the pathway)
PRICE = "lokal.insats_per_deltagare"  # made normal here: mean 50 000, sd 10 000 (SEK)
SD = {COST: 20000.0, PRICE: 10000.0}
SCOPE = "kommun.socialtjanst"
SAMPLES = 1024


def _linear_text() -> str:
    """The hand case with both parameters normal: the NPV of 'helped' for social services is
    linear in both, ``NPV = a_cost cost + a_price price + b``."""
    text = HAND.read_text(encoding="utf-8")
    pert = "uncertainty: {distribution: pert, low: 30000, high: 90000}"
    assert pert in text
    return text.replace(pert, "uncertainty: {distribution: normal, sd: 10000}")


def _linear() -> Scenario:
    return parse_scenario(_linear_text(), "hand-sobol.yaml")


def _npv(scenario: Scenario, values: dict[str, list[float]]) -> np.ndarray:
    n = len(next(iter(values.values())))
    psa = run_psa(scenario, draws=n, parameter_draws=values)
    return psa.for_alternative("helped").npv[:, psa.scopes.index(SCOPE)]


@pytest.fixture(scope="module")
def linear() -> SobolResult:
    return sobol_indices(_linear(), scope=SCOPE, samples=SAMPLES, seed=7)


def test_linear_case_has_the_closed_form_indices(linear: SobolResult) -> None:
    scenario = _linear()
    # The coefficients, exactly (the NPV is linear in each money parameter): three points.
    base = {COST: 100000.0, PRICE: 50000.0}
    points = [base, {**base, COST: 101000.0}, {**base, PRICE: 51000.0}]
    npv0, npv_cost, npv_price = _npv(scenario, {k: [p[k] for p in points] for k in base})
    a = {COST: (npv_cost - npv0) / 1000.0, PRICE: (npv_price - npv0) / 1000.0}
    # Ten participants pay the price in year 0 (discount factor 1): a_price = -10.
    assert a[PRICE] == pytest.approx(-10.0, rel=1e-9)
    assert a[COST] > 0.0  # fewer person-years on the pathway
    part = {pid: a[pid] ** 2 * SD[pid] ** 2 for pid in a}
    exact = {pid: part[pid] / sum(part.values()) for pid in a}
    assert 0.3 < exact[COST] < 0.7  # both parameters matter: a real test of the split
    assert linear.npv_variance == pytest.approx(sum(part.values()), rel=0.05)
    for index in linear.indices:
        pid = index.parameter.id
        # Within SALib's 95% interval, and within 0.02 (the error is about 0.004 here).
        assert abs(index.s1 - exact[pid]) <= index.s1_conf, (pid, index, exact)
        assert abs(index.st - exact[pid]) <= index.st_conf, (pid, index, exact)
        assert index.s1 == pytest.approx(exact[pid], abs=0.02)
        assert index.st == pytest.approx(exact[pid], abs=0.02)  # additive: ST = S1
    assert linear.sum_first_order == pytest.approx(1.0, abs=0.05)


def test_result_describes_the_design(linear: SobolResult) -> None:
    assert (linear.alternative, linear.scope, linear.seed) == ("helped", SCOPE, 7)
    assert linear.samples == SAMPLES
    assert linear.evaluations == SAMPLES * (2 + 2)
    assert linear.conf_level == 0.95
    assert linear.fixed_transition_blocks == ()
    sts = [i.st for i in linear.indices]
    assert sts == sorted(sts, reverse=True)
    for i in linear.indices:
        assert i.s1_conf >= 0.0 and i.st_conf >= 0.0
        assert i.s1_interval[0] <= i.s1 <= i.s1_interval[1]


def test_same_seed_same_indices_other_seed_close(linear: SobolResult) -> None:
    again = sobol_indices(_linear(), scope=SCOPE, samples=SAMPLES, seed=7)
    assert again == linear
    other = sobol_indices(_linear(), scope=SCOPE, samples=SAMPLES, seed=8)
    assert other != linear
    by_id = {i.parameter.id: i for i in other.indices}
    for i in linear.indices:
        assert by_id[i.parameter.id].st == pytest.approx(i.st, abs=0.05)


def test_inverse_cdf_matches_the_declared_distributions() -> None:
    u = np.array([0.05, 0.5, 0.95])
    for spec in (
        Spec("normal", value=10.0, sd=2.0),
        Spec("lognormal", value=10.0, sd_log=0.3),
        Spec("gamma", value=10.0, sd=3.0),
        Spec("beta", value=0.3, sd=0.1),
        Spec("uniform", low=1.0, high=3.0),
    ):
        expected = [quantile(spec, q) for q in u]
        assert inverse_cdf(spec, u) == pytest.approx(expected, rel=1e-12), spec.kind
    triangular = inverse_cdf(Spec("triangular", value=2.0, low=0.0, high=4.0), u)
    assert triangular[1] == pytest.approx(2.0)  # symmetric: the median is the mode
    assert triangular[0] == pytest.approx(np.sqrt(0.05 * 8.0))  # F(x) = x^2 / 8 below the mode
    pert = inverse_cdf(Spec("pert", value=1.0, low=0.0, high=4.0), np.linspace(0.001, 0.999, 999))
    assert np.all(np.diff(pert) > 0) and pert[0] > 0.0 and pert[-1] < 4.0
    # The mean of PERT(0, 1, 4) is (0 + 4 * 1 + 4) / 6.
    assert float(np.mean(pert)) == pytest.approx(8.0 / 6.0, abs=0.01)


def test_parenting_example_indices_are_sensible() -> None:
    # No timing assertion here (speed is measured in benchmarks/, not asserted in tests).
    scenario = parse_scenario(example_text("parenting-programme"), "example")
    result = sobol_indices(scenario, samples=512, seed=1)
    assert result.alternative == "universal" and result.scope == "socio_economic"
    assert result.evaluations == 512 * (len(result.indices) + 2)
    assert result.npv_variance > 0.0
    for i in result.indices:
        assert -0.05 <= i.s1 <= 1.05, i
        assert -0.05 <= i.st <= 1.05, i
    assert result.sum_first_order <= 1.05
    assert result.indices[0].st > 0.5  # one parameter dominates (the programme's price)


def test_a_scope_the_parameters_do_not_reach_is_constant() -> None:
    # Nobody but social services pays anything in the hand case: the region's NPV is 0.
    result = sobol_indices(_linear(), scope="region", samples=8, seed=1)
    assert result.constant and result.npv_variance == 0.0
    assert all(i.s1 == i.st == i.s1_conf == i.st_conf == 0.0 for i in result.indices)


def test_transition_rows_are_held_at_their_means(linear: SobolResult) -> None:
    text = _linear_text().replace(
        "    - ages: 0+\n", "    - ages: 0+\n      uncertainty: {concentration: 20}\n"
    )
    result = sobol_indices(parse_scenario(text, "rows.yaml"), scope=SCOPE, samples=SAMPLES, seed=7)
    assert result.fixed_transition_blocks == (0,)
    assert result.indices == linear.indices  # rows at their means: the same NPVs


def test_options_are_checked() -> None:
    scenario = _linear()
    for bad in (0, 2, 100, 1000):
        with pytest.raises(OptionError, match="power of two") as caught:
            sobol_indices(scenario, samples=bad)
        assert caught.value.option == "--samples"
    with pytest.raises(OptionError, match="unknown scope"):
        sobol_indices(scenario, scope="nowhere", samples=8)
    with pytest.raises(OptionError, match="unknown alternative"):
        sobol_indices(scenario, alternative="as_today", samples=8)


def test_missing_salib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "SALib", None)  # import SALib now raises ImportError
    with pytest.raises(OptionError, match=r"pip install 'socinvest\[sobol\]'"):
        sobol_indices(_linear(), samples=8)


def test_given_draws_are_checked() -> None:
    scenario = _linear()
    with pytest.raises(ValueError, match=r"'no\.such'"):
        run_psa(scenario, draws=2, parameter_draws={"no.such": [1.0, 2.0]})
    with pytest.raises(ValueError, match="must be 2 finite numbers"):
        run_psa(scenario, draws=2, parameter_draws={COST: [1.0, np.nan]})
    # A drawn parameter not given is held at its value.
    held = _npv(scenario, {COST: [100000.0, 100000.0]})
    assert held[0] == held[1]


# --------------------------------------------------------------------------------------
# The command line, through the real entry point


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    hand = tmp_path_factory.mktemp("sobol") / "hand.yaml"
    hand.write_text(_linear_text(), encoding="utf-8")
    base = ("analyse", "sobol", str(hand), "--samples", "256", "--scope", SCOPE, "--seed", "3")
    calls = {
        "sv": base,
        "en": (*base, "--lang", "en"),
        "json": (*base, "--format", "json"),
        "example": ("analyse", "sobol", "--samples", "64", "--lang", "en", "-a", "indicated"),
        "bad_samples": (*base[:3], "--samples", "100", "--lang", "en"),
        "bad_scope_json": (*base[:3], "--scope", "nowhere", "--format", "json"),
    }
    wide = cli_env(COLUMNS="200")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run_cli, *args, env=wide) for name, args in calls.items()}
        return {name: f.result() for name, f in futures.items()}


def test_cli_table_in_swedish_and_english(runs: dict[str, Result]) -> None:
    sv, en = runs["sv"], runs["en"]
    assert sv.returncode == 0, sv.describe()
    assert "Global känslighetsanalys (Sobolindex)" in sv.stdout
    assert COST in sv.stdout and PRICE in sv.stdout
    assert en.returncode == 0, en.describe()
    assert "Global sensitivity (Sobol indices)" in en.stdout
    assert "The first-order indices sum to" in en.stdout
    # Sorted by ST: the larger index first.
    data = runs["json"].json()
    first = data["indices"][0]["parameter"]
    second = data["indices"][1]["parameter"]
    assert en.stdout.index(first) < en.stdout.index(second)
    example = runs["example"]
    assert example.returncode == 0, example.describe()
    assert "foraldraprogram.kostnad_per_familj" in example.stdout


def test_cli_json(runs: dict[str, Result]) -> None:
    result = runs["json"]
    assert result.returncode == 0, result.describe()
    data = result.json()
    assert data["analysis"] == "sobol" and data["scope"] == SCOPE
    assert data["alternative"] == "helped"
    meta = data["meta"]
    assert (meta["samples"], meta["evaluations"], meta["seed"]) == (256, 256 * 4, 3)
    assert {i["parameter"] for i in data["indices"]} == {COST, PRICE}
    for i in data["indices"]:
        assert i["s1_interval"] == pytest.approx([i["s1"] - i["s1_conf"], i["s1"] + i["s1_conf"]])
        assert -0.1 <= i["st"] <= 1.1
    assert data["transition_blocks_at_means"] == []
    assert data["sum_first_order"] == pytest.approx(1.0, abs=0.1)


def test_cli_bad_options_are_bad_input(runs: dict[str, Result]) -> None:
    bad = runs["bad_samples"]
    assert bad.returncode == 2, bad.describe()
    assert "--samples" in bad.stderr and "power of two" in bad.stderr
    bad_json = runs["bad_scope_json"]
    assert bad_json.returncode == 2, bad_json.describe()
    problem = json.loads(bad_json.stdout)["problems"][0]
    assert problem["field"] == "--scope" and "nowhere" in problem["message"]
