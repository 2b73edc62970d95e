"""The search records: what a sheet or a series is found by, as lines of bundle files
(search/<bundle>.jsonl) that generator/site/search.py indexes with Pagefind. Records are split
into bundles of at most BUNDLE_RECORDS, each fixed by its URL, so that an edit of one sheet
indexes one bundle again."""

from __future__ import annotations

import json
import zlib

from generator.check.numbers import format_value
from generator.model import Sheet

BUNDLE_RECORDS = 2500


def bundles_for(count: int) -> int:
    """How many bundles `count` records are split into."""
    return max(1, -(-count // BUNDLE_RECORDS))


def bundle_of(url: str, bundles: int) -> int:
    """The bundle a record goes in: fixed by its URL, so an edit moves nothing."""
    return zlib.crc32(url.encode()) % bundles


def record(url: str, title: str, content: str) -> str:
    """A record as a line of a bundle file."""
    return json.dumps({"url": url, "title": title, "content": content}, ensure_ascii=False,
                      separators=(",", ":"))


def sheet_record(sheet: Sheet, url: str) -> str:
    """What a sheet is found by: its title, summary, figures (label, value, who states them)
    and tags. Its text, timeline and references are left out: they are what make a page
    long, not what a reader searches a fact sheet for."""
    parts = [sheet.title, sheet.summary]
    for figure in sheet.figures:
        parts.append(" ".join(p for p in (figure.label, format_value(figure), figure.by) if p))
    parts.append(" ".join(sheet.tags))
    return record(url, sheet.title, ". ".join(p for p in parts if p))
