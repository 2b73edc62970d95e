"""What a built site was made from, so that the next build renders only what changed.

The inputs of a site are the files the generate step wrote (the docs folder's pages and
assets, the downloads in build/files, the search records in build/search), each known by a
digest of its bytes, and the "global" key: everything that every page depends on (mkdocs.yml
and the variables it reads, the theme overrides, the versions of MkDocs, Material and the
other libraries, this package's code, Python). A page whose digest and the global key are
as when a site tree was built needs no rendering in that tree.

Digests are decided by content, not modification times (a fresh checkout or a CI cache
restore gives every file a new time): the digest of a file whose size and time are as last
seen is reused, any other file is read and hashed again.

Two site trees are kept, site/ and a standby beside it (see sitebuild.py); the state file
(build/.factsheet-site, in the codec of generator/incremental/codec.py, trusted like the rest
of build/) says what each holds."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental import codec
from generator.project import Project

_RACY_NS = 2_000_000_000
_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments",
              "pagefind", "pyyaml")
_ENV = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")

Digests = dict[str, str]  # name -> digest of its bytes
Seen = dict[str, tuple[int, int, str]]  # path -> (size, mtime_ns, digest)


@dataclass
class Manifest:
    """What one site tree holds: the inputs it was built from, by kind and name."""

    key: str = ""  # the global key
    pages: Digests = field(default_factory=dict)  # docs pages (.md)
    assets: Digests = field(default_factory=dict)  # other files of the docs folder
    files: Digests = field(default_factory=dict)  # build/files, copied as they are
    bundles: Digests = field(default_factory=dict)  # search record bundles, by number
    links: dict[str, list[str]] = field(default_factory=dict)  # page -> docs files it links to


@dataclass
class Tree:
    """A site tree on disk (its folder's inode tells it apart after an exchange) and what it holds."""

    inode: int
    manifest: Manifest


@dataclass
class SiteState:
    site: Tree | None = None  # what site/ holds, if known
    standby: Tree | None = None  # and the standby
    seen: Seen = field(default_factory=dict)  # the digests of input files, by path
    swapping: bool = False  # written just before the exchange of the two trees


def global_key(project: Project) -> str:
    """Everything every page of the site depends on."""
    text = project.config_file.read_bytes()
    digest = hashlib.sha256(f"{codec.VERSION} {sys.version}".encode())
    digest.update(text)
    for names in _ENV.findall(text.decode("utf-8", "replace")):
        for name in re.split(r"\s*,\s*", names):
            digest.update(f"{name}={os.environ.get(name)!r}".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} -".encode())
    for folder in (Path(__file__).parent.parent, project.root / "overrides"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digests_under(folder: Path, seen: Seen, suffix: str = "") -> Digests:
    """The digest of each file below `folder` (names relative to it; top-level dotfiles and
    `suffix`-less files left out when a suffix is given), reusing `seen` for files whose size
    and modification time are unchanged (and were not new when seen), and recording every
    digest there."""
    found: Digests = {}
    if not folder.is_dir():
        return found
    # A file changed again within the clock's granularity may keep its size and time: times
    # this close to now are not trusted next time (git's "racily clean" files).
    recent = time.time_ns() - _RACY_NS
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((name + "/", entry.path))
                    continue
                if (not prefix and entry.name.startswith(".")) or not entry.is_file(follow_symlinks=False) \
                        or (suffix and not name.endswith(suffix)):
                    continue
                st = entry.stat()
                known = seen.get(entry.path)
                if known is not None and known[0] == st.st_size and known[1] == st.st_mtime_ns:
                    found[name] = known[2]
                    continue
                with open(entry.path, "rb") as f:
                    digest = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
                seen[entry.path] = (st.st_size, st.st_mtime_ns if st.st_mtime_ns < recent else -1, digest)
                found[name] = digest
    return found


def inputs(project: Project, key: str, seen: Seen) -> Manifest:
    """The manifest a site built from the generated files as they are now would have (its
    links are filled in when pages are rendered)."""
    docs = digests_under(project.docs_dir, seen)
    pages = {name: d for name, d in docs.items() if name.endswith(".md")}
    assets = {name: d for name, d in docs.items() if not name.endswith(".md")}
    bundles = {name[:-6]: d for name, d in digests_under(project.search_dir, seen, ".jsonl").items()
               if name[:-6].isdigit()}
    return Manifest(key, pages, assets, digests_under(project.files_dir, seen), bundles)


def state_file(project: Project) -> Path:
    return project.docs_dir.parent / ".factsheet-site"


def load_state(project: Project) -> SiteState:
    """What the trees hold, by the state file and the trees' inodes (an exchange interrupted
    by a kill is resolved by them); unknown trees come back as None."""
    try:
        recorded: SiteState = codec.loads(state_file(project).read_bytes(), SiteState)
    except (OSError, codec.Stale):
        return SiteState()
    trees = {tree.inode: tree.manifest for tree in (recorded.site, recorded.standby) if tree}
    found = SiteState(seen=recorded.seen)
    site_dir, standby_dir = project.site_dir, standby_path(project)
    for attribute, path in (("site", site_dir), ("standby", standby_dir)):
        inode = _inode(path)
        tree = getattr(recorded, attribute)
        if inode is None:
            continue
        if recorded.swapping:  # the exchange may or may not have happened: the inodes tell
            if inode in trees:
                setattr(found, attribute, Tree(inode, trees[inode]))
        elif tree:  # (after a restore from a cache the inodes are new, the state whole)
            setattr(found, attribute, Tree(inode, tree.manifest))
    return found


def save_state(project: Project, state: SiteState) -> None:
    tmp = state_file(project).with_name(state_file(project).name + ".tmp")
    tmp.write_bytes(codec.dumps(state, SiteState))
    os.replace(tmp, state_file(project))


def forget_state(project: Project) -> None:
    """The site was built by other means (mkdocs build): what the state says no longer holds."""
    state_file(project).unlink(missing_ok=True)


def standby_path(project: Project) -> Path:
    site = project.site_dir
    return site.with_name(f".{site.name}.standby")


def _inode(path: Path) -> int | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return st.st_ino if os.path.isdir(path) and not path.is_symlink() else None


def page_output(name: str, directory_urls: bool) -> str:
    """Where MkDocs writes the page of the docs file `name` in the site."""
    stem = name[:-3]
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"
