"""Reading a record of a cited page (content/sources/<name>.json, as generator/sources/records.py
writes it) into a SourceRecord. Records are content, untrusted like the rest: every key and
value is checked, and what is wrong is reported at its line and column (the first thing
wrong: records are written by `factsheet sources`, not by hand). They are JSON, read by the
standard library's C parser (generator/read/strict_json.py): a site has thousands."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Container, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from generator.model import SourceMiss, SourcePassage, SourceRead, SourceRecord
from generator.problems import Problems
from generator.read.articles import check_url
from generator.read.figures import SLUG
from generator.read.files import read_text
from generator.read.strict_json import JsonProblem, Where, clip, describe, load_json, locate

STATUSES = ("live", "moved", "dead", "blocked", "error", "unchecked")
OUTCOMES = STATUSES[:-1]
SOURCE_KEYS = ("url", "status", "final_url", "http_status", "content_type", "title", "site_name", "author",
               "date", "digest", "archived", "history", "passages", "missed")
TEXTS = {"content_type": 200, "title": 500, "site_name": 200, "author": 300, "date": 40, "digest": 100}
PASSAGE_KEYS = ("sheet", "figure", "value", "text", "marks")
MISS_KEYS = ("sheet", "figure", "value")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# C0 and C1 controls, and the bidirectional marks, overrides and isolates (as in figures files)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@functools.lru_cache(maxsize=65536)  # (asked for by the sheet that reads a record, and again)
def record_name(url: str) -> str:
    """A stable file name for the URL's record: its host, readable, and a digest of the whole URL."""
    host = (urlsplit(url).hostname or "page").removeprefix("www.")
    readable = _NOT_SLUG.sub("-", host.lower()).strip("-")[:60] or "page"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"


