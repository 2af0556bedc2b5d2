"""The whole web application walked through in Debian's Chromium (Playwright), once in
Swedish and once in English, as one analyst's story: log in, build a calculation with the
guided flow (a target group, a local figure, Skolfam from the catalogue), save it, see its
results and charts, compare the alternatives, find the right start age, share the cost,
decide an investment, give it a follow-up plan and observed figures, see the re-forecast in
the follow-up report and export it as HTML, PDF and Excel.

Every locator is a label, a role or a name, as a keyboard or screen-reader user finds the
element (an element that cannot be found so is an accessibility bug of its template).
axe-core runs on every page of the walk (no serious or critical WCAG 2.1 A/AA violation),
the console must stay free of errors (the pages' Content-Security-Policy included: axe-core
is evaluated through the DevTools protocol, not injected as a script), and a full-page
screenshot of every step is kept in ``tmp_path/walk-LANG`` (or under the folder named by
``SOCINVEST_WALK_ARTEFACTS``)."""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page

from socinvest.i18n import translator
from socinvest.params.payers import default_payer_tree
from socinvest.web import WebSettings, create_app
from test_web_browser import WCAG_TAGS, free_port
from webtools import PASSWORD, World

pytest_plugins = ("web_fixtures",)

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(
    encoding="utf-8"
)

DRAWS = 100
"""The draws of every analysis in the walk (the server's reports and the forms' fields)."""

