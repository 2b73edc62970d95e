"""Datelines such as ``Wednesday, May 7, 2025 7:48 pm ET`` and partial dates such as ``2024-08``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.model import MONTHS, PartialDate

# US zone names follow daylight saving from the date; the others are fixed offsets.
_DST_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_FIXED_ZONES = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "UTC": 0, "GMT": 0, "Z": 0,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)
} | {"sept": 9}

_DATELINE = re.compile(
    r"""^\s*
    (?:(?P<weekday>[A-Za-z]+)\.?,?\s+)?
    (?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}),?
    \s+(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*
    (?P<ampm>[AaPp]\.?\s?[Mm]\.?)?
    \s+(?P<zone>[A-Za-z]+|[+-]\d{2}:?\d{2})\s*$""",
    re.VERBOSE,
)
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Dateline:
    when: dt.datetime
    zone: str
    weekday_mismatch: str  # empty, or a message


def parse_dateline(text: str) -> Dateline:
    """Read a dateline into a zone-aware datetime; raise DateError with a reason if unreadable."""
    m = _DATELINE.match(text)
    if not m:
        raise DateError(
            f"cannot read the dateline {text.strip()!r}; "
            "expected e.g. 'Wednesday, May 7, 2025 7:48 pm ET'"
        )
    month = _MONTH_NAMES.get(m["month"].lower())
    if month is None:
        raise DateError(f"unknown month {m['month']!r} in dateline {text.strip()!r}")
    hour, minute = int(m["hour"]), int(m["minute"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise DateError(f"hour {hour} is not a 12-hour clock time in {text.strip()!r}")
        hour = hour % 12 + (12 if m["ampm"][0] in "Pp" else 0)
    elif m["minute"] is None:
        raise DateError(f"the time in {text.strip()!r} needs minutes or am/pm")
    try:
        naive = dt.datetime(int(m["year"]), month, int(m["day"]), hour, minute)
    except ValueError as e:
        raise DateError(f"impossible date or time in {text.strip()!r}: {e}") from None
    zone = m["zone"]
    when = naive.replace(tzinfo=_zone(zone))
    mismatch = ""
    if m["weekday"]:
        named = _weekday_index(m["weekday"])
        if named is None:
            raise DateError(f"unknown weekday {m['weekday']!r} in dateline {text.strip()!r}")
        if named != naive.weekday():
            mismatch = (
                f"the dateline says {m['weekday']} but {naive:%B} {naive.day}, {naive.year} "
                f"was a {_WEEKDAYS[naive.weekday()].capitalize()}"
            )
    return Dateline(when, zone.upper() if zone.isalpha() else zone, mismatch)


def _zone(name: str) -> dt.tzinfo:
    if name[0] in "+-":
        sign = -1 if name[0] == "-" else 1
        digits = name[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 14 or minutes >= 60:
            raise DateError(f"offset {name} is out of range")
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    upper = name.upper()
    if upper in _DST_ZONES:
        return ZoneInfo(_DST_ZONES[upper])
    if upper in _FIXED_ZONES:
        return dt.timezone(dt.timedelta(hours=_FIXED_ZONES[upper]))
    known = ", ".join([*_DST_ZONES, *_FIXED_ZONES, "+HH:MM"])
    raise DateError(f"unknown time zone {name!r}; expected one of {known}")


def _weekday_index(word: str) -> int | None:
    w = word.lower()
    for i, name in enumerate(_WEEKDAYS):
        if len(w) >= 3 and name.startswith(w):
            return i
    return {"tues": 1, "thur": 3, "thurs": 3}.get(w)


def parse_partial_date(text: str) -> PartialDate:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise DateError naming the problem."""
    m = _PARTIAL.match(text)
    if not m:
        raise DateError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12:
        raise DateError(f"{text!r} has no month {month}")
    if m[3]:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise DateError(f"{text!r} is not a day of the calendar") from None
    return PartialDate(year, month, day)


def parse_iso_datetime(text: str) -> dt.datetime:
    """Read an ISO 8601 date and time with an offset, as Markdown front matter gives it."""
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise DateError(
            f"expected an ISO 8601 date and time with offset, e.g. 2025-05-07T19:48:00-04:00, "
            f"got {text!r}"
        ) from None
    if when.tzinfo is None:
        raise DateError(f"the date {text!r} needs a time with an offset, "
                        "e.g. 2025-05-07T19:48:00-04:00")
    return when


def format_datetime(when: dt.datetime, zone: str) -> str:
    """"7 May 2025, 7:48 pm ET": the clock as the article gave it, with its zone."""
    hour = when.hour % 12 or 12
    ampm = "am" if when.hour < 12 else "pm"
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}, {hour}:{when.minute:02d} {ampm} {zone}"
