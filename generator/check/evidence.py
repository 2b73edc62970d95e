"""The evidence rule (CONTENT-FORMAT.md, "Sources and evidence"): is a figure stated by the
page it cites? Pure functions of a figure and a source's text, and weigh(), which gives a
sheet the evidence its records hold; no I/O (cached texts come through a function given).

A figure is stated by a text when one sentence of it holds the figure's value, read as the
quote check reads numbers (digits with separators and decimals, number words, scales such as
"6 million", "6m" and "$2.5bn"; a range as both of its ends), and at least one word of the
figure's unit or label (case and plural folded). That sentence is the figure's passage."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from generator.check.numbers import numbers_in
from generator.model import (
    Evidence,
    EvidencePassage,
    Figure,
    Sheet,
    SourceMiss,
    SourcePassage,
    SourceRecord,
    SourceState,
)
from generator.problems import Problems
from generator.read.sources import record_name

# A sentence ends at . ! or ? (and a closing quote or bracket) before white space and a capital,
# a digit or an opening quote; a paragraph break ends one too. Bounded, so no text is slow.
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]?(?=\s+[\"“‘(]?[A-Z0-9])|\n\s*\n")
_WORD = re.compile(r"[^\W\d_]{3,}")  # (words of three letters or more: not "of", "to", "a")
_UNIT_WORDS = {"USD": ("dollars", "dollar", "usd"), "EUR": ("euros", "euro", "eur"),
               "GBP": ("pounds", "pound", "sterling", "gbp"), "%": ("percent", "cent")}
# "6m" is six million after a currency sign or before a noun of money; elsewhere a metre, so
# the digit alone is read too.
_MILLIONS = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)m\b")
_LONGEST_SENTENCE = 2000  # characters: longer runs (tables, lists) are cut into pieces


class Passage(NamedTuple):
    """The sentence of a source that states a figure, and where its value stands in it."""

    text: str
    start: int  # offset of the sentence in the source's text
    marks: tuple[tuple[int, int], ...]  # where the value's numbers are, within the sentence


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """The text's sentences, each with its offset; white space inside folded."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield from _pieces(text, start, m.end())
        start = m.end()
    yield from _pieces(text, start, len(text))


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    while start < end:
        stop = min(end, start + _LONGEST_SENTENCE)
        if stop < end:  # (cut at a space, so no number is cut in two)
            space = text.rfind(" ", start, stop)
            stop = space if space > start else stop
        piece = " ".join(text[start:stop].split())
        if piece:
            yield start + len(text[start:stop]) - len(text[start:stop].lstrip()), piece
        start = stop


def _folded(word: str) -> str:
    word = word.casefold()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    return {_folded(w) for w in _WORD.findall(text)}


def figure_words(figure: Figure) -> set[str]:
    """The words of the figure's unit and label that a stating sentence must share one of."""
    words = _words(f"{figure.unit} {figure.label}")
    words.update(_folded(w) for w in _UNIT_WORDS.get(figure.unit, ()))
    return words


def stated_numbers(sentence: str) -> set[float]:
    """The numbers a sentence states, as the quote check reads them, with "6m" also as six
    million."""
    found = numbers_in(sentence)
    for m in _MILLIONS.finditer(sentence):
        found.add(float(m.group(1).replace(",", "")) * 10**6)
    return found


def passage(figure: Figure, text: str) -> Passage | None:
    """The first sentence of `text` that states the figure, or None."""
    wanted = {float(v) for v in figure.value}
    words = figure_words(figure)
    for start, sentence in sentences(text):
        if wanted <= stated_numbers(sentence) and words & _words(sentence):
            return Passage(sentence, start, tuple(_marks(sentence, wanted)))
    return None


_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                r"eighty|ninety|hundred|a dozen|dozen)")
_NUMBERISH = re.compile(
    r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion|bn|tn|m)\b)?"
    rf"|\b{_NUMBER_WORD}(?:[- ](?:and )?{_NUMBER_WORD})*(?:\s+(?:thousand|million|billion|trillion))?\b",
    re.IGNORECASE)


def _marks(sentence: str, wanted: set[float]) -> Iterator[tuple[int, int]]:
    """Where the numbers that make up the value stand in the sentence (to be marked)."""
    for m in _NUMBERISH.finditer(sentence):
        if stated_numbers(m.group(0)) & wanted:
            yield m.start(), m.end()


def value_key(figure: Figure) -> str:
    """The figure's value as records keep it ("6000000", "10000 12000"): a figure whose key
    differs from the one a record found or missed was edited since, and is weighed again."""
    return " ".join(str(int(v)) if float(v).is_integer() else repr(float(v)) for v in figure.value)


_PROBLEM = {"dead": "is dead", "blocked": "may not be read", "error": "could not be read"}


def weigh(sheet: Sheet, records: Mapping[str, SourceRecord], text_of: Callable[[str], str | None],
          problems: Problems) -> Sheet:
    """The sheet with what the records say of its references, and each figure's evidence;
    a warning at each reference that could not be read and at each figure not found."""
    states = []
    for reference in sheet.references:
        record = records.get(reference.url)
        if record is None:
            states.append(SourceState(reference.number))
            continue
        states.append(SourceState(reference.number, record.status, record.final_url, record.read,
                                  record.archived_url, record.site_name, record.title))
        if record.status in _PROBLEM:
            copy = "; an archived copy is used" if record.archived_url and record.has_text else ""
            problems.warning(reference.path, reference.line, 0,
                             f"source [{reference.number}] {_PROBLEM[record.status]} ({reference.url}){copy}")
    urls = {r.number: r.url for r in sheet.references}
    evidence = []
    for figure in sheet.figures:
        cited = {urls[n]: n for n in reversed(figure.sources) if n in urls}  # (each URL once, first number)
        found, read = [], []
        for url, number in sorted(cited.items(), key=lambda item: item[1]):
            record = records.get(url)
            if record is None or not record.has_text:
                continue
            stated = _stated(sheet.slug, figure, record, text_of)
            if stated is None:
                continue
            read.append(record)
            if isinstance(stated, SourcePassage):
                found.append(EvidencePassage(number, stated.text, stated.marks, record.final_url or url,
                                             record.archived_url))
        if found:
            evidence.append(Evidence("stated", tuple(found)))
        elif read:
            evidence.append(Evidence("not-found"))
            names = ", ".join(f"{r.url} (read {r.read})" for r in read)
            problems.warning(sheet.figures_path, *figure.at("source"),
                             f"figure {figure.label!r}: not found in its sources: {names}")
        else:
            evidence.append(Evidence())
    return sheet._replace(evidence=tuple(evidence), sources=tuple(states))


def _stated(slug: str, figure: Figure, record: SourceRecord, text_of: Callable[[str], str | None]
            ) -> SourcePassage | bool | None:
    """The record's passage that states the figure; False when its text does not; None when
    that is not known (the figure was edited since, and the text is not in the cache)."""
    key = value_key(figure)
    for kept in record.passages:
        if (kept.sheet, kept.figure, kept.value) == (slug, figure.number, key):
            return kept
    if SourceMiss(slug, figure.number, key) in record.missed:
        return False
    text = text_of(record.digest)
    if text is None:
        return None
    found = passage(figure, text)
    return False if found is None else SourcePassage(slug, figure.number, found.text, found.marks, key)


def records_of(sheet: Sheet) -> tuple[str, ...]:
    """The names of the records (content/sources/) of the pages the sheet cites."""
    return tuple(dict.fromkeys(record_name(r.url) for r in sheet.references))
