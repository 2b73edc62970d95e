"""Quantities in a sentence, as the draft reads them: a number in digits or words (text2num
reads the words), its scale, currency or percent, a range, the qualifier in the words before it
and the unit after it. Dates, times, ordinals, years and names with numbers in them are set
aside first. Whether a number is a figure, and what its unit is, are decided by two ordered
lists of small rules, UNIT_RULES and NOT_A_FIGURE, each tested alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from text_to_num import text2num

from generator.authoring.sentences import MONTH, STOP, TIME_UNITS, words
from generator.read.strict_yaml import DIGITS

_WORD_NUMBERS = words("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
                 "sixty seventy eighty ninety hundred")
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "bn": 10**9, "tn": 10**12, "m": 10**6}
_WORD = r"(?:" + "|".join(_WORD_NUMBERS) + r")"
_WORDS = rf"(?:{_WORD}(?:(?:-|\s+|\s+and\s+){_WORD})*|a\s+dozen|dozen|a\s+hundred)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _amount_pattern(c: str) -> str:
    """A number with its currency and scale; the groups' names start with `c`."""
    return (rf"(?P<{c}cur>US\$|\$|€|£)?(?P<{c}num>{_DIGITS}|\b{_WORDS}\b)"
            rf"(?:\s*(?P<{c}scale>thousand|million|billion|trillion|bn|tn)\b"
            rf"|(?<=\d)(?P<{c}m>m)\b)?")


_QUANTITY = re.compile(
    r"(?<![\w.,$€£-])(?:(?P<between>between|from)\s+)?" + _amount_pattern("a")
    + r"(?:(?:(?P<dash>\s?[-–]\s?)|\s+(?P<conj>and|to)\s+)" + _amount_pattern("b") + ")?"
    + r"(?P<pct>\s?%|\s+(?:percent|per\s+cent)\b)?"
    + r"(?P<times>\s+times\b)?"
    + r"(?P<hyphen>-[a-z]{3,}\b(?!-))?",
    re.IGNORECASE)

_QUALIFIERS = {
    "up to": "up to", "as many as": "up to", "as much as": "up to",
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "approximately": "about", "estimated": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "more than": "more than", "over": "more than", "above": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
}
_QUALIFIER_BEFORE = re.compile(r"\b(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
                               + r")\s+$", re.IGNORECASE)
_CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollars": "USD", "euros": "EUR"}
# Set aside before quantities are read: dates, times, ordinals, names with numbers, URLs.
_NOT_QUANTITIES = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|\b\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?"
    rf"|\b{MONTH}\s+\d{{4}}\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d{2}\b"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d{4}-\d{2}(?:-\d{2})?\b"
    r"|\b[A-Za-z]+[-]?\d[\w-]*|\b\d+[A-Za-z]\w*(?<!bn)(?<!tn)(?<!\dm)\b"
    r"|\b\d+\s?mm\b"  # (a calibre names a kind of shell: "152 mm shells")
    r"|https?://\S+|www\.\S+",
    re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|from|until|till|through|of|during|early|late|mid|"
                          r"and|to|or|before|after|the|year|fiscal)\s*$|[-–]\s*$", re.IGNORECASE)


@dataclass
class Found:
    value: tuple[int | float, ...]
    qualifier: str
    unit: str
    quote: str
    start: int  # where the quote starts in the sentence
    end: int  # where the number (and its unit) ends
    unit_end: int


def quantities(text: str) -> list[Found]:
    """The quantities a sentence states, in order."""
    masked = _mask(text)
    found: list[Found] = []
    at = 0
    while m := _QUANTITY.search(masked, at):
        at = m.end()
        quantity = _quantity(text, masked, m)
        if quantity is not None:
            if not quantity.unit:  # "4,100 troops wounded and 600 killed", "births fell below 800,000"
                noun = found[-1].unit if found and found[-1].unit not in SYMBOL_UNITS else ""
                quantity.unit = noun or _noun_before(text, quantity.start)
            found.append(quantity)
            if quantity.end < m.end():  # (a pair that is not a range: the second is read next)
                at = m.start("bcur") if m["bcur"] else m.start("bnum")
        elif m["bnum"]:
            at = m.start("bcur") if m["bcur"] else m.start("bnum")
    return found


