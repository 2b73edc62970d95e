"""Loading a key-figures file (``<slug>.yaml``) into a FigureSet, reporting every problem."""

from __future__ import annotations

import re

from generator.model import Event, Figure, FigureSet, PartialDate, ReferenceExtra, SeriesInfo
from generator.problems import Problems
from generator.read.articles import check_url
from generator.read.dates import DateError, parse_partial_date
from generator.read.strict_yaml import MappingNode, Node, ScalarNode, SequenceNode, YamlDoc, clip, is_null

QUALIFIERS = ("about", "up to", "at least", "more than", "less than", "nearly")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")

# The keys each mapping may have (and must), in the order a file is written; schema.py builds
# the JSON Schema for editors from these, so the two cannot drift apart.
TOP_KEYS = ("title", "summary", "tags", "figures", "events", "references")
FIGURE_KEYS = ("label", "value", "qualifier", "unit", "as_of", "source", "quote", "note", "series",
               "by")
FIGURE_REQUIRED = ("label", "value", "source")
EVENT_KEYS = ("date", "end", "title", "source")
EVENT_REQUIRED = ("date", "title")
REFERENCE_KEYS = ("title", "publisher", "url")
SERIES_KEYS = ("title", "summary", "unit")
# The longest each text may be, in characters once its white space is collapsed.
LONGEST = {"title": 300, "summary": 2000, "label": 300, "unit": 40, "quote": 2000, "note": 500,
           "by": 200, "publisher": 120, "url": 2000, "slug": 81}
# Series pages live at series/<slug>/, beside the index of all series at series/.
RESERVED_SERIES = frozenset({"index"})


def load_figures(text: str, path: str, problems: Problems) -> FigureSet | None:
    """The figures file's contents, or None when it cannot be read at all. A file with errors
    in some of its figures, events or references still gives the rest (each problem is
    reported), so that the checks against the article find every other problem too; the
    errors keep the sheet from being built."""
    doc = YamlDoc(path, problems)
    root = doc.compose(text)
    if root is None or is_null(root):
        if root is None and not any(p.path == path for p in problems.errors):
            problems.error(path, 1, 1, "the figures file is empty; it needs at least 'figures:'")
        return None if root is None else FigureSet(path, "", "", (), (), (), ())
    keys = doc.mapping(root, "the figures file", TOP_KEYS)
    if keys is None:
        return None
    title = _text(doc, keys, "title", "title") or ""
    summary = _text(doc, keys, "summary", "summary") or ""
    tags = _tags(doc, keys.get("tags"))
    figures = [f for number, n in enumerate(_items(doc, keys.get("figures"), "figures"), 1)
               if (f := _figure(doc, n, number))]
    events = [e for n in _items(doc, keys.get("events"), "events") if (e := _event(doc, n))]
    references, rejected = _references(doc, keys.get("references"))
    return FigureSet(path, title, summary, tuple(tags), tuple(figures), tuple(events),
                     tuple(references), tuple(rejected))


def load_series_info(text: str, path: str, slug: str, problems: Problems) -> SeriesInfo | None:
    """A series file (content/series/<slug>.yaml): title, summary and unit, each optional."""
    doc = YamlDoc(path, problems)
    root = doc.compose(text)
    if root is None:
        return None
    if is_null(root):
        return SeriesInfo(slug, path)
    keys = doc.mapping(root, "the series file", SERIES_KEYS)
    if keys is None:
        return None
    texts = {name: _text(doc, keys, name, name) for name in SERIES_KEYS}
    if any(value is None for value in texts.values()):
        return None
    unit_at = (doc.line(keys["unit"]), keys["unit"].column) if "unit" in keys else (1, 1)
    return SeriesInfo(slug, path, texts["title"] or "", texts["summary"] or "", texts["unit"] or "",
                      unit_at)


def _text(doc: YamlDoc, keys: dict[str, Node], name: str, what: str) -> str | None:
    """The text under `name`: "" when the key is absent, None (reported) when it is not text."""
    return doc.text(keys[name], what, max_length=LONGEST[name]) if name in keys else ""


def _items(doc: YamlDoc, node: Node | None, what: str) -> list[Node]:
    return [] if node is None else doc.sequence(node, what) or []


def _tags(doc: YamlDoc, node: Node | None) -> list[str]:
    tags: list[str] = []
    for item in _items(doc, node, "tags"):
        tag = doc.text(item, "a tag", max_length=LONGEST["slug"])
        if tag is None:
            continue
        if not SLUG.match(tag):
            doc.error(item, f"tag {tag!r} must be lower-case letters, digits and hyphens "
                            "(e.g. north-korea)")
        elif tag == "index":
            doc.error(item, "tag 'index' is reserved for the list of all tags; choose another")
        elif tag in tags:
            doc.warning(item, f"tag {tag!r} is listed twice")
        else:
            tags.append(tag)
    return tags


