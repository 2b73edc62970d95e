"""Drafting an article's figures file: a figure for each quantity the article states and an
event for each date, written as YAML for the author to review.

The reading is the project's own, in the order a person reads: the article is cut into
sentences (sentences.py), each read for quantities (quantities.py), who states them and a
label (labels.py), and dated events (events.py). The quote is the article's exact words from
the qualifier to the unit. Before the draft is written it is checked as `factsheet check`
would check it, the pages its article cites and the series it proposes included, and what the
check would refuse or warn about is dropped: a draft always passes, and adds no warning
anywhere in the site."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from generator.authoring.events import EventProposal, events_of
from generator.authoring.labels import SeriesHint, claimant, content_words, label_of, series_for
from generator.authoring.quantities import quantities
from generator.authoring.schema import FILES
from generator.authoring.sentences import sentences
from generator.check.evidence import weigh
from generator.check.linking import link_sheet
from generator.check.series import gather_one, reports_of
from generator.model import Article, Sheet
from generator.pipeline import load_sheet
from generator.problems import Problem, Problems
from generator.project import Project
from generator.read.content import (
    RESERVED,
    ContentFiles,
    not_a_slug,
    read_article,
    read_series_infos,
    scan_content,
    show,
    slug_for,
)
from generator.read.figures import load_figures
from generator.read.files import read_text
from generator.read.sources import cached_text, read_records


class DraftError(Exception):
    """Why no draft was written (the message is ready to print)."""


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


def series_hints(project: Project, files: ContentFiles | None = None) -> list[SeriesHint]:
    """The content's series: their units and words, from the series files and the reports
    (`files`: the content folder as scanned, else scanned here)."""
    problems = Problems()  # (problems of other files are not the draft's to report)
    files = files or scan_content(project.settings, problems)
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
                hint.sheets.add(slug)
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
            path: str, weigh_sheet: Callable[[Sheet, Problems], object] | None = None) -> Draft:
    """The draft less what `factsheet check` would refuse or warn about: a quote it would not
    find (the figure stays, without it), a figure or event it would not accept, a figure the
    page it cites does not state (`weigh_sheet` weighs it against the kept source records)."""
    def problems_of(trial: Draft) -> list[Problem]:
        problems = Problems()
        figure_set = load_figures(render_draft(trial), path, problems)
        if figure_set is not None:
            sheet = link_sheet(article, figure_set, problems)
            if weigh_sheet is not None and not problems.errors:
                weigh_sheet(sheet, problems)
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


def in_agreement(draft: Draft, article: Article, render_draft: Callable[[Draft], str], path: str,
                 project: Project, files: ContentFiles, hints: Sequence[SeriesHint]) -> Draft:
    """The draft less the series it proposes where its figure would make the check warn
    elsewhere: a disagreement or a revision with another sheet's report, a unit that differs.
    The series' other sheets are read as the check reads them; the figure stays, without its
    series."""
    proposed = {p.series for p in draft.figures if p.series}
    if not proposed:
        return draft
    settings = project.settings
    members = set().union(*(h.sheets for h in hints if h.slug in proposed)) - {article.slug}
    others = [r for slug in sorted(members) if slug in files.articles
              for sheet in [load_sheet(slug, files, settings, Problems())] if sheet is not None
              for r in reports_of(sheet)]
    infos = {i.slug: i for i in read_series_infos(files.series, Problems())}

    def said(series: str, trial: Draft) -> Counter[str]:
        problems = Problems()
        reports = [r for r in others if r.series == series]
        figure_set = load_figures(render_draft(trial), path, problems)
        if figure_set is not None:
            reports += [r for r in reports_of(link_sheet(article, figure_set, Problems()))
                        if r.series == series]
        if reports:
            gather_one(series, reports, infos.get(series), problems)
        return Counter(str(p) for p in problems.items)

    kept: list[Proposal] = []
    for proposal in draft.figures:
        if proposal.series:
            before = said(proposal.series, Draft(kept, []))
            if said(proposal.series, Draft([*kept, proposal], [])) - before:
                proposal = replace(proposal, series="")
        kept.append(proposal)
    return Draft(kept, draft.events)


class Drafted(NamedTuple):
    path: Path | None  # the file written (None: printed)
    figures: int
    events: int


def write_draft(project: Project, article_path: Path, output: str | None = None, *,
                force: bool = False) -> Drafted:
    """Draft the figures file of an article: beside it (or into `output`; "-" prints it).
    Says what it wrote; raises DraftError saying why not."""
    shown = show(article_path)
    if article_path.suffix not in (".txt", ".md"):
        raise DraftError(f"{shown}: error: an article is a .txt or .md file")
    if not article_path.is_file():
        raise DraftError(f"{shown}: error: no such article")
    slug = slug_for(article_path.stem)  # (as check and build read the name, and word what is wrong)
    if slug is None:
        raise DraftError(f"{shown}: error: {not_a_slug(article_path.stem, article_path.suffix)}")
    if slug in RESERVED:
        raise DraftError(f"{shown}: error: {slug!r} is a reserved name; choose another slug")
    # Beside the article, named for its sheet (an article named as it came gets a figures file
    # that needs no warning of its own), or the figures file it has already, whatever its name.
    beside = next((p for p in (article_path.with_suffix(".yaml"), article_path.with_name(slug + ".yaml"))
                   if p.exists()), article_path.with_name(slug + ".yaml"))
    target = None if output == "-" else Path(output) if output else beside
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

    files = scan_content(project.settings, Problems())  # (read once: for the series, records, sheets)
    hints = series_hints(project, files)
    draft = propose(article, hints)
    if references:
        records = read_records((r.url for r in article.references), project.settings.sources_dir,
                               files.records, Problems())
        text_of = functools.partial(cached_text, project.settings.sources_cache)

        def weigh_sheet(sheet: Sheet, problems: Problems) -> object:
            return weigh(sheet, records, text_of, problems)

        shown_target = show(target or beside)
        draft = checked(draft, article, as_text, shown_target, weigh_sheet)
        draft = in_agreement(draft, article, as_text, shown_target, project, files, hints)
    text = as_text(draft)
    if target is not None:
        target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return Drafted(target, len(draft.figures), len(draft.events))


def missing_drafts(project: Project) -> list[Path]:
    """The articles that have no figures file yet."""
    files = scan_content(project.settings, Problems())
    return [Path(files.article(slug)) for slug in sorted(files.articles.keys() - files.figures)]
