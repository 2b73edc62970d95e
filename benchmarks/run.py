"""Benchmark the whole commands a user waits for, on synthetic corpora.

    python -m benchmarks.run                        # N = 1,000 and 10,000; 3 runs each
    python -m benchmarks.run --sizes 50 --runs 1    # the smoke run the test suite makes

For each N it makes a project in a temporary folder (this repository's mkdocs.yml, templates
and overrides, with a synthetic content folder, benchmarks/corpus.py) and times, each as a
process of its own, with `sync` before each so the disk's work for what came before is not
counted in it:

- cold build, 2 workers and 1 worker: `factsheet build` with no build folder and no site;
- one article edited: its headline changes, then `factsheet build`; and the generate step's
  own time in it, as the generator reports it;
- one article added (the newest: the home, archive and tag pages shift), then `factsheet build`;
- shard and merge: 3 shards (`factsheet build --shard I/3`), each in a copy of the project of
  its own as on three machines (so each generates from scratch), then `factsheet build
  --merge`; reported as the slowest shard plus the merge (the shards run at once on three
  machines), once a size;
- a reader's first search, in Chromium (Debian's, with Playwright) over the site served on
  127.0.0.1: the bytes transferred for it (Pagefind's script, WebAssembly, index and the
  results' fragments) and the time from the last keystroke to the results shown;
- sizes: the median sheet page, and the site's bytes a sheet.

Medians of the runs are reported; --json FILE also keeps every run's figures (`samples`)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    """Wall seconds and standard error of one command, after the disk has caught up."""
    os.sync()
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stderr


def factsheet(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def step_seconds(stderr: str) -> float:
    """The generate step's own time, as the generator reports it ("... in 1.23 s")."""
    match = re.search(r"generated .* in ([0-9.]+) s", stderr)
    if match is None:
        raise RuntimeError(f"no timing line in:\n{stderr[-2000:]}")
    return float(match[1])


def project(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "build" / "docs").mkdir(parents=True)
    write_corpus(root / "content", n)
    return root


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _clean(root: Path) -> None:
    for name in ("build", "site", ".site.standby"):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / "build" / "docs").mkdir(parents=True)


def _edit_headline(root: Path, marker: str) -> None:
    article = root / "content/articles/sheet-00001.txt"
    lines = article.read_text().split("\n")
    lines[0] = re.sub(r"^Report 1[^:]*:", f"Report 1 {marker}:", lines[0])
    article.write_text("\n".join(lines))


def _add_article(root: Path, name: str) -> None:
    """A copy of the newest sheet, dated after it: it goes first on every listing it is on."""
    articles = root / "content/articles"
    newest = sorted(articles.glob("sheet-*.txt"))[-1]
    text = newest.read_text().split("\n")
    text[0] = f"Added report {name}: " + text[0].partition(":")[2]
    text[1] = "Thursday, December 31, 2026 11:00 pm UTC"
    (articles / f"{name}.txt").write_text("\n".join(text))
    shutil.copy(newest.with_suffix(".yaml"), articles / f"{name}.yaml")


def measure(n: int, runs: int, shards: bool = True, search: bool = True) -> dict[str, Any]:
    samples: dict[str, list[float]] = {k: [] for k in (
        "cold_2_s", "cold_1_s", "edit_s", "edit_step_s", "added_s")}
    result: dict[str, Any] = {"n": n, "runs": runs}
    with tempfile.TemporaryDirectory(prefix=f"factsheet-bench-{n}-") as tmp:
        root = project(Path(tmp) / "p", n)
        for run in range(runs):
            _clean(root)
            samples["cold_2_s"].append(timed(factsheet("build", "--workers", "2"), root)[0])
            for k in range(2):  # (the first may copy the site into the standby tree: both count)
                _edit_headline(root, f"r{run}e{k}")
                seconds, err = timed(factsheet("build"), root)
                samples["edit_s"].append(seconds)
                samples["edit_step_s"].append(step_seconds(err))
            _add_article(root, f"added-{run}")
            samples["added_s"].append(timed(factsheet("build"), root)[0])
        result.update(_sizes(root / "site", n))
        result["site_sheets"] = len(list((root / "site").glob("sheets/*/index.html")))
        edited = (root / "site/sheets/sheet-00001/index.html").read_text()
        result["edit_shown"] = f"Report 1 r{runs - 1}e1:" in edited
        if search:
            result.update(first_searches(root / "site", n))
        for _ in range(runs):
            _clean(root)
            samples["cold_1_s"].append(timed(factsheet("build", "--workers", "1"), root)[0])
        if shards:
            result.update(_shards(root, Path(tmp)))
    result.update({k: statistics.median(v) for k, v in samples.items() if v})
    result["samples"] = samples
    return result


