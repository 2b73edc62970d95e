"""The render stage's parts, one at a time, on a small checked site: what a reader or a data
user gets of each (addresses, data rows, feed entries, search records, series notes, the
chart), and where each sheet goes on the site-wide pages."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from generator.model import Site
from generator.pipeline import load_site
from generator.read.content import Settings
from generator.render import chart, exports, feeds, search_records
from generator.render.environment import ROOT, absolute, make_environment, root_of, rooted
from generator.render.layout import lay_out
from generator.render.listing import make_listing, placement
from generator.render.series_pages import index_row, notes, notes_key
from generator.render.sheet import own_files, owner, render_fragments

from .conftest import REPO, write_tree

WIRE = """\
{headline}
{dateline}
North Korea sent about {count} troops to Russia, {by} said [1].
References:
[1] https://example.com/{slug}
"""
FIGURES = """\
tags: [{tags}]
figures:
  - {{label: Troops sent, value: {count}, qualifier: about, unit: troops, source: 1,
     series: troops, by: {by}, quote: "about {count} troops"}}
events:
  - {{date: {event}, title: Troops arrive, source: 1}}
"""
OCT_14, OCT_23 = "Monday, October 14, 2024 9:00 am UTC", "Wednesday, October 23, 2024 9:00 am UTC"
SHEETS = {  # slug: headline, dateline, count, by, tags, event date
    "alpha": ("First count", OCT_14, "1,500", "Seoul", "troops", "2024-10"),
    "beta": ("Second count", OCT_23, "3,000", "Seoul", "troops, war", "2024"),
    "gamma": ("Third count", OCT_23, "10,000", "Kyiv", "war", "2024-10-20"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    content: dict[str, str | bytes] = {}
    for slug, (headline, dateline, count, by, tags, event) in SHEETS.items():
        content[f"articles/{slug}.txt"] = WIRE.format(headline=headline, dateline=dateline, count=count,
                                                     by=by, slug=slug)
        content[f"articles/{slug}.yaml"] = FIGURES.format(count=count.replace(",", ""), by=by, tags=tags,
                                                         event=event).replace('"about 1500', '"about 1,500') \
            .replace('"about 3000', '"about 3,000').replace('"about 10000', '"about 10,000')
    root = write_tree(tmp_path_factory.mktemp("render") / "content", content)
    made, problems = load_site(Settings(root))
    assert made is not None, problems.sorted()
    return made


def _sheet(site: Site, slug: str):  # type: ignore[no-untyped-def]
    return next(s for s in site.sheets if s.slug == slug)


ENV = make_environment(REPO / "templates")
FLAT = make_environment(REPO / "templates", directory_urls=False)


def test_addresses_lead_back_to_the_root_from_where_a_page_is_served() -> None:
    assert root_of(ENV, "index.md") == ""
    assert root_of(ENV, "tags/war.md") == "../../"  # served as tags/war/
    assert root_of(FLAT, "tags/war.md") == "../"
    assert rooted(ENV, f'<a href="{ROOT}sheets/a/">', "sheets/b.md") == '<a href="../../sheets/a/">'
    assert absolute("https://example.org/facts/", "sheets/a/") == "https://example.org/facts/sheets/a/"
    assert feeds.site_path(ENV, "sheets/a") == "sheets/a/"
    assert feeds.site_path(FLAT, "sheets/a") == "sheets/a.html"


def test_a_sheet_owns_its_page_and_two_data_files() -> None:
    assert own_files("alpha") == ("sheets/alpha.md", "data/alpha.json", "data/alpha.csv")
    assert {owner(name) for name in own_files("alpha")} == {"alpha"}


def test_layout_puts_sheets_newest_first_ties_by_slug_and_events_in_time_order(site: Site) -> None:
    listings = [make_listing(s, render_fragments(ENV, s)) for s in site.sheets]
    layout = lay_out(reversed(listings), [])
    assert layout.sheets == ["beta", "gamma", "alpha"]
    assert dict(layout.tags) == {"troops": ["beta", "alpha"], "war": ["beta", "gamma"]}
    # a year before its months, a month before its days, then each article's publication
    timeline = [(slug, slot) for slug, slot in zip(layout.event_slugs, layout.event_slots, strict=True)]
    assert timeline[0] == ("beta", 0) and timeline[1] == ("alpha", 0)
    assert [(y, b - a) for y, a, b in layout.years] == [(2024, 6)]


def test_a_listing_changes_version_when_what_the_listings_show_changes(site: Site) -> None:
    alpha = _sheet(site, "alpha")
    fragments = render_fragments(ENV, alpha)
    one = make_listing(alpha, fragments)
    assert make_listing(alpha, fragments) == one
    retagged = alpha._replace(tags=("other",))
    moved = make_listing(retagged, render_fragments(ENV, retagged))
    assert moved.version != one.version and placement(moved) != placement(one)
    assert [r.id for r in one.reports] == ["alpha#figure-1"]


def test_data_rows_hold_each_figure_as_a_data_user_reads_it(site: Site) -> None:
    gamma = _sheet(site, "gamma")
    rows = list(csv.DictReader(io.StringIO(exports.figure_csv_rows(None) + exports.figure_csv_rows(gamma))))
    assert len(rows) == 1
    assert (rows[0]["label"], rows[0]["value"], rows[0]["qualifier"], rows[0]["unit"]) == (
        "Troops sent", "10000", "about", "troops")
    data = json.loads(exports.sheet_json(gamma))
    assert data["figures"][0]["by"] == "Kyiv"
    assert data["references"] == [{"number": 1, "url": "https://example.com/gamma", "status": "unchecked",
                                   "final_url": None, "read": None, "archived": None}]
    assert data["figures"][0]["evidence"] == {"status": "unchecked", "passages": []}


def test_a_feed_entry_is_atom_with_the_sheet_s_figures(site: Site) -> None:
    entry = feeds.feed_entry(ENV, _sheet(site, "beta"), "https://example.org/sheets/beta/")
    feed = feeds.render_feed([entry], "2024-10-23T09:00:00+00:00", name="feeds/index.xml", title="Facts",
                             site_url="https://example.org/", alternate="", root="../", author="Desk")
    atom = "{http://www.w3.org/2005/Atom}"
    parsed = ET.fromstring(feed)
    assert [e.findtext(f"{atom}title") for e in parsed.iter(f"{atom}entry")] == ["Second count"]
    assert "about 3,000 troops: Troops sent" in (parsed.find(f"{atom}entry/{atom}content").text or "")


def test_search_records_are_found_by_title_figures_and_tags_and_stay_in_their_bundle(site: Site) -> None:
    record = json.loads(search_records.sheet_record(_sheet(site, "beta"), "sheets/beta/"))
    assert record["url"] == "sheets/beta/" and record["title"] == "Second count"
    assert "Troops sent about 3,000 troops Seoul" in record["content"] and "troops war" in record["content"]
    assert search_records.bundles_for(2500) == 1 and search_records.bundles_for(2501) == 2
    assert {search_records.bundle_of("sheets/beta/", 5) for _ in range(3)} == {
        search_records.bundle_of("sheets/beta/", 5)}


def test_series_notes_say_what_each_card_shows_of_its_series(site: Site) -> None:
    (series,) = site.series
    shown = notes([series])
    assert shown["alpha"][1].later is not None and shown["alpha"][1].later.sheet == "gamma"
    assert shown["beta"][1].revised is not None and shown["beta"][1].revised.value == "about 1,500"
    assert [s.sheet for s in shown["gamma"][1].disagrees] == ["alpha", "beta"]
    assert notes_key(shown["alpha"]) != notes_key(shown["beta"]) and notes_key(None) == ""
    row = index_row(series)
    assert (row.reports, row.first, row.last, row.latest, row.by) == (3, "14 Oct 2024", "23 Oct 2024",
                                                                     "about 10,000 troops", "Kyiv")


def test_the_chart_links_every_report_with_a_name_a_screen_reader_reads(site: Site) -> None:
    (series,) = site.series
    svg = str(chart.chart_svg(series, lambda r: f"#{r.sheet}", "t"))
    assert svg.count('href="#') == 3
    assert "about 3,000 troops, 23 Oct 2024, Seoul" in svg


def test_fragments_carry_root_where_the_way_back_goes(site: Site) -> None:
    fragments = render_fragments(ENV, _sheet(site, "alpha"), "https://example.org/")
    assert f'{ROOT}sheets/alpha/' in fragments.card
    assert all(ROOT in line for line in fragments.event_lines)
    assert "https://example.org/sheets/alpha/" in fragments.feed_entry

