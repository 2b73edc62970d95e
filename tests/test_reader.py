"""The example site as readers use it: in Chromium, served under a sub-path as GitHub Pages
serves a project site, and checked by outside validators (axe-core, LinkChecker, Nu)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.render.metadata import description_of

from .browser import SUB_PATH, chromium, need_browser, serve
from .conftest import REPO, make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
VNU_ALLOWED = Path(__file__).parent / "vnu-allowed.txt"
SITE_URL = f"http://127.0.0.1{SUB_PATH}"
SHEET = "sheets/north-korea-shell-production/"
SERIES = "series/nk-troops-russia/"
PAGE_KINDS = ["", SHEET, "sheets/kim-putin-vostochny-summit/", "timeline/", "tags/",
              "tags/russia/", "pages/about/", "404.html", "series/", SERIES]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built as the publishing workflow builds it (site_url set)."""
    root = make_project(tmp_path_factory.mktemp("example"))
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    old, env = Path.cwd(), dict(os.environ)
    os.environ["FACTSHEET_SITE_URL"] = SITE_URL
    os.environ["FACTSHEET_REPOSITORY_URL"] = "https://github.com/example/factsheets"
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(old)
        os.environ.clear()
        os.environ.update(env)
    return root / "site"


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Any, str]]:
    need_browser()
    with serve(site) as base, chromium() as b:
        yield b, base


