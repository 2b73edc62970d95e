"""The rules of series (CONTENT-FORMAT.md, "Series and attribution"): value intervals, the
31-day window, order, revisions and disagreements."""

from __future__ import annotations

import math

import pytest

from generator.check.series import Interval, arrange, close_in_time, days_apart, gather, value_interval
from generator.model import PartialDate, Report, SeriesInfo
from generator.problems import Problems

from .conftest import messages


def report(sheet: str, value: tuple[float, ...], as_of: str, by: str = "", qualifier: str = "",
           number: int = 1, unit: str = "troops", series: str = "s") -> Report:
    parts = [int(p) for p in as_of.split("-")]
    return Report(series, sheet, number, f"label of {sheet}", value, qualifier, unit,
                  PartialDate(*parts), by, (("https://example.com/" + sheet, "example.com"),), "",
                  sheet.title(), f"{sheet}.yaml", 10 * number, 5, (10 * number + 3, 11))


@pytest.mark.parametrize(("value", "qualifier", "expected"), [
    ((100,), "", Interval(100, 100)),
    ((100,), "about", Interval(90, 110.00000000000001)),
    ((100,), "nearly", Interval(90, 100)),
    ((100,), "up to", Interval(0, 100)),
    ((100,), "less than", Interval(0, 100, high_open=True)),
    ((100,), "at least", Interval(100, math.inf)),
    ((100,), "more than", Interval(100, math.inf, low_open=True)),
    ((10, 20), "", Interval(10, 20)),
    ((10, 20), "about", Interval(9, 22)),
])
def test_the_value_interval_of_every_qualifier(value: tuple[float, ...], qualifier: str,
                                               expected: Interval) -> None:
    found = value_interval(value, qualifier)
    assert found.low == pytest.approx(expected.low) and found.high == pytest.approx(expected.high)
    assert (found.low_open, found.high_open) == (expected.low_open, expected.high_open)


@pytest.mark.parametrize(("a", "b", "meet"), [
    (Interval(0, 100), Interval(100, 200), True),  # a shared end
    (Interval(0, 100, high_open=True), Interval(100, 200), False),  # less than 100 / 100
    (Interval(100, math.inf, low_open=True), Interval(0, 100), False),  # more than 100 / up to 100
    (Interval(100, math.inf), Interval(0, 100), True),  # at least 100 / up to 100
    (Interval(100, 100), Interval(100, 100), True),
    (Interval(1, 2), Interval(3, 4), False),
    (Interval(100, math.inf), Interval(500, math.inf, low_open=True), True),
])
def test_intervals_meet(a: Interval, b: Interval, meet: bool) -> None:
    assert a.meets(b) is meet and b.meets(a) is meet


@pytest.mark.parametrize(("a", "b", "apart"), [
    ("2024-10-23", "2024-11-23", 31),  # days: 31 days apart is still close
    ("2024-10-23", "2024-11-24", 32),
    ("2024-10", "2024-11-30", 30),  # a month ends on its last day
    ("2024-10", "2024-12-02", 32),
    ("2024-10", "2024-10-15", 0),  # a day inside the month
    ("2024", "2025-01-31", 31),  # a year ends on 31 December
    ("2024", "2025-02-01", 32),
    ("2024", "2024-06", 0),
    ("2024-02", "2024-03-31", 31),
])
def test_the_31_day_window_at_every_precision(a: str, b: str, apart: int) -> None:
    pa = PartialDate(*[int(p) for p in a.split("-")])
    pb = PartialDate(*[int(p) for p in b.split("-")])
    assert days_apart(pa, pb) == days_apart(pb, pa) == apart
    assert close_in_time(pa, pb) is (apart <= 31)


def test_a_month_ends_on_its_last_day() -> None:
    assert [PartialDate(2024, m).last_day().day for m in (1, 2, 4, 12)] == [31, 29, 30, 31]
    assert PartialDate(2023, 2).last_day().day == 28
    assert PartialDate(2024).last_day().isoformat() == "2024-12-31"


def test_reports_are_ordered_by_date_then_sheet_then_number() -> None:
    reports = [report("b", (1,), "2024-10-23"), report("a", (2,), "2024-10-23", number=2),
               report("a", (3,), "2024-10-23"), report("c", (4,), "2024-10"), report("d", (5,), "2024")]
    assert [p.report.value[0] for p in arrange(reports)] == [5, 4, 3, 2, 1]
    assert [p.position for p in arrange(reports)] == [1, 2, 3, 4, 5]


