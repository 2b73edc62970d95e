"""The content model: named tuples (immutable, and quick to make and to load from the cache),
each carrying where it came from. Imports nothing from the rest of the package, so every
stage can depend on it and it on none of them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from urllib.parse import urlsplit

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day (YYYY, YYYY-MM, YYYY-MM-DD)."""

    year: int
    month: int = 0  # 0: not known
    day: int = 0

    @property
    def iso(self) -> str:
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        """Shown at its precision: "2022", "August 2024", "7 May 2025"."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    @property
    def short(self) -> str:
        """Shown at its precision, briefly: "2022", "Aug 2024", "7 May 2025"."""
        if not self.month:
            return str(self.year)
        month = MONTHS[self.month - 1][:3]
        return f"{month} {self.year}" if not self.day else f"{self.day} {month} {self.year}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if not self.month:
            return dt.date(self.year, 12, 31)
        if not self.day:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return self.first_day()

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)


class Citation(NamedTuple):
    """A citation marker such as ``[1, 2]`` in article text."""

    numbers: tuple[int, ...]
    start: int  # offset in the paragraph text
    end: int
    line: int
    col: int


class Paragraph(NamedTuple):
    text: str
    line: int
    citations: tuple[Citation, ...]


class Reference(NamedTuple):
    """A numbered reference. ``article`` is the slug of the article that numbers it, so that a
    sheet drawing on several articles can key references by (article, number)."""

    article: str
    number: int
    url: str
    title: str = ""
    publisher: str = ""
    path: str = ""
    line: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.article, self.number)

    @property
    def domain(self) -> str:
        """The host a reader recognises: "stripes.com"."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")

    @property
    def name(self) -> str:
        """What a reference list shows besides the link: title, else publisher, else domain."""
        return self.title or self.publisher or self.domain


class Article(NamedTuple):
    path: str
    slug: str
    format: str  # "wire" or "markdown"
    headline: str
    published: dt.datetime  # zone-aware
    zone: str  # the zone as written: "ET", "UTC", "+09:00"
    paragraphs: tuple[Paragraph, ...]
    references: tuple[Reference, ...]
    body_markdown: str = ""  # markdown articles only: the body as written
    headline_line: int = 1
    rejected_references: tuple[int, ...] = ()  # numbers whose line was an error already


class Figure(NamedTuple):
    label: str
    value: tuple[int | float, ...]  # one value, or (low, high)
    qualifier: str
    unit: str
    as_of: PartialDate | None
    sources: tuple[int, ...]
    quote: str
    note: str
    line: int
    marks: tuple[tuple[str, int, int], ...] = ()  # (key, line, col) of each key's value
    series: str = ""  # the slug of the series it reports, if any
    by: str = ""  # who states it, if the figures file says
    number: int = 0  # its position in the figures file, from 1: its card is #figure-<number>
    col: int = 0  # where its item starts

    def at(self, key: str) -> tuple[int, int]:
        return _at(self.marks, key, self.line)

    @property
    def is_range(self) -> bool:
        return len(self.value) == 2


class Event(NamedTuple):
    date: PartialDate
    end: PartialDate | None
    title: str
    sources: tuple[int, ...]
    line: int
    sheet: str = ""  # slug of the sheet it belongs to
    is_publication: bool = False
    marks: tuple[tuple[str, int, int], ...] = ()

    def at(self, key: str) -> tuple[int, int]:
        return _at(self.marks, key, self.line)


def _at(marks: tuple[tuple[str, int, int], ...], key: str, line: int) -> tuple[int, int]:
    return next(((ln, col) for k, ln, col in marks if k == key), (line, 0))


class ReferenceExtra(NamedTuple):
    """What a figures file adds to a reference: a title, a publisher, or a whole new one."""

    number: int
    url: str
    title: str
    publisher: str
    line: int


class SeriesInfo(NamedTuple):
    """What ``content/series/<slug>.yaml`` says of a series (every field optional)."""

    slug: str
    path: str
    title: str = ""
    summary: str = ""
    unit: str = ""
    unit_at: tuple[int, int] = (1, 1)


class Report(NamedTuple):
    """A figure that names a series, with what a series page and the other reports' cards
    need of it and of its sheet: plain data, which the cache keeps for unchanged sheets."""

    series: str
    sheet: str  # slug
    number: int  # the figure's position in its file: the report's id is <sheet>#figure-<number>
    label: str
    value: tuple[int | float, ...]
    qualifier: str
    unit: str
    as_of: PartialDate  # as given, or the article's date
    by: str
    sources: tuple[tuple[str, str], ...]  # (url, name) of each reference it cites
    quote: str
    sheet_title: str
    path: str  # the figures file, and where the figure, its unit (or series) key start
    line: int
    col: int
    unit_at: tuple[int, int]

    @property
    def id(self) -> str:
        return f"{self.sheet}#figure-{self.number}"


