"""Reading, checking and rendering the sheets a generate run needs: in this process for a few,
shared by a pool of worker processes for many.

The work has two steps, because a sheet's page shows its series, which only every sheet's
reports together decide: check() reads and checks every sheet and gives back the problems and
reports; render(cards), which the caller runs only once every sheet of the site passed, renders
the checked sheets with what their cards say of their series and writes their files. A worker
keeps the sheets it checked until it renders them (sending 10,000 checked sheets to and fro
would cost seconds), so each worker takes one share and waits between the steps for its cards,
on a queue of its own. What crosses between processes is encoded by field name
(generator/incremental/codec.py)."""

from __future__ import annotations

import functools
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, NamedTuple, TypeVar

from jinja2 import Environment

from generator import fs
from generator.check.evidence import records_of
from generator.check.series import reports_of
from generator.incremental import codec
from generator.incremental.cache import Entry, pack
from generator.model import Report, Sheet
from generator.problems import Problem, Problems
from generator.project import Project
from generator.read.content import ContentFiles
from generator.render.environment import make_environment
from generator.render.listing import make_listing
from generator.render.metadata import Publisher
from generator.render.series_pages import Note, notes_key
from generator.render.sheet import Fragments, own_files_of, render_fragments, render_sheet_files
from generator.render.site_pages import SitePage
from generator.write.docs import DocsWriter

# From this many sheets to read and render on, worker processes share them: starting a pool,
# and sending back what each made, costs about 0.1 s.
POOLED_FROM = 200
WORKERS = 2

_T = TypeVar("_T")
Cards = dict[str, dict[int, Note]]  # what each sheet's cards say of their series, by sheet and figure


class Checked(NamedTuple):
    """What checking sheets found: every problem, the reports of the sheets that passed, and
    the names of the source records they show (content/sources/)."""

    problems: list[Problem]
    reports: list[Report]
    records: list[str]


class Made(NamedTuple):
    """What rendering made: each sheet's cache entry and packed Fragments, the Fragments at
    hand (of the sheets rendered in this process), and the files kept and written."""

    entries: dict[str, Entry]
    packed: dict[str, bytes]
    known: dict[str, Fragments]
    kept: list[str]
    written: list[str]


def merge(a: Made, b: Made) -> Made:
    return Made(a.entries | b.entries, a.packed | b.packed, a.known | b.known, a.kept + b.kept,
                a.written + b.written)


class SheetShare:
    """Sheets read and checked, then rendered and written, in the process it is made in."""

    def __init__(self, slugs: list[str], files: ContentFiles, project: Project, writer: DocsWriter,
                 load_sheet: Callable[[str, ContentFiles, Problems], Sheet | None]) -> None:
        self.slugs = slugs
        self.files = files
        self.project = project
        self.writer = writer
        self.load_sheet = load_sheet
        self.checked: list[tuple[Sheet, Problems]] = []

    def check(self) -> Checked:
        """Every problem found, and the reports and records of the sheets that passed."""
        checked = Checked([], [], [])
        for slug in self.slugs:
            found = Problems()
            sheet = self.load_sheet(slug, self.files, found)
            checked.problems.extend(found.items)
            if sheet is not None and not found.errors:
                self.checked.append((sheet, found))
                checked.reports.extend(reports_of(sheet))
                checked.records.extend(records_of(sheet))
        return checked

    @functools.cached_property
    def environment(self) -> Environment:
        return environment_of(self.project)

    def cancel(self) -> None:
        """Nothing runs elsewhere to stop (see Pooled.cancel)."""

    def render(self, cards: Cards) -> Made:
        """Render the checked sheets, their cards with the `cards` notes of their series, and
        write their files."""
        made = Made({}, {}, {}, [], [])
        site_url = self.project.site_url
        before = set(self.writer.changed)
        for sheet, found in self.checked:
            shown = cards.get(sheet.slug)
            fragments = render_fragments(self.environment, sheet, site_url)
            for name, text in render_sheet_files(self.environment, sheet, fragments, shown).items():
                self.writer.write(name, text)
            listing = make_listing(sheet, fragments, notes_key(shown))
            records = records_of(sheet)
            made.entries[sheet.slug] = Entry(self.files.signature(sheet.slug, records), tuple(found.items),
                                             listing, records=records)
            made.packed[sheet.slug] = pack(fragments)
            made.known[sheet.slug] = fragments
        return made._replace(kept=own_files_of(made.entries), written=sorted(self.writer.changed - before))


