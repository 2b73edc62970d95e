"""Numbers and dates at their edges, as a reader reads them: ranges that share a scale, the
thousands separator from 1,000 on, decimals, the clock at noon and midnight, and the quote
warning's exact words."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.check.numbers import format_value, quote_disagreement, value_parts
from generator.model import Figure
from generator.problems import Problems
from generator.read.dates import DateError, format_datetime, parse_iso_datetime
from generator.read.figures import load_figures


def _figure(value: tuple[float, ...], unit: str = "troops", qualifier: str = "", quote: str = "") -> Figure:
    return Figure("L", value, qualifier, unit, None, (1,), quote, "", 1)


@pytest.mark.parametrize("value, unit, shown", [
    ((2_000_000, 3_000_000), "people", "2–3 million people"),  # one scale, said once
    ((2_000_000, 3_000_000_000), "people", "2 million–3 billion people"),
    ((900, 1_500_000), "people", "900–1.5 million people"),
    ((1500.5,), "tonnes", "1,500.5 tonnes"),
    ((999.5,), "tonnes", "999.5 tonnes"),
    ((1000.0,), "tonnes", "1,000 tonnes"),
    ((2.5e9,), "USD", "$2.5 billion"),
    ((45,), "%", "45%"),
    ((10_000, 12_000), "", "10,000–12,000"),
])
def test_a_value_reads_as_a_reader_expects(value: tuple[float, ...], unit: str, shown: str) -> None:
    assert format_value(_figure(value, unit)) == shown


def test_value_parts_keep_the_qualifier_apart() -> None:
    assert value_parts(_figure((6_000_000,), "shells", "up to")) == ("up to", "6 million", "shells")
    assert value_parts(_figure((2.5e9,), "EUR", "about")) == ("about", "€2.5 billion", "")


@pytest.mark.parametrize("value, quote, warning", [
    ((1500,), "about 1,500 troops", ""),
    ((1500,), "troops arrived", ""),  # (no number: nothing to compare)
    ((1500,), "about 1,600 troops", "the quote states 1,600, which does not match the value 1,500"),
    ((1000, 1200.5), "between 900 and 1,200.5",
     "the quote states 900, 1,200.5, which does not match the value 1,000 and 1,200.5"),
])
def test_a_quote_s_numbers_must_include_the_value(value: tuple[float, ...], quote: str, warning: str) -> None:
    assert quote_disagreement(_figure(value, quote=quote)) == warning


@pytest.mark.parametrize("hour, minute, shown", [
    (0, 5, "7 May 2025, 12:05 am ET"),
    (11, 59, "7 May 2025, 11:59 am ET"),
    (12, 0, "7 May 2025, 12:00 pm ET"),
    (19, 48, "7 May 2025, 7:48 pm ET"),
])
def test_the_clock_reads_as_the_article_gave_it(hour: int, minute: int, shown: str) -> None:
    assert format_datetime(dt.datetime(2025, 5, 7, hour, minute), "ET") == shown


def test_an_iso_date_takes_z_for_utc_and_needs_an_offset() -> None:
    assert parse_iso_datetime("2025-05-07T19:48:00Z") == dt.datetime(2025, 5, 7, 19, 48, tzinfo=dt.UTC)
    assert parse_iso_datetime("2025-05-07T19:48:00-04:00").utcoffset() == dt.timedelta(hours=-4)
    with pytest.raises(DateError) as raised:
        parse_iso_datetime("2025-05-07T19:48:00")
    assert str(raised.value) == ("the date '2025-05-07T19:48:00' needs a time with an offset, e.g. "
                                 "2025-05-07T19:48:00-04:00")
    with pytest.raises(DateError) as raised:
        parse_iso_datetime("7 May 2025")
    assert str(raised.value) == ("expected an ISO 8601 date and time with offset, e.g. "
                                 "2025-05-07T19:48:00-04:00, got '7 May 2025'")


@pytest.mark.parametrize("value, message", [
    ("999999999999999999", ""),
    ("1234567890123456789012",
     "f.yaml:2:23: error: figure 'L': value has 22 digits before the point and 0 after; at most 18 and 12 "
     "are accepted (longer numbers lose their last digits in spreadsheets and JSON readers)"),
    ("1.1234567890123",
     "f.yaml:2:23: error: figure 'L': value has 1 digits before the point and 13 after; at most 18 and 12 "
     "are accepted (longer numbers lose their last digits in spreadsheets and JSON readers)"),
])
def test_the_largest_value_is_said_in_words(value: str, message: str) -> None:
    problems = Problems()
    load_figures(f"figures:\n  - {{label: L, value: {value}, source: 1}}\n", "f.yaml", problems)
    assert [str(p) for p in problems.items] == ([message] if message else [])


def test_a_quote_s_number_longer_than_any_value_is_said_so() -> None:
    quote = "7" * 401 + " troops"
    assert quote_disagreement(_figure((5,), quote=quote)) == \
        "the quote states a number of 401 digits, longer than any value may be (18 digits)"
    assert quote_disagreement(_figure((5,), quote="1,234,567,890,123,456,789 troops")) == \
        "the quote states a number of 19 digits, longer than any value may be (18 digits)"
