"""The published site is replaced whole or not at all, and the same input builds the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.write.docs import DocsWriter, OutputError

from .conftest import WIRE, make_project

pytestmark = pytest.mark.slow

FIGURES = """\
summary: Troops.
tags: [troops, russia]
figures:
  - {label: Troops sent, value: [10000, 12000], unit: troops, source: 1}
events:
  - {date: 2024-10, title: First troops arrive, source: 2}
"""


def _project(root: Path, sheets: int = 3) -> Path:
    files: dict[str, str | bytes] = {}
    for i in range(sheets):
        files[f"articles/sheet-{i:04d}.txt"] = WIRE.replace("Seoul says", f"Sheet {i}:")
        files[f"articles/sheet-{i:04d}.yaml"] = FIGURES
    return make_project(root, files)


def _factsheet(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_input_same_bytes_in_two_folders(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    first = _project(tmp_path / "first")
    # The second copy is written in the reverse order, so directory order differs too.
    second = _project(tmp_path / "elsewhere" / "second", sheets=0)
    for path in sorted((first / "content").rglob("*"), reverse=True):
        if path.is_file():
            target = second / path.relative_to(first)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for root in (first, second):
        assert _factsheet(root, "build", env=env).returncode == 0
    assert _tree(first / "site") == _tree(second / "site")
    before = _tree(first / "site")
    assert _factsheet(first, "build", env=env).returncode == 0
    assert _tree(first / "site") == before


def write_docs(files: dict[str, str], docs: Path) -> tuple[int, int]:
    """Make the folder hold exactly `files`: (files written, files removed)."""
    writer = DocsWriter(docs)
    for name, text in sorted(files.items()):
        writer.write(name, text)
    return writer.written, writer.remove_stale()


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    assert write_docs({"a.md": "one", "b/c.md": "two"}, docs) == (2, 0)
    stamp = (docs / "a.md").stat().st_mtime_ns
    time.sleep(0.01)
    assert write_docs({"a.md": "one", "b/c.md": "three"}, docs) == (1, 0)
    assert (docs / "a.md").stat().st_mtime_ns == stamp
    assert write_docs({"a.md": "one"}, docs) == (0, 1)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["a.md"]


@pytest.mark.parametrize("name", ["../x.md", "/etc/x.md", "a/../../x.md", ""])
def test_writer_refuses_paths_out_of_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        write_docs({name: "x"}, tmp_path / "docs")
    assert not (tmp_path / "x.md").exists()
