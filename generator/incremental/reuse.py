"""The one seam between the generate step and what the last run made (generator/pipeline.py
asks it, and knows nothing of how the answers are kept).

- unchanged_sheets(): for each sheet, whether its files are those the last run read, and its
  generated files are still there: then it is neither read nor rendered again.
- gather_series(): the series, computed again only where a report changed.
- plan_site_pages() and write_site_pages(): the site-wide pages, laid out as in the last run
  while that still holds, and written only when what they are made from changed.
- save(): what this run made, for the next.

Made without a cache (``Reuse(project, use_cache=False)``), every answer is "do it all" and
nothing is saved."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from pathlib import Path

from jinja2 import Environment

from generator.incremental.cache import Cache, Entry, fingerprint, forget, load_cache, save_cache
from generator.incremental.fragments import ReusedKeys, StoredFragments
from generator.incremental.series_step import Gathered, gather_changed, series_maker, touched_by
from generator.incremental.sheet_work import draw_images
from generator.model import Page, Report, SeriesInfo
from generator.problems import Problems
from generator.project import Project
from generator.read.content import ContentFiles
from generator.render.layout import Layout, lay_out, same_layout
from generator.render.listing import placement
from generator.render.rows import RowsFile
from generator.render.sheet import Fragments, own_files_of, owner
from generator.render.site_pages import SitePage, plan_site_pages
from generator.write.docs import DocsWriter
from generator.write.rows import RowsWritten, write_rows


class Reuse:
    def __init__(self, project: Project, *, use_cache: bool = True) -> None:
        self.project = project
        self.path: Path | None = project.docs_dir.parent / ".factsheet-cache" if use_cache else None
        self.key = ""
        self.cache = Cache({}, {})
        if self.path is not None:
            self.key = fingerprint(project.template_dirs, (project.settings, project.site_name,
                                                           project.directory_urls, project.site_url,
                                                           project.site_author, project.license,
                                                           project.cards, project.embeds))
            self.cache = load_cache(self.path, self.key)
        self.deleted: set[str] = set()  # cached sheets that are no more
        self.layout: Layout | None = None  # this run's
        self.site_keys: dict[str, str] = {}
        self.rows: dict[str, RowsWritten] = {}

    def unchanged_sheets(self, files: ContentFiles, writer: DocsWriter) -> dict[str, Entry]:
        """The cached entries of the sheets whose files, and the source records they show, are
        those the last run read, and whose own generated files are all still there; the writer
        keeps those files, and lets go of the files of sheets that are no more."""
        cached = self.cache.sheets
        lost = {owner(name) for name in writer.keep(own_files_of(cached))}
        signatures = files.signatures
        self.deleted = cached.keys() - signatures.keys()
        writer.drop(own_files_of(self.deleted))
        return {slug: entry for slug, entry in cached.items() if slug not in lost and slug in signatures
                and files.signature(slug, entry.records) == entry.signature}

    def gather_series(self, reports: list[Report], fresh: Collection[str], infos: list[SeriesInfo],
                      problems: Problems) -> Gathered:
        """Every series of the site's `reports`, computed again where a report of a `fresh`
        sheet (read this run) or of a sheet read last run and not now may have changed it."""
        cached = self.cache.sheets
        left = touched_by(r for slug in (*fresh, *self.deleted) if slug in cached
                          for r in cached[slug].listing.reports)
        return gather_changed(reports, fresh, left, infos, self.cache.series, self.project.site_url,
                              problems)

    def before_rendering(self, slugs: Collection[str]) -> None:
        """Say, before their files are written, that the cache no longer vouches for these."""
        if self.path is not None:
            forget(self.path, self.cache, self.cache.sheets.keys() & set(slugs))

    def plan_site_pages(self, env: Environment, entries: Mapping[str, Entry], made: Mapping[str, Entry],
                        known: Mapping[str, Fragments], packed: Mapping[str, bytes], pages: list[Page],
                        gathered: Gathered, infos: list[SeriesInfo]) -> list[SitePage | RowsFile]:
        """The site pages and data files of the sheets' `entries`, of which `made` were
        rendered this run; placed as in the last run when that still holds."""
        project, cache = self.project, self.cache
        listings = [e.listing for e in entries.values()]
        versions = {e.listing.slug: e.listing.version for e in entries.values()}
        fragments = StoredFragments(entries.keys(), known, packed, cache.fragments)
        plan = functools.partial(
            plan_site_pages, env, listings, fragments=fragments, pages=pages, site_name=project.site_name,
            series_rows={slug: e.row for slug, e in gathered.entries.items()},
            series_keys={slug: e.key for slug, e in gathered.entries.items()},
            series_of=series_maker(gathered, infos), site_url=project.site_url, author=project.author,
            cards=project.cards)
        layout = cache.layout
        if layout is not None and self._stayed(layout, entries, made, pages):
            changed = [slug for slug in made
                       if entries[slug].listing.version != cache.sheets[slug].listing.version]
            self.layout = layout
            return plan(layout=layout, key=ReusedKeys(versions, cache.site_pages, changed))
        self.layout = lay_out(listings, pages)
        return plan(layout=self.layout)

    def _stayed(self, layout: Layout, entries: Mapping[str, Entry], made: Collection[str],
                pages: list[Page]) -> bool:
        """Whether the last run's layout still holds: the same sheets, none of those rendered
        again moved (date, tags, events), the same hand-written pages."""
        cached = self.cache.sheets
        return (entries.keys() == cached.keys() and same_layout(layout, pages)
                and all(placement(entries[slug].listing) == placement(cached[slug].listing) for slug in made))

    def write_site_pages(self, plan: list[SitePage | RowsFile], writer: DocsWriter,
                         made: Collection[str]) -> None:
        """Write the planned pages whose key changed since the last run, or whose file is gone;
        a data file of rows by replacing only the rows of the sheets `made` again."""
        cache = self.cache
        gone = writer.keep(page.name for page in plan)
        stale = {page.name for page in plan
                 if page.name in gone or cache.site_pages.get(page.name) != page.key}
        if self.path is not None:  # (a run stopped while writing them: its cache must not vouch for them)
            forget(self.path, cache, pages=stale)
        drawn = draw_images([page for page in plan if isinstance(page, SitePage) and page.draw
                             and page.name in stale])
        for page in plan:
            self.site_keys[page.name] = page.key
            unchanged = page.name not in stale
            if isinstance(page, RowsFile):
                self.rows[page.name] = write_rows(page, writer, cache.rows.get(page.name), unchanged, made)
            elif not unchanged:
                made_page = drawn.pop(page.name) if page.name in drawn else page.render()
                if isinstance(made_page, bytes):
                    writer.write_bytes(page.name, made_page)
                else:
                    writer.write(page.name, made_page)
        cache.close()

    def save(self, entries: dict[str, Entry], packed: Mapping[str, bytes], gathered: Gathered) -> None:
        if self.path is None:
            return
        made = Cache(entries, self.site_keys, self.rows, self.layout, dict(gathered.entries))
        save_cache(self.path, self.key, made, self.cache, packed)
