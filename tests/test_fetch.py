"""Reading cited pages politely and safely, against real HTTP servers on 127.0.0.x: robots.txt
first, one request at a time to a host and a gap between them, addresses refused at every hop,
redirects, statuses, Retry-After, and responses that try to exhaust the reader."""

from __future__ import annotations

import concurrent.futures
import gzip
import socket
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from generator.sources.fetch import Limits, Reader

from .servers import Route, redirect, send, serving

UA = "factsheet-test/1 (+https://example.org)"
FAST = Limits(gap=0.2, total=5.0)
PAGE = send(200, b"<p>North Korea sent 10,000 troops.</p>")


def reader(limits: Limits = FAST, private: bool = True) -> Reader:
    return Reader(UA, allow_private=private, limits=limits)


def test_robots_txt_is_read_first_once_and_a_missing_one_allows_all() -> None:
    with serving("127.0.0.2", {"/a": PAGE, "/b": PAGE}) as site:
        read = reader()
        first, second = read.read(site.url("/a")), read.read(site.url("/b"))
    assert (first.outcome, first.http_status) == ("ok", 200)
    assert first.body == b"<p>North Korea sent 10,000 troops.</p>"
    assert first.content_type == "text/html; charset=utf-8" and second.outcome == "ok"
    assert site.paths == ["/robots.txt", "/a", "/b"]


def test_robots_txt_that_disallows_blocks_without_asking_for_the_page() -> None:
    robots = send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
    with serving("127.0.0.2", {"/robots.txt": robots, "/private/x": PAGE, "/open": PAGE}) as site:
        read = reader()
        blocked, allowed = read.read(site.url("/private/x")), read.read(site.url("/open"))
    assert (blocked.outcome, blocked.error) == ("blocked", "robots.txt disallows it")
    assert allowed.outcome == "ok"
    assert site.paths == ["/robots.txt", "/open"]


def test_a_robots_txt_that_fails_reads_nothing_of_the_host_this_run() -> None:
    with serving("127.0.0.2", {"/robots.txt": send(503, b"down"), "/a": PAGE}) as site:
        response = reader().read(site.url("/a"))
    assert (response.outcome, response.error) == ("blocked", "its robots.txt could not be read (HTTP 503)")
    assert site.paths == ["/robots.txt"]


def test_requests_to_a_host_are_one_at_a_time_and_a_gap_apart_and_crawl_delay_wins() -> None:
    robots = send(200, b"User-agent: *\nCrawl-delay: 0.5\n", "text/plain")
    with serving("127.0.0.2", {"/robots.txt": robots, "/a": PAGE, "/b": PAGE, "/c": PAGE}) as site:
        read = reader()
        for path in ("/a", "/b", "/c"):
            assert read.read(site.url(path)).outcome == "ok"
    gaps = [b.start - a.end for a, b in zip(site.requests, site.requests[1:], strict=False)]
    assert site.most_at_once == 1
    assert gaps[0] >= 0.2 and all(gap >= 0.5 for gap in gaps[1:])  # (the robots.txt's delay once read)


def test_hosts_are_read_side_by_side_while_each_keeps_its_own_pace() -> None:
    routes = {"/a": PAGE, "/b": PAGE}
    with serving("127.0.0.2", routes) as one, serving("127.0.0.3", routes) as two:
        read = reader(Limits(gap=0.5, total=5.0))
        urls = [one.url("/a"), one.url("/b"), two.url("/a"), two.url("/b")]
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            outcomes = [r.outcome for r in pool.map(read.read, urls)]
        took = time.monotonic() - started
    assert outcomes == ["ok"] * 4
    assert one.most_at_once == two.most_at_once == 1
    assert took < 2 * 0.5 * 3  # (two hosts at once: not the sum of both paces)


@pytest.mark.parametrize("status, outcome", [(404, "dead"), (410, "dead"), (401, "blocked"), (403, "blocked"),
                                             (451, "blocked"), (500, "error"), (502, "error")])
def test_statuses_say_what_became_of_the_page(status: int, outcome: str) -> None:
    with serving("127.0.0.2", {"/a": send(status, b"no")}) as site:
        response = reader().read(site.url("/a"))
    assert (response.outcome, response.http_status, response.error) == (outcome, status, f"HTTP {status}")


def test_redirects_are_followed_and_only_permanent_ones_say_moved() -> None:
    routes: dict[str, Route] = {"/old": redirect(301, "/newer"), "/newer": redirect(308, "/new"),
                                "/new": PAGE, "/tmp": redirect(302, "/new"), "/mixed": redirect(301, "/tmp")}
    with serving("127.0.0.2", routes) as site:
        read = reader()
        moved, temporary = read.read(site.url("/old")), read.read(site.url("/tmp"))
        mixed = read.read(site.url("/mixed"))
    assert (moved.outcome, moved.final_url, moved.permanent) == ("ok", site.url("/new"), True)
    assert (temporary.final_url, temporary.permanent) == (site.url("/new"), False)
    assert mixed.permanent is False


