"""Every operating-system trick the build relies on, each with the reason it is needed. The
rest of the code calls these by what they do. Imports nothing from the rest of the package.

- exchange(): two folders trade places in one step, so site/ is never missing or half built.
- die_with_parent(): a worker process ends with the build that started it, even a build
  killed with SIGKILL.
- link_tree(): a copy of a tree made of hard links, and has_links() to tell a tree that holds
  a symbolic link: trees share files, which is safe only because no build writes into a file
  of a tree (every write replaces the file: unlink_before_writing()).
- collector_paused(): Python's cycle collector paused while a large, lasting structure is
  built (the cache decoded, the whole site read for a check): its passes over objects that
  all stay find nothing, and grow with them.
- one_at_a_time(): the project's lock, an flock the kernel lets go of when its holder ends,
  so that two builds never write the same trees at once and a killed build never blocks.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import functools
import gc
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2  # renameat2's flag
_PR_SET_PDEATHSIG = 1  # prctl: the signal this process gets when its parent ends
_AT_FDCWD = -100


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def exchange(a: Path, b: Path) -> bool:
    """Make the two paths trade places atomically (Linux's renameat2 RENAME_EXCHANGE): at no
    moment is either missing. False where the system or the file system cannot."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    return bool(renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def die_with_parent(parent: int) -> None:
    """Make this worker process end when `parent` does, even when it is killed with SIGKILL:
    a worker of a pool holds both ends of the pool's pipes, so it would never see them close
    and would wait for work for ever (keeping open what others wait on). Linux only."""
    libc = _libc()
    prctl = getattr(libc, "prctl", None)
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # (it ended before the line above)
        os._exit(1)


def link_tree(source: Path, target: Path) -> None:
    """A copy of the tree made of hard links (a quarter of the time of copying 400 MB)."""
    stack = [(str(source), str(target))]
    os.mkdir(target)
    while stack:
        there, here = stack.pop()
        with os.scandir(there) as entries:
            for entry in entries:
                made = os.path.join(here, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(made)
                    stack.append((entry.path, made))
                else:
                    os.link(entry.path, made, follow_symlinks=False)


def has_links(tree: Path) -> bool:
    """Whether the tree holds a symbolic link (or is not a folder at all): MkDocs would write
    through one, so such a tree is not built in."""
    if not tree.is_dir() or tree.is_symlink():
        return True
    stack = [str(tree)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return True
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return False


def unlink_before_writing(path: str) -> None:
    """Remove the file at `path`, if any, so that what is written there next is a new file:
    the old one may be another tree's too (a hard link), which must not change."""
    if os.path.isfile(path) or os.path.islink(path):
        os.unlink(path)


class Busy(Exception):
    """Another process holds the lock, and this one was told not to wait."""


@contextlib.contextmanager
def one_at_a_time(lock_file: Path, *, wait: bool = True, waiting: Callable[[str], None] | None = None
                  ) -> Iterator[None]:
    """Hold the project's lock (flock on `lock_file`) while the block runs: two builds at once
    would write the same trees and state. The kernel lets go of it when the holder ends, even
    killed with SIGKILL, so a stale lock never blocks. With `wait`, `waiting` is told (once) who
    holds it; without, Busy is raised saying who."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 100, 0).decode(errors="replace").strip() or "another process"
            if not wait:
                raise Busy(holder) from None
            if waiting is not None:
                waiting(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # (closing lets go of the lock)


_WHAT_TO_DO = {
    errno.ENOSPC: "free some space on the disk, then build again",
    errno.EDQUOT: "free some space within your disk quota, then build again",
    errno.EACCES: "check that the user who builds may write there",
    errno.EPERM: "the file or its folder may be immutable (lsattr; chattr -i) or not yours",
    errno.EROFS: "the file system is mounted read-only",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n)",
    errno.ENFILE: "the system has too many open files: try again later",
    errno.EBUSY: "it is in use, or a mount point",
    errno.EXDEV: "it would have to move to another file system",
    errno.ELOOP: "a symbolic link leads in a loop",
    errno.ENOENT: "it went while the build ran: build again",
}


def describe(e: OSError, what: str) -> str:
    """An operating-system error as one line: `path: error: what failed: why (what to do)`."""
    path = e.filename if e.filename is not None else "factsheet"
    shown = os.fspath(path)
    here = os.getcwd() + os.sep
    if isinstance(shown, str) and shown.startswith(here):
        shown = shown[len(here):]
    hint = _WHAT_TO_DO.get(e.errno or 0)
    return f"{shown!s}: error: {what}: {e.strerror or e}" + (f" ({hint})" if hint else "")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (and back on after, if it was on)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
