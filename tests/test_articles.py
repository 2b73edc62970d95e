from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Article
from generator.problems import Problems
from generator.read.articles import read_markdown, read_wire
from generator.read.files import read_text

from .conftest import WIRE, messages


def wire(text: str, problems: Problems | None = None) -> Article:
    problems = problems if problems is not None else Problems()
    article = read_wire(text, "a.txt", "a", problems)
    assert article is not None, messages(problems)
    return article


def test_wire_article_parts() -> None:
    problems = Problems()
    article = wire(WIRE, problems)
    assert article.headline == "Seoul says North Korea sent troops"
    assert article.published.isoformat() == "2025-05-07T19:48:00-04:00"
    assert [p.text for p in article.paragraphs] == [
        "North Korea sent between 10,000 and 12,000 troops to Russia [1].",
        "About 4,100 were wounded, Seoul said [2].",
    ]
    assert [(r.number, r.url, r.title) for r in article.references] == [
        (1, "https://example.com/a", ""), (2, "https://example.org/b", "Second source"),
    ]
    assert problems.items == []


def test_repeated_headline_is_dropped() -> None:
    text = WIRE.replace("ET\n", "ET\nSeoul says North Korea sent troops\n", 1)
    assert len(wire(text).paragraphs) == 2


def test_blank_lines_separate_paragraphs_when_present() -> None:
    text = WIRE.replace("Russia [1].\n", "Russia\n[1].\n\n", 1)
    paragraphs = wire(text).paragraphs
    assert paragraphs[0].text == "North Korea sent between 10,000 and 12,000 troops to Russia [1]."
    assert paragraphs[0].citations[0].line == 4  # the marker's own line in the file


@pytest.mark.parametrize(("body", "numbers"), [
    ("Text [1].", [(1,)]),
    ("Text [1][2].", [(1,), (2,)]),
    ("Text [1, 2].", [(1, 2)]),
    ("Text [1-3].", [(1, 2, 3)]),
    ("Text [1–3, 5].", [(1, 2, 3, 5)]),
])
def test_every_citation_marker_form(body: str, numbers: list[tuple[int, ...]]) -> None:
    text = f"H\nMay 7, 2025 7:48 pm ET\n{body}\nReferences:\n" + "".join(
        f"[{n}] https://example.com/{n}\n" for n in range(1, 6))
    article = wire(text)
    assert [c.numbers for c in article.paragraphs[0].citations] == numbers


def test_citation_positions_count_in_the_original_file() -> None:
    article = wire("H\nMay 7, 2025 7:48 pm ET\nAbc [1] and [2, 3].\n")
    assert [(c.line, c.col) for c in article.paragraphs[0].citations] == [(3, 5), (3, 13)]


def test_crlf_cr_and_bom_read_the_same(tmp_path: Path) -> None:
    expected = wire(WIRE)
    for name, data in {
        "crlf.txt": WIRE.replace("\n", "\r\n").encode(),
        "cr.txt": WIRE.replace("\n", "\r").encode(),
        "bom.txt": b"\xef\xbb\xbf" + WIRE.replace("\n", "\r\n").encode(),
    }.items():
        (tmp_path / name).write_bytes(data)
        problems = Problems()
        text = read_text(tmp_path / name, name, problems)
        assert text is not None
        article = wire(text, problems)
        assert article.paragraphs == expected.paragraphs, name
        assert article.references == expected.references, name
        assert article.headline == expected.headline


