"""The chart of a series: every report over time, drawn at build time as inline SVG (no script,
no request to any host). A point for an exact value, a bar for a range, a whisker for "about"
and "nearly", a dashed open end for "up to", "less than", "at least" and "more than" (a
filled dot where the value is included, a hollow one where it is not); reports that disagree
are ringed and joined. Every mark is a link to the report's card, named for screen readers as
the series table names it. Colours come from the stylesheet (factsheet.css), so the chart
follows the light and dark schemes and prints in black.

Text from content reaches the SVG only HTML-escaped (door one of the trust model)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import NamedTuple

from markupsafe import Markup, escape

from generator.check.series import date_interval, describe, value_interval
from generator.model import Report, ReportInSeries, Series
from generator.render.escape import html_text

WIDTH, HEIGHT = 400, 250  # the viewBox: drawn 1:1 on a phone, scaled up on a desk
LEFT, RIGHT, TOP, BOTTOM = 56, 14, 16, 44
_STEPS = (1, 2, 2.5, 5, 10)


class _Tick(NamedTuple):
    at: float  # position, in the axis' own unit
    label: str
    second: str = ""  # a second line (the year, where it changes)


def chart_svg(series: Series, href: Callable[[Report], str], title_id: str, described_by: str = "") -> Markup:
    """The SVG of a series' chart; `href` gives each report's link, `title_id` the id of the
    element that names the chart (the series title, for assistive technology) and
    `described_by` that of the one that describes it, if any."""
    reports = series.reports
    days = _day_axis([p.report for p in reports])
    values = _value_axis(reports)
    x = _scale(days[0], days[1], LEFT, WIDTH - RIGHT)
    y = _scale(values[0], values[1], HEIGHT - BOTTOM, TOP)
    parts = [f'<svg class="fs-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
             f'aria-labelledby="{title_id}"'
             + (f' aria-describedby="{described_by}"' if described_by else "")
             + ' xmlns="http://www.w3.org/2000/svg">']
    parts += _grid(values[2], days[2], x, y)
    centres = _apart({p.report.id: _centre(p.report) for p in reports}, reports, x, y, days)
    for a, b in series.pairs():
        (xa, ya), (xb, yb) = _point(a, centres, x, y), _point(b, centres, x, y)
        parts.append(f'<line class="fs-chart-conflict" x1="{xa:.0f}" y1="{ya:.0f}" x2="{xb:.0f}" '
                     f'y2="{yb:.0f}"/>')
    for placed in reports:
        parts.append(_mark(placed, centres, x, y, href(placed.report), values[1]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _scale(low: float, high: float, start: float, end: float) -> Callable[[float], float]:
    span = (high - low) or 1.0
    return lambda v: start + (v - low) / span * (end - start)


# --- the time axis ------------------------------------------------------------------------

def _day_axis(reports: list[Report]) -> tuple[float, float, list[_Tick]]:
    """The days shown (as proleptic ordinals) and the ticks: a week or ten years, both read."""
    first = min(date_interval(r.as_of)[0] for r in reports).toordinal()
    last = max(date_interval(r.as_of)[1] for r in reports).toordinal() + 1
    if last - first < 14:  # one report, or a few days: show a fortnight around them
        middle = (first + last) / 2
        first, last = math.floor(middle - 7), math.ceil(middle + 7)
    pad = (last - first) * 0.06
    low, high = first - pad, last + pad
    return low, high, _date_ticks(low, high)


def _date_ticks(low: float, high: float) -> list[_Tick]:
    start, end = dt.date.fromordinal(math.ceil(low)), dt.date.fromordinal(math.floor(high))
    for kind, step in (("day", 1), ("day", 2), ("week", 1), ("week", 2), ("month", 1), ("month", 2),
                       ("month", 3), ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10),
                       ("year", 25), ("year", 50), ("year", 100)):
        days = list(_tick_days(kind, step, start, end))
        if len(days) <= 6:
            break
    ticks, year = [], None
    for day in days:
        if kind == "year":
            ticks.append(_Tick(day.toordinal(), str(day.year)))
            continue
        label = f"{day:%b}" if kind == "month" else f"{day.day} {day:%b}"
        ticks.append(_Tick(day.toordinal(), label, str(day.year) if day.year != year else ""))
        year = day.year
    return ticks


def _tick_days(kind: str, step: int, start: dt.date, end: dt.date) -> list[dt.date]:
    if kind in ("day", "week"):
        every = step * (7 if kind == "week" else 1)
        # weeks start on Mondays; days count from a fixed origin, so ticks do not drift
        first = start.toordinal() + (-start.toordinal() % every if kind == "day"
                                     else (7 - start.weekday()) % 7)
        return [dt.date.fromordinal(d) for d in range(first, end.toordinal() + 1, every)]
    if kind == "month":
        found, year, month = [], start.year, start.month
        while (day := dt.date(year, month, 1)) <= end:
            if day >= start and (month - 1) % step == 0:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    return [dt.date(year, 1, 1) for year in range(start.year, end.year + 1)
            if year % step == 0 and dt.date(year, 1, 1) >= start]


# --- the value axis -----------------------------------------------------------------------

def _value_axis(reports: tuple[ReportInSeries, ...]) -> tuple[float, float, list[_Tick]]:
    """From zero (or the lowest value, if below zero) to a round number above every value
    that has an upper end; open upper ends reach the top."""
    highs, lows = [0.0], [0.0]
    for placed in reports:
        interval = value_interval(placed.report.value, placed.report.qualifier)
        lows.append(interval.low)
        highs.append(interval.high if math.isfinite(interval.high) else interval.low)
    top = max(highs) * 1.12 or 1.0
    bottom = min(lows)
    step = _nice_step((top - bottom) / 5)
    high = math.ceil(top / step) * step
    low = math.floor(bottom / step) * step
    ticks = [_Tick(v, _short_number(v, step)) for v in _frange(low, high, step)]
    return low, high, ticks


def _nice_step(rough: float) -> float:
    power = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    return next(s * power for s in _STEPS if s * power >= rough)


def _frange(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


def _short_number(value: float, step: float) -> str:
    """Axis labels that fit the margin: "12,000", "2.5m", "40bn"."""
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(step) >= size / 10 and value:
            return f"{value / size:,.10g}{suffix}"
    return f"{value:,.10g}"


# --- drawing ------------------------------------------------------------------------------

def _grid(values: list[_Tick], days: list[_Tick], x: Callable[[float], float],
          y: Callable[[float], float]) -> list[str]:
    bottom = HEIGHT - BOTTOM
    parts = ['<g class="fs-chart-axis" aria-hidden="true">']
    for tick in values:
        at = y(tick.at)
        parts.append(f'<line class="fs-chart-grid" x1="{LEFT}" y1="{at:.0f}" x2="{WIDTH - RIGHT}" '
                     f'y2="{at:.0f}"/><text x="{LEFT - 6}" y="{at + 4:.0f}" text-anchor="end">'
                     f"{escape(tick.label)}</text>")
    parts.append(f'<line class="fs-chart-baseline" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" '
                 f'y2="{bottom}"/>')
    for tick in days:
        at = x(tick.at)
        parts.append(f'<line class="fs-chart-grid" x1="{at:.0f}" y1="{TOP}" x2="{at:.0f}" y2="{bottom}"/>'
                     f'<text x="{at:.0f}" y="{bottom + 16}" text-anchor="middle">{escape(tick.label)}')
        if tick.second:
            parts.append(f'<tspan x="{at:.0f}" dy="14">{escape(tick.second)}</tspan>')
        parts.append("</text>")
    parts.append("</g>")
    return parts


def _centre(report: Report) -> float:
    """The day a report is drawn at: the middle of its date interval."""
    start, end = date_interval(report.as_of)
    return (start.toordinal() + end.toordinal() + 1) / 2


def _apart(centres: dict[str, float], reports: tuple[ReportInSeries, ...], x: Callable[[float], float],
           y: Callable[[float], float], days: tuple[float, float, list[_Tick]]) -> dict[str, float]:
    """Reports of about the same day and value would hide one another (and the links under
    them): each is moved sideways, a mark's width at a time, until it stands clear of those
    drawn before it. The table and each mark's name still give its own date."""
    per_pixel = (days[1] - days[0]) / (WIDTH - RIGHT - LEFT)
    drawn: list[tuple[float, float]] = []
    moved = {}
    for placed in reports:
        report = placed.report
        day = centres[report.id]
        middle = y((report.value[0] + report.value[-1]) / 2)
        for step in range(40):
            offset = (step + 1) // 2 * (1 if step % 2 else -1) * _CLEAR
            at = x(day) + offset
            if all(abs(at - a) >= _CLEAR or abs(middle - b) >= _CLEAR for a, b in drawn):
                break
        drawn.append((at, middle))
        moved[report.id] = day + offset * per_pixel
    return moved


