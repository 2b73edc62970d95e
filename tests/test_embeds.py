"""Embeds: a figure card or a series chart in a page of someone else's (served from another
host, 127.0.0.2), the embed code a reader copies (visible without script, copied by a
button, keyboard-operable), the chart's description written from the data, and the chart's
SVG and PNG downloads drawn at build time."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from PIL import Image

from generator.model import PartialDate, Report, ReportInSeries, Series
from generator.render import embeds, exports

from .browser import chromium, need_browser, serve, serve_elsewhere
from .conftest import REPO, build_at, make_project

AXE = REPO / "node_modules/axe-core/axe.min.js"
SITE_URL = "https://desk.example.org/facts/"
SHEET = "north-korea-shell-production"
SERIES = "nk-troops-russia"
# Written from the series' six reports: count and span, where the value went, and the first
# two of the three places where sources disagree.
TROOPS = ("6 reports, 13 October 2024 to May 2025: the figure rose from about 1,500 troops on "
          "13 October 2024 to 10,000–12,000 troops in May 2025. Sources disagree on 23 October 2024: "
          "about 1,500 (South Korea's National Intelligence Service) against at least 3,000 (the White "
          "House). Sources disagree on 28 October 2024: about 1,500 (South Korea's National Intelligence "
          "Service) against about 10,000 (the Pentagon). They disagree 1 more time.")


def _example(root: Path) -> Path:
    make_project(root)
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with its address known (site_url), as the publishing workflow builds it."""
    return build_at(_example(tmp_path_factory.mktemp("published")), SITE_URL)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site without site_url: embed codes are made absolute in the reader's browser."""
    return build_at(_example(tmp_path_factory.mktemp("local")))


def _snippets(page: Path) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<textarea[^>]*class="fs-snippet"[^>]*>(.*?)</textarea>',
                                                  page.read_text(), re.S)]


def test_every_figure_and_series_has_an_embed_page_and_an_embed_code(published: Path) -> None:
    sheet = published / f"sheets/{SHEET}/index.html"
    snippets = _snippets(sheet)
    figures = len(re.findall(r'<div class="fs-figure" id="figure-\d+">', sheet.read_text()))
    assert len(snippets) == figures == 5
    assert snippets[0] == (
        f'<iframe src="{SITE_URL}embed/sheets/{SHEET}/figure-1.html" title="Artillery shells shipped to '
        'Russia by sea since 2022: up to 6 million shells (Fact sheets)" width="100%" height="320" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>')
    for n in range(1, 6):
        assert (published / f"embed/sheets/{SHEET}/figure-{n}.html").is_file()
    for page in sorted((published / "series").glob("*/index.html")):
        slug = page.parent.name
        [snippet] = _snippets(page)
        assert f'src="{SITE_URL}embed/series/{slug}.html"' in snippet
        assert (published / f"embed/series/{slug}.html").is_file()
        assert f'href="../../charts/{slug}.svg"' in page.read_text()
        assert f'href="../../charts/{slug}.png"' in page.read_text()


def test_a_figure_embed_shows_the_card_and_links_back(published: Path) -> None:
    page = (published / f"embed/sheets/{SHEET}/figure-1.html").read_text()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1]))).strip()
    assert text == ('class="fs-embed"> up to 6 million shells Artillery shells shipped to Russia by sea '
                    "since 2022 Stated by South Korean lawmakers; source: North Korea ramps up artillery "
                    "shell production Kim Jong Un orders faster artillery shell production as arms flow to "
                    "Russia · Fact sheets")
    assert f'<a href="{SITE_URL}sheets/{SHEET}/#figure-1">' in page
    assert '<base target="_blank">' in page and "<script" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_chart_description_is_written_from_the_data(published: Path) -> None:
    page = (published / f"embed/series/{SERIES}.html").read_text()
    assert f'<p id="chart-description" class="fs-description">{escape(TROOPS)}</p>' in page
    assert 'aria-describedby="chart-description"' in page