@pytest.mark.parametrize(("data", "message"), [
    (b"H\nMay 7, 2025 7:48 pm ET\nbad \xff byte\n",
     "x.txt:3:5: error: not valid UTF-8 (byte 0xFF); save the file as UTF-8"),
    ("H\nMay 7".encode("utf-16"), "x.txt:1:1: error: file is UTF-16; save it as UTF-8"),
    (b"H\nMay 7, 2025 7:48 pm ET\nnul\x00\n",
     "x.txt:3: error: file contains a NUL character; is it a binary file?"),
])
def test_undecodable_files_are_errors(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    problems = Problems()
    assert read_text(tmp_path / "x.txt", "x.txt", problems) is None
    assert messages(problems) == [message]


def test_reference_forms() -> None:
    text = ("H\nMay 7, 2025 7:48 pm ET\nBody [1][2][3][4].\nSources:\n"
            "[1] https://a.example/x\n"
            "2. https://b.example/y\n"
            "[3] A title - with a dash - https://c.example/z\n"
            "4. Title – https://d.example/\n")
    refs = wire(text).references
    assert [(r.number, r.title, r.url) for r in refs] == [
        (1, "", "https://a.example/x"), (2, "", "https://b.example/y"),
        (3, "A title - with a dash", "https://c.example/z"), (4, "Title", "https://d.example/"),
    ]


def test_boilerplate_after_references_is_dropped_other_lines_warned() -> None:
    problems = Problems()
    wire(WIRE + "Ask Aime: What next for markets?\nSomething else\n", problems)
    assert messages(problems) == [
        "a.txt:9:1: warning: unrecognised line after the references is left out; "
        "expected '[n] URL' or '[n] Title - URL'",
    ]


def test_reference_errors() -> None:
    problems = Problems()
    wire(WIRE + "[1] https://example.net/dup\n[3] javascript:alert(1)\n[4] ftp://x/y\n", problems)
    assert messages(problems) == [
        "a.txt:8:1: error: reference [1] is listed twice (first on line 6)",
        "a.txt:9:5: error: only http:// and https:// links are allowed, got 'javascript:alert(1)'",
        "a.txt:10:5: error: only http:// and https:// links are allowed, got 'ftp://x/y'",
    ]


def test_dateline_errors_and_warnings() -> None:
    problems = Problems()
    assert read_wire("H\nTuesday, May 7, 2025 7:48 pm XT\nBody\n", "a.txt", "a", problems) is None
    assert messages(problems) == [
        "a.txt:2:1: error: unknown time zone 'XT'; expected one of ET, CT, MT, PT, EST, EDT, "
        "CST, CDT, MST, MDT, PST, PDT, UTC, GMT, Z, +HH:MM",
    ]
    problems = Problems()
    wire("H\nTuesday, May 7, 2025 7:48 pm ET\nBody\n", problems)
    assert messages(problems) == [
        "a.txt:2:1: warning: the dateline says Tuesday but May 7, 2025 was a Wednesday",
    ]


def test_missing_dateline() -> None:
    problems = Problems()
    assert read_wire("\n\nJust a headline\n", "a.txt", "a", problems) is None
    assert messages(problems) == [
        "a.txt:1:1: error: an article needs a headline on its first line and a dateline such "
        "as 'Wednesday, May 7, 2025 7:48 pm ET' below it",
    ]


MARKDOWN = """\
---
title: Kim and Putin meet
date: 2023-09-13T18:30:00+09:00
references:
  - {id: 1, url: "https://example.com/a", title: First}
  - {id: 2, url: "https://example.com/b"}
---
Kim met **Putin** [1].

```
[9] in code is not a citation
```

- a list item [1, 2]
"""


def test_markdown_article() -> None:
    problems = Problems()
    article = read_markdown(MARKDOWN, "m.md", "m", problems)
    assert article is not None, messages(problems)
    assert article.headline == "Kim and Putin meet"
    assert article.published.isoformat() == "2023-09-13T18:30:00+09:00"
    assert article.zone == "+09:00"
    assert [(r.number, r.title) for r in article.references] == [(1, "First"), (2, "")]
    assert [[c.numbers for c in p.citations] for p in article.paragraphs] == [[(1,)], [(1, 2)]]
    assert [(c.line, c.col) for p in article.paragraphs for c in p.citations] == [(8, 19), (14, 15)]
    assert problems.items == []


@pytest.mark.parametrize(("text", "expected"), [
    ("no front matter\n", ["m.md:1:1: error: a Markdown article starts with a '---' line and "
                           "front matter (title, date, references)"]),
    ("---\ntitle: x\n", ["m.md:1:1: error: the front matter has no closing '---' line"]),
    ("---\ntitle: x\ndate: 2023-09-13\nauthor: me\n---\n", [
        "m.md:3:7: error: the date '2023-09-13' needs a time with an offset, "
        "e.g. 2025-05-07T19:48:00-04:00",
        "m.md:4:1: error: unknown key 'author' in the front matter; expected one of: title, "
        "date, references",
    ]),
    ("---\ntitle: x\ndate: 2023-09-13T10:00:00+00:00\nreferences:\n  - {id: 1, url: 'data:x'}\n---\n",
     ["m.md:5:18: error: only http:// and https:// links are allowed, got 'data:x'"]),
])
def test_markdown_front_matter_errors(text: str, expected: list[str]) -> None:
    problems = Problems()
    read_markdown(text, "m.md", "m", problems)
    assert messages(problems) == expected
