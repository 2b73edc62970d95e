"""The MkDocs plugin: thin glue so that ``mkdocs build`` and ``mkdocs serve`` regenerate the
docs folder from ``content/`` first, and reload when content or templates change.

This is the only module that imports MkDocs' plugin API."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .articles import DEFAULT_BOILERPLATE
from .pipeline import generate
from .problems import ContentError
from .project import load_project

log = logging.getLogger("mkdocs.plugins.factsheet")


class FactsheetConfig(base.Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="templates")
    boilerplate = c.ListOfItems(c.Type(str), default=list(DEFAULT_BOILERPLATE))


class FactsheetPlugin(BasePlugin[FactsheetConfig]):
    # Set by `factsheet build`, which has already checked and generated before MkDocs starts.
    pregenerated = False

    def on_pre_build(self, *, config: Any) -> None:
        if self.pregenerated:
            return
        project = load_project(Path(config.config_file_path))
        try:
            result = generate(project)
        except ContentError as e:
            for problem in e.problems:
                log.error(str(problem)) if problem.level == "error" else log.info(str(problem))
            raise PluginError(f"{len([p for p in e.problems if p.level == 'error'])} content "
                              "error(s); run 'factsheet check' to list them") from None
        for problem in result.problems.sorted():
            log.info(str(problem))  # content warnings do not fail a --strict build

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        root = Path(config.config_file_path).parent
        server.watch(str(root / self.config.content_dir))
        server.watch(str(root / self.config.templates_dir))
        return server
