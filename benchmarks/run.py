"""Benchmark the generator and the MkDocs build on synthetic corpora.

    python -m benchmarks.run                       # N = 100, 1,000, 10,000; 3 runs each
    python -m benchmarks.run --sizes 50 --runs 1   # the smoke run the test suite makes

For each N it builds a project in a temporary folder (this repository's mkdocs.yml, templates
and overrides, with a synthetic content folder) and runs, each as its own process so that
its peak memory can be read: a cold `factsheet generate` (empty docs folder, no cache), a
`factsheet build --skip-generate` (MkDocs alone), and a `factsheet generate` after one article
changed (the incremental case). For both generate runs it also reports the step's own time,
as the generator logs it (the process time less Python's start and imports). Before each
timed generate it waits for the disk to finish writing what the commands before wrote (sync),
so that their disk work is not counted in it. It reports medians over the runs, and the
ratio of generate to MkDocs time taken within each run."""

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
import threading
import time
from pathlib import Path
from typing import Any

from .corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB) and standard error of one child process. The
    generator shares a cold generate with a child of its own, so the peak is the larger of
    the process's own and the highest sum over it and its children, sampled every 10 ms."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    done = threading.Event()
    highest = [0]

    def sample() -> None:
        while not done.wait(0.01):
            highest[0] = max(highest[0], _tree_rss_kb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    stderr = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    return seconds, max(usage.ru_maxrss, highest[0]) / 1024, stderr


def _tree_rss_kb(pid: int) -> int:
    """The resident memory of a process and its descendants, in KB (0 where /proc lacks it)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return 0
    return rss + sum(_tree_rss_kb(c) for c in children)


def step_seconds(stderr: str) -> float:
    """The generate step's own time, as the generator reports it ("... in 1.23 s"): the
    process time less Python's start and the imports."""
    match = re.search(r"generated .* in ([0-9.]+) s", stderr)
    if match is None:
        raise RuntimeError(f"no timing line in:\n{stderr[-2000:]}")
    return float(match[1])


def file_creation_us(folder: Path, count: int = 3000) -> float:
    """Microseconds to create a small file in `folder` on this disk just now: it varies
    tenfold with what the file system did recently (ext4 without a journal scans recently
    freed inodes), and a cold generate creates three files a sheet."""
    folder.mkdir()
    start = time.perf_counter()
    for i in range(count):
        fd = os.open(folder / f"{i}.md", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, b"x" * 3000)
        os.close(fd)
    return (time.perf_counter() - start) / count * 1e6


def project(root: Path, n: int) -> Path:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "build" / "docs").mkdir(parents=True)
    write_corpus(root / "content", n)
    return root


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(n: int, runs: int) -> dict[str, Any]:
    factsheet = [sys.executable, "-m", "generator"]
    samples: dict[str, list[float]] = {k: [] for k in (
        "generate_s", "generate_step_s", "generate_mb", "mkdocs_s", "mkdocs_mb", "ratio",
        "incremental_s", "incremental_step_s", "incremental_written", "text_edit_step_s",
        "create_us")}
    sizes: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix=f"factsheet-bench-{n}-") as tmp:
        root = project(Path(tmp), n)
        for _ in range(runs):
            shutil.rmtree(root / "build")
            (root / "build" / "docs").mkdir(parents=True)
            os.sync()  # the disk's work for the deletion is not the next command's
            samples["create_us"].append(file_creation_us(root / "probe"))
            gen_s, gen_mb, err = timed([*factsheet, "generate"], root)
            shutil.rmtree(root / "probe")
            mk_s, mk_mb, _ = timed([*factsheet, "build", "--skip-generate"], root)
            samples["generate_s"].append(gen_s)
            samples["generate_step_s"].append(step_seconds(err))
            samples["generate_mb"].append(gen_mb)
            samples["mkdocs_s"].append(mk_s)
            samples["mkdocs_mb"].append(mk_mb)
            samples["ratio"].append(gen_s / mk_s)
            # One article changes; everything else must stay as it is.
            article = root / "content/articles/sheet-00001.txt"
            article.write_text(article.read_text().replace("Report 1:", "Report 1 (updated):"))
            docs = root / "build/docs"
            before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
            os.sync()  # nor the writing out of the site MkDocs just built (380 MB at 10,000)
            inc_s, _, err = timed([*factsheet, "generate"], root)
            samples["incremental_step_s"].append(step_seconds(err))
            written = sum(1 for p in docs.rglob("*") if p.is_file()
                          and before.get(p) != p.stat().st_mtime_ns)
            samples["incremental_s"].append(inc_s)
            samples["incremental_written"].append(written)
            # Only the article's text changes: its page alone is rendered again.
            original = article.read_text()
            headline, dateline, body = original.split("\n", 2)
            article.write_text(f"{headline}\n{dateline}\nIn brief: {body}")
            os.sync()
            _, _, err = timed([*factsheet, "generate"], root)
            samples["text_edit_step_s"].append(step_seconds(err))
            article.write_text(original.replace("Report 1 (updated):", "Report 1:"))
        sizes["site_mb"] = folder_size(root / "site") / 1e6
        sizes["search_index_kb"] = folder_size(root / "site/pagefind") / 1e3
    result: dict[str, Any] = {k: statistics.median(v) for k, v in samples.items()}
    result["samples"] = samples  # every run's figure, for the ranges
    result.update(sizes)
    result["n"] = n
    result["runs"] = runs
    result["sheets_per_s"] = n / result["generate_s"]
    result["search_index_kb_per_sheet"] = result["search_index_kb"] / n
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| N | generate (s) | generate step (s) | sheets/s | generate peak (MB) "
        "| MkDocs build (s) | MkDocs peak (MB) | total (s) | generate / MkDocs "
        "| one-article regenerate (s) | its step (s) | files rewritten | text-edit step (s) "
        "| site (MB) | search index (KB, per sheet) | file creation (µs) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['n']:,} | {r['generate_s']:.2f} | {r['generate_step_s']:.2f} | "
            f"{r['sheets_per_s']:,.0f} | {r['generate_mb']:.0f} | {r['mkdocs_s']:.1f} | "
            f"{r['mkdocs_mb']:.0f} | {r['generate_s'] + r['mkdocs_s']:.1f} | "
            f"{100 * r['ratio']:.1f}% | {r['incremental_s']:.2f} | {r['incremental_step_s']:.2f} | "
            f"{r['incremental_written']:.0f} | {r['text_edit_step_s']:.2f} | {r['site_mb']:.1f} | "
            f"{r['search_index_kb']:,.0f} ({r['search_index_kb_per_sheet']:.2f}) | "
            f"{r['create_us']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        print(f"N = {n:,}: {args.runs} run(s) ...", file=sys.stderr, flush=True)
        results.append(measure(n, args.runs))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}\n")
    print(table(results))
    if len(results) > 1:
        small, large = results[-2], results[-1]
        growth = (large["generate_s"] + large["mkdocs_s"]) / (small["generate_s"] + small["mkdocs_s"])
        print(f"\nWhole build, N = {large['n']:,} against N = {small['n']:,}: {growth:.1f} times")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
