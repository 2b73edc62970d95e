"""Building the site from the generated files: incrementally, in parallel, into a tree that
takes the place of site/ only when it is complete.

Two trees are kept: site/, which is published and never written to, and a standby beside it
(.site.standby). A build brings the standby up to date with what changed since it was built
(it is one build behind: the last build swapped it out), then the two trade places in one
atomic step (renameat2 RENAME_EXCHANGE on Linux). So a failed build, or a kill at any moment,
leaves site/ as it was, and a one-article edit renders a handful of pages instead of all.

What is stale is decided from digests (site_state.py): a page is rendered when its Markdown
changed, or a page it links to appeared or went; downloads and the theme's assets are copied
when they changed; a search bundle is indexed again when its records did; everything is
rendered, into an empty tree, when anything every page depends on changed (mkdocs.yml, the
theme, the libraries, this code) or with --full. The pages to render are dealt out to a pool
of MkDocs processes (mkdocs_run.py), which write disjoint files into the same tree."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import errno
import logging
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator import fs
from generator.incremental import codec
from generator.mkdocs_glue.worker import PageShare, Rendered, render_share, split
from generator.project import Project
from generator.read.content import show
from generator.site.search import FOLDER, SearchIndexError, index_bundle, manifest, read_bundles
from generator.site.state import (
    Manifest,
    Seen,
    SiteState,
    Tree,
    global_key,
    inputs,
    load_state,
    page_output,
    save_state,
    standby_path,
)

log = logging.getLogger("factsheet")
PARALLEL_FROM = 100  # fewer pages than this are rendered in this process: a pool costs ~1 s


class BuildError(Exception):
    """MkDocs refused to build (a warning in strict mode, or a bad configuration)."""


@dataclass
class Plan:
    """What a build does to the tree it starts from."""

    pages: list[str] = field(default_factory=list)  # docs pages to render
    assets: list[str] = field(default_factory=list)  # docs assets to copy (by MkDocs)
    files: list[str] = field(default_factory=list)  # downloads to copy
    bundles: list[str] = field(default_factory=list)  # search bundles to index
    gone: list[str] = field(default_factory=list)  # site paths to remove
    fresh: bool = False  # the tree starts empty: the theme's files too
    primary: bool = True  # the theme's templates (404.html, the sitemap): all but shards 2, 3 ...

    @property
    def renders(self) -> bool:
        return self.fresh or bool(self.pages or self.assets)


@dataclass
class Built:
    rendered: int
    copied: int
    indexed: int
    removed: int
    fresh: bool
    seconds: float
    search: Callable[[], None] | None = None  # build_in_place(search_later=True): index the search


def build_site(project: Project, *, strict: bool = True, full: bool = False,
               workers: int | None = None) -> Built:
    """Build the generated files into site/, rendering only what changed (all with `full`)."""
    start = time.perf_counter()
    umask = os.umask(0o022)  # published files are world-readable: web servers run as other users
    try:
        return _build(project, strict, full, workers, start)
    finally:
        os.umask(umask)


def _build(project: Project, strict: bool, full: bool, workers: int | None, start: float) -> Built:
    lap = _Laps(start)
    recover_site(project.site_dir)
    state = load_state(project)
    key = global_key(project)
    wanted = inputs(project, key, state.seen)
    lap("read the state and the generated files' digests")
    standby = standby_path(project)
    if not full and state.site is not None and not _differs(state.site.manifest, wanted) \
            and not fs.has_links(project.site_dir):
        save_state(project, state)  # (the digests just read are kept)
        log.info("the site is up to date in %s", project.site_dir)
        return Built(0, 0, 0, 0, False, time.perf_counter() - start)
    base = _standby(project, state, key, full)
    lap("readied the standby tree")
    plan = plan_build(base, wanted, project.directory_urls)
    lap("planned")
    plan.fresh = plan.fresh or not base.key
    log.info("building the site: %d pages to render, %d files to copy, %d search bundles to "
             "index, %d to remove%s", len(plan.pages), len(plan.assets) + len(plan.files),
             len(plan.bundles), len(plan.gone), " (from an empty tree)" if plan.fresh else "")
    _remove(standby, plan.gone)
    wanted.links = {page: links for page, links in base.links.items() if page in wanted.pages}
    wanted.links.update(_apply(project, standby, plan, len(wanted.bundles), strict, workers))
    lap("rendered, copied and indexed")
    swap_into_site(project, state, wanted)
    lap("swapped the trees and saved the state")
    if _ready_standby(project, state):
        lap("linked the site into the standby tree, for the next build")
    seconds = time.perf_counter() - start
    log.info("site ready in %s: %d pages rendered, %d files copied, %d search bundles indexed, "
             "%d removed, in %.1f s", project.site_dir, len(plan.pages), len(plan.assets) + len(plan.files),
             len(plan.bundles), len(plan.gone), seconds)
    return Built(len(plan.pages), len(plan.assets) + len(plan.files), len(plan.bundles), len(plan.gone),
                 plan.fresh, seconds)


class _Held(NamedTuple):
    """What a tree built in place holds, and the digests of the input files seen."""

    manifest: Manifest
    seen: Seen


def build_in_place(project: Project, tree: Path, *, full: bool = False, workers: int | None = None,
                   strict: bool = False, search_later: bool = False) -> Built:
    """Bring `tree` up to date in place, as the preview does: readers of a preview can wait
    for a page that is being written, so no second tree. What it holds is recorded beside
    the build's own state (in build/.factsheet-preview). With `search_later` the search
    bundles that changed are indexed only when the result's `search` is called: the preview
    shows an edited page when its pages are rendered, and Pagefind (1-1.5 s for a bundle of
    2,000 records) would otherwise be most of that wait."""
    start = time.perf_counter()
    record = project.docs_dir.parent / ".factsheet-preview"
    try:
        held, seen = codec.loads(record.read_bytes(), _Held)
    except (OSError, codec.Stale):
        held, seen = Manifest(), {}
    key = global_key(project)
    wanted = inputs(project, key, seen)
    base = held if not full and held.key == key and tree.is_dir() else Manifest()
    if not base.key:
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
    record.write_bytes(codec.dumps(_Held(Manifest(), seen), _Held))  # (changing now)
    plan = plan_build(base, wanted, project.directory_urls)
    _remove(tree, plan.gone)
    # (only when the bundles stay the same ones: bundles.json names them all)
    later = plan.bundles if search_later and set(wanted.bundles) == set(base.bundles) else []
    plan.bundles = [b for b in plan.bundles if b not in later]
    wanted.links = {page: links for page, links in base.links.items() if page in wanted.pages}
    wanted.links.update(_apply(project, tree, plan, len(wanted.bundles), strict, workers))
    shown = dataclasses.replace(wanted)
    shown.bundles = {b: base.bundles[b] if b in later else d for b, d in wanted.bundles.items()}
    record.write_bytes(codec.dumps(_Held(shown, seen), _Held))

    def search() -> None:
        _apply(project, tree, Plan(bundles=later), len(wanted.bundles), strict, workers)
        record.write_bytes(codec.dumps(_Held(wanted, seen), _Held))

    return Built(len(plan.pages), len(plan.assets) + len(plan.files), len(plan.bundles), len(plan.gone),
                 plan.fresh, time.perf_counter() - start, search if later else None)


def _standby(project: Project, state: SiteState, key: str, full: bool) -> Manifest:
    """Make the standby tree the one to build in, and say what it holds: as left by an earlier
    build when that was made with the same global key, else a copy of site/ (the first build
    after a build from scratch), else nothing (an empty tree)."""
    standby = standby_path(project)
    recorded = state.standby
    # What the standby holds is about to change: from here until a build records it again
    # (complete, on its swap), a kill leaves it unknown, and the next build does not trust it.
    state.standby = None
    save_state(project, state)
    # (a symbolic link in a tree would have MkDocs write through it: such a tree is not used)
    if not full and recorded is not None and recorded.manifest.key == key and not fs.has_links(standby):
        return recorded.manifest
    site = state.site
    if not full and site is not None and site.manifest.key == key and not fs.has_links(project.site_dir):
        return _linked_standby(project, site)
    _clear(standby)
    standby.mkdir(parents=True)
    return Manifest()


def _ready_standby(project: Project, state: SiteState) -> bool:
    """After a swap that left no standby the next build can start from (the first build, or
    one whose old tree was of other settings), make one now: a tree of hard links to site/.
    A build that renders everything can spare the 1-2 s this takes at 10,000 sheets; an
    edit, which would otherwise pay them (and the removal of the old tree) before its
    second's work, cannot. Whether it was made."""
    site = state.site
    if site is None or (state.standby is not None and state.standby.manifest.key == site.manifest.key):
        return False
    if fs.has_links(project.site_dir):
        return False
    state.standby = None
    save_state(project, state)
    manifest = _linked_standby(project, site)
    state.standby = Tree(os.stat(standby_path(project)).st_ino, manifest)
    save_state(project, state)
    return True


