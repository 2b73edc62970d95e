"""Embeds: a figure card or a series chart in someone else's page, and a series chart to
download for a slide or a report.

- An embed page (embed/sheets/<slug>/figure-<n>.html, embed/series/<slug>.html) is a small
  HTML page without the site's header, navigation or script: the card or the chart, the
  chart's description in words, and a link back. Its only request is the site's own
  embed.css, so an embed asks nothing of any other host. Its links open in a new tab (the
  page embedding it stays).
- The embed code (an <iframe> snippet) is shown on the card and the series page as text a
  reader can select without JavaScript; factsheet.js adds a button that copies it.
- A chart download (charts/<slug>.svg, charts/<slug>.png) is the chart with its title, its
  description and its source written in, styled without the site's stylesheet; the PNG is
  drawn from that SVG by resvg, with the font of the social cards.

Text from content reaches these pages only escaped (by autoescape and |html), as everywhere."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import font_source_sans_pro  # type: ignore[import-untyped]
import resvg_py
from jinja2 import Environment
from markupsafe import escape

from generator.check.numbers import format_value
from generator.check.series import full_value, short_value
from generator.model import Figure, Report, Series, Sheet
from generator.render import chart
from generator.render.environment import absolute, source_name
from generator.render.feeds import site_path

CHART_EMBED = "embed/series/{slug}.html"
CHART_FILES = ("charts/{slug}.svg", "charts/{slug}.png")


def figure_embed_names(slug: str, numbers: Sequence[int]) -> list[str]:
    """The embed pages of a sheet's figures, embed/sheets/<slug>/figure-<n>.html (50,000 names
    at 10,000 sheets: made without str.format)."""
    folder = f"embed/sheets/{slug}/figure-"
    return [f"{folder}{n}.html" for n in numbers]


def figure_embed_name(slug: str, number: int) -> str:
    return figure_embed_names(slug, (number,))[0]


def chart_embed_name(slug: str) -> str:
    return CHART_EMBED.format(slug=slug)


def _root(name: str) -> str:
    """The way back to the site root from an embed page or chart file (served as they are)."""
    return "../" * name.count("/")


def _address(env: Environment, name: str, page: str, site_url: str) -> str:
    """The address of the site's `page` ("sheets/x") from the file `name`: absolute when the
    site's URL is known (the embed is read in another site's page, the download anywhere)."""
    path = site_path(env, page)
    return absolute(site_url, path) if site_url else _root(name) + path


# --- how tall an embed is ------------------------------------------------------------------

# What a line of text costs at the embed's 16 px type, at the narrowest width it is made for
# (300 px: a phone's column): about 36 characters a line. The test measures that the content
# fits at 320 px and at 640 px.
_LINE = 24
_CHARACTERS = 36


def _lines(text: str) -> int:
    return max(1, math.ceil(len(text) / _CHARACTERS))


def sources_text(sheet: Sheet, figure: Figure) -> str:
    """The names of the references a figure cites, as its embed lists them."""
    cited = {r.number: r for r in sheet.references}
    return ", ".join(source_name(cited[n]) for n in figure.sources if n in cited)


def figure_embed_height(figure: Figure, title: str, source: str) -> int:
    """The iframe height that shows the whole card at 300 px wide and more."""
    lines = _lines(figure.label) + _lines(_meta(figure, source)) + _lines(title) + 1
    # the page's padding (24), the value in 2em type (56), the lines and the margins between
    # the paragraphs and above the credit's rule (24)
    return 24 + 56 + lines * _LINE + 24


def chart_embed_height(series: Series) -> int:
    """The iframe height that shows the whole chart page at 600 px wide (an article's column):
    the chart 400:250 across 572 px, the title and description wrapped at that width. A
    narrower page draws the chart smaller by more than its text grows."""
    title = math.ceil(len(series.title) / 48) * 23
    description = math.ceil(len(chart_description(series)) / 70) * 21
    return 12 + title + 6 + 358 + 6 + description + 52 + 12


def _meta(figure: Figure, source: str) -> str:
    parts = []
    if figure.as_of:
        parts.append(f"As of {figure.as_of.display}")
    if figure.by:
        parts.append(f"stated by {figure.by}")
    if source:
        parts.append(f"source: {source}")
    return ", ".join(parts)


def embed_code(site_url: str, root: str, name: str, title: str, height: int) -> str:
    """The <iframe> snippet a reader copies into their page, full width at a fixed height, of
    the embed page `name`: at its absolute address when the site's URL is known, else at its
    address from the page (`root` leads to the site root) that the page's script makes absolute."""
    src = absolute(site_url, name) if site_url else root + name
    return (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
            f'style="border:0;max-width:100%" loading="lazy"></iframe>')


# --- the pages ----------------------------------------------------------------------------

def figure_embeds(env: Environment, sheet: Sheet, site_url: str, site_name: str) -> tuple[str, ...]:
    """The embed page of each of the sheet's figures, in order."""
    template = env.get_template("embed_figure.html.j2")
    cited = {r.number: r for r in sheet.references}
    pages = []
    for figure in sheet.figures:
        name = figure_embed_name(sheet.slug, figure.number)
        sources = [cited[n] for n in figure.sources if n in cited]
        pages.append(template.render(
            figure=figure, sheet=sheet, sources=sources, site_name=site_name, root=_root(name),
            back=_address(env, name, "sheets/" + sheet.slug, site_url) + f"#figure-{figure.number}",
            title=figure_embed_title(figure, site_name)))
    return tuple(pages)


def figure_embed_title(figure: Figure, site_name: str) -> str:
    """The embed's name (its <title>, and the iframe's title for assistive technology)."""
    return f"{figure.label}: {format_value(figure)} ({site_name})"


def chart_title(series: Series, site_name: str) -> str:
    return f"{series.title}: a chart of {len(series.reports)} reports ({site_name})"


def chart_embed(env: Environment, series: Series, site_url: str, site_name: str) -> str:
    """A series chart's embed page."""
    name = chart_embed_name(series.slug)
    root = _root(name)

    def card(report: Report) -> str:
        return _address(env, name, "sheets/" + report.sheet, site_url) + f"#figure-{report.number}"

    return env.get_template("embed_chart.html.j2").render(
        series=series, site_name=site_name, root=root, title=chart_title(series, site_name),
        chart=chart.chart_svg(series, card, "chart-title", described_by="chart-description"),
        description=chart_description(series),
        back=_address(env, name, "series/" + series.slug, site_url))


# --- the chart's description --------------------------------------------------------------

def chart_description(series: Series) -> str:
    """What the chart shows, in a sentence or two written from the data: how many reports,
    from when to when, where the value went, and where sources disagree."""
    reports = [placed.report for placed in series.reports]
    first, last = reports[0], reports[-1]
    if len(reports) == 1:
        by = f", stated by {first.by}" if first.by else ""
        return f"One report: {full_value(first)} {_on(first)}{by}."
    middle = [_middle(r) for r in reports]
    if middle[-1] > middle[0]:
        change = "rose"
    elif middle[-1] < middle[0]:
        change = "fell"
    else:
        change = "was the same"
    span = f"{len(reports)} reports, {first.as_of.display} to {last.as_of.display}: the figure"
    if change == "was the same":
        sentence = f"{span} was {full_value(first)} {_on(first)} and {full_value(last)} {_on(last)}"
    else:
        sentence = f"{span} {change} from {full_value(first)} {_on(first)} to {full_value(last)} {_on(last)}"
    peak = max(range(len(reports)), key=middle.__getitem__)
    if 0 < peak < len(reports) - 1 and middle[peak] > max(middle[0], middle[-1]):
        sentence += f", with a high of {short_value(reports[peak])} {_on(reports[peak])}"
    sentence += "."
    pairs = series.pairs()
    for earlier, later in pairs[:2]:
        a, b = earlier.report, later.report
        sentence += (f" Sources disagree {_on(b)}: {short_value(a)}{_by(a)} against "
                     f"{short_value(b)}{_by(b)}.")
    if len(pairs) > 2:
        sentence += f" They disagree {len(pairs) - 2} more {'time' if len(pairs) == 3 else 'times'}."
    return sentence


def _on(report: Report) -> str:
    """"on 8 May 2025", "in May 2025", "in 2025"."""
    return f"{'on' if report.as_of.day else 'in'} {report.as_of.display}"


def _middle(report: Report) -> float:
    return (float(report.value[0]) + float(report.value[-1])) / 2


def _by(report: Report) -> str:
    return f" ({report.by})" if report.by else ""


# --- the downloads ------------------------------------------------------------------------

# The chart's classes drawn without the site's stylesheet: the light scheme's colours.
_STYLE = """
text{font-family:"Source Sans Pro",sans-serif;font-size:11.5px;fill:#5f5f5f}
.fs-title{font-size:15px;font-weight:600;fill:#1f1f1f}
.fs-credit{font-size:9.5px}
.fs-chart-grid{stroke:#e4e4e4;stroke-width:1}
.fs-chart-baseline{stroke:#8a8a8a;stroke-width:1.2}
.fs-chart-dot,.fs-chart-bar{fill:#3f51b5;stroke:#3f51b5;stroke-width:1.5}
.fs-chart-hollow{fill:#fff}
.fs-chart-whisker,.fs-chart-open,.fs-chart-arrow,.fs-chart-span{stroke:#3f51b5;stroke-width:1.5;fill:none}
.fs-chart-open{stroke-dasharray:4 3}
.fs-chart-span{stroke-width:3;opacity:.35;stroke-linecap:round}
.fs-chart-ring{fill:none;stroke:#b3261e;stroke-width:2}
.fs-chart-conflict{stroke:#b3261e;stroke-width:1.2;stroke-dasharray:2 3}
.fs-chart-target{fill:none}
"""

_TITLE_CHARACTERS = 52  # of the title's 15 px type across the chart's 400 units


def chart_download_svg(env: Environment, series: Series, site_url: str, site_name: str) -> str:
    """The chart as a file of its own: its title above, its source below, its description as
    its <desc>; each mark still links to its report (absolute when the site's URL is known)."""
    name = CHART_FILES[0].format(slug=series.slug)

    def card(report: Report) -> str:
        return _address(env, name, "sheets/" + report.sheet, site_url) + f"#figure-{report.number}"

    inner = str(chart.chart_svg(series, card, "t"))
    inner = inner.replace(' role="group" aria-labelledby="t"', "").replace(' class="fs-chart"', "")
    title = _wrap(series.title, _TITLE_CHARACTERS)[:2]
    top = 10 + 19 * len(title)
    width, height = chart.WIDTH, chart.HEIGHT + top + 22
    credit = f"{site_name}: {len(series.reports)} reports from news articles"
    if site_url:
        credit += " · " + absolute(site_url, site_path(env, "series/" + series.slug))
    lines = "".join(f'<text class="fs-title" x="12" y="{22 + 19 * i}">{escape(line)}</text>'
                    for i, line in enumerate(title))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width * 2}" '
            f'height="{height * 2}" role="img" aria-labelledby="t d">'
            f'<title id="t">{escape(series.title)}</title>'
            f'<desc id="d">{escape(chart_description(series))}</desc>'
            f"<style>{_STYLE.strip()}</style>"
            f'<rect width="{width}" height="{height}" fill="#fff"/>{lines}'
            f'<svg y="{top}" width="{chart.WIDTH}" height="{chart.HEIGHT}"'
            f'{inner.removeprefix("<svg")}'
            f'<text class="fs-credit" x="12" y="{height - 8}">{escape(credit)}</text></svg>\n')


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@functools.cache
def _fonts() -> list[str]:
    return [font_source_sans_pro.font_files_ttf[name] for name in ("SourceSansPro", "SourceSansProSemibold")]


def chart_png(svg: str) -> bytes:
    """The chart download drawn as a PNG, 1,200 pixels wide (three times its SVG units)."""
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=chart.WIDTH * 3, skip_system_fonts=True,
                                       font_files=_fonts(), font_family="Source Sans Pro"))


def chart_files(env: Environment, series: Series, site_url: str, site_name: str,
                ) -> dict[str, Callable[[], str | bytes]]:
    """The chart downloads of a series, by name, each made when called."""
    svg = functools.cache(lambda: chart_download_svg(env, series, site_url, site_name))
    svg_name, png_name = (pattern.format(slug=series.slug) for pattern in CHART_FILES)
    return {svg_name: svg, png_name: lambda: chart_png(svg())}
