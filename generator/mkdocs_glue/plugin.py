"""The MkDocs plugin: thin glue so that ``mkdocs build`` and ``mkdocs serve`` regenerate the
docs folder from ``content/`` first, and reload when content or templates change.

This is the only module that imports MkDocs' plugin API."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.mkdocs_glue.worker import PageShare
from generator.pipeline import generate
from generator.problems import ContentError
from generator.project import BOILERPLATE, CONTENT_DIR, TEMPLATES_DIR, load_project, packaged
from generator.site.state import forget_state

log = logging.getLogger("mkdocs.plugins.factsheet")


class Progress:
    """Pages rendered so far: a line redrawn in place on a terminal, else a log line every
    tenth of the way (CI logs and files get no control characters)."""

    MINIMUM = 200  # smaller sites build in a few seconds and need no progress report

    def __init__(self, total: int) -> None:
        self.total, self.done_pages, self.start = total, 0, time.monotonic()
        self.tty = sys.stderr.isatty()
        self.next_report = total // 10

    def step(self) -> None:
        self.done_pages += 1
        if self.tty:
            if self.done_pages % 25 == 0 or self.done_pages == self.total:
                width = 30
                filled = width * self.done_pages // self.total
                sys.stderr.write(f"\r  rendering pages [{'#' * filled}{'.' * (width - filled)}] "
                                 f"{self.done_pages:,}/{self.total:,}")
                sys.stderr.flush()
        elif self.done_pages >= self.next_report:
            log.info("rendered %s of %s pages (%.0f s)", f"{self.done_pages:,}",
                     f"{self.total:,}", time.monotonic() - self.start)
            self.next_report += max(1, self.total // 10)

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


# A run of white space that holds a line break shows as one space wherever it stands, except in
# <pre> and <textarea>: the theme's indentation is a tenth of a page.
_VERBATIM = re.compile(r"(<(pre|textarea)[\s>].*?</\2>)", re.S | re.I)
_INDENTED = re.compile(r"[ \t]*\n\s*")
# and after the end of a block, before the next tag, it shows as nothing at all
_AFTER_BLOCK = re.compile(r"(</(?:p|div|li|ul|ol|h[1-6]|tr|td|th|thead|tbody|table|details|summary|"
                          r"blockquote|figure|figcaption|nav|header|footer|main|article|dd|dt|dl)>)\n(?=<)")


def collapse_space(html: str) -> str:
    """The page with each run of white space that holds a line break made one line break, or
    none after the end of a block."""
    parts = _VERBATIM.split(html)
    # split() gives text, then for each match the whole match and the tag name
    return "".join(_AFTER_BLOCK.sub(r"\1", _INDENTED.sub("\n", part)) if i % 3 == 0
                   else part if i % 3 == 1 else "" for i, part in enumerate(parts))


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def links_of(markdown: str, page: str) -> list[str]:
    """The docs files a page's Markdown links to (inline and reference links): a page whose
    link target appears or goes is rendered again, since MkDocs writes such links differently."""
    found = set()
    for inline, reference in _LINK.findall(markdown):
        target = (inline or reference).partition("#")[0].partition("?")[0]
        if not target or target.startswith("/") or _SCHEME.match(target):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if not path.startswith(".."):
            found.add(path)
    return sorted(found)


def _theme_stylesheets(dirs: list[str]) -> list[str]:
    """Material's own stylesheets, whose names carry a hash of their contents, as the page
    template links them (overrides/main.html writes its own head)."""
    for folder in dirs:
        found = sorted(Path(folder).glob("assets/stylesheets/*.min.css"))
        main = [p for p in found if p.name.startswith("main.")]
        if main:
            palette = [p for p in found if p.name.startswith("palette.")]
            return [f"assets/stylesheets/{p.name}" for p in main + palette]
    return []


class FactsheetConfig(base.Config):
    """The plugin's settings in mkdocs.yml, which MkDocs validates; generator/project.py reads
    them for the command line, with the same defaults."""

    content_dir = c.Type(str, default=CONTENT_DIR)
    templates_dir = c.Type(str, default=TEMPLATES_DIR)
    boilerplate = c.ListOfItems(c.Type(str), default=list(BOILERPLATE))
    license = c.Type(str, default="")  # the URL of the data's license ("": none is claimed)
    social_cards = c.Type(bool, default=True)  # link-preview images (drawn when site_url is set)
    embeds = c.Type(bool, default=True)  # embed pages and codes of figure cards and series charts


class FactsheetPlugin(BasePlugin[FactsheetConfig]):
    # Set by `factsheet build`, which has already checked and generated before MkDocs starts.
    pregenerated = False
    progress: Progress | None = None
    # A build of a share of the pages (see mkdocs_run.py): MkDocs renders those alone.
    share: PageShare | None = None

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, list[str]] = {}  # each page rendered -> the docs files it links to

    def on_config(self, config: Any) -> Any:
        """The tool's theme overrides (its page template) come after the project's own
        (theme.custom_dir, if it has one), so a project overrides only what it wants to."""
        tool = str(packaged("overrides").resolve())
        dirs = config.theme.dirs
        if tool not in [str(Path(d).resolve()) for d in dirs]:
            dirs.insert(1 if config.theme.custom_dir else 0, tool)
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        self.links = {}
        share = self.share
        count = len(share.pages) if share else sum(1 for f in files if f.is_documentation_page())
        show = count >= Progress.MINIMUM and (share is None or share.progress)
        self.progress = Progress(count) if show else None
        if share is not None:
            docs = str(Path(config.docs_dir).resolve()) + os.sep
            for f in files:
                if f.is_documentation_page():
                    wanted = f.src_uri in share.pages
                elif f.abs_src_path and str(Path(f.abs_src_path).resolve()).startswith(docs):
                    wanted = f.src_uri in share.assets
                else:  # the theme's own files
                    wanted = share.theme
                f.is_modified = functools.partial(bool, wanted)
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        if self.share is not None:
            self.links[page.file.src_uri] = links_of(markdown, page.file.src_uri)
        return markdown

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.progress is not None:
            self.progress.step()
        return collapse_space(output)

    def on_post_build(self, *, config: Any) -> None:
        if self.progress is not None:
            self.progress.done()
        if not self.pregenerated:  # plain `mkdocs build` or `mkdocs serve`: the downloads too
            files = load_project(Path(config.config_file_path)).files_dir
            if files.is_dir():
                shutil.copytree(files, config.site_dir, dirs_exist_ok=True)

    def on_pre_build(self, *, config: Any) -> None:
        if self.pregenerated:
            return
        project = load_project(Path(config.config_file_path))
        forget_state(project)  # this build is not ours: what factsheet knew of the site is gone
        try:
            result = generate(project)
        except ContentError as e:
            for problem in e.problems:
                log.error(str(problem)) if problem.level == "error" else log.info(str(problem))
            raise PluginError(f"{len([p for p in e.problems if p.level == 'error'])} content "
                              "error(s); run 'factsheet check' to list them") from None
        for problem in result.problems.sorted():
            log.info(str(problem))  # content warnings do not fail a --strict build

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """MkDocs makes a new Jinja2 environment for every build and compiles the theme's 40
        templates again (about a second); keep their compiled code between builds instead.
        Jinja2 checks each against its template's text before using it."""
        project = load_project(Path(config.config_file_path))
        folder = project.docs_dir.parent / ".factsheet-templates" / "theme"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        env.globals["material_css"] = _theme_stylesheets(config.theme.dirs)
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """Watch what authors edit: content and templates. Not the docs folder, which each
        build regenerates from them: watching it made every edit build twice, and its
        thousands of files were stat-ed twice a second."""
        root = Path(config.config_file_path).parent
        server.watch(str(root / self.config.content_dir))
        server.watch(str(root / self.config.templates_dir))
        server.unwatch(config.docs_dir)
        return server
