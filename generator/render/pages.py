"""Rendering the model into the site's Markdown and data files, with Jinja2 templates.

Content reaches templates only as variables, never as template source, and every variable is
escaped for where it lands: ``|md`` on Markdown lines, HTML autoescaping inside HTML blocks.

Each sheet is rendered once into its own files and a ``Listing``: the fragments that the
site-wide pages (home, archive, tags, timeline, data exports) are assembled from. Listings are
plain data, so an unchanged sheet's listing can come from the cache instead."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import marshal
import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.check.numbers import format_value, value_parts
from generator.check.series import plain_report, reports_of
from generator.incremental.series_step import SeriesEntry
from generator.model import Event, Page, Reference, Series, Sheet
from generator.read.dates import format_datetime
from generator.render.escape import html_text, markdown_text
from generator.render.exports import (
    event_csv_row,
    event_json,
    figure_csv_rows,
    series_csv,
    series_json,
    sheet_json,
    timelinejs_event,
    timelinejs_head,
)
from generator.render.feeds import FEED_SIZE, feed_entry, render_feed, site_path
from generator.render.metadata import front_matter
from generator.render.prose import render_markdown, render_wire_paragraphs
from generator.render.search_records import bundle_of, bundles_for, record, sheet_record
from generator.render.series_pages import Note, render_series_index, render_series_page
from generator.write.rows import RowsFile

HOME_FIGURES = 3
PAGE_SIZE = 50  # sheets on the home page and on each archive or tag page
TIMELINE_PAGE = 300  # events shown on one timeline page before it splits by year
LATEST_EVENTS = 100  # events on the timeline page once it has split
YEAR_PAGE = 200  # events on each page of a year, once the timeline has split


def make_environment(templates: Path, compiled: Path | None = None, *,
                     directory_urls: bool = True) -> Environment:
    """Templates from `templates`; `compiled` is a folder where Jinja2 keeps their compiled
    code between runs (it checks each against its template's text), which saves 0.2 s.
    `directory_urls` is MkDocs' use_directory_urls: how HTML fragments write addresses."""
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(compiled))
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=cache,
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=markdown_text, html=html_text, value=format_value,
                       value_parts=value_parts, source_name=source_name)
    env.globals["directory_urls"] = directory_urls
    env.globals["url"] = (lambda path: path + "/") if directory_urls else (lambda path: path + ".html")
    return env


# Fragments are rendered once with ROOT where the path back to the site root goes, and placed
# on any page by replacing it. NUL never occurs in content: files holding one are refused
# and the escaping filters drop control characters.
ROOT = "\x00"


class Fragments(NamedTuple):
    """One sheet's parts of the site-wide pages, rendered: its card on the home, archive and
    tag pages (HTML, ROOT before its links), and for each event its timeline line (an HTML
    list item, ROOT before its link), its row of events.csv, its entry of timeline.json and of
    timelinejs.json, then its rows of figures.csv and its entry in the Atom feeds (ROOT before
    its link when the site's address is not known)."""

    card: str
    entry: str  # its shorter entry on tag pages
    event_lines: tuple[str, ...]
    event_csv: tuple[str, ...]
    event_json: tuple[str, ...]
    event_timelinejs: tuple[str, ...]
    figure_rows: str
    feed_entry: str
    search_record: str  # its record for the search index (search_index.record)


class Listing(NamedTuple):
    """What the site-wide pages need of one sheet: where it goes, and its Fragments packed in
    one bytes object. The cache loads 10,000 listings on every run; few objects each keep
    that quick, and a run unpacks only the fragments of the pages it renders."""

    slug: str
    timestamp: float
    tags: tuple[str, ...]
    event_keys: tuple[str, ...]  # the sort key of each event: _event_key
    version: str  # a digest of slug and fragments: a page is rendered again when one it shows changed
    reports: tuple[tuple[object, ...], ...]  # its figures that report a series (plain_report)
    notes: str  # a digest of what its page showed of its series when rendered (notes_key)
    packed: bytes | tuple[int, int]  # marshal of the Fragments, or where the cache keeps it


def _event_key(sheet: Sheet, event: Event) -> str:
    r"""First day, date as written, sheet, publication, line, joined by \x01 so that the
    strings sort as the tuples would."""
    return (f"{event.date.first_day().isoformat()}\x01{event.date.iso}\x01{sheet.slug}\x01"
            f"{int(event.is_publication)}\x01{event.line:07d}")


