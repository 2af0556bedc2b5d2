"""The compiled cohort kernel against the numpy engine (issue 16, item 2).

The kernel (:mod:`socinvest.core.cohort_kernel`) must give the numpy engine's present values to
1e-9 relative on every shipped example and on random models, and the same bits for every
number of threads and block size. numba compiles once per session (``cache=True`` keeps the
machine code on disk between sessions).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinvest.core.cohort import TransitionEffect, prepare_transitions, simulate_cohort
from socinvest.core.cohort_kernel import (
    AUTO_MIN_DRAWS,
    ENGINE_VARIABLE,
    Pairs,
    YearlyFold,
    choose_engine,
    fold_categories,
    fold_weights,
    numba_available,
    present_values,
)
from socinvest.core.ledger import present_path_flows
from socinvest.core.timing import discount_factors
from socinvest.scenario.compile import CompiledScenario, compile_scenario
from socinvest.scenario.load import load_scenario
from socinvest.scenario.model import Scenario
from socinvest.scenario.references import library_for, resolve_scenario

FloatArray = npt.NDArray[np.float64]

EXAMPLES = sorted(
    (Path(__file__).parents[1] / "src" / "socinvest" / "data" / "examples").glob("*.yaml")
)
RTOL = 1e-9

needs_numba = pytest.mark.skipif(
    not numba_available(),
    reason="numba is not installed (extra 'fast'; CI installs it with the test extra)",
)


def close(a: FloatArray, b: FloatArray) -> bool:
    """Equal to ``RTOL`` relative to the largest magnitude of each output column."""
    scale = np.maximum(np.max(np.abs(b), axis=0, keepdims=True), 1e-300)
    return bool(np.all(np.abs(a - b) <= RTOL * scale))


# --------------------------------------------------------------------------------------------
# Choosing the engine (runs without numba too)


def test_engine_choice_follows_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import socinvest.core.cohort_kernel as kernel_module

    monkeypatch.setenv(ENGINE_VARIABLE, "numpy")
    assert choose_engine() == "numpy"
    assert choose_engine(draws=10**6) == "numpy"
    monkeypatch.setenv(ENGINE_VARIABLE, "auto")
    # auto: the kernel when numba imports, from AUTO_MIN_DRAWS draws on (or any number when
    # the caller does not say).
    monkeypatch.setattr(kernel_module, "numba_available", lambda: True)
    assert kernel_module.choose_engine() == "numba"
    assert kernel_module.choose_engine(draws=AUTO_MIN_DRAWS) == "numba"
    assert kernel_module.choose_engine(draws=AUTO_MIN_DRAWS - 1) == "numpy"
    monkeypatch.delenv(ENGINE_VARIABLE)
    assert kernel_module.choose_engine(draws=AUTO_MIN_DRAWS) == "numba"
    # Forcing the kernel holds for any number of draws.
    assert kernel_module.choose_engine("numba", draws=1) == "numba"
    monkeypatch.setenv(ENGINE_VARIABLE, "numba")
    assert kernel_module.choose_engine(draws=1) == "numba"
    monkeypatch.setattr(kernel_module, "numba_available", lambda: False)
    monkeypatch.setenv(ENGINE_VARIABLE, "auto")
    assert kernel_module.choose_engine(draws=AUTO_MIN_DRAWS) == "numpy"
    assert choose_engine("numpy") == "numpy"
    monkeypatch.setenv(ENGINE_VARIABLE, "fortran")
    with pytest.raises(ValueError, match="unknown cohort engine 'fortran'"):
        choose_engine()


def test_small_runs_do_not_import_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the threshold ``auto`` decides without importing numba (a short command must not
    pay for it)."""
    import socinvest.core.cohort_kernel as kernel_module

    asked: list[int] = []

    def available() -> bool:
        asked.append(1)
        return True

    monkeypatch.setattr(kernel_module, "numba_available", available)
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert kernel_module.choose_engine(draws=AUTO_MIN_DRAWS - 1) == "numpy"
    assert asked == []


