"""The generate step, one direction: read, load, link (content), render, write.

Every sheet is read and checked before anything is written, so content with errors changes
nothing. A sheet whose files are unchanged since the last run comes from the cache: it is not
read, rendered or written again, which keeps a one-article edit of a large site fast. When
many sheets must be read and rendered, a child process takes half of them (_Share), and
writes its share only once both halves are checked."""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import logging
import os
import time
from array import array
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment

from generator.check.series import plain_report, reports_of
from generator.incremental.beside import Beside
from generator.incremental.cache import Cache, Entry, fingerprint, forget, load_cache, save_cache
from generator.incremental.series_step import (
    Gathered,
    entry_of,
    gather_changed,
    plain_entry,
    renders_again,
    series_maker,
    touched_by,
)
from generator.model import Page, Series, Sheet
from generator.problems import ContentError, Problem, Problems
from generator.project import Project
from generator.read.content import (
    ContentFiles,
    Settings,
    load_sheet,
    load_site,
    read_pages,
    read_series_infos,
    scan_content,
)
from generator.render.pages import (
    Fragments,
    Layout,
    Listing,
    SitePage,
    lay_out,
    make_environment,
    make_listing,
    own_files,
    own_files_of,
    owner,
    placement,
    plan_site_pages,
    render_sheet_files,
    same_layout,
)
from generator.render.series_pages import Note, note_of_plain, notes_key, plain_notes
from generator.write.docs import DocsWriter
from generator.write.rows import RowsFile, RowsWritten

log = logging.getLogger("factsheet")


@dataclass(frozen=True)
class Generated:
    sheets: int
    rendered: int  # sheets read and rendered this time (the rest came from the cache)
    written: int
    removed: int
    seconds: float
    problems: Problems


def check(project: Project) -> Problems:
    """Every problem of the whole corpus, without writing anything."""
    return load_site(project.settings)[1]


def generate(project: Project, *, use_cache: bool = True) -> Generated:
    """Write the docs folder from the content; raise ContentError (nothing written) on errors."""
    with _collector_paused():
        return _generate(project, use_cache)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the step. The step makes no garbage cycles to speak
    of (a cold generate of 1,000 sheets peaks at the same memory with it off), and its full
    passes over the 10,000 cached entries a large site loads cost a one-article run about
    25 ms, a sixteenth of it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _generate(project: Project, use_cache: bool) -> Generated:
    start = time.perf_counter()
    lap = _Laps(start)
    scan = Beside(functools.partial(_scan, project.settings))  # on the other core
    try:
        cache_file = project.docs_dir.parent / ".factsheet-cache"
        key = fingerprint(project.templates_dir,
                          (project.settings, project.site_name, project.directory_urls, project.site_url))
        cache = load_cache(cache_file, key) if use_cache else Cache({}, {})
        lap("load the cache")
        writer = DocsWriter(project.docs_dir)
        lap("list the docs folder")
        # Meanwhile, keep the files of every cached sheet, note whose are gone, and gather
        # what the comparison with the scan needs.
        lost = {owner(name) for name in writer.keep(own_files_of(cache.sheets))}
        seen = {slug: e.stamp for slug, e in cache.sheets.items()}
        warned = [(slug, e.problems) for slug, e in cache.sheets.items() if e.problems]
    except BaseException:
        scan.cancel()
        raise
    files, problems = _unpack(*scan.result())
    stamps = files.stamps
    lap("scan the content folder (the rest of the time it took)")

    # Sheets whose files are unchanged, and whose own generated files are all still there,
    # come from the cache; the files of sheets that are no more are not kept.
    deleted = seen.keys() - stamps.keys()
    entries = dict(cache.sheets)
    for slug in deleted.union(lost, (slug for slug, _ in seen.items() - stamps.items())):
        del entries[slug]
    writer.drop(own_files_of(deleted))
    for slug, warnings in warned:
        if slug in entries:
            problems.items.extend(warnings)
    todo = sorted(stamps.keys() - entries.keys())
    def before_writing(again: Collection[str]) -> None:
        forget(cache_file, cache, (cache.sheets.keys() & todo) | set(again))

    made, known, pages, gathered, env = _read_check_render(
        todo, files, project, writer, problems, lap, entries, cache, deleted,
        before_writing if use_cache else None)
    entries.update(made)
    rendered = made.keys()
    layout, plan = _plan(env, entries, known, rendered, pages, project, gathered, cache)
    lap(f"plan {len(plan)} site pages")
    site_keys: dict[str, str] = {}
    rows: dict[str, RowsWritten] = {}
    gone = writer.keep(page.name for page in plan)
    stale = {page.name for page in plan if page.name in gone or cache.site_pages.get(page.name) != page.key}
    if use_cache:  # (should this run stop while writing them, its cache must not vouch for them)
        forget(cache_file, cache, pages=stale)
    for page in plan:
        site_keys[page.name] = page.key
        unchanged = page.name not in stale
        if isinstance(page, RowsFile):
            rows[page.name] = _write_rows(page, writer, cache.rows.get(page.name), unchanged,
                                          rendered)
        elif not unchanged:
            writer.write(page.name, page.render())
    cache.close()
    lap("write the site pages that changed")
    for name, text in static_files(project.templates_dir / "assets", "assets").items():
        writer.write(name, text)
    removed = writer.remove_stale()
    if use_cache:
        kept_series = {slug: plain_entry(entry) for slug, entry in gathered.gathered.entries.items()}
        save_cache(cache_file, key, Cache(entries, site_keys, rows, layout, kept_series), cache, rendered)
    lap("remove stale files, save the cache")
    seconds = time.perf_counter() - start
    log.info("generated %d sheets (%d rendered, %d from the cache) into %s: %d files written, "
             "%d removed, in %.2f s", len(entries), len(rendered), len(entries) - len(rendered),
             project.docs_dir, writer.written, removed, seconds)
    return Generated(len(entries), len(rendered), writer.written, removed, seconds, problems)


