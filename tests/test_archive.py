"""Archived copies asked of an availability API served on 127.0.0.x, as the Wayback Machine's
answers: the closest copy to a date, none, and answers that are no answer."""

from __future__ import annotations

import datetime as dt
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.sources.archive import Archived, closest_copy
from generator.sources.fetch import Limits, Reader

from .servers import Route, send, serving

ANSWER = {"url": "https://example.com/a", "archived_snapshots": {"closest": {
    "status": "200", "available": True, "url": "http://web.archive.org/web/20250508000000/https://example.com/a",
    "timestamp": "20250508000000"}}}


def test_the_closest_copy_to_the_article_s_date_is_asked_for_and_read() -> None:
    asked: list[dict[str, list[str]]] = []

    def api(handler: BaseHTTPRequestHandler) -> None:
        asked.append(parse_qs(urlsplit(handler.path).query))
        send(200, json.dumps(ANSWER).encode(), "application/json")(handler)

    routes: dict[str, Route] = {}
    with serving("127.0.0.4", routes) as site:
        routes["/wayback/available?url=https%3A%2F%2Fexample.com%2Fa&timestamp=20250507"] = api
        reader = Reader("t", allow_private=True, limits=Limits(gap=0.1))
        api_url = site.url("/wayback/available")
        found = closest_copy(reader, "https://example.com/a", dt.date(2025, 5, 7), api_url)
    copy = "http://web.archive.org/web/20250508000000/https://example.com/a"
    assert found == Archived(copy, "20250508000000")
    assert asked == [{"url": ["https://example.com/a"], "timestamp": ["20250507"]}]


@pytest.mark.parametrize("answer", [
    {"url": "https://example.com/a", "archived_snapshots": {}},  # no copy
    {"archived_snapshots": {"closest": {"available": False, "url": "http://x"}}},
    {"archived_snapshots": {"closest": {"available": True, "url": "javascript:alert(1)"}}},
    "not an object",
])
def test_no_copy_or_a_strange_answer_is_no_copy(answer: object) -> None:
    routes: dict[str, Route] = {}
    with serving("127.0.0.4", routes) as site:
        routes["/available?url=https%3A%2F%2Fexample.com%2Fa&timestamp=20250507"] = send(
            200, json.dumps(answer).encode(), "application/json")
        reader = Reader("t", allow_private=True, limits=Limits(gap=0.1))
        api_url = site.url("/available")
        assert closest_copy(reader, "https://example.com/a", dt.date(2025, 5, 7), api_url) is None


def test_an_archive_that_does_not_answer_is_no_copy() -> None:
    with serving("127.0.0.4", {}) as site:
        reader = Reader("t", allow_private=True, limits=Limits(gap=0.1))
        assert closest_copy(reader, "https://example.com/a", dt.date(2025, 5, 7), site.url("/gone")) is None
