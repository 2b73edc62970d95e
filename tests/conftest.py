"""Shared helpers: build content folders in tmp_path, run the CLI, and the golden-file flag."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.problems import Problems

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

WIRE = """\
Seoul says North Korea sent troops
Wednesday, May 7, 2025 7:48 pm ET
North Korea sent between 10,000 and 12,000 troops to Russia [1].
About 4,100 were wounded, Seoul said [2].
References:
[1] https://example.com/a
[2] Second source - https://example.org/b
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under root from {relative path: text or bytes}; returns root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def make_project(root: Path, content: dict[str, str | bytes] | None = None) -> Path:
    """A project folder with this repository's mkdocs.yml, templates and overrides, and the
    given content (none: an empty content folder)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "build" / "docs").mkdir(parents=True)
    (root / "content").mkdir()
    write_tree(root / "content", content or {})
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """make_project in this test's temporary folder."""
    return lambda content: make_project(tmp_path, content)


@pytest.fixture
def in_dir(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    old = Path.cwd()
    yield lambda p: os.chdir(p)
    os.chdir(old)


def factsheet_in(root: Path, *args: str) -> int:
    """Run the command in-process from the project folder `root`; its exit code."""
    with contextlib.chdir(root):
        return main(list(args))


def build_at(root: Path, site_url: str = "") -> Path:
    """`factsheet build` in the project folder `root`, as published at `site_url` (none: the
    site's address is not known); the built site."""
    saved = dict(os.environ)
    os.environ.update(NO_MKDOCS_2_WARNING="1", FACTSHEET_SITE_URL=site_url)
    try:
        assert factsheet_in(root, "build") == 0
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return root / "site"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def generated_files(docs: Path) -> dict[str, Path]:
    """What a generate wrote, by name: the docs folder, and beside it the downloads
    (build/files) and the search records (build/search), dotfiles aside."""
    build = docs.parent
    found = {}
    for root, prefix in ((docs, ""), (build / "files", ""), (build / "search", "search/")):
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            name = path.relative_to(root).as_posix()
            if path.is_file() and not name.startswith("."):
                found[prefix + name] = path
    return found


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems.sorted()]