def _clear(tree: Path) -> None:
    """Remove a tree that is not published, saying which file could not go (an immutable one
    shared with site/, say) rather than failing later on the folder left behind."""
    if tree.is_symlink() or tree.is_file():
        tree.unlink()
    elif tree.exists():
        shutil.rmtree(tree)


def _linked_standby(project: Project, site: Tree) -> Manifest:
    """Make the standby tree anew as hard links to site/; what it then holds."""
    standby = standby_path(project)
    _clear(standby)
    fs.link_tree(project.site_dir, standby)
    return dataclasses.replace(site.manifest)


def plan_build(base: Manifest, wanted: Manifest, directory_urls: bool) -> Plan:
    """What turns a tree that holds `base` into one that holds `wanted`."""
    if base.key != wanted.key:  # (an empty tree, or one made with other code or settings)
        return Plan(sorted(wanted.pages), sorted(wanted.assets), sorted(wanted.files),
                    sorted(wanted.bundles), fresh=True)
    docs_before = base.pages.keys() | base.assets.keys()
    docs_now = wanted.pages.keys() | wanted.assets.keys()
    moved = docs_before ^ docs_now  # files that appeared or went: pages linking to them change
    pages = {name for name, digest in wanted.pages.items() if base.pages.get(name) != digest}
    pages.update(page for page, links in base.links.items()
                 if page in wanted.pages and not moved.isdisjoint(links))
    gone = [page_output(name, directory_urls) for name in base.pages.keys() - wanted.pages.keys()]
    gone += sorted(base.assets.keys() - wanted.assets.keys())
    gone += sorted(base.files.keys() - wanted.files.keys())
    gone += [f"{FOLDER}/{bundle}" for bundle in base.bundles.keys() - wanted.bundles.keys()]
    return Plan(sorted(pages), _changed(base.assets, wanted.assets), _changed(base.files, wanted.files),
                _changed(base.bundles, wanted.bundles), sorted(gone))


