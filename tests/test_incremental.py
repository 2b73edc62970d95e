"""Generating again after a change: only what changed is read, rendered and rewritten, and the
cache that makes this possible survives being torn, and is thrown away when code changes."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

import generator.incremental.cache as cache
from generator.incremental import reuse, sheet_work
from generator.model import Report
from generator.pipeline import Generated, generate
from generator.problems import ContentError, Problem
from generator.project import load_project
from generator.render.rows import RowsFile

from .conftest import WIRE, generated_files, make_project

FIGURES = """\
tags: [troops]
figures:
  - {label: Troops sent, value: [10000, 12000], unit: troops, source: 1,
     quote: "between 10,000 and 12,000 troops"}
events:
  - {date: 2024-10, title: First troops arrive, source: 2}
"""


# Each sheet's figure also reports the series troops-sent, said by Seoul or by Kyiv.
REPORTED = {"alpha": ("2024-10-01", "Seoul"), "beta": ("2024-10-20", "Seoul"), "gamma": ("2024-11", "Kyiv")}


def _project(tmp_path: Path) -> Path:
    content: dict[str, str | bytes] = {}
    for name in ("alpha", "beta", "gamma"):
        as_of, by = REPORTED[name]
        content[f"articles/{name}.txt"] = WIRE.replace("sent troops", f"sent troops ({name})")
        content[f"articles/{name}.yaml"] = FIGURES.replace(
            "unit: troops,", f"unit: troops, series: troops-sent, by: {by}, as_of: {as_of},")
    return make_project(tmp_path, content)


def _run(root: Path) -> Generated:
    return generate(load_project(root / "mkdocs.yml"))


def _mtimes(docs: Path) -> dict[str, int]:
    return {name: path.stat().st_mtime_ns for name, path in generated_files(docs).items()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_body_edit_rewrites_only_that_sheet_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    docs = root / "build/docs"
    first = _run(root)
    assert (first.sheets, first.rendered) == (3, 3)
    before = _mtimes(docs)

    _edit(root / "content/articles/beta.txt", "About 4,100 were wounded", "About 4,200 were hurt")
    second = _run(root)
    after = _mtimes(docs)
    assert (second.rendered, second.written, second.removed) == (1, 1, 0)
    assert [name for name in after if after[name] != before[name]] == ["sheets/beta.md"]
    assert "About 4,200 were hurt" in (docs / "sheets/beta.md").read_text()

    third = _run(root)
    assert (third.rendered, third.written) == (0, 0)
    assert _mtimes(docs) == after


def test_changes_go_to_the_cache_log_and_a_torn_record_is_ignored(tmp_path: Path) -> None:
    root = _project(tmp_path)
    base, log = root / "build/.factsheet-cache", root / "build/.factsheet-cache.log"
    _run(root)
    saved = base.read_bytes()
    assert not log.exists()

    _edit(root / "content/articles/alpha.txt", "About 4,100", "About 4,300")
    assert _run(root).rendered == 1
    assert base.read_bytes() == saved  # the edit went to the log
    assert log.stat().st_size > 0
    assert _run(root).rendered == 0  # ... and the log is read back

    with log.open("ab") as f:  # a record cut short by a crash
        f.write((1000).to_bytes(8, "little") + b"\x00" * 10)
    assert _run(root).rendered == 0
    _edit(root / "content/articles/gamma.txt", "About 4,100", "About 4,400")
    assert _run(root).rendered == 1
    assert "About 4,400" in (root / "build/docs/sheets/gamma.md").read_text()


def test_a_report_renders_again_only_the_sheets_whose_cards_it_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    docs = root / "build/docs"
    _run(root)
    # Alpha's text, not its report: the other reports' cards stay as they are.
    _edit(root / "content/articles/alpha.txt", "About 4,100 were wounded", "About 4,200 were hurt")
    assert _run(root).rendered == 1
    # Alpha's value: Seoul now revises it in beta, and Kyiv's report in gamma disagrees with it.
    _edit(root / "content/articles/alpha.yaml", "[10000, 12000]", "[1000, 2000]")
    assert _run(root).rendered == 3
    assert "Revised from" in (docs / "sheets/beta.md").read_text()
    assert "Sources disagree" in (docs / "sheets/gamma.md").read_text()
    # Gamma's value moves towards the others: only its own card and the cards that name it
    # (beta's "later", alpha's disagreement) change.
    _edit(root / "content/articles/gamma.yaml", "[10000, 12000]", "[10000, 13000]")
    assert _run(root).rendered == 3
    assert _run(root).rendered == 0


def test_a_template_change_renders_everything_and_a_removed_article_goes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    docs = root / "build/docs"
    _run(root)
    _edit(root / "templates/sheet.md.j2", "## Key figures", "## The figures")
    again = _run(root)
    assert again.rendered == 3
    assert "## The figures" in (docs / "sheets/alpha.md").read_text()

    os.remove(root / "content/articles/gamma.txt")
    os.remove(root / "content/articles/gamma.yaml")
    gone = _run(root)
    # (the other two report the same series: their cards now count two reports, not three;
    # gamma's page, data, table and its one figure's embed page go)
    assert (gone.sheets, gone.rendered, gone.removed) == (2, 2, 4)
    assert "2 reports over time" in (docs / "sheets/alpha.md").read_text()
    assert not (docs / "sheets/gamma.md").exists()
    assert "gamma" not in (docs / "index.md").read_text()
    assert _run(root).written == 0


def test_warnings_of_sheets_from_the_cache_are_reported_until_fixed_or_removed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for name in ("alpha", "beta"):
        _edit(root / f"content/articles/{name}.yaml", "tags: [troops]", "tags: [troops, troops]")

    def warnings() -> list[str]:
        result = _run(root)
        return [f"{Path(p.path).relative_to(root)}:{p.line}: {p.message}" for p in result.problems.sorted()]

    expected = ["content/articles/alpha.yaml:1: tag 'troops' is listed twice",
                "content/articles/beta.yaml:1: tag 'troops' is listed twice"]
    assert warnings() == expected
    assert warnings() == expected  # both sheets now come from the cache
    _edit(root / "content/articles/alpha.yaml", "tags: [troops, troops]", "tags: [troops]")
    assert warnings() == expected[1:]
    os.remove(root / "content/articles/beta.txt")
    os.remove(root / "content/articles/beta.yaml")
    assert warnings() == []


def test_many_sheets_are_shared_with_worker_processes_with_the_same_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["alpha", "beta", "delta", "epsilon", "gamma", "zeta"]
    content: dict[str, str | bytes] = {}
    for name in names:
        content[f"articles/{name}.txt"] = WIRE.replace("sent troops", f"sent troops ({name})")
        content[f"articles/{name}.yaml"] = FIGURES.replace("[troops]", f"[troops, {name}]")
    alone = make_project(tmp_path / "alone", content)
    shared = make_project(tmp_path / "shared", content)
    expected = _run(alone)

    pools: list[sheet_work.Pooled] = []
    told_to_write: list[sheet_work.Pooled] = []
    workers: list[int] = []

    class Recorded(sheet_work.Pooled):  # the workers that take the shares, seen to be others
        def check(self) -> tuple[list[Problem], list[Report]]:
            pools.append(self)
            workers.extend(p.pid for p in self._pool._processes.values())
            return super().check()

        def render(self, cards: sheet_work.Cards) -> sheet_work.Made:
            told_to_write.append(self)
            return super().render(cards)

    monkeypatch.setattr(sheet_work, "Pooled", Recorded)
    monkeypatch.setattr(sheet_work, "POOLED_FROM", 4)
    result = _run(shared)
    assert len(pools) == 1 and len(set(workers)) == sheet_work.WORKERS and os.getpid() not in workers
    assert told_to_write == pools
    assert (result.sheets, result.rendered, result.written) == (6, 6, expected.written)
    assert _docs(shared / "build/docs") == _docs(alone / "build/docs")
    assert _run(shared).written == 0  # and the cache holds the child's sheets too
    for made in (shared / "build").glob(".factsheet-cache*"):
        made.unlink()
    again = _run(shared)  # all rendered again, the child's files found unchanged and kept
    assert (again.rendered, again.written, again.removed) == (6, 0, 0)
    assert _docs(shared / "build/docs") == _docs(alone / "build/docs")

    # Errors in both workers' shares: all are reported, nothing is written.
    for name in names:
        _edit(shared / f"content/articles/{name}.txt", "About 4,100", f"About 4,100 ({name})")
    _edit(shared / "content/articles/alpha.yaml", "source: 1", "source: 9")
    _edit(shared / "content/articles/zeta.yaml", "source: 1", "source: 8")
    before = _mtimes(shared / "build/docs")
    pools.clear()
    told_to_write.clear()
    with pytest.raises(ContentError) as raised:
        _run(shared)
    assert len(pools) == 1 and not told_to_write  # the workers were stopped before writing
    assert sorted(p.path.rpartition("/")[2] for p in raised.value.problems if p.level == "error") == [
        "alpha.yaml", "zeta.yaml"]
    assert _mtimes(shared / "build/docs") == before


def test_stale_files_and_the_folders_they_leave_empty_are_removed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    docs = root / "build/docs"
    _run(root)
    (docs / "old/deeper").mkdir(parents=True)
    (docs / "old/deeper/page.md").write_text("left from an earlier version\n")
    (docs / "empty").mkdir()
    result = _run(root)
    assert (result.rendered, result.written, result.removed) == (0, 0, 1)
    assert not (docs / "old").exists() and not (docs / "empty").exists()
    assert (docs / "sheets/alpha.md").is_file()


def _docs(docs: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in generated_files(docs).items()}


def _from_scratch(root: Path, elsewhere: Path) -> dict[str, bytes]:
    """The docs folder a first generate of the same project makes, with no cache."""
    copy = make_project(elsewhere)
    shutil.rmtree(copy / "content")
    shutil.copytree(root / "content", copy / "content")
    generate(load_project(copy / "mkdocs.yml"), use_cache=False)
    return _docs(copy / "build/docs")


@pytest.mark.parametrize("other", [False, True], ids=["pwritev", "shared-without-pwritev"])
def test_after_each_kind_of_change_the_docs_equal_a_first_generate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: bool) -> None:
    if other:  # as on systems without pwritev: the rows of data files are written one by one;
        monkeypatch.delattr(os, "pwritev", raising=False)
        monkeypatch.setattr(sheet_work, "POOLED_FROM", 1)  # and worker processes share the sheets
    root = _project(tmp_path / "site")
    articles = root / "content/articles"
    assembled: list[str] = []
    whole = RowsFile.assemble

    def assemble(self: RowsFile) -> tuple[bytes, bytes]:
        assembled.append(self.name)
        return whole(self)

    monkeypatch.setattr(RowsFile, "assemble", assemble)
    _run(root)
    every = ["data/events.csv", "data/figures.csv", "data/timeline.json", "data/timelinejs.json"]
    assert sorted(assembled) == every

    def headline() -> None:  # beta's card, timeline line and rows change; nothing moves
        _edit(articles / "beta.txt", "North Korea sent troops", "Pyongyang’s troops — Seoul")

    def label() -> None:  # a figure's label: rows change in place
        _edit(articles / "alpha.yaml", "Troops sent", "Soldiers sent")

    def event_title() -> None:
        _edit(articles / "gamma.yaml", "First troops arrive", "First soldiers arrive")

    def event_date() -> None:  # an event moves to another year: the events' order changes
        _edit(articles / "gamma.yaml", "date: 2024-10", "date: 2023-02")

    def hand_edit_alone() -> None:  # nothing else changed, but the file is not as written
        _edit(root / "build/files/data/figures.csv", "Soldiers sent", "Soldiers_sent")

    def hand_edit() -> None:  # the file is no longer what was written, so it is made whole
        _edit(root / "build/files/data/events.csv", "First", "Frist")  # same length
        _edit(articles / "beta.txt", "Pyongyang’s troops — Seoul", "North Korea sent troops")

    def tag() -> None:  # gamma moves to another tag's pages
        _edit(articles / "gamma.yaml", "tags: [troops]", "tags: [russia]")

    def published() -> None:  # beta moves to the top of the home page
        _edit(articles / "beta.txt", "May 7, 2025", "June 7, 2025")

    def hand_written_page() -> None:  # the home page lists the hand-written pages
        (root / "content/pages").mkdir(exist_ok=True)
        (root / "content/pages/about.md").write_text("# About us\n\nWe check figures.\n")

    def files_deleted() -> None:  # a sheet whose own files went is rendered again
        (root / "build/docs/sheets/beta.md").unlink()
        (root / "build/files/data/gamma.csv").unlink()
        (root / "build/docs/tags/troops.md").unlink()

    def add_and_remove() -> None:  # every order changes
        shutil.copy(articles / "beta.txt", articles / "delta.txt")
        shutil.copy(articles / "beta.yaml", articles / "delta.yaml")
        os.remove(articles / "alpha.txt")
        os.remove(articles / "alpha.yaml")

    def report_value() -> None:  # one report of the series changes the others' cards:
        _edit(articles / "alpha.yaml", "[10000, 12000]", "[1000, 2000]")  # now it disagrees

    def series_file() -> None:  # the series gets a title and a summary of its own
        (root / "content/series").mkdir(exist_ok=True)
        (root / "content/series/troops-sent.yaml").write_text("title: Troops sent\nsummary: Estimates.\n")

    def second_series() -> None:  # beta reports a second series, which gamma's edit then touches
        _edit(articles / "beta.yaml", "events:", "  - {label: Wounded, value: 4100, unit: troops, source: 2, "
                                                 "series: wounded}\nevents:")
        _edit(articles / "gamma.yaml", "as_of: 2024-11,", "as_of: 2024-11-02,")

    def leave_series() -> None:  # gamma's figure no longer reports it: two reports remain
        _edit(articles / "gamma.yaml", "series: troops-sent, ", "")

    changes = [(headline, []), (label, []), (event_title, []),
               (event_date, ["data/events.csv", "data/timeline.json", "data/timelinejs.json"]),
               (hand_edit_alone, ["data/figures.csv"]), (hand_edit, ["data/events.csv"]),
               (tag, []), (published, every),
               (hand_written_page, []), (files_deleted, []), (report_value, []), (series_file, []),
               (second_series, ["data/events.csv", "data/timeline.json", "data/timelinejs.json"]),
               (leave_series, []), (add_and_remove, every)]
    for change, made_whole in changes:
        assembled.clear()
        change()
        _run(root)
        assert sorted(assembled) == made_whole, change.__name__
        scratch = tmp_path / f"scratch-{change.__name__}"
        assert _docs(root / "build/docs") == _from_scratch(root, scratch), change.__name__


def test_a_run_stopped_before_it_saved_the_cache_leaves_no_stale_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "site")
    beta = root / "content/articles/beta.txt"
    original = beta.read_text()
    _run(root)
    _edit(beta, "North Korea sent troops", "Pyongyang’s troops")  # on the home and tag pages

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt  # as if killed after writing the pages, before saving

    monkeypatch.setattr(reuse, "save_cache", stopped)
    with pytest.raises(KeyboardInterrupt):
        _run(root)
    assert "Pyongyang’s troops" in (root / "build/docs/index.md").read_text()
    monkeypatch.undo()
    beta.write_text(original)  # back to what the cache last saw: its pages' keys match again
    _run(root)
    assert "Pyongyang’s troops" not in (root / "build/docs/index.md").read_text()
    assert _docs(root / "build/docs") == _from_scratch(root, tmp_path / "scratch")
    (root / "build/docs/tags/troops.md").unlink()  # gone, though its key is the same
    assert _run(root).written == 1
    log = root / "build/.factsheet-cache.log"
    size = log.stat().st_size
    assert _run(root).written == 0
    assert log.stat().st_size == size  # the cache knows its key again: nothing to record


def test_a_sheet_page_left_half_written_by_a_stopped_run_is_written_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "site")
    page = root / "build/docs/sheets/beta.md"
    _run(root)
    whole = page.read_bytes()
    page.unlink()  # deleted by hand: the next run renders beta again, from the same content

    def stopped(*args: object) -> None:
        page.write_bytes(whole[:100])  # as if killed halfway through writing it
        raise KeyboardInterrupt

    monkeypatch.setattr(reuse, "save_cache", stopped)
    with pytest.raises(KeyboardInterrupt):
        _run(root)
    monkeypatch.undo()
    assert _run(root).written == 1
    assert page.read_bytes() == whole


def test_the_fragments_file_is_compacted_and_a_damaged_one_means_a_full_generate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_SMALL_LOG", 0)  # rewrite the base (and maybe compact) often
    root = _project(tmp_path / "site")
    build = root / "build"
    _run(root)
    sizes = []
    for n in range(6):
        article = root / "content/articles/beta.txt"
        headline, rest = article.read_text().split("\n", 1)
        article.write_text(f"{headline} {n}\n{rest}")  # its fragments change
        assert _run(root).rendered == 1
        stores = list(build.glob(".factsheet-cache.*.frag"))
        assert len(stores) == 1  # an old one goes as soon as a new one is written
        sizes.append(stores[0].stat().st_size)
    assert any(b < a for a, b in itertools.pairwise(sizes))  # dead ones dropped
    assert _run(root).rendered == 0
    assert _docs(build / "docs") == _from_scratch(root, tmp_path / "scratch-1")

    with stores[0].open("r+b") as f:  # cut short, as by a crash
        f.truncate(100)
    _edit(root / "content/articles/alpha.txt", "About 4,", "About 7,")
    assert _run(root).rendered == 3
    assert _docs(build / "docs") == _from_scratch(root, tmp_path / "scratch-2")


def test_the_cache_shrinks_when_most_of_its_sheets_are_removed(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_SMALL_LOG", 20_000)  # (4 MB at full size: 520 sheets of 11 MB once)
    root = make_project(tmp_path / "site", {f"articles/s{n:03d}.txt": WIRE.replace("sent troops", f"sent {n}")
                                            + "\n" + "Filler text. " * 400 + "\n" for n in range(60)})
    build = root / "build"
    _run(root)
    (store,) = build.glob(".factsheet-cache.*.frag")
    full = store.stat().st_size
    for n in range(5, 60):
        (root / f"content/articles/s{n:03d}.txt").unlink()
    assert _run(root).sheets == 5
    (store,) = build.glob(".factsheet-cache.*.frag")
    assert store.stat().st_size < full / 5
    assert _docs(build / "docs") == _from_scratch(root, tmp_path / "scratch")
