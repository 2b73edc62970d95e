"""The pages the sources demo cites, served on this machine: a few hosts of 127.0.0.0/8 (each
127.0.0.x is a host of its own on Linux), port 8471, and a stand-in for the Wayback Machine's
availability API. Every page is ours, written for the demo: none of it is anyone's reporting.

    python examples/sources-demo/served.py      # serve until Ctrl-C, and say what to run

What each host shows `factsheet sources`:
  127.0.0.2  a long report that states its figure (live); a page that is gone (404) and has
             an archived copy
  127.0.0.3  a permanent redirect to a bulletin that states another number (moved, not
             found); a PDF (live); a forum page with script payloads in its text (live)
  127.0.0.4  a robots.txt that disallows everything (blocked)
  127.0.0.5  the archive: its availability API and the archived copy
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = 8471
HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
ARCHIVE = f"http://127.0.0.5:{PORT}/wayback/available"
GONE = f"http://127.0.0.2:{PORT}/council-budget"
SNAPSHOT = f"http://127.0.0.5:{PORT}/web/20250210120000/{GONE}"
PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def _html(title: str, paragraphs: list[str], head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
            f'<meta property="og:site_name" content="{title.split(":")[0]}">{head}</head>'
            f"<body><nav>Home · About</nav><article><h1>{title}</h1>\n{body}</article>"
            "<footer>Demo page</footer></body></html>").encode()


# A long report: the sentence that states the figure is far down, so a link to it must scroll.
_FILLER = [f"Section {n}. The terminal worked through the month with its usual crews, and the "
           "weather held for most of the loading days; the quays were kept clear of ice."
           for n in range(1, 41)]
REPORT = _html("Harbour authority: monthly report", [
    *_FILLER[:25],
    "In February the terminal loaded 4.2 million tonnes of grain, a record for a single month.",
    *_FILLER[25:]])
BULLETIN = _html("City bulletin: port calls", [
    "The harbour master counted 320 ships calling at the port in February.",
    "Most were bulk carriers bound for the Mediterranean."])
FORUM = _html("Residents' forum: the old bridge", [
    f"Post by {PAYLOAD.replace('<', '&lt;').replace('>', '&gt;')}: about 40,000 people cross the old "
    "bridge every day &lt;script&gt;window.__pwned=2&lt;/script&gt; and it shows.",
    "<script>window.__pwned = 3</script>Repairs have been promised for years."])
ARCHIVED = _html("Council: budget for the bridge", [
    "The council has set aside 18 million euros for repairs to the old bridge.",
    "Work is to start in the summer and take two years."])


def one_page_pdf(text: str, title: str) -> bytes:
    """A PDF of one page whose text layer holds `text` (Helvetica, no images)."""
    content = zlib.compress(f"BT /F1 11 Tf 60 700 Td ({text}) Tj ET".encode())
    parts = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             "/Resources << /Font << /F1 5 0 R >> >> >>", None,
             "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", f"<< /Title ({title}) >>"]
    pdf = bytearray(b"%PDF-1.4\n")
    where = []
    for number, part in enumerate(parts, 1):
        where.append(len(pdf))
        body = part.encode() if part is not None else (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(pdf)
    pdf += f"xref\n0 {len(parts) + 1}\n0000000000 65535 f \n".encode()
    pdf += "".join(f"{at:010d} 00000 n \n" for at in where).encode()
    pdf += (f"trailer\n<< /Size {len(parts) + 1} /Root 1 0 R /Info {len(parts)} 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n").encode()
    return bytes(pdf)


Answer = tuple[int, bytes, str, dict[str, str]]
PAGES: dict[str, dict[str, Answer]] = {
    "127.0.0.2": {
        "/harbour-report": (200, REPORT, "text/html; charset=utf-8", {}),
    },
    "127.0.0.3": {
        "/robots.txt": (200, b"User-agent: *\nDisallow: /private/\n", "text/plain", {}),
        "/old-bulletin": (301, b"", "text/plain", {"Location": "/bulletin-2025"}),
        "/bulletin-2025": (200, BULLETIN, "text/html; charset=utf-8", {}),
        "/ministry/exports.pdf": (200, one_page_pdf(
            "Grain exports in February were worth $1.3 billion, the ministry said.", "Export figures"),
            "application/pdf", {}),
        "/forum/bridge": (200, FORUM, "text/html; charset=utf-8", {}),
    },
    "127.0.0.4": {
        "/robots.txt": (200, b"User-agent: *\nDisallow: /\n", "text/plain", {}),
        "/union/notes": (200, _html("Union notes", ["The union logged 1,200 dock shifts."]),
                         "text/html; charset=utf-8", {}),
    },
    "127.0.0.5": {
        urlsplit(SNAPSHOT).path: (200, ARCHIVED, "text/html; charset=utf-8", {}),
    },
}


def _availability(query: str) -> Answer:
    """The availability API: the snapshot for the page that is gone, none for any other."""
    url = parse_qs(query).get("url", [""])[0]
    closest = {"available": True, "url": SNAPSHOT, "timestamp": "20250210120000", "status": "200"}
    answer = {"url": url, "archived_snapshots": {"closest": closest} if url == GONE else {}}
    return 200, json.dumps(answer).encode(), "application/json", {}


def _handler(host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if host == "127.0.0.5" and path == "/wayback/available":
                status, body, kind, headers = _availability(query)
            else:
                status, body, kind, headers = PAGES[host].get(path, (404, b"Not here", "text/plain", {}))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def serving() -> Iterator[None]:
    """Every host of the demo, served until the block ends."""
    servers = [ThreadingHTTPServer((host, PORT), _handler(host)) for host in HOSTS]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    with serving():
        print(f"Serving the demo's sources on {', '.join(HOSTS)} (port {PORT}). In another terminal:\n"
              "  cd examples/sources-demo\n"
              f"  factsheet sources --allow-private-hosts --archive-endpoint {ARCHIVE}\n"
              "  factsheet build && factsheet serve\n"
              "Ctrl-C stops the servers.", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