class ReportInSeries(NamedTuple):
    """A report in its series: its place, what it revises, whom it disagrees with."""

    report: Report
    position: int  # from 1, in series order
    revises: Report | None
    disagrees: tuple[Report, ...]  # in series order


class Series(NamedTuple):
    slug: str
    title: str
    summary: str
    unit: str
    reports: tuple[ReportInSeries, ...]  # in series order
    info: SeriesInfo | None  # the series file, if there is one

    @property
    def latest(self) -> ReportInSeries:
        return self.reports[-1]

    def pairs(self) -> list[tuple[ReportInSeries, ReportInSeries]]:
        """Each disagreeing pair once, the later report second, in series order of the later."""
        at = {p.report.id: p for p in self.reports}
        return [(at[other.id], placed) for placed in self.reports for other in placed.disagrees
                if at[other.id].position < placed.position]


class FigureSet(NamedTuple):
    path: str
    title: str
    summary: str
    tags: tuple[str, ...]
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]
    references: tuple[ReferenceExtra, ...]
    rejected_references: tuple[int, ...] = ()  # numbers whose entry was an error already


class Sheet(NamedTuple):
    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    article: Article
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]  # in date order, the publication among them
    references: tuple[Reference, ...]  # in number order
    figures_path: str = ""  # the figures file, as messages name it ("" without one)
    evidence: tuple[Evidence, ...] = ()  # one a figure, in order, once the records are weighed
    sources: tuple[SourceState, ...] = ()  # one a reference, in order, likewise

    @property
    def published(self) -> dt.datetime:
        return self.article.published


class Page(NamedTuple):
    """A hand-written page from ``content/pages``, copied into the site."""

    name: str
    title: str
    body: str  # Markdown, without the title line


class Site(NamedTuple):
    sheets: tuple[Sheet, ...]  # newest first
    pages: tuple[Page, ...]
    series: tuple[Series, ...] = ()  # by slug

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({t for s in self.sheets for t in s.tags}))


class SourceRead(NamedTuple):
    """One time `factsheet sources` read a cited page, and what became of it."""

    date: str  # YYYY-MM-DD
    outcome: str  # live, moved, dead, blocked or error


class SourcePassage(NamedTuple):
    """A sentence of a cited page that states a figure (check/evidence.py)."""

    sheet: str
    figure: int  # the figure's number in its file: #figure-<n>
    text: str
    marks: tuple[tuple[int, int], ...]  # where the value's numbers stand in the text
    value: str = ""  # the figure's value when it was found (value_key): an edit since is seen


class SourceMiss(NamedTuple):
    """A figure a cited page's text was searched for, in vain, and the value searched for."""

    sheet: str
    figure: int
    value: str


class SourceRecord(NamedTuple):
    """What is known of one cited URL (content/sources/<name>.yaml): content like any other,
    kept so that check and build show the evidence without touching the network."""

    url: str
    status: str  # live, moved, dead, blocked, error or unchecked
    path: str  # the record's file, and where its status is written
    line: int
    history: tuple[SourceRead, ...] = ()  # oldest first
    final_url: str = ""  # where a moved page is now
    http_status: int = 0
    content_type: str = ""
    title: str = ""
    site_name: str = ""
    author: str = ""
    date: str = ""  # the page's own date, as it gives it
    archived_url: str = ""
    archived_timestamp: str = ""
    digest: str = ""  # of the text read ("sha256:..."), whose whole is cached under build/
    passages: tuple[SourcePassage, ...] = ()
    missed: tuple[SourceMiss, ...] = ()

    @property
    def read(self) -> str:
        """The date of the last read (YYYY-MM-DD), or "" if never read."""
        return self.history[-1].date if self.history else ""

    @property
    def has_text(self) -> bool:
        return bool(self.digest)


class SourceState(NamedTuple):
    """What the records say of one reference of a sheet (unchecked when there is no record)."""

    number: int
    status: str = "unchecked"
    final_url: str = ""
    read: str = ""  # YYYY-MM-DD of the last read
    archived: str = ""  # the archived copy's address
    site_name: str = ""
    title: str = ""


class EvidencePassage(NamedTuple):
    """A sentence of a cited page that states a figure, ready to show and link."""

    reference: int
    text: str
    marks: tuple[tuple[int, int], ...]
    page: str  # the page's address (where it was read); render/exports.py links to the passage in it
    archived: str = ""  # the archived copy the text was read from, if it was


class Evidence(NamedTuple):
    """Whether a figure is stated by the pages it cites (CONTENT-FORMAT.md, "Evidence")."""

    status: str = "unchecked"  # stated, not-found or unchecked
    passages: tuple[EvidencePassage, ...] = ()