_CLEAR = 14  # pixels between the centres of two marks, so that neither hides the other


def _point(placed: ReportInSeries, centres: dict[str, float], x: Callable[[float], float],
           y: Callable[[float], float]) -> tuple[float, float]:
    """Where a report's dot sits (for the line joining disagreeing reports)."""
    report = placed.report
    values = report.value
    return x(centres[report.id]), y((values[0] + values[-1]) / 2)


def _mark(placed: ReportInSeries, centres: dict[str, float], x: Callable[[float], float],
          y: Callable[[float], float], href: str, top: float) -> str:
    report = placed.report
    name = html_text(describe(report))
    cx = x(centres[report.id])
    classes = "fs-chart-mark" + (" fs-chart-disagrees" if placed.disagrees else "")
    parts = [f'<a class="{classes}" href="{escape(href)}" aria-label="{name}"><title>{name}</title>']
    start, end = date_interval(report.as_of)
    if end > start:  # a month or a year: the time it covers
        x0, x1 = x(start.toordinal()), x(end.toordinal() + 1)
        middle = y((report.value[0] + report.value[-1]) / 2)
        parts.append(f'<line class="fs-chart-span" x1="{x0:.0f}" y1="{middle:.0f}" x2="{x1:.0f}" '
                     f'y2="{middle:.0f}"/>')
    interval = value_interval(report.value, report.qualifier)
    low, high = report.value[0], report.value[-1]
    qualifier = report.qualifier
    if qualifier in ("about", "nearly"):
        parts.append(_whisker(cx, y(interval.low), y(interval.high)))
    if qualifier in ("up to", "less than"):
        parts.append(_open_end(cx, y(high), y(0), down=True))
    elif qualifier in ("at least", "more than"):
        parts.append(_open_end(cx, y(low), y(top), down=False))
    if len(report.value) == 2:
        parts.append(f'<rect class="fs-chart-bar" x="{cx - 4:.0f}" y="{y(high):.0f}" width="8" '
                     f'height="{max(2.0, y(low) - y(high)):.0f}" rx="3"/>')
    else:
        hollow = qualifier in ("less than", "more than")
        parts.append(f'<circle class="fs-chart-dot{" fs-chart-hollow" if hollow else ""}" '
                     f'cx="{cx:.0f}" cy="{y(low):.0f}" r="4.5"/>')
    if placed.disagrees:
        middle = y((low + high) / 2)
        parts.append(f'<circle class="fs-chart-ring" cx="{cx:.0f}" cy="{middle:.0f}" r="9"/>')
    # a wider, invisible target, easy to hit with a finger
    parts.append(f'<circle class="fs-chart-target" cx="{cx:.0f}" cy="{y((low + high) / 2):.0f}" r="14"/>')
    parts.append("</a>")
    return "".join(parts)


def _whisker(cx: float, bottom: float, top: float) -> str:
    return (f'<line class="fs-chart-whisker" x1="{cx:.0f}" y1="{bottom:.0f}" x2="{cx:.0f}" y2="{top:.0f}"/>'
            f'<line class="fs-chart-whisker" x1="{cx - 4:.0f}" y1="{bottom:.0f}" x2="{cx + 4:.0f}" '
            f'y2="{bottom:.0f}"/><line class="fs-chart-whisker" x1="{cx - 4:.0f}" y1="{top:.0f}" '
            f'x2="{cx + 4:.0f}" y2="{top:.0f}"/>')


def _open_end(cx: float, at: float, to: float, *, down: bool) -> str:
    """A dashed line from the value towards zero or the top, with an arrowhead: the end is open."""
    tip = to - 1 if down else to + 1
    head = 6 if down else -6
    return (f'<line class="fs-chart-open" x1="{cx:.0f}" y1="{at:.0f}" x2="{cx:.0f}" y2="{tip:.0f}"/>'
            f'<path class="fs-chart-arrow" d="M{cx - 4:.0f} {tip - head:.0f} L{cx:.0f} {tip:.0f} '
            f'L{cx + 4:.0f} {tip - head:.0f}"/>')
