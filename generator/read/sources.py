"""Reading a record of a cited page (content/sources/<name>.yaml, as generator/sources/records.py
writes it) into a SourceRecord. Records are content, untrusted like the rest: every key and
value is checked, and what is wrong is reported at its line and column."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Container, Iterable
from urllib.parse import urlsplit

from generator.model import SourceMiss, SourcePassage, SourceRead, SourceRecord
from generator.problems import Problems
from generator.read.articles import check_url
from generator.read.figures import SLUG
from generator.read.files import read_text
from generator.read.strict_yaml import Node, SequenceNode, YamlDoc

STATUSES = ("live", "moved", "dead", "blocked", "error", "unchecked")
OUTCOMES = STATUSES[:-1]
SOURCE_KEYS = ("url", "status", "final_url", "http_status", "content_type", "title", "site_name", "author",
               "date", "digest", "archived", "history", "passages", "missed")
TEXTS = {"content_type": 200, "title": 500, "site_name": 200, "author": 300, "date": 40, "digest": 100}
PASSAGE_KEYS = ("sheet", "figure", "value", "text", "marks")
MISS_KEYS = ("sheet", "figure", "value")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def record_name(url: str) -> str:
    """A stable file name for the URL's record: its host, readable, and a digest of the whole URL."""
    host = (urlsplit(url).hostname or "page").removeprefix("www.")
    readable = _NOT_SLUG.sub("-", host.lower()).strip("-")[:60] or "page"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:12]}.yaml"


def read_records(urls: Iterable[str], folder: str, known: Container[str], problems: Problems
                 ) -> dict[str, SourceRecord]:
    """The records of these URLs among the `known` files of `folder` (content/sources/, as the
    scan found them: inside the content folder, plain files), by URL. A record that holds
    another URL than its name is made from is an error (renamed, or edited by hand)."""
    found = {}
    for url in dict.fromkeys(urls):
        if record_name(url) not in known:
            continue
        path = os.path.join(folder, record_name(url))
        shown = show(path)
        text = read_text(path, shown, problems)
        record = load_source(text, shown, problems) if text is not None else None
        if record is None:
            continue
        if record.url != url:
            problems.error(shown, 1, 1, f"this record is of {record.url}, not of the URL its name is made "
                                        f"from; name it {record_name(record.url)}")
            continue
        found[url] = record
    return found


def read_records_named(names: Iterable[str], folder: str, problems: Problems) -> dict[str, SourceRecord]:
    """The records of these file names in `folder`, by URL; one whose name is not made from its
    URL is an error."""
    found = {}
    for name in names:
        path = os.path.join(folder, name)
        text = read_text(path, show(path), problems)
        record = load_source(text, show(path), problems) if text is not None else None
        if record is None:
            continue
        if record_name(record.url) != name:
            problems.error(record.path, 1, 1, f"a record's name is made from its URL: name it "
                                              f"{record_name(record.url)}")
            continue
        found[record.url] = record
    return found


def cached_text(folder: str, digest: str) -> str | None:
    """The whole text a record's digest names, if the cache (build/sources/) holds it."""
    if not folder or not digest.startswith("sha256:"):
        return None
    try:
        with open(os.path.join(folder, digest.removeprefix("sha256:") + ".txt"), encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return None
    return text if "sha256:" + hashlib.sha256(text.encode()).hexdigest() == digest else None


def show(path: str) -> str:
    """A path as messages print it: relative to the working folder when inside it."""
    cwd = os.getcwd() + os.sep
    return path[len(cwd):] if path.startswith(cwd) else path


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
    misses = doc.sequence(keys["missed"], "missed") if "missed" in keys else []
    missed = tuple(m for n in misses or [] if (m := _miss(doc, n)) is not None)
    if len(problems.items) > found or url is None or status is None:
        return None
    return SourceRecord(url, status, path, doc.line(keys["status"]), history, final_url or "",
                        http_status or 0, texts.get("content_type", ""), texts.get("title", ""),
                        texts.get("site_name", ""), texts.get("author", ""), texts.get("date", ""),
                        archived_url, archived_timestamp, texts.get("digest", ""), passages, missed)


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
    found = _figure_of(doc, keys, PASSAGE_KEYS)
    if keys is None or found is None:
        return None
    text = doc.text(keys["text"], "passage text", max_length=2000)
    marks = _marks(doc, keys["marks"], len(text or ""))
    if text is None or marks is None:
        return None
    return SourcePassage(found.sheet, found.figure, text, marks, found.value)


def _miss(doc: YamlDoc, node: Node) -> SourceMiss | None:
    keys = doc.mapping(node, "a figure not found", MISS_KEYS, MISS_KEYS)
    return _figure_of(doc, keys, MISS_KEYS)


def _figure_of(doc: YamlDoc, keys: dict[str, Node] | None, wanted: tuple[str, ...]) -> SourceMiss | None:
    """The sheet, figure and value a passage or a miss is of (None if any is wrong or missing)."""
    if not keys or any(k not in keys for k in wanted):
        return None
    sheet = doc.text(keys["sheet"], "sheet", max_length=81)
    if sheet is not None and not SLUG.match(sheet):
        doc.error(keys["sheet"], f"sheet must be a sheet's slug, got {sheet!r}")
        return None
    figure = doc.integer(keys["figure"], "figure")
    value = doc.text(keys["value"], "value", max_length=80)
    if sheet is None or figure is None or value is None:
        return None
    return SourceMiss(sheet, figure, value)


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
