"""Page metadata for sheets: a description, and JSON-LD (schema.org Article) for search engines
and archives. Written as YAML front matter under ``factsheet:``, which only our theme
override reads, so no content reaches Material's unescaped ``page.meta`` fields."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from generator.check.numbers import format_value
from generator.model import Figure, Sheet
from generator.render.exports import states
from generator.render.social_cards import card_alt, sheet_card_text

# In a <script> element only "</" can end it; escaping <, > and & keeps any text inert there.
# What YAML 1.1 reads as itself inside a quoted scalar; everything else (controls, and the
# line breaks NEL, LS and PS, which it would fold) is written as an escape.
_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Publisher(NamedTuple):
    """Who publishes the site, as structured data names it: MkDocs' site_author (else the
    site's name), site_url and the plugin's `license` setting ("" when not given: none is
    claimed)."""

    name: str = ""
    url: str = ""
    license: str = ""

    def organization(self) -> dict[str, Any]:
        return {"@type": "Organization", "name": self.name, **({"url": self.url} if self.url else {})}


NO_PUBLISHER = Publisher()


def front_matter(sheet: Sheet, publisher: Publisher = NO_PUBLISHER, address: str = "",
                 card: str = "") -> str:
    """YAML front matter. Each value is a JSON string, which YAML reads as a double-quoted
    scalar; characters YAML refuses in a stream are written as escapes. (PyYAML's emitter
    would do the same at a fortieth of the speed.) `address` is the sheet's absolute URL, or
    "" when the site's is not known; `card` its social card's site path, if it has one."""
    image = publisher.url.rstrip("/") + "/" + card if card and publisher.url else ""
    alt = card_alt(*sheet_card_text(sheet.title, sheet.figures, sheet.published.date())) if card else ""
    return front_matter_of(description_of(sheet.summary), jsonld(sheet, publisher, address, image), card, alt)


DESCRIPTION = 160  # characters: about what search results and link previews show of one


def description_of(summary: str) -> str:
    """The page's meta description: the summary, cut at a word before DESCRIPTION characters
    (the whole summary is on the page; a longer description is only bytes in every page)."""
    if len(summary) <= DESCRIPTION:
        return summary
    head = summary[:DESCRIPTION - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:.") + "…"


def front_matter_of(description: str, jsonld_text: str, card: str = "", card_alt: str = "") -> str:
    """The front matter of any page with a description and JSON-LD (already script-safe),
    and its social card (a site path) with the card's text alternative."""
    card_lines = f"  card: {_yaml_string(card)}\n  card_alt: {_yaml_string(card_alt)}\n" if card else ""
    return (f"---\nfactsheet:\n  description: {_yaml_string(description)}\n"
            f"  jsonld: {_yaml_string(jsonld_text)}\n{card_lines}---\n")


def _yaml_string(text: str) -> str:
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


def jsonld(sheet: Sheet, publisher: Publisher = NO_PUBLISHER, address: str = "", image: str = "") -> str:
    """schema.org Article: where it is (with the site's address), who publishes it, its image
    (the social card), the citations and the key figures."""
    article = sheet.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        **({"url": address, "mainEntityOfPage": {"@type": "WebPage", "@id": address}} if address else {}),
        "headline": sheet.title,
        "datePublished": article.published.isoformat(),
        "keywords": list(sheet.tags),
        "citation": [{"@type": "CreativeWork", "url": r.url, **({"name": r.title} if r.title else {}),
                      **({"publisher": {"@type": "Organization", "name": r.publisher}}
                         if r.publisher else {}),
                      **({"archivedAt": state.archived} if state.archived else {})}
                     for r, state in zip(sheet.references, states(sheet), strict=True)],
        "about": [_quantity(f) for f in sheet.figures],
    }
    if publisher.name:
        data["publisher"] = publisher.organization()
    if publisher.license:
        data["license"] = publisher.license
    if image:
        data["image"] = image
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def script_safe(text: str) -> str:
    """JSON that no text in it can end a <script> element with: <, > and & as escapes."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _quantity(figure: Figure) -> dict[str, Any]:
    """A key figure as schema.org says a quantity: a value, or the bounds a range or an "up
    to" or "at least" gives; "about" and "nearly", which bounds cannot say, as words too."""
    value: dict[str, Any] = {"@type": "QuantitativeValue", "name": figure.label}
    low, high = figure.value[0], figure.value[-1]
    qualifier = figure.qualifier
    if qualifier in ("up to", "less than"):
        value["maxValue"] = high
    elif qualifier in ("at least", "more than"):
        value["minValue"] = low
    elif figure.is_range:
        value["minValue"], value["maxValue"] = low, high
    else:
        value["value"] = low
    if qualifier:
        value["description"] = format_value(figure)
    if figure.unit:
        value["unitText"] = figure.unit
    return value