def _read_check_render(todo: list[str], files: ContentFiles, project: Project, writer: DocsWriter,
                       problems: Problems, lap: _Laps, kept: dict[str, Entry], cache: Cache,
                       deleted: Collection[str], before_writing: Callable[[Collection[str]], None] | None
                       ) -> tuple[dict[str, Entry], dict[str, Fragments], list[Page], _Series, Environment]:
    """Read and check the `todo` sheets and the hand-written pages, and gather the series that
    their reports (and those the `deleted` sheets and the todo sheets had in the `cache`) may
    have changed; the `kept` sheets' reports come from the cache. Then, if there was no error
    (else ContentError, nothing written), call `before_writing` with the kept sheets whose
    cards now say something else of their series, and render and write those and the `todo`
    sheets: their entries, the Fragments at hand (of those rendered in this process), the
    pages, the series, the environment. With many sheets, a child takes every other one."""
    theirs: Beside | None = None
    if len(todo) >= SHARED_FROM:
        writer.make_folders(own_files(todo[0]))  # here, before the child could race us to it
        their_share = _Share(todo[1::2], files, project, writer)
        theirs = Beside(their_share.check, then=their_share.render)
    ours = _Share(todo[0::2] if theirs else todo, files, project, writer)
    try:
        found, reports = ours.check()
        problems.items.extend(Problem(*p) for p in found)
        pages = read_pages(files.pages, problems)
        infos = read_series_infos(files.series, problems)
        if theirs is not None:
            found, their_reports = theirs.result()
            problems.items.extend(Problem(*p) for p in found)
            reports += their_reports
        lap(f"read and check {len(todo)} sheets")
        fresh = set(todo)
        reports += [r for slug, e in kept.items() if slug not in fresh for r in e.listing.reports]
        left = touched_by(r for slug in itertools.chain(todo, deleted) if slug in cache.sheets
                          for r in cache.sheets[slug].listing.reports)
        previous = {slug: entry_of(entry) for slug, entry in cache.series.items()}
        gathered = gather_changed(reports, fresh, left, infos, previous, project.site_url, problems)
        lap(f"gather {len(gathered.touched)} of {len(gathered.entries)} series")
        if problems.errors:
            raise ContentError(problems.sorted())
        cards = gathered.cards
        again = renders_again(gathered, {slug: e.listing.notes for slug, e in kept.items()}, fresh)
        if before_writing is not None:
            before_writing(again)
        if theirs is not None:
            theirs.go_on({slug: plain_notes(cards[slug]) for slug in their_share.slugs if slug in cards})
        known = ours.render_here(cards)
        made = ours.entries
        if again:  # their own files are unchanged: read them again to show the series anew
            other = _Share(again, files, project, writer)
            other.check()
            known.update(other.render_here(cards))
            made.update(other.entries)
        if theirs is not None:
            their_entries, kept_files, written = theirs.then_result()
            for slug, stamp, found, listing in their_entries:
                made[slug] = Entry(stamp, tuple(Problem(*p) for p in found), Listing._make(listing))
            writer.note(kept_files, written)
    except BaseException:
        if theirs is not None:
            theirs.cancel()
        raise
    lap(f"render {len(made)} sheets")
    return made, known, pages, _Series(gathered, series_maker(gathered, infos)), ours.environment


