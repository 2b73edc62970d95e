"""A sheet's default summary: the article's first paragraph as plain text, cut at a word near
300 characters."""

from __future__ import annotations

from generator.check.linking import SUMMARY_LENGTH, link_sheet
from generator.problems import Problems
from generator.read.articles import read_markdown, read_wire

HEAD = "A headline\nWednesday, May 7, 2025 7:48 pm ET\n"
REFERENCES = "References:\n[1] https://example.com/a\n"


def _summary(first_paragraph: str) -> str:
    problems = Problems()
    article = read_wire(HEAD + first_paragraph + "\nA second paragraph [1].\n" + REFERENCES, "a.txt", "a",
                        problems)
    assert article is not None, problems.items
    return link_sheet(article, None, problems).summary


def test_a_short_first_paragraph_is_the_summary_without_its_citation_markers() -> None:
    assert _summary("North Korea sent   troops [1], Seoul said [1].") == \
        "North Korea sent troops, Seoul said."


def test_a_long_one_is_cut_at_the_last_word_that_fits_and_says_so() -> None:
    words = "word " * 80  # 400 characters
    summary = _summary(words.strip() + ".")
    assert summary == ("word " * 60).strip() + "…"  # 60 words and their spaces fit in 300 characters
    assert len(summary) <= SUMMARY_LENGTH + 1
    assert _summary("x" * 299 + " tail.") == "x" * 299 + "…"


def test_exactly_300_characters_stay_whole() -> None:
    text = "y" * 299 + "."
    assert _summary(text) == text


def test_a_cut_drops_the_punctuation_it_leaves_at_the_end() -> None:
    text = "z" * 200 + ", " + "w" * 150
    assert _summary(text) == "z" * 200 + "…"


def test_a_word_too_long_to_cut_at_is_cut_where_the_limit_falls() -> None:
    assert _summary("a " + "v" * 400) == ("a " + "v" * 400)[:SUMMARY_LENGTH] + "…"


def test_a_markdown_summary_keeps_link_text_and_drops_emphasis() -> None:
    problems = Problems()
    article = read_markdown("---\ntitle: T\ndate: 2025-05-07T10:00:00Z\nreferences:\n"
                            "  - {id: 1, url: 'https://example.com/a'}\n---\n"
                            "The *agency* said [in a report](https://example.com/r) that `x` rose [1].\n",
                            "a.md", "a", problems)
    assert article is not None, problems.items
    assert link_sheet(article, None, problems).summary == "The agency said in a report that x rose."
    assert problems.items == []
