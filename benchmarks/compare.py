"""Two versions of factsheet, timed in one run, alternating, on the same synthetic corpus.

    python -m benchmarks.compare OLD NEW [--n 10000] [--rounds 3] [--preview-rounds 1]

OLD and NEW are checkouts of this repository, each with its own .venv (``make install``
there). Each gets a project of its own with the same content (benchmarks/corpus.py) and
this checkout's mkdocs.yml, templates and overrides. A round times, for OLD and then for NEW:

- a cold `factsheet build` (2 workers, no build folder, no site);
- two one-article edits (a headline), each followed by `factsheet build`;
- with --preview-rounds, an edit under `factsheet serve`: the seconds from writing the
  article to the served page showing it (three edits, after the first build).

Medians per version, and the ratio NEW / OLD, are printed (and written with --json)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .run import ENV, _clean, _edit_headline, project, timed
from .serve_latency import fetch

MEASURES = ("cold_s", "edit_s", "preview_s")


def python_of(checkout: Path) -> str:
    found = checkout / ".venv/bin/python"
    if not found.is_file():
        raise SystemExit(f"{found} is missing: run `make install` in {checkout}")
    return str(found)


def one_round(python: str, root: Path, marker: str, samples: dict[str, list[float]]) -> None:
    _clean(root)
    samples["cold_s"].append(timed([python, "-m", "generator", "build", "--workers", "2"], root)[0])
    for k in range(2):
        _edit_headline(root, f"{marker}e{k}")
        samples["edit_s"].append(timed([python, "-m", "generator", "build"], root)[0])


@contextlib.contextmanager
def _serving(python: str, root: Path, port: int) -> Iterator[str]:
    server = subprocess.Popen([python, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/sheets/sheet-00001/"
    finally:
        server.terminate()
        server.wait(30)


def preview_round(python: str, root: Path, marker: str, samples: dict[str, list[float]], port: int) -> None:
    with _serving(python, root, port) as url:
        start = time.monotonic()
        while "Report 1" not in fetch(url):
            if time.monotonic() - start > 900:
                raise SystemExit("the preview's first build did not finish in 15 minutes")
            time.sleep(0.5)
        time.sleep(3)
        for i in range(3):
            edition = f"Edition {marker}{i}"
            _edit_headline(root, edition)
            edited = time.monotonic()
            while edition not in fetch(url):
                if time.monotonic() - edited > 120:
                    raise SystemExit("an edit did not show within 2 minutes")
                time.sleep(0.05)
            samples["preview_s"].append(time.monotonic() - edited)
            time.sleep(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="a checkout of the version before")
    parser.add_argument("new", type=Path, help="a checkout of the version after")
    parser.add_argument("--n", type=int, default=10_000, help="sheets (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds and edits (default: %(default)s)")
    parser.add_argument("--preview-rounds", type=int, default=1,
                        help="preview sessions (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    sides = {"old": python_of(args.old.resolve()), "new": python_of(args.new.resolve())}
    samples: dict[str, dict[str, list[float]]] = {side: {m: [] for m in MEASURES} for side in sides}
    with tempfile.TemporaryDirectory(prefix="factsheet-compare-") as tmp:
        first = project(Path(tmp) / "old", args.n)
        shutil.copytree(first, Path(tmp) / "new")
        roots = {"old": first, "new": Path(tmp) / "new"}
        for r in range(args.rounds):
            for side, python in sides.items():
                one_round(python, roots[side], f"r{r}{side}", samples[side])
                print(f"round {r + 1}, {side}: cold {samples[side]['cold_s'][-1]:.1f} s, edits "
                      + ", ".join(f"{s:.2f}" for s in samples[side]["edit_s"][-2:]) + " s", flush=True)
        for r in range(args.preview_rounds):
            for port, (side, python) in enumerate(sides.items(), 8765):
                preview_round(python, roots[side], f"p{r}{side}", samples[side], port)
                shown = ", ".join(f"{s:.2f}" for s in samples[side]["preview_s"][-3:])
                print(f"preview {r + 1}, {side}: {shown} s", flush=True)
    medians = {side: {m: statistics.median(v) for m, v in s.items() if v} for side, s in samples.items()}
    print(f"\nN = {args.n:,}, medians (runs: {args.rounds} cold, {2 * args.rounds} edits, "
          f"{3 * args.preview_rounds} preview edits)")
    print("| measure | old (s) | new (s) | new / old |\n|---|---:|---:|---:|")
    for measure in MEASURES:
        if measure in medians["old"]:
            old, new = medians["old"][measure], medians["new"][measure]
            print(f"| {measure} | {old:.2f} | {new:.2f} | {new / old:.3f} |")
    if args.json:
        args.json.write_text(json.dumps({"n": args.n, "medians": medians, "samples": samples}, indent=1))
    os.sync()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
