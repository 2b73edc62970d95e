"""Linking articles with their figures into sheets, and every check that needs both."""

from __future__ import annotations

import re
import unicodedata

from generator.check.numbers import quote_disagreement
from generator.check.repeats import check_repeats
from generator.model import (
    Article,
    Event,
    Figure,
    FigureSet,
    Page,
    PartialDate,
    Reference,
    Series,
    Sheet,
    Site,
)
from generator.problems import Problems

SUMMARY_LENGTH = 300
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ",
})  # fmt: skip
_MARKDOWN_PUNCTUATION = re.compile(r"[*_`]")
# Both patterns stop at the next bracket and are bounded, so no input makes them quadratic.
_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]{0,500})\]\([^()\s]{0,2000}\)")
_CITATIONS = re.compile(r" ?\[\d[\d, –-]{0,40}\]")


def fold(text: str) -> str:
    """Fold case, white space, curly quotes and dashes, so a quote matches the article text."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def link_sheet(article: Article, figures: FigureSet | None, problems: Problems) -> Sheet:
    """Pair an article with its figures and check what refers to what."""
    references = _merge_references(article, figures, problems)
    numbers = {r.number for r in references}
    _check_citations(article, numbers, problems)
    check_repeats(article, problems)
    if figures is None:
        figure_list: tuple[Figure, ...] = ()
        events: tuple[Event, ...] = ()
    else:
        figure_list = figures.figures
        events = figures.events
        _check_figures(article, figures, numbers, problems)
    publication = Event(PartialDate.of(article.published.date()), None,
                        figures.title if figures and figures.title else article.headline,
                        (), article.headline_line, article.slug, True)
    timeline = sorted(
        [e._replace(sheet=article.slug) for e in events] + [publication],
        key=lambda e: (e.date.first_day(), e.is_publication, e.line),
    )
    return Sheet(
        slug=article.slug,
        title=(figures.title if figures and figures.title else article.headline),
        summary=(figures.summary if figures and figures.summary else _first_paragraph(article)),
        tags=figures.tags if figures else (),
        article=article,
        figures=figure_list,
        events=tuple(timeline),
        references=tuple(references),
        figures_path=figures.path if figures else "",
    )


def link_site(sheets: list[Sheet], pages: list[Page], series: list[Series] | None = None) -> Site:
    """Sheets newest first (ties by slug, so output never depends on file-system order)."""
    ordered = sorted(sheets, key=lambda s: s.slug)
    ordered.sort(key=lambda s: s.published.timestamp(), reverse=True)
    return Site(tuple(ordered), tuple(sorted(pages, key=lambda p: p.name)),
                tuple(sorted(series or (), key=lambda s: s.slug)))


def _first_paragraph(article: Article) -> str:
    """The default summary: the first paragraph, cut at a word near SUMMARY_LENGTH."""
    if not article.paragraphs:
        return ""
    text = article.paragraphs[0].text[: SUMMARY_LENGTH * 2]
    text = _CITATIONS.sub("", text).strip()
    if article.format == "markdown":  # a summary is plain text: keep link text, drop markup
        text = _MARKDOWN_PUNCTUATION.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text.rfind(" ", 0, SUMMARY_LENGTH)
    return text[: cut if cut > SUMMARY_LENGTH // 2 else SUMMARY_LENGTH].rstrip(",;:") + "…"


def _merge_references(article: Article, figures: FigureSet | None,
                      problems: Problems) -> list[Reference]:
    by_number = {r.number: r for r in article.references}
    if figures is None:
        return list(article.references)
    path = figures.path
    for extra in figures.references:
        known = by_number.get(extra.number)
        if known is None:
            if not extra.url:
                problems.error(path, extra.line, 0, f"reference {extra.number} is not in the article; "
                               "a new reference needs a url")
                continue
            by_number[extra.number] = Reference(article.slug, extra.number, extra.url,
                                                extra.title, extra.publisher, path, extra.line)
            continue
        if extra.url and extra.url != known.url:
            problems.error(path, extra.line, 0,
                           f"reference {extra.number} already has the URL {known.url} in the "
                           "article; leave 'url' out to add a title or publisher")
            continue
        by_number[extra.number] = known._replace(title=extra.title or known.title,
                                          publisher=extra.publisher or known.publisher)
    return [by_number[n] for n in sorted(by_number)]


def _check_citations(article: Article, numbers: set[int], problems: Problems) -> None:
    listed = ", ".join(f"[{n}]" for n in sorted(numbers)) or "none"
    for paragraph in article.paragraphs:
        for citation in paragraph.citations:
            for n in citation.numbers:
                if n not in numbers and n not in article.rejected_references:
                    problems.error(article.path, citation.line, citation.col,
                                   f"citation [{n}] has no reference; the references are {listed}")


def _check_figures(article: Article, figures: FigureSet, numbers: set[int],
                   problems: Problems) -> None:
    path = figures.path
    listed = ", ".join(str(n) for n in sorted(numbers)) or "none"
    known = numbers.union(article.rejected_references, figures.rejected_references)
    published = article.published.date()
    text = fold(" ".join([article.headline,
                          *(_CITATIONS.sub("", p.text) for p in article.paragraphs)]))
    if article.format == "markdown":
        text = _MARKDOWN_PUNCTUATION.sub("", text)
    for figure in figures.figures:
        what = f"figure {figure.label!r}"
        for n in figure.sources:
            if n not in known:
                problems.error(path, *figure.at("source"),
                               f"{what}: source {n} is not a reference of the article "
                               f"(references: {listed})")
        if figure.quote:
            quote = fold(figure.quote)
            if article.format == "markdown":
                quote = _MARKDOWN_PUNCTUATION.sub("", quote)
            if quote not in text:
                problems.error(path, *figure.at("quote"),
                               f"{what}: the quote does not occur in the article: "
                               f"{_clip(figure.quote)!r}")
            elif why := quote_disagreement(figure):
                problems.warning(path, *figure.at("quote"), f"{what}: {why}")
        if figure.as_of and figure.as_of.first_day() > published:
            problems.warning(path, *figure.at("as_of"),
                             f"{what}: as_of {figure.as_of.iso} is after the article's date "
                             f"{published.isoformat()}")
    for event in figures.events:
        what = f"event {event.title!r}"
        for n in event.sources:
            if n not in known:
                problems.error(path, *event.at("source"),
                               f"{what}: source {n} is not a reference of the article "
                               f"(references: {listed})")
        if event.date.first_day() > published:
            problems.warning(path, *event.at("date"),
                             f"{what}: date {event.date.iso} is after the article's date "
                             f"{published.isoformat()}")


def _clip(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
