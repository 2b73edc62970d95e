"""The Atom feeds by RFC 4287: its RELAX NG schema (Appendix B, tests/fixtures/atom/atom.rng,
converted from atom.rnc with rnc2rng), then each rule of its prose the schema cannot express,
as the W3C Feed Validation Service checks them; and a real feed parser (feedparser). The
example content, with the site's address known and without it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from .conftest import REPO, factsheet_in, make_project

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).parent / "fixtures/atom/atom.rng"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
SITE_URL = "https://desk.example.org/facts/"


@pytest.fixture(scope="module", params=["with site_url", "without"])
def feeds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = make_project(tmp_path_factory.mktemp("feeds"))
    shutil.rmtree(root / "content")
    shutil.copytree(REPO / "content", root / "content")
    if request.param == "with site_url":
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + f"site_url: {SITE_URL}\nsite_author: The Desk & Co\n")
    env = dict(os.environ)
    os.environ.pop("FACTSHEET_SITE_URL", None)
    try:
        assert factsheet_in(root, "generate") == 0
    finally:
        os.environ.clear()
        os.environ.update(env)
    folder = root / "build/files/feeds"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xml"))}


def test_every_feed_is_valid_by_the_rfc_s_schema(feeds: dict[str, bytes]) -> None:
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert len(feeds) >= 5
    for name, data in feeds.items():
        assert schema.validate(etree.fromstring(data)), (name, schema.error_log.last_error)


def test_the_schema_is_not_a_rubber_stamp() -> None:
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    no_id = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
             b'<updated>2024-01-01T00:00:00Z</updated></feed>')
    assert not schema.validate(etree.fromstring(no_id))


def _texts(element: etree._Element, tag: str) -> list[str]:
    return [(e.text or "").strip() for e in element.findall(ATOM + tag)]


def test_every_feed_keeps_the_rules_of_the_rfc_s_prose(feeds: dict[str, bytes]) -> None:
    for name, data in feeds.items():
        feed = etree.fromstring(data)
        entries = feed.findall(ATOM + "entry")
        # 4.1.1: an author of the feed, else of every entry (the W3C validator: MissingAuthor)
        authors = feed.findall(f"{ATOM}author/{ATOM}name")
        assert [a.text for a in authors] and all((a.text or "").strip() for a in authors), name
        # 4.1.1: exactly one id, title and updated; one alternate link per type and language
        for tag in ("id", "title", "updated"):
            assert len(_texts(feed, tag)) == 1 and _texts(feed, tag)[0], (name, tag)
        links = feed.findall(ATOM + "link")
        alternates = [(li.get("type"), li.get("hreflang")) for li in links
                      if li.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates)) == 1, name
        # 4.2.7.2 and the W3C validator's MissingSelf: the feed says its own address
        selves = [li.get("href") for li in links if li.get("rel") == "self"]
        assert len(selves) == 1 and selves[0] and selves[0].endswith(name), name
        ids = []
        for entry in entries:
            # 4.1.2: exactly one id, title, updated; an alternate link when there is no content
            for tag in ("id", "title", "updated"):
                assert len(_texts(entry, tag)) == 1 and _texts(entry, tag)[0], (name, tag)
            assert entry.find(ATOM + "content") is not None or entry.find(f"{ATOM}link") is not None
            ids.append(_texts(entry, "id")[0])
            # 3.3: dates are RFC 3339 date-times, with a time zone
            for tag in ("updated", "published"):
                assert all(RFC3339.match(t) for t in _texts(entry, tag)), (name, tag)
        assert RFC3339.match(_texts(feed, "updated")[0])
        # 4.2.6: ids are absolute IRIs, and no two entries share one (W3C: DuplicateIds)
        assert all(re.match(r"(?:https?|urn):", i) for i in [*ids, _texts(feed, "id")[0]]), name
        assert len(ids) == len(set(ids)), name
        # 4.2.15: the feed was updated when its newest entry was (no entry is newer than it)
        if entries:
            newest = max(dt.datetime.fromisoformat(_texts(e, "updated")[0]) for e in entries)
            assert newest == dt.datetime.fromisoformat(_texts(feed, "updated")[0]), name


def test_the_author_and_self_link_are_the_site_s(feeds: dict[str, bytes]) -> None:
    feed = etree.fromstring(feeds["index.xml"])
    self_link = next(li.get("href") for li in feed.findall(ATOM + "link") if li.get("rel") == "self")
    author = feed.find(ATOM + "author")
    assert author is not None
    if self_link.startswith("http"):
        assert self_link == SITE_URL + "feeds/index.xml"
        assert (author.findtext(ATOM + "name"), author.findtext(ATOM + "uri")) == ("The Desk & Co", SITE_URL)
    else:  # (relative to the feed itself, where a reader found it)
        assert self_link == "index.xml"
        assert (author.findtext(ATOM + "name"), author.find(ATOM + "uri")) == ("Fact sheets", None)


def test_a_feed_parser_reads_every_feed_whole(feeds: dict[str, bytes]) -> None:
    import feedparser

    for name, data in feeds.items():
        parsed = feedparser.parse(data)
        assert (parsed.bozo, parsed.version) == (0, "atom10"), name
        assert parsed.feed.author in ("Fact sheets", "The Desk & Co"), name
        assert len(parsed.entries) == len(etree.fromstring(data).findall(ATOM + "entry"))
