"""The site's data downloads: a JSON and a CSV per sheet and per series, all figures and
events as CSV, the timeline as JSON and in Knight Lab TimelineJS's format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import escape

from generator.check.numbers import format_value
from generator.model import Event, Evidence, Figure, Series, Sheet, SourceState

_FIGURE_COLUMNS = ("sheet", "label", "value", "low", "high", "qualifier", "unit", "display",
                   "as_of", "sources", "quote", "note", "id", "series", "by")
_REPORT_COLUMNS = ("id", "sheet", "label", "as_of", "value", "low", "high", "qualifier", "by",
                   "sources", "revises", "disagrees_with", "quote")
_EVENT_COLUMNS = ("sheet", "date", "end", "title", "sources", "publication")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _figure_record(sheet: Sheet, figure: Figure) -> dict[str, Any]:
    single = figure.value[0] if not figure.is_range else None
    return {
        "sheet": sheet.slug,
        "label": figure.label,
        "value": single,
        "low": figure.value[0] if figure.is_range else None,
        "high": figure.value[1] if figure.is_range else None,
        "qualifier": figure.qualifier or None,
        "unit": figure.unit or None,
        "display": format_value(figure),
        "as_of": figure.as_of.iso if figure.as_of else sheet.published.date().isoformat(),
        "sources": list(figure.sources),
        "quote": figure.quote or None,
        "note": figure.note or None,
        "id": f"{sheet.slug}#figure-{figure.number}",
        "series": figure.series or None,
        "by": figure.by or None,
    }


def _event_record(event: Event) -> dict[str, Any]:
    return {
        "sheet": event.sheet,
        "date": event.date.iso,
        "end": event.end.iso if event.end else None,
        "title": event.title,
        "sources": list(event.sources),
        "publication": event.is_publication,
    }


def sheet_json(sheet: Sheet) -> str:
    article = sheet.article
    data = {
        "slug": sheet.slug,
        "title": sheet.title,
        "summary": sheet.summary,
        "tags": list(sheet.tags),
        "article": {
            "headline": article.headline,
            "published": article.published.isoformat(),
            "zone": article.zone,
            "format": article.format,
        },
        # (what a figure, event or reference does not have is left out, rather than null)
        "figures": [{**{k: v for k, v in _figure_record(sheet, f).items() if k != "sheet" and v is not None},
                     "evidence": evidence_record(e)}
                    for f, e in zip(sheet.figures, evidences(sheet), strict=True)],
        "events": [{k: v for k, v in _event_record(e).items() if k != "sheet" and v is not None}
                   for e in sheet.events],
        "references": [
            {"number": r.number, "url": r.url, **({"title": r.title} if r.title else {}),
             **({"publisher": r.publisher} if r.publisher else {}), **state_record(state)}
            for r, state in zip(sheet.references, states(sheet), strict=True)
        ],
    }
    # Compact: with `indent`, Python's json falls back to its pure-Python encoder (10x slower).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def evidences(sheet: Sheet) -> tuple[Evidence, ...]:
    """Each figure's evidence (unchecked for a sheet not weighed against records)."""
    return sheet.evidence or tuple(Evidence() for _ in sheet.figures)


def states(sheet: Sheet) -> tuple[SourceState, ...]:
    """What the records say of each reference (unchecked for a sheet not weighed)."""
    return sheet.sources or tuple(SourceState(r.number) for r in sheet.references)


def text_fragment(url: str, text: str) -> str:
    """The URL at the passage (a URL text fragment, #:~:text=): its first and last words for a
    long passage, so that small differences in between still match."""
    words = text.split()
    if len(words) > 12:
        spec = f"{_fragment_part(' '.join(words[:5]))},{_fragment_part(' '.join(words[-5:]))}"
    else:
        spec = _fragment_part(text)
    return f"{url.partition('#')[0]}#:~:text={spec}"


def _fragment_part(text: str) -> str:
    # (",", "-" and "&" have meanings in a text directive: each is escaped)
    return quote(text, safe="").replace("-", "%2D")


def evidence_record(evidence: Evidence) -> dict[str, Any]:
    """A figure's `evidence` in the data (CONTENT-FORMAT.md, "On the site and in the data")."""
    return {"status": evidence.status,
            "passages": [{"reference": p.reference, "text": p.text, "url": text_fragment(p.page, p.text),
                          "archived": p.archived or None} for p in evidence.passages]}


def state_record(state: SourceState) -> dict[str, Any]:
    """What a reference gains in the data: its status, final_url, read date and archived copy."""
    return {"status": state.status, "final_url": state.final_url or None, "read": state.read or None,
            "archived": state.archived or None}


def figure_csv_rows(sheet: Sheet | None) -> str:
    """A sheet's rows of figures.csv, or with None the header."""
    if sheet is None:
        return _csv_line(_FIGURE_COLUMNS)
    return _csv_lines([[_cell(r[c]) for c in _FIGURE_COLUMNS]
                       for r in (_figure_record(sheet, f) for f in sheet.figures)])


def event_csv_row(event: Event | None) -> str:
    """An event's row of events.csv, or with None the header."""
    if event is None:
        return _csv_line(_EVENT_COLUMNS)
    record = _event_record(event)
    return _csv_line([_cell(record[c]) for c in _EVENT_COLUMNS])


def event_json(event: Event) -> str:
    """An event as an entry of timeline.json (one a line)."""
    return json.dumps(_event_record(event), ensure_ascii=False, separators=(",", ":"))


