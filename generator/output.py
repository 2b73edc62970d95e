"""Writing the generated docs folder: the only code that writes there.

Files are written whole (a temporary file renamed over the old one), only when their bytes
changed, so an unchanged sheet keeps its modification time and MkDocs' live reload stays
quiet. Paths are checked to stay inside the folder, and a symbolic link found in the way is
removed rather than followed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    pass


def write_docs(files: dict[str, str], docs_dir: Path) -> tuple[int, int]:
    """Make ``docs_dir`` hold exactly ``files`` (plus top-level dotfiles); returns
    (files written, files removed)."""
    if docs_dir.is_symlink():
        raise OutputError(f"{docs_dir} is a symbolic link; refusing to write through it")
    docs_dir.mkdir(parents=True, exist_ok=True)
    root = Path(os.path.realpath(docs_dir))
    written = 0
    for name, text in sorted(files.items()):
        target = _safe_target(root, name)
        data = text.encode("utf-8")
        if _unchanged(target, data):
            continue
        _write_atomic(target, data)
        written += 1
    removed = _remove_stale(root, {_safe_target(root, n) for n in files})
    return written, removed


def _safe_target(root: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"refusing to write {name!r}: not a plain relative path")
    path = root
    for part in parts[:-1]:
        path = path / part
        if path.is_symlink():
            path.unlink()
        path.mkdir(exist_ok=True)
    return path / parts[-1]


def _unchanged(target: Path, data: bytes) -> bool:
    if target.is_symlink() or not target.is_file():
        return False
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # replaces a symlink itself, never its target
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale(root: Path, keep: set[Path]) -> int:
    removed = 0
    for folder, dirs, names in os.walk(root, topdown=False):
        here = Path(folder)
        for name in names:
            path = here / name
            if path not in keep and not (here == root and name.startswith(".")):
                path.unlink()
                removed += 1
        for name in dirs:
            path = here / name
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()
    return removed