def test_revision_is_the_same_claimant_changing_its_figure() -> None:
    nis = "South Korea's National Intelligence Service"
    first = report("first", (1500,), "2024-10-18", nis, "about")
    second = report("second", (3000,), "2024-10-23", nis, "about")
    # The third meets the second; of the earlier reports of the same claimant whose values it
    # contradicts, the latest is the first.
    again = report("again", (3000,), "2024-11-01", nis)
    placed = arrange([again, second, first])
    assert [p.revises for p in placed] == [None, first, first]
    assert all(p.disagrees == () for p in placed)  # the same claimant never disagrees with itself


def test_a_revision_revises_the_latest_earlier_report_that_it_contradicts() -> None:
    a = report("a", (1500,), "2024-10-01", "X")
    b = report("b", (1600,), "2024-10-05", "X", "about")  # 1,440-1,760 meets 1,500
    c = report("c", (3000,), "2024-10-09", "X")
    assert [p.revises for p in arrange([a, b, c])] == [None, None, b]


def test_disagreement_needs_closeness_different_claimants_and_values_that_cannot_both_hold() -> None:
    nis = report("nis", (3000,), "2024-10-23", "NIS", "about")
    pentagon = report("pentagon", (10000,), "2024-10-28", "the Pentagon", "about")
    unnamed = report("unnamed", (10000,), "2024-10-29")
    far = report("far", (50000,), "2025-06-01", "Kyiv")
    agreeing = report("agreeing", (2900,), "2024-10-25", "Kyiv")
    placed = {p.report.sheet: p for p in arrange([nis, pentagon, unnamed, far, agreeing])}
    assert placed["nis"].disagrees == (pentagon, unnamed)
    assert placed["pentagon"].disagrees == (nis, agreeing)
    assert placed["unnamed"].disagrees == (nis, agreeing)  # a missing `by` matches nothing
    assert placed["far"].disagrees == ()
    assert placed["pentagon"].revises is None  # different claimants do not revise each other


def test_gather_checks_units_and_warns_of_each_disagreement_once() -> None:
    problems = Problems()
    reports = [report("a", (3000,), "2024-10-23", "NIS"),
               report("b", (10000,), "2024-10-28", "Pentagon"),
               report("c", (12000,), "2024-11-02", "Kyiv", unit="soldiers")]
    infos = [SeriesInfo("unused", "content/series/unused.yaml")]
    [series] = gather(reports, infos, problems)
    assert (series.unit, series.title) == ("troops", "label of c")
    assert messages(problems) == [
        "b.yaml:10:5: warning: figure 'label of b': disagrees with a#figure-1 in series 's': "
        "10,000 troops, 28 Oct 2024, Pentagon against 3,000 troops, 23 Oct 2024, NIS, close in "
        "time, with values that cannot both hold",
        "c.yaml:10:5: warning: figure 'label of c': disagrees with a#figure-1 in series 's': "
        "12,000 soldiers, 2 Nov 2024, Kyiv against 3,000 troops, 23 Oct 2024, NIS, close in time, "
        "with values that cannot both hold",
        "c.yaml:10:5: warning: figure 'label of c': disagrees with b#figure-1 in series 's': "
        "12,000 soldiers, 2 Nov 2024, Kyiv against 10,000 troops, 28 Oct 2024, Pentagon, close "
        "in time, with values that cannot both hold",
        "c.yaml:13:11: error: figure 'label of c': 'soldiers' differs from the unit 'troops' of "
        "series 's', the unit most reports of the series use (2 of 3)",
        "content/series/unused.yaml:1:1: warning: no figure names the series 'unused'; add "
        "'series: unused' to its reports, or remove the file",
    ]


def test_a_series_file_sets_the_unit_and_title() -> None:
    problems = Problems()
    info = SeriesInfo("s", "content/series/s.yaml", "Troops sent", "Estimates.", "soldiers", (3, 7))
    [series] = gather([report("a", (1,), "2024")], [info], problems)
    assert (series.title, series.summary, series.unit) == ("Troops sent", "Estimates.", "soldiers")
    assert messages(problems) == [
        "a.yaml:13:11: error: figure 'label of a': 'troops' differs from the unit 'soldiers' of "
        "series 's', the unit of the series file content/series/s.yaml"]
