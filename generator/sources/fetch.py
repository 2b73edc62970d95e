"""Reading the pages references cite, politely and safely (CONTENT-FORMAT.md, "Reading a page
politely and safely"): the only code of the project that opens a network connection.

Reference URLs are untrusted content. A page is read only over http or https, at every hop of
its redirects; a host whose address is not public (loopback, private, link-local, shared,
multicast, reserved, unspecified) is refused before any connection unless private hosts are
allowed; a response is read within limits of time and size counted after decompression, so
that no server can make the reader wait or fill its memory (a gzip bomb is cut at the limit).
Each host is asked for its robots.txt once, before anything else, and read one request at a
time, at least a second apart (or its Crawl-delay)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}


@dataclass(frozen=True)
class Limits:
    connect: float = 10.0  # seconds to connect
    total: float = 30.0  # seconds for a whole response
    size: int = 10 * 2**20  # bytes of a body, after decompression
    redirects: int = 10
    gap: float = 1.0  # seconds between the end of a request to a host and the next
    retry_after: float = 60.0  # the longest Retry-After waited for (once)


class Response(NamedTuple):
    """What reading a URL gave. `outcome` is "ok" (a 2xx body), "blocked" (robots.txt, 401,
    403, 451, or a refused address), "dead" (404, 410) or "error" (anything else; `error`
    says what)."""

    url: str
    final_url: str
    outcome: str
    http_status: int = 0
    permanent: bool = False  # every redirect on the way was permanent (301, 308)
    content_type: str = ""
    body: bytes = b""
    error: str = ""
    location: str = ""  # of a redirect
    retry_after: float | None = None  # of a 429 or 503 that gave one, in seconds


class Refused(Exception):
    """An address that is not public, or a scheme that is not http or https."""


def check_address(url: str, allow_private: bool) -> None:
    """Refuse a URL whose scheme is not http(s), or (unless allowed) whose host resolves to
    an address that is not public. Every address the name resolves to must be public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"only http and https links are read, got {url[:80]!r}")
    if not allow_private:
        checked_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, every one of them public; else Refused."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise Refused(f"the host {host!r} does not resolve: {e}") from None
    found = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise Refused(f"the host {host!r} has the address {address}, which is not public "
                          "(--allow-private-hosts reads such hosts)")
        found.append(str(address))
    return found


class _PinnedBackend(httpcore.SyncBackend):
    """Connects only to an address it has just checked: the name is resolved once, here, and
    the connection made to that address (TLS still names the host). Checking a name and then
    letting the connection resolve it again would leave a window in which its DNS could
    answer with a private address (DNS rebinding)."""

    def __init__(self, allow_private: Callable[[str], bool]) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable[Any] | None = None
                    ) -> httpcore.NetworkStream:
        if self.allow_private(host):
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        error: OSError | None = None
        for address in checked_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except OSError as e:  # (httpcore's ConnectError is no OSError: it is let through)
                error = e
        raise error or OSError(f"no address for {host!r}")