class _Wrong(Exception):
    """The first thing wrong with a record, and the value it is about."""

    def __init__(self, where: Where, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


def load_source(text: str, path: str, problems: Problems) -> SourceRecord | None:
    """The record, or None when it cannot be used (its problem reported)."""
    if not text.strip():
        problems.error(path, 1, 1, "the source record is empty; it needs at least 'url' and 'status'")
        return None
    try:
        data = load_json(text)
        return _record(data, path, text.count("\n", 0, max(0, text.find('"status"'))) + 1)
    except JsonProblem as e:
        problems.error(path, e.line, e.col, e.message)
    except _Wrong as e:
        problems.error(path, *locate(text, e.where), e.message)
    return None


def _record(data: Any, path: str, line: int) -> SourceRecord:
    keys = _mapping(data, (), "the source record", SOURCE_KEYS, ("url", "status"))
    url = _url(keys["url"], ("url",), "url")
    status = _choice(keys["status"], ("status",), "status", STATUSES)
    texts = {name: _text(keys[name], (name,), name, longest)
             for name, longest in TEXTS.items() if name in keys}
    final_url = _url(keys["final_url"], ("final_url",), "final_url") if "final_url" in keys else ""
    http_status = _integer(keys["http_status"], ("http_status",), "http_status") \
        if "http_status" in keys else 0
    archived_url, archived_timestamp = _archived(keys["archived"]) if "archived" in keys else ("", "")
    history = tuple(_read(item, ("history", i)) for i, item in enumerate(_list(keys, "history")))
    passages = tuple(_passage(item, ("passages", i)) for i, item in enumerate(_list(keys, "passages")))
    missed = tuple(_miss(item, ("missed", i)) for i, item in enumerate(_list(keys, "missed")))
    return SourceRecord(url, status, path, line, history, final_url, http_status,
                        texts.get("content_type", ""), texts.get("title", ""), texts.get("site_name", ""),
                        texts.get("author", ""), texts.get("date", ""), archived_url, archived_timestamp,
                        texts.get("digest", ""), passages, missed)


def _mapping(value: Any, where: Where, what: str, allowed: Sequence[str], required: Sequence[str]
             ) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Wrong(where, f"{what} must be a mapping of keys to values, got {describe(value)}")
    for key in value:
        if key not in allowed:
            raise _Wrong((*where, key), f"unknown key {clip(key)!r} in {what}; expected one of: "
                                        f"{', '.join(allowed)}")
    for key in required:
        if key not in value:
            raise _Wrong(where, f"{what} is missing the required key {key!r}")
    return value


def _list(keys: dict[str, Any], name: str) -> list[Any]:
    value = keys.get(name, [])
    if not isinstance(value, list):
        raise _Wrong((name,), f"{name} must be a list, got {describe(value)}")
    return value


def _text(value: Any, where: Where, what: str, max_length: int = 2000) -> str:
    if not isinstance(value, str):
        raise _Wrong(where, f"{what} must be text, got {describe(value)}")
    text = value if value.isprintable() and "  " not in value and value.strip() == value \
        else " ".join(value.split())  # (the test first: most text needs no folding)
    if not text:
        raise _Wrong(where, f"{what} must not be empty")
    if len(text) > max_length:
        raise _Wrong(where, f"{what} is {len(text)} characters long; at most {max_length}")
    if bad := _CONTROL.search(text):
        raise _Wrong(where, f"{what} contains the control character U+{ord(bad[0]):04X}")
    return text


def _integer(value: Any, where: Where, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**12:
        raise _Wrong(where, f"{what} must be a whole number, got {describe(value)}")
    return value


def _url(value: Any, where: Where, what: str) -> str:
    found = Problems()
    url = check_url(_text(value, where, what), "", 0, 0, found)
    if url is None:
        raise _Wrong(where, found.items[0].message)
    return url


def _choice(value: Any, where: Where, what: str, choices: tuple[str, ...]) -> str:
    text = _text(value, where, what, 20)
    if text not in choices:
        raise _Wrong(where, f"{what} must be one of {', '.join(choices)}; got {text!r}")
    return text


def _archived(value: Any) -> tuple[str, str]:
    keys = _mapping(value, ("archived",), "archived", ("url", "timestamp"), ("url",))
    url = _url(keys["url"], ("archived", "url"), "archived url")
    if "timestamp" not in keys:
        return url, ""
    return url, _text(keys["timestamp"], ("archived", "timestamp"), "archived timestamp", 20)


def _read(value: Any, where: Where) -> SourceRead:
    keys = _mapping(value, where, "a read", ("date", "outcome"), ("date", "outcome"))
    date = _text(keys["date"], (*where, "date"), "date", 10)
    if not _DAY.match(date):
        raise _Wrong((*where, "date"), f"date must be YYYY-MM-DD, got {date!r}")
    return SourceRead(date, _choice(keys["outcome"], (*where, "outcome"), "outcome", OUTCOMES))


def _passage(value: Any, where: Where) -> SourcePassage:
    keys = _mapping(value, where, "a passage", PASSAGE_KEYS, PASSAGE_KEYS)
    of = _figure_of(keys, where)
    text = _text(keys["text"], (*where, "text"), "passage text")
    marks = _marks(keys["marks"], (*where, "marks"), len(text))
    return SourcePassage(of.sheet, of.figure, text, marks, of.value)


def _miss(value: Any, where: Where) -> SourceMiss:
    return _figure_of(_mapping(value, where, "a figure not found", MISS_KEYS, MISS_KEYS), where)


def _figure_of(keys: dict[str, Any], where: Where) -> SourceMiss:
    """The sheet, figure and value a passage or a miss is of."""
    sheet = _text(keys["sheet"], (*where, "sheet"), "sheet", 81)
    if not SLUG.match(sheet):
        raise _Wrong((*where, "sheet"), f"sheet must be a sheet's slug, got {clip(sheet)!r}")
    return SourceMiss(sheet, _integer(keys["figure"], (*where, "figure"), "figure"),
                      _text(keys["value"], (*where, "value"), "value", 80))


def _marks(value: Any, where: Where, length: int) -> tuple[tuple[int, int], ...]:
    """[[start, end], ...]: where the value's numbers stand, inside the passage's text."""
    if not isinstance(value, list):
        raise _Wrong(where, f"marks must be a list, got {describe(value)}")
    found = []
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(n) is int for n in pair)
                and 0 <= pair[0] < pair[1] <= length):
            raise _Wrong((*where, i), f"a mark is [start, end] within the passage's {length} characters")
        found.append((pair[0], pair[1]))
    return tuple(found)


def read_records(urls: Iterable[str], folder: str, known: Container[str], problems: Problems
                 ) -> dict[str, SourceRecord]:
    """The records of these URLs among the `known` files of `folder` (content/sources/, as the
    scan found them: inside the content folder, plain files), by URL. A record that holds
    another URL than its name is made from is an error (renamed, or edited by hand)."""
    found = {}
    for url in dict.fromkeys(urls):
        name = record_name(url)
        if name not in known:
            continue
        record = _read_record(folder, name, problems)
        if record is None:
            continue
        if record.url != url:
            problems.error(record.path, 1, 1, f"this record is of {record.url}, not of the URL its name "
                                              f"is made from; name it {record_name(record.url)}")
            continue
        found[url] = record
    return found


def read_records_named(names: Iterable[str], folder: str, problems: Problems) -> dict[str, SourceRecord]:
    """The records of these file names in `folder`, by URL; one whose name is not made from its
    URL is an error."""
    found = {}
    for name in names:
        record = _read_record(folder, name, problems)
        if record is None:
            continue
        if record_name(record.url) != name:
            problems.error(record.path, 1, 1, f"a record's name is made from its URL: name it "
                                              f"{record_name(record.url)}")
            continue
        found[record.url] = record
    return found


def _read_record(folder: str, name: str, problems: Problems) -> SourceRecord | None:
    shown = show(os.path.join(folder, name))
    text = read_text(os.path.join(folder, name), shown, problems)
    return load_source(text, shown, problems) if text is not None else None


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
