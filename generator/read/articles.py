"""Reading articles: the plain-text wire format (``.txt``) and Markdown with front matter (``.md``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Article, Citation, Paragraph, Reference
from generator.problems import Problems
from generator.read.dates import DateError, parse_dateline, parse_iso_datetime
from generator.read.strict_yaml import YamlDoc

DEFAULT_BOILERPLATE = (r"^Ask Aime:",)

# [1]  [1, 2]  [1-3]  [1–3, 5]; "[1][2]" is two markers side by side.
CITATION = re.compile(r"\[(\d{1,4}(?:\s*[-–]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)*)\]")
_REFERENCES_HEADING = re.compile(r"^\s*(references|sources)\s*:?\s*$", re.IGNORECASE)
_REFERENCE_LINE = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})\.)\s+(\S.*?)\s*$")
_TITLED_URL = re.compile(r"^(?P<title>.*?)\s+[-–—]\s+(?P<url>\S+)$")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
_MAX_RANGE = 50


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def read_wire(text: str, path: str, slug: str, problems: Problems,
              boilerplate: Sequence[str] = DEFAULT_BOILERPLATE) -> Article | None:
    """Read the wire format: headline, dateline, optional repeated headline, body, references."""
    lines = [_Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    nonblank = [ln for ln in lines if ln.text.strip()]
    if len(nonblank) < 2:
        problems.error(path, 1, 1, "an article needs a headline on its first line and a "
                                   "dateline such as 'Wednesday, May 7, 2025 7:48 pm ET' below it")
        return None
    headline, dateline = nonblank[0], nonblank[1]
    ok = True
    try:
        parsed = parse_dateline(dateline.text)
        if parsed.weekday_mismatch:
            problems.warning(path, dateline.number, 1, parsed.weekday_mismatch)
    except DateError as e:
        problems.error(path, dateline.number, 1, str(e))
        ok = False
    rest = [ln for ln in lines if ln.number > dateline.number]
    first = next((ln for ln in rest if ln.text.strip()), None)
    if first is not None and _norm(first.text) == _norm(headline.text):
        rest = [ln for ln in rest if ln.number > first.number]

    heading = next((i for i, ln in enumerate(rest) if _REFERENCES_HEADING.match(ln.text)), None)
    body = rest if heading is None else rest[:heading]
    tail = [] if heading is None else rest[heading + 1:]
    references, rejected = _read_reference_lines(tail, path, slug, problems, boilerplate)
    paragraphs = _paragraphs(body, path, problems)
    if not ok:
        return None
    return Article(
        path=path, slug=slug, format="wire", headline=headline.text.strip(),
        published=parsed.when, zone=parsed.zone, paragraphs=tuple(paragraphs),
        references=tuple(references), headline_line=headline.number,
        rejected_references=tuple(rejected),
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _paragraphs(body: list[_Line], path: str, problems: Problems,
                blank_separated: bool | None = None) -> list[Paragraph]:
    """One paragraph per line, unless the body uses blank lines, which then separate them."""
    while body and not body[-1].text.strip():
        body = body[:-1]
    while body and not body[0].text.strip():
        body = body[1:]
    if blank_separated is None:
        blank_separated = any(not ln.text.strip() for ln in body)
    groups: list[list[_Line]] = []
    for ln in body:
        if not ln.text.strip():
            groups.append([])
        elif blank_separated and groups and groups[-1]:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return [_paragraph(g, path, problems) for g in groups if g]


def _paragraph(group: list[_Line], path: str, problems: Problems) -> Paragraph:
    parts: list[str] = []
    citations: list[Citation] = []
    offset = 0
    for ln in group:
        stripped = ln.text.strip()
        lead = len(ln.text) - len(ln.text.lstrip())
        if parts:
            offset += 1  # the joining space
        for m in CITATION.finditer(stripped):
            numbers = expand_citation(m.group(1), path, ln.number, lead + m.start() + 1, problems)
            citations.append(Citation(numbers, offset + m.start(), offset + m.end(),
                                      ln.number, lead + m.start() + 1))
        parts.append(stripped)
        offset += len(stripped)
    return Paragraph(" ".join(parts), group[0].number, tuple(citations))


def expand_citation(inner: str, path: str, line: int, col: int, problems: Problems) -> tuple[int, ...]:
    numbers, bad = citation_numbers(inner)
    if bad:
        problems.error(path, line, col, f"citation range [{bad}] runs backwards or spans more "
                                        f"than {_MAX_RANGE} references")
    return numbers


def citation_numbers(inner: str) -> tuple[tuple[int, ...], str]:
    """``1, 3-5`` -> (1, 3, 4, 5); a backwards or oversized range counts its first number only
    and is returned as the second item, for the caller to report."""
    numbers: list[int] = []
    bad = ""
    for part in inner.split(","):
        low, _, high = part.replace("–", "-").partition("-")
        a = int(low)
        b = int(high) if high else a
        if b < a or b - a > _MAX_RANGE:
            bad = bad or part.strip()
            b = a
        numbers.extend(n for n in range(a, b + 1) if n not in numbers)
    return tuple(numbers), bad


def _read_reference_lines(tail: list[_Line], path: str, slug: str, problems: Problems,
                          boilerplate: Sequence[str]) -> tuple[list[Reference], list[int]]:
    """The references, and the numbers of those refused (already reported, so citations of
    them are not reported a second time)."""
    patterns = [re.compile(p) for p in boilerplate]
    references: dict[int, Reference] = {}
    rejected: list[int] = []
    for ln in tail:
        if not ln.text.strip():
            continue
        m = _REFERENCE_LINE.match(ln.text)
        if m is None:
            if not any(p.search(ln.text) for p in patterns):
                problems.warning(path, ln.number, 1, "unrecognised line after the references "
                                 "is left out; expected '[n] URL' or '[n] Title - URL'")
            continue
        number = int(m.group(1) or m.group(2))
        col = m.start(3) + 1
        rest = m.group(3)
        title, url = "", rest
        if titled := _TITLED_URL.match(rest):
            title, url = titled["title"].strip(), titled["url"]
        url = check_url(url, path, ln.number, col + (len(rest) - len(url)), problems)
        if url is None:
            rejected.append(number)
            continue
        if number in references:
            problems.error(path, ln.number, 1, f"reference [{number}] is listed twice "
                                               f"(first on line {references[number].line})")
            continue
        references[number] = Reference(slug, number, url, title, "", path, ln.number)
    return sorted(references.values(), key=lambda r: r.number), rejected


def check_url(url: str, path: str, line: int, col: int, problems: Problems) -> str | None:
    """Only plain ``http``/``https`` URLs are linked; anything else is an error."""
    if _SAFE_URL.match(url) and len(url) <= 2000:
        scheme, rest = url.split(":", 1)
        return scheme.lower() + ":" + rest
    if re.match(r"^https?://", url, re.IGNORECASE):
        bad = sorted({ch for ch in url if ch.isspace() or ch in "<>\"'`\\"})
        why = f"has characters that must be percent-encoded ({' '.join(map(repr, bad))})" if bad \
            else "is longer than 2,000 characters"
        problems.error(path, line, col, f"the URL {_clip(url)!r} {why}")
    elif not _URL_SCHEME.match(url.strip()):
        problems.error(path, line, col, f"expected an http:// or https:// URL, got {_clip(url)!r}")
    else:
        problems.error(path, line, col,
                       f"only http:// and https:// links are allowed, got {_clip(url)!r}")
    return None


def _clip(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# --- Markdown articles ---------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def read_markdown(text: str, path: str, slug: str, problems: Problems) -> Article | None:
    """Read a Markdown article: ``---`` front matter (title, date, references), then the body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(path, 1, 1, "a Markdown article starts with a '---' line and front matter "
                                   "(title, date, references)")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.error(path, 1, 1, "the front matter has no closing '---' line")
        return None
    doc = YamlDoc(path, problems)
    found = len(problems.items)  # (problems of other files may be in the list already)
    root = doc.compose("\n".join(lines[1:end]), line_offset=1)
    if root is None:
        if len(problems.items) == found:  # empty, rather than not YAML
            problems.error(path, 2, 1, "the front matter is empty; it needs title and date")
        return None
    keys = doc.mapping(root, "the front matter", ("title", "date", "references"), ("title", "date"))
    if keys is None or "title" not in keys or "date" not in keys:
        return None
    title = doc.text(keys["title"], "title", max_length=300)
    published = None
    date_text = doc.text(keys["date"], "date")
    if date_text is not None:
        try:
            published = parse_iso_datetime(date_text)
        except DateError as e:
            doc.error(keys["date"], str(e))
    references, rejected = _front_matter_references(doc, keys.get("references"), slug)
    body_lines = [_Line(i + 1, lines[i]) for i in range(end + 1, len(lines))]
    paragraphs = _markdown_paragraphs(body_lines, path, problems)
    if title is None or published is None:
        return None
    zone = published.strftime("%z")
    zone = "UTC" if zone == "+0000" else f"{zone[:3]}:{zone[3:]}"
    return Article(
        path=path, slug=slug, format="markdown", headline=title, published=published, zone=zone,
        paragraphs=tuple(paragraphs), references=tuple(references),
        body_markdown="\n".join(ln.text for ln in body_lines), headline_line=doc.line(keys["title"]),
        rejected_references=tuple(rejected),
    )