def _mask(text: str) -> str:
    return _NOT_QUANTITIES.sub(lambda m: "\0" * len(m[0]), text)


def _amount(m: re.Match[str], c: str) -> Decimal | None:
    number = m[f"{c}num"]
    if number is None:
        return None
    words = " ".join(number.lower().split())
    if words[0].isdigit():
        try:
            value = Decimal(words.replace(",", ""))
        except InvalidOperation:
            return None
    elif words in ("a dozen", "dozen"):
        value = Decimal(12)
    elif words == "a hundred":
        value = Decimal(100)
    else:
        try:
            value = Decimal(text2num(words.replace(" and ", " "), "en"))
        except ValueError:
            return None
    scale = (m[f"{c}scale"] or m[f"{c}m"] or "").lower()
    if scale == "m" and not m[f"{c}cur"]:
        return None  # ("5m" is metres as often as millions)
    return value * _SCALES[scale] if scale else value


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Read(NamedTuple):
    """A number the pattern matched, its amounts read."""

    text: str
    m: re.Match[str]
    low: Decimal
    high: Decimal | None
    currency: str  # "USD", "EUR", "GBP" or ""
    start: int  # where the figure starts (after "between"/"from" when it is no range)
    end: int  # where the match ends

    @property
    def words_only(self) -> bool:
        return not self.m["anum"][0].isdigit()

    @property
    def plain_year(self) -> bool:
        """A four-digit number from 1800 to 2100 with nothing that makes it an amount."""
        raw = self.m["anum"].replace(",", "")
        return (self.high is None and not self.currency and not self.m["pct"] and not self.m["ascale"]
                and raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100)


_NOT_THIS = ("", -1)  # a unit rule's answer when the number is no figure at all


def _currency(read: _Read) -> tuple[str, int] | None:
    """"$2.5 billion" counts US dollars."""
    return (read.currency, read.end) if read.currency else None


def _percent(read: _Read) -> tuple[str, int] | None:
    """"40%", "40 percent", "40 per cent"."""
    return ("%", read.end) if read.m["pct"] else None


def _percentage_points(read: _Read) -> tuple[str, int] | None:
    """"0.5 percentage points"."""
    points = _POINTS.match(read.text, read.end)
    return ("percentage points", points.end()) if points else None


def _times(read: _Read) -> tuple[str, int] | None:
    """"four times"."""
    return ("times", read.end) if read.m["times"] else None


def _hyphenated(read: _Read) -> tuple[str, int] | None:
    """A hyphenated word after the number is its unit ("a 16-gigawatt plant" counts gigawatts);
    a hyphenated time ("10-year", "5-year-old") says how long, and makes it no figure."""
    if not read.m["hyphen"]:
        return None
    word = read.m["hyphen"][1:].lower()
    if word in TIME_UNITS or word.rstrip("s") in ("year", "old"):
        return _NOT_THIS
    one = read.high is None and read.low == 1
    return (word if word.endswith("s") or one else word + "s"), read.end


def _noun_after(read: _Read) -> tuple[str, int] | None:
    """The noun after the number ("6 million artillery shells"), "dollars" and "euros" as
    currencies; "" when none follows."""
    unit, unit_end = _unit_after(read.text, read.end)
    return _CURRENCY_WORDS.get(unit, unit), unit_end


# The unit of a number: the first of these rules that answers gives it.
UNIT_RULES: tuple[Callable[[_Read], tuple[str, int] | None], ...] = (
    _currency, _percent, _percentage_points, _times, _hyphenated, _noun_after)


def _a_duration(read: _Read, unit: str) -> bool:
    """"three years", "10 months": how long, not how many."""
    return unit in TIME_UNITS or unit.split(" ")[0] in TIME_UNITS


