"""Properties of the two doors of the trust model, over any text hypothesis can think of.

Door one: text through the ``md`` filter, built by Python-Markdown with the site's own
extensions (read from mkdocs.yml), shows exactly as given and adds no element or attribute.
Door two: article prose through markdown-it-py and nh3 keeps only allow-listed markup, and
wire prose shows exactly as given; the cleaned HTML then passes through Python-Markdown, inside
the sheet's HTML block, unchanged."""

from __future__ import annotations

from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Paragraph
from generator.render.escape import clean_text, html_text, markdown_text
from generator.render.prose import _ATTRIBUTES, _TAGS, render_markdown, render_wire_paragraphs

from .conftest import REPO
from .pages import read_page, visible


def _site_extensions() -> tuple[list[str], dict[str, Any]]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=Loader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, opts), = entry.items()
            names.append(name)
            options[name] = opts or {}
        else:
            names.append(entry)
    return names, options


EXTENSIONS, OPTIONS = _site_extensions()

# Text of every kind, weighted towards the characters that mean something to Markdown and HTML.
SYNTAX = "\\`*_{}[]()#+-.!|<>&:;\"'=~^$%@/?\n\t \u00a0\u2028x1"
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list(SYNTAX)), max_size=60),
    st.lists(st.sampled_from([
        "<script>alert(1)</script>", "{: onclick=x }", '{: .c #i onclick="x" }', "[a](b)", "![a](b)",
        "<div markdown=\"1\">", "</div>", "# h", "- i", "1. i", "> q", "|a|b|", "---", "***",
        "`c`", "```", "<!--", "-->", "&amp;", "&#x3C;", "[^1]", "*[HTML]: x", ": def", "\\",
        "<https://e.example>", "{{ 7*7 }}", "{% x %}", "\x02klzzwxh:0000\x03", "  ", "\n\n",
        " _em_ ", " *em* ", " __b__ ", " **b** ", "x", " ", "<b>", "&lt;",
    ]), max_size=8).map("".join),
)
# Labels and values are never empty: the loader refuses empty text.
nonempty = texts.filter(lambda t: bool(clean_text(t)))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def python_markdown(source: str) -> str:
    return str(markdown.markdown(source, extensions=EXTENSIONS, extension_configs=OPTIONS))


def shape(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """Elements and their attribute names, in order: what the page is made of."""
    return [(tag, tuple(sorted(attrs))) for tag, attrs in read_page(html).elements]


@FAST
@given(texts)
def test_md_filter_in_a_paragraph(text: str) -> None:
    html = python_markdown(f"Start {markdown_text(text)} end")
    assert shape(html) == [("p", ())]
    assert read_page(html).text == visible(f"Start {clean_text(text)} end")


@FAST
@given(texts)
def test_md_filter_in_a_heading(text: str) -> None:
    html = python_markdown(f"# Title {markdown_text(text)}")
    assert shape(html) == [("h1", ("id",))]
    assert read_page(html).text == visible(f"Title {clean_text(text)}")


@FAST
@given(nonempty, nonempty)
def test_md_filter_in_a_list_with_a_link_and_attribute_list(label: str, value: str) -> None:
    source = (f"- **{markdown_text(value)}** · {markdown_text(label)}\n"
              f"- [{markdown_text(label)}](https://example.com/){{ .fs-sheet-link }}\n")
    html = python_markdown(source)
    assert shape(html) == [("ul", ()), ("li", ()), ("strong", ()), ("li", ()),
                           ("a", ("class", "href"))]
    assert read_page(html).text == visible(
        f"{clean_text(value)} · {clean_text(label)} {clean_text(label)}")


@FAST
@given(texts)
def test_md_filter_before_a_block_attribute_list(text: str) -> None:
    html = python_markdown(f"{markdown_text('S ' + text)}\n{{: .fs-summary }}")
    assert shape(html) == [("p", ("class",))]
    assert read_page(html).text == visible("S " + clean_text(text))


@FAST
@given(texts)
def test_html_filter_inside_an_html_block(text: str) -> None:
    html = python_markdown(f'<div class="fs-figure">\n<p class="fs-label">{html_text(text)}</p>\n</div>')
    assert shape(html) == [("div", ("class",)), ("p", ("class",))]
    assert read_page(html).text == visible(clean_text(text))


@FAST
@given(st.lists(texts, min_size=1, max_size=3))
def test_wire_prose_shows_as_written_through_both_renderers(paragraphs: list[str]) -> None:
    clean = render_wire_paragraphs([Paragraph(p, 1, ()) for p in paragraphs], lambda n: "")
    assert shape(clean) == [("p", ())] * len(paragraphs)
    expected = visible(" ".join(clean_text(p) for p in paragraphs))
    assert read_page(clean).text == expected
    built = python_markdown(f'<div class="fs-article">\n{clean}\n</div>')
    assert shape(built) == [("div", ("class",))] + [("p", ())] * len(paragraphs)
    assert read_page(built).text == expected


@FAST
@given(texts)
def test_markdown_prose_keeps_only_allow_listed_markup(text: str) -> None:
    clean = render_markdown(text, lambda n: "")
    page = read_page(clean)
    for tag, attrs in page.elements:
        assert tag in _TAGS
        allowed = _ATTRIBUTES.get(tag, set()) | {"rel"}
        assert set(attrs) <= allowed, (tag, attrs)
    assert page.handlers() == [] and page.dangerous_urls() == []
    built = python_markdown(f'<div class="fs-article">\n{clean}\n</div>')
    assert shape(built) == [("div", ("class",)), *shape(clean)]
    assert read_page(built).text == page.text
