"""`factsheet serve`: an edit to an article shows in the served page, after one rebuild, and
the preview's search still finds every sheet after dirty rebuilds."""

from __future__ import annotations

import json
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


def _titles(site: Path) -> dict[str, list[str]]:
    """The titles of each page's entries in a built site's search index."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles: dict[str, list[str]] = {}
    for entry in index["docs"]:
        titles.setdefault(entry["location"].partition("#")[0], []).append(entry["title"])
    return titles


def _preview(root: Path) -> dict[str, list[str]]:
    """Build the site as `serve` does: dirty builds by MkDocs in this process, where the
    plugins stay loaded from one build to the next."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=False, site_dir=str(root / "preview"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return _titles(root / "preview")


def test_search_finds_every_sheet_after_dirty_rebuilds(tmp_path: Path) -> None:
    drones = WIRE.replace("Seoul says North Korea sent troops", "Kyiv reports a drone attack")
    root = make_project(tmp_path, {"articles/troops.txt": WIRE, "articles/drones.txt": drones,
                                   "articles/ports.txt": drones.replace("drone", "port")})
    first = _preview(root)  # serve's first build renders every page
    assert sorted(first) == ["sheets/drones/", "sheets/ports/", "sheets/troops/"]
    assert first["sheets/troops/"][0] == "Seoul says North Korea sent troops"

    # One rebuild after two edits and a removal renders the two edited sheets' pages only;
    # the index then lists each page once, as a full build would.
    (root / "content/articles/troops.txt").write_text(
        WIRE.replace("Seoul says North Korea sent troops", "Seoul says troops reached Kursk"))
    (root / "content/articles/drones.txt").write_text(drones.replace("a drone", "a second drone"))
    (root / "content/articles/ports.txt").unlink()
    after = _preview(root)
    assert sorted(after) == ["sheets/drones/", "sheets/troops/"]
    assert after["sheets/troops/"][0] == "Seoul says troops reached Kursk"
    assert after["sheets/drones/"][0] == "Kyiv reports a second drone attack"
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, check=True,
                   capture_output=True)
    assert after == _titles(root / "site")
