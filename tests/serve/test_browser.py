"""The web explorer in a real browser: Playwright drives Debian's Chromium against a real
`dotterel serve` process, clicks through each view and checks what is shown.

Screenshots go to test-artifacts/browser/ (git-ignored). The browser comes from
scripts/install_browser.sh (CI runs it first); when /usr/bin/chromium is missing and
cannot be installed, these tests are skipped with that reason.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import ROOT
from tests.serve.conftest import XSS_TITLE, Corpus, Server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


EXPECTED_ERRORS: list[str] = []  # console messages a test provokes on purpose


def _ensure_chromium() -> str | None:
    """None when Chromium is there (installing it if we can), else why not."""
    if CHROMIUM.exists():
        return None
    script = ROOT / "scripts" / "install_browser.sh"
    if os.geteuid() != 0:
        return f"{CHROMIUM} is missing and installing it needs root (run {script})"
    try:
        r = subprocess.run(["bash", str(script)], capture_output=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{CHROMIUM} is missing and {script} failed: {exc}"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing and {script} could not install it: {r.stderr.decode()[-500:]}"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _ensure_chromium()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(server.url + "/ui/")
    pg.wait_for_selector("body[data-ready=true]")
    EXPECTED_ERRORS.clear()
    yield pg
    ctx.close()
    unexpected = [e for e in errors if not any(x in e for x in EXPECTED_ERRORS)]
    assert unexpected == [], unexpected  # no script errors and no failed requests in any view


def api(server: Server, path: str, **params: Any) -> Any:
    r = httpx.get(server.url + path, params=params, timeout=10)
    r.raise_for_status()
    return r.json()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 5000


def test_events_table_filters_and_opens_article_with_spans(page: Any, server: Server, corpus: Corpus) -> None:
    total = api(server, "/v1/events")["total"]
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == min(total, 25)
    assert page.locator("#events-summary").text_content() == f"{total} events"
    assert page.locator("#events-table").get_attribute("data-query") == ""

    page.fill("#event-filters input[name=actor]", "KOR")
    page.fill("#event-filters input[name=recipient]", "RUS")
    page.click("#events-apply")
    page.wait_for_selector("#events-table[data-query*='actor=KOR'][data-query*='recipient=RUS']")
    assert page.locator("#events-summary").text_content() == f"{len(corpus.dyad('KOR', 'RUS'))} events"
    assert rows.count() == len(corpus.dyad("KOR", "RUS"))
    for i in range(rows.count()):
        assert "KOR" in rows.nth(i).locator("td.actor").text_content()
        assert "RUS" in rows.nth(i).locator("td.recipient").text_content()
    shot(page, "events-filtered")

    page.locator("#events-table tbody tr", has_text="South Korea protested to Russia on Monday").click()
    page.wait_for_selector("#view-doc:not([hidden]) #doc-text .hl")
    assert page.locator("#doc-title").text_content() == "Seoul summons Russian envoy"
    sel = page.locator("#doc-text .hl.sel")
    assert page.locator("#doc-text .hl.sel.k-actor").first.text_content() == "South Korea"
    assert page.locator("#doc-text .hl.sel.k-event").text_content() == "protested"
    assert page.locator("#doc-text .hl.sel.k-recipient").text_content() == "Russia"
    assert sel.count() == 3
    quote = page.locator("#doc-text .k-quote")
    assert quote.count() >= 1 and "This is unacceptable" in "".join(quote.all_text_contents())
    assert page.locator("#doc-text").text_content() == corpus.records["summons"]["text"]  # the text, whole and unchanged
    assert page.locator("#doc-meta a").get_attribute("href") == "https://example.org/summons"
    assert page.locator("#doc-events li.selected").count() == 1
    shot(page, "article")


def test_place_span_highlighted(page: Any, server: Server) -> None:
    page.fill("#event-filters input[name=q]", "provoking tensions")
    page.click("#events-apply")
    page.wait_for_selector("#events-table[data-query*='provoking']")
    assert page.locator("#events-summary").text_content() == "1 event"
    page.locator("#events-table tbody tr").first.click()
    page.wait_for_selector("#doc-text .hl.sel.k-place")
    assert page.locator("#doc-text .hl.sel.k-place").text_content() == "Moscow"
    assert page.locator("#doc-text .hl.sel.k-event").text_content() == "accused"


def test_article_markup_is_shown_as_text(page: Any, corpus: Corpus) -> None:
    page.fill("#event-filters input[name=q]", "humanitarian")
    page.click("#events-apply")
    page.wait_for_selector("#events-table[data-query*='q=humanitarian']")
    row = page.locator("#events-table tbody tr").first
    row.wait_for()
    assert row.locator("td.title").text_content() == XSS_TITLE
    row.click()
    page.wait_for_selector("#view-doc:not([hidden]) #doc-text .hl")
    text = page.locator("#doc-text").text_content()
    assert '<script>window.__xss=1</script>' in text and '<img src=x onerror="window.__xss=2">' in text
    assert page.locator("#doc-title").text_content() == XSS_TITLE
    assert page.evaluate("document.querySelectorAll('#doc-text script, #doc-text img, #doc-title img, td img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # only app.js
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#doc-meta a").count() == 0  # javascript: URL is not made a link
    shot(page, "article-markup-as-text")


def test_dyad_view_chart_and_clicked_period(page: Any, server: Server, corpus: Corpus) -> None:
    page.click("#nav-dyad")
    page.fill("#dyad-form input[name=a]", "south korea")  # a name works as well as a code
    page.fill("#dyad-form input[name=b]", "RUS")
    page.select_option("#dyad-form select[name=interval]", "week")
    page.click("#dyad-show")
    page.wait_for_selector("svg.dyad-panel")
    data = api(server, "/v1/dyads/KOR/RUS/series", interval="week")
    panels = page.locator("svg.dyad-panel")
    assert panels.count() == 2
    assert panels.nth(0).get_attribute("data-direction") == "KOR->RUS"
    for i, s in enumerate(data["series"]):
        cols = panels.nth(i).locator("g.col")
        assert cols.count() == len(s["points"])
        assert [int(c) for c in cols.evaluate_all("cs => cs.map(c => c.dataset.n)")] == [p["n"] for p in s["points"]]
        bars = panels.nth(i).locator("rect.bar")
        assert bars.count() == sum(1 for p in s["points"] for n in p["by_quad"].values() if n)
        assert panels.nth(i).locator("circle.score").count() == sum(1 for p in s["points"] if p["mean_score"] is not None)
    busiest = max(range(len(data["series"][1]["points"])), key=lambda j: data["series"][1]["points"][j]["n"])
    point = data["series"][1]["points"][busiest]
    panels.nth(1).locator("g.col").nth(busiest).click()
    page.wait_for_selector("#dyad-events:not([hidden]) tbody tr")
    rows = page.locator("#dyad-events tbody tr")
    assert rows.count() == point["n"] > 0
    start, end = date.fromisoformat(point["start"]), date.fromisoformat(point["end"])
    for i in range(rows.count()):
        assert start <= date.fromisoformat(rows.nth(i).locator("td.date").text_content()) <= end
        assert "RUS" in rows.nth(i).locator("td.actor").text_content()
        assert "KOR" in rows.nth(i).locator("td.recipient").text_content()
    assert "RUS → KOR" in page.locator("#dyad-events-title").text_content()
    shot(page, "dyad")


def test_network_view_nodes_edges_and_colours(page: Any, server: Server) -> None:
    page.click("#nav-network")
    page.wait_for_selector("#network-svg g.node")
    net = api(server, "/v1/network", limit=300)
    assert page.locator("#network-svg g.node").count() == len(net["nodes"])
    assert page.locator("#network-svg g.edge").count() == len(net["edges"])
    assert set(page.locator("#network-svg g.node").evaluate_all("ns => ns.map(n => n.dataset.code)")) == \
        {n["code"] for n in net["nodes"]}
    edge = next(e for e in net["edges"] if (e["source"], e["target"]) == ("KOR", "RUS"))
    g = page.locator("#network-svg g.edge[data-source=KOR][data-target=RUS]")
    stroke = g.locator("path").first.get_attribute("stroke")
    r, gr, _ = (int(x) for x in stroke[4:-1].split(","))
    assert (r > gr) == (edge["mean_score"] < 0)  # red for hostile, green for cooperative
    # click the middle of the (curved) edge, as a person would
    g.scroll_into_view_if_needed()
    x, y = g.locator("path").nth(1).evaluate(
        "p => { const l = p.getTotalLength(), pt = p.getPointAtLength(l / 2), m = p.getScreenCTM();"
        " return [pt.x * m.a + pt.y * m.c + m.e, pt.x * m.b + pt.y * m.d + m.f]; }")
    page.mouse.click(x, y)
    page.wait_for_selector("#network-info .edge-n")
    assert page.locator("#network-info h3").text_content() == "KOR → RUS"
    assert int(page.locator("#network-info .edge-n").text_content()) == edge["n"]
    assert page.locator("#network-svg g.edge.faded").count() == len(net["edges"]) - 1
    shot(page, "network")
    page.locator("#network-info a", has_text="List these events").click()
    page.wait_for_selector("#view-events:not([hidden]) #events-table[data-query='?actor=KOR&recipient=RUS']")
    assert page.locator("#events-summary").text_content() == f"{edge['n']} event" + ("s" if edge["n"] != 1 else "")


def test_code_this_text_box(page: Any) -> None:
    page.click("#nav-code")
    text = "Russia threatened Ukraine on Monday, according to <b>officials</b>. Germany sent aid to Ukraine."
    page.fill("#code-text", text)
    page.fill("#code-date", "2024-03-04")
    page.click("#code-submit")
    page.wait_for_selector("#code-result:not([hidden])")
    rows = page.locator("#code-events tbody tr")
    types = [rows.nth(i).locator("td.type").text_content() for i in range(rows.count())]
    assert any("THREATEN" in t for t in types) and any("AID" in t for t in types)
    assert rows.first.locator("td.date").text_content() == "2024-03-04"
    assert page.locator("#code-highlight").text_content() == text
    assert "<b>officials</b>" in page.locator("#code-highlight").text_content()
    assert page.evaluate("document.querySelectorAll('#code-highlight b').length") == 0
    assert "Russia" in page.locator("#code-highlight .k-actor").all_text_contents()
    assert "threatened" in page.locator("#code-highlight .k-event").all_text_contents()
    assert page.locator("#code-status").text_content().startswith("coded in")
    shot(page, "code")
    # an error from the API shows its message (the browser logs the 422 response)
    EXPECTED_ERRORS.append("status of 422")
    page.fill("#code-text", "Это не английский текст, и его нельзя закодировать.")
    page.click("#code-submit")
    page.wait_for_selector("#error:not([hidden])")
    assert "English" in page.locator("#error").text_content()


def test_cluster_badge_lists_every_report(page: Any, corpus: Corpus) -> None:
    page.fill("#event-filters input[name=q]", "protested to russia")
    page.click("#events-apply")
    page.wait_for_selector("#events-table[data-query*='protested']")
    badges = page.locator("#events-table a.sources")
    assert badges.count() == 2 and badges.first.text_content() == "2 sources"
    page.fill("#event-filters input[name=q]", "")
    page.click("#events-apply")
    page.wait_for_selector("#events-table[data-query='']")
    page.locator("#events-table a.sources").first.click()
    page.wait_for_selector("#events-table[data-query*='cluster=']")
    assert page.locator("#events-summary").text_content() == "2 events"
    titles = set(page.locator("#events-table td.title").all_text_contents())
    assert titles == {"Seoul summons Russian envoy", "Korea protests again"}
    assert page.locator("#view-events:not([hidden])").count() == 1  # the badge did not open the article
