"""One MkDocs build of a share of the site's pages into a site tree: what a worker of the
parallel build (and a shard, and an incremental build) runs.

MkDocs builds every page it is given; its "dirty" mode skips those whose File says they are
not modified. The factsheet plugin (plugin.py) answers that question from a PageShare:
the pages and assets to render, nothing else, so MkDocs still sees every file (for its links
and the sitemap) and renders only the share. The theme's own files, 404.html and the sitemap
are written by one worker (primary)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator import fs


@dataclass(frozen=True)
class PageShare:
    config_file: str
    target: str  # the site tree to write into
    pages: frozenset[str]  # docs names of the pages to render
    assets: frozenset[str] = frozenset()  # and of the docs folder's other files to copy
    primary: bool = False  # also the theme's templates (404.html, sitemap.xml)
    theme: bool = False  # and the theme's own files (stylesheets, scripts: into an empty tree)
    strict: bool = True
    progress: bool = False  # report progress (one worker does)


@dataclass
class Rendered:
    links: dict[str, list[str]] = field(default_factory=dict)  # each page rendered -> its links
    error: str = ""  # MkDocs refused (a strict warning, a bad configuration)


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation; here the pages left out are
    exactly those whose output would not change, and the warning would fail a strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "A 'dirty' build is being performed" not in message and "contains stale files" not in message


def render_share(share: PageShare) -> Rendered:
    """Build the share with MkDocs (into share.target, which may hold the rest of a site)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # A tree may share files (hard links) with the published one: MkDocs must replace each
    # file it writes by a new one, never write into the one that is there.
    utils.write_file = _replacing(utils.write_file)  # type: ignore[assignment]
    utils.copy_file = _replacing(utils.copy_file)  # type: ignore[assignment]

    os.umask(0o022)  # published files are world-readable: web servers run as other users
    quiet = _QuietDirty()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    plugin = None
    try:
        config = load_config(share.config_file, strict=share.strict, site_dir=share.target)
        plugin = config.plugins.get("factsheet")
        if plugin is None:
            return Rendered(error="mkdocs.yml has no factsheet plugin")
        plugin.pregenerated = True
        plugin.share = share
        if not share.primary:
            config.theme.static_templates = set()  # (the primary writes 404.html and the sitemap)
        else:
            # MkDocs writes sitemap.xml.gz with open(), into the file that is there: it may be
            # the published site's too (a hard link), so it goes first.
            fs.unlink_before_writing(os.path.join(share.target, "sitemap.xml.gz"))
        build(config, dirty=True)
        return Rendered(dict(plugin.links))
    except MkDocsException as e:
        return Rendered(error=str(e))
    except OSError as e:  # (disk full, a file that may not be replaced: one line, no traceback)
        return Rendered(error=fs.describe(e, "cannot write the site"))
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        if plugin is not None:  # (MkDocs keeps plugin instances from one load to the next)
            plugin.pregenerated = False
            plugin.share = None


def _replacing(write: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    if getattr(write, "replaces", False):
        return write

    def replace(source: Any, output_path: str) -> None:
        fs.unlink_before_writing(output_path)
        write(source, output_path)

    replace.replaces = True  # type: ignore[attr-defined]
    return replace


def split(pages: list[str], count: int) -> list[list[str]]:
    """Pages dealt out in turn to `count` shares: neighbours (often alike) go to different ones."""
    return [pages[i::count] for i in range(count)]
