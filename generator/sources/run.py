"""`factsheet sources`: read the pages the sheets' references cite, and keep a record of each
(content/sources/<name>.json) with its status, what the page says of itself, its archived
copy and the passages that state the figures resting on it. Whole texts are cached under
build/sources/ (not committed). Each record is written whole (aside, then renamed), so a run
killed at any moment leaves every record whole, and the next run goes on from there."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import os
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator import __version__
from generator.check.evidence import passage, value_key, weigh
from generator.model import (
    Figure,
    Reference,
    Sheet,
    SourceMiss,
    SourcePassage,
    SourceRead,
    SourceRecord,
    SourceState,
)
from generator.problems import Problems
from generator.project import Project
from generator.read.content import scan_content
from generator.read.sources import cached_text, read_records, read_records_named, record_name
from generator.sources.archive import ENDPOINT, closest_copy
from generator.sources.extract import Page, extract
from generator.sources.fetch import Reader
from generator.sources.records import dump, status_after


@dataclass(frozen=True)
class Options:
    refresh: bool = False
    max_age: int = 7  # days
    allow_private: bool = False
    archive_endpoint: str = ENDPOINT
    archive: bool = True
    jobs: int = 8
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class _Cited:
    """A URL and what rests on it: the references that cite it and their figures."""

    url: str
    references: list[tuple[Sheet, Reference]] = field(default_factory=list)
    figures: list[tuple[Sheet, Figure]] = field(default_factory=list)

    @property
    def near(self) -> dt.date:
        """The date an archived copy should be closest to: the earliest citing article's."""
        return min(sheet.published.date() for sheet, _ in self.references)


def cited(sheets: Iterable[Sheet]) -> dict[str, _Cited]:
    """Every URL the sheets cite, with the references and figures that rest on it."""
    found: dict[str, _Cited] = {}
    for sheet in sheets:
        for reference in sheet.references:
            found.setdefault(reference.url, _Cited(reference.url)).references.append(
                (sheet, reference))
        urls = {r.number: r.url for r in sheet.references}
        for figure in sheet.figures:
            for url in dict.fromkeys(urls[n] for n in figure.sources if n in urls):
                found[url].figures.append((sheet, figure))
    return found


def load_records(project: Project, problems: Problems) -> dict[str, SourceRecord]:
    """The records kept, by URL: those the scan finds (inside the content folder, as check
    reads them)."""
    files = scan_content(project.settings, Problems())
    return read_records_named(files.records, project.settings.sources_dir, problems)


def run_sources(project: Project, sheets: list[Sheet], options: Options, problems: Problems,
                say: Callable[[str], None] = print) -> Counter[str]:
    """Read what needs reading, write the records; the counts of the summary."""
    wanted = cited(sheets)
    kept = load_records(project, problems)
    due = [c for url, c in sorted(wanted.items()) if options.refresh or _due(kept.get(url), options)]
    reader = Reader(f"factsheet/{__version__} (+{project.site_url or 'https://github.com/'})",
                    allow_private=options.allow_private)
    by_host: dict[str, list[_Cited]] = defaultdict(list)
    for item in due:
        by_host[(urlsplit(item.url).hostname or "").lower()].append(item)
    done = 0

    def host(items: list[_Cited]) -> list[SourceRecord]:
        return [_read_one(project, reader, item, kept.get(item.url), options) for item in items]

    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, options.jobs)) as pool:
            for records in pool.map(host, by_host.values()):
                for record in records:
                    _write(project, record)
                    kept[record.url] = record
                    done += 1
                    _progress(done, len(due))
    finally:
        reader.close()
        if sys.stderr.isatty() and due:
            print(file=sys.stderr)
    return _summary(project, sheets, problems, say)


def _progress(done: int, total: int) -> None:
    """On a terminal, a counter rewritten in place; elsewhere (a log, CI), a plain line at each
    tenth of the way."""
    if sys.stderr.isatty():
        print(f"\r{done}/{total} sources read", end="", file=sys.stderr, flush=True)
    elif done * 10 // total != (done - 1) * 10 // total:
        print(f"sources read: {done}/{total}", file=sys.stderr, flush=True)