class _Series(NamedTuple):
    gathered: Gathered
    of: Callable[[str], Series]  # a series, computed when asked for


# From this many sheets to read and render on, a child process takes every other one: forking,
# and sending back what it made, cost it about 0.1 s.
SHARED_FROM = 200


class _Share:
    """Sheets to read, check and render: all of those that need it, or a share that a child
    process takes (see generator/incremental/beside.py). check() reads and checks them; render(), which
    the caller runs only once every sheet of every share passed, renders and writes them."""

    def __init__(self, slugs: list[str], files: ContentFiles, project: Project,
                 writer: DocsWriter) -> None:
        self.slugs = slugs
        self.files = files
        self.project = project
        self.writer = writer
        self.checked: list[tuple[Sheet, Problems]] | None = None
        self.entries: dict[str, Entry] = {}

    def check(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Every problem found, and the reports of the sheets, as plain tuples."""
        self.checked = []
        found_all: list[tuple[Any, ...]] = []
        reports: list[tuple[Any, ...]] = []
        for slug in self.slugs:
            found = Problems()
            sheet = load_sheet(slug, self.files, self.project.settings, found)
            found_all += map(tuple, found.items)
            if sheet is not None and not found.errors:
                self.checked.append((sheet, found))
                reports += map(plain_report, reports_of(sheet))
        return found_all, reports

    @functools.cached_property
    def environment(self) -> Environment:
        project = self.project
        return make_environment(project.templates_dir, project.docs_dir.parent / ".factsheet-templates",
                                directory_urls=project.directory_urls)

    def render_here(self, cards: dict[str, dict[int, Note]]) -> dict[str, Fragments]:
        """Render the sheets, their cards with the `cards` notes of their series, and write
        their files; their Fragments, by slug (and their entries in self.entries)."""
        if self.checked is None:  # checked in a child that failed since: again, here
            self.check()
        assert self.checked is not None
        known: dict[str, Fragments] = {}
        site_url = self.project.site_url
        for sheet, found in self.checked:
            shown = cards.get(sheet.slug)
            listing, known[sheet.slug] = make_listing(self.environment, sheet, site_url, notes_key(shown))
            for name, text in render_sheet_files(self.environment, sheet, known[sheet.slug], shown).items():
                self.writer.write(name, text)
            self.entries[sheet.slug] = Entry(self.files.stamps[sheet.slug], tuple(found.items), listing)
        return known

    def render(self, cards: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[str], list[str]]:
        """render_here, in the process that shares the work, with the notes as plain data;
        returns plain data: each entry, and the files kept and written."""
        before = set(self.writer.changed)
        self.render_here({slug: note_of_plain(shown) for slug, shown in cards.items()})
        made = [(slug, e.stamp, [tuple(p) for p in e.problems], tuple(e.listing))
                for slug, e in self.entries.items()]
        return made, own_files_of(self.entries), list(self.writer.changed - before)


class _Laps:
    """Logs, with -v, how long each stage of the generate step took."""

    def __init__(self, start: float) -> None:
        self.last = start

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        log.debug("%6.3f s  %s", now - self.last, stage)
        self.last = now


def _write_rows(page: RowsFile, writer: DocsWriter, previous: RowsWritten | None, unchanged: bool,
                changed: Collection[str]) -> RowsWritten:
    """Write a data file of rows, by replacing the rows of the `changed` sheets in the file as
    last written when its rows stand in the same order, else whole. A file that is not as
    last written (edited by hand, or a run stopped while patching it) is written whole."""
    if previous is not None and writer.stamp(page.name) == previous.stamp:
        if unchanged:
            return previous
        if previous.order == page.order:
            with writer.open(page.name) as old:
                size = os.fstat(old.fileno()).st_size
                made = page.splice(lambda offset, length: os.pread(old.fileno(), length, offset), size,
                                   previous.lengths, changed)
            if made is not None:
                at, parts, lengths = made
                if parts:  # (else the file stays as it is)
                    writer.patch(page.name, at, parts)
                return RowsWritten(page.order, writer.stamp(page.name) or "", lengths)
    data, lengths = page.assemble()
    writer.write_bytes(page.name, data)
    return RowsWritten(page.order, writer.stamp(page.name) or "", lengths)


def _plan(env: Environment, entries: dict[str, Entry], known: dict[str, Fragments], rendered: Collection[str],
          pages: list[Page], project: Project, series: _Series, cache: Cache
          ) -> tuple[Layout, list[SitePage | RowsFile]]:
    """The site pages and data files, placed as in the last run when that still holds;
    `rendered` are the sheets rendered in this run, `known` the Fragments at hand."""
    listings = [e.listing for e in entries.values()]
    layout = cache.layout
    plan = functools.partial(plan_site_pages, env, listings, site_name=project.site_name, pages=pages,
                             known=known, fetch=cache.fragments, series=series.gathered.entries,
                             series_of=series.of, site_url=project.site_url)
    if layout is not None and _stayed(layout, entries, cache.sheets, rendered, pages):
        changed = [slug for slug in rendered
                   if entries[slug].listing.version != cache.sheets[slug].listing.version]
        return layout, plan(layout=layout, previous_keys=cache.site_pages, changed=changed)
    layout = lay_out(listings, pages)
    return layout, plan(layout=layout)


def _stayed(layout: Layout, entries: dict[str, Entry], cached: dict[str, Entry], rendered: Collection[str],
            pages: list[Page]) -> bool:
    """Whether the last run's layout still holds: the same sheets, none of those rendered
    again moved (date, tags, events), the same hand-written pages."""
    return (entries.keys() == cached.keys() and same_layout(layout, pages)
            and all(placement(entries[slug].listing) == placement(cached[slug].listing) for slug in rendered))


def _scan(settings: Settings) -> tuple[Any, ...]:
    """The content folder's files (scan_content) and the problems found, as plain data (see
    generator/incremental/beside.py), and compact: each sheet's slug and stamp, then only the sheets whose
    article is Markdown and those without figures, which are few. Sending and reading back
    dictionaries of 10,000 entries instead took 35 ms (6 ms so), all of it waited for."""
    found = Problems()
    files = scan_content(settings, found)
    markdown = [slug for slug, suffix in files.articles.items() if suffix == ".md"]
    return (files.folder, "\n".join(files.stamps), array("q", files.stamps.values()).tobytes(),
            markdown, list(files.articles.keys() - files.figures), files.pages, files.series,
            [tuple(p) for p in found.items])


def _unpack(folder: str, slugs: str, hashes: bytes, markdown: list[str], no_figures: list[str],
            pages: list[str], series: list[str], found: list[tuple[Any, ...]]
            ) -> tuple[ContentFiles, Problems]:
    """What _scan sent, as it was."""
    listed = slugs.split("\n") if slugs else []
    stamps = dict(zip(listed, array("q", hashes), strict=True))
    articles = dict.fromkeys(listed, ".txt")
    articles.update(dict.fromkeys(markdown, ".md"))
    return (ContentFiles(folder, articles, set(listed).difference(no_figures), pages, series, stamps),
            Problems([Problem(*p) for p in found]))


def static_files(folder: Path, prefix: str) -> dict[str, str]:
    """The trusted stylesheets and scripts shipped with the templates."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}
