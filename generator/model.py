"""The content model: named tuples (immutable, and quick to make and to load from the cache),
each carrying where it came from. Imports nothing from the rest of the package, so every
stage can depend on it and it on none of them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

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

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

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


class FigureSet(NamedTuple):
    path: str
    title: str
    summary: str
    tags: tuple[str, ...]
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]
    references: tuple[ReferenceExtra, ...]


class Sheet(NamedTuple):
    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    article: Article
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]  # in date order, the publication among them
    references: tuple[Reference, ...]  # in number order

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

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({t for s in self.sheets for t in s.tags}))
