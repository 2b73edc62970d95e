"""The generate step, one direction: read, load, link (content), render, write."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .content import load_site
from .output import write_docs
from .problems import ContentError, Problems
from .project import Project
from .render import make_environment, render_site

log = logging.getLogger("factsheet")


@dataclass(frozen=True)
class Generated:
    sheets: int
    written: int
    removed: int
    seconds: float
    problems: Problems


def check(project: Project) -> Problems:
    """Every problem of the whole corpus, without writing anything."""
    return load_site(project.settings)[1]


def generate(project: Project) -> Generated:
    """Write the docs folder from the content; raise ContentError (nothing written) on errors."""
    start = time.perf_counter()
    site, problems = load_site(project.settings)
    if site is None:
        raise ContentError(problems.sorted())
    env = make_environment(project.templates_dir)
    files = render_site(env, site, project.site_name)
    files.update(static_files(project.templates_dir / "assets", "assets"))
    written, removed = write_docs(files, project.docs_dir)
    seconds = time.perf_counter() - start
    log.info("generated %d sheets into %s (%d files written, %d removed) in %.2f s",
             len(site.sheets), project.docs_dir, written, removed, seconds)
    return Generated(len(site.sheets), written, removed, seconds, problems)


def static_files(folder: Path, prefix: str) -> dict[str, str]:
    """The trusted stylesheets shipped with the templates."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}