class _Unpacked:
    """The Fragments of each listed sheet, unpacked when first asked for."""

    def __init__(self, listings: dict[str, Listing], known: dict[str, Fragments],
                 fetch: Callable[[tuple[int, int]], bytes] | None) -> None:
        self._listings = listings  # by slug
        self._known = dict(known)
        self._fetch = fetch

    def __getitem__(self, slug: str) -> Fragments:
        found = self._known.get(slug)
        if found is None:
            packed = self._listings[slug].packed
            if not isinstance(packed, bytes):
                assert self._fetch is not None
                packed = self._fetch(packed)
            found = self._known[slug] = Fragments._make(marshal.loads(packed))
        return found


class Layout(NamedTuple):
    """Which sheet and which event goes where on the site-wide pages. It follows from the
    sheets' placements (date, tags, events) and the hand-written pages alone, so a run whose
    changed sheets all stayed where they were reuses the last run's, which the cache keeps:
    ordering 10,000 sheets and 40,000 events is most of planning the site pages."""

    sheets: list[str]  # slugs, newest first
    tags: list[tuple[str, list[str]]]  # each tag and its sheets, newest first, by tag
    event_slugs: list[str]  # each event's sheet, in timeline order
    event_slots: list[int]  # and the event's place among its sheet's events
    years: list[tuple[int, int, int]]  # (year, start, end) in those lists, newest first
    sheet_order: str  # a digest of sheets
    event_order: str  # a digest of the events' keys in timeline order
    about: str  # a digest of the hand-written pages, which the home page lists


def placement(listing: Listing) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """What decides where a sheet goes on the site-wide pages."""
    return listing.timestamp, listing.tags, listing.event_keys


def lay_out(listings: Iterable[Listing], pages: Sequence[Page]) -> Layout:
    ordered = sorted(listings, key=operator.itemgetter(0))  # by slug, then
    ordered.sort(key=operator.itemgetter(1), reverse=True)  # newest first (timestamp)
    slugs = [s.slug for s in ordered]
    tags: dict[str, list[str]] = defaultdict(list)
    keys: list[str] = []
    event_slugs: list[str] = []
    slots: list[int] = []
    for listing in ordered:
        for tag in listing.tags:
            tags[tag].append(listing.slug)
        count = len(listing.event_keys)
        keys += listing.event_keys
        event_slugs += [listing.slug] * count
        slots += range(count)
    # Events are kept as parallel lists of plain values (40,000 tuples would take a quarter
    # of a second to make); their fragments are looked up only for what is rendered.
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ordered_keys = _pick(keys, order)
    years: list[tuple[int, int, int]] = []
    start = 0
    while start < len(ordered_keys):  # keys begin with the event's first day, YYYY-MM-DD
        year = ordered_keys[start][:4]
        end = bisect.bisect_left(ordered_keys, year + ".", start)  # "." sorts after "-"
        years.append((int(year), start, end))
        start = end
    years.reverse()
    return Layout(slugs, sorted(tags.items()), _pick(event_slugs, order), _pick(slots, order), years,
                  _key_of(slugs), _key_of(ordered_keys), _about_key(pages))


def _about_key(pages: Sequence[Page]) -> str:
    return _key(tuple(_about(pages)))


def _about(pages: Sequence[Page]) -> list[tuple[str, str, str]]:
    return [(p.name, p.title, p.body) for p in pages]


def same_layout(layout: Layout, pages: Sequence[Page]) -> bool:
    """Whether `layout` was made with these hand-written pages (the caller compares the rest)."""
    return layout.about == _about_key(pages)


class _Events:
    """Every event of the site in timeline order, and the ranges of each year, newest first."""

    def __init__(self, layout: Layout, fragments: _Unpacked) -> None:
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


class _Keys:
    """The key of each site page, made of the versions of the sheets it shows and anything
    else it depends on. On a reused layout, a page whose sheets are all unchanged keeps the
    key it had: hashing the versions of every page costs more than the rest of a small run."""

    def __init__(self, versions: dict[str, str], previous: dict[str, str] | None,
                 changed: Collection[str]) -> None:
        self.versions = versions
        self.previous = previous or {}
        self.changed = set(changed) if previous is not None else None

    def __call__(self, name: str, slugs: Sequence[str], *parts: object) -> str:
        """The key of the page `name` showing the sheets `slugs`; `parts` must not change while
        the layout stays (the previous key is reused when none of the sheets changed)."""
        if self.changed is not None and name in self.previous and not self._shows_changed(slugs):
            return self.previous[name]
        return _key_of(map(self.versions.__getitem__, slugs), *parts)

    def _shows_changed(self, slugs: Sequence[str]) -> bool:
        assert self.changed is not None
        if len(self.changed) < 8:  # the usual edit: a search of the list in C, no hashing
            return any(slug in slugs for slug in self.changed)
        return not self.changed.isdisjoint(slugs)