PLAN = """\
tolerance: 0.15
periods: [2026, 2027]
reach: {2026: 10, 2027: 20}
cost:
  2026: {kommun.socialtjanst: 150000, kommun.skola: 150000}
indicators:
  - id: eligible
    label: {sv: Behörig till gymnasiet, en: Eligible for upper secondary}
    kind: proportion
    lower_is_better: false
    planned: {2026: 0.6, 2027: 0.6}
    effect: {intervention: skolfam, index: 0}
"""
OBSERVATIONS = """\
period,kind,indicator,payer,group,value,n,events
2026,reach,,,,9,,
2026,cost,,kommun.socialtjanst,,171000,,
2026,cost,,kommun.skola,,148000,,
2026,indicator,eligible,,,,9,6
2026,indicator,eligible,,comparison,,40,22
"""


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[str]:
    """The application on http://127.0.0.1:PORT with few draws (plain http on the
    loopback, so cookies without Secure)."""
    app = create_app(
        WebSettings(db=world.url, secure_cookies=False, report_draws=DRAWS), store=world.store
    )
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def axe_problems(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations of the page, axe evaluated
    through the DevTools protocol (so the page's Content-Security-Policy stays on)."""
    found = page.evaluate(
        "async ([source, tags]) => { if (!window.axe) { (0, eval)(source); }"
        " return (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})); }",
        [AXE_SOURCE, WCAG_TAGS],
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_analysts_walk_through_the_application(
    server: str, world: World, browser: Browser, tmp_path: Path, lang: str
) -> None:
    _ = translator(lang)
    kommun = default_payer_tree().get("kommun").label(lang)
    title = f"Skolfam {lang} walk"
    folder = Path(os.environ.get("SOCINVEST_WALK_ARTEFACTS", tmp_path)) / f"walk-{lang}"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems: list[str] = []
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console.append(f"{page.url}: {error}"))
    steps = iter(range(1, 100))
    started = time.monotonic()

    def check(name: str) -> None:
        """axe-core on the page as it is, and its screenshot."""
        problems.extend(axe_problems(page))
        print(f"{time.monotonic() - started:6.1f} s  {name}")
        page.screenshot(path=str(folder / f"{next(steps):02d}-{name}.png"), full_page=True)

    def job_link(button: str) -> str:
        """Press ``button``, which starts a job: the address of its result, when done."""
        cards = page.locator("#jobs .card")
        before = cards.count()
        page.get_by_role("button", name=button).click()
        link = cards.nth(before).get_by_role("link", name=_("Open the result"))
        link.wait_for()
        return str(link.get_attribute("href"))

    # 1. Log in as an analyst.
    page.goto(f"{server}/login?lang={lang}")
    check("login")
    page.get_by_label(_("Login name")).fill("a_analyst")
    page.get_by_label(_("Password")).fill(PASSWORD)
    page.get_by_role("button", name=_("Log in")).click()
    page.wait_for_url(f"{server}/scenarios")
    check("scenarios")

    # 2. The guided flow: target group, a local figure, Skolfam from the catalogue.
    page.get_by_role("navigation", name=_("Main menu")).get_by_role(
        "link", name=_("New calculation")
    ).click()

    def step(n: int, name: str) -> None:
        page.get_by_role(
            "heading", name=_("Step {n} of {total}: {name}").format(n=n, total=5, name=_(name))
        ).wait_for()

    step(1, "Target group")
    page.get_by_label(_("Name of the calculation")).fill(title)
    page.get_by_label(_("The target group in words")).fill("Tioåringar i familjehem")
    page.get_by_label(_("Age at the start (years)")).fill("10")
    page.get_by_label(_("Level")).select_option("indicated")
    page.get_by_label(_("Who the group is at the start")).select_option("placed")
    page.get_by_label(_("Children who start each year")).fill("10")
    page.get_by_label(_("Years of intake")).fill("5")
    check("guided-target-group")
    page.get_by_role("button", name=_("Next")).click()
    step(2, "Local figures")
    first = page.get_by_role("group", name=_("Local figure {n}").format(n=1))
    first.get_by_label(_("Parameter")).select_option("produktion.manadslon_medel")
    first.get_by_label(_("Value")).fill("41 000")
    first.get_by_label(_("Year of the figure (and its prices)")).fill("2024")
    first.get_by_label(_("Source (a report, the accounts)")).fill("Kommunens lönestatistik")
    check("guided-local-figures")
    page.get_by_role("button", name=_("Next")).click()
    step(3, "Interventions")
    page.get_by_label("Skolfam").check()
    # The study's figure with the page's decimal mark.
    catalogue = page.get_by_role("group", name=_("From the catalogue")).inner_text()
    assert ("0,185 (95" if lang == "sv" else "0.185 (95") in catalogue
    check("guided-interventions")
    page.get_by_role("button", name=_("Next")).click()
    step(4, "Alternatives")
    check("guided-alternatives")
    page.get_by_role("button", name=_("Next")).click()
    step(5, "Review and save")
    check("guided-review")

    # 3. Save: the version's page with its results per payer and its charts.
    page.get_by_role("button", name=_("Save")).click()
    page.wait_for_url(f"{server}/scenarios/*/versions/1")
    version = page.url.split("?")[0]
    # The page is named by the calculation's name as given, not the id it is stored under.
    heading = f"{title}, " + _("version {number}").format(number=1)
    page.get_by_role("heading", level=1, name=heading).wait_for()
    page.get_by_role("heading", name=_("Results per payer")).wait_for()
    summary = page.get_by_role("table").filter(has_text=kommun).first
    summary.wait_for()
    assert "Skolfam" in summary.inner_text()
    page.locator("#charts .chart svg").first.wait_for()
    assert page.locator("#charts .chart svg").count() >= 2
    check("results")

    views = page.get_by_role("navigation", name=_("Further analyses"))

    # 4. Compare the alternatives.
    views.get_by_role("link", name=_("Compare the alternatives")).click()
    compare_heading = f"{_('Compare the alternatives')}: {heading}"
    page.get_by_role("heading", level=1, name=compare_heading).wait_for()
    page.get_by_label(_("Draws")).fill(str(DRAWS))
    page.get_by_role("button", name=_("Compare")).click()
    compared = page.locator("#compare-result").get_by_role("table").first
    compared.wait_for()
    assert "Skolfam" in compared.inner_text()
    check("compare")
    # On a phone the wide table scrolls in its box (which takes the keyboard's focus), and
    # its caption's text keeps to the screen instead of running off with the table.
    page.set_viewport_size({"width": 390, "height": 800})
    caption = compared.locator("caption .caption-text")
    assert caption.evaluate("(e) => e.getBoundingClientRect().right") <= 390
    box = page.locator("#compare-result .table-scroll").first
    assert box.evaluate("(e) => e.scrollWidth > e.clientWidth && e.tabIndex >= 0")
    check("compare-390")
    page.set_viewport_size({"width": 1100, "height": 800})

    # 5. The right start age.
    views.get_by_role("link", name=_("The right start age")).click()
    page.get_by_label(_("First start age")).fill("9")
    page.get_by_label(_("Last start age")).fill("11")
    page.get_by_role("button", name=_("Calculate")).click()
    page.locator("#timing-result .chart svg").first.wait_for()
    assert page.locator("#timing-result").get_by_role("table").count() >= 1
    check("start-age")

    # 6. Cost-sharing.
    views.get_by_role("link", name=_("Cost-sharing and funds")).click()
    sharing = page.get_by_role("form", name=_("Sharing the cost"))
    sharing.get_by_label(_("Draws")).fill(str(DRAWS))
    sharing.get_by_role("button", name=_("Share the cost")).click()
    shared = page.locator("#share-result").get_by_role("table").first
    shared.wait_for()
    assert kommun in page.locator("#share-result").inner_text()
    check("cost-sharing")

    # 7. Decide an investment on the version (an analyst may).
    page.goto(version)
    page.locator("#summary table").wait_for()
    deciding = page.get_by_role("form", name=_("Decide an investment on this version"))
    deciding.get_by_label(_("Decision date")).fill("2026-03-01")
    deciding.get_by_label(_("Deciding body (e.g. kommunfullmäktige)")).fill("kommunfullmäktige")
    deciding.get_by_label(_("Budget per year and payer (YAML)")).fill(
        "2026: {kommun.socialtjanst: 160000, kommun.skola: 160000}"
    )
    deciding.get_by_label(_("Draws")).fill(str(DRAWS))
    check("decide")
    deciding.get_by_role("button", name=_("Record the decision")).click()
    page.wait_for_url(f"{server}/investments/*")
    page.get_by_role("heading", level=1, name=title.lower().replace(" ", "_")).wait_for()
    check("investment")

    # 8. The follow-up plan and the observed figures, uploaded from files.
    plan_file = tmp_path / f"plan-{lang}.yaml"
    plan_file.write_text(PLAN, encoding="utf-8")
    page.get_by_label(_("Follow-up plan (YAML; replaces the current one)")).set_input_files(
        str(plan_file)
    )
    page.get_by_role("button", name=_("Save the plan")).click()
    observed = page.get_by_label(_("Observed figures (CSV or Excel)"))
    observed.wait_for()
    observations_file = tmp_path / f"utfall-{lang}.csv"
    observations_file.write_text(OBSERVATIONS, encoding="utf-8")
    observed.set_input_files(str(observations_file))
    check("plan-saved")
    page.get_by_role("button", name=_("Record them")).click()
    page.get_by_text(
        _(
            "The follow-up plan: periods {periods}, indicators {indicators}; "
            "observed figures recorded: {count}."
        ).format(periods=2, indicators=1, count=5)
    ).wait_for()
    check("observations-recorded")
    investment = page.url.split("?")[0]

    # 9. The follow-up report with the re-forecast, and its exports.
    report = job_link(_("Make the follow-up report"))
    pdf_link = job_link(_("The follow-up report as PDF"))
    with page.expect_download() as pdf:
        page.locator(f"a[href='{pdf_link}']").click()
    pdf_bytes = Path(pdf.value.path()).read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    xlsx_link = job_link(_("The follow-up report as Excel"))
    check("exports")
    with page.expect_download() as xlsx:
        page.locator(f"a[href='{xlsx_link}']").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()))
    assert book.sheetnames == [
        _("Plan vs actual"),
        _("Forecast"),
        _("Effects"),
        _("EVSI"),
        _("Audit"),
    ]
    forecast = "\n".join(
        str(c)
        for row in book[_("Forecast")].iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert _("Updated") in forecast and _("Decided") in forecast
    page.goto(f"{server}{report}")
    page.get_by_role("heading", name=_("The forecast: decided and updated")).wait_for()
    html = page.content()
    (folder / "followup.html").write_text(html, encoding="utf-8")
    assert title in html
    # The summary for the committee: the decided figures against the re-forecast.
    assert page.locator("#summary .verdict").get_attribute("data-holds") in ("true", "false")
    assert _("decided → updated") in page.locator("#summary").inner_text()
    check("followup-report")
    page.goto(investment)
    check("investment-after")
    context.close()
    assert console == [], "\n".join(console)
    assert problems == [], "\n".join(problems)
