"""What the last generate step made of each sheet, so an unchanged sheet is neither read nor
rendered again. An entry is used only while the sheet's files have the same size, modification
time and inode, and while the code, templates, libraries and settings that made it are the same
(the fingerprint); anything else, or a damaged cache file, means a full generate."""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from .problems import Problem
from .render import Listing

FORMAT = 3
_LIBRARIES = ("jinja2", "markdown-it-py", "nh3", "text2num", "pyyaml")

Stamp = str  # size, modification time and inode of the article, then of the figures file


class Entry(NamedTuple):
    stamp: Stamp
    problems: tuple[Problem, ...]  # warnings only: sheets with errors are not cached
    listing: Listing


def stamp(*paths: str) -> Stamp:
    parts = []
    for path in paths:
        st = os.stat(path)
        parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return " ".join(parts)


def fingerprint(templates: Path, settings: object) -> str:
    digest = hashlib.sha256(f"{FORMAT} {settings!r}".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
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


def load_cache(path: Path, key: str) -> Cache:
    """The entries of the last run. The file is written by this module beside the docs folder
    it describes, so it is as trusted as that folder. It holds plain tuples in marshal's
    format, which reads and writes ten times faster than pickle (1 s each way at 10,000
    sheets) and, unlike pickle, runs no code on loading."""
    try:
        # loads() on the bytes: load() on the file is four times slower
        saved_key, sheets, site_pages = marshal.loads(path.read_bytes())
        if saved_key == key:
            return Cache({slug: _entry(e) for slug, e in sheets.items()}, site_pages)
    except Exception:
        pass
    return Cache({}, {})


def save_cache(path: Path, key: str, cache: Cache) -> None:
    tmp = path.with_name(path.name + ".tmp")
    sheets = {slug: _plain(e) for slug, e in cache.sheets.items()}
    tmp.write_bytes(marshal.dumps((key, sheets, cache.site_pages)))
    os.replace(tmp, path)


def _plain(entry: Entry) -> tuple[object, ...]:
    return (entry.stamp, tuple(map(tuple, entry.problems)), tuple(entry.listing))


def _entry(plain: tuple[Any, ...]) -> Entry:
    stamp, problems, listing = plain
    return Entry(stamp, tuple(Problem(*p) for p in problems) if problems else (),
                 Listing._make(listing))
