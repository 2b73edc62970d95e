"""Atom feeds (RFC 4287) of the newest sheets: one for the site, one per tag. Each sheet's entry
is rendered once, as a fragment; a feed places the newest ones under its head.

Content reaches the XML only escaped (door one: markupsafe's escape, after clean_text has
dropped control characters), and characters XML 1.0 forbids are dropped. Links are absolute
when the site's address (site_url) is known; else relative to the feed, which feed readers
resolve against the feed's own address."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import cast

from jinja2 import Environment
from markupsafe import Markup, escape

from generator.check.numbers import format_value
from generator.model import Sheet
from generator.render.escape import clean_text

FEED_SIZE = 50  # entries in a feed: the newest sheets
ROOT = "\x00"  # as in render.py: where the way back to the site root goes in a fragment
_NOT_XML = re.compile("[\ufffe\uffff]")  # (control characters are gone already)


def site_path(env: Environment, path: str) -> str:
    """The address of a page of the site, given without suffix ("sheets/x"), as the site's
    URL style writes it: "sheets/x/" with directory URLs, else "sheets/x.html"."""
    return cast(Callable[[str], str], env.globals["url"])(path)


def xml_text(text: str) -> Markup:
    return escape(_NOT_XML.sub("", clean_text(text)))


def feed_entry(env: Environment, sheet: Sheet, address: str) -> str:
    """A sheet's <entry>; `address` is its absolute URL, or "" when the site's is not known."""
    href = address or ROOT + site_path(env, "sheets/" + sheet.slug)
    figures = "".join(f"<li>{xml_text(format_value(f))}: {xml_text(f.label)}</li>" for f in sheet.figures)
    content = f"<p>{xml_text(sheet.summary)}</p>" + (f"<ul>{figures}</ul>" if figures else "")
    when = sheet.published.isoformat()
    categories = "".join(f'<category term="{escape(tag)}"/>' for tag in sheet.tags)
    return (f"<entry>\n<title type=\"text\">{xml_text(sheet.title)}</title>\n"
            f'<link rel="alternate" type="text/html" href="{escape(href)}"/>\n'
            f"<id>{escape(address or _urn('sheets/' + sheet.slug))}</id>\n"
            f"<published>{when}</published>\n<updated>{when}</updated>\n"
            f"<summary type=\"text\">{xml_text(sheet.summary)}</summary>\n{categories}"
            f"<content type=\"html\">{escape(content)}</content>\n</entry>\n")


def render_feed(entries: list[str], newest: str, *, name: str, title: str, site_url: str,
                alternate: str, root: str, author: str) -> str:
    """A whole feed at the docs path `name`: `entries` newest first, `newest` the date of the
    first (RFC 3339), `alternate` the site path of the page it follows, `root` the way from the
    feed's folder back to the site root (for relative links), `author` who publishes the site.

    RFC 4287 asks an author of every entry, or of the feed (4.1.1): the site's, once. The
    feed's own address (rel="self") is absolute when the site's is known, else relative to
    the feed, which is where a reader found it."""
    if site_url:
        base = site_url.rstrip("/") + "/"
        own, home, feed_id = base + name, base + alternate, base + name
    else:
        own, home, feed_id = name.rsplit("/", 1)[-1], root + alternate or "./", _urn(name)
    uri = f"<uri>{escape(site_url)}</uri>" if site_url else ""
    body = "".join(entry.replace(ROOT, root) for entry in entries)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title type=\"text\">{xml_text(title)}</title>\n"
            f'<link rel="self" type="application/atom+xml" href="{escape(own)}"/>\n'
            f"<author><name>{xml_text(author)}</name>{uri}</author>\n"
            f'<link rel="alternate" type="text/html" href="{escape(home)}"/>\n'
            f"<id>{escape(feed_id)}</id>\n<updated>{newest or '1970-01-01T00:00:00+00:00'}</updated>\n"
            f"<generator>factsheet</generator>\n{body}</feed>\n")


def _urn(path: str) -> str:
    """A stable id for something of the site when its address is not known."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "factsheet:" + path).urn