def test_the_chart_downloads_are_an_svg_and_a_png_with_title_and_description(published: Path) -> None:
    svg = ET.parse(published / f"charts/{SERIES}.svg").getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.findtext("s:title", namespaces=ns) == "North Korean troops sent to Russia"
    assert svg.findtext("s:desc", namespaces=ns) == TROOPS
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "North Korean troops sent to Russia"
    assert texts[-1] == f"Fact sheets: 6 reports from news articles · {SITE_URL}series/{SERIES}/"
    assert len(svg.findall(".//s:a", ns)) == 6  # a mark a report, each a link to its card
    with Image.open(published / f"charts/{SERIES}.png") as png:
        assert png.format == "PNG" and png.width == 1200
        assert 850 <= png.height <= 950
        colours = png.convert("RGB").getcolors(1 << 16) or []
    assert (63, 81, 181) in {c for _, c in colours}  # the marks are drawn, in the chart's blue
    assert (31, 31, 31) in {c for _, c in colours}  # and the title's ink (text was drawn)


@pytest.fixture(scope="module")
def browser(local: Path) -> Iterator[tuple[Any, str]]:
    need_browser()
    with serve(local) as base, chromium() as b:
        yield b, base


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 640])
def test_a_figure_and_a_chart_embed_in_someone_elses_page(browser: tuple[Any, str], width: int,
                                                          tmp_path: Path) -> None:
    """The reader copies the codes from the site (made absolute by the page's script), pastes
    them into a page on another host: each embed shows whole at its height, asks nothing of
    any host but the site's, and its links open the site in a new tab."""
    b, base = browser
    context = b.new_context(viewport={"width": width + 40, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        codes = []
        for path in (f"sheets/{SHEET}/", f"series/{SERIES}/"):
            page.goto(base + path)
            codes.append(page.locator(".fs-snippet").first.input_value())
        assert codes[0].startswith(f'<iframe src="{base}embed/sheets/{SHEET}/figure-1.html"')
        assert codes[1].startswith(f'<iframe src="{base}embed/series/{SERIES}.html"')
        (tmp_path / "index.html").write_text(f'<!doctype html><html lang="en"><title>A blog</title>'
                                             f'<body style="margin:0;width:{width}px"><p>Our post.</p>'
                                             f"{codes[0]}{codes[1]}</body></html>")
        with serve_elsewhere(tmp_path) as blog:
            requested.clear()
            page.goto(blog)
            page.wait_for_load_state("networkidle")
            frames = [f for f in page.frames if f != page.main_frame]
            assert len(frames) == 2
            for frame, code in zip(frames, codes, strict=True):
                height = int(re.search(r'height="(\d+)"', code).group(1))  # type: ignore[union-attr]
                content = frame.evaluate("document.documentElement.scrollHeight")
                assert content <= height, f"{frame.url}: {content} px of content in {height} px"
                assert height - content < 160, f"{frame.url}: {height - content} px left empty"
                assert frame.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # its own CSS
            assert frames[0].locator(".fs-value").inner_text() == "up to 6 million shells"
            assert frames[1].locator("svg.fs-chart a").count() == 6
            hosts = {re.match(r"https?://[^/]+", url).group(0) for url in requested}  # type: ignore[union-attr]
            assert hosts == {blog.rstrip("/"), base.split("/factsheets/")[0]}
            with context.expect_page() as opened:
                frames[0].locator(".fs-credit a").click()
            assert opened.value.url == f"{base}sheets/{SHEET}/#figure-1"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_embed_pages_pass_axe_in_light_and_dark(browser: tuple[Any, str]) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm install)")
    b, base = browser
    found = []
    for scheme in ("light", "dark"):
        context = b.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            for path in (f"embed/sheets/{SHEET}/figure-1.html", f"embed/series/{SERIES}.html"):
                page.goto(base + path)
                page.add_script_tag(content=AXE.read_text())
                found += [f"{scheme} {path} {v}" for v in page.evaluate(
                    "async () => (await axe.run(document)).violations"
                    ".map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")]
        finally:
            context.close()
    assert found == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_embed_code_is_copied_by_keyboard(browser: tuple[Any, str]) -> None:
    b, base = browser
    context = b.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.split("/factsheets/")[0])
    try:
        page = context.new_page()
        page.goto(f"{base}sheets/{SHEET}/")
        summary = page.locator("#figure-1 .fs-embed-code summary")
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("#figure-1 .fs-embed-code").get_attribute("open") == ""
        page.keyboard.press("Tab")  # the preview link
        page.keyboard.press("Tab")  # the snippet
        assert page.evaluate("document.activeElement.id") == "embed-1"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Copy embed code"
        page.keyboard.press("Enter")
        page.locator("#figure-1 .fs-copy-status").filter(has_text="Copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#embed-1").input_value()
        assert copied.startswith(f'<iframe src="{base}embed/sheets/{SHEET}/figure-1.html"')
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_without_script_the_embed_code_is_a_visible_snippet(browser: tuple[Any, str]) -> None:
    b, base = browser
    context = b.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}series/{SERIES}/")
        page.locator(".fs-embed-code summary").focus()
        page.keyboard.press("Enter")
        snippet = page.locator("#embed-chart")
        assert snippet.is_visible()
        assert snippet.input_value().startswith(f'<iframe src="../../embed/series/{SERIES}.html"')
        assert page.locator(".fs-copy").count() == 0
    finally:
        context.close()


