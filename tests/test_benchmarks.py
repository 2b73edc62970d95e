"""The benchmark harness still runs end to end (a smoke run; no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from benchmarks.floor import measure_parts
from benchmarks.run import measure
from generator.pipeline import load_site
from generator.read.content import Settings

from .browser import CHROMIUM

pytestmark = pytest.mark.slow


def test_corpus_is_deterministic_and_clean(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 30)
    write_corpus(tmp_path / "b", 30)
    a = sorted((p.name, p.read_bytes()) for p in (tmp_path / "a/articles").iterdir())
    b = sorted((p.name, p.read_bytes()) for p in (tmp_path / "b/articles").iterdir())
    assert a == b and len(a) == 60
    site, problems = load_site(Settings(tmp_path / "a"))
    assert problems.items == []
    assert site is not None and len(site.sheets) == 30


def test_smoke_run_at_50_sheets() -> None:
    browser = Path(CHROMIUM).exists()
    result = measure(50, runs=1, shards=True, search=browser)
    # What was timed are real builds: the site holds the 50 sheets and the one added, and the
    # page of the edited sheet shows its last edit.
    assert (result["n"], result["site_sheets"], result["edit_shown"]) == (50, 51, True)
    # the generate step lies inside the whole command; two edits a run
    assert 0 < result["edit_step_s"] < result["edit_s"]
    assert len(result["samples"]["edit_s"]) == 2
    if browser:
        assert result["search_kb"] > 50 and result["search_results"] > 0


def test_floor_measures_every_part() -> None:
    parts = measure_parts(20)
    assert list(parts) == ["read the files' bytes", "read and check (load_sheet)",
                           "render the sheet page alone", "render all of a sheet",
                           "create its three files"]
    assert all(ms > 0 for ms in parts.values())
    # the sheet page is one part of rendering a sheet
    assert parts["render the sheet page alone"] < parts["render all of a sheet"]


def test_the_sources_benchmarks_run(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.sources_reading import politeness
    from benchmarks.sources_records import measure as records

    politeness(2, 1, 0.01, 8)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2 hosts x 1 pages, latency 10 ms, --jobs 8: ")
    assert lines[1].endswith("robots.txt first on every host: True, most at once to one host: 1, "
                             + lines[1].rpartition("most at once to one host: 1, ")[2])
    assert lines[2].strip() == ("2 sources: 2 live, 0 moved, 0 dead (0 archived), 0 blocked, 0 errors; "
                                "2 figures: 2 stated, 0 not found, 0 unchecked")
    result = records(20, 1)
    # three records a sheet, and every timing taken from a real command
    assert result["records"] == 60 and set(result["medians"]) == {
        "check without", "check with", "cold build without", "cold build with", "one-article build with",
        "its generate step"}
