"""The operating-system tricks the build relies on do what their callers count on."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import fs


def test_exchange_makes_two_folders_trade_places(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/one.txt").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/two.txt").write_text("b")
    if not fs.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no renameat2 RENAME_EXCHANGE here")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["two.txt"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["one.txt"]


def test_exchange_says_when_it_cannot(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert fs.exchange(tmp_path / "a", tmp_path / "missing") is False
    assert (tmp_path / "a").is_dir() and not (tmp_path / "missing").exists()


def test_a_linked_tree_shares_files_and_a_replaced_one_leaves_the_other_alone(tmp_path: Path) -> None:
    source = tmp_path / "site"
    (source / "sheets/a").mkdir(parents=True)
    (source / "sheets/a/index.html").write_text("published")
    fs.link_tree(source, tmp_path / "standby")
    copy = tmp_path / "standby/sheets/a/index.html"
    assert copy.stat().st_ino == (source / "sheets/a/index.html").stat().st_ino
    fs.unlink_before_writing(str(copy))
    copy.write_text("rebuilt")
    assert (source / "sheets/a/index.html").read_text() == "published"


def test_a_tree_with_a_symbolic_link_anywhere_is_told(tmp_path: Path) -> None:
    (tmp_path / "tree/deep/er").mkdir(parents=True)
    assert fs.has_links(tmp_path / "tree") is False
    (tmp_path / "tree/deep/er/link").symlink_to("/etc/passwd")
    assert fs.has_links(tmp_path / "tree") is True
    assert fs.has_links(tmp_path / "no such tree") is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_worker_dies_with_the_process_that_started_it_even_when_that_one_is_killed(tmp_path: Path) -> None:
    script = """
import multiprocessing, os, sys, time
from generator import fs
def child(parent):
    fs.die_with_parent(parent)
    time.sleep(60)
if __name__ == "__main__":
    worker = multiprocessing.get_context("fork").Process(target=child, args=(os.getpid(),))
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(60)
"""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(0.5)  # (the worker has set its death signal by now)
    parent.kill()
    parent.wait()
    for _ in range(100):
        if not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text().split()[2]:
            break
        time.sleep(0.05)
    else:
        os.kill(worker, 9)
        pytest.fail("the worker outlived the killed process that started it")
