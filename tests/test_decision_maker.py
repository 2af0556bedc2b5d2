"""The report for one decision maker (``--scope``, issue 11): page 1's figures are the JSON's
figures for that scope, in every shipped example and for several scopes; the council terms
(mandatperioder) by election year; the rounding of figures in text and cards; page 1 one
page in the PDF; the command line through its real entry point."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from clitools import run_cli
from socinvest.analysis.case import Case, build_case
from socinvest.analysis.council_terms import council_terms, term_metrics, term_of_year
from socinvest.reports.formatting import percent, rounded_money
from socinvest.reports.html_report import render_html
from socinvest.reports.results_json import results_json
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import CouncilTermSettings

EXAMPLES = ("parenting-programme", "school-attendance", "family-home-school-support")
DRAWS = 30
NBSP = "\xa0"
MINUS = "\u2212"


# -- Rounded figures for text and cards ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (10_702_644, "10,7 mnkr", "SEK 10.7 million"),
        (-6_612_345, "−6,6 mnkr", "SEK −6.6 million"),
        (875_048, "875 tkr", "SEK 875,000"),
        (-875_048, "−875 tkr", "SEK −875,000"),
        (12_345, "12,3 tkr", "SEK 12,300"),
        (1_234, "1,2 tkr", "SEK 1,200"),
        (999_600, "1,0 mnkr", "SEK 1.0 million"),  # rounded before the unit is chosen
        (123_456_789, "123 mnkr", "SEK 123 million"),
        (1_234_567_890, "1 230 mnkr", "SEK 1,230 million"),
        (850.2, "850 kr", "SEK 850"),
        (-0.3, "0 kr", "SEK 0"),
    ],
)
def test_rounded_money(value: float, sv: str, en: str) -> None:
    assert rounded_money(value, "sv") == sv.replace(" ", NBSP)
    assert rounded_money(value, "en") == en.replace(" ", NBSP)


def test_minus_sign_and_percent_conventions() -> None:
    from socinvest.reports.formatting import money, number

    for lang in ("sv", "en"):
        assert money(-1234, lang).startswith(MINUS)
        assert number(-2.5, lang, 1).startswith(MINUS)
        assert percent(-0.035, lang).startswith(MINUS)
        assert "-" not in rounded_money(-6_612_345, lang)
    assert percent(0.83, "sv", 0) == f"83{NBSP}%"
    assert percent(0.83, "en", 0) == "83%"
    assert percent(-0.0001, "sv", 0) == f"0{NBSP}%"  # no negative zero


# -- Council terms ---------------------------------------------------------------------------


def test_council_term_of_a_budget_year() -> None:
    cycle = CouncilTermSettings()
    assert (term_of_year(2026, cycle).first, term_of_year(2026, cycle).last) == (2023, 2026)
    assert term_of_year(2026, cycle).election_year == 2022
    assert (term_of_year(2027, cycle).first, term_of_year(2027, cycle).last) == (2027, 2030)
    assert term_of_year(2030, cycle).election_year == 2026
    assert term_of_year(2031, cycle).election_year == 2030
    # Any election year of the cycle gives the same terms.
    assert term_of_year(2028, CouncilTermSettings(election_year=2018)) == term_of_year(2028, cycle)


def test_council_terms_of_an_analysis_starting_2026() -> None:
    current, following = council_terms(CouncilTermSettings(), 2026, 2081)
    assert (current.election_year, current.first, current.last) == (2022, 2023, 2026)
    assert current.covered == (2026, 2026)
    assert (following.election_year, following.first, following.last) == (2026, 2027, 2030)
    assert following.covered == (2027, 2030) and not following.mid_term_start


def test_council_terms_of_an_analysis_starting_mid_term() -> None:
    current, following = council_terms(CouncilTermSettings(), 2028, 2040)
    assert (current.election_year, current.first, current.last) == (2026, 2027, 2030)
    assert current.covered == (2028, 2030) and current.mid_term_start
    assert (following.first, following.last, following.covered) == (2031, 2034, (2031, 2034))
    # A horizon ending inside the next term covers part of it only.
    assert council_terms(CouncilTermSettings(), 2028, 2032)[1].covered == (2031, 2032)


def _attendance(start_year: int) -> Case:
    text = example_text("school-attendance").replace(
        "start_year: 2026", f"start_year: {start_year}"
    )
    return build_case(parse_scenario(text, "school-attendance.yaml"), draws=0)


@pytest.fixture(scope="module")
def mid_term() -> Case:
    return _attendance(2028)


def test_report_names_the_terms_of_a_mid_term_start(mid_term: Case) -> None:
    for lang, words in (
        ("sv", ("mitt i en mandatperiod", "mandatperioden 2027–2030", "2028–2030", "2031–2034")),
        ("en", ("starts mid-term", "the council term 2027–2030", "2028–2030", "2031–2034")),
    ):
        text = _plain(render_html(mid_term, lang))
        assert all(w in text for w in words), (lang, [w for w in words if w not in text])
        # The first four years are never called a term of office.
        assert "2028–2031" not in text


def test_term_metrics_are_the_yearly_net_within_the_term(mid_term: Case) -> None:
    current, following = council_terms(
        mid_term.scenario.analysis.council_term, mid_term.years[0], mid_term.years[-1]
    )
    yearly = mid_term.yearly_net()
    for term in (current, following):
        metrics = term_metrics(mid_term.results, mid_term.alternative, term)
        assert metrics is not None and term.covered is not None
        lo = mid_term.years.index(term.covered[0])
        hi = mid_term.years.index(term.covered[1]) + 1
        for scope in ("kommun", "kommun.skola", "socio_economic"):
            assert metrics[scope].npv == pytest.approx(
                float(yearly[scope].discounted[lo:hi].sum()), rel=1e-9, abs=1e-6
            )
    data = results_json(mid_term.results)
    assert [t["budget_years"] for t in data["meta"]["council_terms"]] == [
        [2027, 2030],
        [2031, 2034],
    ]
    assert data["meta"]["council_terms"][0]["starts_mid_term"] is True


# -- Page 1 against the JSON -----------------------------------------------------------------


class _Figures(HTMLParser):
    """The ``data-figure``/``data-value`` pairs and the payers' ``data-scope``/``data-value``
    of the first page, with the text of each element."""

    def __init__(self) -> None:
        super().__init__()
        self.in_committee = False
        self.depth = 0
        self.figures: dict[str, tuple[str, str]] = {}
        self.others: dict[str, str] = {}
        self.scope: str | None = None
        self._open: str | None = None
        self._text: list[str] = []
        self._value = ""
        self._other: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "section" and "committee" in a.get("class", "").split():
            self.in_committee = True
            self.scope = a.get("data-scope")
        if not self.in_committee:
            return
        if tag == "li" and "data-scope" in a:
            self._other = a["data-scope"]
        if "data-figure" in a:
            self._open, self._value, self._text = a["data-figure"], a["data-value"], []
        elif "data-value" in a and self._other is not None:
            self.others[self._other] = a["data-value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.in_committee = False
        if self._open is not None and tag == "div":
            self.figures[self._open] = (self._value, "".join(self._text).strip())
            self._open = None
        if tag == "li":
            self._other = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def _plain(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").replace("\u202f", " ").split())


def _page_one(html: str) -> _Figures:
    parser = _Figures()
    parser.feed(html)
    return parser


def _scope_block(block: dict[str, Any], metric: str, scope: str) -> Any:
    group = "by_perspective" if scope in ("public_finances", "socio_economic") else "by_payer"
    return block[metric][group][scope]


@pytest.fixture(scope="module", params=EXAMPLES)
def results_case(request: pytest.FixtureRequest) -> Case:
    name: str = request.param
    return build_case(parse_scenario(example_text(name), f"{name}.yaml"), draws=DRAWS)


@pytest.mark.parametrize("scope", ["kommun", "kommun.skola", "socio_economic"])
def test_page_one_figures_are_the_json_figures_of_the_scope(results_case: Case, scope: str) -> None:
    # The same results, presented for another decision maker (no analysis run again for
    # the JSON; the case for the scope reuses the draws).
    case = build_case(results_case.scenario, draws=DRAWS, scope=scope, results=results_case.results)
    data = results_json(case.results)
    alt = next(a for a in data["alternatives"] if a["id"] == case.alternative)
    vs, psa = alt["vs_comparison"], alt["psa"]
    for lang in ("sv", "en"):
        page = _page_one(render_html(case, lang))
        assert page.scope == scope
        npv = _scope_block(vs, "npv", scope)
        value, text = page.figures["npv"]
        assert float(value) == pytest.approx(npv, rel=1e-12, abs=1e-6)
        assert text == rounded_money(npv, lang)
        costs = _scope_block(vs, "undiscounted_costs", scope)
        value, text = page.figures["costs_undiscounted"]
        assert float(value) == pytest.approx(costs, rel=1e-12, abs=1e-6)
        assert text == rounded_money(costs, lang)
        payback = _scope_block(vs, "payback_year", scope)
        value, text = page.figures["payback_year"]
        assert value == ("" if payback is None else str(payback))
        if payback is not None:
            assert text == str(payback)
        group = "by_perspective" if scope in ("public_finances", "socio_economic") else "by_payer"
        p_gain = psa["npv"][group][scope]["p_positive"]
        value, text = page.figures["p_gain"]
        assert float(value) == pytest.approx(p_gain)
        assert text == percent(p_gain, lang, 0)
        # Who else gains: each one's NPV as in the JSON, the decision maker not among them.
        assert scope not in page.others
        assert "socio_economic" in page.others or scope == "socio_economic"
        for other, shown in page.others.items():
            assert float(shown) == pytest.approx(
                _scope_block(vs, "npv", other), rel=1e-12, abs=1e-6
            )


def test_budget_table_is_the_request_per_year(results_case: Case) -> None:
    """The first page's request per budget year sums the committees' own costs, and the
    net row is the decision maker's yearly net."""
    from socinvest.reports.committee_page import budget_table

    table = budget_table(results_case, "kommun", "en")
    yearly = results_case.yearly_net()
    assert table["years"] == [str(y) for y in results_case.years[:5]]
    assert table["request_exact"] == pytest.approx(list(yearly["kommun"].costs[:5]))
    committees = [
        pid
        for pid in ("kommun.socialtjanst", "kommun.skola", "kommun.forskola", "kommun.fritid")
        if abs(yearly[pid].costs[:5]).max() >= 0.5
    ]
    assert sum(yearly[p].costs[:5].sum() for p in committees) == pytest.approx(
        yearly["kommun"].costs[:5].sum()
    )
    assert table["rows"][-1]["exact"] == pytest.approx(list(yearly["kommun"].net[:5]))


