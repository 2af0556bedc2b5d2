"""The cohort view (Nilsson and Wadeskog's municipal cohort calculation)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clitools import run_cli
from socinvest.analysis.cohort_view import (
    LULEA_SPLIT,
    SOURCE_CONVENTION,
    SPLIT_TOLERANCE,
    CohortView,
    cohort_view,
    group_shares,
)
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


SOURCE_SPLIT_ACHIEVED = {
    "kommun": 0.3303,
    "forsakringskassan": 0.2930,
    "region": 0.2112,
    "rattsvasende": 0.1067,
    "arbetsformedlingen": 0.0138,
    "ovriga": 0.0451,
}
"""(j) under the source convention (welfare costs plus the municipal and regional income tax
the lost earnings would have paid, at the own rates, before equalisation): every share within
5 pp of Luleå (docs/swedish-model.md, section 3). Arbetsförmedlingen, 4.6 pp below Luleå's 6 %,
is the closest to the edge; Luleå's figure for it is an upper bound ("< ca 100" MSEK)."""

LEAF_GROUPS = {
    "kommun.socialtjanst": "kommun",
    "kommun.arbetsmarknad": "kommun",
    "kommun.skola": "kommun",
    "stat.forsakringskassan": "forsakringskassan",
    "region.halso_sjukvard": "region",
    "region.psykiatri": "region",
    "stat.kriminalvarden": "rattsvasende",
    "stat.rattsvasende": "rattsvasende",
    "stat.arbetsformedlingen": "arbetsformedlingen",
    "stat.sis": "ovriga",
    "ovriga": "ovriga",
}
"""The payers the model's three lasting states (and ``criminal`` at 13-17) charge, by Luleå
group, written out here so that the split is recomputed independently of the view's own
grouping."""


def test_source_convention_recomputed_from_the_view(view: CohortView) -> None:
    """The source-convention split is the welfare costs by group plus the kommun's and the
    region's own tax rates times the lost taxable income, recomputed here from the view's
    payer amounts and the library's rates."""
    library = default_library()
    rates = {
        tier: float(library.resolve(f"skatt.skattesats_{tier}", 2024, dt.date(2026, 1, 1)).value)
        for tier in ("kommun", "region")
    }
    assert view.lost_taxable_income is not None and view.lost_local_tax is not None
    assert view.source_split is not None
    for tier, rate in rates.items():
        assert view.lost_local_tax[tier] == pytest.approx(rate * view.lost_taxable_income)
    sums = dict.fromkeys(LULEA_SPLIT, 0.0)
    for payer, group in LEAF_GROUPS.items():
        sums[group] += view.cost_by_payer.get(payer, 0.0)
    assert sum(sums.values()) == pytest.approx(view.welfare_cost)  # no payer left out
    assert view.split == pytest.approx({g: v / view.welfare_cost for g, v in sums.items()})
    sums["kommun"] += view.lost_local_tax["kommun"]
    sums["region"] += view.lost_local_tax["region"]
    total = sum(sums.values())
    assert view.source_split == pytest.approx({g: v / total for g, v in sums.items()})


def test_lost_taxable_income_per_person_year_by_hand(view: CohortView) -> None:
    """A person-year in exclusion at 19-64 loses 0.61 x the taxable income of a year of work
    without a diploma: the wage 468 180 / 1.3142 = 356 247 SEK (6.217 price base amounts of
    57 300) less the grundavdrag (IL 63 kap. 3 §, band 3.11-7.88: 0.77 - 0.10 x (6.217 - 3.11)
    = 0.4593 pbb = 26 317 SEK), i.e. 0.61 x 329 931 = 201 258 SEK; the few person-years at
    13-18 (criminal careers, half-time work at 16-18, none below 16) lose less."""
    wage = 468_180.15 / 1.3142
    grundavdrag = (0.77 - 0.10 * (wage / 57_300 - 3.11)) * 57_300
    full = 0.61 * (wage - grundavdrag)
    assert full == pytest.approx(201_258, abs=1)
    assert view.lost_taxable_income is not None
    per_year = view.lost_taxable_income / view.person_years_in_exclusion
    assert 0.99 * full < per_year < full


@given(
    costs=st.lists(st.floats(0, 1e9), min_size=len(LEAF_GROUPS), max_size=len(LEAF_GROUPS)),
    kommun=st.floats(0, 1e9),
    region=st.floats(0, 1e9),
)
def test_booking_lost_tax_on_kommun_and_region_only_raises_their_shares(
    costs: list[float], kommun: float, region: float
) -> None:
    """Adding amounts to the kommun and the region (the source convention) keeps the shares
    summing to 1, raises neither of the other four, and leaves their ratios unchanged."""
    by_payer = dict(zip(LEAF_GROUPS, costs, strict=True))
    if sum(costs) == 0:
        return
    before = group_shares(by_payer, list(by_payer))
    after = group_shares(by_payer, list(by_payer), {"kommun": kommun, "region": region})
    assert sum(after.values()) == pytest.approx(1.0)
    scale = sum(costs) / (sum(costs) + kommun + region)
    for group in ("forsakringskassan", "rattsvasende", "arbetsformedlingen", "ovriga"):
        assert after[group] == pytest.approx(before[group] * scale, abs=1e-12)


def test_source_convention_matches_lulea_within_the_tolerance(view: CohortView) -> None:
    """Comparison (j): under our own booking (the default ``split``) the kommun (23 %) and
    Försäkringskassan (39 %) miss Luleå by more than 5 pp; under the source convention all six
    shares are within 5 pp."""
    assert "before income equalisation" in SOURCE_CONVENTION
    assert view.source_split is not None and view.lost_local_tax is not None
    for group, share in view.source_split.items():
        assert share == pytest.approx(SOURCE_SPLIT_ACHIEVED[group], abs=5e-4), group
        assert abs(share - LULEA_SPLIT[group]) <= SPLIT_TOLERANCE, group
    outside = {g for g, s in view.split.items() if abs(s - LULEA_SPLIT[g]) > SPLIT_TOLERANCE}
    assert outside == {"kommun", "forsakringskassan"}
    # With the tax the kommun and region receive, the total per person expected in exclusion
    # (14.6 MSEK) comes near Luleå's 15.75 MSEK (2012 prices); the welfare costs alone are 11.1.
    per_person = (view.welfare_cost + sum(view.lost_local_tax.values())) / (
        view.expected_in_exclusion
    )
    assert per_person == pytest.approx(14.60e6, rel=1e-3)


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
    costs = data["cost_to_horizon"]
    assert costs["split_source_convention"]["kommun"] == pytest.approx(
        SOURCE_SPLIT_ACHIEVED["kommun"], abs=5e-4
    )
    assert costs["source_convention"] == SOURCE_CONVENTION
    assert costs["lost_local_income_tax"]["kommun"] > costs["lost_local_income_tax"]["region"]
    english = run_cli(*cohort, "--lang", "en")
    assert "Socio-economic cost" in english.stdout
    assert "Welfare costs plus production loss" in english.stdout
    assert "Luleå" in english.stdout
    assert "Source convention" in english.stdout and "33.0%" in english.stdout
    assert "Källans konvention" in table.stdout
    assert "\xa0kr" in table.stdout
    bad = run_cli(*cohort, "--start-age", "50")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