def _sizes(site: Path, n: int) -> dict[str, float]:
    pages = [p.stat().st_size for p in site.glob("sheets/*/index.html")]
    total = folder_size(site)
    return {"page_kb": statistics.median(pages) / 1e3, "page_max_kb": max(pages) / 1e3,
            "site_mb": total / 1e6, "site_kb_per_sheet": total / 1e3 / n,
            "search_kb_per_sheet": folder_size(site / "pagefind") / 1e3 / n}


def _shards(root: Path, tmp: Path) -> dict[str, float]:
    """Three shards, each in a copy of the project of its own (as on three machines), merged."""
    times, outs = [], []
    for i in (1, 2, 3):
        machine = tmp / f"machine-{i}"
        shutil.rmtree(machine, ignore_errors=True)
        machine.mkdir()
        for part in ("mkdocs.yml", "templates", "overrides", "content"):
            (shutil.copytree if (root / part).is_dir() else shutil.copy)(root / part, machine / part)
        (machine / "build/docs").mkdir(parents=True)
        out = tmp / f"shard-{i}"
        times.append(timed(factsheet("build", "--shard", f"{i}/3", "--out", str(out)), machine)[0])
        outs.append(str(out))
        shutil.rmtree(machine / "build")
    merge = timed(factsheet("build", "--merge", *outs), root)[0]
    return {"shard_max_s": max(times), "shard_sum_s": sum(times), "merge_s": merge,
            "sharded_s": max(times) + merge}


def first_searches(site: Path, n: int) -> dict[str, float]:
    """A reader's first search, for a word on every sheet (the slowest: every page is a
    result to rank) and for a sheet's own word (its number): bytes over the wire, text
    gzipped as GitHub Pages serves it (and uncompressed), and the time to the results."""
    common = first_search(site, "agency", compress=True)
    rare = first_search(site, str(n - 7), compress=True)
    raw = first_search(site, "agency", compress=False)
    return {"search_kb": common["kb"], "search_ms": common["ms"], "search_results": common["results"],
            "search_raw_kb": raw["kb"], "search_rare_kb": rare["kb"], "search_rare_ms": rare["ms"],
            "search_rare_results": rare["results"]}


def first_search(site: Path, query: str, compress: bool) -> dict[str, float]:
    """A reader's first search in Chromium, typing 12 keys a second: bytes transferred for
    it, and the time from the last keystroke to the results on screen."""
    sys.path.insert(0, str(REPO))
    from tests.browser import chromium, serve

    with serve(site, compress=compress) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        sizes: list[int] = []
        page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
        page.locator("#fs-search").click()
        page.evaluate("""() => {
            window.__lastKey = 0; window.__shown = 0;
            document.getElementById('fs-search').addEventListener('input', () => {
                window.__lastKey = performance.now(); window.__shown = 0; });
            new MutationObserver(() => {
                if (document.querySelector('#fs-search-results li')) window.__shown = performance.now();
            }).observe(document.body, {subtree: true, childList: true});
        }""")
        page.locator("#fs-search").press_sequentially(query, delay=80)
        page.wait_for_function("window.__shown > window.__lastKey", timeout=30000)
        page.wait_for_load_state("networkidle")
        latency = page.evaluate("window.__shown - window.__lastKey")
        results = page.locator("#fs-search-results li").count()
    return {"kb": sum(sizes) / 1e3, "ms": latency, "results": results}


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| N | cold build, 2 workers (s) | cold, 1 worker (s) | one article edited (s) | its generate "
        "step (s) | one article added (s) | 3 shards + merge (s) | first search, a word on every "
        "sheet: KB over the wire (uncompressed), ms | first search, one sheet's word: KB, ms | "
        "sheet page (KB) | site (KB a sheet) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sharded = f"{r['shard_max_s']:.1f} + {r['merge_s']:.1f}" if "merge_s" in r else "-"
        search = (f"{r['search_kb']:.0f} ({r['search_raw_kb']:.0f}), {r['search_ms']:.0f}",
                  f"{r['search_rare_kb']:.0f}, {r['search_rare_ms']:.0f}") if "search_kb" in r \
            else ("-", "-")
        lines.append(
            f"| {r['n']:,} | {r['cold_2_s']:.1f} | {r['cold_1_s']:.1f} | {r['edit_s']:.2f} | "
            f"{r['edit_step_s']:.2f} | {r['added_s']:.2f} | {sharded} | {search[0]} | {search[1]} | "
            f"{r['page_kb']:.1f} | {r['site_kb_per_sheet']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--no-shards", dest="shards", action="store_false")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="leave out the search measured in Chromium")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        print(f"N = {n:,}: {args.runs} run(s) ...", file=sys.stderr, flush=True)
        results.append(measure(n, args.runs, args.shards, args.search))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
