"""The text of a page that was read, and what it says of itself (title, site name, author,
date): HTML through trafilatura's main-text extractor, PDF through its text layer (pypdf),
plain text as it is. The text is untrusted: it reaches the site only through the escaping door
(ARCHITECTURE.md's trust model)."""

from __future__ import annotations

import io
import logging
import re
from typing import Any, NamedTuple

MAX_PDF_PAGES = 300  # (a PDF of more is read to there: a cited figure is rarely past page 300)
MAX_TEXT = 2 * 2**20  # characters of text kept of a page
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


class Page(NamedTuple):
    kind: str  # "html", "pdf" or "text"
    text: str
    title: str = ""
    site_name: str = ""
    author: str = ""
    date: str = ""  # as the page gives it, YYYY-MM-DD where known


def extract(body: bytes, content_type: str) -> Page | None:
    """The page's text and metadata; None when it has no text to read (an image, a binary, an
    empty page, a PDF without a text layer)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or body.startswith(b"%PDF-"):
        return _pdf(body)
    if kind in ("text/html", "application/xhtml+xml") or (not kind and body.lstrip()[:1] == b"<"):
        return _html(body, _charset(content_type))
    if kind == "text/plain":
        text = _decode(body, _charset(content_type))
        return Page("text", _clean(text)) if text.strip() else None
    return None


def _charset(content_type: str) -> str:
    found = _CHARSET.search(content_type)
    return found[1] if found else ""


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # (a charset no codec knows)
        return body.decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    """Text without NUL and other control characters but line breaks and tabs, and bounded."""
    return "".join(c for c in text[:MAX_TEXT] if c in "\n\t" or c.isprintable())


def _html(body: bytes, charset: str) -> Page | None:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # (its warnings are not ours)
    document: str | bytes = _decode(body, charset) if charset else body  # (else it detects)
    text = trafilatura.extract(document, include_comments=False, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        return None
    meta = trafilatura.extract_metadata(document)
    # (each line is a block of the page, a heading or a paragraph: a sentence ends with it)
    text = re.sub(r"\n+", "\n\n", text.strip())
    return Page("html", _clean(text), *(_clean(str(getattr(meta, name, None) or ""))[:300]
                                        for name in ("title", "sitename", "author", "date")))


def _pdf(body: bytes) -> Page | None:
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        parts = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT:
                break
        info: Any = reader.metadata or {}
        title, author = str(info.get("/Title") or ""), str(info.get("/Author") or "")
    except Exception:  # (any damaged or hostile PDF: no text)
        return None
    text = "\n\n".join(parts)
    return Page("pdf", _clean(text), _clean(title)[:300], "", _clean(author)[:300]) if text.strip() else None
