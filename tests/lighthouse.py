"""Lighthouse (npm) on the example site as it is published (site_url set), served under a
sub-path as GitHub Pages serves it: the home, a sheet, a series and the timeline, each as a
phone (Lighthouse's default) and a desk (--preset=desktop).

``make lighthouse`` (``python -m tests.lighthouse``) prints the scores of all four
categories; tests/test_lighthouse.py asks for 100 in accessibility, best practices and SEO.
Performance is reported, not asserted: Lighthouse simulates a slow phone network and its
score moves with the machine's load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .browser import CHROMIUM, CHROMIUM_ARGS, serve
from .conftest import build_at

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules/.bin/lighthouse"
PAGES = {"home": "", "sheet": "sheets/north-korea-shell-production/", "series": "series/nk-troops-russia/",
         "timeline": "timeline/"}
PRESETS = ("mobile", "desktop")
ASSERTED = ("accessibility", "best-practices", "seo")


def lighthouse(url: str, preset: str, categories: tuple[str, ...]) -> dict[str, Any]:
    """Lighthouse's report of one page (its JSON)."""
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
            f"--only-categories={','.join(categories)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    if preset == "desktop":
        args.append("--preset=desktop")
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True,
                            env={**os.environ, "CHROME_PATH": CHROMIUM})
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def scores(report: dict[str, Any]) -> dict[str, int]:
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def failed_audits(report: dict[str, Any], categories: tuple[str, ...] = ASSERTED) -> list[str]:
    """The audits of these categories that did not pass, by id and title."""
    ids = {ref["id"] for name in categories if name in report["categories"]
           for ref in report["categories"][name]["auditRefs"]}
    return [f"{audit_id}: {audit['title']}" for audit_id, audit in report["audits"].items()
            if audit_id in ids and audit.get("score") is not None and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]


@contextmanager
def published_example() -> Iterator[str]:
    """The example site built with its address (site_url) and served there: its base URL."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        for part in ("templates", "overrides", "content"):
            shutil.copytree(REPO / part, root / part)
        with serve(root / "site") as base:
            build_at(root, base)
            yield base


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run npm install", file=sys.stderr)
        return 1
    categories = ("performance", *ASSERTED)
    rows = []
    with published_example() as base:
        for preset in PRESETS:
            for name, path in PAGES.items():
                print(f"{preset} {name} ...", file=sys.stderr, flush=True)
                report = lighthouse(base + path, preset, categories)
                rows.append((name, preset, scores(report), failed_audits(report)))
    print("| page | form | " + " | ".join(categories) + " |")
    print("|---|---|" + "---:|" * len(categories))
    for name, preset, found, _ in rows:
        print(f"| {name} | {preset} | " + " | ".join(str(found[c]) for c in categories) + " |")
    for name, preset, _, failed in rows:
        for audit in failed:
            print(f"{name} ({preset}): {audit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
