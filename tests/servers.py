"""Real HTTP servers for the sources tests, each on an address of its own in 127.0.0.0/8 (each
127.0.0.x is a host of its own), answering by path and recording every request it got."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Request:
    path: str
    start: float
    end: float = 0.0


@dataclass
class Server:
    host: str
    port: int
    requests: list[Request] = field(default_factory=list)
    busy: int = 0  # requests being answered now
    most_at_once: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def send(status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return route


def redirect(status: int, location: str) -> Route:
    return send(status, b"", headers={"Location": location})


@contextlib.contextmanager
def serving(host: str, routes: dict[str, Route]) -> Iterator[Server]:
    """A server on `host` (127.0.0.x) answering `routes` (others: 404) until the block ends."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            record = Request(self.path, time.monotonic())
            with lock:
                server.requests.append(record)
                server.busy += 1
                server.most_at_once = max(server.most_at_once, server.busy)
            try:
                routes.get(self.path, send(404, b"not here"))(self)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with lock:
                    server.busy -= 1
                record.end = time.monotonic()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    server = Server(host, httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
