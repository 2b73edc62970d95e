"""A sentence an article says twice is a warning at the second, naming the first's line: the
same words whatever the case, punctuation and citation markers, or nine in ten of them in the
same order; short sentences and merely similar ones are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.repeats import check_repeats
from generator.problems import Problems
from generator.read.articles import read_wire

from .conftest import factsheet_in, make_project

HEAD = "Shells sent\nWednesday, May 7, 2025 7:48 pm ET\n"
TAIL = "References:\n[1] https://example.com/a\n"


def _warnings(*paragraphs: str) -> list[str]:
    problems = Problems()
    article = read_wire(HEAD + "\n".join(paragraphs) + "\n" + TAIL, "a.txt", "a", problems)
    assert article is not None and problems.items == []
    check_repeats(article, problems)
    return [str(p) for p in problems.items]


def test_the_same_words_again_are_a_repeat_whatever_the_case_marks_and_markers() -> None:
    assert _warnings("North Korea has sent up to six million shells to Russia [1].",
                     "Officials met on Monday.",
                     "north korea has sent UP TO six million shells, to Russia!") == [
        "a.txt:5: warning: this sentence repeats the one at line 3: 'north korea has sent UP TO six "
        "million shells, to Russia!'"]


def test_nine_words_in_ten_in_the_same_order_are_a_repeat() -> None:
    first = "The agency said the factory doubled its output of artillery shells this year [1]."
    again = "The agency said the plant doubled its output of artillery shells this year."  # (1 of 13 words)
    assert _warnings(first, again) == [
        "a.txt:4: warning: this sentence repeats the one at line 3: 'The agency said the plant doubled its "
        "output of artillery...'"]


@pytest.mark.parametrize("again", [
    "The agency said the plant tripled its yearly output of shells this spring.",  # (too many changed)
    "This year artillery shells output doubled, the factory said, and the agency agreed.",  # (reordered)
])
def test_a_sentence_that_is_only_like_another_is_no_repeat(again: str) -> None:
    first = "The agency said the factory doubled its output of artillery shells this year."
    assert _warnings(first, again) == []


def test_a_short_sentence_said_twice_is_no_repeat() -> None:
    assert _warnings("He said so [1].", "Talks went on.", "He said so.") == []


def test_the_check_command_says_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (HEAD + "Leaders met in Pyongyang to sign a defence pact [1].\n"
            "Leaders met in Pyongyang to sign a defence pact.\n" + TAIL)
    root = make_project(tmp_path / "p", {"articles/a.txt": text})
    assert factsheet_in(root, "check") == 0
    assert ("content/articles/a.txt:4: warning: this sentence repeats the one at line 3: 'Leaders met in "
            "Pyongyang to sign a defence pact.'") in capsys.readouterr().out.splitlines()
