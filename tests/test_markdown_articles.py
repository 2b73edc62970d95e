"""A Markdown article read whole: every field of what the sheet is made from, and the exact
messages for front matter that is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import Citation, Paragraph, Reference
from generator.problems import Problems
from generator.read.articles import read_markdown

ARTICLE = """---
title: Kim and Putin meet
date: 2023-09-13T18:30:00+09:00
references:
  - {id: 2, url: "https://example.org/b", title: Second}
  - {id: 1, url: "https://example.com/a"}
  - {id: 3, url: "javascript:alert(1)"}
---
First paragraph cites [1]
and goes on [2].

~~~~
[7] fenced
```
still fenced
~~~~

Last [1-2].
"""


def test_every_field_of_a_markdown_article() -> None:
    problems = Problems()
    article = read_markdown(ARTICLE, "k.md", "kim", problems)
    assert [str(p) for p in problems.items] == [
        "k.md:7:18: error: only http:// and https:// links are allowed, got 'javascript:alert(1)'"]
    assert article is not None
    assert (article.path, article.slug, article.format, article.headline, article.headline_line) == (
        "k.md", "kim", "markdown", "Kim and Putin meet", 2)
    assert article.published == dt.datetime(2023, 9, 13, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert article.zone == "+09:00"
    # the references in number order, each with where it was written; the refused one noted
    assert article.references == (
        Reference("kim", 1, "https://example.com/a", "", "", "k.md", 6),
        Reference("kim", 2, "https://example.org/b", "Second", "", "k.md", 5))
    assert article.rejected_references == (3,)
    # paragraphs at their lines; nothing in a fence (closed only by a fence of its kind) is read
    assert article.paragraphs == (
        Paragraph("First paragraph cites [1] and goes on [2].", 9,
                  (Citation((1,), 22, 25, 9, 23), Citation((2,), 38, 41, 10, 13))),
        Paragraph("Last [1-2].", 18, (Citation((1, 2), 5, 10, 18, 6),)))
    assert article.body_markdown == ARTICLE.split("---\n", 2)[2]


def test_a_date_in_utc_is_shown_as_utc() -> None:
    text = "---\ntitle: T\ndate: 2023-09-13T09:30:00Z\n---\nText.\n"
    article = read_markdown(text, "k.md", "kim", Problems())
    assert article is not None and article.zone == "UTC"


@pytest.mark.parametrize("front, messages", [
    ("date: 2023-09-13T18:30:00Z\n",
     ["k.md:2:1: error: the front matter is missing the required key 'title'"]),
    ("title: T\n", ["k.md:2:1: error: the front matter is missing the required key 'date'"]),
    ("title: [x]\ndate: 5\nreferences: {a: 1}\n", [
        "k.md:2:8: error: title must be text, got a list",
        "k.md:3:7: error: expected an ISO 8601 date and time with offset, e.g. 2025-05-07T19:48:00-04:00, "
        "got '5'",
        "k.md:4:13: error: references must be a list, got a mapping"]),
    ("title: " + "t" * 301 + "\ndate: 2023-09-13T18:30:00Z\n",
     ["k.md:2:8: error: title is 301 characters long; at most 300"]),
    ("title: x\ndate: 2023-09-13T18:30:00Z\nextra: 1\n",
     ["k.md:4:1: error: unknown key 'extra' in the front matter; expected one of: title, date, references"]),
])
def test_front_matter_that_is_wrong_says_so_where(front: str, messages: list[str]) -> None:
    problems = Problems()
    read_markdown(f"---\n{front}---\nText.\n", "k.md", "kim", problems)
    assert [str(p) for p in problems.items] == messages
