"""`factsheet serve`: an edit to an article shows in the served page, after one rebuild."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.serve_latency import fetch

from .conftest import WIRE, make_project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


def test_an_edit_shows_after_one_rebuild(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"articles/troops.txt": WIRE})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=err, stderr=err)
    try:
        url = f"http://127.0.0.1:{port}/sheets/troops/"
        headline = WIRE.split("\n")[0]
        assert _wait_for(url, headline, 60), log.read_text()
        article = root / "content/articles/troops.txt"
        article.write_text(WIRE.replace(headline, "Troops arrive in Kursk, officials say"))
        assert _wait_for(url, "Troops arrive in Kursk, officials say", 30), log.read_text()
        time.sleep(2)  # a second build, if one were coming, would have started by now
    finally:
        server.terminate()
        server.wait(10)
    # The first build, then one for the edit: the docs folder the build regenerates is not
    # watched, so writing it does not start another.
    assert log.read_text().count("Building documentation") == 2, log.read_text()