class Pooled:
    """The same two steps with the sheets shared out to worker processes, one share each."""

    def __init__(self, slugs: list[str], files: ContentFiles, project: Project, writer: DocsWriter,
                 load_sheet: Callable[[str, ContentFiles, Problems], Sheet | None]) -> None:
        self.project = project
        self.shares = [slugs[i::WORKERS] for i in range(WORKERS)]
        writer.make_folders(own_files_of(slugs[:1]))  # here, before the workers race to make them
        context = _context()
        self._cards = [context.Queue() for _ in self.shares]
        self._checked = context.Queue()
        self._pool = ProcessPoolExecutor(len(self.shares), mp_context=context, initializer=_start,
                                         initargs=(os.getpid(), self._cards, self._checked))
        self._futures: list[Future[bytes]] = [
            self._pool.submit(_work, i, share, files, project, writer, load_sheet)
            for i, share in enumerate(self.shares)]

    @functools.cached_property
    def environment(self) -> Environment:
        """This process's, for the site pages."""
        return environment_of(self.project)

    def check(self) -> Checked:
        checked = Checked([], [], [])
        for _ in self.shares:
            share: Checked = codec.loads(self._next_checked(), Checked)
            checked.problems.extend(share.problems)
            checked.reports.extend(share.reports)
            checked.records.extend(share.records)
        return checked

    def _next_checked(self) -> bytes:
        while True:
            try:
                message: bytes = self._checked.get(timeout=0.2)
                return message
            except queue.Empty:
                for future in self._futures:
                    if future.done():
                        future.result()  # (raises what the worker raised)
                        raise RuntimeError("a worker ended before it checked its sheets") from None

    def render(self, cards: Cards) -> Made:
        made = Made({}, {}, {}, [], [])
        for told, share in zip(self._cards, self.shares, strict=True):
            told.put(codec.dumps({slug: cards[slug] for slug in share if slug in cards}, Cards))
        for future in self._futures:
            made = merge(made, codec.loads(future.result(), Made))
        self._pool.shutdown()
        return made

    def cancel(self) -> None:
        """Stop the workers: their results are not wanted (this process is stopping)."""
        for told in self._cards:
            told.put(None)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked (quick, and they have every module loaded), unless
    other threads run, as in the preview (a fork copies only this thread, and a lock another
    thread held would stay held for ever in the copy)."""
    forks = hasattr(os, "fork") and threading.active_count() == 1
    return multiprocessing.get_context("fork" if forks else "spawn")


DRAWN_APART_FROM = 100  # images to draw: from this many, the workers draw them (11 to 120 ms each)


def draw_images(pages: Sequence[SitePage]) -> dict[str, str | bytes]:
    """The images of these pages (social cards, chart downloads; each has `draw`), by name:
    drawn by WORKERS processes when they are many (a cold build of 10,000 sheets draws
    11,000), else here. Each page's `draw` gives here what is sent to a worker, which draws it.
    The workers are forked, or spawned when other threads run (as during `factsheet build`,
    which copies files and indexes search beside the generator)."""
    if len(pages) < DRAWN_APART_FROM:
        return {page.name: page.render() for page in pages}
    drawings = [page.draw() if page.draw else page.render for page in pages]
    with ProcessPoolExecutor(WORKERS, mp_context=_context(), initializer=fs.die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        images = pool.map(_draw, drawings, chunksize=16)
        return dict(zip((page.name for page in pages), images, strict=True))


def _draw(drawing: Callable[[], str | bytes]) -> str | bytes:
    return drawing()


def beside() -> Executor:
    """A pool of one worker process for a piece of work to run beside this process's own; where
    only spawning is safe (a new interpreter costs more than such work), this process itself."""
    context = _context()
    if context.get_start_method() != "fork":
        return _Here()
    return ProcessPoolExecutor(1, mp_context=context, initializer=fs.die_with_parent, initargs=(os.getpid(),))


class _Here(Executor):
    """Work done in this process when submitted."""

    def submit(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> Future[_T]:
        done: Future[_T] = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as e:
            done.set_exception(e)
        return done


def environment_of(project: Project) -> Environment:
    """The templates' environment; Jinja2 keeps their compiled code in build/ between runs."""
    return make_environment(project.template_dirs, project.docs_dir.parent / ".factsheet-templates",
                            directory_urls=project.directory_urls,
                            publisher=Publisher(project.author, project.site_url, project.license),
                            cards=project.cards, site_name=project.site_name, embeds=project.embeds)


def share_out(slugs: list[str], files: ContentFiles, project: Project, writer: DocsWriter,
              load_sheet: Callable[[str, ContentFiles, Problems], Sheet | None]) -> SheetShare | Pooled:
    """The sheets to read, check and render, shared out to workers when they are many."""
    if len(slugs) >= POOLED_FROM:
        return Pooled(slugs, files, project, writer, load_sheet)
    return SheetShare(slugs, files, project, writer, load_sheet)


# In a worker process: the queues it reads its cards from and sends what it checked on.
_cards: list[Any] = []
_checked: Any = None


def _start(parent: int, cards: list[Any], checked: Any) -> None:
    global _cards, _checked
    fs.die_with_parent(parent)
    _cards, _checked = cards, checked


def _work(i: int, slugs: list[str], files: ContentFiles, project: Project, writer: DocsWriter,
          load_sheet: Callable[[str, ContentFiles, Problems], Sheet | None]) -> bytes:
    """SheetShare i: check it, send what was found, wait for its cards, render it."""
    share = SheetShare(slugs, files, project, writer, load_sheet)
    _checked.put(codec.dumps(share.check(), Checked))
    told = _cards[i].get()
    if told is None:
        return b""
    made = share.render(codec.loads(told, Cards))
    # (without the Fragments at hand, which the packed ones repeat: the caller unpacks those it needs)
    return codec.dumps(made._replace(known={}), Made)
