"""The series rules a reader relies on, each alone: what a report takes from its sheet (its
date, its sources' names, where its unit was written), the disagreement rule itself, the
unit a series settles on, and how a report is described in messages."""

from __future__ import annotations

import pytest

from generator.check.linking import link_sheet
from generator.check.series import describe, disagree, gather, reports_of
from generator.model import PartialDate, Report, Sheet
from generator.problems import Problems
from generator.read.articles import read_wire
from generator.read.figures import load_figures

ARTICLE = """\
Seoul says North Korea sent troops
Wednesday, May 7, 2025 7:48 pm ET
North Korea sent between 10,000 and 12,000 troops to Russia [1][2].
References:
[1] https://www.stripes.com/a
[2] https://example.org/b
"""
FIGURES = """\
figures:
  - {label: Troops sent, value: [10000, 12000], unit: troops, source: [1, 2], series: troops, by: NIS}
  - label: Troops, dated
    value: 11000
    as_of: 2025-04
    source: 2
    series: troops
    unit:   soldiers
  - {label: Not a report, value: 3, source: 1}
references:
  2: {publisher: Example News}
"""


def _sheet() -> Sheet:
    problems = Problems()
    article = read_wire(ARTICLE, "a.txt", "alpha", problems)
    figures = load_figures(FIGURES, "alpha.yaml", problems)
    assert article is not None and figures is not None
    sheet = link_sheet(article, figures, problems)
    assert problems.errors == []
    return sheet


def test_a_report_takes_its_date_sources_and_where_its_unit_was_written_from_its_sheet() -> None:
    first, second = reports_of(_sheet())
    # no as_of: the article's date, to the day; with one: as given
    assert (first.as_of, second.as_of) == (PartialDate(2025, 5, 7), PartialDate(2025, 4))
    # a source is named by its publisher, else by its domain without "www."
    assert first.sources == (("https://www.stripes.com/a", "stripes.com"),
                             ("https://example.org/b", "Example News"))
    assert (first.id, second.id) == ("alpha#figure-1", "alpha#figure-2")
    assert (first.path, first.line, first.col) == ("alpha.yaml", 2, 5)
    assert second.unit_at == (8, 13)  # the unit's value, not its key
    assert (first.by, second.by, first.sheet_title) == ("NIS", "", "Seoul says North Korea sent troops")


def _report(value: tuple[float, ...], as_of: PartialDate, by: str = "", qualifier: str = "",
            unit: str = "troops", sheet: str = "s") -> Report:
    return Report("troops", sheet, 1, "Troops", value, qualifier, unit, as_of, by, (), "", "S", "s.yaml",
                  4, 5, (6, 7))


D = PartialDate
OCT_1 = D(2024, 10, 1)


@pytest.mark.parametrize("a, b, expected", [
    (_report((1500,), OCT_1), _report((3000,), D(2024, 11, 1)), True),
    (_report((1500,), OCT_1), _report((3000,), D(2024, 11, 2)), False),  # 32 days apart
    (_report((1500,), D(2024, 10)), _report((3000,), D(2024, 12, 1)), True),  # from the month's end
    (_report((1500,), OCT_1, "NIS"), _report((3000,), OCT_1, "NIS"), False),  # one claimant revises
    (_report((1500,), OCT_1, "NIS"), _report((3000,), OCT_1, "DIA"), True),
    (_report((1500,), OCT_1, qualifier="about"), _report((1640,), OCT_1), False),  # about 1,500 reaches 1,650
    (_report((1500,), OCT_1, qualifier="about"), _report((1660,), OCT_1), True),
])
def test_disagreement_is_close_in_time_values_that_cannot_both_hold_and_two_claimants(
        a: Report, b: Report, expected: bool) -> None:
    assert disagree(a, b) is expected
    assert disagree(b, a) is expected


def test_a_series_settles_on_the_unit_most_reports_use_and_on_a_tie_the_first() -> None:
    problems = Problems()
    reports = [_report((1,), D(2024, 1), unit="soldiers", sheet="a"),
               _report((1,), D(2024, 2), unit="troops", sheet="b")]
    (series,) = gather(reports, [], problems)
    assert series.unit == "soldiers"
    assert [str(p) for p in problems.items] == [
        "s.yaml:6:7: error: figure 'Troops': 'troops' differs from the unit 'soldiers' of series 'troops', "
        "the unit most reports of the series use (1 of 2)"]


def test_a_report_is_described_as_a_reader_names_it() -> None:
    assert describe(_report((3000,), PartialDate(2024, 10, 23), "NIS", "about")) == \
        "about 3,000 troops, 23 Oct 2024, NIS"
    assert describe(_report((10000, 12000), PartialDate(2025, 5))) == "10,000–12,000 troops, May 2025"
