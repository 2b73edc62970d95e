"""Drafting an article's figures file: a figure for each quantity the article states and an
event for each date, written as YAML for the author to review.

The reading is the project's own, in the order a person reads: the article is cut into
sentences (each with its citation markers, else its paragraph's), dates, times, ordinals,
years and names with numbers in them are set aside, and what is left is read as quantities:
a number in digits or words (text2num reads the words), its scale, currency or percent, a
range, the qualifier in the words before it and the unit in the noun after it. The quote is
the article's exact words from the qualifier to the unit. Before the draft is written it is
checked as `factsheet check` would check it, and a proposal the check would refuse is
dropped, so a draft always passes."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from text_to_num import text2num

from generator.authoring.schema import FILES
from generator.check.linking import link_sheet
from generator.model import MONTHS, Article, PartialDate
from generator.problems import Problem, Problems
from generator.project import Project
from generator.read.content import Settings, read_article, read_series_infos, scan_content, show
from generator.read.figures import LONGEST, SLUG, load_figures
from generator.read.files import read_text


class DraftError(Exception):
    """Why no draft was written (the message is ready to print)."""


# --- what a draft holds ---------------------------------------------------------------------


@dataclass
class Proposal:
    """One proposed figure."""

    label: str
    value: tuple[int | float, ...]
    qualifier: str
    unit: str
    sources: tuple[int, ...]
    quote: str
    by: str = ""
    series: str = ""


@dataclass
class EventProposal:
    date: PartialDate
    end: PartialDate | None
    title: str
    sources: tuple[int, ...]


@dataclass
class SeriesHint:
    """What is known of an existing series: its unit and the words of its title and labels."""

    slug: str
    unit: str
    words: set[str] = field(default_factory=set)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- sentences ------------------------------------------------------------------------------

_CITATIONS = re.compile(r" ?\[\d[\d, –-]{0,40}\]")  # as the quote check removes them
_ABBREVIATIONS = frozenset(_words(
    "mr mrs ms dr gen lt col sgt capt adm gov sen rep st jan feb mar apr aug sept sep oct nov dec "
    "no vs etc inc co corp jr sr u.s u.k u.n e.u fig approx est"))
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])")


@dataclass
class Sentence:
    text: str  # without citation markers, as the quote check reads the article
    sources: tuple[int, ...]  # its markers', else its paragraph's, else a nearby paragraph's
    paragraph: int


def sentences(article: Article) -> list[Sentence]:
    """The article's sentences in order, each with the references that back it."""
    found: list[Sentence] = []
    own: list[tuple[int, ...]] = []
    for index, paragraph in enumerate(article.paragraphs):
        text = paragraph.text
        if article.format == "markdown":  # (the quote check drops these marks too)
            text = _MARKDOWN_LINK.sub(r"\1", text)
        spans = list(_sentence_spans(text))
        numbers: list[int] = []
        for start, end in spans:
            cited = tuple(dict.fromkeys(n for c in paragraph.citations if start <= c.start < end
                                        for n in c.numbers))
            if article.format == "markdown":  # (offsets in Markdown differ once links go)
                cited = tuple(dict.fromkeys(n for c in _CITATION_MARK.finditer(text[start:end])
                                            for n in _numbers_of(c[1])))
            numbers.extend(cited)
            clean = " ".join(_CITATIONS.sub("", text[start:end]).split())
            if article.format == "markdown":
                clean = _MARKDOWN_MARKS.sub("", clean)
            found.append(Sentence(clean, cited, index))
        own.append(tuple(dict.fromkeys(numbers)))
    known = {r.number for r in article.references}
    # The headline states figures too (backed by the first paragraph that cites anything); it
    # comes last, so that what the body says of the same figure is preferred.
    found.append(Sentence(" ".join(article.headline.split()), (), 0))
    for sentence in found:
        if not sentence.sources:
            sentence.sources = _nearest(own, sentence.paragraph)
        sentence.sources = tuple(n for n in sentence.sources if n in known)
    return found


_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]{0,500})\]\([^()\s]{0,2000}\)")
_MARKDOWN_MARKS = re.compile(r"[*_`]")
_CITATION_MARK = re.compile(r"\[(\d[\d, –-]{0,40})\]")


