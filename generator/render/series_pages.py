"""What series show on the site: a page per series (latest report, chart, disagreements, every
report), the index of all series, and the notes on each report's card on its sheet.

A sheet's page shows what other sheets report in its series (how many reports, the latest,
disagreements), so each card's Note is part of what its page is keyed on: an edit of one
report changes the pages of the others only when what they show of it changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any, NamedTuple

from jinja2 import Environment
from markupsafe import Markup

from generator.check.series import full_value, short_value
from generator.model import Report, ReportInSeries, Series
from generator.render.chart import chart_svg
from generator.render.embeds import (
    chart_description,
    chart_embed_height,
    chart_embed_name,
    chart_title,
    embed_code,
)
from generator.render.feeds import site_path
from generator.render.metadata import NO_PUBLISHER, Publisher, description_of, front_matter_of, script_safe


class Seen(NamedTuple):
    """Another report, as a card or a table row names it."""

    value: str  # as readers read it, without the unit the whole series shares
    date: str  # "23 Oct 2024"
    by: str
    sheet: str
    number: int


class Note(NamedTuple):
    """What a figure's card says of its series."""

    series: str
    title: str
    reports: int  # how many the series has
    later: Seen | None  # the latest report, when it is not this one
    revised: Seen | None  # the report this one revises
    disagrees: tuple[Seen, ...]


def seen(report: Report) -> Seen:
    return Seen(short_value(report), report.as_of.short, report.by, report.sheet, report.number)


class IndexRow(NamedTuple):
    """A series' line on the index of series."""

    slug: str
    title: str
    reports: int
    first: str  # the date of its first report, briefly
    last: str  # and of its latest
    latest: str  # the latest report's value as readers read it
    by: str  # and who stated it
    summary: str


def index_row(series: Series) -> IndexRow:
    latest = series.latest.report
    return IndexRow(series.slug, series.title, len(series.reports), series.reports[0].report.as_of.short,
                    latest.as_of.short, full_value(latest), latest.by, series.summary)


def notes(series: list[Series]) -> dict[str, dict[int, Note]]:
    """Every report's note, by sheet and figure number."""
    found: dict[str, dict[int, Note]] = {}
    for one in series:
        latest = one.latest.report
        for placed in one.reports:
            report = placed.report
            note = Note(one.slug, one.title, len(one.reports),
                        seen(latest) if latest is not report else None,
                        seen(placed.revises) if placed.revises else None,
                        tuple(seen(r) for r in placed.disagrees))
            found.setdefault(report.sheet, {})[report.number] = note
    return found


def notes_key(sheet_notes: dict[int, Note] | None) -> str:
    """A digest of what a sheet's cards show of their series ("" for none)."""
    if not sheet_notes:
        return ""
    return hashlib.blake2b(repr(sorted(sheet_notes.items())).encode(), digest_size=12).hexdigest()


def series_key(series: Series, site_url: str) -> str:
    """A digest of everything a series' page and data files are made from."""
    return hashlib.blake2b(repr((series, site_url)).encode(), digest_size=16).hexdigest()


def render_series_page(env: Environment, series: Series, site_url: str) -> str:
    root = "../../" if env.globals["directory_urls"] else "../"

    def card(report: Report) -> str:
        return f"{root}{site_path(env, 'sheets/' + report.sheet)}#figure-{report.number}"

    numbered = {p.report.id: p.position for p in series.reports}
    first, last = series.reports[0].report.as_of, series.latest.report.as_of
    publisher: Publisher = env.globals["publisher"]  # type: ignore[assignment]
    social = (f"cards/series/{series.slug}.png", f"{series.title}: a chart of its {len(series.reports)} "
              f"reports; latest {full_value(series.latest.report)}") if env.globals["cards"] else ()
    code = embed_code(publisher.url, root, chart_embed_name(series.slug),
                      chart_title(series, env.globals["site_name"]),  # type: ignore[arg-type]
                      chart_embed_height(series))
    return env.get_template("series.md.j2").render(
        front_matter=Markup(front_matter_of(description_of(_description(series)),
                                            series_jsonld(series, site_url, publisher), *social)),
        series=series, root=root, card=card, numbered=numbered, pairs=series.pairs(),
        chart=chart_svg(series, card, "chart-title", described_by="chart-description"),
        description=chart_description(series), first=first, last=last,
        full_value=full_value, short_value=short_value, kinds=_kinds(series.reports), embed_code=code)


def render_series_index(env: Environment, rows: list[IndexRow]) -> str:
    return env.get_template("series_index.md.j2").render(rows=rows)


def _description(series: Series) -> str:
    if series.summary:
        return series.summary
    first, last = series.reports[0].report.as_of, series.latest.report.as_of
    count = len(series.reports)
    span = first.short if first == last else f"{first.short} to {last.short}"
    return (f"{series.title}: {count} {'report' if count == 1 else 'reports'} from news articles, "
            f"{span}, each traced to its source.")


_KIND = {"about": "about", "nearly": "about", "up to": "up", "less than": "up", "at least": "least",
         "more than": "least"}
_KINDS = ("exact", "range", "about", "up", "least", "span", "disagree")


def _kinds(reports: tuple[ReportInSeries, ...]) -> list[str]:
    """The kinds of marks the chart draws, for its legend, in the legend's order."""
    found = set()
    for placed in reports:
        report = placed.report
        found.add("range" if len(report.value) == 2 else "exact")
        found.add(_KIND.get(report.qualifier, "exact" if len(report.value) == 1 else "range"))
        if not report.as_of.day:
            found.add("span")
        if placed.disagrees:
            found.add("disagree")
    return [kind for kind in _KINDS if kind in found]


def series_jsonld(series: Series, site_url: str, publisher: Publisher = NO_PUBLISHER) -> str:
    """schema.org Dataset: the variable measured, the time covered, the sources, who made it
    and under what license (when one is set), and (with a site URL) where it is and where the
    data can be downloaded."""
    first, last = series.reports[0].report.as_of, series.latest.report.as_of
    sources = list(dict.fromkeys(url for p in series.reports for url, _ in p.report.sources))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": series.title,
        "description": _description(series),
        "variableMeasured": {"@type": "PropertyValue", "name": series.title,
                             **({"unitText": series.unit} if series.unit else {})},
        "temporalCoverage": first.iso if first == last else f"{first.iso}/{last.iso}",
        "isBasedOn": sources,
    }
    if publisher.name:
        data["creator"] = publisher.organization()
    if publisher.license:
        data["license"] = publisher.license
    if site_url:
        base = site_url.rstrip("/") + "/"
        data["url"] = f"{base}series/{series.slug}/"
        data["distribution"] = [
            {"@type": "DataDownload", "encodingFormat": kind,
             "contentUrl": f"{base}data/series/{series.slug}.{suffix}"}
            for suffix, kind in (("json", "application/json"), ("csv", "text/csv"))]
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
