"""How long an edit takes to show in `factsheet serve` on a synthetic site of N sheets.

    python -m benchmarks.serve_latency [N] [EDITS]

Starts the preview server on 127.0.0.1, waits for the first build, then edits one article
EDITS times and reports, for each edit, the seconds until the served page shows the new text
(polled every 50 ms). Prints the median."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .run import project

PORT = 8765


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="factsheet-serve-") as tmp:
        root = project(Path(tmp), n)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a",
                                   f"127.0.0.1:{PORT}"], cwd=root, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{PORT}/sheets/sheet-00001/"
        try:
            start = time.monotonic()
            while "Report 1:" not in fetch(url):
                if time.monotonic() - start > 900:
                    raise SystemExit("the first build did not finish in 15 minutes")
                time.sleep(0.5)
            print(f"first build: {time.monotonic() - start:.1f} s", flush=True)
            time.sleep(3)
            article = root / "content/articles/sheet-00001.txt"
            delays = []
            for i in range(edits):
                marker = f"Edition {i}"
                text = article.read_text().split("\n")
                text[0] = f"Report 1: {marker}"
                edited = time.monotonic()
                article.write_text("\n".join(text))
                while marker not in fetch(url):
                    if time.monotonic() - edited > 120:
                        raise SystemExit("an edit did not show within 2 minutes")
                    time.sleep(0.05)
                delays.append(time.monotonic() - edited)
                print(f"edit {i + 1}: shown after {delays[-1]:.2f} s", flush=True)
                time.sleep(3)  # let the rebuild the docs folder triggers settle
            print(f"median over {edits} edits at N = {n:,}: {statistics.median(delays):.2f} s")
        finally:
            server.terminate()
            server.wait()
            shutil.rmtree(root / "site", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