def _a_year(read: _Read, unit: str) -> bool:
    """"in 2022", "since 2014", "2020-2024", or a year alone."""
    return read.plain_year and (not unit or bool(_YEAR_BEFORE.search(read.text[:read.m.start()])))


def _a_small_number_in_words(read: _Read, unit: str) -> bool:
    """"two of them": a number under ten in words, with no unit or scale."""
    return (read.words_only and read.high is None and read.low < 10
            and not (read.m["ascale"] or unit == "times") and not unit)


def _one_of_a_kind(read: _Read, unit: str) -> bool:
    """"one of the", "one Ukrainian official", "a hundred" alone."""
    return read.words_only and ((read.m["anum"].lower() == "a hundred" and not unit)
                                or (read.low == 1 and read.high is None and not read.m["ascale"]))


def _too_large(read: _Read, unit: str) -> bool:
    """A number longer than any value may be (DIGITS digits): the check would refuse it."""
    return any(abs(amount) >= 10 ** DIGITS for amount in (read.low, read.high) if amount is not None)


def _part_of_a_name(read: _Read, unit: str) -> bool:
    """"Line 14", "Article 5": a number after a capitalised word, with no unit."""
    return not unit and _after_name(read.text, read.m.start())


# A number read with its unit is no figure when any of these says so.
NOT_A_FIGURE: tuple[Callable[[_Read, str], bool], ...] = (
    _too_large, _a_duration, _a_year, _a_small_number_in_words, _one_of_a_kind, _part_of_a_name)


def _quantity(text: str, masked: str, m: re.Match[str]) -> Found | None:
    """The figure a match of the pattern states, or None: its amounts, whether a pair is a
    range, its unit (UNIT_RULES), whether it is a figure at all (NOT_A_FIGURE), its qualifier
    and its quote."""
    read = _read(text, m)
    if read is None:
        return None
    if _not_a_range(read):  # "4,000 and 5,000 ...": read one at a time
        return _single(text, masked, m, "a")
    unit, unit_end = next(answer for rule in UNIT_RULES if (answer := rule(read)) is not None)
    if unit_end < 0 or any(rule(read, unit) for rule in NOT_A_FIGURE):
        return None
    qualifier, begin = _qualifier(text, read.start)
    if m["between"] and read.high is not None:
        qualifier, begin = "", m.start()
    value = (_number(read.low),) if read.high is None else (_number(read.low), _number(read.high))
    quote_end = max(unit_end, read.end)
    if not any(c.isalpha() for c in text[begin:quote_end]) and unit not in SYMBOL_UNITS:
        # A bare number ("4,100 wounded and 600 killed": its unit is written before it): the
        # quote takes the word after it, which says what it counts.
        after = _NEXT_WORD.match(text, quote_end)
        if after is not None and after[1].lower() not in STOP:
            quote_end = after.end()
    quote = text[begin:quote_end].strip().rstrip(",.;:")
    return Found(value, qualifier, unit, quote, begin, read.end, quote_end)


_NEXT_WORD = re.compile(r"\s+([A-Za-z][a-z-]+)")


def _read(text: str, m: re.Match[str]) -> _Read | None:
    """The amounts of a match: "2 to 3 million" shares its scale; "from 5%" alone starts at
    the number."""
    low = _amount(m, "a")
    if low is None:
        return None
    high = _amount(m, "b") if m["bnum"] else None
    if high is not None and m["bscale"] and not m["ascale"] and not m["am"]:
        low *= _SCALES[m["bscale"].lower()]
    start = m.start()
    if m["between"] and high is None:
        start = m.start("acur") if m["acur"] else m.start("anum")
    return _Read(text, m, low, high, _CURRENCIES.get(m["acur"] or m["bcur"] or "", ""), start, m.end())


