"""A site too big for one page: home and tag pages split into pages of 50, the timeline into
one page a year, and the exports keep every row in order (generate only, no MkDocs)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import generator.render.site_pages as site_pages
from benchmarks.corpus import write_corpus

from .conftest import factsheet_in, make_project

N = 120  # sheets, each with four events (three from its figures file and its publication)


def test_lists_split_into_pages_and_years(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    write_corpus(root / "content", N)
    assert factsheet_in(root, "generate") == 0
    docs = root / "build/docs"

    home = (docs / "index.md").read_text()
    assert home.count('<div class="fs-sheet">') == 50
    assert "Page 1 of 3 · [Older →](archive/2.md)" in home
    last = (docs / "archive/3.md").read_text()
    assert last.count('<div class="fs-sheet">') == 20
    assert "Page 3 of 3 · [← Newer](../archive/2.md)" in last
    titles = [re.findall(r'fs-sheet-link" href="[^"]+">([^<]+)<', (docs / name).read_text())
              for name in ("index.md", "archive/2.md", "archive/3.md")]
    assert len({t for page in titles for t in page}) == N  # every sheet once

    rows = list(csv.DictReader((docs.parent / "files/data/events.csv").open()))
    assert len(rows) == 4 * N
    firsts = [r["date"] + "-01-01"[len(r["date"]) - 4:] for r in rows]
    assert firsts == sorted(firsts)  # oldest first, by the first day each date can mean

    timeline = (docs / "timeline.md").read_text()
    years = [(int(y), int(n)) for y, n in re.findall(r"\[(\d{4})\]\(timeline/\d{4}\.md\) \((\d+)\)",
                                                     timeline)]
    assert [y for y, _ in years] == sorted({int(r["date"][:4]) for r in rows}, reverse=True)
    assert sum(n for _, n in years) == 4 * N
    latest = re.findall(r"<li><strong>([^<]+)</strong>", timeline.split("## Latest events")[1])
    assert len(latest) == 100
    for year, count in years:
        page = (docs / f"timeline/{year}.md").read_text()
        assert f"{count} events, oldest first." in page
        assert page.count("<li>") == count
        assert all(str(year) in d for d in re.findall(r"<li><strong>([^<]+)</strong>", page))
        assert 'href="../../sheets/' in page


def test_a_busy_year_splits_into_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_pages, "YEAR_PAGE", 20)
    root = make_project(tmp_path)
    write_corpus(root / "content", N)
    assert factsheet_in(root, "generate") == 0
    docs = root / "build/docs"
    timeline = (docs / "timeline.md").read_text()
    year, count = max(((int(y), int(n)) for y, n in re.findall(
        r"\[(\d{4})\]\(timeline/\d{4}\.md\) \((\d+)\)", timeline)), key=lambda yn: yn[1])
    pages = -(-count // 20)
    assert pages >= 2
    names = [f"timeline/{year}.md"] + [f"timeline/{year}/{n}.md" for n in range(2, pages + 1)]
    lines = []
    for n, name in enumerate(names, 1):
        page = (docs / name).read_text()
        assert f"{count} events, oldest first." in page
        assert f"Page {n} of {pages}" in page
        lines += re.findall(r"<li>.*</li>", page)
        root_link = "../" * name.count("/")
        assert f"[All years]({root_link}timeline.md)" in page
    assert len(lines) == count and len(set(lines)) == count
    first, second = (docs / names[0]).read_text(), (docs / names[1]).read_text()
    assert f"[Later →](../timeline/{year}/2.md)" in first
    assert f"[← Earlier](../../timeline/{year}.md)" in second
    assert not (docs / f"timeline/{year}/{pages + 1}.md").exists()
