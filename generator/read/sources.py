"""Reading a record of a cited page (content/sources/<name>.yaml, as generator/sources/records.py
writes it) into a SourceRecord. Records are content, untrusted like the rest: every key and
value is checked, and what is wrong is reported at its line and column."""

from __future__ import annotations

import re

from generator.model import SourcePassage, SourceRead, SourceRecord
from generator.problems import Problems
from generator.read.articles import check_url
from generator.read.figures import SLUG
from generator.read.strict_yaml import Node, SequenceNode, YamlDoc

STATUSES = ("live", "moved", "dead", "blocked", "error", "unchecked")
OUTCOMES = STATUSES[:-1]
SOURCE_KEYS = ("url", "status", "final_url", "http_status", "content_type", "title", "site_name", "author",
               "date", "digest", "archived", "history", "passages")
TEXTS = {"content_type": 200, "title": 500, "site_name": 200, "author": 300, "date": 40, "digest": 100}
PASSAGE_KEYS = ("sheet", "figure", "text", "marks")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_source(text: str, path: str, problems: Problems) -> SourceRecord | None:
    """The record, or None when it cannot be used (its problems reported)."""
    doc = YamlDoc(path, problems)
    root = doc.compose(text)
    if root is None:
        if not text.strip():
            problems.error(path, 1, 1, "the source record is empty; it needs at least 'url' and 'status'")
        return None
    found = len(problems.items)
    keys = doc.mapping(root, "the source record", SOURCE_KEYS, ("url", "status"))
    if keys is None or "url" not in keys or "status" not in keys:
        return None
    url = _url(doc, keys["url"], "url")
    status = _choice(doc, keys["status"], "status", STATUSES)
    texts = {name: doc.text(keys[name], name, max_length=longest) or ""
             for name, longest in TEXTS.items() if name in keys}
    final_url = _url(doc, keys["final_url"], "final_url") if "final_url" in keys else ""
    http_status = doc.integer(keys["http_status"], "http_status") if "http_status" in keys else 0
    archived_url, archived_timestamp = _archived(doc, keys["archived"]) if "archived" in keys else ("", "")
    reads = doc.sequence(keys["history"], "history") if "history" in keys else []
    history = tuple(read for n in reads or [] if (read := _read(doc, n)) is not None)
    items = doc.sequence(keys["passages"], "passages") if "passages" in keys else []
    passages = tuple(p for n in items or [] if (p := _passage(doc, n)) is not None)
    if len(problems.items) > found or url is None or status is None:
        return None
    return SourceRecord(url, status, path, doc.line(keys["status"]), history, final_url or "",
                        http_status or 0, texts.get("content_type", ""), texts.get("title", ""),
                        texts.get("site_name", ""), texts.get("author", ""), texts.get("date", ""),
                        archived_url, archived_timestamp, texts.get("digest", ""), passages)


def _archived(doc: YamlDoc, node: Node) -> tuple[str, str]:
    keys = doc.mapping(node, "archived", ("url", "timestamp"), ("url",))
    if not keys or "url" not in keys:
        return "", ""
    url = _url(doc, keys["url"], "archived url") or ""
    if "timestamp" not in keys:
        return url, ""
    return url, doc.text(keys["timestamp"], "archived timestamp", max_length=20) or ""


def _url(doc: YamlDoc, node: Node, what: str) -> str | None:
    text = doc.text(node, what)
    return None if text is None else check_url(text, doc.path, doc.line(node), node.column, doc.problems)


def _choice(doc: YamlDoc, node: Node, what: str, choices: tuple[str, ...]) -> str | None:
    value = doc.text(node, what, max_length=20)
    if value is not None and value not in choices:
        doc.error(node, f"{what} must be one of {', '.join(choices)}; got {value!r}")
        return None
    return value


def _read(doc: YamlDoc, node: Node) -> SourceRead | None:
    keys = doc.mapping(node, "a read", ("date", "outcome"), ("date", "outcome"))
    if not keys or "date" not in keys or "outcome" not in keys:
        return None
    date = doc.text(keys["date"], "date", max_length=10)
    if date is not None and not _DAY.match(date):
        doc.error(keys["date"], f"date must be YYYY-MM-DD, got {date!r}")
        return None
    outcome = _choice(doc, keys["outcome"], "outcome", OUTCOMES)
    return None if date is None or outcome is None else SourceRead(date, outcome)


def _passage(doc: YamlDoc, node: Node) -> SourcePassage | None:
    keys = doc.mapping(node, "a passage", PASSAGE_KEYS, PASSAGE_KEYS)
    if not keys or any(k not in keys for k in PASSAGE_KEYS):
        return None
    sheet = doc.text(keys["sheet"], "sheet", max_length=81)
    if sheet is not None and not SLUG.match(sheet):
        doc.error(keys["sheet"], f"sheet must be a sheet's slug, got {sheet!r}")
        return None
    figure = doc.integer(keys["figure"], "figure")
    text = doc.text(keys["text"], "passage text", max_length=2000)
    marks = _marks(doc, keys["marks"], len(text or ""))
    if sheet is None or figure is None or text is None or marks is None:
        return None
    return SourcePassage(sheet, figure, text, marks)


def _marks(doc: YamlDoc, node: Node, length: int) -> tuple[tuple[int, int], ...] | None:
    """[[start, end], ...]: where the value's numbers stand, inside the passage's text."""
    found = []
    for item in doc.sequence(node, "marks") or []:
        pair = [doc.integer(n, "a mark") for n in item.value] if isinstance(item, SequenceNode) else []
        start, end = (pair if len(pair) == 2 else [None, None])
        if start is None or end is None or not 0 <= start < end <= length:
            doc.error(item, f"a mark is [start, end] within the passage's {length} characters")
            return None
        found.append((start, end))
    return tuple(found)
