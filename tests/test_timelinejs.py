"""The TimelineJS export in the real library: the embed code the timeline page gives, pasted
into a page on another host, shows Knight Lab's own embed page (the copy in the npm package
@knight-lab/timelinejs 3.9, of what its CDN serves) reading the published export, in
Chromium at 1,280 pixels. Every event renders as a slide and a marker, no marker covers another's
headline (one early event must not pile the rest up), every slide's headline shows whole, and
every link in a slide leads somewhere: the sheet's to its page on the site."""

from __future__ import annotations

import html
import json
import re
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .browser import chromium, need_browser, serve, serve_elsewhere
from .conftest import REPO, build_at, make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMELINEJS = REPO / "node_modules/@knight-lab/timelinejs/dist"
TIMELINEJS_EMBED = "https://cdn.knightlab.com/libs/timeline3/latest/embed/index.html"
Loaded = tuple[Any, str, dict[str, Any], dict[str, Any]]  # the frame, the site's address, export, options


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """The example site built with its address (served), the export, and the options of the
    timeline page's embed code, loaded in TimelineJS in a page on another host."""
    if not (TIMELINEJS / "js/timeline.js").is_file():
        pytest.skip("TimelineJS is not installed (npm install)")
    need_browser()
    root = make_project(tmp_path_factory.mktemp("timelinejs"))
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    with serve(root / "site") as base, chromium() as browser:
        build_at(root, base)
        data = json.loads((root / "site/data/timelinejs.json").read_text())
        page = (root / "site/timeline/index.html").read_text()
        code = html.unescape(re.findall(r'id="embed-timeline"[^>]*>(.*?)</textarea>', page, re.S)[0])
        src = html.unescape(re.findall(r'src="([^"]+)"', code)[0])  # (an attribute of the snippet)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(src).query)
        assert src.startswith(TIMELINEJS_EMBED + "?")
        assert query["source"] == [f"{base}data/timelinejs.json"]
        options = {name: int(query[name][0]) for name in ("initial_zoom", "timenav_height_percentage")}
        # Someone else's page holds the embed code as copied, with Knight Lab's embed page
        # (the npm package's copy of what its CDN serves) at our other host
        host = tmp_path_factory.mktemp("elsewhere")
        shutil.copytree(TIMELINEJS, host / "timelinejs")
        with serve_elsewhere(host) as elsewhere:
            ours = code.replace(TIMELINEJS_EMBED, f"{elsewhere}timelinejs/embed/index.html")
            (host / "index.html").write_text(
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our timeline</title>'
                f'</head><body style="margin:0;width:1280px">{ours}</body></html>')
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("http://127.0.0.1", "http://127.0.0.2")) else route.abort())
            tab = context.new_page()
            tab.goto(elsewhere)
            frame = tab.frame_locator("iframe")
            frame.locator(".tl-timemarker").first.wait_for(state="attached")
            tab.wait_for_timeout(500)
            try:
                yield next(f for f in tab.frames if "embed/index.html" in f.url), base, data, options
            finally:
                context.close()


def test_every_event_renders_as_a_slide_and_a_marker(timeline: Loaded) -> None:
    tab, _, data, _ = timeline
    events = data["events"]
    assert len(events) == 28
    assert tab.locator(".tl-timemarker").count() == len(events)
    assert tab.locator(".tl-slide").count() == len(events) + 1  # and the title slide
    shown = tab.evaluate("[...document.querySelectorAll('.tl-slide .tl-headline')].map(h => h.textContent)")
    assert shown[0] == "Fact sheets"
    assert sorted(shown[1:]) == sorted(html.unescape(e["text"]["headline"]) for e in events)


def test_no_marker_covers_another_at_1280_pixels(timeline: Loaded) -> None:
    """With the embed code's zoom, markers of the same weeks stand in rows instead of on top of
    one another (at TimelineJS's default zoom, 74 pairs overlapped: the 1961 event stretched
    the axis). A marker shows the first words of its headline, as TimelineJS draws markers."""
    tab, _, _, options = timeline
    assert options["initial_zoom"] == 10
    boxes = tab.evaluate("""[...document.querySelectorAll('.tl-timemarker')].map(m => {
        const r = m.querySelector('.tl-timemarker-content-container').getBoundingClientRect();
        return [m.querySelector('.tl-headline').textContent, r.left, r.top, r.right, r.bottom]; })""")
    covered = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1]
    assert covered == []
    lines = tab.evaluate("[...document.querySelectorAll('.tl-timemarker .tl-headline')]"
                         ".map(h => h.getBoundingClientRect().width)")
    assert min(lines) >= 80  # each marker's line is a marker wide: the first words, not "Pu…"


def test_every_slide_headline_shows_whole_and_its_links_work(timeline: Loaded) -> None:
    tab, base, data, _ = timeline
    cut, links = [], set()
    for n in range(1, len(data["events"]) + 1):
        tab.evaluate(f"window.timeline.goTo({n})")
        tab.wait_for_timeout(50)
        slide = tab.locator(".tl-slide").nth(n)
        headline = slide.locator(".tl-headline")
        if headline.evaluate("h => h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1"):
            cut.append(headline.text_content())
        links.update(slide.locator(".tl-text-content a").evaluate_all("links => links.map(a => a.href)"))
    assert cut == []
    sheets = {link for link in links if link.startswith(base)}
    assert len(sheets) == 10  # every sheet's slides link to it
    for link in sheets:
        with urllib.request.urlopen(link) as response:
            assert response.status == 200
    sources = {url for event in data["events"] for url in re.findall(r'href="([^"]+)"', event["text"]["text"])
               if not url.startswith(base)}
    assert links - sheets == {html.unescape(url) for url in sources} and sources
