"""Serving a built site on 127.0.0.1 under a sub-path, and launching Debian's Chromium."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
SUB_PATH = "/factsheets/"


def need_browser() -> Any:
    """Playwright's sync API, or a skip with the reason when no browser can run here."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    return playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _SubPathHandler(_Quiet):
    """Serves the site only under SUB_PATH, as GitHub Pages serves a project site, and lets
    pages of other hosts read it, as GitHub Pages does (Access-Control-Allow-Origin: *)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        site = Path(self.directory)
        if code == 404 and (site / "404.html").is_file():
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _CompressingHandler(_SubPathHandler):
    """Compresses text with gzip, as GitHub Pages serves it (a reader's bytes over the wire);
    Pagefind's own files are compressed already and go as they are."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(self.TEXT) and "gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.isfile(path)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser or link checker that hangs up mid-response is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, *, compress: bool = False) -> Iterator[str]:
    """The site's base URL, e.g. http://127.0.0.1:PORT/factsheets/; with `compress`, text is
    served gzipped, as GitHub Pages serves it."""
    handler = functools.partial(_CompressingHandler if compress else _SubPathHandler,
                                directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_elsewhere(folder: Path) -> Iterator[str]:
    """A folder served from another host (127.0.0.2): someone else's page, which embeds ours."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _Server(("127.0.0.2", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    sync_api = need_browser()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