def _front_matter_references(doc: YamlDoc, node: object, slug: str
                             ) -> tuple[list[Reference], list[int]]:
    if node is None:
        return [], []
    items = doc.sequence(node, "references")  # type: ignore[arg-type]
    result: dict[int, Reference] = {}
    rejected: list[int] = []
    for item in items or []:
        keys = doc.mapping(item, "a reference", ("id", "url", "title"), ("id", "url"))
        if not keys or "id" not in keys or "url" not in keys:
            continue
        number = doc.integer(keys["id"], "reference id")
        url_text = doc.text(keys["url"], "reference url")
        title = doc.text(keys["title"], "reference title") if "title" in keys else ""
        if number is None or url_text is None or title is None:
            continue
        line, col = doc.line(keys["url"]), keys["url"].column
        url = check_url(url_text, doc.path, line, col, doc.problems)
        if url is None:
            rejected.append(number)
            continue
        if number in result:
            doc.error(keys["id"], f"reference id {number} is listed twice")
            continue
        result[number] = Reference(slug, number, url, title, "", doc.path, doc.line(item))
    return sorted(result.values(), key=lambda r: r.number), rejected


def _markdown_paragraphs(body: list[_Line], path: str, problems: Problems) -> list[Paragraph]:
    """Blocks separated by blank lines, fenced code left out, with their citation markers."""
    kept: list[_Line] = []
    fence = ""
    for ln in body:
        m = _FENCE.match(ln.text)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            kept.append(_Line(ln.number, ""))
            continue
        if m:
            fence = m.group(1)
            kept.append(_Line(ln.number, ""))
            continue
        kept.append(ln)
    return _paragraphs(kept, path, problems, blank_separated=True)
