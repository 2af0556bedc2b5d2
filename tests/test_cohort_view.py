"""The cohort view (Nilsson and Wadeskog's municipal cohort calculation)."""

from __future__ import annotations

import numpy as np
import pytest

from clitools import run_cli
from socinvest.analysis.cohort_view import CohortView, cohort_view
from socinvest.params.library import default_library

LULEA_SHARE = 100 / 776
"""Luleå 2012: about 100 of 776 six-year-olds expected to end in exclusion (sweden.md 1.4)."""

LULEA_COST_PER_PERSON = 1575e6 / 100
"""Luleå: 1 575 MSEK to age 65 for those about 100 persons, 15.75 MSEK each (public costs as
reported; whether production loss is included is not verified)."""


@pytest.fixture(scope="module")
def view() -> CohortView:
    return cohort_view(default_library(), size=776, start_age=6)


SHARE_IN_EXCLUSION_ACHIEVED = 0.0573
"""The model's share in the lasting states at 30 since it is calibrated to the register
targets (docs/swedish-model.md, section 3: comparison (a)): 44 of 776 six-year-olds, against
Luleå's about 100 (12.9 %), which rest on Nilsson and Wadeskog's 12-13 % (no register
definition; their 'knappt 12 %' counts everyone not working or studying, which the model
meets as targets (e) and (f))."""


def test_expected_number_in_exclusion_is_at_its_achieved_value(view: CohortView) -> None:
    assert view.share_in_exclusion == pytest.approx(SHARE_IN_EXCLUSION_ACHIEVED, abs=5e-4)
    # The documented gap to Luleå's 12.9 %.
    assert LULEA_SHARE - view.share_in_exclusion > 0.06
    assert view.expected_in_exclusion == pytest.approx(
        776 * view.share_in_exclusion, rel=0.02
    )  # a little lower than size x share: some die before 30


COST_PER_PERSON_ACHIEVED = 26.50e6
"""The model's welfare costs plus production loss per person expected in exclusion (at 30),
ages 6-64, 2024 prices: 68 % above Luleå's 15.75 MSEK (the person-years in the lasting states
grow after 30, as people move into sickness compensation, so they are many per person counted
at 30), which lists only public payers and others (whether
the Skandia tool adds production loss is not verified). The production loss is the employment
rate times the value of a year of work without an upper-secondary diploma; no factor scales it
to the municipal figures (docs/swedish-model.md, sections 3 and 5)."""


def test_cost_per_excluded_person_is_at_its_achieved_value(view: CohortView) -> None:
    per_person = view.total / view.expected_in_exclusion
    assert per_person == pytest.approx(COST_PER_PERSON_ACHIEVED, rel=1e-3)
    # The gap to the municipal calculations (Luleå 15.75, Sundsvall 14.7, Göteborg 15.9 MSEK).
    assert per_person > 1.6 * LULEA_COST_PER_PERSON
    # The welfare costs alone are below Luleå's figure.
    assert view.welfare_cost / view.expected_in_exclusion < LULEA_COST_PER_PERSON


def test_the_two_totals_are_kept_apart(view: CohortView) -> None:
    """Welfare costs plus production loss (transfers included) and the socio-economic cost
    (transfers net out) differ by exactly the transfers, for the cohort and the typfall."""
    assert view.total == pytest.approx(view.welfare_cost + view.production_loss)
    assert view.socio_economic == pytest.approx(view.total - view.transfers)
    assert 0 < view.transfers < view.welfare_cost
    assert view.pv_socio_economic == pytest.approx(view.pv_total - view.pv_transfers)
    typ = view.typfall
    assert typ.socio_economic == pytest.approx(typ.total - typ.transfers)
    assert 0 < typ.transfers < typ.welfare


