"""One sheet rendered: its page (cards, timeline, the article with linked citations, the
references with backlinks), its data files, and its Fragments: its parts of the site-wide pages
(home, archive, tags, timeline, feeds, data exports, search), rendered once with ROOT where the
way back to the site root goes, so they can be placed on any page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from jinja2 import Environment
from markupsafe import Markup

from generator.model import Figure, Sheet
from generator.read.dates import format_datetime
from generator.render.embeds import (
    embed_code,
    figure_embed_height,
    figure_embed_name,
    figure_embed_title,
    figure_embeds,
    sources_text,
)
from generator.render.environment import ROOT, absolute, domain, root_of, source_name
from generator.render.exports import (
    event_csv_row,
    event_json,
    evidences,
    figure_csv_rows,
    sheet_json,
    states,
    timelinejs_event,
)
from generator.render.feeds import feed_entry, site_path
from generator.render.metadata import Publisher, front_matter
from generator.render.prose import render_markdown, render_wire_paragraphs
from generator.render.search_records import sheet_record
from generator.render.series_pages import Note

HOME_FIGURES = 3

OWN_FILES = ("sheets/{}.md", "data/{}.json", "data/{}.csv")  # a sheet's page and its data


def own_files(slug: str) -> tuple[str, str, str]:
    """A sheet's own files in the docs folder: its page and its data."""
    page, data, table = own_files_of([slug])
    return page, data, table


def own_files_of(slugs: Iterable[str]) -> list[str]:
    """The own files of many sheets, made in C rather than a loop: 30,000 at 10,000 sheets."""
    slugs = list(slugs)
    return [name for pattern in OWN_FILES for name in map(pattern.format, slugs)]


def owner(name: str) -> str:
    """The slug of a sheet's own file."""
    return name.rpartition("/")[2].partition(".")[0]  # slugs hold neither "/" nor "."


class Fragments(NamedTuple):
    """One sheet's parts of the site-wide pages, rendered: its card on the home, archive and
    tag pages (HTML, ROOT before its links), and for each event its timeline line (an HTML
    list item, ROOT before its link), its row of events.csv, its entry of timeline.json and of
    timelinejs.json, then its rows of figures.csv and its entry in the Atom feeds (ROOT before
    its link when the site's address is not known)."""

    card: str
    entry: str  # its shorter entry on tag pages
    event_lines: tuple[str, ...]
    event_csv: tuple[str, ...]
    event_json: tuple[str, ...]
    event_timelinejs: tuple[str, ...]
    figure_rows: str
    feed_entry: str
    search_record: str  # its record for the search index (search_index.record)
    embeds: tuple[str, ...] = ()  # each figure's embed page (embeds.figure_embed_name)


class _Citer:
    """Numbers each citation of a page in the order the page shows it, so every reference can
    link back to each place that cites it (a, b, c, as Wikipedia does)."""

    def __init__(self) -> None:
        self.anchors: dict[int, list[str]] = defaultdict(list)

    def __call__(self, numbers: Sequence[int]) -> Markup:
        links = []
        for n in numbers:
            anchor = f"c{n}-{len(self.anchors[n]) + 1}"
            self.anchors[n].append(anchor)
            links.append(f'<a href="#ref-{n}" id="{anchor}">{n}</a>')
        return Markup(f'<sup>[{", ".join(links)}]</sup>')

    def backlinks(self, number: int) -> list[tuple[str, str]]:
        """(letter, anchor) pairs: ("a", "c1-1"), ("b", "c1-2"), ..."""
        return [(_letter(i), a) for i, a in enumerate(self.anchors.get(number, []))]


def _letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def render_sheet(env: Environment, sheet: Sheet, notes: dict[int, Note] | None = None) -> str:
    """A sheet's page; `notes` are what its cards say of their series, by figure number."""
    cite = _Citer()
    article = sheet.article
    publisher: Publisher = env.globals["publisher"]  # type: ignore[assignment]
    address = absolute(publisher.url, site_path(env, "sheets/" + sheet.slug)) if publisher.url else ""

    def article_html() -> Markup:
        if article.format == "markdown":
            return Markup(render_markdown(article.body_markdown, cite))
        return Markup(render_wire_paragraphs(article.paragraphs, cite))

    root = root_of(env, own_files(sheet.slug)[0])
    site_name: str = env.globals["site_name"]  # type: ignore[assignment]

    def embed(figure: Figure) -> tuple[str, str]:
        """A figure's embed code, and its embed page from this page."""
        name = figure_embed_name(sheet.slug, figure.number)
        return embed_code(publisher.url, root, name, figure_embed_title(figure, site_name),
                          figure_embed_height(figure, sheet.title, sources_text(sheet, figure))), root + name

    return env.get_template("sheet.md.j2").render(
        front_matter=Markup(front_matter(sheet, publisher, address,
                                         f"cards/sheets/{sheet.slug}.png" if env.globals["cards"] else "")),
        sheet=sheet,
        published=format_datetime(article.published, article.zone),
        published_iso=article.published.isoformat(),
        cite=cite,
        article_html=article_html,
        domain=domain,
        notes=notes or {},
        evidence=dict(zip((f.number for f in sheet.figures), evidences(sheet), strict=True)),
        states={state.number: state for state in states(sheet)},
        references={r.number: r for r in sheet.references},
        root=root,
        embed=embed,
    )


def render_sheet_files(env: Environment, sheet: Sheet, fragments: Fragments,
                       notes: dict[int, Note] | None = None) -> dict[str, str]:
    """The sheet's own files (own_files): its page and its data, by path in the docs folder."""
    page, data, table = own_files(sheet.slug)
    return {
        page: render_sheet(env, sheet, notes),
        data: sheet_json(sheet),
        table: figure_csv_rows(None) + fragments.figure_rows,
    }


def render_fragments(env: Environment, sheet: Sheet, site_url: str = "") -> Fragments:
    """The sheet's parts of the site-wide pages."""
    card = env.get_template("_sheet_item.md.j2")
    line = env.get_template("_event_line.md.j2")
    titles = {sheet.slug: sheet.title}
    events = sheet.events
    cited = {r.number: r for r in sheet.references}
    address = absolute(site_url, site_path(env, "sheets/" + sheet.slug)) if site_url else ""
    return Fragments(
        card=card.render(sheet=sheet, prefix=ROOT, home_figures=HOME_FIGURES),
        entry=env.get_template("_sheet_entry.md.j2").render(sheet=sheet, prefix=ROOT),
        event_lines=tuple(line.render(event=e, titles=titles, prefix=ROOT) for e in events),
        event_csv=tuple(event_csv_row(e) for e in events),
        event_json=tuple(event_json(e) for e in events),
        event_timelinejs=tuple(timelinejs_event(e, sheet.title, k, address,
                                                [(cited[n].url, source_name(cited[n])) for n in e.sources
                                                 if n in cited])
                               for k, e in enumerate(events, 1)),
        figure_rows=figure_csv_rows(sheet),
        feed_entry=feed_entry(env, sheet, address),
        search_record=sheet_record(sheet, site_path(env, "sheets/" + sheet.slug)),
        embeds=figure_embeds(env, sheet, site_url, env.globals["site_name"])  # type: ignore[arg-type]
        if env.globals["embeds"] else (),
    )
