"""Dated events in a sentence, as the draft reads them: a full date, "on <day>", a month and
year, "since <year>", and spans ("from April to June"); what happened, from the date's clause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.authoring.labels import LABEL_CUT, NOT_FIRST, REPORTED, SAYING, trimmed
from generator.authoring.sentences import MONTH, MONTH_NUMBER
from generator.model import PartialDate
from generator.read.figures import LONGEST


@dataclass
class EventProposal:
    date: PartialDate
    end: PartialDate | None
    title: str
    sources: tuple[int, ...]


_DAY_DATE = re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                       rf"(?:,?\s+(?P<year>\d{{4}}))?"
                       rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH})(?:\s+(?P<year2>\d{{4}}))?")
MONTH_DATE = re.compile(rf"\b(?P<month>{MONTH})\s+(?P<year>\d{{4}})\b")
_SINCE_YEAR = re.compile(r"\bsince\s+(?P<year>\d{4})\b(?![-–]|\s*[,.]?\s*\d)")
_DATE_LEAD = re.compile(r"\s*(?:since|on|in|from|between|by|until|as of)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:to|and|until|through|[-–])\s*$", re.IGNORECASE)


# "..., as reported by the agency on May 7": who reported it, not what happened
_ATTRIBUTION = re.compile(r"^\s*(?:as\s+)?(?:(?:was|were)\s+)?(?:reported|announced|said|stated|"
                          r"confirmed)\s+by\b|^\s*(?:by|according\s+to)\b", re.IGNORECASE)


# A day without a year is an event's date after these ("on October 18"), or as the end of a
# span ("from April 19 to June 1"); not after others ("in the year to October 1").
_DAY_LEAD = re.compile(r"\b(?:on|between|from|since)\s+$|\d\s+(?:to|and|until|through|[-–])\s+$",
                       re.IGNORECASE)


@dataclass
class _Date:
    date: PartialDate
    start: int
    end: int


def _dates(text: str, published: dt.date) -> list[_Date]:
    taken: list[tuple[int, int]] = []
    found: list[_Date] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in _DAY_DATE.finditer(text):
        month = MONTH_NUMBER.get((m["month"] or m["month2"]).lower()[:3])
        day, year = int(m["day"] or m["day2"]), m["year"] or m["year2"]
        if month is None:
            continue
        if not year and not _DAY_LEAD.search(text[:m.start()]):
            continue  # ("in the year to October 1" is not an event; "on October 18" is)
        number = int(year) if year else published.year
        try:
            when = dt.date(number, month, day)
            if not year and when > published + dt.timedelta(days=60):
                when = dt.date(number - 1, month, day)  # (December, in a January article)
        except ValueError:
            continue
        found.append(_Date(PartialDate.of(when), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in MONTH_DATE.finditer(text):
        month = MONTH_NUMBER.get(m["month"].lower()[:3])
        if month and free(m.start(), m.end()):
            found.append(_Date(PartialDate(int(m["year"]), month), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _SINCE_YEAR.finditer(text):
        if free(m.start("year"), m.end()):
            found.append(_Date(PartialDate(int(m["year"])), m.start("year"), m.end()))
    return sorted(found, key=lambda d: d.start)


def events_of(text: str, sources: tuple[int, ...], published: dt.date) -> list[EventProposal]:
    """The dated events a sentence states: one for a date, one with an end for "from X to Y"."""
    dates = _dates(text, published)
    events: list[EventProposal] = []
    index = floor = 0
    while index < len(dates):
        first, end = dates[index], None
        if index + 1 < len(dates) and _RANGE_JOIN.match(text[first.end:dates[index + 1].start]):
            later = dates[index + 1]
            if later.date.first_day() >= first.date.first_day():
                end = later
                index += 1
        index += 1
        last = end or first
        if last.date.first_day() > published:
            continue  # (what is planned is not yet an event)
        title = _event_title(text, first.start, last.end, floor)
        floor = last.end
        if title:
            events.append(EventProposal(first.date, end.date if end else None, title, sources))
    return events


def _event_title(text: str, start: int, end: int, floor: int) -> str:
    """What happened at the date, from its clause: "fighting broke out in April 2023" ->
    "Fighting broke out"; `floor` is where the clause may start at the earliest."""
    before, after = text[floor:start], text[end:]
    lead = _DATE_LEAD.search(before)
    if lead:
        before = before[:lead.start()]
    comma = max(before.rfind(", "), before.rfind("; "))
    clause = before[comma + 2:] if comma >= 0 else before
    if comma >= 0 and _ATTRIBUTION.match(clause):  # (what was reported is before the comma)
        before = before[:comma]
        comma = max(before.rfind(", "), before.rfind("; "))
        clause = before[comma + 2:] if comma >= 0 else before
    if comma >= 0 and clause[:1].islower() and not clause.startswith(("and ", "or ", "but ")):
        # "North Korea's leader, Kim Jong Un, has ordered ...": the clause's subject is the
        # part before it
        subject = before[:comma]
        start = max(subject.rfind(", "), subject.rfind("; "))
        clause = f"{subject[start + 2:] if start >= 0 else subject} {clause}"
    since = clause.lower().rfind(" since ")
    if since >= 0:  # "... since fighting broke out in April 2023": what began then
        clause = clause[since + 7:]
    cut = LABEL_CUT.search(after)
    rest = after[:cut.start() if cut else len(after)]
    if len(clause.split()) < 3 and not re.match(r"\s*(?:and|or|but)\b", rest):
        clause = f"{clause} {rest}"
    clause = REPORTED.sub("", re.sub(r"^\s*(?:and|or|but|while|when|that)\s+", "", clause.strip()))
    title = trimmed(" ".join(clause.split()[:14]))
    if len(title.split()) < 2 or title.split()[0].lower() in NOT_FIRST or _ATTRIBUTION.match(title) \
            or SAYING.search(title):
        return ""  # ("This surge ...", "By the agency ...", "The agency said": none stands alone)
    return (title[0].upper() + title[1:])[:LONGEST["title"]]
