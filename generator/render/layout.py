"""Where each sheet and event goes on the site-wide pages: sheets newest first, by tag, and
events in timeline order, split by year."""

from __future__ import annotations

import bisect
import hashlib
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from generator.model import Page
from generator.render.listing import Listing


class Layout(NamedTuple):
    """Which sheet and which event goes where on the site-wide pages. It follows from the
    sheets' placements (date, tags, events) and the hand-written pages alone, so a run whose
    changed sheets all stayed where they were reuses the last run's, which the cache keeps:
    ordering 10,000 sheets and 40,000 events is most of planning the site pages."""

    sheets: list[str]  # slugs, newest first
    tags: list[tuple[str, list[str]]]  # each tag and its sheets, newest first, by tag
    event_slugs: list[str]  # each event's sheet, in timeline order
    event_slots: list[int]  # and the event's place among its sheet's events
    years: list[tuple[int, int, int]]  # (year, start, end) in those lists, newest first
    sheet_order: str  # a digest of sheets
    event_order: str  # a digest of the events' keys in timeline order
    about: str  # a digest of the hand-written pages, which the home page lists


def lay_out(listings: Iterable[Listing], pages: Sequence[Page]) -> Layout:
    """Sheets newest first (ties by slug), by tag, and every event in timeline order."""
    ordered = sorted(listings, key=operator.attrgetter("slug"))  # by slug, then
    ordered.sort(key=operator.attrgetter("timestamp"), reverse=True)  # newest first
    slugs = [s.slug for s in ordered]
    tags: dict[str, list[str]] = defaultdict(list)
    keys: list[str] = []
    event_slugs: list[str] = []
    slots: list[int] = []
    for listing in ordered:
        for tag in listing.tags:
            tags[tag].append(listing.slug)
        count = len(listing.event_keys)
        keys += listing.event_keys
        event_slugs += [listing.slug] * count
        slots += range(count)
    # Events are kept as parallel lists of plain values (40,000 tuples would take a quarter
    # of a second to make); their fragments are looked up only for what is rendered.
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ordered_keys = _pick(keys, order)
    years: list[tuple[int, int, int]] = []
    start = 0
    while start < len(ordered_keys):  # keys begin with the event's first day, YYYY-MM-DD
        year = ordered_keys[start][:4]
        end = bisect.bisect_left(ordered_keys, year + ".", start)  # "." sorts after "-"
        years.append((int(year), start, end))
        start = end
    years.reverse()
    return Layout(slugs, sorted(tags.items()), _pick(event_slugs, order), _pick(slots, order), years,
                  key_of(slugs), key_of(ordered_keys), _about_key(pages))


def _about_key(pages: Sequence[Page]) -> str:
    return page_key(tuple(about_pages(pages)))


def about_pages(pages: Sequence[Page]) -> list[tuple[str, str, str]]:
    """The hand-written pages as the home page lists them."""
    return [(p.name, p.title, p.body) for p in pages]


def same_layout(layout: Layout, pages: Sequence[Page]) -> bool:
    """Whether `layout` was made with these hand-written pages (the caller compares the rest)."""
    return layout.about == _about_key(pages)

_T = TypeVar("_T")


def _pick(items: Sequence[_T], order: list[int]) -> list[_T]:
    """items[order[0]], items[order[1]], ...: in C, faster than a list comprehension."""
    if len(order) < 2:
        return [items[i] for i in order]
    return list(operator.itemgetter(*order)(items))


def page_key(*parts: object) -> str:
    """A digest of what a page is made from."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def key_of(versions: Iterable[str], *parts: object) -> str:
    """The key of a page listing sheets (given by their versions) plus anything else: one
    join, hashed as it is, instead of the repr of thousands of tuples."""
    digest = hashlib.blake2b("\n".join(versions).encode(), digest_size=16)
    digest.update(repr(parts).encode())
    return digest.hexdigest()
