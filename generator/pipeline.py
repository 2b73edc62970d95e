"""The generate step, one direction: read, load, link (content), render, write.

Every sheet is read and checked before anything is written, so content with errors changes
nothing. A sheet whose files are unchanged since the last run comes from the cache: it is not
read, rendered or written again, which keeps a one-article edit of a large site fast."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, Entry, Stamp, fingerprint, load_cache, save_cache
from .content import ContentFiles, load_sheet, load_site, read_pages, scan_content
from .model import Sheet
from .output import DocsWriter
from .problems import ContentError, Problems
from .project import Project
from .render import make_environment, make_listing, own_files, plan_site_pages, render_sheet_files

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
    start = time.perf_counter()
    problems = Problems()
    files = scan_content(project.settings, problems)
    cache_file = project.docs_dir.parent / ".factsheet-cache"
    key = fingerprint(project.templates_dir,
                      (project.settings, project.site_name, project.directory_urls))
    cache = load_cache(cache_file, key) if use_cache else Cache({}, {})
    writer = DocsWriter(project.docs_dir)

    entries: dict[str, Entry] = {}
    fresh: list[tuple[Sheet, Stamp, Problems]] = []
    for slug in sorted(files.articles):
        current = _stamp(files, slug)
        cached = cache.sheets.get(slug)
        if cached is not None and cached.stamp == current and writer.keep(own_files(slug)):
            entries[slug] = cached
            problems.items.extend(cached.problems)
            continue
        found = Problems()
        sheet = load_sheet(slug, files, project.settings, found)
        problems.extend(found)
        if sheet is not None and not found.errors:
            fresh.append((sheet, current, found))
    pages = read_pages(files.pages, problems)
    if problems.errors:
        raise ContentError(problems.sorted())

    env = make_environment(project.templates_dir, project.docs_dir.parent / ".factsheet-templates",
                           directory_urls=project.directory_urls)
    for sheet, current, found in fresh:
        listing = make_listing(env, sheet)
        for name, text in render_sheet_files(env, sheet, listing).items():
            writer.write(name, text)
        entries[sheet.slug] = Entry(current, tuple(found.items), listing)
    versions = {slug: e.stamp for slug, e in entries.items()}
    site_keys: dict[str, str] = {}
    for page in plan_site_pages(env, [e.listing for e in entries.values()], versions, pages,
                                project.site_name):
        site_keys[page.name] = page.key
        if cache.site_pages.get(page.name) != page.key or not writer.keep([page.name]):
            writer.write(page.name, page.render())
    for name, text in static_files(project.templates_dir / "assets", "assets").items():
        writer.write(name, text)
    removed = writer.remove_stale()
    if use_cache:
        save_cache(cache_file, key, Cache(entries, site_keys), cache)
    seconds = time.perf_counter() - start
    log.info("generated %d sheets (%d rendered, %d from the cache) into %s: %d files written, "
             "%d removed, in %.2f s", len(entries), len(fresh), len(entries) - len(fresh),
             project.docs_dir, writer.written, removed, seconds)
    return Generated(len(entries), len(fresh), writer.written, removed, seconds, problems)


def _stamp(files: ContentFiles, slug: str) -> Stamp:
    """Size, modification time and inode of the article, then of its figures file."""
    if slug in files.figures:
        return files.stamps[files.articles[slug]] + " " + files.stamps[files.figures[slug]]
    return files.stamps[files.articles[slug]]


def static_files(folder: Path, prefix: str) -> dict[str, str]:
    """The trusted stylesheets and scripts shipped with the templates."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}
