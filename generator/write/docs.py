"""Writing the generated docs folder: the only code that writes there.

Files are written only when their bytes changed, so an unchanged sheet keeps its modification
time and MkDocs' live reload and dirty builds skip it. Files are written in place: a file
that exists is truncated and written again, the rows of data files are patched. Nothing
reads the docs folder while it is written (MkDocs runs after), and a run stopped halfway
leaves files the next run writes again (see cache.forget). Replacing each file by a new one
renamed over it cost a new inode each, which on this project's test disk (ext4 without a
journal) took 15 ms a file after a large deletion such as the swap of a built site. Paths
are checked to stay inside the folder, and a symbolic link found in the way is removed
rather than followed."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from generator.read.files import stamp


class OutputError(Exception):
    pass


# Where a generated file goes, by the first folder of its name: the downloads (data files,
# feeds) are copied into the site as they are and MkDocs never needs to see them, so they live
# beside its docs folder (build/files), as the search records do (build/search, for the index).
FILES_FOLDERS = ("data", "feeds", "cards", "embed", "charts")
SEARCH_FOLDER = "search"


class DocsWriter:
    """Writes the generated files and, at the end, removes every file it was not told to write
    or keep (top-level dotfiles excepted). Names are relative POSIX paths: "sheets/x.md" goes
    to the docs folder, "data/x.json" and "feeds/x.xml" to the files folder, "search/..." to
    the search folder."""

    def __init__(self, docs_dir: Path, files_dir: Path | None = None, search_dir: Path | None = None) -> None:
        build = docs_dir.parent
        places = {"": docs_dir, "files": files_dir or build / "files",
                  "search": search_dir or build / "search"}
        for place in places.values():
            if place.is_symlink():
                raise OutputError(f"{place} is a symbolic link; refusing to write through it")
            place.mkdir(parents=True, exist_ok=True)
        self.root = os.path.realpath(docs_dir)
        self._files_root = os.path.realpath(places["files"])
        self._search_root = os.path.dirname(os.path.realpath(places["search"]))  # (names start search/)
        if os.path.basename(os.path.realpath(places["search"])) != SEARCH_FOLDER:
            raise OutputError(f"the search folder must be named {SEARCH_FOLDER!r}, got {places['search']}")
        self.expected: set[str] = set()
        self.changed: set[str] = set()  # the files written (their bytes changed)
        self._folders: set[str] = set()  # real paths of the folders made or found
        # one walk of each folder instead of a stat per kept file
        self._present: set[str] = set()
        self._misplaced: list[str] = []  # real paths of files found where their names do not go
        self._empty_folders: set[str] = set()
        for root, prefix in ((self.root, ""), (self._files_root, ""), (self._search_root, SEARCH_FOLDER)):
            found, empty = _files_under(os.path.join(root, prefix) if prefix else root, prefix)
            self._empty_folders.update(os.path.join(root, f) for f in empty)
            for name in found:
                if self._root_of(name) == root:
                    self._present.add(name)
                else:
                    self._misplaced.append(os.path.join(root, name))

    def _root_of(self, name: str) -> str:
        first = name.partition("/")[0]
        if first in FILES_FOLDERS:
            return self._files_root
        return self._search_root if first == SEARCH_FOLDER else self.root

    def path(self, name: str) -> str:
        """Where a file of that name is written."""
        return os.path.join(self._root_of(name), name)

    def write(self, name: str, text: str) -> None:
        self.write_bytes(name, text.encode("utf-8"))

    def write_bytes(self, name: str, data: bytes) -> None:
        _check_name(name)
        self.expected.add(name)
        target = self.path(name)
        if name in self._present:
            if _unchanged(target, data):
                return
            _write_over(target, data)
        else:
            self._make_folders(name)
            _write_new(target, data)
        self.changed.add(name)

    def stamp(self, name: str) -> str | None:
        """The stamp of a file written or kept, None if absent."""
        try:
            st = os.stat(self.path(name), follow_symlinks=False)
        except OSError:
            return None
        return stamp(st)

    def open(self, name: str) -> BinaryIO:
        """A file written by an earlier run, for reading."""
        return open(self.path(name), "rb")

    def patch(self, name: str, at: int, parts: Sequence[bytes]) -> None:
        """Overwrite a file kept from an earlier run from byte `at` on with the parts, and end
        the file there. Unlike write, in place: for a site-wide data file (15 MB at 10,000
        sheets) of which an edit changes a few rows, it spares copying the bytes before the
        first changed row and freeing the old file's blocks (1 ms a MB on a disk mounted
        with discard). A run that stops halfway leaves a file whose stamp is not the one the
        cache holds, so the next run writes it whole."""
        _check_name(name)
        self.expected.add(name)
        fd = os.open(self.path(name), os.O_WRONLY | os.O_NOFOLLOW)
        try:
            end = _write_parts(fd, at, parts)
            os.ftruncate(fd, end)
        finally:
            os.close(fd)
        self.changed.add(name)

    @property
    def written(self) -> int:
        return len(self.changed)

    def make_folders(self, names: Iterable[str]) -> None:
        """Make the folders these files go in now (before another process writes there too)."""
        for name in names:
            _check_name(name)
            self._make_folders(name)

    def note(self, kept: Iterable[str], written: Iterable[str]) -> None:
        """Files another process (a copy of this writer, see generator/incremental/sheet_work.py) kept and
        wrote in the folder."""
        written = set(written)
        self.expected.update(kept, written)
        self.changed.update(written)

    def keep(self, names: Iterable[str]) -> set[str]:
        """Keep files from an earlier run; returns those that are gone."""
        names = set(names)
        self.expected.update(names)
        return names - self._present

    def drop(self, names: Iterable[str]) -> None:
        """Keep these no longer: they go at the end unless written."""
        self.expected.difference_update(names)

    def remove_stale(self) -> int:
        """Remove what was neither written nor kept (symbolic links found in the walk count
        as files), and files found where their names do not go, then the folders left empty:
        only those the walk found empty or that held a removed file, and their parents, so a
        run that removes nothing walks nothing."""
        stale = [self.path(name) for name in self._present - self.expected] + self._misplaced
        for path in stale:
            os.unlink(path)
        folders = set(self._empty_folders)
        tops = {self.root, self._files_root, self._search_root}
        for path in stale:
            while (path := os.path.dirname(path)) not in tops and len(path) > 1:
                folders.add(path)
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            if os.path.isdir(folder) and not os.path.islink(folder) and not os.listdir(folder):
                os.rmdir(folder)
        return len(stale)

    def _make_folders(self, name: str) -> None:
        root = self._root_of(name)
        folder = name.rpartition("/")[0]
        if not folder or os.path.join(root, folder) in self._folders:
            return
        path, relative = root, ""
        for part in folder.split("/"):
            path, relative = os.path.join(path, part), relative + part
            if os.path.islink(path):  # planted: replace it with a real folder, never follow it
                os.unlink(path)
                self._present.discard(relative)
            if not os.path.isdir(path):
                os.mkdir(path)
            relative += "/"
        self._folders.add(os.path.join(root, folder))


def _files_under(root: str, prefix: str = "") -> tuple[set[str], set[str]]:
    """Relative names (after `prefix`/) of the regular files below root, and of its empty
    folders. Symbolic links count as files that are absent (so they are replaced or removed,
    never followed), and folders that are links are not entered."""
    found: set[str] = set()
    empty: set[str] = set()
    if not os.path.isdir(root):
        return found, empty
    stack = [(prefix + "/" if prefix else "", root)]
    while stack:
        at, folder = stack.pop()
        seen = False
        with os.scandir(folder) as entries:
            for entry in entries:
                seen = True
                name = at + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((name + "/", entry.path))
                elif at == "" and entry.name.startswith("."):
                    continue  # our cache and editors' files live here
                elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    found.add(name)  # a symbolic link is stale unless written over, never through
        if not seen and at and at != prefix + "/":
            empty.add(at[:-1])
    return found, empty


def _check_name(name: str) -> None:
    parts = PurePosixPath(name).parts
    if (not parts or PurePosixPath(name).is_absolute() or "\\" in name
            or any(p in ("", ".", "..") for p in parts) or "/".join(parts) != name):
        raise OutputError(f"refusing to write {name!r}: not a plain relative path")


def _unchanged(target: str, data: bytes) -> bool:
    try:
        if os.path.islink(target) or os.path.getsize(target) != len(data):
            return False
        with open(target, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def _write_over(target: str, data: bytes) -> None:
    """A file that was there, written again in place; a symbolic link is replaced, never
    followed."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    except OSError:  # a symbolic link (ELOOP), or gone since the walk
        if os.path.islink(target):
            os.unlink(target)
        _write_new(target, data)
        return
    _fill(fd, functools.partial(_write_all, data=data))


