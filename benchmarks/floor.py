"""What a cold generate costs a sheet on one core, part by part, each measured alone.

    python -m benchmarks.floor           # N = 1,000 sheets of the synthetic corpus
    python -m benchmarks.floor 300       # fewer, quicker

Each part runs over every sheet of the corpus in this one process, in a temporary folder,
five times; the median is reported in milliseconds a sheet:

- reading the bytes of each article and figures file (open, read, close), and nothing else;
- reading and checking a sheet as the generate step does (`load_sheet`: parse, check, link);
- rendering the sheet page alone (Jinja2 and `sheet.md.j2`);
- rendering everything a sheet contributes (its page, its data files, its listing fragments);
- creating its three files with those bytes (each pass in a new folder, nothing deleted
  between passes, so without the slow creations that follow a large deletion on this disk).

Their sum is what a cold generate cannot go below on one core with this design; the issue's
target, 2,000 sheets a second, allows 0.5 ms a sheet for all of it."""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.pipeline import load_sheet
from generator.problems import Problems
from generator.project import load_project
from generator.read.content import scan_content
from generator.render.environment import make_environment
from generator.render.sheet import render_fragments, render_sheet, render_sheet_files

from .run import project

RUNS = 5
# The parts that make up a sheet's whole cost (the other two are within these).
IN_ALL = ("read and check (load_sheet)", "render all of a sheet", "create its three files")


def per_sheet_ms(work: Callable[[], object], count: int) -> float:
    """Median over RUNS of the time `work` takes, in ms a sheet, with the cycle collector
    paused as the generate step pauses it."""
    times = []
    gc.disable()
    try:
        for _ in range(RUNS):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times) / count * 1e3


def measure_parts(n: int) -> dict[str, float]:
    """Each part's median, in ms a sheet, over a corpus of n sheets."""
    with tempfile.TemporaryDirectory(prefix="factsheet-floor-") as tmp:
        root = project(Path(tmp), n)
        settings = load_project(root / "mkdocs.yml").settings
        files = scan_content(settings, Problems())
        slugs = sorted(files.articles)
        paths = [files.article(s) for s in slugs]
        paths += [files.figures_file(s) for s in slugs if s in files.figures]
        sheets = [load_sheet(slug, files, settings, Problems()) for slug in slugs]
        env = make_environment(root / "templates")
        outputs = [render_sheet_files(env, sheet, render_fragments(env, sheet))
                   for sheet in sheets if sheet is not None]
        count = len(outputs)

        def read() -> None:
            for path in paths:
                with open(path, "rb") as f:
                    f.read()

        def render_all() -> None:
            for sheet in sheets:
                assert sheet is not None
                render_sheet_files(env, sheet, render_fragments(env, sheet))

        passes = iter(range(RUNS))

        def write() -> None:
            folder = root / f"write-{next(passes)}"
            for sub in ("sheets", "data"):
                (folder / sub).mkdir(parents=True)
            for made in outputs:
                for name, text in made.items():
                    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                    os.write(fd, text.encode())
                    os.close(fd)

        return {
            "read the files' bytes": per_sheet_ms(read, count),
            "read and check (load_sheet)": per_sheet_ms(
                lambda: [load_sheet(s, files, settings, Problems()) for s in slugs], count),
            "render the sheet page alone": per_sheet_ms(
                lambda: [render_sheet(env, s) for s in sheets if s is not None], count),
            "render all of a sheet": per_sheet_ms(render_all, count),
            "create its three files": per_sheet_ms(write, count),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000, help="sheets (default: %(default)s)")
    parts = measure_parts(parser.parse_args(argv).n)
    for name, ms in parts.items():
        print(f"{ms:7.3f} ms  {name}")
    floor = sum(parts[name] for name in IN_ALL)
    print(f"{floor:7.3f} ms  a sheet in all (read and check, render all, create): "
          f"at most {1000 / floor:,.0f} sheets a second on one core; the target, 2,000, "
          "allows 0.500 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
