"""An article as the draft reads it: sentences in order, each with the references that back
it (its citation markers, else its paragraph's, else the nearest paragraph's), and the words
every part of the reading shares (months, stop words)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import MONTHS, Article


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_CITATIONS = re.compile(r" ?\[\d[\d, –-]{0,40}\]")  # as the quote check removes them
_ABBREVIATIONS = frozenset(words(
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


MONTH = (r"(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
MONTH_NUMBER = {m.lower()[:3]: i + 1 for i, m in enumerate(MONTHS)}
STOP = frozenset(words(
    "a an the of in on at to from by for with and or but as than that which who whom whose this "
    "these those its their his her our your my since until after before during over under "
    "between into onto about around per each every last next this year years is are was were be "
    "been being has have had will would could can may might must shall should do does did not "
    "no said says say told reported according expected estimated rose fell rise fall grew grow "
    "more most less fewer up down out off"))
TIME_UNITS = frozenset(words("year years month months week weeks day days decade decades hour hours "
                             "century centuries quarter quarters"))
