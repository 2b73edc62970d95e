"""One build at a time: a second build waits for the first, saying so, or refuses with
--no-wait; a lock left by a killed build never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import fs

from .conftest import WIRE, make_project

pytestmark = pytest.mark.slow

HOLD = """
import sys, time
from pathlib import Path
from generator import fs
with fs.one_at_a_time(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(lock: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def _factsheet(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, capture_output=True,
                          text=True,
                          timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"articles/a.txt": WIRE})


def test_a_second_build_refuses_with_no_wait_and_says_who_holds_the_lock(project: Path) -> None:
    holder = _holder(project / "build/.factsheet-lock", 60)
    try:
        for command in (["build", "--no-wait"], ["generate", "--no-wait"]):
            done = _factsheet(project, *command)
            assert done.returncode == 1
            assert done.stderr.splitlines()[-1] == (
                f"factsheet: another build of this project is running (process {holder.pid}); not waiting "
                "for it (--no-wait)")
        assert not (project / "site").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_second_build_waits_for_the_first_then_builds(project: Path) -> None:
    holder = _holder(project / "build/.factsheet-lock", 3)
    started = time.monotonic()
    done = _factsheet(project, "build")
    holder.wait()
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= 2.5
    assert done.stderr.splitlines()[0] == (
        f"factsheet: waiting for another build of this project to finish (process {holder.pid}); --no-wait "
        "refuses instead")
    assert (project / "site/index.html").is_file()


def test_the_lock_of_a_killed_build_never_blocks(project: Path) -> None:
    holder = _holder(project / "build/.factsheet-lock", 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    done = _factsheet(project, "build", "--no-wait")
    assert done.returncode == 0, done.stderr
    assert "waiting" not in done.stderr


def test_the_lock_is_let_go_of_when_the_block_ends(tmp_path: Path) -> None:
    lock = tmp_path / "build/.factsheet-lock"
    with fs.one_at_a_time(lock):
        pass
    with fs.one_at_a_time(lock, wait=False):
        assert lock.read_text() == f"process {os.getpid()}\n"
