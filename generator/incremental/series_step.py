"""The series of a generate run, worked out again only where they may have changed.

A series can change only when one of its reports does (a sheet read again this run, or gone)
or its series file does. Each run therefore groups the reports of every sheet by series (a few
milliseconds at 10,000 sheets), and computes again only the series touched; the
others keep what the cache holds of them: the key of their page, their problems, their line
on the index of series. A sheet's cards show its series (Note), so the sheets of touched
series whose notes changed are rendered again, and no others."""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import NamedTuple

from generator.check.series import gather_one, warn_unused
from generator.model import Report, Series, SeriesInfo
from generator.problems import Problem, Problems
from generator.render.series_pages import IndexRow, Note, index_row, notes, notes_key, series_key


class SeriesEntry(NamedTuple):
    """What the cache keeps of a series."""

    key: str  # of its page and data files: series_key
    info: str  # a digest of its series file, "" without one
    problems: tuple[Problem, ...]  # its disagreements (warnings; series with errors are not kept)
    row: IndexRow


class Gathered(NamedTuple):
    entries: dict[str, SeriesEntry]  # every series
    groups: dict[str, list[Report]]  # every series' reports
    cards: dict[str, dict[int, Note]]  # the notes of the sheets in the series computed this run
    touched: set[str]  # the series computed this run


def gather_changed(reports: Iterable[Report], changed: Collection[str], left: Collection[str],
                   infos: list[SeriesInfo], previous: dict[str, SeriesEntry], site_url: str,
                   problems: Problems) -> Gathered:
    """Group every report (`reports`: those of all sheets as they are now), and compute again
    the series that hold a report of a `changed` sheet (read again this run), that lost one
    (`left`: the series of the reports that are no more), that `previous` does not know, or
    whose series file changed."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for plain in reports:
        groups[plain[0]].append(plain)
    described = {info.slug: info for info in infos}
    warn_unused(described, groups.keys(), problems)
    digests = {slug: _digest(info) for slug, info in described.items()}
    touched = {slug for slug, group in groups.items()
               if slug in left or slug not in previous or previous[slug].info != digests.get(slug, "")
               or any(report.sheet in changed for report in group)}
    entries: dict[str, SeriesEntry] = {}
    cards: dict[str, dict[int, Note]] = {}
    for slug in sorted(groups):
        if slug not in touched:
            entries[slug] = previous[slug]
            problems.items.extend(previous[slug].problems)
            continue
        found = Problems()
        series = gather_one(slug, groups[slug], described.get(slug), found)
        problems.items.extend(found.items)
        entries[slug] = SeriesEntry(series_key(series, site_url), digests.get(slug, ""),
                                    tuple(found.items), index_row(series))
        for sheet, shown in notes([series]).items():
            cards.setdefault(sheet, {}).update(shown)
    # A sheet of a touched series may report other series too: its page needs their notes.
    others: dict[str, dict[str, dict[int, Note]]] = {}
    for slug, group in groups.items():
        if slug in touched:
            continue
        for sheet in {report.sheet for report in group} & cards.keys():
            if slug not in others:
                series = gather_one(slug, group, described.get(slug), Problems())
                others[slug] = notes([series])
            cards[sheet].update(others[slug][sheet])
    return Gathered(entries, dict(groups), cards, touched)


def touched_by(left: Iterable[Report]) -> set[str]:
    """The series of reports that are no more (of sheets read again, or gone)."""
    return {report.series for report in left}


def renders_again(gathered: Gathered, kept: dict[str, str], fresh: Collection[str]) -> list[str]:
    """The kept sheets (their notes_key when rendered, by slug) in touched series whose cards
    now say something else of them. A kept sheet that left every series was read again."""
    found = set()
    members = {report.sheet for slug in gathered.touched for report in gathered.groups[slug]}
    for sheet in members:
        if sheet not in fresh and sheet in kept and kept[sheet] != notes_key(gathered.cards.get(sheet)):
            found.add(sheet)
    return sorted(found)


def _digest(info: SeriesInfo) -> str:
    return hashlib.blake2b(repr(tuple(info)).encode(), digest_size=12).hexdigest()


def series_maker(gathered: Gathered, infos: list[SeriesInfo]) -> Callable[[str], Series]:
    """A series computed when first asked for: the pages of untouched series are rendered only
    when their file went missing."""
    described = {info.slug: info for info in infos}

    @functools.cache
    def series_of(slug: str) -> Series:
        return gather_one(slug, gathered.groups[slug], described.get(slug), Problems())

    return series_of
