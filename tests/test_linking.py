"""An article and its figures file made one sheet: what each gives the sheet, how the figures
file adds to the references, the timeline in order with the publication, and the exact
messages for what does not fit together."""

from __future__ import annotations

from generator.check.linking import link_sheet
from generator.model import PartialDate, Reference
from generator.problems import Problems
from generator.read.articles import read_markdown, read_wire
from generator.read.figures import load_figures

ARTICLE = """\
Seoul says North Korea sent troops
Wednesday, May 7, 2025 7:48 pm ET
North Korea sent between 10,000 and 12,000 troops to Russia [1].
About 4,100 were wounded [2].
References:
[1] https://example.com/a
[2] Second source - https://example.org/b
"""
FIGURES = """\
title: A better title
summary: Own summary.
tags: [troops, russia]
figures:
  - {label: Troops sent, value: [10000, 12000], unit: troops, source: 1, quote: "Seoul says North Korea"}
events:
  - {date: 2025-05-07, title: Same day, source: 1}
  - {date: 2024-10, title: First troops, source: 9}
  - {date: 2024, title: A year, source: 2}
references:
  1: {publisher: Example}
  2: {title: Better title}
  3: {url: "https://example.net/c", title: Added, publisher: Pub}
  4: {title: No url}
  5: {url: "https://example.org/other"}
"""


def test_the_figures_file_gives_title_summary_tags_and_adds_to_the_references() -> None:
    problems = Problems()
    article = read_wire(ARTICLE, "a.txt", "alpha", problems)
    figures = load_figures(FIGURES, "alpha.yaml", problems)
    assert article is not None and figures is not None
    sheet = link_sheet(article, figures, problems)
    assert [str(p) for p in problems.items] == [
        "alpha.yaml:14: error: reference 4 is not in the article; a new reference needs a url",
        "alpha.yaml:8:50: error: event 'First troops': source 9 is not a reference of the article "
        "(references: 1, 2, 3, 5)"]
    assert (sheet.slug, sheet.title, sheet.summary, sheet.tags, sheet.figures_path) == (
        "alpha", "A better title", "Own summary.", ("troops", "russia"), "alpha.yaml")
    assert sheet.references == (
        Reference("alpha", 1, "https://example.com/a", "", "Example", "a.txt", 6),
        Reference("alpha", 2, "https://example.org/b", "Better title", "", "a.txt", 7),
        Reference("alpha", 3, "https://example.net/c", "Added", "Pub", "alpha.yaml", 13),
        Reference("alpha", 5, "https://example.org/other", "", "", "alpha.yaml", 15))
    # the timeline: by first day, a date's events before the publication, then by line
    assert [(e.date, e.title, e.sheet, e.is_publication, e.line) for e in sheet.events] == [
        (PartialDate(2024), "A year", "alpha", False, 9),
        (PartialDate(2024, 10), "First troops", "alpha", False, 8),
        (PartialDate(2025, 5, 7), "Same day", "alpha", False, 7),
        (PartialDate(2025, 5, 7), "A better title", "alpha", True, 1)]


def test_a_reference_of_the_article_keeps_its_url() -> None:
    problems = Problems()
    article = read_wire(ARTICLE, "a.txt", "alpha", problems)
    figures = load_figures("references:\n  2: {url: 'https://example.org/other'}\n", "alpha.yaml", problems)
    assert article is not None and figures is not None
    sheet = link_sheet(article, figures, problems)
    assert [str(p) for p in problems.items] == [
        "alpha.yaml:2: error: reference 2 already has the URL https://example.org/b in the article; "
        "leave 'url' out to add a title or publisher"]
    assert sheet.references == article.references


def test_without_a_figures_file_the_article_gives_everything() -> None:
    problems = Problems()
    article = read_wire(ARTICLE, "a.txt", "alpha", problems)
    assert article is not None
    sheet = link_sheet(article, None, problems)
    assert problems.items == []
    assert (sheet.title, sheet.tags, sheet.figures_path, sheet.figures) == (
        "Seoul says North Korea sent troops", (), "", ())
    assert sheet.summary == "North Korea sent between 10,000 and 12,000 troops to Russia."
    assert [e.title for e in sheet.events] == ["Seoul says North Korea sent troops"]
    assert sheet.references == article.references


def test_an_article_without_references_says_none() -> None:
    problems = Problems()
    article = read_wire(ARTICLE.split("References:")[0], "b.txt", "beta", problems)
    figures = load_figures("figures:\n  - {label: L, value: 1, source: 1}\n", "beta.yaml", problems)
    assert article is not None and figures is not None
    link_sheet(article, figures, problems)
    assert [str(p) for p in problems.items] == [
        "b.txt:3:61: error: citation [1] has no reference; the references are none",
        "b.txt:4:26: error: citation [2] has no reference; the references are none",
        "beta.yaml:2:34: error: figure 'L': source 1 is not a reference of the article (references: none)"]


def test_a_refused_reference_is_not_reported_again_where_it_is_cited() -> None:
    problems = Problems()
    article = read_wire(ARTICLE.replace("https://example.org/b", "ftp://example.org/b"), "a.txt", "alpha",
                        problems)
    figures = load_figures("figures:\n  - {label: L, value: 4100, source: 2}\n", "alpha.yaml", problems)
    assert article is not None and figures is not None
    link_sheet(article, figures, problems)
    assert [str(p) for p in problems.items] == [
        "a.txt:7:21: error: only http:// and https:// links are allowed, got 'ftp://example.org/b'"]


def test_a_markdown_quote_matches_without_the_emphasis_marks() -> None:
    problems = Problems()
    article = read_markdown("---\ntitle: T\ndate: 2025-05-07T10:00:00Z\nreferences:\n"
                            "  - {id: 1, url: 'https://example.com/a'}\n---\n"
                            "North Korea sent *about 1,500* troops [1].\n", "a.md", "a", problems)
    figures = load_figures("figures:\n  - {label: L, value: 1500, qualifier: about, source: 1,\n"
                           "     quote: 'about 1,500 troops'}\n"
                           "  - {label: M, value: 9, source: 1, quote: nine}\n", "a.yaml", problems)
    assert article is not None and figures is not None
    link_sheet(article, figures, problems)
    assert [str(p) for p in problems.items] == [
        "a.yaml:4:44: error: figure 'M': the quote does not occur in the article: 'nine'"]
