"""Records of cited pages as files (content/sources/<name>.json, one a URL, committed; named by
generator/read/sources.py's record_name): their text (JSON written to read well in a diff),
and the status a new read gives a record with its history (CONTENT-FORMAT.md, "What becomes
of a reference")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.model import SourceRead, SourceRecord

FAILURES = 3  # errors on this many runs, each at least DAYS_APART after the one before: dead
DAYS_APART = 3


def status_after(history: tuple[SourceRead, ...], outcome: str) -> str:
    """A record's status once `history` (oldest first) ends with this run's read: the read's
    outcome, except that errors on FAILURES runs at least DAYS_APART days apart make it dead."""
    if outcome != "error":
        return outcome
    errors = [dt.date.fromisoformat(read.date) for read in history if read.outcome == "error"]
    apart = errors[:1]
    for day in errors[1:]:
        if (day - apart[-1]).days >= DAYS_APART:
            apart.append(day)
    return "dead" if len(apart) >= FAILURES else "error"


def dump(record: SourceRecord) -> str:
    """The record as JSON that reads well in a diff: keys in a fixed order, empty ones left out,
    one key a line, and one line each read, passage and miss."""
    data: dict[str, Any] = {"url": record.url, "status": record.status}
    for key in ("final_url", "http_status", "content_type", "title", "site_name", "author", "date",
                "digest"):
        if getattr(record, key):
            data[key] = getattr(record, key)
    if record.archived_url:
        data["archived"] = {"url": record.archived_url}
        if record.archived_timestamp:
            data["archived"]["timestamp"] = record.archived_timestamp
    data["history"] = [{"date": read.date, "outcome": read.outcome} for read in record.history]
    if record.passages:
        data["passages"] = [{"sheet": p.sheet, "figure": p.figure, "value": p.value, "text": p.text,
                             "marks": [list(m) for m in p.marks]} for p in record.passages]
    if record.missed:
        data["missed"] = [{"sheet": m.sheet, "figure": m.figure, "value": m.value} for m in record.missed]
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            items = ",\n".join(f"  {_one_line(item)}" for item in value)
            lines.append(f" {_one_line(key)}: [\n{items}\n ]" if value else f" {_one_line(key)}: []")
        else:
            lines.append(f" {_one_line(key)}: {_one_line(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _one_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
