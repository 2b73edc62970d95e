"""Untrusted content, case by case. Each case ends in one of two outcomes:

- a clear ``path:line[:col]: error: ...`` from ``factsheet build``, exit 1, no traceback, and
  the previously built site byte for byte as it was; or
- a built site in which the payload shows as the literal text it was, and adds no element,
  event handler or script link to the page.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import factsheet_in, make_project, write_tree
from .pages import read_page, visible

pytestmark = pytest.mark.slow

GOOD_WIRE = """\
A plain headline
Wednesday, May 7, 2025 7:48 pm ET
Officials said 4,100 troops were wounded [1].
References:
[1] https://example.com/a
"""
GOOD_YAML = """\
summary: A plain summary.
tags: [plain]
figures:
  - {label: Wounded, value: 4100, unit: troops, source: 1, quote: "4,100 troops were wounded",
     series: good-series, by: Plain officials}
events:
  - {date: 2025-05, title: A plain event, source: 1}
"""
WATCHED = ("script", "iframe", "style", "meta", "svg", "object", "embed", "form", "base", "img",
           "link", "math", "frame", "frameset", "audio", "video")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def wire(body: str = "Officials said 4,100 troops were wounded [1].", headline: str = "A plain headline",
         refs: str = "[1] https://example.com/a") -> str:
    return f"{headline}\nWednesday, May 7, 2025 7:48 pm ET\n{body}\nReferences:\n{refs}\n"


def figures(**fields: str) -> str:
    """GOOD_YAML with some values replaced by payloads (given as YAML text)."""
    label = fields.get("label", "Wounded")
    unit = fields.get("unit", "troops")
    note = fields.get("note", q("plain"))
    quote = fields.get("quote", q("4,100 troops were wounded"))
    series = f", series: {fields['series']}" if "series" in fields else ""
    by = f", by: {fields['by']}" if "by" in fields else ""
    return (
        f"title: {fields.get('title', q('A plain title'))}\n"
        f"summary: {fields.get('summary', q('A plain summary.'))}\n"
        "tags: [plain]\n"
        "figures:\n"
        f"  - {{label: {label}, value: 4100, unit: {unit}, source: 1, quote: {quote}, note: {note}"
        f"{series}{by}}}\n"
        "events:\n"
        f"  - {{date: 2025-05, title: {fields.get('event', q('A plain event'))}, source: 1}}\n"
        f"references:\n  1: {fields.get('reference', '{title: Plain, publisher: Plain}')}\n"
    )


def markdown(body: str) -> str:
    return ("---\ntitle: A Markdown article\ndate: 2025-05-07T10:00:00+00:00\n"
            "references:\n  - {id: 1, url: 'https://example.com/a'}\n---\n" + body + "\n")


# --- safe rendering --------------------------------------------------------------------------

@dataclass(frozen=True)
class Safe:
    name: str
    files: dict[str, str]  # relative to content/articles, {slug} replaced
    shows: str  # visible text the page must contain
    page: str = "sheets/{slug}/index.html"


SCRIPT = "<script>window.__pwned=1</script>"
SAFE = [
    Safe("text-script", {"{slug}.txt": wire(f"Before {SCRIPT} after [1].")},
         f"Before {SCRIPT} after"),
    Safe("text-iframe", {"{slug}.txt": wire('An <iframe src="javascript:alert(1)"></iframe> frame [1].')},
         'An <iframe src="javascript:alert(1)"></iframe> frame'),
    Safe("text-style", {"{slug}.txt": wire("A <style>body{display:none}</style> style [1].")},
         "A <style>body{display:none}</style> style"),
    Safe("text-meta-refresh", {"{slug}.txt": wire(
        'A <meta http-equiv="refresh" content="0;url=https://evil.example/"> meta [1].')},
         'A <meta http-equiv="refresh" content="0;url=https://evil.example/"> meta'),
    Safe("text-svg-script", {"{slug}.txt": wire("An <svg><script>alert(1)</script></svg> svg [1].")},
         "An <svg><script>alert(1)</script></svg> svg"),
    Safe("text-onerror", {"{slug}.txt": wire("An <img src=x onerror=alert(1)> image [1].")},
         "An <img src=x onerror=alert(1)> image"),
    Safe("text-template-syntax", {"{slug}.txt": wire("Maths {{ 7*7 }} and {% if x %}y{% endif %} [1].")},
         "Maths {{ 7*7 }} and {% if x %}y{% endif %}"),
    Safe("text-attr-list", {"{slug}.txt": wire('Click me {: onclick="alert(1)" } [1].')},
         'Click me {: onclick="alert(1)" }'),
    Safe("text-markdown-link", {"{slug}.txt": wire("See [this](javascript:alert(1)) **now** [1].")},
         "See [this](javascript:alert(1)) **now**"),
    Safe("headline-script", {"{slug}.txt": wire(headline=f"Headline {SCRIPT}")}, f"Headline {SCRIPT}"),
    Safe("md-raw-html", {"{slug}.md": markdown(f"Raw {SCRIPT} html [1].")}, f"Raw {SCRIPT} html"),
    Safe("md-javascript-link", {"{slug}.md": markdown("A [link](javascript:alert(1)) here [1].")},
         "A [link](javascript:alert(1)) here"),
    Safe("md-entity-link", {"{slug}.md": markdown("A [link](jav&#x61;script:alert(1)) here [1].")},
         "A [link](javascript:alert(1)) here"),
    Safe("md-mixed-case-link", {"{slug}.md": markdown("A [link](JaVaScRiPt:alert(1)) here [1].")},
         "A [link](JaVaScRiPt:alert(1)) here"),
    Safe("md-data-link", {"{slug}.md": markdown("A [link](data:text/html,<b>x</b>) here [1].")},
         "A [link](data:text/html,"),
    Safe("md-vbscript-link", {"{slug}.md": markdown("A [link](vbscript:msgbox(1)) here [1].")},
         "A [link](vbscript:msgbox(1)) here"),
    Safe("md-file-link", {"{slug}.md": markdown("A [link](file:///etc/passwd) here [1].")},
         "A [link](file:///etc/passwd) here"),
    Safe("md-tab-link", {"{slug}.md": markdown("A [link](<java\tscript:alert(1)>) here [1].")},
         "A link here"),
    Safe("md-in-html", {"{slug}.md": markdown('<div markdown="1" onclick="alert(1)">**x**</div> [1]')},
         '<div markdown="1" onclick="alert(1)">x</div>'),
    Safe("md-image-elsewhere", {"{slug}.md": markdown("An image ![alt](https://evil.example/x.png) [1].")},
         "An image alt"),
    Safe("title-script", {"{slug}.txt": wire(), "{slug}.yaml": figures(title=q(f"Title {SCRIPT}"))},
         f"Title {SCRIPT}"),
    Safe("title-breaks-out-of-head", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        title=q("</title><script>window.__pwned=1</script>"))},
         "</title><script>window.__pwned=1</script>"),
    Safe("title-on-home-page", {"{slug}.txt": wire(), "{slug}.yaml": figures(title=q(f"Home {SCRIPT}"))},
         f"Home {SCRIPT}", page="index.html"),
    Safe("title-on-timeline", {"{slug}.txt": wire(), "{slug}.yaml": figures(title=q(f"Line {SCRIPT}"))},
         f"Line {SCRIPT}", page="timeline/index.html"),
    Safe("title-attr-list", {"{slug}.txt": wire(),
                             "{slug}.yaml": figures(title=q('T {: onclick="alert(1)" }'))},
         'T {: onclick="alert(1)" }'),
    Safe("summary-onerror", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        summary=q("S <img src=x onerror=alert(1)>"))}, "S <img src=x onerror=alert(1)>"),
    Safe("summary-template", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        summary=q("{{ 7*7 }} {% raw %}x{% endraw %}"))}, "{{ 7*7 }} {% raw %}x{% endraw %}"),
    Safe("summary-structure", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        summary=q("a | b\n# heading\n- item [x](https://e.example) `code` *em*"))},
         "a | b # heading - item [x](https://e.example) `code` *em*"),
    Safe("summary-md-in-html", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        summary=q('<div markdown="1" onclick="alert(1)">**x**</div>'))},
         '<div markdown="1" onclick="alert(1)">**x**</div>'),
    Safe("label-script", {"{slug}.txt": wire(), "{slug}.yaml": figures(label=q(f"L {SCRIPT}"))},
         f"L {SCRIPT}"),
    Safe("label-structure", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        label=q("a | b\n# h [x](https://e.example) `c`"))}, "a | b # h [x](https://e.example) `c`"),
    Safe("label-on-home-page", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        label=q("L | [x](javascript:alert(1)) {: onclick=x }"))},
         "L | [x](javascript:alert(1)) {: onclick=x }", page="index.html"),
    Safe("unit-handler", {"{slug}.txt": wire(), "{slug}.yaml": figures(unit=q("<b onmouseover=alert(1)>"))},
         "<b onmouseover=alert(1)>"),
    Safe("note-style", {"{slug}.txt": wire(), "{slug}.yaml": figures(note=q("<style>*{color:red}</style>"))},
         "<style>*{color:red}</style>"),
    Safe("quote-breakout", {"{slug}.txt": wire('He said "><script>alert(1)</script> today [1].'),
                            "{slug}.yaml": figures(quote=q('"><script>alert(1)</script>'))},
         '"><script>alert(1)</script>'),
    Safe("event-svg", {"{slug}.txt": wire(), "{slug}.yaml": figures(event=q("<svg onload=alert(1)>"))},
         "<svg onload=alert(1)>"),
    Safe("event-on-timeline", {"{slug}.txt": wire(),
                               "{slug}.yaml": figures(event=q("E <svg onload=alert(1)>"))},
         "E <svg onload=alert(1)>", page="timeline/index.html"),
    Safe("reference-title", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        reference=f"{{title: {q('R ' + SCRIPT)}}}")}, f"R {SCRIPT}"),
    Safe("reference-publisher", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        reference="{publisher: 'javascript:alert(1)'}")}, "javascript:alert(1)"),
    Safe("wire-reference-title", {"{slug}.txt": wire(refs=f"[1] T {SCRIPT} - https://example.com/a")},
         f"T {SCRIPT}"),
    Safe("by-script", {"{slug}.txt": wire(), "{slug}.yaml": figures(by=q(f"B {SCRIPT}"))},
         f"Stated by B {SCRIPT}"),
    Safe("series-label", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        series="p-series-label", label=q('S "><svg onload=alert(1)> [x](javascript:alert(1))'))},
         'S "><svg onload=alert(1)> [x](javascript:alert(1))', page="series/p-series-label/index.html"),
    Safe("series-by", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        series="p-series-by", by=q(f'"><a href=javascript:alert(1)>B</a> {SCRIPT}'))},
         f'"><a href=javascript:alert(1)>B</a> {SCRIPT}', page="series/p-series-by/index.html"),
    Safe("series-file-title", {
        "{slug}.txt": wire(), "{slug}.yaml": figures(series="p-series-file-title"),
        "series/p-series-file-title.yaml": f"title: {q('T ' + SCRIPT)}\n"
                                           f"summary: {q('<b onclick=x>S</b> {{ 7*7 }}')}\n"},
         f"T {SCRIPT}", page="series/p-series-file-title/index.html"),
    Safe("series-on-card", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        series="p-series-on-card", by=q(f"C {SCRIPT}"))}, f"C {SCRIPT}"),
    Safe("series-on-index", {"{slug}.txt": wire(), "{slug}.yaml": figures(
        series="p-series-on-index", label=q(f"I {SCRIPT}"))}, f"I {SCRIPT}", page="series/index.html"),
    Safe("brackets-8000", {"{slug}.txt": wire("[" * 8000 + " [1].")}, "[" * 100),
    Safe("control-characters", {"{slug}.txt": wire("Bell\x07 and escape\x1b[31m red [1].")},
         "Bell and escape[31m red"),
]


def _slug(case: Safe) -> str:
    return "s-" + case.name


def build_payload_site(root: Path) -> Path:
    """A site built from every safe-rendering payload above; returns its site folder."""
    make_project(root)
    files: dict[str, str | bytes] = {"articles/good.txt": GOOD_WIRE, "articles/good.yaml": GOOD_YAML,
                                     "pages/about.md": f"# About {SCRIPT}\n\n[x](javascript:alert(1)) "
                                                       "[ok](../../timeline/)\n"}
    for case in SAFE:
        for name, text in case.files.items():
            where = "" if name.startswith("series/") else "articles/"
            files[where + name.format(slug=_slug(case))] = text
    write_tree(root / "content", files)
    assert factsheet_in(root, "build") == 0
    return root / "site"


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_payload_site(tmp_path_factory.mktemp("safe"))


def _baseline(site: Path, page: str) -> dict[str, int]:
    """Element counts of the same kind of page built from harmless content."""
    kind = {"index.html": "index.html", "timeline/index.html": "timeline/index.html",
            "series/index.html": "series/index.html"}.get(
        page, "series/good-series/index.html" if page.startswith("series/") else "sheets/good/index.html")
    html = read_page((site / kind).read_text())
    return {tag: html.count(tag) for tag in WATCHED}


@pytest.mark.parametrize("case", SAFE, ids=lambda c: c.name)
def test_payload_renders_as_its_own_text(case: Safe, safe_site: Path) -> None:
    page_path = case.page.format(slug=_slug(case))
    html = (safe_site / page_path).read_text()
    page = read_page(html)
    assert visible(case.shows) in page.text
    assert page.handlers() == []
    assert page.dangerous_urls() == []
    counts = {tag: page.count(tag) for tag in WATCHED}
    assert counts == _baseline(safe_site, case.page)
    assert "__pwned" not in "".join(
        html[m:].split("</script>", 1)[0] for m in _script_starts(html))


def _script_starts(html: str) -> list[int]:
    """Where executable scripts start; JSON data blocks (JSON-LD, Material's config) do not run,
    and carry content with <, > and & escaped."""
    return [m.start() for m in re.finditer(r"<script(?![^>]*type=\"application/(ld\+)?json\")", html)]


def test_json_ld_cannot_end_its_script(safe_site: Path) -> None:
    html = (safe_site / "sheets/s-title-breaks-out-of-head/index.html").read_text()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and json.loads(block)["headline"] == (
        "</title><script>window.__pwned=1</script>")


def test_series_json_ld_cannot_end_its_script(safe_site: Path) -> None:
    html = (safe_site / "series/p-series-file-title/index.html").read_text()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert "<" not in block and data["@type"] == "Dataset" and data["name"] == f"T {SCRIPT}"


def test_feeds_and_timelinejs_carry_payloads_as_text(safe_site: Path) -> None:
    import feedparser  # (a test dependency)

    feed = feedparser.parse(str(safe_site / "feeds/index.xml"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = {entry.title for entry in feed.entries}
    assert f"Home {SCRIPT}" in titles and f"Headline {SCRIPT}" in titles
    raw = (safe_site / "feeds/index.xml").read_text()
    assert "<script" not in raw and "<svg" not in raw  # escaped once in titles, twice in content
    data = json.loads((safe_site / "data/timelinejs.json").read_text())
    # TimelineJS writes headline and text into the page as HTML: each is escaped, the text's
    # only markup is ours (a paragraph, links)
    for event in data["events"]:
        ours = re.sub(r'</?p>|<a href="[^"<>]*">|</a>', "", event["text"].get("text", ""))
        for text in (event["text"]["headline"], ours):
            assert "<" not in text and ">" not in text, event
    headlines = {event["text"]["headline"] for event in data["events"]}
    assert "E &lt;svg onload=alert(1)&gt;" in headlines


def test_title_stays_escaped_in_head(safe_site: Path) -> None:
    html = (safe_site / "sheets/s-title-breaks-out-of-head/index.html").read_text()
    head = html.split("</head>", 1)[0]
    assert "<title>&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; - Fact sheets</title>" in head


def test_hand_written_page_is_sanitized(safe_site: Path) -> None:
    page = read_page((safe_site / "pages/about/index.html").read_text())
    assert f"About {SCRIPT}" in page.text
    assert page.dangerous_urls() == [] and page.handlers() == []
    assert ("a", {"href": "../../timeline/", "rel": "noopener noreferrer nofollow"}) in page.elements


def test_no_file_outside_the_site(safe_site: Path) -> None:
    for path in safe_site.rglob("*"):
        assert not path.is_symlink()
        assert path.resolve().is_relative_to(safe_site.resolve())


# --- clear errors ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Bad:
    name: str
    files: dict[str, str | bytes]  # relative to content/
    errors: list[str]


def _ref(url: str) -> dict[str, str | bytes]:
    return {"articles/bad.txt": wire(refs=f"[1] {url}")}


BAD = [
    Bad("ref-javascript", _ref("javascript:alert(1)"),
        ["content/articles/bad.txt:5:5: error: only http:// and https:// links are allowed, "
         "got 'javascript:alert(1)'"]),
    Bad("ref-vbscript", _ref("vbscript:msgbox(1)"),
        ["content/articles/bad.txt:5:5: error: only http:// and https:// links are allowed, "
         "got 'vbscript:msgbox(1)'"]),
    Bad("ref-data", _ref("data:text/html,<script>alert(1)</script>"),
        ["content/articles/bad.txt:5:5: error: only http:// and https:// links are allowed, "
         "got 'data:text/html,<script>alert(1)</script>'"]),
    Bad("ref-file", _ref("file:///etc/passwd"),
        ["content/articles/bad.txt:5:5: error: only http:// and https:// links are allowed, "
         "got 'file:///etc/passwd'"]),
    Bad("ref-mixed-case-spaces", _ref("   JaVaScRiPt:alert(1)"),
        ["content/articles/bad.txt:5:8: error: only http:// and https:// links are allowed, "
         "got 'JaVaScRiPt:alert(1)'"]),
    Bad("ref-entity", _ref("jav&#x61;script:alert(1)"),
        ["content/articles/bad.txt:5:5: error: expected an http:// or https:// URL, "
         "got 'jav&#x61;script:alert(1)'"]),
    Bad("ref-tab", _ref("java\tscript:alert(1)"),
        ["content/articles/bad.txt:5:5: error: expected an http:// or https:// URL, "
         "got 'java\\tscript:alert(1)'"]),
    Bad("ref-quote-in-url", _ref('https://e.example/"onmouseover="alert(1)'),
        ["content/articles/bad.txt:5:5: error: the URL 'https://e.example/\"onmouseover=\"alert(1)' "
         "has characters that must be percent-encoded ('\"')"]),
    Bad("yaml-ref-url", {"articles/good.yaml": GOOD_YAML + "references:\n  2: {url: 'javascript:x'}\n"},
        ["content/articles/good.yaml:9:12: error: only http:// and https:// links are allowed, "
         "got 'javascript:x'"]),
    Bad("md-ref-url", {"articles/bad.md": markdown("x").replace("https://example.com/a", "data:,x")},
        ["content/articles/bad.md:5:18: error: only http:// and https:// links are allowed, got 'data:,x'"]),
    Bad("yaml-python-tag", {"articles/good.yaml": "title: !!python/object/apply:os.system ['touch pwned']\n"},
        ["content/articles/good.yaml:1:8: error: YAML tags such as "
         "'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"]),
    Bad("yaml-alias-bomb", {"articles/good.yaml": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"},
        [f"content/articles/good.yaml:{line}:{col}: error: YAML aliases (*name) are not allowed; "
         "write the value out" for line, col in ((2, 8), (2, 12), (3, 5), (3, 9))]),
    Bad("yaml-duplicate-key", {"articles/good.yaml": GOOD_YAML + "summary: again\n"},
        ["content/articles/good.yaml:8:1: error: duplicate key 'summary' (first on line 1)"]),
    Bad("yaml-NO", {"articles/good.yaml": GOOD_YAML.replace("value: 4100", "value: NO")},
        ["content/articles/good.yaml:4:29: error: figure 'Wounded': value must be a number written "
         "in digits (e.g. 6000000 or 2.5), got 'NO'"]),
    Bad("yaml-hex", {"articles/good.yaml": GOOD_YAML.replace("value: 4100", "value: 0x1F")},
        ["content/articles/good.yaml:4:29: error: figure 'Wounded': value must be a number written "
         "in digits (e.g. 6000000 or 2.5), got '0x1F'"]),
    Bad("yaml-nan", {"articles/good.yaml": GOOD_YAML.replace("value: 4100", "value: .nan")},
        ["content/articles/good.yaml:4:29: error: figure 'Wounded': value must be a number written "
         "in digits (e.g. 6000000 or 2.5), got '.nan'"]),
    Bad("yaml-exponent", {"articles/good.yaml": GOOD_YAML.replace("value: 4100", "value: 1e3")},
        ["content/articles/good.yaml:4:29: error: figure 'Wounded': value must be a number written "
         "in digits (e.g. 6000000 or 2.5), got '1e3'"]),
    Bad("yaml-impossible-date", {"articles/good.yaml": GOOD_YAML.replace("2025-05", "2024-02-30")},
        ["content/articles/good.yaml:7:12: error: event 'A plain event': date: '2024-02-30' is not "
         "a day of the calendar"]),
    Bad("yaml-5000-digits", {"articles/good.yaml": GOOD_YAML.replace("4100", "9" * 5000, 1)},
        ["content/articles/good.yaml:4:29: error: figure 'Wounded': value has 5000 digits before the "
         "point and 0 after; at most 18 and 12 are accepted (longer numbers lose their last digits in "
         "spreadsheets and JSON readers)"]),
    Bad("yaml-deep-nesting", {"articles/good.yaml": "figures: " + "[" * 10000 + "\n"},
        ["content/articles/good.yaml:1:1009: error: invalid YAML: while increasing flow level "
         "exceeded maximum nesting depth"]),
    Bad("yaml-lists-800-deep", {"articles/good.yaml": "figures: " + "[" * 800 + "]" * 800 + "\n"},
        ["content/articles/good.yaml:1:73: error: lists and mappings are nested more than 64 levels deep "
         "here"]),
    Bad("yaml-bidi-label", {"articles/good.yaml": GOOD_YAML.replace("label: Wounded", "label: W\u202eound")},
        ["content/articles/good.yaml:4:14: error: contains the bidirectional control character "
         "U+202E, which can show text in another order than it is written; remove it"]),
    Bad("yaml-control-char", {"articles/good.yaml": GOOD_YAML.replace("label: Wounded", 'label: "W\\a"')},
        ["content/articles/good.yaml:4:13: error: label contains the control character U+0007"]),
    Bad("text-bidi-in-number", {"articles/bad.txt": wire("Officials said 1\u202e2,000 troops [1].")},
        ["content/articles/bad.txt:3:17: error: contains the bidirectional control character "
         "U+202E, which can show text in another order than it is written; remove it"]),
    Bad("text-not-utf8", {"articles/bad.txt": wire().encode("utf-8").replace(b"plain", b"pl\xe9in")},
        ["content/articles/bad.txt:1:5: error: not valid UTF-8 (byte 0xE9); save the file as UTF-8"]),
    Bad("text-utf16", {"articles/bad.txt": wire().encode("utf-16")},
        ["content/articles/bad.txt:1:1: error: file is UTF-16; save it as UTF-8"]),
    Bad("text-nul", {"articles/bad.txt": wire("Nul\x00 byte [1].")},
        ["content/articles/bad.txt:3: error: file contains a NUL character; is it a binary file?"]),
    Bad("text-unknown-marker", {"articles/bad.txt": wire("Officials said [1] and [2].")},
        ["content/articles/bad.txt:3:24: error: citation [2] has no reference; the references are [1]"]),
    Bad("huge-article", {"articles/bad.txt": wire("word " * 2_200_000 + "[1]")},
        ["content/articles/bad.txt: error: file is 11,000,093 bytes, more than the limit of "
         "1,048,576; is it really one article?"]),
    Bad("slug-upper-case", {"articles/CON.txt": wire()},  # (read as files come named: con)
        ["content/articles/CON.txt: error: 'con' is a reserved name; choose another slug"]),
    Bad("slug-device-name", {"articles/con.txt": wire()},
        ["content/articles/con.txt: error: 'con' is a reserved name; choose another slug"]),
    Bad("slug-reserved", {"articles/search.txt": wire()},
        ["content/articles/search.txt: error: 'search' is a reserved name; choose another slug"]),
    Bad("slug-dots", {"articles/a..b.txt": wire()},
        ["content/articles/a..b.txt: error: file name 'a..b' cannot be a sheet's slug (lower-case "
         "letters, digits and hyphens, up to 81 characters); rename it, for example to a-b.txt"]),
    Bad("slug-unicode", {"articles/cafe\u0301.txt": wire(), "articles/caf\u00e9.txt": wire()},
        ["content/articles/cafe\u0301.txt: error: file name 'cafe\u0301' cannot be a sheet's slug "
         "(lower-case letters, digits and hyphens, up to 81 characters); rename it, for example to cafe.txt",
         "content/articles/caf\u00e9.txt: error: file name 'caf\u00e9' cannot be a sheet's slug "
         "(lower-case letters, digits and hyphens, up to 81 characters); rename it, for example to caf.txt"]),
    Bad("tag-path", {"articles/good.yaml": GOOD_YAML.replace("[plain]", "['../x']")},
        ["content/articles/good.yaml:2:8: error: tag '../x' must be lower-case letters, digits and "
         "hyphens (e.g. north-korea)"]),
    Bad("tag-index", {"articles/good.yaml": GOOD_YAML.replace("[plain]", "[index]")},
        ["content/articles/good.yaml:2:8: error: tag 'index' is reserved for the list of all tags; "
         "choose another"]),
    Bad("page-reserved", {"pages/index.md": "# x\n"},
        ["content/pages/index.md: error: a page is named <name>.md in lower-case letters, digits and "
         "hyphens, and not a reserved name"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("baseline"),
                        {"articles/good.txt": GOOD_WIRE, "articles/good.yaml": GOOD_YAML})
    assert factsheet_in(root, "build") == 0
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build_case(built: Path, tmp_path: Path, files: dict[str, str | bytes],
                capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str, Path]:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    write_tree(root / "content", files)
    code = factsheet_in(root, "build")
    out, err = capsys.readouterr()
    return code, out.splitlines(), err, root


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.name)
def test_bad_input_is_a_clear_error_and_the_site_survives(
    case: Bad, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(built / "site")
    code, lines, err, root = _build_case(built, tmp_path, case.files, capsys)
    assert code == 1
    assert [line for line in lines if ": error: " in line] == case.errors
    assert "Traceback" not in err
    assert _tree(root / "site") == before
    assert not (root / "pwned").exists()


def test_symlink_out_of_content_is_an_error(built: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(wire())
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    (root / "content/articles/leak.txt").symlink_to(outside)
    before = _tree(root / "site")
    assert factsheet_in(root, "build") == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"content/articles/leak.txt: error: links outside content/ (to {outside}); only files inside it "
        "are read"]
    assert _tree(root / "site") == before


def test_symlinks_planted_in_output_folders_are_not_followed(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    shutil.rmtree(root / "build/docs/sheets")
    (root / "build/docs/sheets").symlink_to(outside, target_is_directory=True)
    (root / "build/docs/index.md").unlink()
    (root / "build/docs/index.md").symlink_to(outside / "keep.txt")
    (root / "site/sheets").rename(root / "site/sheets-real")
    (root / "site/sheets").symlink_to(outside, target_is_directory=True)
    assert factsheet_in(root, "build") == 0
    capsys.readouterr()
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text() == "mine"
    assert not (root / "build/docs/sheets").is_symlink()
    assert not (root / "site/sheets").is_symlink()
    assert (root / "site/sheets/good/index.html").is_file()


def test_docs_folder_itself_a_symlink_is_refused(built: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    shutil.rmtree(root / "build/docs")
    (root / "build/docs").symlink_to(outside, target_is_directory=True)
    assert factsheet_in(root, "build") == 1
    err = capsys.readouterr().err
    assert "build/docs is a symbolic link; refusing to write through it" in err
    assert list(outside.iterdir()) == []



def test_large_inputs_generate_within_bounded_memory_and_time(tmp_path: Path) -> None:
    """Inputs just under the size limit, built to be slow: a 1 MB line, 50,000 brackets, a list
    800 deep, thousands of citations. `factsheet generate` must finish under a hard 1 GiB memory
    limit and a generous timeout (a guard against blow-ups, not a speed test)."""
    import resource
    import subprocess
    import sys

    root = make_project(tmp_path / "large")
    front = ("---\ntitle: Big\ndate: 2025-05-07T10:00:00+00:00\n"
             "references: [{id: 1, url: 'https://e.example/'}]\n---\n")
    write_tree(root / "content", {
        "articles/long-line.txt": wire("word " * 200_000 + "[1]"),
        "articles/citations.txt": wire("[1] " * 200_000),
        "articles/brackets.md": front + "[" * 50_000 + " [1]\n",
        "articles/deep-list.md": front + "".join("  " * i + "- x [1]\n" for i in range(800)),
        "articles/deep-quote.md": front + "> " * 5000 + "x [1]\n",
    })

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=root,
                            preexec_fn=limit, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "build/docs/sheets/deep-list.md").is_file()