class Watched:
    """A page whose console errors and requests to other hosts are recorded."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.requested: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        self.requested.append(route.request.url)
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: tuple[Any, str]) -> Iterator[tuple[Watched, str]]:
    b, base = browser
    w = Watched(b, viewport={"width": 1280, "height": 900})
    yield w, base
    w.close()


def test_home_to_sheet_and_back(watched: tuple[Watched, str]) -> None:
    w, base = watched
    page = w.page
    page.goto(base)
    cards = page.locator(".fs-sheet")
    assert cards.count() == 10
    assert cards.first.locator(".fs-headline-figures li").count() == 3
    page.locator(".fs-sheet-link", has_text="Kim Jong Un orders faster artillery shell").click()
    page.wait_for_url(base + SHEET)
    assert page.locator("h1").inner_text() == (
        "Kim Jong Un orders faster artillery shell production as arms flow to Russia")
    page.locator(".fs-site").click()
    page.wait_for_url(base)
    assert w.errors == [] and w.elsewhere == []


def test_cards_and_timeline_are_visible(watched: tuple[Watched, str]) -> None:
    w, base = watched
    page = w.page
    page.goto(base + SHEET)
    cards = page.locator(".fs-figure")
    assert cards.count() == 5
    first = cards.first
    assert first.is_visible()
    assert first.locator(".fs-value").inner_text() == "up to 6 million shells"
    quote = first.locator("details blockquote")
    assert not quote.is_visible()
    first.get_by_text("Quote", exact=True).click()
    assert quote.inner_text() == "“up to six million artillery shells”"
    timeline = page.locator(".fs-timeline li")
    assert [timeline.nth(i).locator("time").inner_text() for i in range(timeline.count())] == [
        "2022", "7 May 2025", "7 May 2025"]
    assert timeline.first.is_visible()
    page.goto(base + "timeline/")
    assert page.locator("h2").first.inner_text() == "2025"
    assert page.locator(".fs-timeline-list li").count() == 28
    assert w.errors == [] and w.elsewhere == []


def test_series_page_chart_table_and_disagreements(browser: tuple[Any, str]) -> None:
    b, base = browser
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 812}):
        w = Watched(b, viewport=viewport)
        page = w.page
        page.goto(base + SERIES)
        assert page.locator("h1").inner_text() == "North Korean troops sent to Russia"
        assert page.locator(".fs-latest .fs-number").inner_text() == "10,000–12,000 troops"
        chart = page.locator("svg.fs-chart")
        box = chart.bounding_box()
        assert chart.is_visible() and box is not None and box["height"] > 100
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        marks = page.locator("a.fs-chart-mark")
        assert marks.count() == 6
        assert marks.nth(1).get_attribute("aria-label") == (
            "about 3,000 troops, 23 Oct 2024, South Korea's National Intelligence Service")
        rows = page.locator("table.fs-reports tbody tr")
        assert rows.count() == 6
        assert "revised from about 1,500, 13 Oct 2024" in rows.nth(1).inner_text()
        assert page.locator(".fs-pair").count() == 3  # three pairs of reports disagree
        assert page.locator(".fs-chart-disagrees").count() == 4
        w.close()
    # Every mark of the chart leads to its report's card.
    w = Watched(b, viewport={"width": 1280, "height": 900})
    page = w.page
    page.goto(base + SERIES)
    hrefs = page.eval_on_selector_all("a.fs-chart-mark", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        page.goto(base + SERIES)
        page.locator(f"a.fs-chart-mark[href='{href}']").click()
        page.wait_for_function("location.hash.startsWith('#figure-')")
        card = page.locator(":target")
        assert card.get_attribute("class") == "fs-figure" and card.is_visible(), href
    assert w.errors == [] and w.elsewhere == []
    w.close()


def test_cards_link_to_their_series_and_say_what_changed(watched: tuple[Watched, str]) -> None:
    w, base = watched
    page = w.page
    page.goto(base + "sheets/north-korea-special-forces-to-russia/")
    first, revised = page.locator("#figure-1"), page.locator("#figure-2")
    assert first.locator(".fs-series").inner_text() == "6 reports over time · later: 10,000–12,000, May 2025"
    assert revised.locator(".fs-revised").inner_text() == "Revised from about 1,500, 13 Oct 2024"
    assert revised.locator(".fs-disagrees").inner_text() == (
        "Sources disagree: about 10,000, 28 Oct 2024, the Pentagon")
    assert revised.locator(".fs-by").inner_text() == "Stated by South Korea's National Intelligence Service"
    first.locator(".fs-series a").first.click()
    page.wait_for_url(base + SERIES)
    page.go_back()
    page.locator("#figure-1 .fs-series a").nth(1).click()
    page.wait_for_url(base + SHEET + "#figure-2")
    page.goto(base + "series/")
    items = page.locator(".fs-series-list .fs-sheet")
    assert items.count() == 3
    lines = [line for line in items.nth(1).inner_text().split("\n") if line]  # (by slug)
    assert lines == ["Artillery shells North Korea has shipped to Russia",
                     "2 reports, 27 Feb 2024 – 7 May 2025",
                     "Latest: up to 6 million shells, 7 May 2025, South Korean lawmakers"]
    assert w.errors == [] and w.elsewhere == []


def test_citation_jumps_to_reference_and_backlink_jumps_back(watched: tuple[Watched, str]) -> None:
    w, base = watched
    page = w.page
    page.goto(base + SHEET)
    marker = page.locator(".fs-article #c2-2")
    marker.click()
    page.wait_for_function("location.hash === '#ref-2'")
    assert page.locator("#ref-2").is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "ref-2"
    page.locator("#ref-2 .fs-backlinks a", has_text="b").click()
    page.wait_for_function("location.hash === '#c2-2'")
    assert marker.is_visible()
    assert w.errors == [] and w.elsewhere == []


@pytest.mark.parametrize(("query", "expected"), [
    ("Vostochny spaceport", "Kim and Putin meet at Russia's Vostochny spaceport"),  # title
    ("Pacific Fleet ships", "Seoul says North Korea has sent 3,000 troops to Russia, with more to come"),
    ("diplomacy", "Putin and Kim sign a mutual defence treaty in Pyongyang"),  # tag
    ("satellite", "Kim and Putin meet at Russia's Vostochny spaceport"),  # a word of the summary
    ("killed or wounded", "North Korean soldiers killed or wounded fighting for Russia"),  # a series
])
def test_search_finds_sheets(watched: tuple[Watched, str], query: str, expected: str) -> None:
    w, base = watched
    page = w.page
    page.goto(base)
    page.locator("#fs-search").click()
    page.locator("#fs-search").press_sequentially(query, delay=30)
    results = page.locator("#fs-search-results li a")
    results.first.wait_for(timeout=10000)
    assert expected in results.all_inner_texts()
    assert w.errors == [] and w.elsewhere == []


def test_search_is_keyboard_operable_and_loads_only_when_used(browser: tuple[Any, str]) -> None:
    b, base = browser
    for scheme, viewport in (("light", {"width": 1280, "height": 900}),
                             ("dark", {"width": 375, "height": 812})):
        w = Watched(b, viewport=viewport, color_scheme=scheme)
        page = w.page
        page.goto(base + "tags/")
        assert not [url for url in w.requested if "pagefind" in url]  # nothing until it is used
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "fs-search"
        page.keyboard.type("Pentagon", delay=30)
        page.locator("#fs-search-results li a").first.wait_for(timeout=10000)
        assert page.locator("#fs-search-results").is_visible()
        page.keyboard.press("ArrowDown")
        first = page.evaluate("document.activeElement.textContent")
        assert first == "Pentagon says about 10,000 North Korean troops are training in Russia"
        page.keyboard.press("Escape")
        assert page.locator("#fs-search-results").is_hidden()
        assert page.evaluate("document.activeElement.id") == "fs-search"
        page.keyboard.press("ArrowDown")  # the results again, and Enter follows the link
        page.keyboard.press("Enter")
        page.wait_for_url(base + "sheets/pentagon-10000-north-korean-troops/")
        assert w.errors == [] and w.elsewhere == []
        w.close()


def test_phone_layout_has_no_horizontal_scrolling(browser: tuple[Any, str]) -> None:
    b, base = browser
    w = Watched(b, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        for path in PAGE_KINDS:
            w.page.goto(base + path)
            overflow = w.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px"
        assert w.errors == [] and w.elsewhere == []
    finally:
        w.close()


def test_every_page_kind_loads_cleanly(browser: tuple[Any, str]) -> None:
    b, base = browser
    for scheme in ("light", "dark"):
        w = Watched(b, color_scheme=scheme)
        try:
            for path in PAGE_KINDS:
                w.page.goto(base + path)
                assert w.page.locator("h1").count() >= 1, path
                feeds = w.page.locator("link[type='application/atom+xml']")
                assert feeds.first.get_attribute("href").endswith("feeds/index.xml"), path
            assert w.errors == [], scheme
            assert not [url for url in w.requested if "sitemap" in url], scheme
            assert w.elsewhere == [], scheme
        finally:
            w.close()


def test_print_hides_navigation_and_prints_reference_urls(watched: tuple[Watched, str]) -> None:
    w, base = watched
    page = w.page
    page.goto(base + SHEET)
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".fs-toc").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('#ref-1 .fs-reference'), "
                          "'::after').content")
    assert "https://www.stripes.com/" in after
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "sheet.pdf"), format="A4")
    page.emulate_media(media="screen")


def test_screenshots(browser: tuple[Any, str]) -> None:
    b, base = browser
    ARTIFACTS.mkdir(exist_ok=True)
    shots = [("home", "", {"width": 1280, "height": 900}, "light", False),
             ("sheet-desktop", SHEET, {"width": 1280, "height": 900}, "light", True),
             ("sheet-phone", SHEET, {"width": 375, "height": 812}, "light", True),
             ("sheet-dark", SHEET, {"width": 1280, "height": 900}, "dark", False),
             ("timeline", "timeline/", {"width": 1280, "height": 900}, "light", False),
             ("series", SERIES, {"width": 1280, "height": 900}, "light", True),
             ("series-phone-dark", SERIES, {"width": 375, "height": 812}, "dark", True)]
    for name, path, viewport, scheme, full in shots:
        w = Watched(b, viewport=viewport, color_scheme=scheme)
        try:
            w.page.goto(base + path)
            w.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)
        finally:
            w.close()
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_axe_finds_no_serious_or_critical_violation(browser: tuple[Any, str]) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm install)")
    b, base = browser
    script = AXE.read_text()
    found = []
    for scheme in ("light", "dark"):
        w = Watched(b, color_scheme=scheme)
        try:
            for path in PAGE_KINDS:
                w.page.goto(base + path)
                w.page.add_script_tag(content=script)
                violations = w.page.evaluate(
                    "async () => (await axe.run(document)).violations"
                    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
                found += [f"{scheme} {path or 'home'} {v}" for v in violations]
        finally:
            w.close()
    assert found == []


def test_linkchecker_finds_no_broken_link(site: Path, tmp_path: Path) -> None:
    linkchecker = shutil.which("linkchecker") or str(Path(sys.executable).parent / "linkchecker")
    if not Path(linkchecker).exists():
        pytest.skip("LinkChecker is not installed (pip install linkchecker)")
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nthreads=4\n[filtering]\ncheckextern=0\n[AnchorCheck]\n")
    with serve(site) as base:
        result = subprocess.run(
            [linkchecker, "--config", str(config), "--no-warnings", "--no-status",
             "--ignore-url", r"^https?://(?!127\.0\.0\.1)", "--output", "text", base],
            capture_output=True, text=True, timeout=600)
    summary = [line for line in result.stdout.splitlines() if "links in" in line or "errors found" in line]
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 errors found" in result.stdout, summary


def test_nu_validator_finds_no_error_from_our_templates(site: Path) -> None:
    java = shutil.which("java")
    if not VNU.is_file() or java is None:
        pytest.skip("the Nu validator needs Java and vnu-jar (npm install)")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html",
                             "--format", "json", str(site)], capture_output=True, text=True,
                            timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    allowed = [re.compile(line.split(" || ")[0]) for line in VNU_ALLOWED.read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    unexpected = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                  for m in messages if not any(p.search(m["message"]) for p in allowed)]
    assert unexpected == []
    assert any("index.html" in m["url"] for m in messages) or messages == []


def test_feeds_parse_with_absolute_links(site: Path) -> None:
    import feedparser

    feed = feedparser.parse(str(site / "feeds/index.xml"))
    assert (feed.bozo, feed.version, len(feed.entries)) == (0, "atom10", 10)
    assert feed.feed.id == SITE_URL + "feeds/index.xml"
    assert feed.feed.updated == "2025-05-07T23:48:00+00:00"  # the newest sheet's time
    assert [e.link for e in feed.entries][:2] == [SITE_URL + SHEET,
                                                 SITE_URL + "sheets/north-korea-confirms-kursk-deployment/"]
    assert all(e.id == e.link and e.link.startswith(SITE_URL) for e in feed.entries)
    assert feed.entries[0].published == "2025-05-07T19:48:00-04:00"
    tagged = feedparser.parse(str(site / "feeds/casualties.xml"))
    assert tagged.bozo == 0 and len(tagged.entries) == 3
    assert all("casualties" in [t.term for t in e.tags] for e in tagged.entries)
    head = (site / "tags/casualties/index.html").read_text().split("</head>", 1)[0]
    assert '<link rel="alternate feed" type="application/atom+xml" title="Fact sheets: casualties" ' \
           'href="../../feeds/casualties.xml">' in head


def test_timelinejs_file_follows_the_format(site: Path) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent / "schemas/timelinejs.schema.json").read_text())
    data = json.loads((site / "data/timelinejs.json").read_text())
    jsonschema.validate(data, schema)
    events = data["events"]
    assert len(events) == 28 and len({e["unique_id"] for e in events}) == 28
    shells = [e for e in events if e["unique_id"].startswith("north-korea-shell-production-")]
    assert shells[0] == {"start_date": {"year": 2022},
                         "text": {"headline": "Shell shipments to Russia by sea begin, according to "
                                              "South Korean lawmakers",
                                  "text": "<p>Shell shipments to Russia by sea begin, according to South "
                                          "Korean lawmakers. From the fact sheet "
                                          f'<a href="{SITE_URL}{SHEET}">'
                                          "Kim Jong Un orders faster artillery shell production as arms flow "
                                          'to Russia</a>; source: <a href="https://www.stripes.com/theaters/'
                                          "asia_pacific/2025-05-07/north-korea-artillery-shells-russia-"
                                          '17710038.html">North Korea ramps up artillery shell '
                                          "production</a>.</p>"},
                         "unique_id": "north-korea-shell-production-1"}
    assert "group" not in {key for e in events for key in e}  # (one band: see exports.timelinejs_event)
    assert data["title"]["text"]["headline"] == "Fact sheets"


def test_series_data_and_json_ld_follow_the_contract(site: Path) -> None:
    data = json.loads((site / "data/series/nk-troops-russia.json").read_text())
    assert list(data)[:4] == ["series", "title", "unit", "reports"]
    assert (data["series"], data["title"], data["unit"]) == (
        "nk-troops-russia", "North Korean troops sent to Russia", "troops")
    ids = [r["id"] for r in data["reports"]]
    assert ids == ["north-korea-special-forces-to-russia#figure-1",
                   "north-korea-special-forces-to-russia#figure-2",
                   "pentagon-10000-north-korean-troops#figure-2",
                   "pentagon-10000-north-korean-troops#figure-1",
                   "north-korea-confirms-kursk-deployment#figure-1",
                   "north-korea-shell-production#figure-2"]
    second = data["reports"][1]
    assert {k: second[k] for k in ("sheet", "as_of", "value", "low", "high", "qualifier", "by", "revises",
                                   "disagrees_with")} == {
        "sheet": "north-korea-special-forces-to-russia", "as_of": "2024-10-23", "value": 3000, "low": None,
        "high": None, "qualifier": "about", "by": "South Korea's National Intelligence Service",
        "revises": ids[0], "disagrees_with": [ids[3]]}
    assert second["sources"] == [
        "https://localnews8.com/news/2024/10/23/lawmakers-south-koreas-spy-chief-says-north-korea-has-sent-"
        "another-1500-troops-to-russia/"]
    last = data["reports"][-1]
    assert (last["value"], last["low"], last["high"]) == (None, 10000, 12000)
    rows = (site / "data/series/nk-troops-russia.csv").read_text().splitlines()
    assert rows[0] == "id,sheet,label,as_of,value,low,high,qualifier,by,sources,revises,disagrees_with,quote"
    assert len(rows) == 7 and rows[1].startswith("north-korea-special-forces-to-russia#figure-1,")
    html = (site / SERIES / "index.html").read_text()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    dataset = json.loads(block)
    assert (dataset["@context"], dataset["@type"], dataset["name"]) == (
        "https://schema.org", "Dataset", "North Korean troops sent to Russia")
    assert dataset["variableMeasured"] == {
        "@type": "PropertyValue", "name": "North Korean troops sent to Russia", "unitText": "troops"}
    assert dataset["temporalCoverage"] == "2024-10-13/2025-05"
    assert dataset["url"] == SITE_URL + SERIES
    assert [d["contentUrl"] for d in dataset["distribution"]] == [
        SITE_URL + "data/series/nk-troops-russia.json", SITE_URL + "data/series/nk-troops-russia.csv"]


@pytest.mark.parametrize(("summary", "description"), [
    ("Short.", "Short."),
    ("a" * 160, "a" * 160),
    ("a" * 161, "a" * 159 + "…"),
    ("word " * 40, ("word " * 31).strip() + "…"),
    ("One, two; " + "x" * 150 + " three", "One, two…"),
])
def test_a_long_summary_is_cut_at_a_word_for_the_meta_description(summary: str, description: str) -> None:
    assert description_of(summary) == description and len(description) <= 160


def test_sheet_metadata(site: Path) -> None:
    html = (site / SHEET / "index.html").read_text()
    head = html.split("</head>", 1)[0]
    summary = ("Kim Jong Un ordered a munitions plant to speed up artillery shell production while "
               "North Korea is accused of shipping millions of shells and thousands of troops to Russia.")
    # (cut at a word before 160 characters, as search results show it; the page has it whole)
    assert ('<meta name="description" content="Kim Jong Un ordered a munitions plant to speed up '
            'artillery shell production while North Korea is accused of shipping millions of shells '
            'and thousands of…">') in head
    assert f'<p class="fs-summary">{summary}</p>' in html
    assert ('<meta property="og:title" content="Kim Jong Un orders faster artillery shell '
            'production as arms flow to Russia">') in head
    assert f'<link rel="canonical" href="{SITE_URL}{SHEET}">' in head
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Article"
    assert data["headline"] == "Kim Jong Un orders faster artillery shell production as arms flow to Russia"
    assert data["datePublished"] == "2025-05-07T19:48:00-04:00"
    assert [c["url"] for c in data["citation"]] == [
        "https://www.stripes.com/theaters/asia_pacific/2025-05-07/north-korea-artillery-shells-russia-17710038.html",
        "https://abcnews.go.com/International/wireStory/north-korean-leader-urges-increased-artillery-shell-production-121542891",
    ]
    assert data["about"][1] == {"@type": "QuantitativeValue", "name": "North Korean troops sent to Russia",
                                "minValue": 10000, "maxValue": 12000, "unitText": "troops"}
    assert data["about"][0] == {"@type": "QuantitativeValue",
                                "name": "Artillery shells shipped to Russia by sea since 2022",
                                "maxValue": 6000000, "description": "up to 6 million shells",
                                "unitText": "shells"}
    footer = html.split('class="md-copyright"', 1)[1]
    assert "https://github.com/example/factsheets" in footer


# Every target a reader taps, measured: at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8), save
# links inside a sentence, which the rule exempts (their size is the line's).
_SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, summary, [role=button]')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    const parent = el.parentElement;
    const own = (el.textContent || '').trim().length;
    if (style.display === 'inline' && parent
        && parent.closest('p, li, td, dd, blockquote, figcaption, .fs-note')
        && (parent.textContent || '').trim().length > own) continue;
    if (box.width < 24 || box.height < 24) {
      const text = (el.textContent || el.value || '').trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${text}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_every_target_is_at_least_24_pixels(browser: tuple[Any, str], width: int) -> None:
    b, base = browser
    w = Watched(b, viewport={"width": width, "height": 900})
    try:
        for path in ("", SHEET, SERIES, "timeline/"):
            w.page.goto(base + path)
            small = w.page.evaluate(_SMALL_TARGETS)
            assert small == [], "\n".join([path, *small])
    finally:
        w.close()