def test_forcing_numba_without_it_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import socinvest.core.cohort_kernel as kernel_module

    monkeypatch.setattr(kernel_module, "numba_available", lambda: False)
    assert kernel_module.choose_engine("auto") == "numpy"
    with pytest.raises(ValueError, match=r"socinvest\[fast\]"):
        kernel_module.choose_engine("numba")


def test_yearly_fold_by_hand() -> None:
    """Two outputs over three cycles: the first into its own year, the second one year
    later, both into column 0; what falls past the last year is left out."""
    per_cycle = np.array([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]])
    fold = YearlyFold(np.array([0, 1]), np.array([0, 0]), n_years=3, n_columns=1)
    assert fold.apply(per_cycle)[0, :, 0].tolist() == [1.0, 12.0, 23.0]


def test_fold_weights_by_hand() -> None:
    """Two years, flows 10 and 20 a person-year, factors 1 and 0.5."""
    annual = np.array([[10.0], [20.0]])
    factors = np.array([1.0, 0.5])
    assert fold_weights(annual, factors, "start")[:, 0].tolist() == [10.0, 10.0, 0.0]
    assert fold_weights(annual, factors, "end")[:, 0].tolist() == [0.0, 10.0, 10.0]
    assert fold_weights(annual, factors, "mid")[:, 0].tolist() == [5.0, 10.0, 5.0]
    assert fold_categories(np.ones((2, 3, 4))).tolist() == [[4.0] * 3] * 2


def test_numpy_engine_by_hand() -> None:
    """Two states, one cycle: 100 persons in state 0 move to state 1 with probability 0.25."""
    p = np.array([[[0.75, 0.25], [0.0, 1.0]]])
    occupancy = np.array([[[1.0], [0.0]], [[2.0], [0.0]]])  # 1 at the start, 2 at the end
    entries = np.array([[[0.0], [1000.0]]])  # 1000 per entry into state 1
    pairs = Pairs.dense(occupancy, entries)
    out, _ = present_values([100.0, 0.0], p, [0], pairs, engine="numpy")
    # occupancy 100 at the start and 75 at the end in state 0; 25 entries into state 1.
    assert out.tolist() == [[100.0 * 1.0 + 75.0 * 2.0 + 25.0 * 1000.0]]


# --------------------------------------------------------------------------------------------
# Shipped examples


def _compiled(path: Path) -> CompiledScenario:
    return _compiled_scenario(load_scenario(path))


def _compiled_scenario(scenario: Scenario) -> CompiledScenario:
    return compile_scenario(resolve_scenario(scenario, library_for(scenario)).scenario)


def _example_inputs(
    path: Path, draws: int, seed: int
) -> list[tuple[str, FloatArray, FloatArray, list[TransitionEffect], Pairs, FloatArray]]:
    """Per alternative of the example: its per-draw transitions (rows drawn from
    ``Dirichlet(200 p)``, draw-last), effects with a per-draw log ratio, the dense pairs of
    its payer totals (annual and on entry, the example's timing, 3 % discounting) and the
    reference present values from ``simulate_cohort`` and ``present_path_flows``."""
    compiled = _compiled(path)
    rng = np.random.default_rng(seed)
    b, s, _ = compiled.transitions.shape
    p = np.empty((b, s, s, draws))
    for band in range(b):
        for i in range(s):
            row = compiled.transitions[band, i]
            if row[i] >= 1.0:
                p[band, i] = row[:, None]
            else:
                p[band, i] = rng.dirichlet(200.0 * row + 1e-3, size=draws).T
    timing = compiled.scenario.analysis.timing
    t = compiled.unit_cycles
    factors = discount_factors(0.03, t, timing)
    on_entry = fold_categories(compiled.on_entry)
    out = []
    for alt in compiled.alternatives:
        effects = [
            TransitionEffect(
                e.rows,
                e.targets,
                e.log_effect * rng.uniform(0.5, 1.5, draws),
                e.weights,
                e.kind,
                e.complement,
            )
            for e in alt.effects
        ]
        annual = fold_categories(compiled.annual + alt.participant_annual)
        pairs = Pairs.dense(
            fold_weights(annual, factors, timing), on_entry * factors[:, None, None]
        )
        path_ = simulate_cohort(
            compiled.initial,
            prepare_transitions(p, compiled.band_of_cycle, draw_last=True),
            effects=effects,
        )
        reference = present_path_flows(
            path_.occupancy,
            timing,
            annual,
            factors,
            path_.entries,
            on_entry,
        )
        out.append((alt.id, p, compiled.initial, effects, pairs, reference))
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_numpy_engine_equals_present_path_flows(path: Path) -> None:
    """The numpy side of :func:`present_values` is the engine the analyses use."""
    for _alt, p, initial, effects, pairs, reference in _example_inputs(path, 40, 1):
        compiled_bands = _compiled(path).band_of_cycle
        out, _ = present_values(
            initial, p, compiled_bands, pairs, effects, engine="numpy", draw_last=True
        )
        assert close(out, reference)