def _numbers_of(inner: str) -> list[int]:
    numbers: list[int] = []
    for part in inner.split(","):
        low, _, high = part.strip().replace("–", "-").partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            numbers.extend(range(int(low), int(high or low) + 1) if int(high or low) - int(low) < 50
                           else [int(low)])
    return numbers


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each sentence starts and ends; a marker after the full stop belongs to it."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        word = text[:m.start()].rsplit(None, 1)[-1].lstrip("(\"“").lower() if text[:m.start()].strip() \
            else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        end = m.end()
        while (marker := _CITATION_MARK.match(text, end)) or (
                text[end:end + 1] == " " and (marker := _CITATION_MARK.match(text, end + 1))):
            end = marker.end()
        yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def _nearest(own: list[tuple[int, ...]], index: int) -> tuple[int, ...]:
    """The markers of the paragraph, else of the nearest that has any, earlier ones first."""
    for distance in range(len(own) + 1):
        for near in (index - distance, index + distance):
            if 0 <= near < len(own) and own[near]:
                return own[near]
    return ()


# --- quantities -----------------------------------------------------------------------------

_WORD_NUMBERS = _words("zero one two three four five six seven eight nine ten eleven twelve thirteen "
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
_MONTH = (r"(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_MONTH_NUMBER = {m.lower()[:3]: i + 1 for i, m in enumerate(MONTHS)}
# Set aside before quantities are read: dates, times, ordinals, names with numbers, URLs.
_NOT_QUANTITIES = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d{2}\b"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d{4}-\d{2}(?:-\d{2})?\b"
    r"|\b[A-Za-z]+[-]?\d[\w-]*|\b\d+[A-Za-z]\w*(?<!bn)(?<!tn)(?<!\dm)\b"
    r"|\b\d+\s?mm\b"  # (a calibre names a kind of shell: "152 mm shells")
    r"|https?://\S+|www\.\S+",
    re.IGNORECASE)
_STOP = frozenset(_words(
    "a an the of in on at to from by for with and or but as than that which who whom whose this "
    "these those its their his her our your my since until after before during over under "
    "between into onto about around per each every last next this year years is are was were be "
    "been being has have had will would could can may might must shall should do does did not "
    "no said says say told reported according expected estimated rose fell rise fall grew grow "
    "more most less fewer up down out off"))
_TIME_UNITS = frozenset(_words("year years month months week weeks day days decade decades hour hours "
                               "century centuries quarter quarters"))
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|from|until|till|through|of|during|early|late|mid|"
                          r"and|to|or|before|after|the|year|fiscal)\s*$|[-–]\s*$", re.IGNORECASE)


@dataclass
class _Found:
    value: tuple[int | float, ...]
    qualifier: str
    unit: str
    quote: str
    start: int  # where the quote starts in the sentence
    end: int  # where the number (and its unit) ends
    unit_end: int


def quantities(text: str) -> list[_Found]:
    """The quantities a sentence states, in order."""
    masked = _mask(text)
    found: list[_Found] = []
    at = 0
    while m := _QUANTITY.search(masked, at):
        at = m.end()
        quantity = _quantity(text, masked, m)
        if quantity is not None:
            if not quantity.unit:  # "4,100 troops wounded and 600 killed", "births fell below 800,000"
                noun = found[-1].unit if found and found[-1].unit not in _SYMBOL_UNITS else ""
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


