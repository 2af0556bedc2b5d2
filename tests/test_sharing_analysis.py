"""Cost sharing and Finsam from a scenario's ledger (socinvest.analysis.sharing, .finsam):
the school-attendance example with the team's cost cut to a quarter, so that the public
payers together gain while the school, which pays most, loses."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.analysis.committees import committee_split
from socinvest.analysis.errors import OptionError
from socinvest.analysis.finsam import MEMBERS, finsam
from socinvest.analysis.results import ScenarioResults, analyse
from socinvest.analysis.sharing import Party, cost_sharing, propose, term_transfers
from socinvest.scenario.load import example_text, parse_scenario

DRAWS = 200


def cheap_team_text() -> str:
    return (
        example_text("school-attendance")
        .replace("times: 0.78852", "times: 0.19713")
        .replace("times: 0.39426", "times: 0.098565")
    )


@pytest.fixture(scope="module")
def results() -> ScenarioResults:
    return analyse(parse_scenario(cheap_team_text(), "cheap-team"), draws=DRAWS, seed=7)


@pytest.fixture(scope="module")
def deterministic() -> ScenarioResults:
    return analyse(parse_scenario(example_text("school-attendance"), "school-attendance"))


def test_parties_sum_to_the_rolled_up_figures(results: ScenarioResults) -> None:
    sharing = cost_sharing(results, between="committees")
    comparison = results.comparison_for(sharing.alternative)
    assert sharing.total_npv == pytest.approx(comparison.horizon["kommun"].npv, rel=1e-9)
    for party in sharing.parties:
        assert party.gain == pytest.approx(party.npv + party.cost)
        assert party.draws is not None and party.draws.shape == (DRAWS,)
    # The own flows per draw are the kommun less its committees.
    psa = results.psa
    assert psa is not None
    q = list(psa.scopes).index("kommun")
    total = sum(p.draws for p in sharing.parties if p.draws is not None)
    np.testing.assert_allclose(total, psa.for_alternative(sharing.alternative).npv[:, q])


@pytest.mark.parametrize("between", ["organisations", "committees"])
def test_every_proposal_shares_the_whole_cost(results: ScenarioResults, between: str) -> None:
    sharing = cost_sharing(results, between=between)
    for proposal in sharing.proposals:
        assert proposal.infeasible is None
        assert sum(o.share for o in proposal.outcomes) == pytest.approx(sharing.cost)
        assert sum(o.received for o in proposal.outcomes) == pytest.approx(0.0, abs=1e-3)
        assert sum(o.npv for o in proposal.outcomes) == pytest.approx(sharing.total_npv)


def test_minimal_transfers_leave_every_committee_whole(results: ScenarioResults) -> None:
    sharing = cost_sharing(results, between="committees")
    school = next(p for p in sharing.parties if p.id == "kommun.skola")
    assert school.gain < 0  # the school pays most and gains less than nothing
    proportional = sharing.proposal("proportional")
    assert not proportional.everyone_gains
    row = next(o for o in proportional.outcomes if o.party == "kommun.skola")
    assert row.share == 0.0 and row.npv == pytest.approx(school.gain)
    minimal = sharing.proposal("minimal")
    assert minimal.everyone_gains
    # The same transfers as the committee split's proportional rule.
    split = committee_split(results.run, sharing.alternative)
    after = split.after_transfers()
    for outcome in minimal.outcomes:
        assert outcome.npv == pytest.approx(after[outcome.party], abs=1e-3)


def test_transfers_are_applied_to_every_draw(results: ScenarioResults) -> None:
    sharing = cost_sharing(results, between="organisations", methods=["shapley"])
    outcomes = sharing.proposal("shapley").outcomes
    shares = np.array([o.share for o in outcomes])
    # Within the term each party pays its fraction of the term's costs as they fall.
    cost_term = sum(p.cost_term for p in sharing.parties)
    assert 0 < cost_term < sharing.cost
    in_term = term_transfers(sharing.parties, shares)
    assert in_term.sum() == pytest.approx(0.0, abs=1e-6)
    for party, outcome, x_term in zip(sharing.parties, outcomes, in_term, strict=True):
        assert x_term == pytest.approx(party.cost_term - outcome.share / sharing.cost * cost_term)
        assert party.draws is not None and party.draws_term is not None
        assert outcome.mean == pytest.approx(float(np.mean(party.draws + outcome.received)))
        assert outcome.p_gain == pytest.approx(float(np.mean(party.draws + outcome.received > 0)))
        assert outcome.npv_term == pytest.approx(party.npv_term + x_term)
        assert outcome.p_gain_term == pytest.approx(float(np.mean(party.draws_term + x_term > 0)))


def test_infeasible_when_the_public_payers_together_lose(deterministic: ScenarioResults) -> None:
    sharing = cost_sharing(deterministic, between="organisations")
    assert sharing.total_npv < 0
    for method in ("shapley", "minimal"):
        proposal = sharing.proposal(method)
        assert proposal.infeasible is not None and not proposal.outcomes
        assert "no split of the cost can leave every party" in str(proposal.infeasible.template)
    # Without draws the probabilities are not given.
    assert all(o.p_gain is None for o in sharing.proposal("proportional").outcomes)


def test_bad_options_name_the_option(results: ScenarioResults) -> None:
    with pytest.raises(OptionError) as info:
        cost_sharing(results, alternative="nope")
    assert info.value.option == "--alternative"
    with pytest.raises(OptionError) as info:
        cost_sharing(results, between="nations")
    assert info.value.option == "--between"
    with pytest.raises(OptionError) as info:
        propose([], ["fair"])
    assert info.value.option == "--method"


def test_finsam_law_shares_and_the_split_matching_the_gains(results: ScenarioResults) -> None:
    # 5 § lag (2003:1210): Försäkringskassan (the state) half, region and kommun a quarter each.
    assert [(m, s) for m, _, s in MEMBERS] == [("stat", 0.5), ("region", 0.25), ("kommun", 0.25)]
    result = finsam(results)
    assert [m.law_share for m in result.members] == [0.5, 0.25, 0.25]
    assert sum(m.pays_law for m in result.members) == pytest.approx(result.cost)
    assert sum(m.pays_matching for m in result.members) == pytest.approx(result.cost)
    assert sum(m.over_payment for m in result.members) == pytest.approx(0.0, abs=1e-3)
    gains = {m.id: m.gain for m in result.members}
    total = sum(gains.values())
    sharing = cost_sharing(results, between="organisations")
    by_id = {p.id: p for p in sharing.parties}
    assert gains["kommun"] == pytest.approx(by_id["kommun"].gain)
    assert gains["region"] == pytest.approx(by_id["region"].gain)
    for member in result.members:
        assert member.gain_share == pytest.approx(gains[member.id] / total)
        assert member.over_payment == pytest.approx(
            result.cost * (member.law_share - gains[member.id] / total)
        )
    # Here the kommun gains most: it under-pays under the law, the state over-pays.
    stat = result.members[0]
    assert stat.over_payment > 0 > result.members[2].over_payment
    assert stat.npv_matching >= 0 and stat.npv_law < 0


def test_too_many_parties_for_shapley_is_said_not_raised() -> None:
    parties = [
        Party(id=f"p{i}", own=False, cost=1.0, gain=2.0, npv=1.0, npv_term=0.0) for i in range(17)
    ]
    proposals = propose(parties)
    shapley = next(p for p in proposals if p.method == "shapley")
    assert shapley.infeasible is not None and "17 parties" in shapley.infeasible.english
    assert all(p.infeasible is None for p in proposals if p.method != "shapley")


def test_same_seed_same_numbers() -> None:
    scenario = parse_scenario(cheap_team_text(), "cheap-team")
    first = cost_sharing(analyse(scenario, draws=50, seed=11), between="committees")
    second = cost_sharing(analyse(scenario, draws=50, seed=11), between="committees")
    for a, b in zip(first.proposals, second.proposals, strict=True):
        assert a.outcomes == b.outcomes


def test_costs_and_gains_per_draw(results: ScenarioResults) -> None:
    organisations = cost_sharing(results, between="organisations", methods=["minimal"])
    committees = cost_sharing(results, between="committees", methods=["minimal"])
    kommun = next(p for p in organisations.parties if p.id == "kommun")
    assert kommun.cost_draws is not None and kommun.gain_draws is not None
    # The team's wage is drawn: its cost varies, around the deterministic figure.
    assert kommun.cost_draws.std() > 0
    assert kommun.cost_draws.mean() == pytest.approx(kommun.cost, rel=0.05)
    np.testing.assert_allclose(kommun.gain_draws - kommun.cost_draws, kommun.draws)
    # The committees' costs per draw sum to the kommun's; a committee with no cost has none.
    parts = [p.cost_draws for p in committees.parties if p.cost_draws is not None]
    assert len(parts) == len(committees.parties)
    np.testing.assert_allclose(sum(parts), kommun.cost_draws, rtol=1e-9)
    unit = next(p for p in committees.parties if p.id == "kommun.arbetsmarknad")
    assert unit.cost_draws is not None and not unit.cost_draws.any()
    # Without the split, nothing per draw is claimed.
    plain = cost_sharing(results, between="organisations", split_draws=False)
    assert all(p.cost_draws is None and p.gain_draws is None for p in plain.parties)
