"""Door one of the trust model: untrusted text placed in Markdown or HTML that a template writes.

``markdown_text`` makes text inert for Python-Markdown with the site's extensions: every
character that could open a heading, list, link, emphasis, table cell, attribute list or tag
is backslash-escaped or written as an entity, and line breaks fold into spaces, so the reader
sees exactly the text that was given, in the place the template put it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

# Python-Markdown's ESCAPED_CHARS with the tables extension: a backslash makes each literal.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
# C0/C1 controls other than tab and newline; STX/ETX are Python-Markdown's placeholder marks.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Fold white space and drop control characters."""
    if not text.isprintable():  # (a flag check in C; most text has no control character)
        text = CONTROL.sub("", text)
    return " ".join(text.split())


def markdown_text(text: str) -> Markup:
    """Escape text for a Markdown line (Jinja filter ``md``)."""
    # (str.translate with a table of strings is ten times slower than these passes in C)
    text = clean_text(text).replace("&", "&amp;").replace("<", "&lt;")
    return Markup(_BACKSLASHED.sub(r"\\\1", text))


def html_text(text: str) -> Markup:
    """Escape text for HTML that Markdown will not touch (inside a raw HTML block)."""
    return escape(clean_text(text))


def marked_html(text: str, marks: Sequence[tuple[int, int]]) -> Markup:
    """Text escaped for HTML with the spans `marks` (start, end) in <mark>: each piece escaped
    on its own, so no mark can open or close a tag; marks out of order or overlapping are
    left out (records are content, and untrusted)."""
    pieces, at = [], 0
    for start, end in sorted(marks):
        if start < at or end > len(text) or start >= end:
            continue
        pieces.append(html_text_keeping_spaces(text[at:start]))
        pieces.append(Markup("<mark>%s</mark>") % html_text_keeping_spaces(text[start:end]))
        at = end
    pieces.append(html_text_keeping_spaces(text[at:]))
    return Markup("").join(pieces)


def html_text_keeping_spaces(text: str) -> Markup:
    """Escape for HTML, control characters dropped, spaces at the ends kept (a piece of a line)."""
    if not text.isprintable():
        text = CONTROL.sub("", text).replace("\n", " ").replace("\t", " ")
    return escape(text)
