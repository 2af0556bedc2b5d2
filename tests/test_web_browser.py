"""The web application in Debian's Chromium (Playwright), served by uvicorn in a thread on a
free port: log in, open a scenario, its version's results per payer (computed off the
request thread, shown when htmx's polling finds them done), with no error in the console
(the Content-Security-Policy included), and a screenshot kept under tmp_path; the guided
flow ("Ny kalkyl") filled in and saved in both languages; axe-core on every page."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page

from socinvest.i18n import translator
from socinvest.params.payers import default_payer_tree
from socinvest.web import WebSettings, create_app
from webtools import PASSWORD, World

pytest_plugins = ("web_fixtures",)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[str]:
    """The application on http://127.0.0.1:PORT (cookies without Secure: plain http on the
    loopback, as documented for tests)."""
    app = create_app(WebSettings(db=world.url, secure_cookies=False, report_draws=200),
                     store=world.store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
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


def test_log_in_and_see_a_versions_results(server: str, world: World, page: Page,
                                           tmp_path: Path) -> None:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/scenarios")
    assert page.url.endswith("/login")
    page.get_by_label("Inloggningsnamn").fill("a_viewer")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/scenarios")
    page.get_by_role("link", name="parenting_programme").click()
    page.get_by_role("link", name="Version 1").click()
    page.get_by_role("heading", name="Resultat per aktör").wait_for()
    table = page.locator("#summary table")
    table.wait_for(timeout=60_000)
    assert "Kommunen" in table.inner_text() and "Samhällsekonomiskt" in table.inner_text()
    # Keyboard: the skip link is the first thing Tab reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.screenshot(path=str(tmp_path / "results-sv.png"), full_page=True)
    page.goto(page.url + "?lang=en")
    page.locator("#summary table").wait_for(timeout=60_000)
    assert "Municipality" in page.locator("#summary table").inner_text()
    page.screenshot(path=str(tmp_path / "results-en.png"), full_page=True)
    assert problems == []


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_problems(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations of the page."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))",
        WCAG_TAGS,
    )
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
            for v in found if v["impact"] in ("serious", "critical")]


def test_every_page_passes_axe_core(server: str, world: World, browser: Browser) -> None:
    """No serious or critical WCAG 2.1 AA violation on any page, in both languages. The
    context bypasses the Content-Security-Policy only to inject axe-core."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    a = world.ids["A"]
    problems: list[str] = []
    page.goto(f"{server}/login")
    problems += axe_problems(page)
    page.get_by_label("Inloggningsnamn").fill("a_admin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/scenarios")
    version = f"/scenarios/{a['scenario_id']}/versions/{a['number']}"
    pages = ["/scenarios", f"/scenarios/{a['scenario_id']}", version, f"/runs/{a['run_id']}",
             "/investments", f"/investments/{a['investment_id']}", "/admin/users", "/account",
             "/scenarios/999999", "/guided", version + "/compare", version + "/timing",
             version + "/share"]
    for lang in ("sv", "en"):
        for address in pages:
            page.goto(f"{server}{address}?lang={lang}")
            if address == version:
                page.locator("#summary table").wait_for(timeout=60_000)
                page.locator("#charts svg").first.wait_for(timeout=60_000)
            if address == f"/runs/{a['run_id']}":
                page.locator("#run-charts svg").first.wait_for(timeout=60_000)
            problems += axe_problems(page)
            submitted = RESULT_OF.get(address.removeprefix(version))
            if submitted is not None:
                page.locator("main form button[type=submit]").first.click()
                page.locator(submitted).first.wait_for(timeout=60_000)
                problems += axe_problems(page)
    context.close()
    assert problems == [], "\n".join(problems)


RESULT_OF = {"/compare": "#compare-result table", "/timing": "#timing-result svg",
             "/share": "#share-result table"}
"""The results views: what their first form shows when done."""