def _due(record: SourceRecord | None, options: Options) -> bool:
    if record is None or not record.history:
        return True
    last = dt.date.fromisoformat(record.history[-1].date)
    return (options.today - last).days >= options.max_age


def _read_one(project: Project, reader: Reader, item: _Cited, previous: SourceRecord | None,
              options: Options) -> SourceRecord:
    response = reader.read(item.url)
    outcome = response.outcome if response.outcome != "ok" else ("moved" if response.permanent else "live")
    earlier = previous.history if previous else ()
    history = (*earlier, SourceRead(options.today.isoformat(), outcome))
    status = status_after(history, outcome)
    archived = None
    if options.archive:
        archived = closest_copy(reader, item.url, item.near, options.archive_endpoint)
    page: Page | None = None
    if status in ("live", "moved"):
        page = extract(response.body, response.content_type)
    elif archived is not None:
        copy = reader.read(archived.url)
        page = extract(copy.body, copy.content_type) if copy.outcome == "ok" else None
    digest = ""
    passages: list[SourcePassage] = []
    missed: list[SourceMiss] = []
    if page is not None:
        digest = "sha256:" + hashlib.sha256(page.text.encode()).hexdigest()
        _cache(project, digest, page.text)
        for sheet, figure in item.figures:
            found = passage(figure, page.text)
            key = value_key(figure)
            if found is not None:
                passages.append(SourcePassage(sheet.slug, figure.number, found.text, found.marks, key))
            else:
                missed.append(SourceMiss(sheet.slug, figure.number, key))
    elif previous is not None and status == "error":  # (what an earlier run read still stands)
        digest, passages, missed = previous.digest, list(previous.passages), list(previous.missed)
    return SourceRecord(
        item.url, status, "", 0, history, response.final_url if outcome == "moved" else "",
        response.http_status, response.content_type[:200], *(_meta(page)),
        archived.url if archived else "", archived.timestamp if archived else "", digest, tuple(passages),
        tuple(missed))


def _meta(page: Page | None) -> tuple[str, str, str, str]:
    if page is None:
        return "", "", "", ""
    return page.title[:500], page.site_name[:200], page.author[:300], page.date[:40]


def _cache(project: Project, digest: str, text: str) -> None:
    folder = project.sources_cache
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (digest.removeprefix("sha256:") + ".txt")
    if not target.exists():
        _replace(target, text)


def _write(project: Project, record: SourceRecord) -> None:
    folder = Path(project.settings.sources_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / record_name(record.url), dump(record))


def _replace(target: Path, text: str) -> None:
    """Write aside, then rename over: a kill leaves the old file or the new, never half."""
    # (named for the thread too: hosts are read side by side, and two pages can have one text)
    aside = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    aside.write_text(text, encoding="utf-8")
    os.replace(aside, target)


def _summary(project: Project, sheets: list[Sheet], problems: Problems, say: Callable[[str], None]
             ) -> Counter[str]:
    """Weigh the sheets with the records as they now are (as check and build will), warn as
    they will, and say the counts."""
    settings = project.settings
    files = scan_content(settings, Problems())
    text_of = functools.partial(cached_text, settings.sources_cache)
    counts: Counter[str] = Counter()
    statuses: dict[str, SourceState] = {}
    for sheet in sheets:
        records = read_records((r.url for r in sheet.references), settings.sources_dir, files.records,
                               problems)
        weighed = weigh(sheet, records, text_of, problems)
        for reference, state in zip(sheet.references, weighed.sources, strict=True):
            statuses[reference.url] = state
        counts.update(f"figures {e.status}" for e in weighed.evidence)
    counts.update(state.status for state in statuses.values())
    archived = sum(1 for state in statuses.values() if state.status == "dead" and state.archived)
    figures = sum(len(sheet.figures) for sheet in sheets)
    say(f"{len(statuses)} sources: {counts['live']} live, {counts['moved']} moved, {counts['dead']} dead "
        f"({archived} archived), {counts['blocked']} blocked, {counts['error']} errors"
        + (f", {counts['unchecked']} unchecked" if counts["unchecked"] else "")
        + f"; {figures} figures: {counts['figures stated']} stated, {counts['figures not-found']} not found, "
        f"{counts['figures unchecked']} unchecked")
    return counts
