"""What `factsheet sources` costs a user in time and memory, against servers of our own on
hosts of 127.0.0.0/8, each answering after a set latency.

    python -m benchmarks.sources_reading politeness 20 8      # 20 hosts, 8 pages each
    python -m benchmarks.sources_reading politeness 100 20 --latency 0.05
    python -m benchmarks.sources_reading bomb                  # peak memory on a gzip bomb

politeness: the whole command (a process of its own, --no-archive) against its politeness
bound: each host's robots.txt and then its pages one at a time, a gap of 1 s between the end
of one request and the start of the next, `--jobs` hosts at a time (8), so the bound is
ceil(hosts / jobs) x (pages x 1 s + (pages + 1) x latency). Also checked from the servers'
own logs: robots.txt first, never two requests at once to a host, and the smallest gap.

bomb: the command's peak resident memory reading one page that is a gzip bomb (about 1 GB of
zeros in about 1 MB), against reading one ordinary page.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .run import REPO

PAGE = (b"<html><head><title>Port report</title></head><body><article><p>The port loaded 4,200 tonnes "
        b"of grain in the week, officials said.</p><p>More ships are expected.</p></article></body></html>")


class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[str, list[tuple[str, float, float]]] = {}  # host -> (path, start, end)
        self.busy: dict[str, int] = {}
        self.most_at_once = 0


@contextlib.contextmanager
def serving(hosts: list[str], latency: float, log: _Log, body: bytes = PAGE,
            encoding: str = "") -> Iterator[int]:
    """Servers on `hosts`, one port for all; each answer after `latency` seconds."""
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = self.server.server_address[0]  # type: ignore[index]
            start = time.monotonic()
            with log.lock:
                log.busy[host] = log.busy.get(host, 0) + 1
                log.most_at_once = max(log.most_at_once, log.busy[host])
            time.sleep(latency)
            data = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else body
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
            if encoding and self.path != "/robots.txt":
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                self.wfile.write(data)
            with log.lock:
                log.busy[host] -= 1
                log.requests.setdefault(host, []).append((self.path, start, time.monotonic()))

        def log_message(self, format: str, *args: object) -> None:
            pass

    first = _Server((hosts[0], 0), Handler)
    port = first.server_address[1]
    servers = [first] + [_Server((host, port), Handler) for host in hosts[1:]]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield port
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A reader that hangs up mid-answer (as on a gzip bomb) is no error of the server's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _project(root: Path, urls_by_host: list[list[str]]) -> Path:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    articles = root / "content/articles"
    articles.mkdir(parents=True)
    for h, urls in enumerate(urls_by_host):
        refs = "\n".join(f"[{n}] {url}" for n, url in enumerate(urls, 1))
        cites = " ".join(f"[{n}]" for n in range(1, len(urls) + 1))
        (articles / f"host-{h:03d}.txt").write_text(
            f"Port report {h}\nMonday, March 3, 2025 9:00 am UTC\nThe port loaded 4,200 tonnes of grain "
            f"{cites}.\nReferences:\n{refs}\n")
        (articles / f"host-{h:03d}.yaml").write_text(
            "figures:\n  - {label: Grain loaded, value: 4200, unit: tonnes, source: 1}\n")
    return root


def _run(root: Path, *args: str) -> tuple[float, int, str]:
    """Wall seconds, peak resident KB and the last line of the command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "generator", "sources", "--allow-private-hosts",
                                    *args], cwd=root, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # (this process's own peak memory, and no other's)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise RuntimeError(err.read()[-2000:])
        return seconds, usage.ru_maxrss, (out.read().strip().splitlines() or [""])[-1]


def politeness(hosts: int, pages: int, latency: float, jobs: int) -> None:
    names = [f"127.0.{2 + h // 250}.{2 + h % 250}" for h in range(hosts)]
    log = _Log()
    with serving(names, latency, log) as port, tempfile.TemporaryDirectory() as tmp:
        root = _project(Path(tmp), [[f"http://{name}:{port}/p/{k}" for k in range(pages)] for name in names])
        seconds, _, summary = _run(root, "--no-archive", "--jobs", str(jobs))
    bound = math.ceil(hosts / jobs) * (pages * 1.0 + (pages + 1) * latency)
    gaps = [b[1] - a[2] for reqs in log.requests.values() for a, b in itertools.pairwise(reqs)]
    first = all(reqs[0][0] == "/robots.txt" for reqs in log.requests.values())
    print(f"{hosts} hosts x {pages} pages, latency {latency * 1000:.0f} ms, --jobs {jobs}: {seconds:.1f} s; "
          f"politeness bound {bound:.1f} s; ratio {seconds / bound:.2f}")
    print(f"  requests {sum(map(len, log.requests.values()))}, robots.txt first on every host: {first}, "
          f"most at once to one host: {log.most_at_once}, smallest gap {min(gaps):.3f} s")
    print(f"  {summary}")


def bomb() -> None:
    """A page of 1 GiB of zeros, gzipped (about 1 MB), against an ordinary page."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(2**20)
    payload = b"".join(squeeze.compress(chunk) for _ in range(1024)) + squeeze.flush()
    for name, body, encoding in (("an ordinary page", PAGE, ""), ("a gzip bomb", payload, "gzip")):
        log = _Log()
        with serving(["127.0.0.2"], 0.0, log, body, encoding) as port, tempfile.TemporaryDirectory() as tmp:
            root = _project(Path(tmp), [[f"http://127.0.0.2:{port}/page"]])
            seconds, peak, summary = _run(root, "--no-archive")
        print(f"{name} ({len(body) / 2**20:.2f} MB sent): peak memory {peak / 1024:.0f} MB, {seconds:.1f} s; "
              f"{summary}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    polite = sub.add_parser("politeness")
    polite.add_argument("hosts", type=int)
    polite.add_argument("pages", type=int)
    polite.add_argument("--latency", type=float, default=0.05)
    polite.add_argument("--jobs", type=int, default=8)
    sub.add_parser("bomb")
    args = parser.parse_args(argv)
    if args.what == "politeness":
        politeness(args.hosts, args.pages, args.latency, args.jobs)
    else:
        bomb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