def test_split_against_lulea_sums_to_one_and_matches_the_payers(view: CohortView) -> None:
    assert sum(view.split.values()) == pytest.approx(1.0)
    fk = view.cost_by_payer["stat.forsakringskassan"]
    assert view.split["forsakringskassan"] == pytest.approx(fk / view.welfare_cost)
    assert view.split["kommun"] == pytest.approx(view.cost_by_payer["kommun"] / view.welfare_cost)


def test_roll_ups_lose_nothing(view: CohortView) -> None:
    tops = ("kommun", "region", "stat", "individ", "ovriga")
    assert sum(view.cost_by_payer[t] for t in tops) == pytest.approx(view.welfare_cost)
    kommun_children = [k for k in view.cost_by_payer if k.startswith("kommun.")]
    assert view.cost_by_payer["kommun"] == pytest.approx(
        sum(view.cost_by_payer[k] for k in kommun_children)
    )
    assert view.cost_by_payer["individ"] == 0.0  # the individual's own income is not a cost


def test_present_value_is_below_the_undiscounted_cost(view: CohortView) -> None:
    assert 0 < view.pv_welfare_cost < view.welfare_cost
    assert 0 < view.pv_production_loss < view.production_loss
    assert view.typfall.pv_total < view.typfall.total


def test_typfall_and_help_are_linear(view: CohortView) -> None:
    # 5.39 MSEK welfare costs + 45 x 0.61 x 468 180 production loss (the value of work on the
    # wage index): inside Nilsson and Wadeskog's 10-15 MSEK of 2008 in 2024 prices (13.8-20.7
    # MSEK; docs/swedish-model.md, section 5).
    assert view.typfall.total == pytest.approx(18.24e6, abs=0.01e6)
    one, pv_one = view.value_of_helping(1)
    ten, pv_ten = view.value_of_helping(10)
    assert ten == pytest.approx(10 * one) and pv_ten == pytest.approx(10 * pv_one)
    # discounting from age 6 to the years 20-64 at 3 %: between the factors of age 20 and 64
    assert 1.03**-58 < pv_one / one < 1.03**-14


def test_scales_with_cohort_size() -> None:
    small = cohort_view(default_library(), size=100, start_age=6)
    large = cohort_view(default_library(), size=300, start_age=6)
    assert large.expected_in_exclusion == pytest.approx(3 * small.expected_in_exclusion)
    assert large.welfare_cost == pytest.approx(3 * small.welfare_cost)
    assert large.typfall.total == pytest.approx(small.typfall.total)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="start age"):
        cohort_view(default_library(), size=10, start_age=40)
    with pytest.raises(ValueError, match="size"):
        cohort_view(default_library(), size=0, start_age=6)


def test_cli_cohort_table_and_json() -> None:
    cohort = ("cohort", "--size", "120")
    out = run_cli(*cohort, "--format", "json")
    assert out.returncode == 0, out.describe()
    data = out.json()
    assert data["size"] == 120 and data["start_age"] == 6
    assert data["exclusion"]["expected_persons"] == pytest.approx(
        120 * data["exclusion"]["share"], rel=0.02
    )
    helps = [h["persons"] for h in data["value_of_helping"]]
    assert helps == [1, 5, 10]
    assert np.isclose(data["value_of_helping"][1]["total"], 5 * data["typfall"]["total"])
    table = run_cli(*cohort, "--lang", "sv")
    assert table.returncode == 0, table.describe()
    assert "långvarigt utanförskap" in table.stdout
    assert data["cost_to_horizon"]["socio_economic"] == pytest.approx(
        data["cost_to_horizon"]["total"] - data["cost_to_horizon"]["transfers"]
    )
    assert data["typfall"]["education"] == "forgymnasial"
    english = run_cli(*cohort, "--lang", "en")
    assert "Socio-economic cost" in english.stdout
    assert "Welfare costs plus production loss" in english.stdout
    assert "Luleå" in english.stdout
    assert "\xa0kr" in table.stdout
    bad = run_cli(*cohort, "--start-age", "50")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
