"""Series: one figure tracked across articles. Gathering the reports of each series, ordering
them, and finding revisions and disagreements, as CONTENT-FORMAT.md defines them. Pure
functions of the reports: no I/O, no rendering."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from generator.check.numbers import format_value, value_parts
from generator.model import Figure, PartialDate, Report, ReportInSeries, Series, SeriesInfo, Sheet
from generator.problems import Problems

CLOSE_DAYS = 31  # reports whose date intervals are at most this many days apart are close in time


class Interval(NamedTuple):
    """A set of values: from low to high, each end included unless open."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals have a value in common."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low != high:
            return low < high
        return all((i.low < low or not i.low_open) and (i.high > high or not i.high_open)
                   for i in (self, other))


def value_interval(value: Sequence[float], qualifier: str) -> Interval:
    """What a report says the value is: exact v is [v, v], "about v" [0.9 v, 1.1 v], "nearly v"
    [0.9 v, v], "up to v" [0, v], "less than v" [0, v), "at least v" [v, inf), "more than v"
    (v, inf). A range [a, b] is [a, b]; with a qualifier its low end takes the rule's low
    end and its high end the rule's high end ("about [a, b]" is [0.9 a, 1.1 b])."""
    low, high = float(value[0]), float(value[-1])
    if qualifier == "about":
        return Interval(min(0.9 * low, 1.1 * low), max(0.9 * high, 1.1 * high))
    if qualifier == "nearly":
        return Interval(min(0.9 * low, low), high)
    if qualifier == "up to":
        return Interval(min(0.0, high), high)
    if qualifier == "less than":
        return Interval(min(0.0, high), high, high_open=True)
    if qualifier == "at least":
        return Interval(low, math.inf)
    if qualifier == "more than":
        return Interval(low, math.inf, low_open=True)
    return Interval(low, high)


def date_interval(date: PartialDate) -> tuple[dt.date, dt.date]:
    """A year is 1 January to 31 December, a month its first to last day, a day itself."""
    return date.first_day(), date.last_day()


def days_apart(a: PartialDate, b: PartialDate) -> int:
    """Days between two date intervals: 0 when they overlap or touch."""
    (a_start, a_end), (b_start, b_end) = date_interval(a), date_interval(b)
    return max(0, (b_start - a_end).days, (a_start - b_end).days)


def close_in_time(a: PartialDate, b: PartialDate) -> bool:
    return days_apart(a, b) <= CLOSE_DAYS


def disagree(a: Report, b: Report) -> bool:
    """Close in time, values that cannot both hold, and not both said by the same claimant (a
    report without `by` matches no other)."""
    return (close_in_time(a.as_of, b.as_of) and not (a.by and a.by == b.by)
            and not value_interval(a.value, a.qualifier).meets(value_interval(b.value, b.qualifier)))


def order_key(report: Report) -> tuple[dt.date, str, str, int]:
    """Reports are ordered by as_of (its first day, then the date as written, so a month comes
    before the days in it), then sheet slug, then figure number."""
    return report.as_of.first_day(), report.as_of.iso, report.sheet, report.number


def arrange(reports: Sequence[Report]) -> tuple[ReportInSeries, ...]:
    """The reports of one series in order, each with its revision and disagreements."""
    ordered = sorted(reports, key=order_key)
    intervals = [value_interval(r.value, r.qualifier) for r in ordered]
    spans = [date_interval(r.as_of) for r in ordered]
    # Disagreeing reports are close in time: with the reports by the start of their dates,
    # each is compared only with those that start before its own end and the window after it.
    by_start = sorted(range(len(ordered)), key=lambda i: spans[i][0])
    window = dt.timedelta(days=CLOSE_DAYS)
    against: dict[int, set[int]] = defaultdict(set)
    for k, i in enumerate(by_start):
        reach = spans[i][1] + window
        for j in by_start[k + 1:]:
            if spans[j][0] > reach:
                break
            if disagree(ordered[i], ordered[j]):
                against[i].add(j)
                against[j].add(i)
    placed = []
    for i, report in enumerate(ordered):
        revises = None
        if report.by:
            for j in range(i - 1, -1, -1):
                earlier = ordered[j]
                if earlier.by == report.by and not intervals[j].meets(intervals[i]):
                    revises = earlier
                    break
        placed.append(ReportInSeries(report, i + 1, revises, tuple(ordered[j] for j in sorted(against[i]))))
    return tuple(placed)


