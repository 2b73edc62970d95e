"""What the last generate step made of each sheet, so an unchanged sheet is neither read nor
rendered again. An entry is used only while the sheet's files have the same size, modification
time and inode, and while the code, templates, libraries and settings that made it are the same
(the fingerprint); anything else, or a damaged cache file, means a full generate.

The cache is three files beside the docs folder (build/): a base, rewritten whole once in a
while; a log of changes appended to after each run (rewriting the base after a one-article
edit of 10,000 sheets cost 0.4 s); and a store of each sheet's Fragments, appended to and
compacted when it is mostly dead (they are nine tenths of the cache, and a one-article edit
reads a few). Each log record is its length (8 bytes) and then the changes: entries, site
page keys, data files, the layout if it changed, series; None stands for removed. A torn last
record is ignored. Fragments are appended before the record that points at them, and entries
are whole, so a record lost in a crash only costs work. Everything is encoded by
generator/incremental/codec.py."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypeVar

from generator.incremental import codec
from generator.incremental.series_step import SeriesEntry
from generator.problems import Problem
from generator.render.layout import Layout
from generator.render.listing import Listing
from generator.render.sheet import Fragments
from generator.write.rows import RowsWritten

_LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "nh3", "text_to_num", "yaml", "PIL", "resvg_py")

Signature = int  # ContentFiles.signatures: a hash of the size, modification time and inode of its files
Where = tuple[int, int]  # offset and length of a sheet's encoded Fragments in the store


class Entry(NamedTuple):
    signature: Signature  # of its files and of the source records it shows (ContentFiles.signature)
    problems: tuple[Problem, ...]  # warnings only: sheets with errors are not cached
    listing: Listing
    where: Where = (0, 0)  # where its Fragments are in the store; (0, 0) until saved
    records: tuple[str, ...] = ()  # the names of the source records it shows


def fingerprint(templates: list[Path], settings: object) -> str:
    """What made the cached entries: settings, the libraries (each by the size and time of
    its module file, which an upgrade changes; cheaper than importlib.metadata), our code and
    the templates."""
    digest = hashlib.sha256(f"{codec.VERSION} {sys.version} {settings!r}".encode())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            st = os.stat(spec.origin)
            digest.update(f"{name} {spec.origin} {st.st_size} {st.st_mtime_ns}".encode())
    code = Path(__file__).parent.parent  # the whole generator package
    for folder in (code, *templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc",):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class _Base(NamedTuple):
    key: str  # the fingerprint
    token: str  # names this base: log records of another base are ignored
    store: str  # names the store of Fragments
    sheets: dict[str, Entry]
    site_pages: dict[str, str]  # name -> the key of what it was made from
    rows: dict[str, RowsWritten]
    layout: Layout | None
    series: dict[str, SeriesEntry]


class _Record(NamedTuple):
    token: str  # the base it changes
    sheets: dict[str, Entry | None]
    site_pages: dict[str, str | None]
    rows: dict[str, RowsWritten]
    layout: Layout | None  # when it changed
    series: dict[str, SeriesEntry | None]


@dataclass
class Cache:
    sheets: dict[str, Entry]
    site_pages: dict[str, str]  # name -> the key of what it was made from
    rows: dict[str, RowsWritten] = field(default_factory=dict)  # the data files, as written
    layout: Layout | None = None  # where the sheets went on the site pages
    series: dict[str, SeriesEntry] = field(default_factory=dict)
    # Where the files stand: the base file's token and size, the log's size, and the token
    # that names the store of Fragments.
    token: str = ""
    base_bytes: int = 0
    log_bytes: int = 0
    store: str = ""
    path: Path | None = None

    def fragments(self, slug: str) -> Fragments:
        """A cached sheet's Fragments, read from the store when a page needs them."""
        offset, length = self.sheets[slug].where
        return unpack(os.pread(self._file.fileno(), length, offset))

    @functools.cached_property
    def _file(self) -> BinaryIO:
        assert self.path is not None
        return open(_store(self.path, self.store), "rb")  # closed by close()

    def close(self) -> None:
        if "_file" in self.__dict__:
            self._file.close()


_V = TypeVar("_V")
_LENGTH = 8
_SMALL_LOG = 4 << 20  # a log this long (mostly row lengths of data files) reads in milliseconds


def load_cache(path: Path, key: str) -> Cache:
    """The entries of the last run, or none when they cannot be trusted."""
    try:
        data = path.read_bytes()
        base: _Base = codec.loads(data, _Base)
        if base.key != key:
            return Cache({}, {})
        log = _log(path).read_bytes() if _log(path).exists() else b""
        base, at = _replay(log, base)
        store_bytes = os.stat(_store(path, base.store)).st_size
        if base.sheets and max(sum(e.where) for e in base.sheets.values()) > store_bytes:
            return Cache({}, {})  # fragments lost in a crash: start again
        return Cache(base.sheets, base.site_pages, base.rows, base.layout, base.series, base.token,
                     len(data), at, base.store, path)
    except (OSError, codec.Stale):
        return Cache({}, {})


