from __future__ import annotations

import pytest

from generator.model import PartialDate
from generator.read.dates import DateError, format_datetime, parse_dateline, parse_partial_date


@pytest.mark.parametrize(("line", "iso"), [
    ("Wednesday, May 7, 2025 7:48 pm ET", "2025-05-07T19:48:00-04:00"),
    ("Monday, January 6, 2025 7:48 PM ET", "2025-01-06T19:48:00-05:00"),
    ("May 7, 2025 7:48 am PT", "2025-05-07T07:48:00-07:00"),
    ("January 7, 2025 7:48 am PT", "2025-01-07T07:48:00-08:00"),
    ("May 7, 2025 12:05 a.m. CT", "2025-05-07T00:05:00-05:00"),
    ("May 7, 2025 12:05 P.M. MT", "2025-05-07T12:05:00-06:00"),
    ("Wed, May 7, 2025 7:48 pm EST", "2025-05-07T19:48:00-05:00"),
    ("May 7, 2025 19:48 UTC", "2025-05-07T19:48:00+00:00"),
    ("May 7, 2025 7:48 pm GMT", "2025-05-07T19:48:00+00:00"),
    ("May 7, 2025 19:48 Z", "2025-05-07T19:48:00+00:00"),
    ("Sept 7, 2025 7 pm +09:00", "2025-09-07T19:00:00+09:00"),
    ("Dec 7, 2025 7:48 pm -0330", "2025-12-07T19:48:00-03:30"),
])
def test_dateline_reads_zone_aware_datetimes(line: str, iso: str) -> None:
    assert parse_dateline(line).when.isoformat() == iso


def test_dst_boundary_follows_the_date() -> None:
    # US daylight saving began at 2 am on 9 March 2025.
    assert parse_dateline("March 8, 2025 3:00 pm ET").when.isoformat().endswith("-05:00")
    assert parse_dateline("March 10, 2025 3:00 pm ET").when.isoformat().endswith("-04:00")


def test_weekday_mismatch_is_reported_not_fatal() -> None:
    parsed = parse_dateline("Tuesday, May 7, 2025 7:48 pm ET")
    assert parsed.weekday_mismatch == "the dateline says Tuesday but May 7, 2025 was a Wednesday"
    assert parse_dateline("Wednesday, May 7, 2025 7:48 pm ET").weekday_mismatch == ""


@pytest.mark.parametrize(("line", "message"), [
    ("May 7, 2025 7:48 pm XT", "unknown time zone 'XT'; expected one of ET, CT, MT, PT, EST, EDT, "
                               "CST, CDT, MST, MDT, PST, PDT, UTC, GMT, Z, +HH:MM"),
    ("Foo 7, 2025 7:48 pm ET", "unknown month 'Foo' in dateline 'Foo 7, 2025 7:48 pm ET'"),
    ("February 30, 2025 7:48 pm ET", "impossible date or time in 'February 30, 2025 7:48 pm ET': "
                                     "day is out of range for month"),
    ("May 7, 2025 13:48 pm ET", "hour 13 is not a 12-hour clock time in 'May 7, 2025 13:48 pm ET'"),
    ("yesterday evening", "cannot read the dateline 'yesterday evening'; expected e.g. "
                          "'Wednesday, May 7, 2025 7:48 pm ET'"),
])
def test_unreadable_datelines_are_errors(line: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_dateline(line)
    assert str(info.value) == message


def test_datetime_is_shown_with_its_zone() -> None:
    parsed = parse_dateline("Wednesday, May 7, 2025 7:48 pm ET")
    assert format_datetime(parsed.when, parsed.zone) == "7 May 2025, 7:48 pm ET"


@pytest.mark.parametrize(("text", "display"), [
    ("2022", "2022"), ("2024-08", "August 2024"), ("2025-05-07", "7 May 2025"),
])
def test_partial_dates_show_at_their_precision(text: str, display: str) -> None:
    assert parse_partial_date(text).display == display
    assert parse_partial_date(text).iso == text


@pytest.mark.parametrize(("text", "message"), [
    ("2024-02-30", "'2024-02-30' is not a day of the calendar"),
    ("2024-13", "'2024-13' has no month 13"),
    ("24-01-01", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '24-01-01'"),
])
def test_bad_partial_dates(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_partial_date(text)
    assert str(info.value) == message


def test_partial_dates_order_by_first_day() -> None:
    assert PartialDate(2022).first_day() < PartialDate(2022, 3).first_day()
