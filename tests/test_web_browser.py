"""The web application in Debian's Chromium (Playwright), served by uvicorn in a thread on a
free port: log in, open a scenario, its version's results per payer (computed off the
request thread, shown when htmx's polling finds them done), with no error in the console
(the Content-Security-Policy included), and a screenshot kept under tmp_path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page

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
             "/scenarios/999999", "/guided"]
    for lang in ("sv", "en"):
        for address in pages:
            page.goto(f"{server}{address}?lang={lang}")
            if address == version:
                page.locator("#summary table").wait_for(timeout=60_000)
            problems += axe_problems(page)
    context.close()
    assert problems == []


def test_the_guided_flow_in_swedish(server: str, world: World, browser: Browser,
                                    tmp_path: Path) -> None:
    """An analyst fills in the five steps of "Ny kalkyl" in Swedish, with the keyboard's
    labels, sees a field's error beside it, saves, and lands on the new version's results.
    axe-core checks every step; a screenshot of each is kept."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server}/login?lang=sv")
    page.get_by_label("Inloggningsnamn").fill("a_analyst")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{server}/scenarios")
    page.get_by_role("link", name="Ny kalkyl").click()
    page.get_by_role("heading", name="Steg 1 av 5: Målgrupp").wait_for()
    problems += axe_problems(page)
    page.get_by_label("Kalkylens namn").fill("Skolfam i webbläsaren")
    page.get_by_label("Målgruppen i ord").fill("Tioåringar i familjehem")
    page.get_by_label("Ålder vid start (år)").fill("tio")
    page.get_by_label("Nivå").select_option("indicated")
    page.get_by_label("Vilka gruppen består av vid start").select_option("placed")
    page.get_by_label("Barn som börjar varje år").fill("10")
    page.get_by_label("Antal år med intag").fill("5")
    page.get_by_role("button", name="Nästa").click()
    # The error is shown beside the field, and the field says so to assistive technology.
    age = page.get_by_label("Ålder vid start (år)")
    assert age.get_attribute("aria-invalid") == "true"
    assert "tio" in page.locator("#e-start_age").inner_text()
    problems += axe_problems(page)
    page.screenshot(path=str(tmp_path / "guided-1-error-sv.png"), full_page=True)
    age.fill("10")
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("heading", name="Steg 2 av 5: Lokala siffror").wait_for()
    problems += axe_problems(page)
    first = page.get_by_role("group", name="Lokal siffra 1")
    first.get_by_label("Parameter").select_option("produktion.manadslon_medel")
    first.get_by_label("Värde").fill("41 000")
    first.get_by_label("Siffrans år (och dess prisnivå)").fill("2024")
    first.get_by_label("Källa (en rapport, redovisningen)").fill("Kommunens lönestatistik")
    page.screenshot(path=str(tmp_path / "guided-2-sv.png"), full_page=True)
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("heading", name="Steg 3 av 5: Insatser").wait_for()
    problems += axe_problems(page)
    page.get_by_label("Skolfam").check()
    page.screenshot(path=str(tmp_path / "guided-3-sv.png"), full_page=True)
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("heading", name="Steg 4 av 5: Alternativ").wait_for()
    problems += axe_problems(page)
    assert page.get_by_label("Skolfam ensam").is_checked()
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("heading", name="Steg 5 av 5: Granska och spara").wait_for()
    problems += axe_problems(page)
    page.screenshot(path=str(tmp_path / "guided-5-sv.png"), full_page=True)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{server}/scenarios/*/versions/1")
    table = page.locator("#summary table")
    table.wait_for(timeout=60_000)
    assert "Skolfam" in table.inner_text() and "Kommunen" in table.inner_text()
    page.screenshot(path=str(tmp_path / "guided-saved-sv.png"), full_page=True)
    context.close()
    assert problems == []