def _quantity(text: str, masked: str, m: re.Match[str]) -> _Found | None:
    low = _amount(m, "a")
    high = _amount(m, "b") if m["bnum"] else None
    if low is None:
        return None
    words_only = not m["anum"][0].isdigit()
    currency = _CURRENCIES.get(m["acur"] or m["bcur"] or "", "")
    percent = bool(m["pct"])
    start, end = m.start(), m.end()
    if m["between"] and high is None:  # ("from 5%" alone: the figure starts at the number)
        start = m.start("acur") if m["acur"] else m.start("anum")
    if high is not None:
        shared = m["bscale"] and not m["ascale"] and not m["am"]
        if shared:  # "2 to 3 million": the scale is both numbers'
            low *= _SCALES[m["bscale"].lower()]
        own_unit = bool(m["ascale"] or m["am"]) and not m["bscale"]
        if (m["conj"] and m["conj"].lower() == "and" and not m["between"]) or own_unit \
                or (m["between"] and m["between"].lower() == "between" and m["conj"]
                    and m["conj"].lower() != "and") or not low < high:
            # not a range: "4,000 and 5,000 ..." are read one at a time
            return _single(text, masked, m, "a")
    elif m["conj"] or m["dash"]:
        return _single(text, masked, m, "a")
    raw = m["anum"].replace(",", "")
    plain_year = (high is None and not currency and not percent and not m["ascale"]
                  and raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100)
    unit, unit_end = "", end
    if currency:
        unit = currency
    elif percent:
        unit = "%"
    elif points := _POINTS.match(text, end):
        unit, unit_end = "percentage points", points.end()
    elif m["times"]:
        unit = "times"
    elif m["hyphen"]:
        word = m["hyphen"][1:].lower()
        if word in _TIME_UNITS or word.rstrip("s") in ("year", "old"):
            return None
        unit = word if word.endswith("s") or (high is None and low == 1) else word + "s"
    else:
        unit, unit_end = _unit_after(text, end)
        if unit in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[unit]
    if unit in _TIME_UNITS or unit.split(" ")[0] in _TIME_UNITS:
        return None
    if plain_year and (not unit or _YEAR_BEFORE.search(text[:m.start()])):
        return None
    if words_only and high is None and low < 10 and not (m["ascale"] or unit == "times") \
            and not unit:
        return None
    if words_only and ((m["anum"].lower() in ("a hundred",) and not unit)
                       or (low == 1 and high is None and not m["ascale"])):
        return None  # ("one of the", "one Ukrainian official")
    if not unit and _after_name(text, m.start()):
        return None  # "Line 14", "Article 5"
    qualifier, begin = _qualifier(text, start)
    if m["between"] and high is not None:
        qualifier, begin = "", m.start()
    value = (_number(low),) if high is None else (_number(low), _number(high))
    quote_end = unit_end if unit_end > end else end
    quote = text[begin:quote_end].strip().rstrip(",.;:")
    return _Found(value, qualifier, unit, quote, begin, end, quote_end)


def _single(text: str, masked: str, m: re.Match[str], c: str) -> _Found | None:
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
        if word in _STOP or (word.endswith("ed") and len(word) > 4):  # (not "wounded", "killed")
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


_SYMBOL_UNITS = frozenset({"%", "USD", "EUR", "GBP", "times", "percentage points"})
_PLURAL = re.compile(r"\b([a-z][a-z-]*[a-rt-z]s|people|children)\b")


def _noun_before(text: str, start: int) -> str:
    """The plural noun a number without one counts, named before it in its clause: "foreign
    residents rose by nearly 300,000" -> "residents"; "" when there is none close by."""
    clause = re.split(r"[,;:](?=\s)", text[:start])[-1]
    words = clause.lower().split()[-7:]
    for word in reversed(words):
        if word.strip("'’\"()") in ("population", "population's"):
            return "people"
        if (m := _PLURAL.fullmatch(word.strip("'’\"()"))) and m[1] not in _STOP \
                and m[1] not in _TIME_UNITS:
            return m[1]
    return ""


