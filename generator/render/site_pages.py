"""The site-wide pages and data files (home and archive, tags, feeds, timeline, series, search
records, hand-written pages, the data exports), assembled from the sheets' Fragments as the
Layout places them. Each is planned as a SitePage whose key names everything it is made from,
and rendered only when asked for: the caller decides which need it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from jinja2 import Environment
from markupsafe import Markup

from generator.model import Page, Series
from generator.render.embeds import (
    CHART_FILES,
    chart_embed,
    chart_embed_name,
    chart_files,
    chart_png,
    figure_embed_names,
)
from generator.render.environment import absolute, root_of, rooted
from generator.render.exports import (
    event_csv_row,
    figure_csv_rows,
    series_csv,
    series_json,
    timelinejs_embed,
    timelinejs_head,
    timelinejs_zoom,
)
from generator.render.feeds import FEED_SIZE, render_feed, site_path
from generator.render.layout import Layout, about_pages, key_of, page_key
from generator.render.listing import Listing
from generator.render.prose import render_markdown
from generator.render.rows import RowsFile
from generator.render.search_records import bundle_of, bundles_for, record
from generator.render.series_pages import IndexRow, render_series_index, render_series_page
from generator.render.sheet import Fragments
from generator.render.social_cards import series_card_of, sheet_card
from generator.render.sources_page import (
    gather_sources,
    source_record,
    sources_csv,
    sources_json,
    sources_pages,
)

PAGE_SIZE = 50  # sheets on the home page and on each archive or tag page

TIMELINE_PAGE = 300  # events shown on one timeline page before it splits by year

LATEST_EVENTS = 100  # events on the timeline page once it has split

YEAR_PAGE = 200  # events on each page of a year, once the timeline has split


class _Events:
    """Every event of the site in timeline order, and the ranges of each year, newest first."""

    def __init__(self, layout: Layout, fragments: Mapping[str, Fragments]) -> None:
        self.slugs = layout.event_slugs
        self._slots = layout.event_slots
        self.years = layout.years
        self._fragments = fragments

    def lines(self, start: int, end: int) -> list[str]:
        return self._field(0, start, end)

    def csv_rows(self) -> list[str]:
        return self._field(1, 0, len(self))

    def json(self) -> list[str]:
        return self._field(2, 0, len(self))

    def timelinejs(self) -> list[str]:
        return self._field(3, 0, len(self))

    # the Fragments field of each event's line, CSV row, JSON entry and TimelineJS entry
    _FIELDS = tuple(Fragments._fields.index(name) for name in (
        "event_lines", "event_csv", "event_json", "event_timelinejs"))

    def field(self, field: int, i: int) -> str:
        """Event i's line, CSV row, JSON entry or TimelineJS entry (field 0, 1, 2 or 3)."""
        return self._fragments[self.slugs[i]][self._FIELDS[field]][self._slots[i]]

    def _field(self, field: int, start: int, end: int) -> list[str]:
        slugs = self.slugs[start:end]
        at = self._FIELDS[field]
        unpacked = {slug: self._fragments[slug][at] for slug in set(slugs)}
        return [unpacked[slug][slot] for slug, slot in zip(slugs, self._slots[start:end], strict=True)]

    def __len__(self) -> int:
        return len(self.slugs)


@dataclass(frozen=True)
class SitePage:
    """A site-wide file, rendered only when asked: `key` names everything it is made from, so
    a file whose key has not changed since the last run need not be rendered again."""

    name: str
    key: str
    render: Callable[[], str | bytes]  # (bytes: an image)
    # An image, slow to draw (11 to 120 ms): `draw`, called here, gives a callable that draws
    # it and can be sent to another process, so that many are drawn by worker processes
    draw: Callable[[], Callable[[], bytes]] | None = None


class PageKey(Protocol):
    """The key of the page `name` that shows the sheets `slugs` and `parts` besides."""

    def __call__(self, name: str, slugs: Sequence[str], *parts: object) -> str: ...


def fresh_key(versions: Mapping[str, str]) -> PageKey:
    """Page keys made from the versions of the sheets a page shows, and its other parts."""
    def key(name: str, slugs: Sequence[str], *parts: object) -> str:
        return key_of(map(versions.__getitem__, slugs), *parts)
    return key


