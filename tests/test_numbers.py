from __future__ import annotations

import pytest

from generator.check.numbers import format_number, format_value, numbers_in, quote_disagreement
from generator.model import Figure


def fig(value: tuple[int | float, ...], qualifier: str = "", unit: str = "", quote: str = "") -> Figure:
    return Figure("x", value, qualifier, unit, None, (1,), quote, "", 1)


@pytest.mark.parametrize(("figure", "shown"), [
    (fig((6000000,), "up to", "shells"), "up to 6 million shells"),
    (fig((10000, 12000), unit="troops"), "10,000–12,000 troops"),
    (fig((4100,), "about", "troops"), "about 4,100 troops"),
    (fig((2000000, 3000000), unit="people"), "2–3 million people"),
    (fig((45,), unit="%"), "45%"),
    (fig((2500000000,), "more than", "USD"), "more than $2.5 billion"),
    (fig((2.5,), unit="times"), "2.5 times"),
    (fig((1234567,)), "1,234,567"),
    (fig((-3.25,), unit="%"), "-3.25%"),
])
def test_values_are_formatted_for_readers(figure: Figure, shown: str) -> None:
    assert format_value(figure) == shown


def test_format_number_keeps_precision() -> None:
    assert format_number(6_100_000) == "6.1 million"
    assert format_number(6_150_000) == "6,150,000"
    assert format_number(1_000_000_000_000) == "1 trillion"


@pytest.mark.parametrize(("quote", "numbers"), [
    ("up to six million artillery shells", {6e6}),
    ("four times its annual average", {4}),
    ("between 10,000 and 12,000 troops", {10000, 12000}),
    ("about 4,100 wounded and 600 killed", {4100, 600}),
    ("3.5 million people", {3.5e6}),
    ("twenty-one soldiers", {21}),
    ("no numbers here", set()),
    ("an estimated $34.2 billion", {34_200_000_000}),  # (exactly: not 34200000000.000004)
    ("€3bn and €1.5tn", {3e9, 1.5e12}),
    ("2 to 3 million", {2, 2e6, 3e6}),
    ("between 2 and 3.5 billion", {2, 2e9, 3.5e9}),
    ("10-12 million", {10, 10e6, 12e6}),
])
def test_numbers_in_quotes(quote: str, numbers: set[float]) -> None:
    assert numbers_in(quote) == numbers


def test_quote_disagreement() -> None:
    assert quote_disagreement(fig((6000000,), quote="up to six million shells")) == ""
    assert quote_disagreement(fig((10000, 12000), quote="between 10,000 and 12,000")) == ""
    assert quote_disagreement(fig((5,), quote="no numbers")) == ""
    assert quote_disagreement(fig((5000000,), quote="up to six million shells")) == (
        "the quote states 6,000,000, which does not match the value 5,000,000")
