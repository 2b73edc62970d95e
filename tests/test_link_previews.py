"""Where the site meets the rest of the web: link previews (Open Graph and Twitter tags, a
canonical link), social cards (an image per sheet and per series, drawn at build time, only
when what it shows changed), and structured data checked against the schema.org vocabulary
itself (tests/fixtures/schemaorg: every type, and every property on a type it belongs to)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.check.numbers import format_value
from generator.model import Figure
from generator.render.social_cards import card_alt, sheet_card, sheet_card_text

from .conftest import REPO, build_at, make_project

SITE_URL = "https://desk.example.org/facts/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SHEET = "sheets/north-korea-shell-production/"
VOCABULARY = json.loads((Path(__file__).parent / "fixtures/schemaorg/vocabulary.json").read_text())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("previews"))
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("# license: https://creativecommons.org/licenses/by/4.0/",
                                                 f"license: {LICENSE}")
                      + "site_author: The Harbour Desk\n")
    build_at(root, SITE_URL)
    return root


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.jsonld: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._script = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._script:
            self.jsonld.append(data)
            self._script = False


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_a_sheet_and_a_series_preview_with_their_card(project: Path) -> None:
    site = project / "site"
    for path in (SHEET, "series/nk-troops-russia/"):
        head = _head(site / path / "index.html")
        meta = head.meta
        assert head.canonical == meta["og:url"] == SITE_URL + path
        assert meta["og:site_name"] == "Fact sheets" and meta["og:title"] and meta["og:description"]
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:title"] == meta["og:title"]
        assert meta["twitter:description"] == meta["og:description"]
        card = meta["og:image"]
        assert card == meta["twitter:image"]
        assert card.startswith(SITE_URL + "cards/") and card.endswith(".png")
        image_file = site / card.removeprefix(SITE_URL)
        with Image.open(image_file) as image:
            assert image.size == (1200, 630) and image.format == "PNG"
        assert image_file.stat().st_size <= 40_000
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    sheet = _head(site / SHEET / "index.html").meta
    assert sheet["og:type"] == "article"
    assert sheet["og:image:alt"] == ("up to 6 million shells: Artillery shells shipped to Russia by sea "
                                     "since 2022. Kim Jong Un orders faster artillery shell production as "
                                     "arms flow to Russia. 7 May 2025")
    series = _head(site / "series/nk-troops-russia/index.html").meta
    assert series["og:image:alt"].startswith("North Korean troops sent to Russia: a chart of its ")
    home = _head(site / "index.html").meta  # (every page has the tags; the home has no card)
    assert home["og:url"] == SITE_URL and home["twitter:card"] == "summary" and "og:image" not in home


def test_a_card_shows_the_key_figure_as_readers_read_it() -> None:
    figure = Figure("Artillery shells shipped to Russia", (6_000_000,), "up to", "shells", None, (1,), "",
                    "", 3)
    text = sheet_card_text("Kim orders more shells", [figure], dt.date(2025, 5, 7))
    assert text == ("Kim orders more shells", "up to 6 million shells", "Artillery shells shipped to Russia",
                    "7 May 2025")
    assert format_value(figure) == text[1]
    assert card_alt(*text) == ("up to 6 million shells: Artillery shells shipped to Russia. Kim orders "
                               "more shells. 7 May 2025")
    long_title = "A very long title " * 20  # (cut with an ellipsis, never drawn off the card)
    data = sheet_card("Fact sheets", long_title, "€3.5bn", "Cost of the extension", "3 June 2024")
    assert data.startswith(b"\x89PNG") and len(data) <= 40_000


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_card_is_drawn_again_only_when_what_it_shows_changed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    build_at(root, SITE_URL)
    cards = root / "site/cards/sheets"
    before = _mtimes(cards)
    article = root / "content/articles/north-korea-shell-production.txt"
    text = article.read_text()
    article.write_text(text.replace("Kim Jong Un orders faster", "Kim Jong Un demands faster", 1))
    build_at(root, SITE_URL)
    after = _mtimes(cards)
    assert [name for name in after if after[name] != before[name]] == ["north-korea-shell-production.png"]
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("social_cards: true", "social_cards: false"))
    build_at(root, SITE_URL)
    assert not (root / "site/cards").exists()
    assert "og:image" not in _head(root / "site" / SHEET / "index.html").meta


def test_without_the_site_s_address_there_is_no_card_and_no_absolute_link(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    build_at(root)
    meta = _head(root / "site" / SHEET / "index.html").meta
    assert not (root / "site/cards").exists()
    assert "og:url" not in meta and "og:image" not in meta and meta["twitter:card"] == "summary"
    assert meta["og:title"] and meta["og:site_name"] == "Fact sheets"


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _ancestors(kind: str) -> set[str]:
    seen, todo = set(), [kind]
    while todo:
        one = todo.pop()
        if one not in seen:
            seen.add(one)
            todo += VOCABULARY["types"].get(one, [])
    return seen


def vocabulary_problems(data: dict[str, Any]) -> list[str]:
    """Every type not in the vocabulary, and every property not defined for its node's type."""
    problems = []
    for node in _nodes(data):
        kind = node.get("@type")
        if kind is None:
            continue
        if kind not in VOCABULARY["types"]:
            problems.append(f"no type {kind}")
            continue
        types = _ancestors(kind)
        for name in node:
            if name.startswith("@"):
                continue
            domains = VOCABULARY["properties"].get(name)
            if domains is None:
                problems.append(f"no property {name}")
            elif not types & set(domains):
                problems.append(f"{name} is not a property of {kind}")
    return problems


def test_the_vocabulary_check_catches_what_is_not_schema_org() -> None:
    assert vocabulary_problems({"@type": "Article", "headline": "x", "url": "u"}) == []
    assert vocabulary_problems({"@type": "Article", "unitText": "x"}) == [
        "unitText is not a property of Article"]
    assert vocabulary_problems({"@type": "Dataset", "headlines": "x"}) == ["no property headlines"]
    assert vocabulary_problems({"@type": "Datasett"}) == ["no type Datasett"]


def test_structured_data_is_complete_and_schema_org_s(project: Path) -> None:
    site = project / "site"
    pages = [p for p in site.rglob("index.html") if "ld+json" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 13
    for page in pages:
        for text in _head(page).jsonld:
            assert vocabulary_problems(json.loads(text)) == [], page
    [article] = [json.loads(t) for t in _head(site / SHEET / "index.html").jsonld]
    assert article["url"] == article["mainEntityOfPage"]["@id"] == SITE_URL + SHEET
    assert article["publisher"] == {"@type": "Organization", "name": "The Harbour Desk", "url": SITE_URL}
    assert article["image"] == SITE_URL + "cards/sheets/north-korea-shell-production.png"
    assert article["license"] == LICENSE
    [dataset] = [json.loads(t) for t in _head(site / "series/nk-troops-russia/index.html").jsonld]
    assert dataset["url"] == SITE_URL + "series/nk-troops-russia/"
    assert dataset["creator"]["name"] == "The Harbour Desk" and dataset["license"] == LICENSE
    assert [(d["@type"], d["encodingFormat"], d["contentUrl"]) for d in dataset["distribution"]] == [
        ("DataDownload", "application/json", SITE_URL + "data/series/nk-troops-russia.json"),
        ("DataDownload", "text/csv", SITE_URL + "data/series/nk-troops-russia.csv")]
    for download in dataset["distribution"]:
        assert (site / download["contentUrl"].removeprefix(SITE_URL)).is_file()
    assert re.search(r'"isBasedOn":\["https://', _head(site / "series/nk-troops-russia/index.html").jsonld[0])
