"""Rendering the model into the site's Markdown and data files, with Jinja2 templates.

Content reaches templates only as variables, never as template source, and every variable is
escaped for where it lands: ``|md`` on Markdown lines, HTML autoescaping inside HTML blocks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dates import format_datetime
from .escape import html_text, markdown_text
from .exports import events_csv, figures_csv, sheet_csv, sheet_json, timeline_json
from .metadata import front_matter
from .model import Event, Reference, Sheet, Site
from .numbers import format_value, value_parts
from .prose import render_markdown, render_wire_paragraphs

HOME_FIGURES = 3


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=markdown_text, html=html_text, value=format_value,
                       value_parts=value_parts, source_name=source_name)
    return env


class _Citer:
    """Numbers each citation of a page in the order the page shows it, so every reference can
    link back to each place that cites it (a, b, c, as Wikipedia does)."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.anchors: dict[int, list[str]] = defaultdict(list)

    def __call__(self, numbers: Sequence[int]) -> Markup:
        links = []
        for n in numbers:
            anchor = f"cite-{n}-{len(self.anchors[n]) + 1}"
            self.anchors[n].append(anchor)
            links.append(f'<a href="#ref-{n}" id="{anchor}">{n}</a>')
        return Markup(f'<sup class="fs-cite">[{", ".join(links)}]</sup>')

    def backlinks(self, number: int) -> list[tuple[str, str]]:
        """(letter, anchor) pairs: ("a", "cite-1-1"), ("b", "cite-1-2"), ..."""
        anchors = self.anchors.get(number, [])
        return [(_letter(i), a) for i, a in enumerate(anchors)]


def _letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def source_name(reference: Reference) -> str:
    """What a reference list shows besides the link: title, else publisher, else the domain."""
    return reference.title or reference.publisher or domain(reference.url)


def domain(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def render_sheet(env: Environment, sheet: Sheet) -> str:
    cite = _Citer(sheet.slug)
    article = sheet.article

    def article_html() -> Markup:
        if article.format == "markdown":
            return Markup(render_markdown(article.body_markdown, cite))
        return Markup(render_wire_paragraphs(article.paragraphs, cite))

    return env.get_template("sheet.md.j2").render(
        front_matter=Markup(front_matter(sheet)),
        sheet=sheet,
        published=format_datetime(article.published, article.zone),
        published_iso=article.published.isoformat(),
        cite=cite,
        article_html=article_html,
        domain=domain,
    )


def render_site(env: Environment, site: Site, site_name: str = "Fact sheets") -> dict[str, str]:
    """Every generated file of the docs folder, by path relative to it."""
    files: dict[str, str] = {}
    for sheet in site.sheets:
        files[f"sheets/{sheet.slug}.md"] = render_sheet(env, sheet)
        files[f"data/{sheet.slug}.json"] = sheet_json(sheet)
        files[f"data/{sheet.slug}.csv"] = sheet_csv(sheet)
    events = all_events(site)
    by_slug = {s.slug: s for s in site.sheets}
    files["index.md"] = env.get_template("home.md.j2").render(
        site=site, site_name=site_name, home_figures=HOME_FIGURES)
    files["timeline.md"] = env.get_template("timeline.md.j2").render(
        years=_by_year(events), sheets=by_slug)
    tags: dict[str, list[Sheet]] = defaultdict(list)
    for sheet in site.sheets:
        for tag in sheet.tags:
            tags[tag].append(sheet)
    files["tags/index.md"] = env.get_template("tags.md.j2").render(tags=sorted(tags.items()))
    for tag, sheets in sorted(tags.items()):
        files[f"tags/{tag}.md"] = env.get_template("tag.md.j2").render(
            tag=tag, sheets=sheets, home_figures=HOME_FIGURES)
    for page in site.pages:
        files[f"pages/{page.name}.md"] = env.get_template("page.md.j2").render(
            title=page.title, body=Markup(render_markdown(page.body, relative_links=True)))
    files["data/figures.csv"] = figures_csv(site)
    files["data/events.csv"] = events_csv(events)
    files["data/timeline.json"] = timeline_json(events)
    return files


def all_events(site: Site) -> list[Event]:
    """Every sheet's events, publications included, oldest first (ties by sheet, then line)."""
    events = [e for s in site.sheets for e in s.events]
    return sorted(events, key=lambda e: (e.date.first_day(), e.date.iso, e.sheet,
                                         e.is_publication, e.line))


def _by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    years: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        years[event.date.year].append(event)
    return sorted(years.items(), reverse=True)