def _write_new(target: str, data: bytes) -> None:
    """A file that was not there: written in place, a third quicker than by renaming (a cold
    generate writes 30,000). If something appeared there since the walk, replace it whole."""
    fill = functools.partial(_write_all, data=data)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        _write_atomic(target, fill)
        return
    _fill(fd, fill)


def _fill(fd: int, fill: Callable[[int], None]) -> None:
    try:
        fill(fd)
        os.fchmod(fd, 0o644)  # world-readable whatever the umask: servers read it
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_parts(fd: int, at: int, parts: Sequence[bytes]) -> int:
    """Write the parts one after another from offset `at`, with one system call for many
    where the system has pwritev (no joining of megabytes first); returns where they end."""
    for first in range(0, len(parts), 512):  # (the system takes up to 1,024 at once)
        chunk = parts[first:first + 512]
        size = sum(map(len, chunk))
        written = os.pwritev(fd, chunk, at) if hasattr(os, "pwritev") else 0
        if written < size:  # without pwritev, or a short write: the rest the plain way
            os.lseek(fd, at + written, os.SEEK_SET)
            _write_all(fd, b"".join(chunk)[written:])
        at += size
    return at


def _write_atomic(target: str, fill: Callable[[int], None]) -> None:
    if os.path.islink(target):
        os.unlink(target)
    # A name of our own rather than tempfile's random one: this process is the only writer
    # (O_EXCL would say otherwise), and it costs a third of the time.
    tmp = f"{os.path.dirname(target)}/.tmp-{os.getpid()}-{os.path.basename(target)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        _fill(fd, fill)
        os.replace(tmp, target)  # replaces a symlink itself, never its target
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