def _after_name(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    sentence_start = len(before.split()) <= 1
    return bool(word) and word[0].isupper() and word.isalpha() and not sentence_start \
        and before == text[:start][:len(before)] and not re.fullmatch(_MONTH, word)


def _qualifier(text: str, start: int) -> tuple[str, int]:
    m = _QUALIFIER_BEFORE.search(text[:start])
    if not m:
        return "", start
    word = m[1].lower()
    if word in ("over", "under") and re.search(r"\b(?:from|of)\s+\w+\s+$", text[:start]):
        return "", start
    return _QUALIFIERS[" ".join(word.split())], m.start(1)


# --- labels, claimants, series -----------------------------------------------------------

_BY_AFTER = re.compile(r"\baccording to (?:the )?(?P<who>[^,.;:()]{3,120})", re.IGNORECASE)
_BY_VERB = re.compile(r"(?:^|[,;]\s*|\s)(?P<who>(?:[Tt]he )?[A-Z][^,.;:()]{1,120}?)\s+"
                      r"(?:said|says|estimated|estimates|reported|reports|told|found|expects|believes)\b")
_NOT_WHO = frozenset(_words("he she they it we i you this that there which who officials"))
_WHO_END = re.compile(r"\s+(?:on|in|last|this|who|which|that|at)\b.*$")


def claimant(text: str) -> str:
    """Who the sentence says states it: "according to X", "X said"; "" when it names no one."""
    for m in (_BY_AFTER.search(text), *_BY_VERB.finditer(text)):
        if m is None:
            continue
        who = _WHO_END.sub("", m["who"].strip())
        who = re.sub(r"^(?:[Tt]he)\s+", "", who)
        if len(who) < 3 or who.lower() in _NOT_WHO or not any(w[:1].isupper() for w in who.split()):
            continue
        if len(who.split()) > 8 or len(who) > LONGEST["by"]:
            continue
        return who
    return ""


_LABEL_CUT = re.compile(r"[,;:.(]|\s(?:said|says|according|the agency|officials|which|who)\b"
                        r"|\s(?:and\s+)?(?:[$€£]|\d)"
                        rf"|\s(?:since|in|on|by|until|from|as of)\s+(?:{_MONTH}(?!\w)|\d)")
_LABEL_TRIM = re.compile(r"(?:^|\s+)(?:rose|fell|reached|was|were|is|are|has|have|had|of|to|by|"
                         r"at|with|from|and|or|about|around|some|nearly|almost|up|more|than|over|"
                         r"roughly|an|estimated|the|a|in|for|on|made|fewer|less|between|be|been|"
                         r"will|would|could|as|much|many|least|its|their|this|that|since|until|"
                         r"due|record)$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _trimmed(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-")
    while (shorter := _LABEL_TRIM.sub("", text)) != text:
        text = shorter
    return text


def label_of(text: str, found: _Found) -> str:
    """A short label from the sentence: what the unit counts ("13,391 megawatts of battery
    storage" -> "Battery storage"), the unit and what follows it ("troops to Russia's Kursk
    region"), else the words before the number ("consumer prices in Britain rose")."""
    after = text[found.unit_end:]
    cut = _LABEL_CUT.search(after)
    after = _trimmed(" ".join(after[:cut.start() if cut else len(after)].split()[:8]))
    before = " ".join(text[:found.start].split())
    cut_before = max(before.rfind(", "), before.rfind("; "))
    before = _trimmed(before[cut_before + 1:] if cut_before >= 0 else before)
    before = " ".join(before.split()[-9:])
    noun_after = bool(after) and after.split()[0].lower() not in _STOP and after[0].islower()
    unit = "" if found.unit in _SYMBOL_UNITS else found.unit
    if unit and after.lower().startswith("of "):
        label = after[3:]
    elif unit and after and len(after.split()) >= 2:
        label = f"{unit} {after}"
    elif not unit and noun_after:  # "€50bn package of support for Ukraine"
        label = after
    elif before:
        label = f"{before} ({unit})" if unit and unit not in before.lower() else before
    else:
        label = f"{unit} {after}".strip()
    label = _LEADING_ARTICLE.sub("", _trimmed(" ".join(label.split()[:12]))) or "Figure"
    return (label[0].upper() + label[1:])[:LONGEST["label"]]


_CONTENT_WORD = re.compile(r"[a-z]{3,}")


def content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _CONTENT_WORD.findall(text.lower()) if w not in _STOP}


def series_for(unit: str, words: set[str], hints: Sequence[SeriesHint]) -> str:
    """The existing series a figure most likely reports: the same unit, and words in common
    with its title and labels (at least two, or a third of the figure's)."""
    best, best_score = "", 0.0
    for hint in hints:
        if not unit or hint.unit.lower() != unit.lower():
            continue
        shared = len(words & hint.words)
        score = shared / max(1, len(words))
        if shared >= 2 and score >= 1 / 3 and score > best_score:
            best, best_score = hint.slug, score
    return best


# --- events -------------------------------------------------------------------------------

