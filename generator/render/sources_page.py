"""The site's sources: every page a sheet cites, with what the records say of it and the
figures that rest on it. A sheet gives its SourceUses (kept in its Listing, so an unchanged
sheet's come from the cache); the sources pages (sources/) and data/sources.json and .csv
are made from all of them."""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from jinja2 import Environment

from generator.model import Sheet
from generator.render.environment import root_of
from generator.render.exports import csv_table, evidences, states

SOURCES_PAGE = 500  # sources on one page of sources/
# The order the sources page shows them in: what needs a desk's attention first.
STATUS_ORDER = ("dead", "blocked", "error", "moved", "live", "unchecked")
STATUS_HEADINGS = {"dead": "Dead", "blocked": "May not be read", "error": "Could not be read",
                   "moved": "Moved", "live": "Live", "unchecked": "Not checked yet"}
_COLUMNS = ("url", "status", "final_url", "read", "archived", "title", "publisher", "sheets", "figures",
            "stated", "not_found", "unchecked")


class FigureUse(NamedTuple):
    number: int
    label: str
    evidence: str  # stated, not-found or unchecked


class SourceUse(NamedTuple):
    """One reference of one sheet, and what the records say of the page it cites."""

    url: str
    status: str
    final_url: str
    read: str
    archived: str
    title: str
    publisher: str
    sheet: str  # slug
    sheet_title: str
    reference: int
    figures: tuple[FigureUse, ...]  # the sheet's figures that cite it


def source_uses(sheet: Sheet) -> tuple[SourceUse, ...]:
    uses = []
    for reference, state in zip(sheet.references, states(sheet), strict=True):
        figures = tuple(FigureUse(f.number, f.label, e.status)
                        for f, e in zip(sheet.figures, evidences(sheet), strict=True)
                        if reference.number in f.sources)
        uses.append(SourceUse(reference.url, state.status, state.final_url, state.read, state.archived,
                              reference.title or state.title, reference.publisher or state.site_name,
                              sheet.slug, sheet.title, reference.number, figures))
    return tuple(uses)


class Source(NamedTuple):
    """A cited page, and every sheet and figure that rests on it (what the records say of the
    page is the same in each of its uses)."""

    title: str  # the first given by a use
    publisher: str
    uses: tuple[SourceUse, ...]  # by sheet

    @property
    def url(self) -> str:
        return self.uses[0].url

    @property
    def status(self) -> str:
        return self.uses[0].status

    @property
    def final_url(self) -> str:
        return self.uses[0].final_url

    @property
    def read(self) -> str:
        return self.uses[0].read

    @property
    def archived(self) -> str:
        return self.uses[0].archived


def gather_sources(uses: Iterable[SourceUse]) -> list[Source]:
    """The sources, each URL once, in STATUS_ORDER and then by URL (the uses given by sheet)."""
    by_url: dict[str, list[SourceUse]] = {}
    for use in uses:
        by_url.setdefault(use.url, []).append(use)
    rank = {status: n for n, status in enumerate(STATUS_ORDER)}
    found = []
    for url in sorted(by_url, key=lambda url: (rank[by_url[url][0].status], url)):
        its = by_url[url]
        if len(its) > 1:
            its.sort(key=lambda u: (u.sheet, u.reference))
        found.append(Source(next((u.title for u in its if u.title), ""),
                            next((u.publisher for u in its if u.publisher), ""), tuple(its)))
    return found


def uses_digests(uses: tuple[SourceUse, ...]) -> tuple[str, str]:
    """Two digests of a sheet's uses, kept in its Listing so that the site-wide pages need not
    hash 30,000 sources again on every run: of all of them (what the sources pages show), and
    of what the data files hold (no sheet title or figure label: a headline edit leaves the
    data files as they are)."""
    data = [(u.url, u.status, u.final_url, u.read, u.archived, u.title, u.publisher, u.sheet, u.reference,
             [(f.number, f.evidence) for f in u.figures]) for u in uses]
    return (hashlib.blake2b(repr(uses).encode(), digest_size=12).hexdigest(),
            hashlib.blake2b(repr(data).encode(), digest_size=12).hexdigest())


