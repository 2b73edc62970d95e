"""`factsheet serve`: a live preview that rebuilds what an edit changed and reloads the page.

It is MkDocs' own live-reload server, told to watch the content, templates, theme overrides
and mkdocs.yml (through the system's file events, not by polling 20,000 files twice a
second), with our build as its builder: generate, then render into build/preview only the
pages whose Markdown changed (sitebuild.build_in_place). When the content has errors the
preview keeps the last good site and every page it serves shows the list of problems on top,
until they are fixed; then the page itself comes back, without a restart.

Problems are content, so they are untrusted: the list is HTML-escaped (door one)."""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from generator import fs
from generator.pipeline import generate
from generator.problems import ContentError, Problem
from generator.project import Project
from generator.site.build import BuildError, build_in_place

log = logging.getLogger("factsheet")
_BODY = re.compile(rb"<body[^>]*>")
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


def serve(project: Project, address: str, *, full_rebuilds: bool = False, wait: bool = True) -> None:
    """Serve the preview on `address` (host:port) until interrupted; each rebuild holds the
    project's lock (`wait` False: the first refuses, raising fs.Busy, if a build holds it)."""
    import watchdog.observers

    host, _, port = address.rpartition(":")
    tree = project.docs_dir.parent / "preview"
    server_class = _server_class()
    rebuilder = _Rebuilder(project, tree, full_rebuilds, server_class, wait)
    rebuilder()
    server = server_class(builder=rebuilder, host=host or "127.0.0.1", port=int(port), root=str(tree))
    server.observer = watchdog.observers.Observer()  # (the system's file events, no polling)

    def not_found(code: int) -> bytes | None:
        if code != 404 or not (tree / "404.html").is_file():
            return None
        page = (tree / "404.html").read_bytes()
        return problems_panel(server_class.problems, page) if server_class.problems else page

    server.error_handler = not_found
    for path in (project.content_dir, project.templates_dir, project.root / "overrides",
                 project.config_file):
        if path.exists():
            server.watch(str(path), recursive=path.is_dir())
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("shutting down")
    finally:
        server.shutdown()


def _server_class() -> Any:
    """MkDocs' live-reload server, told of changes only, with the content's errors on every
    page. (It overrides two members of the server that MkDocs does not document: `watch`, to
    take the system's file events, and `_inject_js_into_html`, to add the problems.)"""
    import watchdog.events
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        problems: ClassVar[list[Problem]] = []

        def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
            """As MkDocs' own, for changes only: with the system's file events, reading a file
            is an event too (opened, closed), and every rebuild reads the content."""
            def changed(event: watchdog.events.FileSystemEvent) -> None:
                if not event.is_directory and event.event_type in _CHANGES:
                    with self._rebuild_cond:
                        self._want_rebuild = True
                        self._rebuild_cond.notify_all()

            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = changed  # type: ignore[method-assign]
            self._watched_paths[os.path.abspath(path)] = 1
            self.observer.schedule(handler, path, recursive=recursive)

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            return problems_panel(self.problems, content) if self.problems else content

    return Server


class _Rebuilder:
    """What the server runs after a change: generate, then bring the preview's tree up to date;
    the search bundles an edit changed are indexed after its pages are shown."""

    def __init__(self, project: Project, tree: Path, full: bool, server: Any, wait: bool) -> None:
        self.project, self.tree, self.full, self.server = project, tree, full, server
        self.lock = threading.Lock()
        self.wait = wait
        self.rebuilds = 0  # how many have started: a search left for later is indexed only if none since

    def __call__(self) -> None:
        lock_file = self.project.docs_dir.parent / ".factsheet-lock"
        with self.lock, fs.one_at_a_time(lock_file, wait=self.wait, waiting=_say_waiting):
            self.wait = True  # (only the first may refuse: later ones wait for a build to end)
            try:
                self._rebuild()
            except OSError as e:  # (disk full, permissions: one line; the preview goes on)
                log.error("%s", fs.describe(e, "cannot rebuild the preview"))

    def _rebuild(self) -> None:
        self.rebuilds += 1
        try:
            generate(self.project)
        except ContentError as e:
            self.server.problems = [p for p in e.problems if p.level == "error"]
            for problem in e.problems:
                print(problem)
            log.error("%d content error(s): every page of the preview lists them until they "
                      "are fixed", len(self.server.problems))
            return
        self.server.problems = []
        try:
            built = build_in_place(self.project, self.tree, full=self.full, search_later=True)
        except BuildError as e:
            log.error("the preview was not rebuilt: %s", e)
            return
        log.info("preview rebuilt: %d pages rendered in %.2f s", built.rendered, built.seconds)
        if built.search:  # (after the pages are shown: MkDocs' server holds them until this returns)
            threading.Thread(target=self.index_search, args=(built.search, self.rebuilds),
                             daemon=True).start()

    def index_search(self, search: Callable[[], None], rebuild: int) -> None:
        with self.lock, fs.one_at_a_time(self.project.docs_dir.parent / ".factsheet-lock",
                                         waiting=_say_waiting):
            if self.rebuilds != rebuild:
                return  # (the rebuild since found these bundles stale, and indexes them itself)
            try:
                search()
            except BuildError as e:
                log.error("the preview's search was not updated: %s", e)
                return
            log.info("preview search updated")


def _say_waiting(holder: str) -> None:
    log.info("waiting for another build of this project to finish (%s)", holder)


def problems_panel(problems: list[Problem], page: bytes) -> bytes:
    """The page with the list of problems on top of it."""
    items = "".join(
        f'<li><code style="color:inherit">{html.escape(_where(p))}</code> {html.escape(p.message)}</li>'
        for p in sorted(problems))
    panel = (
        '<div id="fs-problems" role="alert" style="position:sticky;top:0;z-index:1000;'
        "background:#fff4f2;color:#5f1410;border-bottom:3px solid #b3261e;padding:.8rem 1.2rem;"
        'font:15px/1.45 system-ui,sans-serif;max-height:60vh;overflow:auto">'
        f'<p style="margin:0 0 .4rem;font-weight:700">The content has {len(problems)} '
        f'{"error" if len(problems) == 1 else "errors"}: this preview shows the site as it last '
        "built. Fix them and save; the page reloads by itself.</p>"
        f'<ul style="margin:0;padding-left:1.2rem">{items}</ul></div>').encode()
    found = _BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + panel + page[at:]


def _where(problem: Problem) -> str:
    text = str(problem)
    return text[: len(text) - len(problem.message) - len(problem.level) - 4]

