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
             "/scenarios/999999", version + "/compare", version + "/timing", version + "/share"]
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