def _not_a_range(read: _Read) -> bool:
    """A pair of numbers that is no range: "4,000 and 5,000" (no "between"), a first number
    with a scale of its own, "between 5 to 6", a low end not below the high, or a joiner
    with no second number."""
    m = read.m
    if read.high is None:
        return bool(m["conj"] or m["dash"])
    conj = (m["conj"] or "").lower()
    own_unit = bool(m["ascale"] or m["am"]) and not m["bscale"]
    return ((conj == "and" and not m["between"]) or own_unit
            or (bool(m["between"]) and m["between"].lower() == "between" and bool(conj) and conj != "and")
            or not read.low < read.high)


def _single(text: str, masked: str, m: re.Match[str], c: str) -> Found | None:
    """The first number of a pair that is not a range, read on its own."""
    one = _QUANTITY.match(masked, m.start(f"{c}cur") if m[f"{c}cur"] else m.start(f"{c}num"),
                          m.end(f"{c}scale") if m[f"{c}scale"] else m.end(f"{c}num"))
    if one is None:
        return None
    pct_after = re.match(r"\s?%|\s+(?:percent|per\s+cent)\b", text[one.end():])
    if pct_after:
        one = _QUANTITY.match(masked, one.start(), one.end() + pct_after.end())
        if one is None:
            return None
    return _quantity(text, masked, one) if not (one["conj"] or one["dash"]) else None


_POINTS = re.compile(r"\s+percentage[\s-]+points?\b", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\s+([a-z][a-z-]*[a-z]|[a-z])\b")
_PROPER_WORDS = re.compile(r"(?:\s+[A-Z][\w'’-]*){1,3}(?=\s+[a-z])")


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The noun after a number ("6 million artillery shells to Russia" -> "shells", "10,000
    North Korean troops" -> "troops"), and where it ends; "" when no noun follows."""
    words: list[tuple[str, int]] = []  # each with where it ends
    at = end
    if names := _PROPER_WORDS.match(text, at):
        at = names.end()
    while len(words) < 2 and (m := _UNIT_WORD.match(text, at)):
        word = m[1]
        if word in STOP or (word.endswith("ed") and len(word) > 4):  # (not "wounded", "killed")
            break
        words.append((word, m.end()))
        at = m.end()
    if not words:
        return "", end
    # the head noun: the plural, else the first ("artillery shells", "megawatts due", "people")
    unit, unit_end = next((w for w in reversed(words) if w[0].endswith("s")), words[0])
    for special, tail in (("degrees", " celsius"), ("degrees", " fahrenheit"), ("parts", " per million")):
        if unit == special and text[unit_end:unit_end + len(tail)].lower() == tail:
            unit += text[unit_end:unit_end + len(tail)]
            unit_end += len(tail)
    return unit, unit_end


SYMBOL_UNITS = frozenset({"%", "USD", "EUR", "GBP", "times", "percentage points"})
_PLURAL = re.compile(r"\b([a-z][a-z-]*[a-rt-z]s|people|children)\b")


def _noun_before(text: str, start: int) -> str:
    """The plural noun a number without one counts, named before it in its clause: "foreign
    residents rose by nearly 300,000" -> "residents"; "" when there is none close by."""
    clause = re.split(r"[,;:](?=\s)", text[:start])[-1]
    words = clause.lower().split()[-7:]
    for word in reversed(words):
        if word.strip("'’\"()") in ("population", "population's"):
            return "people"
        if (m := _PLURAL.fullmatch(word.strip("'’\"()"))) and m[1] not in STOP \
                and m[1] not in TIME_UNITS:
            return m[1]
    return ""


def _after_name(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    sentence_start = len(before.split()) <= 1
    return bool(word) and word[0].isupper() and word.isalpha() and not sentence_start \
        and before == text[:start][:len(before)] and not re.fullmatch(MONTH, word)


def _qualifier(text: str, start: int) -> tuple[str, int]:
    m = _QUALIFIER_BEFORE.search(text[:start])
    if not m:
        return "", start
    word = m[1].lower()
    if word in ("over", "under") and re.search(r"\b(?:from|of)\s+\w+\s+$", text[:start]):
        return "", start
    return _QUALIFIERS[" ".join(word.split())], m.start(1)
