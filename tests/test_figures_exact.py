"""A figures file with a problem of every kind, and the exact lines the check prints for it;
what is still read from it; and files that hold nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import FigureSet
from generator.problems import Problems
from generator.read.figures import load_figures

EVERY_PROBLEM = (Path(__file__).parent / "invalid/figures-every-problem.yaml").read_text(encoding="utf-8")


def test_every_problem_of_a_figures_file_at_its_line_and_column() -> None:
    problems = Problems()
    figures = load_figures(EVERY_PROBLEM, "f.yaml", problems)
    assert [str(p) for p in problems.sorted()] == [
        "f.yaml:1:8: error: title must be text, got a list",
        "f.yaml:2:10: error: summary must be text, got nothing",
        "f.yaml:3:16: error: tag 'index' is reserved for the list of all tags; choose another",
        "f.yaml:3:23: error: tag 'Not_A_Slug' must be lower-case letters, digits and hyphens "
        "(e.g. north-korea)",
        "f.yaml:3:35: error: a tag must be text, got a list",
        "f.yaml:3:45: error: a tag is 86 characters long; at most 81",
        "f.yaml:5:5: error: a figure is missing the required key 'label'",
        "f.yaml:6:5: error: a figure is missing the required key 'value'",
        "f.yaml:7:32: error: figure 'Flat range': a range must have low < high, got [5, 5]",
        "f.yaml:8:29: error: figure 'Falling': a range must have low < high, got [5, 3]",
        "f.yaml:9:54: error: figure 'Bad series': series 'Not A Slug' must be a slug: lower-case letters, "
        "digits and hyphens (e.g. nk-troops-russia)",
        "f.yaml:10:50: error: figure 'Odd': qualifier must be one of about, up to, at least, more than, less "
        "than, nearly; got 'roughly'",
        "f.yaml:10:65: error: figure 'Odd': note must be text, got a list",
        "f.yaml:13:26: error: event 'Ends before': end 2024-04 is before its date 2024-05",
        "f.yaml:15:5: error: an event is missing the required key 'title'",
        "f.yaml:16:5: error: an event is missing the required key 'date'",
        "f.yaml:18:3: error: a reference number must be a whole number, got 'x'",
        "f.yaml:19:7: error: unknown key 'color' in reference 1; expected one of: title, publisher, url",
        "f.yaml:20:6: error: reference 2 must be a mapping of keys to values, got a list",
    ]
    # What is still read (for the cross-checks with the article): each figure keeps its place
    # in the file, an event that ends on its own date is whole, a refused reference is noted.
    assert figures is not None
    assert [(f.label, f.number) for f in figures.figures] == [("Odd", 6), ("Good", 7)]
    assert [e.title for e in figures.events] == ["Same day"]
    assert (figures.title, figures.summary, figures.tags) == ("", "", ("ok-tag",))
    assert [r.number for r in figures.references] == [1, 3] and figures.rejected_references == (2,)


@pytest.mark.parametrize("text", ["", "# a comment only\n"])
def test_a_figures_file_with_nothing_in_it_says_what_it_needs(text: str) -> None:
    problems = Problems()
    assert load_figures(text, "f.yaml", problems) is None
    assert [str(p) for p in problems.items] == [
        "f.yaml:1:1: error: the figures file is empty; it needs at least 'figures:'"]


def test_a_null_document_is_a_sheet_without_figures() -> None:
    problems = Problems()
    assert load_figures("~\n", "f.yaml", problems) == FigureSet("f.yaml", "", "", (), (), (), ())
    assert problems.items == []


@pytest.mark.parametrize("text, message", [
    ("references: [1, 2]\n",
     "f.yaml:1:13: error: references must map reference numbers to {title, publisher, url}"),
    ("figures: {a: 1}\n", "f.yaml:1:10: error: figures must be a list, got a mapping"),
    ("events: 5\n", "f.yaml:1:9: error: events must be a list, got '5'"),
    ("tags: x\n", "f.yaml:1:7: error: tags must be a list, got 'x'"),
])
def test_a_part_of_the_wrong_kind_says_what_it_must_be(text: str, message: str) -> None:
    problems = Problems()
    assert load_figures(text, "f.yaml", problems) is not None
    assert [str(p) for p in problems.items] == [message]


@pytest.mark.parametrize("text, where", [
    ("figures:\n\t- {label: L, value: 1, source: 1}\n", "f.yaml:2:1"),
    ("figures:\n  - label: L\n\tvalue: 1\n", "f.yaml:3:1"),
    ("figures:\n  - label: L\n   \t value: 1\n", "f.yaml:3:4"),
])
def test_a_tab_in_the_indentation_is_said_so_where_it_is(text: str, where: str) -> None:
    problems = Problems()
    assert load_figures(text, "f.yaml", problems) is None
    assert [str(p) for p in problems.items] == [
        f"{where}: error: a tab in the indentation; YAML indents with spaces only"]
