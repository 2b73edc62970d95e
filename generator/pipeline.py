"""The generate step, one direction: read, load, link (content), render, write.

Every sheet is read and checked before anything is written, so content with errors changes
nothing. A sheet whose files are unchanged since the last run comes from the cache: it is not
read, rendered or written again, which keeps a one-article edit of a large site fast."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import time
from array import array
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .beside import Beside
from .cache import Cache, Entry, Stamp, fingerprint, load_cache, save_cache
from .content import ContentFiles, Settings, load_sheet, load_site, read_pages, scan_content
from .model import Page, Sheet
from .output import DocsWriter
from .problems import ContentError, Problem, Problems
from .project import Project
from .render import (
    Fragments,
    Layout,
    SitePage,
    lay_out,
    make_environment,
    make_listing,
    own_files_of,
    owner,
    placement,
    plan_site_pages,
    render_sheet_files,
    same_layout,
)
from .rows import RowsFile, RowsWritten

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
                          (project.settings, project.site_name, project.directory_urls))
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
    fresh: list[tuple[Sheet, Stamp, Problems]] = []
    for slug in sorted(stamps.keys() - entries.keys()):
        found = Problems()
        sheet = load_sheet(slug, files, project.settings, found)
        problems.extend(found)
        if sheet is not None and not found.errors:
            fresh.append((sheet, stamps[slug], found))
    pages = read_pages(files.pages, problems)
    lap(f"read and check {len(fresh)} sheets")
    if problems.errors:
        raise ContentError(problems.sorted())

    env = make_environment(project.templates_dir, project.docs_dir.parent / ".factsheet-templates",
                           directory_urls=project.directory_urls)
    known: dict[str, Fragments] = {}
    for sheet, current, found in fresh:
        listing, known[sheet.slug] = make_listing(env, sheet)
        for name, text in render_sheet_files(env, sheet, known[sheet.slug]).items():
            writer.write(name, text)
        entries[sheet.slug] = Entry(current, tuple(found.items), listing)
    lap(f"render {len(fresh)} sheets")
    layout, plan = _plan(env, entries, known, pages, project.site_name, cache)
    lap(f"plan {len(plan)} site pages")
    site_keys: dict[str, str] = {}
    rows: dict[str, RowsWritten] = {}
    gone = writer.keep(page.name for page in plan)
    for page in plan:
        site_keys[page.name] = page.key
        unchanged = page.name not in gone and cache.site_pages.get(page.name) == page.key
        if isinstance(page, RowsFile):
            rows[page.name] = _write_rows(page, writer, cache.rows.get(page.name), unchanged,
                                          known.keys())
        elif not unchanged:
            writer.write(page.name, page.render())
    cache.close()
    lap("write the site pages that changed")
    for name, text in static_files(project.templates_dir / "assets", "assets").items():
        writer.write(name, text)
    removed = writer.remove_stale()
    if use_cache:
        save_cache(cache_file, key, Cache(entries, site_keys, rows, layout), cache, known.keys())
    lap("remove stale files, save the cache")
    seconds = time.perf_counter() - start
    log.info("generated %d sheets (%d rendered, %d from the cache) into %s: %d files written, "
             "%d removed, in %.2f s", len(entries), len(fresh), len(entries) - len(fresh),
             project.docs_dir, writer.written, removed, seconds)
    return Generated(len(entries), len(fresh), writer.written, removed, seconds, problems)


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


def _plan(env: Environment, entries: dict[str, Entry], known: dict[str, Fragments], pages: list[Page],
          site_name: str, cache: Cache) -> tuple[Layout, list[SitePage | RowsFile]]:
    """The site pages and data files, placed as in the last run when that still holds."""
    listings = [e.listing for e in entries.values()]
    layout = cache.layout
    if layout is not None and _stayed(layout, entries, cache.sheets, known.keys(), pages):
        changed = [slug for slug in known
                   if entries[slug].listing.version != cache.sheets[slug].listing.version]
        return layout, plan_site_pages(env, listings, layout, pages, site_name, known, cache.fragments,
                                       cache.site_pages, changed)
    layout = lay_out(listings, pages)
    return layout, plan_site_pages(env, listings, layout, pages, site_name, known, cache.fragments)


def _stayed(layout: Layout, entries: dict[str, Entry], cached: dict[str, Entry], rendered: Collection[str],
            pages: list[Page]) -> bool:
    """Whether the last run's layout still holds: the same sheets, none of those rendered
    again moved (date, tags, events), the same hand-written pages."""
    return (entries.keys() == cached.keys() and same_layout(layout, pages)
            and all(placement(entries[slug].listing) == placement(cached[slug].listing) for slug in rendered))


def _scan(settings: Settings) -> tuple[Any, ...]:
    """The content folder's files (scan_content) and the problems found, as plain data (see
    generator/beside.py), and compact: each sheet's slug and stamp, then only the sheets whose
    article is Markdown and those without figures, which are few. Sending and reading back
    dictionaries of 10,000 entries instead took 35 ms (6 ms so), all of it waited for."""
    found = Problems()
    files = scan_content(settings, found)
    markdown = [slug for slug, suffix in files.articles.items() if suffix == ".md"]
    return (files.folder, "\n".join(files.stamps), array("q", files.stamps.values()).tobytes(),
            markdown, list(files.articles.keys() - files.figures), files.pages,
            [tuple(p) for p in found.items])


def _unpack(folder: str, slugs: str, hashes: bytes, markdown: list[str], no_figures: list[str],
            pages: list[str], found: list[tuple[Any, ...]]) -> tuple[ContentFiles, Problems]:
    """What _scan sent, as it was."""
    listed = slugs.split("\n") if slugs else []
    stamps = dict(zip(listed, array("q", hashes), strict=True))
    articles = dict.fromkeys(listed, ".txt")
    articles.update(dict.fromkeys(markdown, ".md"))
    return (ContentFiles(folder, articles, set(listed).difference(no_figures), pages, stamps),
            Problems([Problem(*p) for p in found]))


def static_files(folder: Path, prefix: str) -> dict[str, str]:
    """The trusted stylesheets and scripts shipped with the templates."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}
