"""Builds killed at every Nth change to the file system (strace's syscall fault injection):
whatever step a build of any kind was in, the next build publishes exactly the site a full
build of the same content makes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import WIRE, make_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (apt-get install strace)"),
]

# The calls that change the file system; the Nth of them (counted by strace) gets SIGKILL.
CHANGES = "unlink,unlinkat,rename,renameat,renameat2,link,linkat,mkdir,mkdirat,rmdir"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _factsheet(root: Path, *args: str, kill_at: int = 0) -> int:
    command = [sys.executable, "-m", "generator", *args]
    if kill_at:
        command = ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={CHANGES}",
                   "-e", f"inject={CHANGES}:signal=SIGKILL:when={kill_at}", *command]
    return subprocess.run(command, cwd=root, env=ENV, capture_output=True, timeout=300).returncode


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _content(version: int) -> dict[str, str | bytes]:
    return {f"articles/s{n}.txt": WIRE.replace("Seoul says", f"Report {n}.{version}:") for n in range(3)}


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site a full build of the edited content makes, from scratch."""
    root = make_project(tmp_path_factory.mktemp("reference"), _content(2))
    assert _factsheet(root, "build", "--full") == 0
    return _tree(root / "site")


@pytest.mark.parametrize("kind", ["incremental", "full"])
@pytest.mark.parametrize("kill_at", [1, 2, 4, 7, 11, 17, 26, 40, 60, 90])
def test_a_build_killed_at_any_step_is_followed_by_a_right_one(tmp_path: Path, expected: dict[str, bytes],
                                                                kind: str, kill_at: int) -> None:
    root = make_project(tmp_path / "p", _content(1))
    assert _factsheet(root, "build") == 0
    for name, text in _content(2).items():
        (root / "content" / name).write_text(str(text))
    _factsheet(root, "build", *(["--full"] if kind == "full" else []), kill_at=kill_at)
    assert _factsheet(root, "build") == 0
    assert _tree(root / "site") == expected


@pytest.mark.parametrize("kill_at", [2, 9, 30, 80])
def test_a_merge_killed_at_any_step_is_followed_by_a_right_build(tmp_path: Path, expected: dict[str, bytes],
                                                                  kill_at: int) -> None:
    root = make_project(tmp_path / "p", _content(2))
    assert _factsheet(root, "generate") == 0
    shards = [str(tmp_path / f"shard-{i}") for i in (1, 2)]
    for i, out in enumerate(shards, 1):
        assert _factsheet(root, "build", "--skip-generate", "--shard", f"{i}/2", "--out", out) == 0
    _factsheet(root, "build", "--merge", *shards, kill_at=kill_at)
    assert _factsheet(root, "build") == 0
    assert _tree(root / "site") == expected


@pytest.mark.parametrize("kill_at", [2, 9, 30])
def test_a_shard_killed_at_any_step_is_built_again_whole(tmp_path: Path, expected: dict[str, bytes],
                                                          kill_at: int) -> None:
    root = make_project(tmp_path / "p", _content(2))
    assert _factsheet(root, "generate") == 0
    shards = [str(tmp_path / f"shard-{i}") for i in (1, 2)]
    assert _factsheet(root, "build", "--skip-generate", "--shard", "1/2", "--out", shards[0]) == 0
    _factsheet(root, "build", "--skip-generate", "--shard", "2/2", "--out", shards[1], kill_at=kill_at)
    # a shard cut short has no record of what it holds: the merge refuses it, and it is built again
    if _factsheet(root, "build", "--merge", *shards) != 0:
        assert _factsheet(root, "build", "--skip-generate", "--shard", "2/2", "--out", shards[1]) == 0
        assert _factsheet(root, "build", "--merge", *shards) == 0
    assert _tree(root / "site") == expected
