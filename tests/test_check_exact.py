"""Exact messages at their edges: long values clipped where the reader can still tell them
apart, series files with and without keys, and where a series' unit was written."""

from __future__ import annotations

import pytest

from generator.check.linking import link_sheet
from generator.model import SeriesInfo
from generator.problems import Problems
from generator.read.articles import check_url, read_wire
from generator.read.figures import load_figures, load_series_info

from .conftest import WIRE


def _quote_message(quote: str) -> str:
    problems = Problems()
    article = read_wire(WIRE, "a.txt", "a", problems)
    figures = load_figures(f"figures:\n  - {{label: L, value: 1, source: 1, quote: '{quote}'}}\n", "a.yaml",
                           problems)
    assert article is not None and figures is not None
    link_sheet(article, figures, problems)
    (problem,) = problems.items
    return problem.message


@pytest.mark.parametrize("length, shown", [
    (80, "q" * 80),
    (81, "q" * 77 + "..."),
])
def test_a_quote_not_found_is_named_whole_up_to_80_characters(length: int, shown: str) -> None:
    assert _quote_message("q" * length) == f"figure 'L': the quote does not occur in the article: {shown!r}"


@pytest.mark.parametrize("url, shown", [
    ("ftp://" + "u" * 54, "ftp://" + "u" * 54),  # 60 characters: whole
    ("ftp://" + "u" * 55, "ftp://" + "u" * 51 + "..."),
])
def test_a_refused_link_is_named_whole_up_to_60_characters(url: str, shown: str) -> None:
    problems = Problems()
    assert check_url(url, "a.txt", 3, 5, problems) is None
    assert [str(p) for p in problems.items] == [
        f"a.txt:3:5: error: only http:// and https:// links are allowed, got {shown!r}"]


def test_an_empty_series_file_describes_nothing_and_a_full_one_everything() -> None:
    problems = Problems()
    assert load_series_info("~\n", "s.yaml", "troops", problems) == SeriesInfo("troops", "s.yaml")
    assert load_series_info("# only a comment\n", "s.yaml", "troops", problems) is None  # (no document)
    text = "title: Troops sent\nsummary: How many.\n\nunit:   troops\n"
    assert load_series_info(text, "s.yaml", "troops", problems) == SeriesInfo(
        "troops", "s.yaml", "Troops sent", "How many.", "troops", (4, 9))
    assert problems.items == []


@pytest.mark.parametrize("text, message", [
    ("- a list\n", "s.yaml:1:1: error: the series file must be a mapping of keys to values, got a list"),
    ("title: [x]\n", "s.yaml:1:8: error: title must be text, got a list"),
    ("unit: {a: 1}\n", "s.yaml:1:7: error: unit must be text, got a mapping"),
    ("title: x\ntitel: y\n", "s.yaml:2:1: error: unknown key 'titel' in the series file; expected one of: "
                             "title, summary, unit"),
    ("title: [\n", "s.yaml:2:1: error: invalid YAML: while parsing a flow node did not find expected "
                   "node content"),
])
def test_a_series_file_that_is_wrong_says_so_where(text: str, message: str) -> None:
    problems = Problems()
    load_series_info(text, "s.yaml", "troops", problems)
    assert [str(p) for p in problems.items] == [message]