def test_the_results_views_draw_their_charts(server: str, world: World, page: Page,
                                             tmp_path: Path) -> None:
    """The charts drawn by the vendored Vega (served by the application, allowed by the
    page's Content-Security-Policy: no console error), each with its table; the views'
    forms run their jobs and show the result; a screenshot of each page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    a = world.ids["A"]
    page.goto(f"{server}/login?lang=en")
    page.get_by_label("Login name").fill("a_analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server}/scenarios")
    version = f"{server}/scenarios/{a['scenario_id']}/versions/{a['number']}"
    page.goto(version)
    page.locator("#charts svg").first.wait_for(timeout=60_000)
    assert page.locator("#charts .chart svg").count() >= 4
    assert page.locator("#charts details table").count() >= 4
    page.screenshot(path=str(tmp_path / "version-charts.png"), full_page=True)
    for view, shown in RESULT_OF.items():
        page.goto(version + view)
        page.locator("main form button[type=submit]").first.click()
        page.locator(shown).first.wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / f"{view[1:]}.png"), full_page=True)
    page.goto(f"{server}/runs/{a['run_id']}")
    page.locator("#run-charts svg").first.wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "run.png"), full_page=True)
    assert problems == []


def test_the_token_and_user_management_pages_pass_axe_core(server: str, world: World,
                                                          browser: Browser,
                                                          tmp_path: Path) -> None:
    """The account page with its token list and a new token shown once, and the users page
    with its role and disable forms and a refusal (the last admin), in both languages: no
    serious or critical WCAG 2.1 AA violation, and the forms work from the keyboard's
    labels."""
    from socinvest.store.tokens import create_token

    create_token(world.store, "a_admin", "nightly export")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{server}/login")
    page.get_by_label("Inloggningsnamn").fill("a_admin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/scenarios")
    labels = {"sv": ("Namn på den nya nyckeln (vad den är till för)", "Skapa en nyckel",
                     "Ändra roll", "sista administratören"),
              "en": ("Name of the new token (what it is for)", "Create a token", "Change role",
                     "last admin")}
    for lang, (name_label, create, change, refusal) in labels.items():
        page.goto(f"{server}/account?lang={lang}")
        problems += axe_problems(page)
        page.get_by_label(name_label).fill(f"script {lang}")
        page.get_by_role("button", name=create).click()
        new_token = page.locator("#new-token")
        new_token.wait_for()
        assert new_token.input_value().startswith("sit_")
        problems += axe_problems(page)
        page.screenshot(path=str(tmp_path / f"account-{lang}.png"), full_page=True)
        page.goto(f"{server}/admin/users?lang={lang}")
        problems += axe_problems(page)
        # The admin's own role in Gnesta: the only admin cannot step down.
        own = page.get_by_role("button", name=f"{change}: a_admin, Gnesta")
        page.locator(f"#{own.locator('xpath=..').locator('select').get_attribute('id')}"
                     ).select_option("viewer")
        own.click()
        page.get_by_role("alert").wait_for()
        assert refusal in page.get_by_role("alert").inner_text()
        problems += axe_problems(page)
        page.screenshot(path=str(tmp_path / f"users-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_guided_flow(server: str, world: World, browser: Browser, tmp_path: Path,
                         lang: str) -> None:
    """An analyst fills in the five steps of "Ny kalkyl" (in Swedish, then in English) by
    the fields' labels, sees a field's error beside it, saves, and lands on the new
    version's results. axe-core checks every step; a screenshot of each is kept."""
    _ = translator(lang)
    kommun = default_payer_tree().get("kommun").label(lang)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/login?lang={lang}")
    page.get_by_label(_("Login name")).fill("a_analyst")
    page.get_by_label(_("Password")).fill(PASSWORD)
    page.get_by_role("button", name=_("Log in")).click()
    page.wait_for_url(f"{server}/scenarios")
    page.get_by_role("link", name=_("New calculation")).click()

    def step(n: int, name: str) -> None:
        heading = _("Step {n} of {total}: {name}").format(n=n, total=5, name=_(name))
        page.get_by_role("heading", name=heading).wait_for()
        problems.extend(axe_problems(page))

    step(1, "Target group")
    page.get_by_label(_("Name of the calculation")).fill(f"Skolfam {lang}")
    page.get_by_label(_("The target group in words")).fill("Tioåringar i familjehem")
    page.get_by_label(_("Age at the start (years)")).fill("tio")
    page.get_by_label(_("Level")).select_option("indicated")
    page.get_by_label(_("Who the group is at the start")).select_option("placed")
    page.get_by_label(_("Children who start each year")).fill("10")
    page.get_by_label(_("Years of intake")).fill("5")
    page.get_by_role("button", name=_("Next")).click()
    # The error is shown beside the field, and the field says so to assistive technology.
    step(1, "Target group")
    age = page.get_by_label(_("Age at the start (years)"))
    assert age.get_attribute("aria-invalid") == "true"
    assert "tio" in page.locator("#e-start_age").inner_text()
    page.screenshot(path=str(tmp_path / f"guided-1-error-{lang}.png"), full_page=True)
    age.fill("10")
    page.get_by_role("button", name=_("Next")).click()
    step(2, "Local figures")
    first = page.get_by_role("group", name=_("Local figure {n}").format(n=1))
    first.get_by_label(_("Parameter")).select_option("produktion.manadslon_medel")
    first.get_by_label(_("Value")).fill("41 000")
    first.get_by_label(_("Year of the figure (and its prices)")).fill("2024")
    first.get_by_label(_("Source (a report, the accounts)")).fill("Kommunens lönestatistik")
    page.screenshot(path=str(tmp_path / f"guided-2-{lang}.png"), full_page=True)
    page.get_by_role("button", name=_("Next")).click()
    step(3, "Interventions")
    page.get_by_label("Skolfam").check()
    page.screenshot(path=str(tmp_path / f"guided-3-{lang}.png"), full_page=True)
    page.get_by_role("button", name=_("Next")).click()
    step(4, "Alternatives")
    assert page.get_by_label(_("{name} alone").format(name="Skolfam")).is_checked()
    page.get_by_role("button", name=_("Next")).click()
    step(5, "Review and save")
    page.screenshot(path=str(tmp_path / f"guided-5-{lang}.png"), full_page=True)
    page.get_by_role("button", name=_("Save")).click()
    page.wait_for_url(f"{server}/scenarios/*/versions/1")
    table = page.locator("#summary table")
    table.wait_for(timeout=60_000)
    assert "Skolfam" in table.inner_text() and kommun in table.inner_text()
    page.screenshot(path=str(tmp_path / f"guided-saved-{lang}.png"), full_page=True)
    context.close()
    assert problems == []
