"""A sheet as the site-wide pages see it: where it goes (date, tags, events), a version of
its Fragments, and its reports of series. Listings are plain records, so an unchanged sheet's
listing can come from the cache instead of being rendered again."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from generator.check.series import reports_of
from generator.model import Event, Report, Sheet
from generator.render.sheet import Fragments
from generator.render.social_cards import sheet_card_text
from generator.render.sources_page import SourceUse, source_uses, uses_digests


class Listing(NamedTuple):
    """What the site-wide pages need of one sheet besides its Fragments."""

    slug: str
    timestamp: float
    tags: tuple[str, ...]
    event_keys: tuple[str, ...]  # the sort key of each event: event_key
    version: str  # a digest of slug and fragments: a page is rendered again when one it shows changed
    reports: tuple[Report, ...]  # its figures that report a series
    notes: str  # a digest of what its page showed of its series when rendered (notes_key)
    sources: tuple[SourceUse, ...] = ()  # its references, and what the records say of each
    sources_digests: tuple[str, str] = ("", "")  # uses_digests(sources)
    card: tuple[str, ...] = ()  # what its social card shows (social_cards.sheet_card_text)
    figures: tuple[int, ...] = ()  # the numbers of its figures (each has an embed page)


def make_listing(sheet: Sheet, fragments: Fragments, notes: str = "") -> Listing:
    """A sheet's Listing; `notes` is the notes_key its page is rendered with."""
    event_keys = tuple(event_key(sheet, e) for e in sheet.events)
    uses = source_uses(sheet)
    version = hashlib.blake2b("\x02".join((sheet.slug, *event_keys, fragments.card, fragments.entry,
                                          *fragments.event_lines,
                                          *fragments.event_csv, *fragments.event_json,
                                          *fragments.event_timelinejs, fragments.figure_rows,
                                          fragments.feed_entry, fragments.search_record,
                                          *fragments.embeds)).encode(),
                              digest_size=12)
    return Listing(sheet.slug, sheet.published.timestamp(), sheet.tags, event_keys,
                   version.hexdigest(), tuple(reports_of(sheet)), notes, uses, uses_digests(uses),
                   sheet_card_text(sheet.title, sheet.figures, sheet.published.date()),
                   tuple(f.number for f in sheet.figures))


def event_key(sheet: Sheet, event: Event) -> str:
    r"""First day, date as written, sheet, publication, line, joined by \x01 so that the
    strings sort as the tuples would."""
    return (f"{event.date.first_day().isoformat()}\x01{event.date.iso}\x01{sheet.slug}\x01"
            f"{int(event.is_publication)}\x01{event.line:07d}")


def placement(listing: Listing) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """What decides where a sheet goes on the site-wide pages."""
    return listing.timestamp, listing.tags, listing.event_keys