_T = TypeVar("_T")


def _pick(items: Sequence[_T], order: list[int]) -> list[_T]:
    """items[order[0]], items[order[1]], ...: in C, faster than a list comprehension."""
    if len(order) < 2:
        return [items[i] for i in order]
    return list(operator.itemgetter(*order)(items))


OWN_FILES = ("sheets/{}.md", "data/{}.json", "data/{}.csv")  # a sheet's page and its data


def own_files(slug: str) -> tuple[str, str, str]:
    """A sheet's own files in the docs folder: its page and its data."""
    page, data, table = own_files_of([slug])
    return page, data, table


def own_files_of(slugs: Iterable[str]) -> list[str]:
    """The own files of many sheets, made in C rather than a loop: 30,000 at 10,000 sheets."""
    slugs = list(slugs)
    return [name for pattern in OWN_FILES for name in map(pattern.format, slugs)]


def owner(name: str) -> str:
    """The slug of a sheet's own file."""
    return name.rpartition("/")[2].partition(".")[0]  # slugs hold neither "/" nor "."


def placed(env: Environment, fragment: str, page: str) -> Markup:
    """A fragment with its links made relative to the address of the docs file `page`."""
    return Markup(fragment.replace(ROOT, root_of(env, page)))


def root_of(env: Environment, page: str) -> str:
    """The way back to the site root from the address of the docs file `page`: with directory
    URLs, tags/war.md is served as tags/war/, one folder deeper than its file."""
    depth = page.count("/")
    if env.globals["directory_urls"] and page != "index.md" and not page.endswith("/index.md"):
        depth += 1
    return "../" * depth


class _Citer:
    """Numbers each citation of a page in the order the page shows it, so every reference can
    link back to each place that cites it (a, b, c, as Wikipedia does)."""

    def __init__(self) -> None:
        self.anchors: dict[int, list[str]] = defaultdict(list)

    def __call__(self, numbers: Sequence[int]) -> Markup:
        links = []
        for n in numbers:
            anchor = f"c{n}-{len(self.anchors[n]) + 1}"
            self.anchors[n].append(anchor)
            links.append(f'<a href="#ref-{n}" id="{anchor}">{n}</a>')
        return Markup(f'<sup>[{", ".join(links)}]</sup>')

    def backlinks(self, number: int) -> list[tuple[str, str]]:
        """(letter, anchor) pairs: ("a", "c1-1"), ("b", "c1-2"), ..."""
        return [(_letter(i), a) for i, a in enumerate(self.anchors.get(number, []))]


def _letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def source_name(reference: Reference) -> str:
    """What a reference list shows besides the link: title, else publisher, else the domain."""
    return reference.name


def domain(url: str) -> str:
    return Reference("", 0, url).domain


def render_sheet(env: Environment, sheet: Sheet, notes: dict[int, Note] | None = None) -> str:
    """A sheet's page; `notes` are what its cards say of their series, by figure number."""
    cite = _Citer()
    article = sheet.article

    def article_html() -> Markup:
        if article.format == "markdown":
            return Markup(render_markdown(article.body_markdown, cite))
        return Markup(render_wire_paragraphs(article.paragraphs, cite))

    return env.get_template("sheet.md.j2").render(
        front_matter=Markup(front_matter(sheet)),
        sheet=sheet,
        published=format_datetime(article.published, article.zone),
        published_iso=article.published.isoformat(),
        cite=cite,
        article_html=article_html,
        domain=domain,
        notes=notes or {},
        root=root_of(env, own_files(sheet.slug)[0]),
    )


def render_sheet_files(env: Environment, sheet: Sheet, fragments: Fragments,
                       notes: dict[int, Note] | None = None) -> dict[str, str]:
    """The sheet's own files (own_files): its page and its data, by path in the docs folder."""
    page, data, table = own_files(sheet.slug)
    return {
        page: render_sheet(env, sheet, notes),
        data: sheet_json(sheet),
        table: figure_csv_rows(None) + fragments.figure_rows,
    }


