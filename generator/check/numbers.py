"""Numbers for readers ("up to 6 million shells") and numbers in quotes ("six million")."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

from text_to_num import alpha2digit

from generator.model import Figure
from generator.read.strict_yaml import DIGITS

_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                "bn": 10**9, "tn": 10**12}
_CURRENCY = {"USD": "$", "$": "$", "EUR": "€", "€": "€", "GBP": "£", "£": "£"}
_DIGITS_WITH_SCALE = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|tn)\b", re.IGNORECASE
)
# "2 to 3 million", "2-3 million", "between 2 and 3 million": the scale is the first number's too.
_RANGE_WITH_SCALE = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*|\s+(?:to|and)\s+)(?=\d[\d,]*(?:\.\d+)?\s*"
    r"(thousand|million|billion|trillion|bn|tn)\b)", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|(?<![\w.,])\d+(?:\.\d+)?(?!\d)")


def format_number(value: int | float) -> str:
    """6000000 -> "6 million", 2500000 -> "2.5 million", 4100 -> "4,100", 2.5 -> "2.5"."""
    for size, word in _SCALES:
        if abs(value) >= size and (value * 10) % size == 0:
            return f"{_plain(value / size)} {word}"
    return _plain(value)


def _plain(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.12g}" if abs(value) >= 1000 \
        else f"{value:.12g}"


def format_value(figure: Figure) -> str:
    """The value as a reader sees it, qualifier and unit included: "up to 6 million shells",
    "10,000–12,000 troops", "about 4,100 troops", "45%", "$2.5 billion"."""
    return " ".join(part for part in value_parts(figure) if part)


def value_parts(figure: Figure) -> tuple[str, str, str]:
    """(qualifier, number, unit): ("up to", "6 million", "shells"), ("", "$2.5 billion", "")."""
    parts = [format_number(v) for v in figure.value]
    if len(parts) == 2:
        low, high = parts
        low_word, high_word = low.rpartition(" ")[2], high.rpartition(" ")[2]
        if " " in low and low_word == high_word:  # "2–3 million", not "2 million–3 million"
            low = low.rpartition(" ")[0]
        number = f"{low}–{high}"
    else:
        number = parts[0]
    unit = figure.unit
    if unit in _CURRENCY:
        return figure.qualifier, f"{_CURRENCY[unit]}{number}", ""
    if unit.startswith("%"):
        return figure.qualifier, f"{number}{unit}", ""
    return figure.qualifier, number, unit


def numbers_in(text: str) -> set[float]:
    """Every number a sentence states, in digits or words: "up to six million shells" -> {6e6};
    "four times" -> {4}; "between 10,000 and 12,000" -> {10000, 12000}."""
    text = text.replace("\u00a0", " ").replace("\u2009", " ")
    found: set[float] = set()

    def scaled(m: re.Match[str]) -> str:
        # (in decimal: 34.2 * 10**9 in floats is 34200000000.000004, which no value equals)
        found.add(float(Decimal(m.group(1).replace(",", "")) * _SCALE_WORDS[m.group(2).lower()]))
        return " "

    for m in _RANGE_WITH_SCALE.finditer(text):
        found.add(float(Decimal(m.group(1).replace(",", "")) * _SCALE_WORDS[m.group(2).lower()]))
    text = _DIGITS_WITH_SCALE.sub(scaled, text)
    # A parser hiccup on odd text must not stop a build; the digits still count.
    with contextlib.suppress(Exception):
        text = alpha2digit(text, "en")
    text = _DIGITS_WITH_SCALE.sub(scaled, text)
    for m in _NUMBER.finditer(text):
        found.add(float(m.group(0).replace(",", "")))
    return found


_LONG_NUMBER = re.compile(rf"\d(?:,?\d){{{DIGITS},}}")  # (more digits than a value may have)


def quote_disagreement(figure: Figure) -> str:
    """Empty when the quote's numbers agree with the value (or it states none); else why not."""
    if long := _LONG_NUMBER.search(figure.quote):
        digits = sum(c.isdigit() for c in long[0].partition(".")[0])
        return (f"the quote states a number of {digits} digits, longer than any value may be "
                f"({DIGITS} digits)")
    stated = numbers_in(figure.quote)
    if not stated:
        return ""
    missing = [v for v in figure.value if float(v) not in stated]
    if not missing:
        return ""
    shown = ", ".join(_plain(n) for n in sorted(stated))
    value = " and ".join(_plain(v) for v in figure.value)
    return f"the quote states {shown}, which does not match the value {value}"
