"""Running MkDocs: build into a fresh folder beside ``site/``, then swap it in, so a failed or
killed build leaves the previous site whole."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
from pathlib import Path

from .project import Project
from .search_index import FOLDER, index_bundle, manifest, read_bundles

log = logging.getLogger("factsheet")
_RENAME_EXCHANGE = 2


class BuildError(Exception):
    """MkDocs refused to build (a warning in strict mode, or a bad configuration)."""


def build_site(project: Project, *, strict: bool = True) -> None:
    """Build the docs folder into ``site_dir`` with MkDocs; the old site stays until success."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site = project.site_dir
    recover_site(site)
    fresh = site.with_name(f".{site.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    plugin = None
    try:
        config = load_config(str(project.config_file), strict=strict, site_dir=str(fresh))
        plugin = config.plugins.get("factsheet")
        if plugin is not None:
            plugin.pregenerated = True
        build(config)
    except MkDocsException as e:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildError(str(e)) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        # MkDocs keeps plugin instances from one load of the configuration to the next in a
        # process: a later build or serve in this one must generate again.
        if plugin is not None:
            plugin.pregenerated = False
    write_search_index(project.search_dir, fresh)
    (fresh / ".nojekyll").touch()  # GitHub Pages: serve the folders as they are, no Jekyll
    _make_readable(fresh)
    swap_in(fresh, site)


def write_search_index(search_dir: Path, site: Path) -> None:
    """Index every bundle of search records into site/pagefind/."""
    bundles = read_bundles(search_dir)
    for bundle, lines in sorted(bundles.items()):
        index_bundle(lines, site / FOLDER / str(bundle), primary=bundle == 0)
    (site / FOLDER).mkdir(exist_ok=True)
    (site / FOLDER / "bundles.json").write_text(manifest(len(bundles)))


def swap_in(fresh: Path, site: Path) -> None:
    """Put ``fresh`` where ``site`` is. On Linux the two folders trade places in one atomic
    step (renameat2 RENAME_EXCHANGE); elsewhere two renames, with the old one kept aside."""
    if site.is_dir() and not site.is_symlink() and _exchange(fresh, site):
        shutil.rmtree(fresh)  # now holds the old site
        return
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    if site.is_symlink():
        site.unlink()
    elif site.exists():
        os.rename(site, old)
    os.rename(fresh, site)
    shutil.rmtree(old, ignore_errors=True)


def recover_site(site: Path) -> None:
    """Clean up after a build that was killed: put a kept-aside old site back if the kill
    came between the two renames, and remove half-built folders."""
    if not site.exists():
        for old in sorted(site.parent.glob(f".{site.name}.old-*")):
            os.rename(old, site)
            break
    for stale in [*site.parent.glob(f".{site.name}.new-*"), *site.parent.glob(f".{site.name}.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _make_readable(folder: Path) -> None:
    """Published files are world-readable (web servers and link checkers run as other users)."""
    for dirpath, _dirs, filenames in os.walk(folder):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
