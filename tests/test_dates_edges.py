"""Datelines at their edges: short weekday names, the zone as written, offsets at their limits,
and the exact message for each dateline that cannot be read."""

from __future__ import annotations

import pytest

from generator.read.dates import DateError, parse_dateline


@pytest.mark.parametrize("text, when, zone, mismatch", [
    ("Tues, May 6, 2025 7:48 pm ET", "2025-05-06T19:48:00-04:00", "ET", ""),
    ("Thur, May 8, 2025 7:48 pm ET", "2025-05-08T19:48:00-04:00", "ET", ""),
    ("Thurs, May 8, 2025 7:48 pm ET", "2025-05-08T19:48:00-04:00", "ET", ""),
    ("Tues, May 7, 2025 7:48 pm ET", "2025-05-07T19:48:00-04:00", "ET",
     "the dateline says Tues but May 7, 2025 was a Wednesday"),
    ("May 7, 2025 7:48 PM et", "2025-05-07T19:48:00-04:00", "ET", ""),
    ("May 7, 2025 12:05 am UTC", "2025-05-07T00:05:00+00:00", "UTC", ""),
    ("May 7, 2025 7 pm ET", "2025-05-07T19:00:00-04:00", "ET", ""),
    ("May 7, 2025 12 pm Z", "2025-05-07T12:00:00+00:00", "Z", ""),
    ("May 7, 2025 7:48 pm +14:00", "2025-05-07T19:48:00+14:00", "+14:00", ""),
    ("May 7, 2025 7:48 pm +05:59", "2025-05-07T19:48:00+05:59", "+05:59", ""),
])
def test_a_dateline_reads_as_written(text: str, when: str, zone: str, mismatch: str) -> None:
    dateline = parse_dateline(text)
    assert (dateline.when.isoformat(), dateline.zone, dateline.weekday_mismatch) == (when, zone, mismatch)


@pytest.mark.parametrize("text, message", [
    ("Funday, May 7, 2025 7:48 pm ET",
     "unknown weekday 'Funday' in dateline 'Funday, May 7, 2025 7:48 pm ET'"),
    ("May 7, 2025 7:48 pm +15:00", "offset +15:00 is out of range"),
    ("May 7, 2025 7:48 pm +05:60", "offset +05:60 is out of range"),
    ("May 7, 2025 7 ET", "the time in 'May 7, 2025 7 ET' needs minutes or am/pm"),
])
def test_a_dateline_that_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_dateline(text)
    assert str(raised.value) == message
