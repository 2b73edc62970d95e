"""What the last generate step made of each sheet, so an unchanged sheet is neither read nor
rendered again. An entry is used only while the sheet's files have the same size, modification
time and inode, and while the code, templates, libraries and settings that made it are the same
(the fingerprint); anything else, or a damaged cache file, means a full generate."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from generator.problems import Problem
from generator.render.pages import Layout, Listing
from generator.write.rows import RowsWritten

FORMAT = 10
_LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "nh3", "text_to_num", "yaml")

Stamp = int  # ContentFiles.stamps: a hash of the size, modification time and inode of its files


class Entry(NamedTuple):
    stamp: Stamp
    problems: tuple[Problem, ...]  # warnings only: sheets with errors are not cached
    listing: Listing


def fingerprint(templates: Path, settings: object) -> str:
    """What made the cached entries: settings, the libraries (each by the size and time of
    its module file, which an upgrade changes; cheaper than importlib.metadata), our code and
    the templates."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {settings!r}".encode())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            st = os.stat(spec.origin)
            digest.update(f"{name} {spec.origin} {st.st_size} {st.st_mtime_ns}".encode())
    code = Path(__file__).parent.parent  # the whole generator package
    for folder in (code, templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


Where = tuple[int, int]  # offset and length of a sheet's packed fragments in the fragments file


@dataclass
class Cache:
    sheets: dict[str, Entry]
    site_pages: dict[str, str]  # name -> the key of what it was made from
    rows: dict[str, RowsWritten] = field(default_factory=dict)  # the data files, as written
    layout: Layout | None = None  # where the sheets went on the site pages
    series: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # slug -> series_step.plain_entry
    # Where the files stand: the base file's token and size, the log's size, and the token
    # that names the file of packed fragments.
    token: str = ""
    base_bytes: int = 0
    log_bytes: int = 0
    store: str = ""
    path: Path | None = None

    def fragments(self, where: Where) -> bytes:
        """A cached sheet's packed fragments, read from the fragments file when a page needs
        them: they are nine tenths of the cache, and a one-article edit needs a few."""
        return os.pread(self._file.fileno(), where[1], where[0])

    @functools.cached_property
    def _file(self) -> BinaryIO:
        assert self.path is not None
        return open(_store(self.path, self.store), "rb")  # closed by close()

    def close(self) -> None:
        if "_file" in self.__dict__:
            self._file.close()


# The cache is a base file, rewritten whole once in a while, a log of changes appended to
# after each run (rewriting the base after a one-article edit of 10,000 sheets cost 0.4 s),
# and a file of packed fragments, appended to and compacted when it is mostly dead. Each log
# record is its length (8 bytes) and a marshal of (base token, changed entries, changed site
# pages, changed data files, the layout if it changed, changed series), None standing for removed; a torn
# last record is ignored.
# Fragments are appended before the record that points at them, and entries are whole, so a
# record lost in a crash only costs work.
_LENGTH = 8
_SMALL_LOG = 4 << 20  # a log this long (mostly row lengths of data files) reads in milliseconds


def load_cache(path: Path, key: str) -> Cache:
    """The entries of the last run. The files are written by this module beside the docs
    folder they describe, so they are as trusted as that folder. They hold plain tuples in
    marshal's format, which reads and writes ten times faster than pickle and, unlike
    pickle, runs no code on loading."""
    try:
        base = path.read_bytes()  # loads() on the bytes: load() on the file is 4 times slower
        saved_key, token, store, sheets, site_pages, rows, layout, series = marshal.loads(base)
        if saved_key != key:
            return Cache({}, {})
        log = _log(path)
        data = log.read_bytes() if log.exists() else b""
        at = 0
        while at + _LENGTH <= len(data):
            end = at + _LENGTH + int.from_bytes(data[at:at + _LENGTH], "little")
            if end > len(data):
                break  # torn by a crash while appending
            record_token, changed, pages, rows_written, new_layout, new_series = marshal.loads(
                data[at + _LENGTH:end])
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
            layout = new_layout or layout
            for slug, entry in new_series.items():
                if entry is None:
                    series.pop(slug, None)
                else:
                    series[slug] = entry
        store_bytes = os.stat(_store(path, store)).st_size
        if sheets and max(sum(e[2][-1]) for e in sheets.values()) > store_bytes:
            return Cache({}, {})  # fragments lost in a crash: start again
        return Cache({slug: _entry(e) for slug, e in sheets.items()}, site_pages,
                     {name: RowsWritten(*r) for name, r in rows.items()},
                     Layout._make(layout) if layout else None, series, token, len(base), at, store, path)
    except Exception:
        return Cache({}, {})


def save_cache(path: Path, key: str, cache: Cache, previous: Cache, fresh: Collection[str]) -> None:
    """Record `cache`, the result of a run that started from `previous` and rendered the
    `fresh` sheets again: as a log record of the differences while the log stays small (a
    quarter of the base, or 4 MB), else as a new base."""
    removed = previous.sheets.keys() - cache.sheets.keys()
    pages: dict[str, str | None] = {name: k for name, k in cache.site_pages.items()
                                    if previous.site_pages.get(name) != k}
    pages.update((name, None) for name in previous.site_pages.keys() - cache.site_pages.keys())
    rows = {name: tuple(r) for name, r in cache.rows.items() if previous.rows.get(name) != r}
    layout: tuple[Any, ...] | None = None  # written when it changed
    if cache.layout is not None and cache.layout is not previous.layout:
        layout = tuple(cache.layout)
    series: dict[str, tuple[Any, ...] | None] = {slug: e for slug, e in cache.series.items()
                                                 if previous.series.get(slug) != e}
    series.update((slug, None) for slug in previous.series.keys() - cache.series.keys())
    if not fresh and not removed and not pages and not rows and not layout and not series:
        return
    store = previous.store or os.urandom(8).hex()
    placed = _append(_store(path, store), [cache.sheets[slug] for slug in fresh])
    changed: dict[str, tuple[Any, ...] | None] = {slug: _plain(cache.sheets[slug], placed.get(slug))
                                  for slug in fresh}
    changed.update((slug, None) for slug in removed)
    if previous.token:
        record = marshal.dumps((previous.token, changed, pages, rows, layout, series))
        if previous.log_bytes + len(record) < max(previous.base_bytes // 4, _SMALL_LOG):
            _append_record(path, record)
            return
    sheets = {slug: _plain(e, placed.get(slug)) for slug, e in cache.sheets.items()}
    old_store = store
    live = sum(plain[2][-1][1] for plain in sheets.values())
    if os.stat(_store(path, store)).st_size > 2 * live + _SMALL_LOG:  # mostly dead: compact
        store = os.urandom(8).hex()
        with open(_store(path, old_store), "rb") as old:
            blobs = {slug: os.pread(old.fileno(), plain[2][-1][1], plain[2][-1][0])
                     for slug, plain in sheets.items()}
        with open(_store(path, store), "wb") as new:
            placed = _write_blobs(new, blobs)
        sheets = {slug: _plain(e, placed[slug]) for slug, e in cache.sheets.items()}
    token = os.urandom(8).hex()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(marshal.dumps((key, token, store, sheets, cache.site_pages,
                                   {name: tuple(r) for name, r in cache.rows.items()},
                                   tuple(cache.layout) if cache.layout else None, cache.series)))
    os.replace(tmp, path)
    _log(path).unlink(missing_ok=True)
    for other in path.parent.glob(f"{path.name}.*.frag"):
        if other.name != _store(path, store).name:
            other.unlink()


def forget(path: Path, previous: Cache, sheets: Collection[str] = (), pages: Collection[str] = ()) -> None:
    """Record, before the files of these sheets and site pages are written (in place, see
    output.py), that what `previous` holds of them no longer says what their files hold.
    Else a run stopped after writing them and before save_cache would leave entries that
    vouch for half-written files, or for files made from content that changed back since."""
    if not previous.token or not (sheets or pages):
        return
    record = marshal.dumps((previous.token, dict.fromkeys(sheets), dict.fromkeys(pages), {}, None, {}))
    previous.log_bytes += _append_record(path, record)
    for name in pages:  # as recorded now, so save_cache records these keys again (it records
        previous.site_pages.pop(name, None)  # every sheet rendered again anyway)


def _append_record(path: Path, record: bytes) -> int:
    """Append a record, after its length, to the log; the bytes it took."""
    with _log(path).open("ab") as f:
        f.write(len(record).to_bytes(_LENGTH, "little") + record)
    return _LENGTH + len(record)


def _log(path: Path) -> Path:
    return path.with_name(path.name + ".log")


def _store(path: Path, store: str) -> Path:
    return path.with_name(f"{path.name}.{store}.frag")


def _append(store: Path, entries: list[Entry]) -> dict[str, Where]:
    """Append the packed fragments of freshly rendered entries; where each went."""
    blobs = {e.listing.slug: e.listing.packed for e in entries if isinstance(e.listing.packed, bytes)}
    if not blobs:
        return {}
    with open(store, "ab") as f:
        return _write_blobs(f, blobs)


def _write_blobs(f: BinaryIO, blobs: dict[str, bytes]) -> dict[str, Where]:
    """Write the blobs at the end of `f` (past anything a crash left behind); where each went."""
    at = f.seek(0, os.SEEK_END)
    placed = {}
    for slug, blob in blobs.items():
        placed[slug] = (at, len(blob))
        at += len(blob)
    f.write(b"".join(blobs.values()))
    return placed


def _plain(entry: Entry, where: Where | None) -> tuple[Any, ...]:
    listing = entry.listing
    if where is None:
        assert not isinstance(listing.packed, bytes)
        where = listing.packed
    return (entry.stamp, tuple(map(tuple, entry.problems)), (*listing[:-1], where))


def _entry(plain: tuple[Any, ...]) -> Entry:
    stamp, problems, listing = plain
    return Entry(stamp, tuple(Problem(*p) for p in problems) if problems else (),
                 Listing._make(listing))