def test_a_redirect_loop_and_a_redirect_to_another_scheme_stop() -> None:
    routes = {"/loop": redirect(302, "/loop"), "/file": redirect(302, "file:///etc/passwd")}
    with serving("127.0.0.2", routes) as site:
        read = reader()
        loop, elsewhere = read.read(site.url("/loop")), read.read(site.url("/file"))
    assert (loop.outcome, loop.error) == ("error", "more than 10 redirects")
    assert (elsewhere.outcome, elsewhere.error) == (
        "blocked", "only http and https links are read, got 'file:///etc/passwd'")


def test_an_address_that_is_not_public_is_refused_before_any_connection() -> None:
    with serving("127.0.0.2", {"/a": PAGE}) as site:
        response = reader(private=False).read(site.url("/a"))
    assert response.outcome == "blocked"
    assert response.error == ("the host '127.0.0.2' has the address 127.0.0.2, which is not public "
                              "(--allow-private-hosts reads such hosts)")
    assert site.requests == []


def test_an_address_that_is_not_public_is_refused_after_a_redirect() -> None:
    with serving("127.0.0.3", {"/secret": PAGE}) as inside, \
            serving("127.0.0.2", {"/a": redirect(302, inside.url("/secret"))}) as outside:
        read = Reader(UA, allow_private=lambda host: host == "127.0.0.2", limits=FAST)
        response = read.read(outside.url("/a"))
    assert response.outcome == "blocked" and "127.0.0.3" in response.error
    assert inside.requests == [] and outside.paths == ["/robots.txt", "/a"]


def test_a_name_that_rebinds_to_a_private_address_after_its_check_is_never_connected_to(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name resolves to a public address when it is checked, and to this
    machine a moment later. The one resolver answer here is made up (there is no DNS server to
    rebind); the server it points at is real, and is never asked anything."""
    real = socket.getaddrinfo
    answers = iter(["93.184.215.14"])  # (public, then 127.0.0.2 for every later lookup)

    def rebinding(host: str, port: object, *args: object, **kwargs: object) -> list[Any]:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        address = next(answers, "127.0.0.2")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with serving("127.0.0.2", {"/robots.txt": send(404), "/a": PAGE}) as site:
        response = reader(private=False).read(f"http://rebind.example:{site.port}/a")
    assert response.outcome == "blocked"
    assert response.error == ("its robots.txt could not be read (the host 'rebind.example' has the address "
                              "127.0.0.2, which is not public (--allow-private-hosts reads such hosts))")
    assert site.requests == []


def test_429_and_503_with_retry_after_are_waited_for_once() -> None:
    calls = {"n": 0}

    def busy_then_ok(handler: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        busy = send(429, b"later", headers={"Retry-After": "1"})
        (busy if calls["n"] == 1 else PAGE)(handler)

    later = send(503, b"x", headers={"Retry-After": "30"})
    with serving("127.0.0.2", {"/a": busy_then_ok, "/b": later}) as site:
        read = reader(Limits(gap=0.2, total=5.0, retry_after=5.0))
        started = time.monotonic()
        ok = read.read(site.url("/a"))
        waited = time.monotonic() - started
        too_long = read.read(site.url("/b"))
    assert ok.outcome == "ok" and waited >= 1.0
    assert (too_long.outcome, too_long.http_status, too_long.retry_after) == ("error", 503, 30.0)
    assert site.paths == ["/robots.txt", "/a", "/a", "/b"]


def test_a_gzip_bomb_stops_at_the_size_limit_within_bounded_memory() -> None:
    bomb = gzip.compress(b"\0" * (200 * 2**20), compresslevel=9)  # 200 MB as about 200 KB
    route = send(200, bomb, headers={"Content-Encoding": "gzip"})
    with serving("127.0.0.2", {"/bomb": route}) as site:
        tracemalloc.start()
        response = reader(Limits(gap=0.2, total=10.0, size=2**20)).read(site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert (response.outcome, response.error) == ("error", "more than 1,048,576 bytes")
    assert peak < 8 * 2**20


def test_a_page_that_drips_is_given_up_at_the_time_limit() -> None:
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    with serving("127.0.0.2", {"/drip": drip}) as site:
        started = time.monotonic()
        response = reader(Limits(gap=0.2, total=1.0)).read(site.url("/drip"))
        took = time.monotonic() - started
    assert (response.outcome, response.error) == ("error", "slower than the time limit for a whole page")
    assert took < 3