def reports_of(sheet: Sheet) -> list[Report]:
    """The reports among a sheet's figures."""
    names = {r.number: r.publisher or r.domain for r in sheet.references}
    urls = {r.number: r.url for r in sheet.references}
    return [_report(sheet, figure, urls, names) for figure in sheet.figures if figure.series]


def _report(sheet: Sheet, figure: Figure, urls: dict[int, str], names: dict[int, str]) -> Report:
    as_of = figure.as_of or PartialDate.of(sheet.published.date())
    sources = tuple((urls[n], names[n]) for n in figure.sources if n in urls)
    unit_at = figure.at("unit") if figure.unit else figure.at("series")
    return Report(figure.series, sheet.slug, figure.number, figure.label, figure.value,
                  figure.qualifier, figure.unit, as_of, figure.by, sources, figure.quote,
                  sheet.title, sheet.figures_path, figure.line, figure.col, unit_at)


def gather(reports: Iterable[Report], infos: Sequence[SeriesInfo], problems: Problems) -> list[Series]:
    """Every series that has reports, by slug, checked (see gather_one); a series file no
    report names is a warning."""
    grouped: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        grouped[report.series].append(report)
    described = {info.slug: info for info in infos}
    warn_unused(described, grouped.keys(), problems)
    return [gather_one(slug, grouped[slug], described.get(slug), problems) for slug in sorted(grouped)]


def warn_unused(infos: dict[str, SeriesInfo], used: Collection[str], problems: Problems) -> None:
    for slug in sorted(infos.keys() - used):
        problems.warning(infos[slug].path, 1, 1, f"no figure names the series {slug!r}; add "
                                                 f"'series: {slug}' to its reports, or remove the file")


def gather_one(slug: str, reports: Sequence[Report], info: SeriesInfo | None, problems: Problems) -> Series:
    """One series, checked: a unit that differs from the series' (the series file's, or else
    the one most of its reports use) is an error at the report; each disagreeing pair is a
    warning on the later report."""
    placed = arrange(reports)
    unit = _check_units(slug, info, [p.report for p in placed], problems)
    series = Series(slug, (info.title if info and info.title else placed[-1].report.label),
                    info.summary if info else "", unit, placed, info)
    for earlier, later in series.pairs():
        _warn_disagreement(series, earlier.report, later.report, problems)
    return series


def _check_units(slug: str, info: SeriesInfo | None, reports: list[Report], problems: Problems) -> str:
    if info is not None and info.unit:
        unit, whose = info.unit, f"the unit of the series file {info.path}"
    else:
        counts = Counter(r.unit for r in reports)
        unit = max(counts, key=lambda u: (counts[u], -next(i for i, r in enumerate(reports) if r.unit == u)))
        whose = f"the unit most reports of the series use ({counts[unit]} of {len(reports)})"
    for report in reports:
        if report.unit != unit:
            shown = repr(report.unit) if report.unit else "no unit"
            problems.error(report.path, *report.unit_at,
                           f"figure {report.label!r}: {shown} differs from the unit {unit!r} of "
                           f"series {slug!r}, {whose}")
    return unit


def _warn_disagreement(series: Series, earlier: Report, later: Report, problems: Problems) -> None:
    problems.warning(later.path, later.line, later.col,
                     f"figure {later.label!r}: disagrees with {earlier.id} in series "
                     f"{series.slug!r}: {describe(later)} against {describe(earlier)}, "
                     "close in time, with values that cannot both hold")


def describe(report: Report) -> str:
    """A report as a reader names it: "about 3,000 troops, 23 Oct 2024, South Korea's NIS"."""
    parts = [format_value(_as_figure(report)), report.as_of.short]
    if report.by:
        parts.append(report.by)
    return ", ".join(parts)


def _as_figure(report: Report) -> Figure:
    return Figure(report.label, report.value, report.qualifier, report.unit, report.as_of, (),
                  report.quote, "", report.line)


def short_value(report: Report) -> str:
    """"about 1,500", "10,000–12,000", "$2.5 billion": the value without its unit word."""
    qualifier, number, _ = value_parts(_as_figure(report))
    return f"{qualifier} {number}" if qualifier else number


def full_value(report: Report) -> str:
    """"about 1,500 troops": the value as readers read it."""
    return format_value(_as_figure(report))