def sources_summary(sources: list[Source]) -> tuple[tuple[str, int], ...]:
    """("live", 4), ... then ("figures stated", 5), ("figures not-found", 1), ("figures unchecked", 3)."""
    statuses = Counter(s.status for s in sources)
    # (a figure that cites two sources is counted once)
    once = {(u.sheet, f.number): f.evidence for s in sources for u in s.uses for f in u.figures}
    figures = Counter(once.values())
    return (*((status, statuses[status]) for status in STATUS_ORDER),
            *((f"figures {e}", figures[e]) for e in ("stated", "not-found", "unchecked")))


def sources_pages(env: Environment, sources: list[Source], digests: Mapping[str, str]
                  ) -> list[tuple[str, str, functools.partial[str]]]:
    """sources/index.md and, past SOURCES_PAGE sources, sources/2.md, 3 ...: each page's name,
    a key of what it shows (from the `digests` of the sheets' uses, by slug), and how to render it."""
    count = max(1, -(-len(sources) // SOURCES_PAGE))
    names = ["sources/index.md"] + [f"sources/{n}.md" for n in range(2, count + 1)]
    summary = sources_summary(sources)
    plan = []
    for n, name in enumerate(names, 1):
        chunk = sources[(n - 1) * SOURCES_PAGE: n * SOURCES_PAGE]
        slugs = sorted({use.sheet for source in chunk for use in source.uses})
        key = hashlib.blake2b(repr((name, count, summary, [digests[slug] for slug in slugs],
                                    [s.url for s in chunk])).encode(), digest_size=16).hexdigest()
        plan.append((name, key, functools.partial(_render_page, env, name, names, n, sources, summary)))
    return plan


def _render_page(env: Environment, name: str, names: list[str], n: int, sources: list[Source],
                 summary: tuple[tuple[str, int], ...]) -> str:
    chunk = sources[(n - 1) * SOURCES_PAGE: n * SOURCES_PAGE]
    groups: list[tuple[str, list[Source]]] = []
    for source in chunk:
        if not groups or groups[-1][0] != source.status:
            groups.append((source.status, []))
        groups[-1][1].append(source)
    return env.get_template("sources.md.j2").render(
        groups=groups, headings=STATUS_HEADINGS, summary=dict(summary), total=len(sources), number=n,
        count=len(names), root=root_of(env, name), previous_label="← Previous", next_label="Next →",
        previous=_relative(name, names[n - 2]) if n > 1 else "",
        next=_relative(name, names[n]) if n < len(names) else "")


def _relative(source: str, target: str) -> str:
    return "../" * source.count("/") + target


def source_record(source: Source) -> dict[str, Any]:
    """A source as data/sources.json gives it."""
    counts = Counter(f.evidence for use in source.uses for f in use.figures)
    return {"url": source.url, "status": source.status, "final_url": source.final_url or None,
            "read": source.read or None, "archived": source.archived or None, "title": source.title or None,
            "publisher": source.publisher or None,
            "sheets": [{"sheet": u.sheet, "reference": u.reference,
                        "figures": [{"id": f"{u.sheet}#figure-{f.number}", "evidence": f.evidence}
                                    for f in u.figures]} for u in source.uses],
            "figures": sum(counts.values()), "stated": counts["stated"], "not_found": counts["not-found"],
            "unchecked": counts["unchecked"]}


def sources_json(records: list[dict[str, Any]]) -> str:
    """data/sources.json: every source (source_record) with the fields a sheet's references
    have, and what rests on it."""
    return json.dumps({"sources": records}, ensure_ascii=False, separators=(",", ":")) + "\n"


def sources_csv(records: list[dict[str, Any]]) -> str:
    """data/sources.csv: a row a source (source_record); `sheets` lists the sheets that cite it."""
    def row(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "sheets": " ".join(dict.fromkeys(use["sheet"] for use in record["sheets"]))}

    return csv_table(_COLUMNS, map(row, records))
