"""`factsheet check` over whole content folders: every problem, one line each, sorted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import github_annotation, main
from generator.problems import Problem

from .conftest import REPO, WIRE, run_cli

Make = Callable[[dict[str, str | bytes]], Path]

FIGURES = """\
summary: Troops and casualties.
tags: [troops]
figures:
  - label: Troops sent
    value: [10000, 12000]
    unit: troops
    source: 1
    quote: between 10,000 and 12,000 troops
"""


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code, out, err = run_cli(["check", "-f", str(root / "mkdocs.yml")], capsys)
    return code, out.splitlines(), err.strip()


def test_example_corpus_is_clean(capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]) -> None:
    in_dir(REPO)
    code, lines, summary = check(REPO, capsys)
    # The example series hold disagreements on purpose: content, reported, never an error.
    assert (code, summary) == (0, f"0 errors, {len(lines)} warnings")
    assert len(lines) == 4 and all(": warning: figure '" in line and "disagrees with" in line
                                   for line in lines), lines


def test_clean_sheet(project: Make, capsys: pytest.CaptureFixture[str],
                     in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES})
    in_dir(root)
    assert check(root, capsys) == (0, [], "0 errors, 0 warnings")


def test_broken_figures_file_one_line_per_problem(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    broken = """\
figures:
  - label: Troops sent
    value: many
    source: 1
  - label: Wounded
    value: 4100
    source: 7
    quote: about 4,100 were killed
  - label: Shells
    value: 6000000
    source: 2
    quote: between 10,000 and 12,000 troops
"""
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": broken})
    in_dir(root)
    code, lines, summary = check(root, capsys)
    assert code == 1
    # A figure whose value is not a number hides nothing: the other figures are still checked
    # against the article, and every problem of the file is reported in one run.
    assert lines == [
        "content/articles/troops.yaml:3:12: error: figure 'Troops sent': value must be a number "
        "written in digits (e.g. 6000000 or 2.5), got 'many'",
        "content/articles/troops.yaml:7:13: error: figure 'Wounded': source 7 is not a reference "
        "of the article (references: 1, 2)",
        "content/articles/troops.yaml:8:12: error: figure 'Wounded': the quote does not occur in "
        "the article: 'about 4,100 were killed'",
        "content/articles/troops.yaml:12:12: warning: figure 'Shells': the quote states 10,000, "
        "12,000, which does not match the value 6,000,000",
    ]
    assert summary == "3 errors, 1 warning"
    # Once the type error is fixed, the rest stays as it was.
    (root / "content/articles/troops.yaml").write_text(broken.replace("many", "10000"))
    code, lines, summary = check(root, capsys)
    assert code == 1
    assert lines == [
        "content/articles/troops.yaml:7:13: error: figure 'Wounded': source 7 is not a reference "
        "of the article (references: 1, 2)",
        "content/articles/troops.yaml:8:12: error: figure 'Wounded': the quote does not occur in "
        "the article: 'about 4,100 were killed'",
        "content/articles/troops.yaml:12:12: warning: figure 'Shells': the quote states 10,000, "
        "12,000, which does not match the value 6,000,000",
    ]
    assert summary == "2 errors, 1 warning"


BROKEN = """\
figures:
  - label: Troops, sent
    value: many
    source: 1
  - label: Shells
    value: 6000000
    source: 2
    quote: between 10,000 and 12,000 troops