def plan_site_pages(env: Environment, listings: Iterable[Listing], layout: Layout,
                    fragments: Mapping[str, Fragments], pages: Sequence[Page], site_name: str, *,
                    key: PageKey | None = None, series_rows: Mapping[str, IndexRow] | None = None,
                    series_keys: Mapping[str, str] | None = None,
                    series_of: Callable[[str], Series] | None = None, site_url: str = "",
                    author: str = "", cards: bool = False) -> list[SitePage | RowsFile]:
    """The site-wide pages and exports of the sheets' `listings`, placed by `layout`, made from
    their `fragments` (by slug). `key` names what each page is made from (by default, from
    scratch); `series_rows` are the series' lines on the index of series and `series_keys` the
    keys of their pages, made from `series_of(slug)` when rendered. `author` is who publishes
    the site (the feeds' author; by default its name); `cards` whether sheets and series get
    social cards."""
    listed = {listing.slug: listing for listing in listings}
    versions = {slug: s.version for slug, s in listed.items()}
    key = key or fresh_key(versions)
    rows = series_rows or {}
    plan: list[SitePage | RowsFile] = []
    plan += _paginate(env, layout.sheets, key, fragments, "index.md", "archive/{n}.md",
                      site_name=site_name, pages=pages, about=about_pages(pages))
    counts = [(tag, len(sheets)) for tag, sheets in layout.tags]
    plan.append(SitePage("tags/index.md", page_key(counts), lambda: env.get_template(
        "tags.md.j2").render(tags=counts)))
    for tag, sheets in layout.tags:
        plan += _paginate(env, sheets, key, fragments, f"tags/{tag}.md", f"tags/{tag}/{{n}}.md", tag=tag)
    plan += _feeds(env, layout, key, fragments, listed, site_name, site_url, author or site_name)
    events = _Events(layout, fragments)
    def days() -> list[str]:  # each event's first day, from its sort key
        return [listed[s].event_keys[k][:10] for s, k in zip(events.slugs, layout.event_slots, strict=True)]

    plan += _timeline(env, events, key, days, functools.partial(_timelinejs_code, env, site_url, days))
    if series_of is not None:
        plan += _series_pages(env, rows, series_keys or {}, series_of, site_url)
    if cards:
        plan += _cards(listed, series_keys or {}, series_of, site_name)
    plan += _embeds(env, listed, fragments, series_keys or {}, series_of, site_url, site_name)
    plan += _search_records(env, layout.sheets, versions, fragments, rows)
    plan += _sources(env, listed)
    for page in pages:
        plan.append(SitePage(f"pages/{page.name}.md", page_key(page.title, page.body),
                             functools.partial(_hand_written, env, page)))
    # The data files hold every sheet's rows: a change to any sheet's fragments changes them
    # (a change to its text alone does not).
    slugs = layout.sheets
    everything = key_of(map(versions.__getitem__, slugs))
    plan.append(RowsFile(
        "data/figures.csv", everything, layout.sheet_order, figure_csv_rows(None), "", "", slugs,
        rows=lambda: [fragments[slug].figure_rows for slug in slugs],
        row=lambda i: fragments[slugs[i]].figure_rows))
    plan.append(RowsFile(
        "data/events.csv", everything, layout.event_order, event_csv_row(None), "", "", events.slugs,
        rows=events.csv_rows, row=functools.partial(events.field, 1)))
    plan.append(RowsFile(
        "data/timeline.json", everything, layout.event_order, "[\n", ",\n", "\n]\n", events.slugs,
        rows=events.json, row=functools.partial(events.field, 2)))
    plan.append(RowsFile(
        "data/timelinejs.json", everything, layout.event_order, timelinejs_head(site_name), ",\n",
        "\n]}\n", events.slugs, rows=events.timelinejs, row=functools.partial(events.field, 3)))
    return plan


