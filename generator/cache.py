"""What the last generate step made of each sheet, so an unchanged sheet is neither read nor
rendered again. An entry is used only while the sheet's files have the same size, modification
time and inode, and while the code, templates, libraries and settings that made it are the same
(the fingerprint); anything else, or a damaged cache file, means a full generate."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from .problems import Problem
from .render import Listing

FORMAT = 1
_LIBRARIES = ("jinja2", "markdown-it-py", "nh3", "text2num", "pyyaml")

Stamp = tuple[tuple[int, int, int], ...]


class Entry(NamedTuple):
    stamp: Stamp  # of the article, then of the figures file if there is one
    problems: tuple[Problem, ...]  # warnings only: sheets with errors are not cached
    files: tuple[str, ...]  # the sheet's own generated files
    listing: Listing


def stamp(*paths: Path) -> Stamp:
    result = []
    for path in paths:
        st = path.stat()
        result.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(result)


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
    it describes, so it is as trusted as that folder (and as the code next to it); pickle
    reads it ten times faster than JSON."""
    try:
        with path.open("rb") as f:
            saved_key, sheets, site_pages = pickle.load(f)
        if saved_key == key:
            return Cache(dict(sheets), dict(site_pages))
    except Exception:
        pass
    return Cache({}, {})


def save_cache(path: Path, key: str, cache: Cache) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        pickle.dump((key, cache.sheets, cache.site_pages), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