"""


def test_check_prints_github_annotations_on_the_files_lines(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": BROKEN})
    in_dir(root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # (the default on GitHub's runners)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "::error file=content/articles/troops.yaml,line=3,col=12::figure 'Troops, sent': value "
        "must be a number written in digits (e.g. 6000000 or 2.5), got 'many'",
        "::warning file=content/articles/troops.yaml,line=8,col=12::figure 'Shells': the quote "
        "states 10,000, 12,000, which does not match the value 6,000,000",
    ]
    assert err == "1 error, 1 warning\n"
    assert main(["check", "--format", "text"]) == 1
    assert capsys.readouterr().out.startswith("content/articles/troops.yaml:3:12: error: ")


def test_github_annotations_escape_what_would_end_them() -> None:
    problem = Problem("a,b:c.yaml", 2, 3, "error", "100% sure\nsecond line")
    assert github_annotation(problem) == ("::error file=a%2Cb%3Ac.yaml,line=2,col=3::100%25 sure"
                                          "%0Asecond line")
    assert github_annotation(Problem("x.txt", 0, 0, "warning", "m")) == "::warning file=x.txt::m"


def test_check_prints_one_json_list(project: Make, capsys: pytest.CaptureFixture[str],
                                    in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": BROKEN})
    in_dir(root)
    assert main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [
        {"path": "content/articles/troops.yaml", "line": 3, "column": 12, "level": "error",
         "message": "figure 'Troops, sent': value must be a number written in digits (e.g. "
                    "6000000 or 2.5), got 'many'"},
        {"path": "content/articles/troops.yaml", "line": 8, "column": 12, "level": "warning",
         "message": "figure 'Shells': the quote states 10,000, 12,000, which does not match the "
                    "value 6,000,000"},
    ]
    assert err == "1 error, 1 warning\n"


def test_problems_across_the_corpus_sorted_by_path_and_line(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    root = project({
        "articles/b-sheet.txt": WIRE.replace("[2].", "[5]."),
        "articles/a-sheet.txt": WIRE.replace("7:48 pm ET", "7:48 pm XT"),
        "articles/c-sheet.yaml": FIGURES,
        "articles/Bad!Name.txt": WIRE,
        "articles/d-sheet.txt": WIRE,
    })
    in_dir(root)
    code, lines, summary = check(root, capsys)
    assert code == 1
    assert lines == [
        "content/articles/Bad!Name.txt: error: file name 'Bad!Name' cannot be a sheet's slug (lower-case "
        "letters, digits and hyphens, up to 81 characters); rename it, for example to bad-name.txt",
        "content/articles/a-sheet.txt: warning: no key figures: add a-sheet.yaml beside the "
        "article (the sheet shows text and references only)",
        "content/articles/a-sheet.txt:2:1: error: unknown time zone 'XT'; expected one of ET, CT, "
        "MT, PT, EST, EDT, CST, CDT, MST, MDT, PST, PDT, UTC, GMT, Z, +HH:MM",
        "content/articles/b-sheet.txt: warning: no key figures: add b-sheet.yaml beside the "
        "article (the sheet shows text and references only)",
        "content/articles/b-sheet.txt:4:38: error: citation [5] has no reference; the references "
        "are [1], [2]",
        "content/articles/c-sheet.yaml: error: figures without an article: add c-sheet.txt or "
        "c-sheet.md beside it",
        "content/articles/d-sheet.txt: warning: no key figures: add d-sheet.yaml beside the "
        "article (the sheet shows text and references only)",
    ]
    assert summary == "4 errors, 3 warnings"


def test_dates_after_the_article_are_warnings(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    figures = FIGURES + "    as_of: 2025-06\nevents:\n  - {date: 2026, title: Later}\n"
    root = project({"articles/t.txt": WIRE, "articles/t.yaml": figures})
    in_dir(root)
    code, lines, _ = check(root, capsys)
    assert code == 0
    assert lines == [
        "content/articles/t.yaml:9:12: warning: figure 'Troops sent': as_of 2025-06 is after the "
        "article's date 2025-05-07",
        "content/articles/t.yaml:11:12: warning: event 'Later': date 2026 is after the article's "
        "date 2025-05-07",
    ]


def test_reference_merging_errors(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    figures = FIGURES + ("references:\n  1: {url: 'https://example.com/other'}\n"
                         "  9: {title: No url}\n")
    root = project({"articles/t.txt": WIRE, "articles/t.yaml": figures})
    in_dir(root)
    code, lines, _ = check(root, capsys)
    assert code == 1
    assert lines == [
        "content/articles/t.yaml:10: error: reference 1 already has the URL "
        "https://example.com/a in the article; leave 'url' out to add a title or publisher",
        "content/articles/t.yaml:11: error: reference 9 is not in the article; a new reference "
        "needs a url",
    ]


def test_symlink_out_of_content_is_refused(
    project: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    root = project({"articles/t.txt": WIRE})
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text(WIRE)
    (root / "content/articles/leak.txt").symlink_to(secret)
    in_dir(root)
    code, lines, _ = check(root, capsys)
    assert code == 1
    assert f"content/articles/leak.txt: error: links outside content/ (to {secret}); only files inside " \
           "it are read" in lines


@pytest.mark.parametrize("slug", ["index", "tags", "con", "data"])
def test_reserved_slugs(slug: str, project: Make, capsys: pytest.CaptureFixture[str],
                        in_dir: Callable[[Path], None]) -> None:
    root = project({f"articles/{slug}.txt": WIRE})
    in_dir(root)
    code, lines, _ = check(root, capsys)
    assert (code, lines) == (1, [f"content/articles/{slug}.txt: error: '{slug}' is a reserved "
                                 "name; choose another slug"])


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(["check", "-f", str(tmp_path / "missing.yml")], capsys)
    assert code == 2
    assert err.startswith("factsheet: cannot read the configuration")
    with pytest.raises(SystemExit) as info:
        run_cli(["frobnicate"], capsys)
    assert info.value.code == 2


def test_a_template_error_is_one_clear_line(project: Make, capsys: pytest.CaptureFixture[str],
                                            in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES})
    (root / "templates/tags.md.j2").write_text("# Tags\n\n{% for tag in tags %}\n")
    in_dir(root)
    code = main(["generate"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[-1] == ("templates/tags.md.j2:3: error: Unexpected end of template. "
                                    "Jinja was looking for the following tags: 'endfor' or 'else'. The "
                                    "innermost block that needs to be closed is 'for'.")


def test_at_most_fifty_problems_are_printed_for_a_file_then_how_many_more(
        project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]) -> None:
    # 120 markers without a reference, and no figures file: 121 problems (a 1 MB line of markers once
    # printed 349,278); the JSON format still lists them all
    root = project({"articles/t.txt": WIRE.replace("to Russia [1].", "to Russia" + " [7]" * 120 + ".")})
    in_dir(root)
    code, lines, _ = check(root, capsys)
    mine = [line for line in lines if line.startswith("content/articles/t.txt")]
    assert code == 1 and len(mine) == 51
    assert mine[-1] == ("content/articles/t.txt: ... and 71 more problems in this file (factsheet check "
                        "--format json lists them all)")
    assert main(["check", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)) == 121  # (and the warning: no figures file)


def test_the_version_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    from generator import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"factsheet {__version__}\n"
