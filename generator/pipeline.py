"""The generate step, top to bottom: scan the content folder, read and check every sheet that
needs it, gather the series, then (only when nothing is wrong anywhere) render and write.

Every sheet is read and checked before anything is written, so content with errors changes
nothing. What the last run made is asked one question a sheet (unchanged?) through one seam,
generator/incremental/reuse.py; how the answers are kept is its business. Many sheets are
shared out to worker processes (generator/incremental/sheet_work.py)."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from generator import fs
from generator.check.evidence import records_of, weigh
from generator.check.linking import link_sheet, link_site
from generator.check.series import gather, reports_of
from generator.incremental.cache import Entry
from generator.incremental.reuse import Reuse
from generator.incremental.series_step import renders_again
from generator.incremental.sheet_work import Made, SheetShare, beside, merge, share_out
from generator.model import Sheet, Site
from generator.problems import ContentError, Problem, Problems
from generator.project import Project
from generator.read.content import (
    ContentFiles,
    Settings,
    read_article,
    read_figures,
    read_pages,
    read_series_infos,
    scan_content,
)
from generator.read.sources import cached_text, read_records, read_records_named
from generator.write.docs import DocsWriter

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


def load_site(settings: Settings) -> tuple[Site | None, Problems]:
    """Scan, read and check the whole content folder, series included. The Site is None when
    there are errors; the Problems hold every error and warning of the corpus either way."""
    problems = Problems()
    files = scan_content(settings, problems)
    sheets = []
    # (what is read stays: it is the site. The cycle collector's passes over it grow with it,
    # and at 10,000 sheets cost a fifth of the check, 13.1 s against 10.2 s)
    with fs.collector_paused():
        for slug in sorted(files.articles):
            sheet = load_sheet(slug, files, settings, problems)
            if sheet is not None:
                sheets.append(sheet)
    pages = read_pages(files.pages, problems)
    infos = read_series_infos(files.series, problems)
    series = gather((r for sheet in sheets for r in reports_of(sheet)), infos, problems)
    check_other_records(files, settings, {n for sheet in sheets for n in records_of(sheet)}, problems)
    if problems.errors:
        return None, problems
    return link_site(sheets, pages, series), problems


def load_sheet(slug: str, files: ContentFiles, settings: Settings, problems: Problems) -> Sheet | None:
    """Read one article and its figures file and check them together; None if either could
    not be read."""
    article = read_article(files.article(slug), slug, settings, problems)
    figure_set = None
    if slug in files.figures:
        figure_set = read_figures(slug, files, problems)
        if figure_set is None:
            return None
    if article is None:
        return None
    sheet = link_sheet(article, figure_set, problems)
    records = read_records((r.url for r in sheet.references), settings.sources_dir, files.records, problems)
    return weigh(sheet, records, functools.partial(cached_text, settings.sources_cache), problems)


def check_other_records(files: ContentFiles, settings: Settings, shown: Collection[str],
                        problems: Problems) -> None:
    """Check the source records that no sheet read (`shown` are those they did): content like
    the rest. Left over from a reference since removed, each is a warning; until the sheets have
    no errors, it is not known which are left over."""
    others = [name for name in files.records if name not in shown]
    quiet = bool(problems.errors)
    for url, record in read_records_named(others, settings.sources_dir, problems).items():
        if not quiet:
            problems.warning(record.path, 1, 1, f"no sheet cites {url}: the record is left over; "
                                                "delete it, or cite the page again")


def generate(project: Project, *, use_cache: bool = True) -> Generated:
    """Write the docs folder from the content; raise ContentError (nothing written) on errors."""
    start = time.perf_counter()
    lap = _Laps(start)
    files, problems, reuse, writer = _scan_and_open(project, use_cache)
    lap("scan the content folder and load the cache")
    kept = reuse.unchanged_sheets(files, writer)
    for entry in kept.values():
        problems.items.extend(entry.problems)
    todo = sorted(files.signatures.keys() - kept.keys())
    lap(f"{len(kept)} sheets unchanged")

    read = functools.partial(_load_sheet, settings=project.settings)
    work = share_out(todo, files, project, writer, read)
    try:
        checked = work.check()
        problems.items.extend(checked.problems)
        reports = checked.reports
        pages = read_pages(files.pages, problems)
        infos = read_series_infos(files.series, problems)
        lap(f"read and check {len(todo)} sheets")
        reports += [r for entry in kept.values() for r in entry.listing.reports]
        gathered = reuse.gather_series(reports, todo, infos, problems)
        lap(f"gather {len(gathered.touched)} of {len(gathered.entries)} series")
        check_other_records(files, project.settings,
                            {*checked.records, *(n for e in kept.values() for n in e.records)}, problems)
        if problems.errors:
            raise ContentError(problems.sorted())
        # Nothing is wrong: render. Kept sheets whose cards now say something else of their
        # series are read and rendered again too.
        again = renders_again(gathered, {slug: e.listing.notes for slug, e in kept.items()}, todo)
        reuse.before_rendering([*todo, *again])
        made = work.render(gathered.cards)
    except BaseException:
        work.cancel()
        raise
    if again:
        other = SheetShare(again, files, project, writer, read)
        other.check()
        made = merge(made, other.render(gathered.cards))
    writer.note(made.kept, made.written)
    lap(f"render {len(made.entries)} sheets")

    entries = dict(kept)
    entries.update(made.entries)
    plan = reuse.plan_site_pages(work.environment, entries, made.entries, made.known, made.packed, pages,
                                 gathered, infos)
    lap(f"plan {len(plan)} site pages")
    reuse.write_site_pages(plan, writer, made.entries.keys())
    lap("write the site pages that changed")
    assets: dict[str, str] = {}
    for folder in reversed(project.template_dirs):  # (the project's own assets over the tool's)
        assets.update(static_files(folder / "assets", "assets"))
    for name, text in assets.items():
        writer.write(name, text)
    removed = writer.remove_stale()
    reuse.save(entries, made.packed, gathered)
    lap("remove stale files, save the cache")
    return _done(project, entries, made, writer, removed, start, problems)


def _scan_and_open(project: Project, use_cache: bool) -> tuple[ContentFiles, Problems, Reuse, DocsWriter]:
    """The content folder's files, the problems found there, what the last run made, and the
    writer of the docs folder. The scan (20,000 system calls at 10,000 sheets) runs in another
    process while this one reads the cache: each takes a tenth of a second of an edit."""
    with beside() as pool:
        scanning = pool.submit(_scan, project.settings)
        reuse = Reuse(project, use_cache=use_cache)
        writer = DocsWriter(project.docs_dir)
        files, found = scanning.result()
    return files, Problems(found), reuse, writer


def _scan(settings: Settings) -> tuple[ContentFiles, list[Problem]]:
    problems = Problems()
    return scan_content(settings, problems), problems.items


def _load_sheet(slug: str, files: ContentFiles, problems: Problems, *, settings: Settings) -> Sheet | None:
    return load_sheet(slug, files, settings, problems)


def _done(project: Project, entries: dict[str, Entry], made: Made, writer: DocsWriter, removed: int,
          start: float, problems: Problems) -> Generated:
    seconds = time.perf_counter() - start
    rendered = len(made.entries)
    log.info("generated %d sheets (%d rendered, %d from the cache) into %s: %d files written, "
             "%d removed, in %.2f s", len(entries), rendered, len(entries) - rendered,
             project.docs_dir, writer.written, removed, seconds)
    return Generated(len(entries), rendered, writer.written, removed, seconds, problems)


class _Laps:
    """Logs, with -v, how long each stage of the generate step took."""

    def __init__(self, start: float) -> None:
        self.last = start

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        log.debug("%6.3f s  %s", now - self.last, stage)
        self.last = now


def static_files(folder: Path, prefix: str) -> dict[str, str]:
    """The trusted stylesheets and scripts shipped with the templates."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}
