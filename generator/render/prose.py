"""Door two of the trust model: article prose. Wire text is plain text, HTML-escaped, so it
holds no markup but our citation links. Markdown bodies go through markdown-it-py with raw
HTML disabled, and the result is cleaned by the nh3 allow-list sanitizer, which keeps only the
tags, attributes and links listed here."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from markupsafe import escape

from generator.model import Paragraph
from generator.read.articles import CITATION, citation_numbers
from generator.render.escape import CONTROL

if TYPE_CHECKING:
    from markdown_it.rules_inline import StateInline

# nh3 and markdown-it-py are imported where used: wire articles need neither, and together
# they add a twentieth of a second to every start.

CiteHtml = Callable[[Sequence[int]], str]

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "sup",
    "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "id"}, "sup": {"class", "id"}, "ol": {"start"}}
_SAFE_HREF = re.compile(r"^(https?://[^\s]+|#[A-Za-z0-9_-]+)$")
_RELATIVE_HREF = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\]{2})[^\s\\]+$")


def sanitize(html: str, *, relative_links: bool = False) -> str:
    """Keep only allow-listed tags and attributes; links only to http(s) or an anchor here."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "href":
            return value
        if _SAFE_HREF.match(value) or (relative_links and _RELATIVE_HREF.match(value)):
            return value
        return None

    import nh3

    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, attribute_filter=keep,
                     url_schemes={"http", "https"}, link_rel="noopener noreferrer nofollow",
                     strip_comments=True)


def render_wire_paragraphs(paragraphs: Sequence[Paragraph], cite: CiteHtml) -> str:
    """Plain-text paragraphs as HTML, each citation marker replaced by its linked marker."""
    out = []
    for paragraph in paragraphs:
        parts, position = [], 0
        for citation in paragraph.citations:
            parts.append(_plain(paragraph.text[position:citation.start]))
            parts.append(cite(citation.numbers))
            position = citation.end
        parts.append(_plain(paragraph.text[position:]))
        out.append("<p>" + "".join(parts) + "</p>")
    # Escaped text cannot open a tag, so there is nothing for nh3 to clean (it cost more than
    # the rest of the page); tests/test_escaping_properties.py checks the output stays inert.
    return "\n".join(out)


def _plain(text: str) -> str:
    return str(escape(CONTROL.sub("", text)))


def render_markdown(text: str, cite: CiteHtml | None = None, *, relative_links: bool = False
                    ) -> str:
    """A Markdown body as clean HTML: CommonMark with raw HTML off, citation markers linked."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    if cite is not None:
        md.inline.ruler.before("link", "citation", _citation_rule)
        md.add_render_rule("citation", lambda _self, tokens, idx, _opts, _env: cite(tokens[idx].meta["n"]))
    # Images would load from other hosts; a reader sees their description instead.
    md.add_render_rule("image", lambda self, tokens, idx, opts, env: str(
        escape(self.renderInlineAsText(tokens[idx].children or [], opts, env))))
    md.options["maxNesting"] = 50
    return sanitize(md.render(CONTROL.sub("", text)), relative_links=relative_links)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    m = CITATION.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"n": citation_numbers(m.group(1))[0]}
    state.pos = m.end()
    return True