def _report(n: int, value: tuple[float, ...], when: PartialDate, by: str = "") -> ReportInSeries:
    report = Report("s", f"sheet-{n}", 1, "Label", value, "", "troops", when, by, (), "", "Title", "p", 1, 1,
                    (1, 1))
    return ReportInSeries(report, n, None, ())


def _series(*reports: ReportInSeries) -> Series:
    return Series("s", "Troops", "", "troops", reports, None)


@pytest.mark.parametrize(("values", "said"), [
    ([(3000,)], "One report: 3,000 troops on 1 May 2025, stated by the ministry."),
    ([(3000,), (1200,)], "2 reports, 1 May 2025 to June 2025: the figure fell from 3,000 troops on "
                         "1 May 2025 to 1,200 troops in June 2025."),
    ([(3000,), (3000,)], "2 reports, 1 May 2025 to June 2025: the figure was 3,000 troops on 1 May 2025 "
                         "and 3,000 troops in June 2025."),
    ([(1000,), (9000, 12000), (5000,)], "3 reports, 1 May 2025 to 2026: the figure rose from 1,000 troops "
                                        "on 1 May 2025 to 5,000 troops in 2026, with a high of 9,000–12,000 "
                                        "in June 2025."),
])
def test_a_chart_description_says_where_the_figure_went(values: list[tuple[float, ...]], said: str) -> None:
    dates = [PartialDate(2025, 5, 1), PartialDate(2025, 6), PartialDate(2026)]
    reports = [_report(i + 1, v, dates[i], "the ministry" if len(values) == 1 else "")
               for i, v in enumerate(values)]
    assert embeds.chart_description(_series(*reports)) == said


def test_the_timelinejs_zoom_spreads_out_the_crowded_weeks_that_one_early_event_squeezes() -> None:
    weeks = [f"2024-10-{day:02d}" for day in range(1, 29, 3)]  # ten events in four weeks
    assert exports.timelinejs_zoom(weeks[:5]) == 2  # few events: TimelineJS's own default
    assert exports.timelinejs_zoom(weeks) == 2  # they spread over the screen
    # A treaty of 1961 makes the axis 64 years long: four weeks are 5 px at the default zoom
    assert exports.timelinejs_zoom(["1961-07-11", *weeks]) == 10
    assert exports.timelinejs_zoom(["2014-07-11", *weeks]) == 7


def test_embeds_false_makes_no_embed_page_and_no_embed_code(tmp_path: Path) -> None:
    root = _example(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("embeds: true", "embeds: false"))
    site = build_at(root, SITE_URL)
    assert not (site / "embed").exists()
    assert "fs-snippet" not in (site / f"sheets/{SHEET}/index.html").read_text()
    assert "embed-chart" not in (site / f"series/{SERIES}/index.html").read_text()
    assert (site / f"charts/{SERIES}.png").is_file()  # the downloads stay