_DAY_DATE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                       rf"(?:,?\s+(?P<year>\d{{4}}))?"
                       rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})(?:\s+(?P<year2>\d{{4}}))?")
_MONTH_DATE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b")
_SINCE_YEAR = re.compile(r"\bsince\s+(?P<year>\d{4})\b(?![-–]|\s*[,.]?\s*\d)")
_DATE_LEAD = re.compile(r"\s*(?:since|on|in|from|between|by|until|as of)\s*$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:to|and|until|through|[-–])\s*$", re.IGNORECASE)


# "The minister said on Tuesday that ...": what is said, not that it was said
_REPORTED = re.compile(r"^.*?\b(?:said|says|told \w+|reported|estimated?|estimates|believes)\b"
                       r"(?:\s+on\s+\w+)?\s+(?:that\s+)?")


# A day without a year is an event's date after these ("on October 18"), or as the end of a
# span ("from April 19 to June 1"); not after others ("in the year to October 1").
_DAY_LEAD = re.compile(r"\b(?:on|between|from|since)\s+$|\d\s+(?:to|and|until|through|[-–])\s+$",
                       re.IGNORECASE)


@dataclass
class _Date:
    date: PartialDate
    start: int
    end: int


def _dates(text: str, published: dt.date) -> list[_Date]:
    taken: list[tuple[int, int]] = []
    found: list[_Date] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in _DAY_DATE.finditer(text):
        month = _MONTH_NUMBER.get((m["month"] or m["month2"]).lower()[:3])
        day, year = int(m["day"] or m["day2"]), m["year"] or m["year2"]
        if month is None:
            continue
        if not year and not _DAY_LEAD.search(text[:m.start()]):
            continue  # ("in the year to October 1" is not an event; "on October 18" is)
        number = int(year) if year else published.year
        try:
            when = dt.date(number, month, day)
            if not year and when > published + dt.timedelta(days=60):
                when = dt.date(number - 1, month, day)  # (December, in a January article)
        except ValueError:
            continue
        found.append(_Date(PartialDate.of(when), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _MONTH_DATE.finditer(text):
        month = _MONTH_NUMBER.get(m["month"].lower()[:3])
        if month and free(m.start(), m.end()):
            found.append(_Date(PartialDate(int(m["year"]), month), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _SINCE_YEAR.finditer(text):
        if free(m.start("year"), m.end()):
            found.append(_Date(PartialDate(int(m["year"])), m.start("year"), m.end()))
    return sorted(found, key=lambda d: d.start)


def events_of(text: str, sources: tuple[int, ...], published: dt.date) -> list[EventProposal]:
    """The dated events a sentence states: one for a date, one with an end for "from X to Y"."""
    dates = _dates(text, published)
    events: list[EventProposal] = []
    index = floor = 0
    while index < len(dates):
        first, end = dates[index], None
        if index + 1 < len(dates) and _RANGE_JOIN.match(text[first.end:dates[index + 1].start]):
            later = dates[index + 1]
            if later.date.first_day() >= first.date.first_day():
                end = later
                index += 1
        index += 1
        last = end or first
        if last.date.first_day() > published:
            continue  # (what is planned is not yet an event)
        title = _event_title(text, first.start, last.end, floor)
        floor = last.end
        if title:
            events.append(EventProposal(first.date, end.date if end else None, title, sources))
    return events


def _event_title(text: str, start: int, end: int, floor: int) -> str:
    """What happened at the date, from its clause: "fighting broke out in April 2023" ->
    "Fighting broke out"; `floor` is where the clause may start at the earliest."""
    before, after = text[floor:start], text[end:]
    lead = _DATE_LEAD.search(before)
    if lead:
        before = before[:lead.start()]
    comma = max(before.rfind(", "), before.rfind("; "))
    clause = before[comma + 2:] if comma >= 0 else before
    since = clause.lower().rfind(" since ")
    if since >= 0:  # "... since fighting broke out in April 2023": what began then
        clause = clause[since + 7:]
    cut = _LABEL_CUT.search(after)
    rest = after[:cut.start() if cut else len(after)]
    if len(clause.split()) < 3 and not re.match(r"\s*(?:and|or|but)\b", rest):
        clause = f"{clause} {rest}"
    clause = _REPORTED.sub("", re.sub(r"^\s*(?:and|or|but|while|when|that)\s+", "", clause.strip()))
    title = _trimmed(" ".join(clause.split()[:14]))
    if len(title.split()) < 2:
        return ""
    return (title[0].upper() + title[1:])[:LONGEST["title"]]


# --- the draft ----------------------------------------------------------------------------


@dataclass
class Draft:
    figures: list[Proposal]
    events: list[EventProposal]


def propose(article: Article, hints: Sequence[SeriesHint] = ()) -> Draft:
    """The figures and events an article states, in its order, each once."""
    figures: list[Proposal] = []
    events: list[EventProposal] = []
    seen_sentences: set[str] = set()
    seen_values: set[tuple[tuple[int | float, ...], str]] = set()
    seen_dates: set[tuple[str, str]] = set()
    published = article.published.date()
    every = sentences(article)
    for sentence in every:
        headline = sentence is every[-1]
        key = sentence.text.casefold()
        if key in seen_sentences or (article.references and not sentence.sources):
            continue  # (with no references at all, the figures are proposed commented out)
        seen_sentences.add(key)
        who = claimant(sentence.text)
        for found in quantities(sentence.text):
            if (found.value, found.unit) in seen_values:
                continue
            seen_values.add((found.value, found.unit))
            label = label_of(sentence.text, found)
            series = series_for(found.unit, content_words(f"{label} {sentence.text}"), hints)
            proposal = Proposal(label, found.value, found.qualifier, found.unit, sentence.sources,
                                found.quote, who, series)
            if headline:
                figures.insert(0, proposal)
            else:
                figures.append(proposal)
        for event in events_of(sentence.text, sentence.sources, published):
            date_key = (event.date.iso, event.end.iso if event.end else "")
            if date_key not in seen_dates:
                seen_dates.add(date_key)
                events.append(event)
    return Draft(figures, events)


def series_hints(project: Project) -> list[SeriesHint]:
    """The content's series: their units and words, from the series files and the reports."""
    problems = Problems()  # (problems of other files are not the draft's to report)
    settings = Settings(project.content_dir)
    files = scan_content(settings, problems)
    hints: dict[str, SeriesHint] = {}
    for info in read_series_infos(files.series, problems):
        hints[info.slug] = SeriesHint(info.slug, info.unit, content_words(f"{info.title} {info.summary}"))
    for slug in sorted(files.figures):
        path = files.figures_file(slug)
        text = read_text(path, show(path), problems)
        figure_set = load_figures(text, show(path), problems) if text is not None else None
        for figure in figure_set.figures if figure_set else ():
            if figure.series:
                hint = hints.setdefault(figure.series, SeriesHint(figure.series, figure.unit))
                hint.unit = hint.unit or figure.unit
                hint.words |= content_words(figure.label)
    return sorted(hints.values(), key=lambda h: h.slug)


def render(draft: Draft, article_name: str, schema: str, references: bool = True) -> str:
    """The draft as YAML, in the figures file's own order of keys."""
    lines = [f"# yaml-language-server: $schema={schema}",
             f"# A draft by factsheet draft from {article_name}: review every figure and event, "
             "then run factsheet check."]
    figure_lines = []
    for proposal in draft.figures:
        item = [f"- label: {_scalar(proposal.label)}", f"  value: {_value(proposal.value)}"]
        if proposal.qualifier:
            item.append(f"  qualifier: {proposal.qualifier}")
        if proposal.unit:
            item.append(f"  unit: {_scalar(proposal.unit)}")
        if proposal.series:
            item.append(f"  series: {proposal.series}")
        if proposal.by:
            item.append(f"  by: {_scalar(proposal.by)}")
        item.append(f"  source: {_sources(proposal.sources)}")
        if proposal.quote:
            item.append(f"  quote: {_scalar(proposal.quote)}")
        figure_lines.extend(item)
    if not references and figure_lines:
        lines += ["# The article has no references, and every figure needs one: add them, then",
                  "# uncomment these figures.", "figures: []"]
        lines += [f"#   {line}" for line in figure_lines]
    else:
        lines.append("figures:" if figure_lines else "figures: []")
        lines += [f"  {line}" for line in figure_lines]
    if draft.events:
        lines.append("events:")
        for event in draft.events:
            lines.append(f"  - date: {event.date.iso}")
            if event.end:
                lines.append(f"    end: {event.end.iso}")
            lines.append(f"    title: {_scalar(event.title)}")
            if event.sources:
                lines.append(f"    source: {_sources(event.sources)}")
    return "\n".join(lines) + "\n"


_PLAIN = re.compile(r"^[A-Za-z0-9][\w ,.'’()&/–-]*$")


def _scalar(text: str) -> str:
    """Text as YAML: plain when nothing in it means something to YAML, else double-quoted."""
    if _PLAIN.match(text) and ": " not in text and " #" not in text and not text.endswith(":") \
            and not re.fullmatch(r"[-+]?[\d.,]+|true|false|null|yes|no|on|off|~", text, re.I):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value(value: tuple[int | float, ...]) -> str:
    def one(v: int | float) -> str:
        return str(v) if isinstance(v, int) else f"{v:.12f}".rstrip("0").rstrip(".")
    return one(value[0]) if len(value) == 1 else f"[{one(value[0])}, {one(value[1])}]"


def _sources(sources: tuple[int, ...]) -> str:
    return str(sources[0]) if len(sources) == 1 else "[" + ", ".join(map(str, sources)) + "]"


def checked(draft: Draft, article: Article, render_draft: Callable[[Draft], str],
            path: str) -> Draft:
    """The draft less what `factsheet check` would refuse or warn about: a quote it would not
    find (the figure stays, without it), a figure or event it would not accept."""
    def problems_of(trial: Draft) -> list[Problem]:
        problems = Problems()
        figure_set = load_figures(render_draft(trial), path, problems)
        if figure_set is not None:
            link_sheet(article, figure_set, problems)
        return [p for p in problems.items if p.path == path]

    figures = []
    for proposal in draft.figures:
        for trial in (proposal, replace(proposal, quote="")):
            if not problems_of(Draft([trial], [])):
                figures.append(trial)
                break
    events = [e for e in draft.events if not problems_of(Draft([], [e]))]
    result = Draft(figures, events)
    if problems_of(result):  # (each passes alone; together they should too)
        return Draft([], [])
    return result


def write_draft(project: Project, article_path: Path, output: str | None = None, *,
                force: bool = False) -> Path | None:
    """Draft the figures file of an article: beside it (or into `output`; "-" prints it).
    Returns the file written, None when printed; raises DraftError saying why not."""
    shown = show(article_path)
    if article_path.suffix not in (".txt", ".md"):
        raise DraftError(f"{shown}: error: an article is a .txt or .md file")
    if not article_path.is_file():
        raise DraftError(f"{shown}: error: no such article")
    slug = article_path.stem
    if not SLUG.match(slug):
        raise DraftError(f"{shown}: error: an article's name is its sheet's slug: lower-case "
                         "letters, digits and hyphens")
    target = None if output == "-" else Path(output) if output else article_path.with_suffix(".yaml")
    if target is not None and target.exists() and not force:
        raise DraftError(f"{show(target)}: error: the figures file exists already; --force "
                         "replaces it, -o - prints the draft instead")
    problems = Problems()
    article = read_article(str(article_path), slug, project.settings, problems)
    if article is None or problems.errors:
        lines = [str(p) for p in problems.sorted() if p.level == "error"]
        raise DraftError("\n".join([*lines, f"factsheet: no draft: {shown} has errors; fix them "
                                              "first"]))
    folder = (target or article_path).resolve().parent
    schema = os.path.relpath(project.root / FILES["figures"], folder)
    references = bool(article.references)

    def as_text(draft: Draft) -> str:
        return render(draft, article_path.name, schema, references)

    draft = propose(article, series_hints(project))
    if references:
        draft = checked(draft, article, as_text, show(target or article_path.with_suffix(".yaml")))
    text = as_text(draft)
    if target is None:
        sys.stdout.write(text)
        return None
    target.write_text(text, encoding="utf-8")
    return target
