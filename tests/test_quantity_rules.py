"""The draft's reading of quantities, rule by rule: each unit rule and each rule that says a
number is no figure, alone; and the sentences an article is cut into."""

from __future__ import annotations

import pytest

from generator.authoring import quantities as q
from generator.authoring.sentences import sentences
from generator.problems import Problems
from generator.read.articles import read_wire

from .conftest import WIRE


def read(text: str) -> q._Read:
    """The first number of the text, its amounts read."""
    match = q._QUANTITY.search(q._mask(text))
    assert match is not None
    found = q._read(text, match)
    assert found is not None
    return found


@pytest.mark.parametrize("rule, text, unit", [
    (q._currency, "It cost $2.5 billion last year", "USD"),
    (q._currency, "It cost 2.5 billion last year", None),
    (q._percent, "Prices rose 40% in May", "%"),
    (q._percent, "Prices rose 40 per cent in May", "%"),
    (q._percent, "Prices rose 40 points", None),
    (q._percentage_points, "Rates rose 0.5 percentage points", "percentage points"),
    (q._percentage_points, "Rates rose 0.5 points", None),
    (q._times, "Output grew four times over", "times"),
    (q._times, "Output grew four fold", None),
    (q._hyphenated, "a 16-gigawatt plant", "gigawatts"),
    (q._hyphenated, "a 10-year plan", ""),  # a time: no figure (_NOT_THIS)
    (q._hyphenated, "16 gigawatts", None),
    (q._noun_after, "6 million artillery shells to Russia", "shells"),
    (q._noun_after, "10,000 North Korean troops", "troops"),
    (q._noun_after, "40 dollars a barrel", "USD"),
    (q._noun_after, "rose by 300,000, it said", ""),
])
def test_each_unit_rule_alone(rule: object, text: str, unit: str | None) -> None:
    answer = rule(read(text))  # type: ignore[operator]
    assert (answer if answer is None else answer[0]) == unit


def test_the_unit_rules_are_tried_in_order_the_first_answer_wins() -> None:
    assert [r.__name__ for r in q.UNIT_RULES] == ["_currency", "_percent", "_percentage_points", "_times",
                                                  "_hyphenated", "_noun_after"]
    assert [f.unit for f in q.quantities("It cost $40 dollars")] == ["USD"]  # (currency before noun)


@pytest.mark.parametrize("rule, text, unit, expected", [
    (q._a_duration, "the war has lasted three years", "years", True),
    (q._a_duration, "the army has 3,000 troops", "troops", False),
    (q._a_year, "shipments began in 2022", "", True),
    (q._a_year, "shipments began in 2022 tonnes", "tonnes", True),  # (after "in": a year)
    (q._a_year, "it holds 2022 tonnes", "tonnes", False),
    (q._a_year, "it holds 1,500 tonnes", "tonnes", False),
    (q._a_small_number_in_words, "two of them left", "", True),
    (q._a_small_number_in_words, "two million left", "", False),
    (q._a_small_number_in_words, "twelve left", "", False),
    (q._one_of_a_kind, "one Ukrainian official said", "", True),
    (q._one_of_a_kind, "a hundred came", "", True),
    (q._one_of_a_kind, "a hundred soldiers came", "soldiers", False),
    (q._part_of_a_name, "trains on Line 14 stopped", "", True),
    (q._part_of_a_name, "trains on Line 14 stopped", "trains", False),
    (q._part_of_a_name, "Around 14 stopped", "", False),  # (a sentence's first word is no name)
    (q._too_large, "counted " + "7" * 19 + " grains", "grains", True),  # (19 digits: no value may have it)
    (q._too_large, "counted " + "7" * 18 + " grains", "grains", False),
    (q._too_large, "counted " + "7" * 4301 + " grains", "grains", True),  # (past Python's str limit too)
])
def test_each_rule_that_says_a_number_is_no_figure_alone(rule: object, text: str, unit: str,
                                                         expected: bool) -> None:
    assert rule(read(text), unit) is expected  # type: ignore[operator]


def test_a_number_is_no_figure_when_any_rule_says_so() -> None:
    assert [r.__name__ for r in q.NOT_A_FIGURE] == [
        "_too_large", "_a_duration", "_a_year", "_a_small_number_in_words", "_one_of_a_kind",
        "_part_of_a_name"]
    assert q.quantities("Since 2014, one official has ridden Line 14 for three years.") == []


@pytest.mark.parametrize("text, expected", [
    ("sent between 10,000 and 12,000 troops", False),
    ("4,000 and 5,000 were hurt", True),  # (no "between": two figures)
    ("2 million to 3 ships", True),  # (the first has a scale of its own)
    ("2 million to 3 billion", False),
    ("between 5 to 6 ships", True),
    ("from 30 to 20 ships", True),  # (a low end not below the high)
    ("2 to 3 million people", False),
])
def test_a_pair_of_numbers_is_a_range_or_two_figures(text: str, expected: bool) -> None:
    assert q._not_a_range(read(text)) is expected


def test_a_range_shares_the_scale_of_its_second_number() -> None:
    (found,) = q.quantities("From 2 to 3 million people left.")
    assert found.value == (2_000_000, 3_000_000) and found.unit == "people"


def test_sentences_carry_their_own_markers_else_their_paragraph_s() -> None:
    article = read_wire(WIRE, "a.txt", "a", Problems())
    assert article is not None
    found = sentences(article)
    assert [(s.text, s.sources) for s in found] == [
        ("North Korea sent between 10,000 and 12,000 troops to Russia.", (1,)),
        ("About 4,100 were wounded, Seoul said.", (2,)),
        ("Seoul says North Korea sent troops", (1,)),  # the headline, last, backed by the first cited
    ]
