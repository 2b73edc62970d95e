"""Files as they come: an article or figures file named as such files come named
("000_03f627dd5a2244df.txt") gets the sheet its name gives when lower-cased with "_" and spaces
as "-", with one warning that says the address; two files that give one sheet are an error
naming both; a name that can give no slug is one error, worded alike by check, build and draft,
saying what to rename the file to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import WIRE, factsheet_in, make_project

FIGURES = "figures:\n  - {label: Troops sent, value: 10000, qualifier: about, unit: troops, source: 1}\n"


def test_a_file_named_as_it_came_becomes_its_sheet_with_one_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"articles/000_03f627dd5a2244df.txt": WIRE,
                                          "articles/000_03f627dd5a2244df.yaml": FIGURES,
                                          "articles/Field Notes.txt": WIRE})
    assert factsheet_in(root, "check") == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/articles/000_03f627dd5a2244df.txt: warning: named as it came: its sheet is "
        "'000-03f627dd5a2244df', at sheets/000-03f627dd5a2244df/; to choose another address, rename the "
        "file to <slug>.txt",
        "content/articles/000_03f627dd5a2244df.yaml: warning: named as it came: its sheet is "
        "'000-03f627dd5a2244df', at sheets/000-03f627dd5a2244df/; to choose another address, rename the "
        "file to <slug>.yaml",
        "content/articles/Field Notes.txt: warning: named as it came: its sheet is 'field-notes', at "
        "sheets/field-notes/; to choose another address, rename the file to <slug>.txt",
        "content/articles/Field Notes.txt: warning: no key figures: add field-notes.yaml beside the article "
        "(the sheet shows text and references only)"]
    assert factsheet_in(root, "build") == 0
    data = json.loads((root / "site/data/000-03f627dd5a2244df.json").read_text())
    assert [f["label"] for f in data["figures"]] == ["Troops sent"]
    assert (root / "site/sheets/field-notes/index.html").is_file()


def test_two_files_that_give_one_sheet_are_an_error_naming_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"articles/troops-sent.txt": WIRE, "articles/Troops_Sent.txt": WIRE})
    assert factsheet_in(root, "check") == 1
    assert ("content/articles/troops-sent.txt: error: Troops_Sent.txt and troops-sent.txt both become the "
            "sheet 'troops-sent'; rename one of them") in capsys.readouterr().out.splitlines()


def test_a_name_that_gives_no_slug_is_said_alike_by_check_build_and_draft(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"articles/Report (final).txt": WIRE})
    message = ("content/articles/Report (final).txt: error: file name 'Report (final)' cannot be a sheet's "
               "slug (lower-case letters, digits and hyphens, up to 81 characters); rename it, for example "
               "to report-final.txt")
    for command in (["check"], ["build"], ["draft", "content/articles/Report (final).txt"]):
        assert factsheet_in(root, *command) == 1
        out, err = capsys.readouterr()
        assert message in (out + err).splitlines(), command
    assert not (root / "site").exists()


def test_a_draft_of_a_file_named_as_it_came_is_named_for_its_sheet_and_adds_no_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"articles/000_03f627dd5a2244df.txt": WIRE})
    assert factsheet_in(root, "draft", "content/articles/000_03f627dd5a2244df.txt") == 0
    assert (root / "content/articles/000-03f627dd5a2244df.yaml").is_file()
    capsys.readouterr()
    assert factsheet_in(root, "check") == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/articles/000_03f627dd5a2244df.txt: warning: named as it came: its sheet is "
        "'000-03f627dd5a2244df', at sheets/000-03f627dd5a2244df/; to choose another address, rename the "
        "file to <slug>.txt"]
    # a figures file it has already, under the name it came with, is the one --force replaces
    articles = root / "content/articles"
    (articles / "000-03f627dd5a2244df.yaml").rename(articles / "000_03f627dd5a2244df.yaml")
    assert factsheet_in(root, "draft", "content/articles/000_03f627dd5a2244df.txt") == 1
    assert factsheet_in(root, "draft", "--force", "content/articles/000_03f627dd5a2244df.txt") == 0
    assert not (root / "content/articles/000-03f627dd5a2244df.yaml").exists()
