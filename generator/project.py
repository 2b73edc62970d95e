"""Where a project's pieces are: read from the ``factsheet`` plugin entry of ``mkdocs.yml``,
so the command line and ``mkdocs build`` always agree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.read.articles import DEFAULT_BOILERPLATE
from generator.read.content import Settings

# The factsheet plugin's settings in mkdocs.yml, and what each is when not given (the plugin's
# config class, generator/mkdocs_glue/plugin.py, declares the same).
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
BOILERPLATE = DEFAULT_BOILERPLATE


def packaged(name: str) -> Path:
    """The templates, theme overrides or schemas that come with the tool ("templates",
    "overrides", "schemas"): inside the installed package (generator/defaults/, where the
    wheel puts this repository's top-level folders), or, run from a checkout, the folder
    itself."""
    inside = Path(__file__).parent / "defaults" / name
    return inside if inside.is_dir() else Path(__file__).parent.parent / name


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    content_dir: Path
    templates_dir: Path
    docs_dir: Path
    site_dir: Path
    site_name: str
    boilerplate: tuple[str, ...]
    directory_urls: bool = True  # MkDocs' use_directory_urls
    remote_name: str = "origin"
    remote_branch: str = "gh-pages"
    site_url: str = ""  # where the site will live, for absolute URLs (feeds, JSON-LD); may be ""
    site_author: str = ""  # who publishes it (MkDocs' site_author): the feeds' author; else site_name
    license: str = ""  # the plugin's `license`: the URL of the license of the site's data; "" claims none
    social_cards: bool = True  # the plugin's `social_cards`: false draws none
    embeds: bool = True  # the plugin's `embeds`: false makes no embed pages or embed codes

    @property
    def cards(self) -> bool:
        """Whether sheets and series get social cards: a link preview needs the image's
        absolute address, so only when the site's is known."""
        return self.social_cards and bool(self.site_url)

    @property
    def author(self) -> str:
        return self.site_author or self.site_name

    @property
    def files_dir(self) -> Path:
        """The generated downloads (data files, feeds), copied into the site as they are."""
        return self.docs_dir.parent / "files"

    @property
    def search_dir(self) -> Path:
        """The generated search records, which the search index is made from."""
        return self.docs_dir.parent / "search"

    @property
    def template_dirs(self) -> list[Path]:
        """Where templates are looked for: the project's own templates folder first (any
        template there replaces the tool's of that name), then the tool's."""
        dirs = [self.templates_dir] if self.templates_dir.is_dir() else []
        tool = packaged("templates")
        return dirs if tool.resolve() in [d.resolve() for d in dirs] else [*dirs, tool]

    @property
    def sources_cache(self) -> Path:
        """The whole texts of cited pages that `factsheet sources` read, by digest (not committed)."""
        return self.docs_dir.parent / "sources"

    @property
    def settings(self) -> Settings:
        return Settings(self.content_dir, self.boilerplate, str(self.sources_cache))


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' own tags: !ENV is read as MkDocs reads it (the first of the
    named variables that is set, else the last item as a default); others stand for nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]  # type: ignore[arg-type]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_project(config_file: Path) -> Project:
    """Read the parts of ``mkdocs.yml`` the generator needs. Raises OSError or yaml.YAMLError."""
    data: Any = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    root = config_file.resolve().parent
    options: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "factsheet" in entry:
            options = entry["factsheet"] or {}
    return Project(
        root=root,
        config_file=config_file,
        content_dir=root / options.get("content_dir", CONTENT_DIR),
        templates_dir=root / options.get("templates_dir", TEMPLATES_DIR),
        docs_dir=root / data.get("docs_dir", "docs"),
        site_dir=root / data.get("site_dir", "site"),
        site_name=str(data.get("site_name", "Fact sheets")),
        boilerplate=tuple(options.get("boilerplate", BOILERPLATE)),
        directory_urls=bool(data.get("use_directory_urls", True)),
        remote_name=str(data.get("remote_name") or "origin"),
        remote_branch=str(data.get("remote_branch") or "gh-pages"),
        site_url=str(data.get("site_url") or ""),
        site_author=str(data.get("site_author") or ""),
        license=str(options.get("license") or ""),
        social_cards=options.get("social_cards", True) is not False,
        embeds=options.get("embeds", True) is not False,
    )
