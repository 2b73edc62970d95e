"""JSON Schemas of the figures file and the series file, for editors (the VS Code YAML
extension completes keys, explains them and underlines mistakes as they are typed).

They are built from the loader's own lists of keys, required keys, qualifiers, patterns and
lengths (figures.py), so they cannot drift from what `factsheet check` accepts; the shipped
copies in schemas/ are kept equal to these by a test. What a schema cannot see is left to
the check and said in the descriptions: that a source is a reference of the article, that a
quote occurs in it, that a range is low < high, that a number is written in plain digits
(YAML reads 1e3 and 0x1F as numbers; the check refuses them), a day that is not in the
calendar (2025-02-30)."""

from __future__ import annotations

import json
from typing import Any

from generator.read.figures import (
    EVENT_KEYS,
    EVENT_REQUIRED,
    FIGURE_KEYS,
    FIGURE_REQUIRED,
    LONGEST,
    QUALIFIERS,
    REFERENCE_KEYS,
    RESERVED_SERIES,
    SERIES_KEYS,
    SLUG,
    TOP_KEYS,
)
from generator.read.strict_yaml import INTEGER

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"figures": "schemas/figures.schema.json", "series": "schemas/series.schema.json"}
# A date as the loader reads it (dates.py), month and day in range; a bare year is a number
# to YAML, so it is accepted as one.
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

Schema = dict[str, Any]


def _text(name: str, description: str, example: str) -> Schema:
    """Plain text: any scalar is read as the text written (NO is the text NO), so numbers and
    true/false are text too; never nothing, never only white space."""
    return {"description": description, "type": ["string", "number", "boolean"],
            "minLength": 1, "maxLength": LONGEST[name], "pattern": r"\S", "examples": [example]}


def _slug(description: str, example: str, reserved: frozenset[str]) -> Schema:
    return {"description": description, "type": "string", "pattern": SLUG.pattern,
            "not": {"enum": sorted(reserved)}, "examples": [example]}


def _date(description: str, example: str) -> Schema:
    return {"description": description, "examples": [example],
            "oneOf": [{"type": "string", "pattern": DATE_PATTERN},
                      {"type": "integer", "minimum": 1000, "maximum": 9999}]}


def _sources(description: str) -> Schema:
    number = {"type": "integer"}
    return {"description": description, "examples": [1, [1, 2]],
            "oneOf": [number, {"type": "array", "items": number, "minItems": 1}]}


def _list(description: str, items: Schema, example: Any) -> Schema:
    """A list, which may be left empty (`figures:` with nothing after it)."""
    return {"description": description, "type": ["array", "null"], "items": items,
            "examples": [example]}