def _csv_line(cells: Sequence[str]) -> str:
    return _csv_lines([cells])


def _csv_lines(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


def series_records(series: Series) -> list[dict[str, Any]]:
    """The reports of a series, as CONTENT-FORMAT.md specifies their data (plus the quote)."""
    records = []
    for placed in series.reports:
        r = placed.report
        records.append({
            "id": r.id,
            "sheet": r.sheet,
            "label": r.label,
            "as_of": r.as_of.iso,
            "value": r.value[0] if len(r.value) == 1 else None,
            "low": r.value[0] if len(r.value) == 2 else None,
            "high": r.value[1] if len(r.value) == 2 else None,
            "qualifier": r.qualifier or None,
            "by": r.by or None,
            "sources": [url for url, _ in r.sources],
            "revises": placed.revises.id if placed.revises else None,
            "disagrees_with": [other.id for other in placed.disagrees],
            "quote": r.quote or None,
        })
    return records


def series_json(series: Series) -> str:
    data = {"series": series.slug, "title": series.title, "unit": series.unit or None,
            "reports": series_records(series), "summary": series.summary or None}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def series_csv(series: Series) -> str:
    return csv_table(_REPORT_COLUMNS, series_records(series))


def csv_table(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    """A CSV file: the header, then each record's `columns` (cells a spreadsheet would run as
    formulas made text)."""
    return _csv_lines([list(columns)] + [[_cell(r[c]) for c in columns] for r in records])


def timelinejs_event(event: Event, title: str, number: int, sheet_url: str,
                     sources: Sequence[tuple[str, str]] = ()) -> str:
    """An event as an entry of Knight Lab TimelineJS's JSON: dates at the precision given; a
    slide whose text says what happened, in which fact sheet, and from which source, each a
    link (the sheet's only when the site's address is known: a relative link would not work
    in an embed). `sources` are the (URL, name) of the references the event cites.

    No group: a group a sheet made ten bands that squeezed every marker into a strip; tags
    overlap (a sheet has several), so a band by tag would be an arbitrary one of them.
    TimelineJS shows headline and text as HTML, so every text is escaped here."""
    entry: dict[str, Any] = {"start_date": _tl_date(event.date)}
    if event.end:
        entry["end_date"] = _tl_date(event.end)
    headline = f"Published: {title}" if event.is_publication else event.title
    sheet = f'<a href="{escape(sheet_url)}">{escape(title)}</a>' if sheet_url else f"“{escape(title)}”"
    cited = ", ".join(f'<a href="{escape(url)}">{escape(name)}</a>' for url, name in sources)
    said = f"The fact sheet {sheet} was published" if event.is_publication \
        else f"{escape(event.title)}. From the fact sheet {sheet}"
    text = f"<p>{said}" + (f"; source: {cited}" if cited else "") + ".</p>"
    entry.update({"text": {"headline": str(escape(headline)), "text": text},
                  "unique_id": f"{event.sheet}-{number}"})
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


# TimelineJS's zoom levels (its zoom_sequence): how many screen widths the whole timeline spans
TIMELINEJS_ZOOMS = (0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
TIMELINEJS_EMBED = "https://cdn.knightlab.com/libs/timeline3/latest/embed/index.html"


def timelinejs_zoom(days: Sequence[str], width: int = 1280, rows: int = 6, marker: int = 105) -> int:
    """The first of TimelineJS's zoom levels at which, on a screen `width` pixels wide, no
    stretch of the axis as wide as a marker (`marker` pixels) holds more events than its
    time navigation has `rows` (with half the embed's height, as timelinejs_embed asks). A
    timeline spans its first to its last event, so one early event (a treaty of 1961 among
    events of 2024) would otherwise pile the rest into a few pixels. `days` are the events'
    first days (YYYY-MM-DD), in any order."""
    ordinals = sorted(dt.date.fromisoformat(day).toordinal() for day in days)
    if len(ordinals) <= rows:
        return 2  # TimelineJS's own default (scale_factor 2)
    span = max(1, ordinals[-1] - ordinals[0])
    # The fewest days over which rows + 1 events fall: a marker must cover fewer days than that
    gap = min(b - a for a, b in zip(ordinals, ordinals[rows:], strict=False))
    for zoom in range(2, len(TIMELINEJS_ZOOMS)):  # (from TimelineJS's default)
        if marker * span / (width * TIMELINEJS_ZOOMS[zoom]) <= gap:  # the days under one marker
            return zoom
    return len(TIMELINEJS_ZOOMS) - 1


def timelinejs_embed(source: str, zoom: int) -> str:
    """The <iframe> that shows the export in Knight Lab's own TimelineJS embed: its time
    navigation half the height (room for rows of markers), at `zoom`."""
    query = urlencode({"source": source, "initial_zoom": zoom, "timenav_height_percentage": 50,
                       "height": 650})
    return (f'<iframe src="{escape(TIMELINEJS_EMBED)}?{escape(query)}" title="Timeline" width="100%" '
            'height="650" style="border:0;max-width:100%" allowfullscreen></iframe>')


def timelinejs_head(site_name: str) -> str:
    """The title slide: the site's name, and what the timeline holds."""
    head = {"title": {"text": {"headline": str(escape(site_name)),
                               "text": "<p>Every dated event of this site's fact sheets, each linked "
                                       "to its sheet and its source.</p>"}}}
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"events":[\n'


def _tl_date(date: Any) -> dict[str, int]:
    found = {"year": date.year}
    if date.month:
        found["month"] = date.month
    if date.day:
        found["day"] = date.day
    return found