def _figure(doc: YamlDoc, node: Node, number: int) -> Figure | None:
    keys = doc.mapping(node, "a figure", FIGURE_KEYS, FIGURE_REQUIRED)
    if keys is None:
        return None
    label = _text(doc, keys, "label", "label") if "label" in keys else None
    what = f"figure {label!r}" if label else "figure"
    value = _value(doc, keys["value"], what) if "value" in keys else None
    qualifier = ""
    if "qualifier" in keys:
        qualifier = doc.text(keys["qualifier"], f"{what}: qualifier") or ""
        if qualifier and qualifier not in QUALIFIERS:
            doc.error(keys["qualifier"], f"{what}: qualifier must be one of "
                                         f"{', '.join(QUALIFIERS)}; got {clip(qualifier)!r}")
            qualifier = ""
    unit = _text(doc, keys, "unit", f"{what}: unit") or ""
    as_of = _date(doc, keys["as_of"], f"{what}: as_of") if "as_of" in keys else None
    sources = _sources(doc, keys["source"], what) if "source" in keys else None
    quote = _text(doc, keys, "quote", f"{what}: quote") or ""
    note = _text(doc, keys, "note", f"{what}: note") or ""
    series = _series_slug(doc, keys["series"], what) if "series" in keys else ""
    by = _text(doc, keys, "by", f"{what}: by") or ""
    if label is None or value is None or sources is None or series is None:
        return None
    return Figure(label, value, qualifier, unit, as_of, sources, quote, note, doc.line(node),
                  _marks(doc, keys), series, by, number, node.column)


def _series_slug(doc: YamlDoc, node: Node, what: str) -> str | None:
    slug = doc.text(node, f"{what}: series", max_length=LONGEST["slug"])
    if slug is None:
        return None
    if not SLUG.match(slug):
        doc.error(node, f"{what}: series {clip(slug)!r} must be a slug: lower-case letters, digits "
                        "and hyphens (e.g. nk-troops-russia)")
        return None
    if slug in RESERVED_SERIES:
        doc.error(node, f"{what}: series {slug!r} is a reserved name; choose another")
        return None
    return slug


def _value(doc: YamlDoc, node: Node, what: str) -> tuple[int | float, ...] | None:
    if isinstance(node, SequenceNode):
        if len(node.value) != 2:
            doc.error(node, f"{what}: a range is written [low, high], got {len(node.value)} items")
            return None
        low = doc.number(node.value[0], f"{what}: value")
        high = doc.number(node.value[1], f"{what}: value")
        if low is None or high is None:
            return None
        if not low < high:
            doc.error(node, f"{what}: a range must have low < high, got [{low}, {high}]")
            return None
        return (low, high)
    number = doc.number(node, f"{what}: value")
    return None if number is None else (number,)


def _sources(doc: YamlDoc, node: Node, what: str) -> tuple[int, ...] | None:
    nodes = node.value if isinstance(node, SequenceNode) else [node]
    if not nodes:
        doc.error(node, f"{what}: source must name at least one reference number")
        return None
    numbers = [doc.integer(n, f"{what}: source") for n in nodes]
    if any(n is None for n in numbers):
        return None
    return tuple(dict.fromkeys(n for n in numbers if n is not None))


def _date(doc: YamlDoc, node: Node, what: str) -> PartialDate | None:
    if not isinstance(node, ScalarNode) or is_null(node):
        doc.error(node, f"{what} must be a date as YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    try:
        return parse_partial_date(node.value)
    except DateError as e:
        doc.error(node, f"{what}: {e}")
        return None


def _event(doc: YamlDoc, node: Node) -> Event | None:
    keys = doc.mapping(node, "an event", EVENT_KEYS, EVENT_REQUIRED)
    if keys is None:
        return None
    title = _text(doc, keys, "title", "event title") if "title" in keys else None
    what = f"event {title!r}" if title else "event"
    date = _date(doc, keys["date"], f"{what}: date") if "date" in keys else None
    end = _date(doc, keys["end"], f"{what}: end") if "end" in keys else None
    sources = _sources(doc, keys["source"], what) if "source" in keys else ()
    if date and end and end.first_day() < date.first_day():
        doc.error(keys["end"], f"{what}: end {end.iso} is before its date {date.iso}")
        return None
    if title is None or date is None or sources is None:
        return None
    return Event(date, end, title, sources, doc.line(node), marks=_marks(doc, keys))


def _marks(doc: YamlDoc, keys: dict[str, Node]) -> tuple[tuple[str, int, int], ...]:
    return tuple((k, doc.line(n), n.column) for k, n in keys.items())


def _references(doc: YamlDoc, node: Node | None) -> tuple[list[ReferenceExtra], list[int]]:
    """The references the file adds or describes, and the numbers of those it tried to but
    could not (already reported: a figure citing one is not reported a second time)."""
    if node is None or is_null(node):
        return [], []
    if not isinstance(node, MappingNode):
        doc.error(node, "references must map reference numbers to {title, publisher, url}")
        return [], []
    result: list[ReferenceExtra] = []
    rejected: list[int] = []
    for key, value in node.value:
        number = doc.integer(key, "a reference number")
        name = clip(key.value) if isinstance(key, ScalarNode) else "?"
        keys = doc.mapping(value, f"reference {name}", REFERENCE_KEYS)
        if number is None:
            continue
        if keys is None:
            rejected.append(number)
            continue
        what = f"reference {number}"
        title = _text(doc, keys, "title", f"{what}: title")
        publisher = _text(doc, keys, "publisher", f"{what}: publisher")
        url: str | None = ""
        if "url" in keys and (text := _text(doc, keys, "url", f"{what}: url")):
            line, col = doc.line(keys["url"]), keys["url"].column
            url = check_url(text, doc.path, line, col, doc.problems)
        elif "url" in keys:
            url = None
        if title is None or publisher is None or url is None:
            rejected.append(number)
            continue
        result.append(ReferenceExtra(number, url, title, publisher, doc.line(key)))
    return result, rejected