# -- The command line ------------------------------------------------------------------------


def test_report_for_a_committee_through_the_entry_point(tmp_path: Path) -> None:
    (tmp_path / "attendance.yaml").write_text(example_text("school-attendance"), "utf-8")
    result = run_cli(
        "report",
        "attendance.yaml",
        "--scope",
        "kommun.skola",
        "--draws",
        "10",
        "--lang",
        "en",
        "--out",
        "skola.html",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.describe()
    html = (tmp_path / "skola.html").read_text(encoding="utf-8")
    page = _page_one(html)
    assert page.scope == "kommun.skola"
    assert "Decision support for the school" in html
    assert "What it costs the school per budget year" in html


def test_unknown_scope_is_refused_before_any_analysis(tmp_path: Path) -> None:
    result = run_cli("report", "--scope", "kommun.nope", "--out", "r.html", cwd=tmp_path)
    assert result.returncode == 2, result.describe()
    assert "--scope" in result.stderr and "kommun.nope" in result.stderr
    assert "okänd beslutsfattare" in result.stderr and "kommun.skola" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


# -- Page 1 is one page of the PDF -----------------------------------------------------------


# Page 1 on one page of the PDF, with the decision maker's figure and headings, is checked for
# every example in both languages by tests/test_report_layout.py (on PDFs it renders once).