def _replay(log: bytes, base: _Base) -> tuple[_Base, int]:
    """The base with the log's records of it applied, and the length of the whole records."""
    at = 0
    while at + _LENGTH <= len(log):
        end = at + _LENGTH + int.from_bytes(log[at:at + _LENGTH], "little")
        if end > len(log):
            break  # torn by a crash while appending
        record: _Record = codec.loads(log[at + _LENGTH:end], _Record)
        at = end
        if record.token != base.token:
            continue
        _apply(base.sheets, record.sheets)
        _apply(base.site_pages, record.site_pages)
        base.rows.update(record.rows)
        _apply(base.series, record.series)
        if record.layout is not None:
            base = base._replace(layout=record.layout)
    return base, at


def _apply(target: dict[str, _V], changes: Mapping[str, _V | None]) -> None:
    for name, value in changes.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value


def pack(fragments: Fragments) -> bytes:
    """A sheet's Fragments as the store keeps them."""
    return codec.dumps(fragments, Fragments)


def unpack(blob: bytes) -> Fragments:
    fragments: Fragments = codec.loads(blob, Fragments)
    return fragments


def save_cache(path: Path, key: str, cache: Cache, previous: Cache, fresh: Mapping[str, bytes]) -> None:
    """Record `cache`, the result of a run that started from `previous` and rendered again the
    sheets whose `fresh` Fragments (packed) are given: as a log record of the differences while the log
    stays small (a quarter of the base, or 4 MB), else as a new base."""
    removed = previous.sheets.keys() - cache.sheets.keys()
    pages: dict[str, str | None] = {name: k for name, k in cache.site_pages.items()
                                    if previous.site_pages.get(name) != k}
    pages.update((name, None) for name in previous.site_pages.keys() - cache.site_pages.keys())
    rows = {name: r for name, r in cache.rows.items() if previous.rows.get(name) != r}
    layout = cache.layout if cache.layout is not previous.layout else None  # written when it changed
    series: dict[str, SeriesEntry | None] = {slug: e for slug, e in cache.series.items()
                                             if previous.series.get(slug) != e}
    series.update((slug, None) for slug in previous.series.keys() - cache.series.keys())
    if not fresh and not removed and not pages and not rows and not layout and not series:
        return
    store = previous.store or os.urandom(8).hex()
    placed = _append(_store(path, store), dict(fresh))
    sheets = {slug: e._replace(where=placed[slug]) if slug in placed else e
              for slug, e in cache.sheets.items()}
    changed: dict[str, Entry | None] = {slug: sheets[slug] for slug in fresh}
    changed.update((slug, None) for slug in removed)
    live = sum(e.where[1] for e in sheets.values())
    # Mostly dead (sheets removed, or rendered again many times): a new base, and the store
    # compacted. Else the changes go to the log while it stays small.
    dead = os.stat(_store(path, store)).st_size > 2 * live + _SMALL_LOG
    if previous.token and not dead:
        record = codec.dumps(_Record(previous.token, changed, pages, rows, layout, series), _Record)
        if previous.log_bytes + len(record) < max(previous.base_bytes // 4, _SMALL_LOG):
            _append_record(path, record)
            return
    if dead:
        old_store, store = store, os.urandom(8).hex()
        with open(_store(path, old_store), "rb") as old:
            blobs = {slug: os.pread(old.fileno(), e.where[1], e.where[0]) for slug, e in sheets.items()}
        with open(_store(path, store), "wb") as new:
            placed = _write_blobs(new, blobs)
        sheets = {slug: e._replace(where=placed[slug]) for slug, e in sheets.items()}
    base = _Base(key, os.urandom(8).hex(), store, sheets, cache.site_pages, cache.rows, cache.layout,
                 cache.series)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(codec.dumps(base, _Base))
    os.replace(tmp, path)
    _log(path).unlink(missing_ok=True)
    for other in path.parent.glob(f"{path.name}.*.frag"):
        if other.name != _store(path, store).name:
            other.unlink()


def forget(path: Path, previous: Cache, sheets: Collection[str] = (), pages: Collection[str] = ()) -> None:
    """Record, before the files of these sheets and site pages are written (in place, see
    generator/write/docs.py), that what `previous` holds of them no longer says what their
    files hold. Else a run stopped after writing them and before save_cache would leave
    entries that vouch for half-written files, or for files made from content that changed
    back since."""
    if not previous.token or not (sheets or pages):
        return
    record = codec.dumps(_Record(previous.token, dict.fromkeys(sheets), dict.fromkeys(pages), {}, None, {}),
                         _Record)
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


def _append(store: Path, blobs: dict[str, bytes]) -> dict[str, Where]:
    """Append the encoded Fragments of freshly rendered sheets; where each went."""
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
