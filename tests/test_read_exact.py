"""Every file of a content folder read, with the exact lines `factsheet check` prints for what
is wrong: misnamed and stray files, links in and out of the folder, Markdown front matter and
its references, series files and pages. A problem in one file never hides another's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.check.linking import link_site
from generator.model import Page
from generator.pipeline import load_sheet, load_site
from generator.problems import Problems
from generator.read.content import Settings, first_heading, scan_content

from .conftest import WIRE, write_tree

MARKDOWN = """\
---
title: Dots end the front matter
date: 2024-05-01T10:00:00+00:00
references:
  - {id: 1, url: "https://example.com/x", title: A title}
  - {id: 1, url: "https://example.com/y"}
  - {id: 2, url: "ftp://example.com/z"}
  - {id: 3}
  - {url: "https://example.com/w"}
  - {id: 4, url: "https://example.com/v", title: [not, text]}
  - {id: x, url: "https://example.com/u"}
...
Body cites [1] and [2] and [4].

```
[9] in a fence is no citation
```
"""

EXPECTED = [
    "content/articles/Bad!Name.txt: error: file name 'Bad!Name' cannot be a sheet's slug (lower-case "
    "letters, digits and hyphens, up to 81 characters); rename it, for example to bad-name.txt",
    "content/articles/README: warning: not an article (.txt, .md) or figures file (.yaml); left out",
    "content/articles/alias.txt: warning: no key figures: add alias.yaml beside the article (the sheet "
    "shows text and references only)",
    "content/articles/dangling.txt: warning: not a file; left out",
    "content/articles/far.txt: error: links outside content/ (to {outside}/far.txt); only files inside it "
    "are read",
    "content/articles/folder.txt: warning: not a file; left out",
    "content/articles/good.txt: warning: no key figures: add good.yaml beside the article (the sheet "
    "shows text and references only)",
    "content/articles/index.txt: error: 'index' is a reserved name; choose another slug",
    "content/articles/md-dots.md: warning: no key figures: add md-dots.yaml beside the article (the "
    "sheet shows text and references only)",
    "content/articles/md-dots.md:6:10: error: reference id 1 is listed twice",
    "content/articles/md-dots.md:7:18: error: only http:// and https:// links are allowed, got "
    "'ftp://example.com/z'",
    "content/articles/md-dots.md:8:5: error: a reference is missing the required key 'url'",
    "content/articles/md-dots.md:9:5: error: a reference is missing the required key 'id'",
    "content/articles/md-dots.md:10:50: error: reference title must be text, got a list",
    "content/articles/md-dots.md:11:10: error: reference id must be a whole number, got 'x'",
    "content/articles/md-dots.md:13:28: error: citation [4] has no reference; the references are [1]",
    "content/articles/md-empty.md: warning: no key figures: add md-empty.yaml beside the article (the "
    "sheet shows text and references only)",
    "content/articles/md-empty.md:2:1: error: the front matter is empty; it needs title and date",
    "content/articles/md-open.md: warning: no key figures: add md-open.yaml beside the article (the "
    "sheet shows text and references only)",
    "content/articles/md-open.md:1:1: error: the front matter has no closing '---' line",
    "content/articles/md-plain.md: warning: no key figures: add md-plain.yaml beside the article (the "
    "sheet shows text and references only)",
    "content/articles/md-plain.md:1:1: error: a Markdown article starts with a '---' line and front "
    "matter (title, date, references)",
    "content/articles/notes.doc: warning: not an article (.txt, .md) or figures file (.yaml); left out",
    "content/articles/notes.yml: warning: not an article (.txt, .md) or figures file (.yaml); left out "
    "(name it .yaml)",
    "content/articles/orphan.yaml: error: figures without an article: add orphan.txt or orphan.md beside it",
    "content/articles/twin.md: error: two articles for one sheet: twin.txt and twin.md; keep one",
    "content/pages/404.md: error: a page is named <name>.md in lower-case letters, digits and hyphens, "
    "and not a reserved name",
    "content/pages/Bad.md: error: a page is named <name>.md in lower-case letters, digits and hyphens, "
    "and not a reserved name",
    "content/series/Bad_Name.yaml: error: series file name 'Bad_Name' is not a valid series slug: use "
    "lower-case letters, digits and hyphens, and not 'index'",
    "content/series/bad.yaml:1:8: error: title must be text, got a list",
    "content/series/bad.yaml:3:1: error: unknown key 'extra' in the series file; expected one of: title, "
    "summary, unit",
    "content/series/index.yaml: error: series file name 'index' is not a valid series slug: use "
    "lower-case letters, digits and hyphens, and not 'index'",
    "content/series/odd.yml: warning: not a series file (<slug>.yaml); left out (name it .yaml)",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "content", {
        "articles/good.txt": WIRE, "articles/notes.yml": WIRE, "articles/notes.doc": "x",
        "articles/Bad!Name.txt": WIRE, "articles/index.txt": WIRE, "articles/README": "x",
        "articles/md-empty.md": "---\n---\nBody [1].\n", "articles/md-dots.md": MARKDOWN,
        "articles/md-open.md": "---\ntitle: x\n", "articles/md-plain.md": "# A title\n",
        "series/bad.yaml": "title: [a list]\nunit: troops\nextra: key\n",
        "series/Bad_Name.yaml": "title: x\n",
        "series/index.yaml": "title: x\n", "series/odd.yml": "title: x\n",
        "pages/about.md": "# About this site\nText.\n", "pages/Bad.md": "x", "pages/404.md": "# 404\n",
        "articles/twin.txt": WIRE, "articles/twin.md": "x", "articles/orphan.yaml": "figures: []\n",
        "articles/.hidden.txt": "x", "pages/.draft.md": "x", "series/.x.yaml": "x",
    })
    write_tree(tmp_path / "outside", {"far.txt": WIRE})
    (root / "articles/folder.txt").mkdir()
    (root / "articles/alias.txt").symlink_to("good.txt")
    (root / "articles/far.txt").symlink_to("../../outside/far.txt")
    (root / "articles/dangling.txt").symlink_to("missing.txt")
    return root


def test_every_file_is_read_and_every_problem_said_exactly(content: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(content.parent)  # (messages name paths from the working folder)
    site, problems = load_site(Settings(Path("content")))
    assert site is None
    outside = content.parent.resolve() / "outside"
    assert [str(p) for p in problems.sorted()] == [line.format(outside=outside) for line in EXPECTED]
    # a problem with a whole file has no line or column (0, as the JSON output gives them)
    # a problem with a whole file has no line or column (0, as the JSON output gives them)
    assert all(type(p.line) is int and type(p.col) is int and (p.line or not p.col) for p in problems.items)


def test_a_link_inside_the_folder_is_read_as_the_file_it_names(content: Path) -> None:
    for name in ("Bad!Name.txt", "index.txt", "md-dots.md", "md-empty.md", "md-open.md", "md-plain.md",
                 "far.txt", "twin.txt", "twin.md", "orphan.yaml"):
        (content / "articles" / name).unlink()
    for name in ("bad.yaml", "Bad_Name.yaml", "index.yaml"):
        (content / "series" / name).unlink()
    for name in ("Bad.md", "404.md"):
        (content / "pages" / name).unlink()
    site, problems = load_site(Settings(content))
    assert site is not None, problems.sorted()
    assert [s.slug for s in site.sheets] == ["alias", "good"]
    assert site.sheets[0].article.paragraphs == site.sheets[1].article.paragraphs
    assert [(p.name, p.title, p.body) for p in site.pages] == [("about", "About this site", "Text.\n")]


def test_a_page_s_title_is_its_first_line_when_that_is_a_heading() -> None:
    assert first_heading("\n\n# Method\nHow we work.\n") == ("Method", "How we work.\n")
    assert first_heading("## Not a title\nText") == ("", "## Not a title\nText")
    assert first_heading("Text first\n# Later") == ("", "Text first\n# Later")


def test_sheets_are_listed_newest_first_ties_by_slug_and_pages_by_name(content: Path) -> None:
    files = scan_content(Settings(content), Problems())
    good = load_sheet("good", files, Settings(content), Problems())
    assert good is not None
    older = good._replace(slug="older", article=good.article._replace(
        published=good.article.published.replace(year=2020)))
    twin = good._replace(slug="a-twin")
    linked = link_site([older, good, twin], [Page("b", "B", ""), Page("a", "A", "")])
    assert [s.slug for s in linked.sheets] == ["a-twin", "good", "older"]
    assert [p.name for p in linked.pages] == ["a", "b"]


def test_without_an_articles_folder_the_check_says_where_to_put_them(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    files = scan_content(Settings(Path("content")), problems)
    assert (files.articles, files.figures, files.pages, files.series) == ({}, set(), [], [])
    assert [str(p) for p in problems.items] == [
        "content/articles: error: no articles folder; put articles in content/articles/<slug>.txt"]


def test_a_sheet_s_signature_changes_with_its_article_or_figures_file_and_only_then(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "content", {"articles/a.txt": WIRE, "articles/a.yaml": "figures: []\n",
                                              "articles/b.txt": WIRE})
    def signatures() -> dict[str, int]:
        return scan_content(Settings(root), Problems()).signatures
    first = signatures()
    assert set(first) == {"a", "b"} and first == signatures()
    (root / "articles/a.yaml").write_text("figures: []\ntags: [x]\n")
    second = signatures()
    assert second["a"] != first["a"] and second["b"] == first["b"]
    (root / "articles/b.txt").write_text(WIRE + "\n")
    assert signatures()["b"] != second["b"]


@pytest.mark.parametrize("folder", ["articles", "pages", "series"])
def test_a_content_folder_that_links_outside_is_refused_with_everything_in_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    outside = write_tree(tmp_path / "outside", {"a.txt": WIRE, "a.yaml": "figures: []\n",
                                                "about.md": "# About\n", "troops.yaml": "title: Troops\n"})
    root = write_tree(tmp_path / "content", {"articles/b.txt": WIRE, "articles/b.yaml": "figures: []\n"})
    if folder == "articles":
        (root / "articles/b.txt").unlink()
        (root / "articles/b.yaml").unlink()
        (root / "articles").rmdir()
    (root / folder).symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    site, problems = load_site(Settings(Path("content")))
    assert [str(p) for p in problems.items] == [
        f"content/{folder}: error: links outside content/ (to {outside.resolve()}); only files inside it "
        "are read"]
    assert site is None


def test_a_link_inside_the_content_folder_is_followed(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "content", {"shared/b.txt": WIRE, "shared/b.yaml": "figures: []\n",
                                              "texts/about.md": "# About\n"})
    (root / "articles").symlink_to("shared")
    (root / "pages").symlink_to("texts")
    site, problems = load_site(Settings(root))
    assert site is not None, problems.items
    assert [s.slug for s in site.sheets] == ["b"] and [p.name for p in site.pages] == ["about"]


def test_a_link_in_a_loop_and_a_fifo_are_refused_without_being_opened(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "content", {"articles/b.txt": WIRE, "articles/b.yaml": "figures: []\n"})
    (root / "articles/loop.txt").symlink_to("loop.txt")
    (root / "pages").mkdir()
    os.mkfifo(root / "pages/x.md")
    os.mkfifo(root / "articles/c.txt")
    site, problems = load_site(Settings(root))
    assert site is None  # (the loop is an error)
    shown = {str(p).replace(str(root), "content") for p in problems.items}
    assert shown == {
        "content/articles/loop.txt: error: cannot be read: Too many levels of symbolic links (a symbolic "
        "link in a loop?); remove it",
        "content/articles/c.txt: warning: not a file; left out",
        "content/pages/x.md: warning: not a file; left out"}
