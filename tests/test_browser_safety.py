"""A real browser over a site built from script payloads: nothing from content may run.

Every payload would set ``window.__pwned`` or open a dialog. Each page kind is opened in
Debian's Chromium; what can be hovered is hovered, in-page controls are clicked, and the search
box is typed into. Requests to any host but 127.0.0.1 are refused and recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browser import chromium, need_browser, serve
from .test_bad_input import SAFE, build_payload_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOVERABLE = ", ".join(f"article {kind}:not(.md-visually-hidden)" for kind in (
    "a", "summary", "sup", "span", "strong", "li", "p", "time", "code", "h1", "svg a", "td"))
MAX_HOVERS = 12


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser()
    return build_payload_site(tmp_path_factory.mktemp("payloads"))


def _pages(site: Path) -> list[str]:
    sheets = sorted(f"sheets/s-{case.name}/" for case in SAFE)
    series = sorted(p.parent.relative_to(site).as_posix() + "/"
                    for p in (site / "series").glob("*/index.html"))
    return ["", "timeline/", "tags/", "tags/plain/", "pages/about/", "404.html", "series/", *series, *sheets]


def _exercise(page: Any) -> None:
    items = page.locator(HOVERABLE)
    for i in range(min(items.count(), MAX_HOVERS)):
        item = items.nth(i)
        if item.is_visible():
            item.hover(timeout=2000)
    for summary in page.locator("article summary").all():
        summary.click(timeout=2000)
    url = page.url
    for link in page.locator("article a[href^='#']").all()[:10]:
        link.click(timeout=2000)
    page.goto(url)
    # Every element, hidden ones too, gets the events an injected handler would wait for.
    page.evaluate("""() => {
        for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) {
                el.dispatchEvent(new Event(type, {bubbles: true}));
            }
        }
    }""")


def test_no_content_runs_script_in_a_browser(payload_site: Path) -> None:
    dialogs: list[str] = []
    elsewhere: list[str] = []
    errors: list[str] = []
    with serve(payload_site) as base, chromium() as browser:
        context = browser.new_context()

        def route(route: Any) -> None:
            if route.request.url.startswith("http://127.0.0.1"):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in _pages(payload_site):
            page.goto(base + path)
            _exercise(page)
            assert page.evaluate("window.__pwned") is None, path
        page.goto(base)
        page.locator("#fs-search").click()
        page.locator("#fs-search").press_sequentially("script", delay=20)
        page.wait_for_selector("#fs-search-results li", timeout=10000)
        results = page.locator("#fs-search-results li")
        assert results.count() > 0
        for i in range(min(results.count(), 10)):
            results.nth(i).hover()
        results.first.click()
        page.wait_for_load_state()
        assert page.evaluate("window.__pwned") is None
        context.close()
    assert dialogs == []
    assert errors == []
    assert elsewhere == []