def make_listing(env: Environment, sheet: Sheet, site_url: str = "", notes: str = ""
                 ) -> tuple[Listing, Fragments]:
    """A sheet's Listing and Fragments; `notes` is the notes_key its page is rendered with."""
    card = env.get_template("_sheet_item.md.j2")
    line = env.get_template("_event_line.md.j2")
    titles = {sheet.slug: sheet.title}
    events = sheet.events
    address = absolute(site_url, site_path(env, "sheets/" + sheet.slug)) if site_url else ""
    fragments = Fragments(
        card=card.render(sheet=sheet, prefix=ROOT, home_figures=HOME_FIGURES),
        entry=env.get_template("_sheet_entry.md.j2").render(sheet=sheet, prefix=ROOT),
        event_lines=tuple(line.render(event=e, titles=titles, prefix=ROOT) for e in events),
        event_csv=tuple(event_csv_row(e) for e in events),
        event_json=tuple(event_json(e) for e in events),
        event_timelinejs=tuple(timelinejs_event(e, sheet.title, k, address)
                               for k, e in enumerate(events, 1)),
        figure_rows=figure_csv_rows(sheet),
        feed_entry=feed_entry(env, sheet, address),
        search_record=sheet_record(sheet, site_path(env, "sheets/" + sheet.slug)),
    )
    event_keys = tuple(_event_key(sheet, e) for e in events)
    version = hashlib.blake2b("\x02".join((sheet.slug, *event_keys, fragments.card, fragments.entry,
                                          *fragments.event_lines,
                                          *fragments.event_csv, *fragments.event_json,
                                          *fragments.event_timelinejs, fragments.figure_rows,
                                          fragments.feed_entry, fragments.search_record)).encode(),
                              digest_size=12)
    listing = Listing(sheet.slug, sheet.published.timestamp(), sheet.tags, event_keys,
                      version.hexdigest(), tuple(map(plain_report, reports_of(sheet))), notes,
                      marshal.dumps(tuple(fragments)))
    return listing, fragments


def absolute(site_url: str, path: str) -> str:
    """A path of the site as an absolute URL under `site_url`."""
    return site_url.rstrip("/") + "/" + path


@dataclass(frozen=True)
class SitePage:
    """A site-wide file, rendered only when asked: `key` names everything it is made from, so
    a file whose key has not changed since the last run need not be rendered again."""

    name: str
    key: str
    render: Callable[[], str]


def plan_site_pages(env: Environment, listings: Iterable[Listing], layout: Layout,
                    pages: Sequence[Page], site_name: str, known: dict[str, Fragments] | None = None,
                    fetch: Callable[[tuple[int, int]], bytes] | None = None,
                    previous_keys: dict[str, str] | None = None, changed: Collection[str] = (),
                    series: dict[str, SeriesEntry] | None = None,
                    series_of: Callable[[str], Series] | None = None, site_url: str = ""
                    ) -> list[SitePage | RowsFile]:
    """The site-wide pages and exports of the sheets' `listings`, placed by `layout`; `known`
    holds the fragments already at hand (of the sheets rendered in this run), `fetch` reads
    the packed fragments of the others from where the cache keeps them. When `layout` is the
    last run's, `previous_keys` are the keys of its pages and `changed` the sheets whose
    version differs since."""
    listed = {listing.slug: listing for listing in listings}
    fragments = _Unpacked(listed, known or {}, fetch)
    key = _Keys({slug: s.version for slug, s in listed.items()}, previous_keys, changed)
    plan: list[SitePage | RowsFile] = []
    plan += _paginate(env, layout.sheets, key, fragments, "index.md", "archive/{n}.md",
                      site_name=site_name, pages=pages, about=_about(pages))
    counts = [(tag, len(sheets)) for tag, sheets in layout.tags]
    plan.append(SitePage("tags/index.md", _key(counts), lambda: env.get_template(
        "tags.md.j2").render(tags=counts)))
    for tag, sheets in layout.tags:
        plan += _paginate(env, sheets, key, fragments, f"tags/{tag}.md", f"tags/{tag}/{{n}}.md", tag=tag)
    plan += _feeds(env, layout, key, fragments, listed, site_name, site_url)
    events = _Events(layout, fragments)
    plan += _timeline(env, events, key)
    if series_of is not None:
        plan += _series_pages(env, series or {}, series_of, site_url)
    plan += _search_records(env, layout.sheets, key, fragments, series or {})
    for page in pages:
        plan.append(SitePage(f"pages/{page.name}.md", _key(page.title, page.body),
                             functools.partial(_hand_written, env, page)))
    # The data files hold every sheet's rows: a change to any sheet's fragments changes them
    # (a change to its text alone does not).
    slugs = layout.sheets
    everything = _key_of(map(key.versions.__getitem__, slugs))
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


