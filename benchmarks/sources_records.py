"""What source records cost `check` and `build`: the synthetic corpus of N sheets (three
references a sheet, each its own URL) with a record for every URL (3 N records, each with the
passages of the figures that rest on it), against the same corpus without records; and a
one-article build with the records there. Runs alternate (without, with) in each round.

    python -m benchmarks.sources_records 10000 --rounds 3 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.check.evidence import value_key
from generator.model import SourcePassage, SourceRead, SourceRecord
from generator.pipeline import load_site
from generator.project import load_project
from generator.read.sources import record_name
from generator.sources.records import dump

from .run import _clean, _edit_headline, factsheet, project, step_seconds, timed


def write_records(root: Path) -> int:
    """A record for every URL the sheets cite, live, with a passage for each figure on it."""
    site, problems = load_site(load_project(root / "mkdocs.yml").settings)
    assert site is not None, problems.errors[:3]
    folder = root / "content/sources"
    folder.mkdir(exist_ok=True)
    count = 0
    for sheet in site.sheets:
        for reference in sheet.references:
            passages = tuple(
                SourcePassage(sheet.slug, f.number, f"The agency said {f.quote} in its report.",
                              ((16, 16 + 5),), value_key(f))
                for f in sheet.figures if reference.number in f.sources)
            record = SourceRecord(reference.url, "live", "", 0, (SourceRead("2026-12-01", "live"),),
                                  http_status=200, content_type="text/html; charset=utf-8",
                                  title=f"Page {reference.number} of {sheet.slug}", site_name="Example Wire",
                                  digest="sha256:" + f"{count:064x}", passages=passages)
            (folder / record_name(reference.url)).write_text(dump(record), encoding="utf-8")
            count += 1
    return count


def measure(n: int, rounds: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="factsheet-records-"))
    try:
        without = project(tmp / "without", n)
        with_records = project(tmp / "with", n)
        records = write_records(with_records)
        samples: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name, root in (("without", without), ("with", with_records)):
                samples.setdefault(f"check {name}", []).append(timed(factsheet("check"), root)[0])
                _clean(root)
                samples.setdefault(f"cold build {name}", []).append(timed(factsheet("build"), root)[0])
        for k in range(2):
            _edit_headline(with_records, f"edit{k}")
            seconds, err = timed(factsheet("build", "-v"), with_records)
            samples.setdefault("one-article build with", []).append(seconds)
            samples.setdefault("its generate step", []).append(step_seconds(err))
        sources_page = with_records / "site/sources/index.html"
        return {"n": n, "records": records, "rounds": rounds,
                "records_bytes": sum(p.stat().st_size for p in (with_records / "content/sources").iterdir()),
                "sources_page_bytes": sources_page.stat().st_size,
                "medians": {k: statistics.median(v) for k, v in samples.items()}, "samples": samples}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.n, args.rounds)
    m = result["medians"]
    print(f"N = {args.n}, {result['records']} records ({result['records_bytes'] / 2**20:.1f} MB), "
          f"{args.rounds} rounds, medians:")
    for what in ("check", "cold build"):
        ratio = m[f"{what} with"] / m[f"{what} without"]
        print(f"  {what:10}  without {m[f'{what} without']:7.2f} s   with {m[f'{what} with']:7.2f} s"
              f"   ratio {ratio:.3f}")
    print(f"  one-article build with records {m['one-article build with']:.2f} s "
          f"(its generate step {m['its generate step']:.2f} s)")
    print(f"  sources page (first of the pages): {result['sources_page_bytes'] / 1024:.0f} KB")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
