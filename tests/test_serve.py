"""`factsheet serve`: an edit to an article shows in the served page after one rebuild; content
errors show on every page until fixed; and the preview after edits is the site a build makes."""

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


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Preview:
    """`factsheet serve` on a free port, its log in a file."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        with log.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{self.port}"], cwd=root,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=err, stderr=err)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def wait_for(self, path: str, text: str, seconds: float = 60) -> None:
        assert _wait_for(self.url(path), text, seconds), self.log.read_text()

    def __enter__(self) -> _Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)


def test_an_edit_shows_after_one_rebuild(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"articles/troops.txt": WIRE})
    headline = WIRE.split("\n")[0]
    with _Preview(root, tmp_path / "serve.log") as preview:
        preview.wait_for("sheets/troops/", headline)
        time.sleep(1)
        article = root / "content/articles/troops.txt"
        article.write_text(WIRE.replace(headline, "Troops arrive in Kursk, officials say"))
        preview.wait_for("sheets/troops/", "Troops arrive in Kursk, officials say", 30)
        time.sleep(2)  # a second build, if one were coming, would have started by now
    # The first build, then one for the edit: what the build writes is not watched.
    assert preview.log.read_text().count("preview rebuilt") == 2, preview.log.read_text()


def test_content_errors_show_on_every_page_until_fixed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"articles/troops.txt": WIRE, "articles/troops.yaml": (
        "figures:\n  - {label: Troops sent, value: 100, source: 1}\n")})
    with _Preview(root, tmp_path / "serve.log") as preview:
        preview.wait_for("sheets/troops/", "Troops sent")
        assert "fs-problems" not in fetch(preview.url(""))
        # an error, with markup in the message: it shows as text on every page
        (root / "content/articles/troops.yaml").write_text(
            "figures:\n  - {label: '<script>alert(1)</script>', value: 100, source: 7}\n")
        preview.wait_for("", "The content has 1 error", 30)
        for path in ("", "sheets/troops/", "timeline/", "no-such-page/"):
            page = fetch(preview.url(path)) or _fetch_error(preview.url(path))
            assert ("<code style=\"color:inherit\">content/articles/troops.yaml:2:62</code> figure "
                    "&#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;: source 7 is not a reference of "
                    "the article (references: 1, 2)") in page, path
            assert "<script>alert(1)" not in page
        assert "Troops sent" in fetch(preview.url("sheets/troops/"))  # the last good site, beneath
        (root / "content/articles/troops.yaml").write_text(
            "figures:\n  - {label: Troops counted, value: 100, source: 1}\n")
        preview.wait_for("sheets/troops/", "Troops counted", 30)
        assert "fs-problems" not in fetch(preview.url("sheets/troops/"))


def _fetch_error(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=5)
    except urllib.error.HTTPError as e:
        return str(e.read().decode())
    return ""


def test_the_preview_after_edits_is_the_site_a_full_build_makes(tmp_path: Path) -> None:
    drones = WIRE.replace("Seoul says North Korea sent troops", "Kyiv reports a drone attack")
    root = make_project(tmp_path / "p", {"articles/troops.txt": WIRE, "articles/drones.txt": drones,
                                         "articles/ports.txt": drones.replace("drone", "port")})
    with _Preview(root, tmp_path / "serve.log") as preview:
        preview.wait_for("sheets/ports/", "Kyiv reports a port attack")
        (root / "content/articles/troops.txt").write_text(
            WIRE.replace("Seoul says North Korea sent troops", "Seoul says troops reached Kursk"))
        (root / "content/articles/drones.txt").write_text(drones.replace("a drone", "a second drone"))
        (root / "content/articles/ports.txt").unlink()
        preview.wait_for("sheets/drones/", "Kyiv reports a second drone attack", 30)
        preview.wait_for("sheets/troops/", "Seoul says troops reached Kursk", 30)
        deadline = time.monotonic() + 30
        while (root / "build/preview/sheets/ports").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        # The search is indexed after the pages show: wait for the last rebuild's.
        while not preview.log.read_text().rstrip().endswith("preview search updated") \
                and time.monotonic() < deadline:
            time.sleep(0.1)
    subprocess.run([sys.executable, "-m", "generator", "build", "--full"], cwd=root, check=True,
                   capture_output=True)
    # (search included: the preview's search finds what the site's does)
    assert _tree(root / "build/preview") == _tree(root / "site")