def _feeds(env: Environment, layout: Layout, key: _Keys, fragments: _Unpacked,
           listed: dict[str, Listing], site_name: str, site_url: str) -> list[SitePage]:
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
                               title=title, site_url=site_url, alternate=alternate, root=root)

        plan.append(SitePage(name, key(name, chunk, title, site_url), render))
    return plan


def _search_records(env: Environment, sheets: Sequence[str], key: _Keys, fragments: _Unpacked,
                    series: dict[str, SeriesEntry]) -> list[SitePage]:
    """The search records, in bundles (see generator/site/search.py): every sheet, and every
    series by its title and summary."""
    count = bundles_for(len(sheets) + len(series))
    members: list[list[str]] = [[] for _ in range(count)]
    for slug in sheets:
        members[bundle_of(site_path(env, "sheets/" + slug), count)].append(slug)
    extra: list[list[str]] = [[] for _ in range(count)]
    for slug, entry in series.items():
        url = site_path(env, "series/" + slug)
        row = entry.row
        extra[bundle_of(url, count)].append(record(url, row.title, f"{row.title}. {row.summary}"))
    plan = []
    for bundle in range(count):
        chunk, more = members[bundle], extra[bundle]

        def render(chunk: list[str] = chunk, more: list[str] = more) -> str:
            return "".join(line + "\n" for line in [fragments[slug].search_record for slug in chunk] + more)

        name = f"search/{bundle}.jsonl"
        # (keyed in full: the series records can change while no sheet of the bundle does)
        digest = _key_of(map(key.versions.__getitem__, chunk), name, more, count)
        plan.append(SitePage(name, digest, render))
    return plan


def _rfc3339(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat()


def _series_pages(env: Environment, series: dict[str, SeriesEntry], series_of: Callable[[str], Series],
                  site_url: str) -> list[SitePage]:
    """A page and two data files per series (each rendered only when its key changed, from the
    series computed then), and the index of all series."""
    rows = [entry.row for entry in series.values()]
    plan = [SitePage("series/index.md", _key(rows), functools.partial(render_series_index, env, rows))]
    for slug, entry in series.items():
        plan += [SitePage(name, entry.key,
                          functools.partial(_series_file, kind, env, series_of, slug, site_url))
                 for kind, name in (("page", f"series/{slug}.md"), ("json", f"data/series/{slug}.json"),
                                    ("csv", f"data/series/{slug}.csv"))]
    return plan


def _series_file(kind: str, env: Environment, series_of: Callable[[str], Series], slug: str,
                 site_url: str) -> str:
    one = series_of(slug)
    if kind == "page":
        return render_series_page(env, one, site_url)
    return series_json(one) if kind == "json" else series_csv(one)


def _key(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _key_of(versions: Iterable[str], *parts: object) -> str:
    """The key of a page listing sheets (given by their versions) plus anything else: one
    join, hashed as it is, instead of the repr of thousands of tuples."""
    digest = hashlib.blake2b("\n".join(versions).encode(), digest_size=16)
    digest.update(repr(parts).encode())
    return digest.hexdigest()


def _hand_written(env: Environment, page: Page) -> str:
    return env.get_template("page.md.j2").render(
        title=page.title, body=Markup(render_markdown(page.body, relative_links=True)))


def _paginate(env: Environment, sheets: Sequence[str], key: _Keys, fragments: _Unpacked,
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
                cards=[placed(env, fragments[slug].entry if "tag" in context else fragments[slug].card, name)
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


def _timeline(env: Environment, events: _Events, key: _Keys) -> list[SitePage]:
    template = env.get_template("timeline.md.j2")

    def lines(start: int, end: int, page: str, step: int = 1) -> list[Markup]:
        return [placed(env, line, page) for line in events.lines(start, end)[::step]]

    if len(events) <= TIMELINE_PAGE:
        return [SitePage("timeline.md", key("timeline.md", events.slugs, "all"), lambda: template.render(
            years=[(y, lines(a, b, "timeline.md")) for y, a, b in events.years],
            year_pages=[], latest=[]))]
    latest = max(0, len(events) - LATEST_EVENTS)
    counts = [(y, b - a) for y, a, b in events.years]
    plan = [SitePage("timeline.md", key("timeline.md", events.slugs[latest:], "split", counts),
                     lambda: template.render(years=[], year_pages=counts,
                                             latest=lines(latest, len(events), "timeline.md", -1)))]
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