def _differs(site: Manifest, wanted: Manifest) -> bool:
    return (site.key, site.pages, site.assets, site.files, site.bundles) != (
        wanted.key, wanted.pages, wanted.assets, wanted.files, wanted.bundles)


def _changed(before: dict[str, str], now: dict[str, str]) -> list[str]:
    return sorted(name for name, digest in now.items() if before.get(name) != digest)


def _apply(project: Project, tree: Path, plan: Plan, bundles: int, strict: bool,
           workers: int | None) -> dict[str, list[str]]:
    """Render, copy and index what the plan says into `tree`; the links of the pages rendered.
    The search bundles are indexed (by Pagefind's own processes) while MkDocs renders."""
    threads = max(1, min(len(plan.bundles), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(threads) as indexer:
        records = read_bundles(project.search_dir) if plan.bundles else {}
        indexing = [indexer.submit(_index, records[int(b)], tree / FOLDER / b, b == "0")
                    for b in plan.bundles]
        started = time.perf_counter()
        links = _render(project, tree, plan, strict, workers) if plan.renders else {}
        log.debug("  MkDocs rendered %d pages in %.2f s", len(plan.pages), time.perf_counter() - started)
        for name in plan.files:
            _copy(project.files_dir / name, tree / name)
        for done in indexing:
            try:
                done.result()
            except SearchIndexError as e:
                raise BuildError(f"the search index was not made: {e}") from None
    (tree / FOLDER).mkdir(exist_ok=True)
    _write_if_changed(tree / FOLDER / "bundles.json", manifest(bundles))
    if not (tree / ".nojekyll").exists():
        (tree / ".nojekyll").touch()  # GitHub Pages: serve the folders as they are, no Jekyll
    return links


def _index(lines: list[str], out: Path, primary: bool) -> None:
    started = time.perf_counter()
    index_bundle(lines, out, primary)
    log.debug("  Pagefind indexed bundle %s (%d records) in %.2f s", out.name, len(lines),
              time.perf_counter() - started)


class _Laps:
    """With -v, how long each stage of a build took."""

    def __init__(self, start: float) -> None:
        self.last = start

    def __call__(self, what: str) -> None:
        now = time.perf_counter()
        log.debug("%s in %.2f s", what, now - self.last)
        self.last = now


def _render(project: Project, tree: Path, plan: Plan, strict: bool, workers: int | None
            ) -> dict[str, list[str]]:
    count = workers or os.cpu_count() or 1
    if len(plan.pages) < PARALLEL_FROM:
        count = 1
    shares = [PageShare(str(project.config_file), str(tree), frozenset(pages), strict=strict)
              for pages in split(plan.pages, count)]
    shares[0] = PageShare(shares[0].config_file, str(tree), shares[0].pages, frozenset(plan.assets),
                      primary=plan.primary, theme=plan.fresh and plan.primary, strict=strict, progress=True)
    if count == 1:
        results = [render_share(shares[0])]
    else:
        # (a fork copies only this thread: with others running, as in the preview, spawn)
        forks = hasattr(os, "fork") and threading.active_count() == 1
        context = multiprocessing.get_context("fork" if forks else "spawn")
        with concurrent.futures.ProcessPoolExecutor(count, mp_context=context, initializer=fs.die_with_parent,
                                                    initargs=(os.getpid(),)) as pool:
            results = list(pool.map(render_share, shares))
    errors = [r.error for r in results if r.error]
    if errors:
        raise BuildError(errors[0])
    return _merged(results)


def _merged(results: list[Rendered]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for result in results:
        links.update(result.links)
    return links


def _copy(source: Path, target: Path) -> None:
    """A download copied into the tree (a new file: the tree never shares one with another)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    shutil.copyfile(source, target)
    os.chmod(target, 0o644)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text() != text:
        path.unlink(missing_ok=True)  # (a new file: the old one may be the published site's too)
        path.write_text(text)
        os.chmod(path, 0o644)


def _remove(tree: Path, names: list[str]) -> None:
    """Remove files and folders of the tree, then the folders they leave empty."""
    for name in names:
        path = tree / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        folder = path.parent
        while folder != tree and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def swap_into_site(project: Project, state: SiteState, wanted: Manifest) -> None:
    """Put the standby where site/ is, in one step, and record what each tree now holds. The
    state is written first with both trees keyed by their folders' inodes, which move with
    them: a kill before or after the exchange leaves a state that says which is which."""
    site, standby = project.site_dir, standby_path(project)
    old = state.site
    new = Tree(os.stat(standby).st_ino, wanted)
    state.site, state.standby, state.swapping = old, new, True
    save_state(project, state)
    if site.is_dir() and not site.is_symlink() and fs.exchange(standby, site):
        state.standby = Tree(os.stat(standby).st_ino, old.manifest) if old else None
    else:
        try:
            _replace_in_two_steps(site, standby)
        except OSError as e:
            state.site, state.standby, state.swapping = old, None, False
            save_state(project, state)
            raise BuildError(_cannot_replace(site, e)) from None
        state.standby = None
    state.site, state.swapping = new, False
    save_state(project, state)


def _replace_in_two_steps(site: Path, standby: Path) -> None:
    """Where the two trees cannot trade places in one step (no renameat2, another kind of file
    system): site/ is renamed aside, the standby renamed into its place, and the old site
    removed only then. On any failure the old site is put back as it was; a site/ that cannot
    be moved at all (a mount point, a folder the builder may not rename) is left untouched."""
    aside = site.with_name(f".{site.name}.old-{os.getpid()}")
    present = site.exists() or site.is_symlink()
    if present:
        os.rename(site, aside)
    try:
        os.rename(standby, site)
    except OSError:
        if present:
            os.rename(aside, site)
        raise
    if present:
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink()


def _cannot_replace(site: Path, e: OSError) -> str:
    """Why the published site could not be replaced, and what to do, in one line."""
    what = {errno.EBUSY: "is it a mount point? build into a folder of its own (site_dir in mkdocs.yml) "
                         "and copy it there",
            errno.EXDEV: "the site and the build folder must be on one file system",
            errno.EACCES: "the builder may not rename it: give it write access to the folder that holds it",
            errno.EPERM: "the builder may not rename it: is the folder that holds it immutable or read-only?",
            errno.EROFS: "the file system is read-only"}.get(e.errno or 0, "see the message")
    return f"{show(site)}: cannot replace the published site: {e.strerror or e} ({what})"


def recover_site(site: Path) -> None:
    """Remove what builds of earlier versions left behind (half-built folders beside site/)."""
    for stale in [*site.parent.glob(f".{site.name}.new-*"), *site.parent.glob(f".{site.name}.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)


# --- builds spread over machines ----------------------------------------------------------

SHARD_FILE = ".factsheet-shard"  # in a shard's folder: which shard it is, and what it holds


class _Shard(NamedTuple):
    shard: int  # from 1
    of: int
    manifest: Manifest


class ShardError(Exception):
    """Shards that do not make one site (missing, repeated, of other content or code)."""


def build_shard(project: Project, shard: int, of: int, out: Path, *, strict: bool = True,
                workers: int | None = None) -> Built:
    """Build one `of`th of the site into `out` (made anew): every `of`th page, every `of`th
    search bundle, and in shard 1 the theme's files, templates and the downloads. Shards
    1 to `of` of the same content, merged (merge_shards), are the site one build makes."""
    start = time.perf_counter()
    umask = os.umask(0o022)
    try:
        whole = inputs(project, global_key(project), {})
        mine = Manifest(whole.key, _every(whole.pages, shard, of), whole.assets if shard == 1 else {},
                        whole.files if shard == 1 else {},
                        {b: d for b, d in whole.bundles.items() if int(b) % of == shard - 1})
        plan = Plan(sorted(mine.pages), sorted(mine.assets), sorted(mine.files), sorted(mine.bundles),
                    fresh=True, primary=shard == 1)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        mine.links = _apply(project, out, plan, len(whole.bundles), strict, workers)
        (out / SHARD_FILE).write_bytes(codec.dumps(_Shard(shard, of, mine), _Shard))
    finally:
        os.umask(umask)
    log.info("shard %d of %d ready in %s: %d pages rendered", shard, of, out, len(plan.pages))
    return Built(len(plan.pages), len(plan.assets) + len(plan.files), len(plan.bundles), 0, True,
                 time.perf_counter() - start)


def _every(pages: dict[str, str], shard: int, of: int) -> dict[str, str]:
    return {name: pages[name] for name in sorted(pages)[shard - 1::of]}


def merge_shards(project: Project, folders: list[Path]) -> Built:
    """Join the shards in `folders` into the site: checked to be all the shards of one build
    (no file of one in another), copied into the standby tree, which then takes the place of
    site/ as a build's does; what they hold is recorded, so that the next build is
    incremental."""
    start = time.perf_counter()
    found: dict[int, tuple[Path, int, Manifest]] = {}
    for folder in folders:
        try:
            shard, of, manifest = codec.loads((folder / SHARD_FILE).read_bytes(), _Shard)
        except (OSError, codec.Stale) as e:
            raise ShardError(f"{folder} is not a shard made by 'factsheet build --shard' ({e})") from None
        if shard in found:
            raise ShardError(f"{folder} and {found[shard][0]} are both shard {shard}")
        found[shard] = (folder, of, manifest)
    counts = {of for _, of, _ in found.values()}
    keys = {m.key for _, _, m in found.values()}
    if len(counts) != 1 or sorted(found) != list(range(1, next(iter(counts)) + 1)):
        raise ShardError(f"expected shards 1 to {max(counts)}, got {', '.join(map(str, sorted(found)))}")
    if len(keys) != 1:
        raise ShardError("the shards were built from different settings, code or libraries")
    state = load_state(project)
    standby = standby_path(project)
    state.standby = None  # (about to change: see _standby)
    save_state(project, state)
    _clear(standby)
    standby.mkdir(parents=True)
    merged = Manifest(keys.pop())
    for shard in sorted(found):
        folder, _, part = found[shard]
        _merge_tree(folder, standby)
        merged.pages.update(part.pages)
        merged.assets.update(part.assets)
        merged.files.update(part.files)
        merged.bundles.update(part.bundles)
        merged.links.update(part.links)
    swap_into_site(project, state, merged)
    _ready_standby(project, state)
    log.info("site ready in %s: %d shards merged", project.site_dir, len(found))
    return Built(0, 0, 0, 0, True, time.perf_counter() - start)


def _merge_tree(source: Path, target: Path) -> None:
    """Put a shard's files into the tree, as hard links where the two are on one file system
    (a copy of 250 MB of shards took 8-22 s at 10,000 sheets on the test machine), else as
    copies; a file another shard wrote too must be the same. Linking is safe for the same
    reason as in _link_tree: no build writes into a file, and a shard is made anew."""
    for folder, dirs, names in os.walk(source):
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                raise ShardError(f"{os.path.join(folder, name)} is a symbolic link")
        here = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(here, exist_ok=True)
        for name in names:
            path, destination = os.path.join(folder, name), os.path.join(here, name)
            if folder == str(source) and name == SHARD_FILE:
                continue
            if os.path.islink(path):
                raise ShardError(f"{path} is a symbolic link")
            if os.path.exists(destination):
                if Path(destination).read_bytes() != Path(path).read_bytes():
                    raise ShardError(f"{os.path.relpath(destination, target)} differs between two shards")
                continue
            try:
                os.link(path, destination)
            except OSError:
                shutil.copyfile(path, destination)
            os.chmod(destination, 0o644)
