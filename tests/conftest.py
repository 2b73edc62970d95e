"""Shared helpers: build content folders in tmp_path, run the CLI, and the golden-file flag."""

from __future__ import annotations

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


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A project folder with the real mkdocs.yml, templates and overrides, and given content."""

    def make(content: dict[str, str | bytes]) -> Path:
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
        shutil.copytree(REPO / "templates", tmp_path / "templates")
        shutil.copytree(REPO / "overrides", tmp_path / "overrides")
        (tmp_path / "build" / "docs").mkdir(parents=True)
        write_tree(tmp_path / "content", content)
        return tmp_path

    return make


@pytest.fixture
def in_dir(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    old = Path.cwd()
    yield lambda p: os.chdir(p)
    os.chdir(old)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems.sorted()]