def _transport(allow_private: Callable[[str], bool]) -> httpx.HTTPTransport:
    """httpx's transport with its connection pool on the pinned backend (httpx takes no
    backend of its own, so the pool it made is replaced by the same pool on ours)."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=100,
        max_keepalive_connections=20, keepalive_expiry=5.0, network_backend=_PinnedBackend(allow_private))
    return transport


@dataclass
class _Host:
    """One host's robots.txt and when it may next be asked."""

    robots: Protego | None = None
    read_robots: bool = False
    robots_error: str = ""
    next_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Reader:
    """Reads URLs for one run, keeping each host's robots.txt and pace. Safe to call from
    several threads at once: requests to one host wait for each other."""

    def __init__(self, user_agent: str, *, allow_private: bool | Callable[[str], bool] = False,
                 limits: Limits = Limits(), sleep: Callable[[float], None] = time.sleep) -> None:
        """`allow_private`: whether hosts with addresses that are not public are read (or, for
        tests, which: a function of the host name)."""
        self.user_agent = user_agent
        self.allow_private = allow_private if callable(allow_private) else (lambda host: allow_private)
        self.limits = limits
        self.sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._client = httpx.Client(
            follow_redirects=False, headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(min(10.0, limits.total), connect=limits.connect), trust_env=False,
            transport=_transport(self.allow_private))

    def close(self) -> None:
        self._client.close()

    def read(self, url: str) -> Response:
        """Read `url`, following redirects within the limits; never raises for what a server
        or the network does."""
        hops = 0
        permanent = True
        current = url
        while True:
            try:
                check_address(current, self.allow_private(urlsplit(current).hostname or ""))
            except Refused as e:
                return Response(url, current, "blocked", error=str(e))
            host = self._host(current)
            if not self._allowed(host, current):
                return Response(url, current, "blocked", error=host.robots_error or "robots.txt disallows it")
            response = self._get(host, current)
            if response.outcome != "redirect":
                return response._replace(url=url, final_url=current, permanent=permanent and hops > 0)
            hops += 1
            permanent = permanent and response.http_status in PERMANENT
            if hops > self.limits.redirects:
                return Response(url, current, "error", response.http_status,
                                error=f"more than {self.limits.redirects} redirects")
            current = urljoin(current, response.location)

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _allowed(self, host: _Host, url: str) -> bool:
        """Whether robots.txt lets this reader read the URL; the host's robots.txt is read
        first, once a run (missing: all allowed; an error: nothing read this run)."""
        with host.lock:
            if not host.read_robots:
                host.read_robots = True
                robots_url = urljoin(url, "/robots.txt")
                response = self._request(host, robots_url)
                if response.outcome == "ok":
                    host.robots = Protego.parse(response.body.decode("utf-8", errors="replace"))
                elif response.outcome == "dead" or response.http_status in (401, 403):
                    host.robots = None  # (no robots.txt: everything is allowed)
                else:
                    why = response.error or f"HTTP {response.http_status}"
                    host.robots_error = f"its robots.txt could not be read ({why})"
            if host.robots_error:
                return False
            return host.robots is None or bool(host.robots.can_fetch(url, self.user_agent))

    def _get(self, host: _Host, url: str) -> Response:
        with host.lock:
            response = self._request(host, url)
            wait = response.retry_after
            if wait is not None and wait <= self.limits.retry_after:  # (as asked, once)
                host.next_at = max(host.next_at, time.monotonic() + wait)
                response = self._request(host, url)
            return response

    def _request(self, host: _Host, url: str) -> Response:
        """One request, after the host's gap; the caller holds the host's lock."""
        delay = host.next_at - time.monotonic()
        if delay > 0:
            self.sleep(delay)
        try:
            return self._send(url)
        finally:
            gap = self.limits.gap
            if host.robots is not None:
                gap = max(gap, float(host.robots.crawl_delay(self.user_agent) or 0))
            host.next_at = time.monotonic() + gap

    def _send(self, url: str) -> Response:
        deadline = time.monotonic() + self.limits.total
        try:
            with self._client.stream("GET", url, headers={"Accept-Encoding": "gzip, deflate"}) as r:
                return self._answer(url, r, deadline)
        except httpx.TimeoutException:
            return Response(url, url, "error", error="no answer within the time limits")
        except Refused as e:  # (when connecting: the name now resolves to a private address)
            return Response(url, url, "blocked", error=str(e))
        except (httpx.HTTPError, OSError, ValueError, zlib.error) as e:
            return Response(url, url, "error", error=f"{type(e).__name__}: {e}"[:200])

    def _answer(self, url: str, r: httpx.Response, deadline: float) -> Response:
        status = r.status_code
        if status in REDIRECTS:
            location = r.headers.get("location", "")
            if not location:
                return Response(url, url, "error", status, error=f"HTTP {status} without a Location")
            return Response(url, url, "redirect", status, location=location)
        if status in (404, 410):
            return Response(url, url, "dead", status, error=f"HTTP {status}")
        if status in (401, 403, 451):
            return Response(url, url, "blocked", status, error=f"HTTP {status}")
        if not 200 <= status < 300:
            retry = _seconds(r.headers.get("retry-after", "")) if status in (429, 503) else None
            return Response(url, url, "error", status, error=f"HTTP {status}", retry_after=retry)
        content_type = r.headers.get("content-type", "")
        body, error = _body(r, self.limits.size, deadline)
        if error:
            return Response(url, url, "error", status, content_type=content_type, error=error)
        return Response(url, url, "ok", status, content_type=content_type, body=body)


def _body(r: httpx.Response, limit: int, deadline: float) -> tuple[bytes, str]:
    """The body, decompressed here with a bound on every step (a gzip bomb stops at `limit`,
    having used no more memory than that), or why not."""
    encoding = r.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        return b"", f"an encoding that was not asked for ({encoding[:40]})"
    inflate = zlib.decompressobj(wbits=47) if encoding != "identity" else None  # (gzip or zlib)
    body = bytearray()
    for raw in r.iter_raw():
        data = raw
        while data:
            if inflate is None:
                piece, data = data, b""
            else:
                piece = inflate.decompress(data, limit + 1 - len(body))
                data = inflate.unconsumed_tail
            body += piece
            if len(body) > limit:
                return b"", f"more than {limit:,} bytes"
        if time.monotonic() > deadline:
            return b"", "slower than the time limit for a whole page"
    return bytes(body), ""


def _seconds(value: str) -> float | None:
    """A Retry-After given in seconds (a date is not waited for)."""
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None
