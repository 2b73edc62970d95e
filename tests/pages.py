"""Reading built pages as a browser would: visible text, elements and attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_INVISIBLE = {"script", "style", "template", "title", "head"}
# Schemes that run code or smuggle documents; checked after entities and blanks are removed.
DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


@dataclass
class Page:
    text: str = ""
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.elements if t == tag)

    def handlers(self) -> list[str]:
        return [f"<{t} {a}>" for t, attrs in self.elements for a in attrs if a.startswith("on")]

    def dangerous_urls(self) -> list[str]:
        found = []
        for _, attrs in self.elements:
            for name, value in attrs.items():
                if name in URL_ATTRIBUTES and value is not None:
                    squeezed = re.sub(r"[\x00-\x20]", "", value)
                    if DANGEROUS_URL.match(squeezed):
                        found.append(f"{name}={value}")
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, dict(attrs)))
        if tag in _INVISIBLE:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = " ".join(" ".join(reader.parts).split())
    return reader.page


def visible(text: str) -> str:
    """White space folded, as a browser shows it."""
    return " ".join(text.split())