def _mapping(description: str, properties: dict[str, Schema], order: tuple[str, ...],
             required: tuple[str, ...] = ()) -> Schema:
    assert tuple(properties) == order, "keep the schema's keys in the loader's order"
    schema: Schema = {"description": description, "type": "object", "properties": properties,
                      "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _figure_schema() -> Schema:
    number = {"type": "number"}
    return _mapping("One key figure of the article.", {
        "label": _text("label", "What the number counts, in plain text. Required.",
                       "Artillery shells shipped to Russia since 2022"),
        "value": {"description": "The number, in plain digits (6000000, 2.5), or a range "
                                 "[low, high] with low < high. Required.",
                  "examples": [6000000, [10000, 12000]],
                  "oneOf": [number, {"type": "array", "items": number, "minItems": 2,
                                     "maxItems": 2}]},
        "qualifier": {"description": "How the article bounds the number.",
                      "enum": list(QUALIFIERS), "examples": ["up to"]},
        "unit": _text("unit", "What is counted, in plain text; a currency as USD, EUR or GBP "
                              "shows as $, € or £, and % sticks to the number.", "troops"),
        "as_of": _date("The date the figure holds for: YYYY, YYYY-MM or YYYY-MM-DD; by default "
                       "the article's date.", "2025-05-07"),
        "source": _sources("The article's reference number that supports the figure, or a list "
                           "of them. Required; each must be a reference of the article."),
        "quote": _text("quote", "The article's own words that state the figure; the check "
                                "finds them in the article (case, white space, curly quotes "
                                "and dashes aside) and compares their numbers with the value.",
                       "up to six million artillery shells"),
        "note": _text("note", "A remark for readers, in plain text.",
                      "estimate by South Korean lawmakers"),
        "series": _slug("The series this figure is a report of: one figure tracked across "
                        "articles (content/series/<slug>.yaml may describe it). Every report of "
                        "a series has the same unit.", "nk-troops-russia", RESERVED_SERIES),
        "by": _text("by", "Who states the figure (not the outlet that reports it); two reports "
                          "by the same claimant never count as a disagreement.",
                    "South Korea's National Intelligence Service"),
    }, FIGURE_KEYS, FIGURE_REQUIRED)


def _event_schema() -> Schema:
    return _mapping("One dated event of the article.", {
        "date": _date("When it happened: YYYY, YYYY-MM or YYYY-MM-DD. Required.", "2024-10"),
        "end": _date("When it ended, for a span; not before its date.", "2025-03"),
        "title": _text("title", "What happened, in plain text. Required.",
                       "Shell shipments to Russia begin"),
        "source": _sources("The reference number (or numbers) that report it."),
    }, EVENT_KEYS, EVENT_REQUIRED)


def _reference_schema() -> Schema:
    return _mapping("A title, publisher or URL for a reference of the article, or a new "
                         "numbered reference (with its url).", {
        "title": _text("title", "The title of the cited page.", "North Korea ships shells"),
        "publisher": _text("publisher", "Who publishes it; shown instead of the domain.",
                           "Stars and Stripes"),
        "url": _text("url", "An http or https URL.", "https://www.stripes.com/"),
    }, REFERENCE_KEYS)


def figures_schema() -> Schema:
    """The schema of content/articles/<slug>.yaml."""
    tag = _slug("A tag: lower-case letters, digits and hyphens.", "north-korea",
                frozenset({"index"}))
    return {
        "$schema": DRAFT,
        "title": "factsheet key figures",
        **_mapping("The key figures, events and reference details of one article "
                   "(content/articles/<slug>.yaml, beside the article <slug>.txt or .md). "
                   "`factsheet check` checks what a schema cannot: sources, quotes, ranges, "
                   "numbers written in plain digits.", {
            "title": _text("title", "Replaces the article's headline as the sheet's title.",
                           "North Korea speeds up artillery shell production"),
            "summary": _text("summary", "One or two sentences; by default the article's first "
                                        "paragraph.", "North Korea has shipped up to six "
                                                      "million shells to Russia."),
            "tags": _list("Tags of the sheet; each has a page listing its sheets.", tag,
                          ["north-korea", "russia"]),
            "figures": _list("The key figures, in the order the sheet shows them.", _figure_schema(),
                             [{"label": "Artillery shells shipped to Russia", "value": 6000000,
                               "qualifier": "up to", "unit": "shells", "source": 1,
                               "quote": "up to six million artillery shells"}]),
            "events": _list("Dated events, shown on the sheet's timeline.", _event_schema(),
                            [{"date": 2022, "title": "Shell shipments to Russia begin",
                              "source": 1}]),
            "references": {"description": "Details of the article's references by number, or "
                                          "new numbered references.",
                           "type": ["object", "null"],
                           "propertyNames": {"pattern": INTEGER.pattern},
                           "additionalProperties": _reference_schema(),
                           "examples": [{"1": {"publisher": "Stars and Stripes"}}]},
        }, TOP_KEYS),
        "type": ["object", "null"],
    }


def series_schema() -> Schema:
    """The schema of content/series/<slug>.yaml."""
    return {
        "$schema": DRAFT,
        "title": "factsheet series",
        **_mapping("A series: one figure tracked across articles "
                   "(content/series/<slug>.yaml; its reports name <slug> as their series).", {
            "title": _text("title", "The series' title; by default the label of its latest "
                                    "report.", "North Korean troops sent to Russia"),
            "summary": _text("summary", "A sentence or two on what the series tracks.",
                             "Estimates of how many North Korean soldiers are in Russia."),
            "unit": _text("unit", "When given, every report of the series must have this unit.",
                          "troops"),
        }, SERIES_KEYS),
        "type": ["object", "null"],
    }


SCHEMAS = {"figures": figures_schema, "series": series_schema}


def schema_text(name: str) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"
