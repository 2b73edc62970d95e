"""What the last generate step made of each sheet, so an unchanged sheet is neither read nor
rendered again. An entry is used only while the sheet's files have the same size, modification
time and inode, and while the code, templates, libraries and settings that made it are the same
(the fingerprint); anything else, or a damaged cache file, means a full generate."""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .problems import Problem
from .render import Listing
from .rows import RowsWritten

FORMAT = 5
_LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "nh3", "text_to_num", "yaml")

Stamp = str  # size, modification time and inode of the article, then of the figures file


class Entry(NamedTuple):
    stamp: Stamp
    problems: tuple[Problem, ...]  # warnings only: sheets with errors are not cached
    listing: Listing


def fingerprint(templates: Path, settings: object) -> str:
    """What made the cached entries: settings, the libraries (each by the size and time of
    its module file, which an upgrade changes; cheaper than importlib.metadata), our code and
    the templates."""
    digest = hashlib.sha256(f"{FORMAT} {settings!r}".encode())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            st = os.stat(spec.origin)
            digest.update(f"{name} {spec.origin} {st.st_size} {st.st_mtime_ns}".encode())
    code = Path(__file__).parent
    for folder in (code, templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Cache:
    sheets: dict[str, Entry]
    site_pages: dict[str, str]  # name -> the key of what it was made from
    rows: dict[str, RowsWritten] = field(default_factory=dict)  # the data files, as written
    # Where the files stand: the base file's token and size, and the log's size.
    token: str = ""
    base_bytes: int = 0
    log_bytes: int = 0


# The cache is a base file, rewritten whole once in a while, and a log of changes appended to
# after each run: rewriting 40 MB after a one-article edit of 10,000 sheets cost 0.4 s. Each
# log record is its length (8 bytes) and a marshal of (base token, changed entries, changed
# site pages), None standing for removed; a torn last record is ignored. Entries are whole
# (stamp, warnings and listing together), so a record lost in a crash only costs work.
_LENGTH = 8
_SMALL_LOG = 1 << 20  # a log this long reads in a few milliseconds, whatever the base


def load_cache(path: Path, key: str) -> Cache:
    """The entries of the last run. The files are written by this module beside the docs
    folder they describe, so they are as trusted as that folder. They hold plain tuples in
    marshal's format, which reads and writes ten times faster than pickle and, unlike
    pickle, runs no code on loading."""
    try:
        base = path.read_bytes()  # loads() on the bytes: load() on the file is 4 times slower
        saved_key, token, sheets, site_pages, rows = marshal.loads(base)
        if saved_key != key:
            return Cache({}, {})
        log = _log(path)
        data = log.read_bytes() if log.exists() else b""
        at = 0
        while at + _LENGTH <= len(data):
            end = at + _LENGTH + int.from_bytes(data[at:at + _LENGTH], "little")
            if end > len(data):
                break  # torn by a crash while appending
            record_token, changed, pages, rows_written = marshal.loads(data[at + _LENGTH:end])
            at = end
            if record_token != token:
                continue
            for slug, entry in changed.items():
                if entry is None:
                    sheets.pop(slug, None)
                else:
                    sheets[slug] = entry
            for name, page_key in pages.items():
                if page_key is None:
                    site_pages.pop(name, None)
                else:
                    site_pages[name] = page_key
            rows.update(rows_written)
        return Cache({slug: _entry(e) for slug, e in sheets.items()}, site_pages,
                     {name: RowsWritten(*r) for name, r in rows.items()}, token, len(base), at)
    except Exception:
        return Cache({}, {})


def save_cache(path: Path, key: str, cache: Cache, previous: Cache) -> None:
    """Record `cache`, the result of a run that started from `previous`: as a log record of
    the differences while the log stays small (a quarter of the base, or 1 MB), else as a new
    base."""
    changed: dict[str, object] = {slug: _plain(e) for slug, e in cache.sheets.items()
                                  if previous.sheets.get(slug) is not e}
    changed.update((slug, None) for slug in previous.sheets.keys() - cache.sheets.keys())
    pages: dict[str, str | None] = {name: k for name, k in cache.site_pages.items()
                                    if previous.site_pages.get(name) != k}
    pages.update((name, None) for name in previous.site_pages.keys() - cache.site_pages.keys())
    rows = {name: tuple(r) for name, r in cache.rows.items() if previous.rows.get(name) != r}
    if not changed and not pages and not rows:
        return
    if previous.token:
        record = marshal.dumps((previous.token, changed, pages, rows))
        if previous.log_bytes + len(record) < max(previous.base_bytes // 4, _SMALL_LOG):
            with _log(path).open("ab") as f:
                f.write(len(record).to_bytes(_LENGTH, "little") + record)
            return
    token = os.urandom(8).hex()
    sheets = {slug: _plain(e) for slug, e in cache.sheets.items()}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(marshal.dumps((key, token, sheets, cache.site_pages,
                                   {name: tuple(r) for name, r in cache.rows.items()})))
    os.replace(tmp, path)
    _log(path).unlink(missing_ok=True)


def _log(path: Path) -> Path:
    return path.with_name(path.name + ".log")


def _plain(entry: Entry) -> tuple[object, ...]:
    return (entry.stamp, tuple(map(tuple, entry.problems)), tuple(entry.listing))


def _entry(plain: tuple[Any, ...]) -> Entry:
    stamp, problems, listing = plain
    return Entry(stamp, tuple(Problem(*p) for p in problems) if problems else (),
                 Listing._make(listing))
