"""Page metadata for sheets: a description, and JSON-LD (schema.org Article) for search engines
and archives. Written as YAML front matter under ``factsheet:``, which only our theme
override reads, so no content reaches Material's unescaped ``page.meta`` fields."""

from __future__ import annotations

import json
from typing import Any

import yaml

from .model import Figure, Sheet
from .numbers import format_value

# In a <script> element only "</" can end it; escaping <, > and & keeps any text inert there.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def front_matter(sheet: Sheet) -> str:
    data = {"factsheet": {"description": sheet.summary, "jsonld": jsonld(sheet)}}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000) + "---\n"


def jsonld(sheet: Sheet) -> str:
    article = sheet.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": sheet.title,
        "description": sheet.summary,
        "datePublished": article.published.isoformat(),
        "keywords": list(sheet.tags),
        "citation": [{"@type": "CreativeWork", "url": r.url, **({"name": r.title} if r.title else {}),
                      **({"publisher": {"@type": "Organization", "name": r.publisher}}
                         if r.publisher else {})}
                     for r in sheet.references],
        "about": [_quantity(f) for f in sheet.figures],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def _quantity(figure: Figure) -> dict[str, Any]:
    value: dict[str, Any] = {"@type": "QuantitativeValue", "name": figure.label,
                             "description": format_value(figure)}
    if figure.is_range:
        value["minValue"], value["maxValue"] = figure.value
    else:
        value["value"] = figure.value[0]
    if figure.unit:
        value["unitText"] = figure.unit
    return value