@needs_numba
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_kernel_equals_numpy_engine(path: Path) -> None:
    bands = _compiled(path).band_of_cycle
    for alt, p, initial, effects, pairs, reference in _example_inputs(path, 60, 2):
        kernel, _ = present_values(
            initial, p, bands, pairs, effects, engine="numba", draw_last=True
        )
        numpy_engine, _ = present_values(
            initial, p, bands, pairs, effects, engine="numpy", draw_last=True
        )
        assert kernel.shape == reference.shape == (60, pairs.weights.shape[2])
        assert close(kernel, numpy_engine), alt
        assert close(kernel, reference), alt
        banded = prepare_transitions(p, bands, draw_last=True)
        from_banded, _ = present_values(initial, banded, bands, pairs, effects, engine="numba")
        assert np.array_equal(from_banded, kernel), alt
        # Every thread count and block size: the same bits.
        for threads, block in ((1, 1), (2, 7), (2, 1000), (1, 60)):
            again, _ = present_values(
                initial,
                p,
                bands,
                pairs,
                effects,
                engine="numba",
                threads=threads,
                block_draws=block,
                draw_last=True,
            )
            assert np.array_equal(again, kernel), (alt, threads, block)


# --------------------------------------------------------------------------------------------
# Random models


@st.composite
def models(draw: st.DrawFn) -> dict[str, object]:
    """A random cohort model: states, bands, cycles, draws, transition rows (some with zeros,
    absorbing states), costs, per-draw coefficients on sparse pairs, and effects of every
    kind and complement."""
    s = draw(st.integers(2, 6))
    b = draw(st.integers(1, 3))
    t = draw(st.integers(1, 12))
    # Few draws, and enough for the vectorised loops along a block's draws to run.
    d = draw(st.sampled_from([1, 2, 3, 5, 19, 70]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    raw = rng.uniform(0.0, 1.0, (b, s, s, d))
    raw[rng.uniform(size=raw.shape) < 0.3] = 0.0
    raw[..., 0, 0, :] += 1e-3  # no empty row
    for i in range(s):
        raw[:, i, i, :] += 1e-3
    if draw(st.booleans()):  # an absorbing last state
        raw[:, s - 1, :, :] = 0.0
        raw[:, s - 1, s - 1, :] = 1.0
    p = raw / raw.sum(axis=2, keepdims=True)
    if draw(st.booleans()):
        p = p[..., :1].copy()  # the same in every draw
    draw_last = draw(st.booleans())
    if not draw_last:  # the kernel's own layout (D, B, S, S)
        p = np.ascontiguousarray(p.transpose(3, 0, 1, 2))
    effects = []
    for _ in range(draw(st.integers(0, 3))):
        rows = np.sort(rng.choice(s, size=draw(st.integers(1, s)), replace=False))
        targets = rng.uniform(size=(rows.size, s)) < 0.4
        targets[np.arange(rows.size), rng.integers(0, s, rows.size)] = True
        logs = rng.normal(
            0.0, draw(st.sampled_from([0.1, 1.0, 3.0])), draw(st.sampled_from([1, d]))
        )
        if draw(st.booleans()):
            logs[0] = 0.0
        weights = rng.uniform(size=t) * (rng.uniform(size=t) < 0.7)
        effects.append(
            TransitionEffect(
                rows.astype(np.intp),
                targets,
                logs,
                weights,
                draw(st.sampled_from(["relative_risk", "odds_ratio"])),
                draw(st.sampled_from(["proportional", "stay"])),
            )
        )
    m = draw(st.integers(1, 2 * s))
    k = draw(st.integers(1, 3))
    pairs = Pairs(
        state=rng.integers(0, s, m).astype(np.intp),
        kind=rng.integers(0, 2, m).astype(np.intp),
        coef=rng.integers(0, k, m).astype(np.intp),
        weights=rng.normal(0.0, 1e4, (t + 1, m, draw(st.integers(1, 4)))),
    )
    n_yearly = draw(st.integers(1, 3))
    yearly_weights = rng.normal(0.0, 1e3, (t + 1, m, n_yearly)) if draw(st.booleans()) else None
    yearly_fold = None
    if yearly_weights is not None and draw(
        st.booleans()
    ):  # per-cycle outputs added into years (shifted) and columns
        yearly_fold = YearlyFold(
            shift=rng.integers(-2, 3, n_yearly).astype(np.intp),
            column=rng.integers(0, 2, n_yearly).astype(np.intp),
            n_years=draw(st.integers(1, t + 3)),
            n_columns=2,
        )
    return {
        "initial": rng.uniform(0.0, 100.0, (draw(st.sampled_from([1, d])), s)),
        "transitions": p,
        "draw_last": draw_last,
        "yearly_weights": yearly_weights,
        "yearly_fold": yearly_fold,
        "band_of_cycle": rng.integers(0, b, t),
        "pairs": pairs,
        "effects": effects,
        "coefficients": rng.normal(1.0, 0.5, (draw(st.sampled_from([1, d])), k)),
    }


@needs_numba
@settings(max_examples=60, deadline=None)
@given(models())
def test_random_models_kernel_equals_numpy_engine(model: dict[str, object]) -> None:
    kernel, kernel_yearly = present_values(**model, engine="numba")  # type: ignore[arg-type]
    numpy_engine, numpy_yearly = present_values(**model, engine="numpy")  # type: ignore[arg-type]
    assert kernel.shape == numpy_engine.shape
    scale = max(1.0, float(np.max(np.abs(numpy_engine))))
    assert np.all(np.abs(kernel - numpy_engine) <= RTOL * scale)
    if model["yearly_weights"] is None:
        assert kernel_yearly is None and numpy_yearly is None
    else:
        assert kernel_yearly is not None and numpy_yearly is not None
        assert kernel_yearly.shape == numpy_yearly.shape
        yearly_scale = max(1.0, float(np.max(np.abs(numpy_yearly))))
        assert np.all(np.abs(kernel_yearly - numpy_yearly) <= RTOL * yearly_scale)
    for threads, block in ((1, 1), (2, 2), (3, 17), (2, 64)):
        again, again_yearly = present_values(
            **model,  # type: ignore[arg-type]
            engine="numba",
            threads=threads,
            block_draws=block,
        )
        assert np.array_equal(again, kernel)
        if kernel_yearly is not None:
            assert again_yearly is not None
            assert np.array_equal(again_yearly, kernel_yearly)


# --------------------------------------------------------------------------------------------
# The probabilistic analysis through the kernel


PSA_DRAWS = 300


def _psa_variants() -> list[tuple[str, Path, str, bool]]:
    """Every example as shipped (mid-year timing, taxes paid two years later, intake over
    several years), and one at the start and at the end of the year without the payment lag."""
    out = [(p.stem, p, "mid", True) for p in EXAMPLES]
    out += [(f"{EXAMPLES[0].stem}-{t}-no-lag", EXAMPLES[0], t, False) for t in ("start", "end")]
    return out


@needs_numba
@pytest.mark.parametrize(
    ("path", "timing", "lag"),
    [v[1:] for v in _psa_variants()],
    ids=[v[0] for v in _psa_variants()],
)
def test_psa_kernel_equals_numpy_engine(path: Path, timing: str, lag: bool) -> None:
    """``run_psa`` gives the same per-draw NPVs (horizon and term of office), person-years and
    payback years with the kernel as with the numpy engine, to 1e-9 relative."""
    from socinvest.analysis.psa import run_psa

    data = load_scenario(path).model_dump(by_alias=True, exclude_unset=True)
    data.setdefault("analysis", {})["timing"] = timing
    if not lag:
        data["model"].pop("tax_rules", None)
    scenario = Scenario.model_validate(data)
    numpy_run = run_psa(scenario, None, PSA_DRAWS, engine="numpy")
    kernel_run = run_psa(scenario, None, PSA_DRAWS, engine="numba")
    assert (numpy_run.engine, kernel_run.engine) == ("numpy", "numba")
    assert (_compiled_scenario(scenario).payment_lag > 0) == lag
    for a, b in zip(numpy_run.alternatives, kernel_run.alternatives, strict=True):
        assert close(b.npv, a.npv), a.alternative
        assert close(b.npv_term, a.npv_term), a.alternative
        assert close(b.person_years_diff, a.person_years_diff), a.alternative
        assert b.payback == a.payback, a.alternative
    for alt, years in numpy_run.person_years.items():
        assert close(kernel_run.person_years[alt], years), alt


def test_psa_auto_engine_records_what_ran(monkeypatch: pytest.MonkeyPatch) -> None:
    """``auto`` runs the kernel from the threshold on when numba imports, the numpy engine
    otherwise (the fallback, as without the extra), and the results and their JSON say which."""
    import socinvest.core.cohort_kernel as kernel_module
    from socinvest.analysis.psa import run_psa
    from socinvest.reports.results_json import psa_block

    scenario = load_scenario(EXAMPLES[0])
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(kernel_module, "AUTO_MIN_DRAWS", 40)
    monkeypatch.setattr(kernel_module, "numba_available", lambda: False)
    fallback = run_psa(scenario, None, 40)
    assert fallback.engine == "numpy"
    alt = fallback.alternatives[0]
    assert psa_block(fallback, alt, [])["cohort_engine"] == "numpy"
    assert run_psa(scenario, None, 39).engine == "numpy"
    if numba_available():
        monkeypatch.setattr(kernel_module, "numba_available", lambda: True)
        fast = run_psa(scenario, None, 40)
        assert fast.engine == "numba"
        assert run_psa(scenario, None, 39).engine == "numpy"
        assert close(fast.alternatives[0].npv, alt.npv)


def test_the_cli_and_a_small_analysis_do_not_import_numba() -> None:
    """numba is imported only when the kernel runs: not by the command line's start nor by the
    analysis modules, nor by a probabilistic analysis below the threshold."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import socinvest.cli.main, socinvest.analysis.psa, socinvest.core.cohort_kernel\n"
        "assert 'numba' not in sys.modules, 'imported at start'\n"
        "from socinvest.analysis.psa import run_psa\n"
        "from socinvest.scenario.load import load_scenario\n"
        f"run_psa(load_scenario({str(EXAMPLES[0])!r}), None, 20)\n"
        "assert 'numba' not in sys.modules, 'imported by a small run'\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != ENGINE_VARIABLE}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_rerun_uses_the_stored_runs_engine() -> None:
    """``socinvest runs rerun`` re-runs with the engine the stored results name (bit for bit
    needs the same engine), and with the default choice when they name none."""
    import json

    from socinvest.cli.runs_commands import stored_engine

    def results(*engines: str | None) -> str:
        alts = [{"psa": None if e is None else {"draws": 10, "cohort_engine": e}} for e in engines]
        return json.dumps({"meta": {}, "alternatives": alts})

    assert stored_engine(results(None, "numba")) == "numba"
    assert stored_engine(results("numpy")) == "numpy"
    assert stored_engine(results(None)) is None
    assert stored_engine(json.dumps({"alternatives": [{"psa": {"draws": 10}}]})) is None
    assert stored_engine("not json") is None