def _feeds(env: Environment, layout: Layout, key: PageKey, fragments: Mapping[str, Fragments],
           listed: dict[str, Listing], site_name: str, site_url: str, author: str) -> list[SitePage]:
    """The site's feed of the newest sheets, and one per tag."""
    plan = []
    for name, sheets, title, alternate, root in (
        ("feeds/index.xml", layout.sheets, site_name, "", "../"),
        *((f"feeds/{tag}.xml", sheets, f"{site_name}: {tag}", site_path(env, f"tags/{tag}"), "../")
          for tag, sheets in layout.tags),
    ):
        chunk = sheets[:FEED_SIZE]

        def render(chunk: Sequence[str] = chunk, name: str = name, title: str = title,
                   alternate: str = alternate, root: str = root) -> str:
            newest = _rfc3339(listed[chunk[0]].timestamp) if chunk else ""
            return render_feed([fragments[slug].feed_entry for slug in chunk], newest, name=name,
                               title=title, site_url=site_url, alternate=alternate, root=root,
                               author=author)

        plan.append(SitePage(name, key(name, chunk, title, site_url, author), render))
    return plan


def _sources(env: Environment, listed: Mapping[str, Listing]) -> list[SitePage]:
    """The sources pages and data, keyed by the digests of the sheets' uses in their listings."""
    slugs = sorted(listed)
    sources = gather_sources(use for slug in slugs for use in listed[slug].sources)
    digests = {slug: listed[slug].sources_digests[0] for slug in slugs}
    plan = [SitePage(name, key, render) for name, key, render in sources_pages(env, sources, digests)]
    data = key_of(listed[slug].sources_digests[1] for slug in slugs)
    records = functools.cache(lambda: [source_record(s) for s in sources])  # (the JSON's and the CSV's)
    plan.append(SitePage("data/sources.json", data, lambda: sources_json(records())))
    plan.append(SitePage("data/sources.csv", data, lambda: sources_csv(records())))
    return plan


def _search_records(env: Environment, sheets: Sequence[str], versions: Mapping[str, str],
                    fragments: Mapping[str, Fragments], series: Mapping[str, IndexRow]) -> list[SitePage]:
    """The search records, in bundles (see generator/site/search.py): every sheet, and every
    series by its title and summary."""
    count = bundles_for(len(sheets) + len(series))
    members: list[list[str]] = [[] for _ in range(count)]
    for slug in sheets:
        members[bundle_of(site_path(env, "sheets/" + slug), count)].append(slug)
    extra: list[list[str]] = [[] for _ in range(count)]
    for slug, row in series.items():
        url = site_path(env, "series/" + slug)
        extra[bundle_of(url, count)].append(record(url, row.title, f"{row.title}. {row.summary}"))
    plan = []
    for bundle in range(count):
        chunk, more = members[bundle], extra[bundle]

        def render(chunk: list[str] = chunk, more: list[str] = more) -> str:
            return "".join(line + "\n" for line in [fragments[slug].search_record for slug in chunk] + more)

        name = f"search/{bundle}.jsonl"
        # (keyed in full: the series records can change while no sheet of the bundle does)
        digest = key_of(map(versions.__getitem__, chunk), name, more, count)
        plan.append(SitePage(name, digest, render))
    return plan


