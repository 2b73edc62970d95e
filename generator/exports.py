"""The site's data downloads: a JSON and a CSV per sheet, and all figures and events as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from .model import Event, Figure, Sheet
from .numbers import format_value

_FIGURE_COLUMNS = ("sheet", "label", "value", "low", "high", "qualifier", "unit", "display",
                   "as_of", "sources", "quote", "note")
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
        "figures": [{k: v for k, v in _figure_record(sheet, f).items() if k != "sheet"}
                    for f in sheet.figures],
        "events": [{k: v for k, v in _event_record(e).items() if k != "sheet"}
                   for e in sheet.events],
        "references": [
            {"number": r.number, "url": r.url, "title": r.title or None,
             "publisher": r.publisher or None}
            for r in sheet.references
        ],
    }
    # Compact: with `indent`, Python's json falls back to its pure-Python encoder (10x slower).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


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
