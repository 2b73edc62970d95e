"""The benchmark harness still runs end to end (a smoke run; no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from benchmarks.floor import measure_parts
from benchmarks.run import measure
from generator.content import Settings, load_site

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
    result = measure(50, runs=1)
    assert result["n"] == 50
    for key in ("generate_s", "mkdocs_s", "generate_mb", "mkdocs_mb", "site_mb", "search_index_kb"):
        assert result[key] > 0, key
    # the step times the generator reports lie inside the process times
    assert 0 < result["generate_step_s"] < result["generate_s"]
    assert 0 < result["incremental_step_s"] < result["incremental_s"]
    # One article changed: its page and data, and the listing pages, feeds and data files that
    # show it (and the cards of other reports of its series, when they show it), are rewritten.
    assert 3 <= result["incremental_written"] <= 20


def test_floor_measures_every_part() -> None:
    parts = measure_parts(20)
    assert list(parts) == ["read the files' bytes", "read and check (load_sheet)",
                           "render the sheet page alone", "render all of a sheet",
                           "create its three files"]
    assert all(ms > 0 for ms in parts.values())
    # the sheet page is one part of rendering a sheet
    assert parts["render the sheet page alone"] < parts["render all of a sheet"]