def _rfc3339(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat()


def _series_pages(env: Environment, series: Mapping[str, IndexRow], keys: Mapping[str, str],
                  series_of: Callable[[str], Series], site_url: str) -> list[SitePage]:
    """A page and two data files per series (each rendered only when its key changed, from the
    series computed then), and the index of all series."""
    rows = list(series.values())
    plan = [SitePage("series/index.md", page_key(rows), functools.partial(render_series_index, env, rows))]
    for slug in series:
        plan += [SitePage(name, keys[slug],
                          functools.partial(_series_file, kind, env, series_of, slug, site_url))
                 for kind, name in (("page", f"series/{slug}.md"), ("json", f"data/series/{slug}.json"),
                                    ("csv", f"data/series/{slug}.csv"))]
    return plan


def _cards(listed: Mapping[str, Listing], series_keys: Mapping[str, str],
           series_of: Callable[[str], Series] | None, site_name: str) -> list[SitePage]:
    """A social card per sheet and per series, drawn only when what it shows changed."""
    plan = []
    for slug, listing in listed.items():
        card = functools.partial(sheet_card, site_name, *listing.card)  # (plain values: it can be sent)
        plan.append(SitePage(f"cards/sheets/{slug}.png", page_key(site_name, *listing.card), card,
                             draw=functools.partial(_itself, card)))
    if series_of is not None:
        for slug, key in series_keys.items():
            series_card = functools.partial(_series_card, series_of, site_name, slug)
            plan.append(SitePage(f"cards/series/{slug}.png", page_key(site_name, key),
                                 functools.partial(_drawn, series_card), draw=series_card))
    return plan


def _itself(draw: Callable[[], bytes]) -> Callable[[], bytes]:
    return draw


def _drawn(draw: Callable[[], Callable[[], bytes]]) -> bytes:
    return draw()()


def _series_card(series_of: Callable[[str], Series], site_name: str, slug: str) -> Callable[[], bytes]:
    """What draws a series' card: its series made here, to be sent along."""
    return functools.partial(series_card_of, site_name, series_of(slug))


def _embeds(env: Environment, listed: Mapping[str, Listing], fragments: Mapping[str, Fragments],
            series_keys: Mapping[str, str], series_of: Callable[[str], Series] | None, site_url: str,
            site_name: str) -> list[SitePage]:
    """An embed page per figure (rendered with its sheet) and per series chart, unless embeds
    are off, and each chart's downloads."""
    embeds = env.globals["embeds"]
    # (a figure's embed is part of its sheet's Fragments: the sheet's version is its key; 50,000
    # at 10,000 sheets, so no key is hashed for them)
    plan = [SitePage(name, listing.version, functools.partial(_embed_of, fragments, slug, i))
            for slug, listing in listed.items() if embeds
            for i, name in enumerate(figure_embed_names(slug, listing.figures))]
    if series_of is None:
        return plan
    for slug, series_key in series_keys.items():
        # (the series is made once, for whichever of its files are rendered)
        files = functools.cache(functools.partial(_chart_files, env, series_of, slug, site_url, site_name))
        names = [pattern.format(slug=slug) for pattern in CHART_FILES]
        plan += [SitePage(name, page_key(site_name, series_key), functools.partial(_file_of, files, name),
                          draw=functools.partial(_png_of, files, names[0]) if name.endswith(".png") else None)
                 for name in [chart_embed_name(slug)] * bool(embeds) + names]
    return plan


def _file_of(files: Callable[[], dict[str, Callable[[], str | bytes]]], name: str) -> str | bytes:
    return files()[name]()


def _png_of(files: Callable[[], dict[str, Callable[[], str | bytes]]], svg: str) -> Callable[[], bytes]:
    """What draws a chart's PNG: its SVG made here, to be sent along."""
    return functools.partial(chart_png, str(files()[svg]()))


def _embed_of(fragments: Mapping[str, Fragments], slug: str, i: int) -> str:
    return fragments[slug].embeds[i]


def _chart_files(env: Environment, series_of: Callable[[str], Series], slug: str, site_url: str,
                 site_name: str) -> dict[str, Callable[[], str | bytes]]:
    """A series' chart embed page and downloads, by name, each made when called."""
    series = series_of(slug)
    files = chart_files(env, series, site_url, site_name)
    files[chart_embed_name(slug)] = lambda: chart_embed(env, series, site_url, site_name)
    return files


def _series_file(kind: str, env: Environment, series_of: Callable[[str], Series], slug: str,
                 site_url: str) -> str:
    one = series_of(slug)
    if kind == "page":
        return render_series_page(env, one, site_url)
    return series_json(one) if kind == "json" else series_csv(one)


def _hand_written(env: Environment, page: Page) -> str:
    return env.get_template("page.md.j2").render(
        title=page.title, body=Markup(render_markdown(page.body, relative_links=True)))


def _paginate(env: Environment, sheets: Sequence[str], key: PageKey, fragments: Mapping[str, Fragments],
              first: str, later: str, **context: object) -> list[SitePage]:
    """A list of sheets on pages of PAGE_SIZE: the first at `first`, then `later` (n = 2, 3 ...)."""
    template = env.get_template("tag.md.j2" if "tag" in context else "home.md.j2")
    count = max(1, -(-len(sheets) // PAGE_SIZE))
    names = [first] + [later.format(n=n) for n in range(2, count + 1)]
    plan = []
    for n, name in enumerate(names, 1):
        chunk = sheets[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]

        def render(name: str = name, n: int = n, chunk: Sequence[str] = chunk) -> str:
            return template.render(
                cards=[rooted(env, fragments[slug].entry if "tag" in context else fragments[slug].card, name)
                       for slug in chunk],
                total=len(sheets),
                number=n, count=count, root="../" * name.count("/"),
                previous=_relative(name, names[n - 2]) if n > 1 else "",
                next=_relative(name, names[n]) if n < count else "", **context)

        plan.append(SitePage(name, key(name, chunk, len(sheets), count,
                                       context.get("about", ()) if n == 1 else ()), render))
    return plan


def _relative(source: str, target: str) -> str:
    """A Markdown link from one docs file to another (both given from the docs root)."""
    return "../" * source.count("/") + target


def _timelinejs_code(env: Environment, site_url: str, days: Callable[[], list[str]],
                     zoom: int | None = None) -> tuple[str, str, str]:
    """The embed code of the TimelineJS export; without the site's address, the export's
    address from the timeline page, which the page's script makes absolute; and that address."""
    data = root_of(env, "timeline.md") + "data/timelinejs.json"
    source = absolute(site_url, "data/timelinejs.json") if site_url else data
    return timelinejs_embed(source, timelinejs_zoom(days()) if zoom is None else zoom), \
        "" if site_url else data, data


def _timeline(env: Environment, events: _Events, key: PageKey, days: Callable[[], list[str]],
              timelinejs: Callable[..., tuple[str, str, str]]) -> list[SitePage]:
    template = env.get_template("timeline.md.j2")

    def lines(start: int, end: int, page: str, step: int = 1) -> list[Markup]:
        return [rooted(env, line, page) for line in events.lines(start, end)[::step]]

    if len(events) <= TIMELINE_PAGE:
        return [SitePage("timeline.md", key("timeline.md", events.slugs, "all"), lambda: template.render(
            years=[(y, lines(a, b, "timeline.md")) for y, a, b in events.years],
            year_pages=[], latest=[], timelinejs=timelinejs()))]
    latest = max(0, len(events) - LATEST_EVENTS)
    counts = [(y, b - a) for y, a, b in events.years]
    # The page shows the latest events, but its embed code's zoom depends on every event's date
    zoom = timelinejs_zoom(days())
    plan = [SitePage("timeline.md", key("timeline.md", events.slugs[latest:], "split", counts, zoom),
                     lambda: template.render(years=[], year_pages=counts,
                                             latest=lines(latest, len(events), "timeline.md", -1),
                                             timelinejs=timelinejs(zoom)))]
    year_template = env.get_template("timeline_year.md.j2")
    for year, start, end in events.years:
        # A year of a large site holds thousands of events: pages of YEAR_PAGE keep each
        # page quick to build, and an edit rebuilds only the page that shows it.
        count = max(1, -(-(end - start) // YEAR_PAGE))
        names = [f"timeline/{year}.md"] + [f"timeline/{year}/{n}.md" for n in range(2, count + 1)]
        for n, name in enumerate(names, 1):
            a, b = start + (n - 1) * YEAR_PAGE, min(end, start + n * YEAR_PAGE)

            def render(name: str = name, n: int = n, a: int = a, b: int = b, year: int = year,
                       names: list[str] = names, total: int = end - start) -> str:
                return year_template.render(
                    year=year, events=lines(a, b, name), total=total,
                    root="../" * name.count("/"), number=n, count=len(names),
                    previous=_relative(name, names[n - 2]) if n > 1 else "",
                    next=_relative(name, names[n]) if n < len(names) else "",
                    previous_label="← Earlier", next_label="Later →")

            plan.append(SitePage(name, key(name, events.slugs[a:b], end - start), render))
    return plan
