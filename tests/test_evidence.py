"""The evidence rule alone (CONTENT-FORMAT.md, "Sources and evidence"): a figure is stated by
a source's sentence that holds its value and a word of its unit or label."""

from __future__ import annotations

import pytest

from generator.check.evidence import passage, sentences
from generator.model import Figure

SOURCE = """North Korea has sent up to six million artillery shells to Russia, lawmakers said. \
Officials did not comment.

Some 10,000 to 12,000 North Korean troops were deployed. A $2.5bn package of aid followed.
Britain pledged £40m for Shells. Seoul counted 4,100 wounded soldiers and 600 dead."""


def figure(value: tuple[float, ...], unit: str = "", label: str = "A figure") -> Figure:
    return Figure(label, value, "", unit, None, (1,), "", "", 1)


@pytest.mark.parametrize("value, unit, label, sentence, marked", [
    ((6_000_000,), "shells", "Artillery shells shipped",  # number words and a scale
     "North Korea has sent up to six million artillery shells to Russia, lawmakers said.", ["six million"]),
    ((10_000, 12_000), "troops", "Troops sent",  # a range: both ends
     "Some 10,000 to 12,000 North Korean troops were deployed.", ["10,000", "12,000"]),
    ((2.5e9,), "USD", "Aid package",  # a currency and "bn"
     "A $2.5bn package of aid followed.", ["$2.5bn"]),
    ((40_000_000,), "GBP", "Pledge for shells",  # "m" after a currency sign; the label's word
     "Britain pledged £40m for Shells.", ["£40m"]),
    ((4100,), "soldiers", "Wounded",  # digits with a separator; the plural folded
     "Seoul counted 4,100 wounded soldiers and 600 dead.", ["4,100"]),
])
def test_a_figure_is_stated_by_the_sentence_with_its_value_and_a_word_of_it(
        value: tuple[float, ...], unit: str, label: str, sentence: str, marked: list[str]) -> None:
    found = passage(figure(value, unit, label), SOURCE)
    assert found is not None
    assert found.text == sentence
    assert SOURCE[found.start:].startswith(sentence[:20])
    assert [found.text[a:b] for a, b in found.marks] == marked


@pytest.mark.parametrize("value, unit, label", [
    ((6_000_000,), "rockets", "Rockets fired"),  # the number, but a word of another figure
    ((7_000_000,), "shells", "Artillery shells"),  # the words, but not the number
    ((10_000, 13_000), "troops", "Troops sent"),  # one end of a range only
    ((600,), "shells", "Shells"),  # a number and a word, in two different sentences
])
def test_a_figure_is_not_stated_by_a_number_alone_nor_by_words_alone(
        value: tuple[float, ...], unit: str, label: str) -> None:
    assert passage(figure(value, unit, label), SOURCE) is None


def test_sentences_end_at_stops_before_a_capital_and_at_paragraph_breaks() -> None:
    found = [text for _, text in sentences("One sentence. Two.\n\nThree\nlines. 4 items; ok? Yes")]
    assert found == ["One sentence.", "Two.", "Three lines.", "4 items; ok?", "Yes"]


def test_a_very_long_run_is_read_in_pieces_without_cutting_a_number() -> None:
    text = "word " * 1000 + "12,345 widgets " + "word " * 1000
    found = passage(figure((12_345,), "widgets"), text)
    assert found is not None and "12,345 widgets" in found.text and len(found.text) <= 2000
