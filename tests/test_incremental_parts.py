"""The incremental machinery's parts, one at a time: stored fragments read only when needed,
page keys reused only while a page's sheets are unchanged, series computed again only where
a report changed, and data files patched row by row to the same bytes as written whole."""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import pytest

from generator.incremental.cache import pack
from generator.incremental.fragments import ReusedKeys, StoredFragments
from generator.incremental.series_step import SeriesEntry, gather_changed
from generator.incremental.sheet_work import DRAWN_APART_FROM, draw_images
from generator.model import PartialDate, Report
from generator.problems import Problems
from generator.render.layout import key_of
from generator.render.rows import RowsFile
from generator.render.series_pages import IndexRow
from generator.render.sheet import Fragments
from generator.render.site_pages import SitePage
from generator.write.docs import DocsWriter
from generator.write.rows import write_rows


def _fragments(slug: str) -> Fragments:
    return Fragments(f"card {slug}", f"entry {slug}", (), (), (), (), f"{slug},1\n", "", "")


def test_fragments_come_from_this_run_then_from_other_processes_then_from_the_store() -> None:
    read: list[str] = []

    def stored(slug: str) -> Fragments:
        read.append(slug)
        return _fragments(slug)

    fragments = StoredFragments(["a", "b", "c"], {"a": _fragments("a")}, {"b": pack(_fragments("b"))}, stored)
    assert [fragments[s].card for s in ("a", "b", "c", "c")] == ["card a", "card b", "card c", "card c"]
    assert read == ["c"]  # once, and only for the sheet not rendered this run
    assert list(fragments) == ["a", "b", "c"] and len(fragments) == 3


def test_a_page_keeps_its_key_until_one_of_its_sheets_changes() -> None:
    versions = {"a": "1", "b": "2", "c": "3"}
    previous = {"home": "old home", "tags/x": "old x"}
    key = ReusedKeys(versions, previous, changed=["c"])
    assert key("home", ["a", "b"], "parts") == "old home"
    assert key("tags/x", ["b", "c"], "parts") == key_of(["2", "3"], "parts")
    assert key("new page", ["a"]) == key_of(["1"])


def _report(sheet: str, series: str, value: int, as_of: str = "2024-10-01") -> Report:
    when = PartialDate(*map(int, as_of.split("-")))
    return Report(series, sheet, 1, "Troops", (value,), "", "troops", when, "NIS", (), "", sheet,
                  f"{sheet}.yaml", 3, 5, (3, 9))


def test_only_the_series_a_changed_sheet_reports_are_computed_again() -> None:
    reports = [_report("a", "troops", 1500), _report("b", "troops", 3000), _report("c", "shells", 9)]
    first = gather_changed(reports, {"a", "b", "c"}, (), [], {}, "", Problems())
    assert first.touched == {"troops", "shells"}
    kept = {slug: SeriesEntry("kept " + slug, "", (), IndexRow(slug, "", 1, "", "", "", "", ""))
            for slug in first.entries}
    again = gather_changed(reports, {"c"}, (), [], kept, "", Problems())
    assert again.touched == {"shells"}
    assert again.entries["troops"] is kept["troops"] and again.entries["shells"] != kept["shells"]
    assert set(again.cards) == {"c"}
    gone = gather_changed(reports[1:], set(), {"troops"}, [], kept, "", Problems())  # a's report left
    assert gone.touched == {"troops"} and gone.entries["troops"].row.reports == 1


def test_a_data_file_patched_row_by_row_equals_the_file_written_whole(tmp_path: Path) -> None:
    rows = {"a": "a,1\n", "b": "b,22\n", "c": "c,3\n"}
    slugs = ["a", "b", "c"]

    def page() -> RowsFile:
        return RowsFile("data/figures.csv", key_of(rows.values()), "order", "sheet,value\n", "", "", slugs,
                        rows=lambda: [rows[s] for s in slugs], row=lambda i: rows[slugs[i]])

    docs = tmp_path / "build/docs"
    writer = DocsWriter(docs)
    written = write_rows(page(), writer, None, False, slugs)
    target = tmp_path / "build/files/data/figures.csv"
    assert target.read_text() == "sheet,value\na,1\nb,22\nc,3\n"
    rows["b"] = "b,2222\n"
    patched = write_rows(page(), DocsWriter(docs), written, False, ["b"])
    assert target.read_text() == "sheet,value\na,1\nb,2222\nc,3\n"
    assert patched.lengths != written.lengths
    target.write_text("edited by hand\n")  # not as last written: written whole again
    write_rows(page(), DocsWriter(docs), patched, False, ["b"])
    assert target.read_text() == "sheet,value\na,1\nb,2222\nc,3\n"


def _image(i: int) -> bytes:
    return f"{i} drawn by {os.getpid()}".encode()


@pytest.mark.parametrize("other_thread", [False, True])
def test_many_images_are_drawn_by_worker_processes_also_while_other_threads_run(other_thread: bool) -> None:
    """Each page's `draw` gives what a worker draws (forked, or spawned while another thread
    runs, as during `factsheet build`); each image comes back under its page's name."""
    pages = [SitePage(f"charts/{i}.png", str(i), functools.partial(_image, i),
                      draw=lambda i=i: functools.partial(_image, i)) for i in range(DRAWN_APART_FROM)]
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    if other_thread:
        beside.start()
    try:
        drawn = draw_images(pages)
    finally:
        stop.set()
    assert list(drawn) == [page.name for page in pages]
    pids = {bytes(image).split(b" by ")[1] for image in drawn.values()}
    assert str(os.getpid()).encode() not in pids and len(pids) >= 1
    assert all(bytes(drawn[f"charts/{i}.png"]).startswith(f"{i} drawn".encode())
               for i in range(DRAWN_APART_FROM))
    few = draw_images(pages[:3])  # a few: here, without starting workers
    assert few == {f"charts/{i}.png": _image(i) for i in range(3)}
