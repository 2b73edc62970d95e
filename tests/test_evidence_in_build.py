"""Source records in `check` and `build` (no network): each figure's evidence from the records
of the pages it cites, a figure edited since weighed again from the cached text (or unchecked
without it), record problems as content errors at their line, a record left over as a
warning, and an edited record reaching the sheets that show it on an incremental build."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from generator.check.evidence import value_key
from generator.model import (
    Evidence,
    EvidencePassage,
    SourceMiss,
    SourcePassage,
    SourceRead,
    SourceRecord,
    SourceState,
)
from generator.pipeline import generate, load_site
from generator.problems import ContentError, Problems
from generator.project import load_project
from generator.read.sources import record_name
from generator.render.escape import marked_html
from generator.render.exports import text_fragment
from generator.render.sources_page import FigureUse, gather_sources, source_uses
from generator.sources.records import dump

from .conftest import factsheet_in, generated_files, make_project

URL = "https://news.example/troops"
OTHER = "https://other.example/count"
TEXT = "Officials said on Monday that about 10,000 troops had been sent. Nothing else was said."
ARTICLE = ("Troops sent\nWednesday, May 7, 2025 7:48 pm ET\n"
           "About 10,000 troops were sent [1]. Another count differs [2].\n"
           f"References:\n[1] {URL}\n[2] {OTHER}\n")
FIGURES = ("figures:\n"
           "  - {label: Troops sent, value: 10000, qualifier: about, unit: troops, source: 1}\n"
           "  - {label: Troops by another count, value: 3000, unit: troops, source: 2}\n")


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _record(url: str = URL, status: str = "live", **fields: object) -> SourceRecord:
    values: dict[str, object] = {"history": (SourceRead("2025-05-08", "live"),), "digest": _digest(TEXT)}
    values.update(fields)
    return SourceRecord(url, status, "", 0, **values)  # type: ignore[arg-type]


STATED = SourcePassage("nk", 1, "Officials said on Monday that about 10,000 troops had been sent.",
                       ((36, 42),), "10000")


def _project(tmp_path: Path, records: list[SourceRecord], figures: str = FIGURES) -> Path:
    files: dict[str, str | bytes] = {"articles/nk.txt": ARTICLE, "articles/nk.yaml": figures}
    files.update({f"sources/{record_name(r.url)}": dump(r) for r in records})
    return make_project(tmp_path / "p", files)


def _sheet(root: Path) -> tuple[Any, Problems]:
    with contextlib.chdir(root):
        site, problems = load_site(load_project(Path("mkdocs.yml")).settings)
    assert site is not None, [str(p) for p in problems.items]
    return site.sheets[0], problems


def test_evidence_comes_from_the_records_of_the_pages_each_figure_cites(tmp_path: Path) -> None:
    root = _project(tmp_path, [_record(passages=(STATED,)),
                               _record(OTHER, missed=(SourceMiss("nk", 2, "3000"),))])
    sheet, problems = _sheet(root)
    assert sheet.evidence == (
        Evidence("stated", (EvidencePassage(1, STATED.text, STATED.marks, URL),)),
        Evidence("not-found"))
    assert sheet.sources == (SourceState(1, "live", read="2025-05-08"),
                             SourceState(2, "live", read="2025-05-08"))
    assert [str(p) for p in problems.warnings] == [
        "content/articles/nk.yaml:3:73: warning: figure 'Troops by another count': not found in its sources: "
        "https://other.example/count (read 2025-05-08)"]


def test_a_page_never_read_leaves_its_figures_unchecked_and_says_nothing(tmp_path: Path) -> None:
    sheet, problems = _sheet(_project(tmp_path, []))
    assert sheet.evidence == (Evidence(), Evidence())
    assert sheet.sources == (SourceState(1), SourceState(2))
    assert problems.warnings == []


def test_a_figure_edited_since_is_weighed_again_from_the_cached_text(tmp_path: Path) -> None:
    edited = FIGURES.replace("value: 10000, qualifier: about", "value: 12000, qualifier: about")
    root = _project(tmp_path, [_record(passages=(STATED,))], edited)
    sheet, _ = _sheet(root)  # no cached text: not known
    assert sheet.evidence[0] == Evidence()
    cache = root / "build/sources"
    cache.mkdir(parents=True)
    (cache / (_digest(TEXT).removeprefix("sha256:") + ".txt")).write_text(TEXT)
    sheet, problems = _sheet(root)  # the cached text does not say 12,000
    assert sheet.evidence[0] == Evidence("not-found")
    assert "figure 'Troops sent': not found in its sources: https://news.example/troops (read 2025-05-08)" \
        in problems.warnings[0].message
    back = _project(tmp_path / "again", [_record(passages=())], FIGURES)  # stated by the text, kept nowhere
    (back / "build/sources").mkdir(parents=True)
    (back / "build/sources" / (_digest(TEXT).removeprefix("sha256:") + ".txt")).write_text(TEXT)
    sheet, _ = _sheet(back)
    assert sheet.evidence[0].status == "stated"
    assert sheet.evidence[0].passages[0].text == STATED.text


def test_a_cached_text_that_does_not_match_its_digest_is_not_used(tmp_path: Path) -> None:
    edited = FIGURES.replace("value: 10000", "value: 12000")
    root = _project(tmp_path, [_record(passages=(STATED,))], edited)
    (root / "build/sources").mkdir(parents=True)
    (root / "build/sources" / (_digest(TEXT).removeprefix("sha256:") + ".txt")).write_text(
        TEXT.replace("10,000", "12,000"))
    sheet, _ = _sheet(root)
    assert sheet.evidence[0] == Evidence()


def test_a_source_that_cannot_be_read_is_a_warning_at_its_reference(tmp_path: Path) -> None:
    dead = _record(status="dead", digest="", history=tuple(SourceRead(d, "error") for d in (
        "2025-05-01", "2025-05-04", "2025-05-07")), archived_url="https://web.archive.org/web/1/" + URL)
    root = _project(tmp_path, [dead, _record(OTHER, "blocked", digest="")])
    sheet, problems = _sheet(root)
    assert [str(p) for p in problems.warnings] == [
        "content/articles/nk.txt:5: warning: source [1] is dead (https://news.example/troops)",
        "content/articles/nk.txt:6: warning: source [2] may not be read (https://other.example/count)"]
    assert sheet.evidence == (Evidence(), Evidence())


@pytest.mark.parametrize("record, message", [
    ('{"url": "https://news.example/troops",\n "status": "fine"}',
     "content/sources/{name}:2:12: error: status must be one of live, moved, dead, blocked, error, "
     "unchecked; got 'fine'"),
    ('{"url": "https://news.example/elsewhere", "status": "live"}',
     "content/sources/{name}:1:1: error: this record is of https://news.example/elsewhere, not of the URL "
     "its name is made from; name it " + record_name("https://news.example/elsewhere")),
])
def test_a_wrong_record_is_a_content_error_and_nothing_is_built(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], record: str, message: str) -> None:
    root = _project(tmp_path, [])
    name = record_name(URL)
    (root / "content/sources" ).mkdir()
    (root / "content/sources" / name).write_text(record)
    assert factsheet_in(root, "check") == 1
    assert message.format(name=name) in capsys.readouterr().out.splitlines()
    with pytest.raises(ContentError):
        generate(load_project(root / "mkdocs.yml"))


def test_a_record_no_sheet_cites_is_a_warning_and_a_misnamed_one_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    left = _record("https://gone.example/a")
    root = _project(tmp_path, [left])
    assert factsheet_in(root, "check") == 0
    assert (f"content/sources/{record_name(left.url)}:1:1: warning: no sheet cites https://gone.example/a: "
            "the record is left over; delete it, or cite the page again") in \
        capsys.readouterr().out.splitlines()
    (root / "content/sources" / record_name(left.url)).rename(root / "content/sources/renamed.json")
    assert factsheet_in(root, "check") == 1
    assert ("content/sources/renamed.json:1:1: error: a record's name is made from its URL: name it "
            f"{record_name(left.url)}") in capsys.readouterr().out.splitlines()


def test_a_record_linked_from_outside_the_content_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, [])
    secret = tmp_path / "secret.json"
    secret.write_text(dump(_record(passages=(STATED,))))
    (root / "content/sources").mkdir()
    (root / "content/sources" / record_name(URL)).symlink_to(secret)
    assert factsheet_in(root, "check") == 1
    assert f"links outside content/ (to {secret})" in capsys.readouterr().out


def test_an_edited_record_reaches_the_sheet_on_an_incremental_build(tmp_path: Path) -> None:
    root = _project(tmp_path, [_record(missed=(SourceMiss("nk", 1, "10000"),))])
    project = load_project(root / "mkdocs.yml")
    generate(project)
    data = json.loads((project.files_dir / "data/nk.json").read_text())
    assert data["figures"][0]["evidence"] == {"status": "not-found", "passages": []}
    path = root / "content/sources" / record_name(URL)
    path.write_text(dump(_record(passages=(STATED,))))
    assert generate(project).rendered == 1
    incremental = {n: p.read_bytes() for n, p in generated_files(project.docs_dir).items()}
    data = json.loads(incremental["data/nk.json"])
    assert data["figures"][0]["evidence"] == {"status": "stated", "passages": [
        {"reference": 1, "text": STATED.text, "url": text_fragment(URL, STATED.text), "archived": None}]}
    assert data["references"][0] == {"number": 1, "url": URL, "status": "live", "final_url": None,
                                     "read": "2025-05-08", "archived": None}
    sources = json.loads(incremental["data/sources.json"])["sources"]
    assert [(s["url"], s["stated"], s["not_found"], s["unchecked"]) for s in sources] == [
        (URL, 1, 0, 0), (OTHER, 0, 0, 1)]  # (live before never read)
    path.unlink()  # and a record removed: unchecked again
    generate(project)
    data = json.loads((project.files_dir / "data/nk.json").read_text())
    assert data["figures"][0]["evidence"] == {"status": "unchecked", "passages": []}
    cold = make_project(tmp_path / "cold", {"articles/nk.txt": ARTICLE, "articles/nk.yaml": FIGURES})
    generate(load_project(cold / "mkdocs.yml"), use_cache=False)
    cold_files = generated_files(cold / "build/docs")
    assert {n: p.read_bytes() for n, p in generated_files(project.docs_dir).items()} == \
        {n: p.read_bytes() for n, p in cold_files.items()}


def test_a_text_fragment_escapes_what_the_directive_reserves() -> None:
    assert text_fragment("https://a.example/p#top", "Up 5-6%, a & b.") == \
        "https://a.example/p#:~:text=Up%205%2D6%25%2C%20a%20%26%20b."
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert text_fragment("https://a.example/", long) == \
        "https://a.example/#:~:text=one%20two%20three%20four%20five,nine%20ten%20eleven%20twelve%20thirteen"


def test_marks_are_escaped_piece_by_piece_and_bad_marks_left_out() -> None:
    assert str(marked_html("a <b>10</b> c", [(5, 7)])) == "a &lt;b&gt;<mark>10</mark>&lt;/b&gt; c"
    assert str(marked_html("12 and 34", [(7, 9), (0, 2), (1, 3), (8, 20)])) == \
        "<mark>12</mark> and <mark>34</mark>"


def test_a_value_is_kept_as_records_compare_it() -> None:
    from generator.model import Figure
    figure = Figure("L", (10000, 12000.5), "", "", None, (1,), "", "", 1)
    assert value_key(figure) == "10000 12000.5"
    assert value_key(figure._replace(value=(6e6,))) == "6000000"


def test_the_sources_list_has_each_url_once_problems_first(tmp_path: Path) -> None:
    root = _project(tmp_path, [_record(passages=(STATED,)), _record(OTHER, "dead", digest="")])
    sheet, _ = _sheet(root)
    sources = gather_sources(source_uses(sheet))
    assert [(s.url, s.status, [(u.sheet, u.reference, u.figures) for u in s.uses]) for s in sources] == [
        (OTHER, "dead", [("nk", 2, (FigureUse(2, "Troops by another count", "unchecked"),))]),
        (URL, "live", [("nk", 1, (FigureUse(1, "Troops sent", "stated"),))])]
