"""Finding and reading the content folder: the read and load stages, then linking."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .articles import DEFAULT_BOILERPLATE, read_markdown, read_wire
from .figures import SLUG, load_figures
from .files import read_text
from .linking import link_sheet, link_site
from .model import Article, FigureSet, Page, Site
from .problems import Problems
from .prose import first_heading

# Names that would collide with the site's own pages and folders, or with Windows devices.
RESERVED = frozenset({
    "index", "404", "search", "assets", "data", "tags", "sheets", "timeline", "pages",
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
})  # fmt: skip
_PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}\.md$")


@dataclass(frozen=True)
class Settings:
    content_dir: Path = Path("content")
    boilerplate: Sequence[str] = field(default=DEFAULT_BOILERPLATE)


def show(path: Path) -> str:
    """A path as messages print it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_site(settings: Settings) -> tuple[Site | None, Problems]:
    """Read, load and link the whole content folder. The Site is None when there are errors;
    the Problems hold every error and warning of the whole corpus either way."""
    problems = Problems()
    root = settings.content_dir
    articles_dir = root / "articles"
    if not articles_dir.is_dir():
        problems.error(show(articles_dir), 0, 0, "no articles folder; put articles in "
                                                 f"{show(articles_dir)}/<slug>.txt")
        return None, problems
    articles, figure_sets, figure_files = _scan_articles(articles_dir, settings, problems)
    pages = _scan_pages(root / "pages", root, problems)
    sheets = []
    for slug in sorted(articles):
        article = articles[slug]
        if slug not in figure_files:
            problems.warning(article.path, 0, 0, f"no key figures: add {slug}.yaml beside the "
                                                 "article (the sheet shows text and references only)")
        sheets.append(link_sheet(article, figure_sets.get(slug), problems))
    if problems.errors:
        return None, problems
    return link_site(sheets, pages), problems


def _scan_articles(folder: Path, settings: Settings, problems: Problems
                   ) -> tuple[dict[str, Article], dict[str, FigureSet], set[str]]:
    """Articles and figure sets by slug, and the slugs that have a figures file at all."""
    by_slug: dict[str, dict[str, Path]] = {}
    seen_folded: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        shown = show(path)
        if path.name.startswith("."):
            continue
        if not _inside(path, settings.content_dir, shown, problems):
            continue
        if not path.is_file():
            problems.warning(shown, 0, 0, "not a file; left out")
            continue
        slug, suffix = path.stem, path.suffix
        if suffix not in (".txt", ".md", ".yaml"):
            hint = " (name it .yaml)" if suffix == ".yml" else ""
            problems.warning(shown, 0, 0, f"not an article (.txt, .md) or figures file "
                                          f"(.yaml); left out{hint}")
            continue
        if not SLUG.match(slug):
            problems.error(shown, 0, 0, f"file name {slug!r} is not a valid slug: use lower-case "
                                        "letters, digits and hyphens, up to 81 characters")
            continue
        if slug in RESERVED:
            problems.error(shown, 0, 0, f"{slug!r} is a reserved name; choose another slug")
            continue
        folded = path.name.casefold()
        if folded in seen_folded and seen_folded[folded] != path:
            problems.error(shown, 0, 0, f"differs from {show(seen_folded[folded])} only by case")
            continue
        seen_folded[folded] = path
        by_slug.setdefault(slug, {})[suffix] = path

    articles: dict[str, Article] = {}
    figure_sets: dict[str, FigureSet] = {}
    for slug, files in sorted(by_slug.items()):
        if ".txt" in files and ".md" in files:
            problems.error(show(files[".md"]), 0, 0,
                           f"two articles for one sheet: {slug}.txt and {slug}.md; keep one")
            continue
        article_path = files.get(".txt") or files.get(".md")
        if article_path is not None:
            article = _read_article(article_path, slug, settings, problems)
            if article is not None:
                articles[slug] = article
        if ".yaml" in files:
            shown = show(files[".yaml"])
            if article_path is None:
                problems.error(shown, 0, 0, f"figures without an article: add {slug}.txt or "
                                            f"{slug}.md beside it")
            text = read_text(files[".yaml"], shown, problems)
            figure_set = load_figures(text, shown, problems) if text is not None else None
            if figure_set is not None:
                figure_sets[slug] = figure_set
    return articles, figure_sets, {slug for slug, files in by_slug.items() if ".yaml" in files}


def _read_article(path: Path, slug: str, settings: Settings, problems: Problems) -> Article | None:
    shown = show(path)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    if path.suffix == ".md":
        return read_markdown(text, shown, slug, problems)
    return read_wire(text, shown, slug, problems, settings.boilerplate)


def _scan_pages(folder: Path, root: Path, problems: Problems) -> list[Page]:
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.iterdir()):
        shown = show(path)
        if path.name.startswith(".") or not _inside(path, root, shown, problems):
            continue
        if not _PAGE_NAME.match(path.name) or path.stem in RESERVED:
            problems.error(shown, 0, 0, "a page is named <name>.md in lower-case letters, digits "
                                        "and hyphens, and not a reserved name")
            continue
        text = read_text(path, shown, problems)
        if text is not None:
            title, body = first_heading(text)
            pages.append(Page(path.stem, title or path.stem.replace("-", " ").capitalize(), body))
    return pages


def _inside(path: Path, root: Path, shown: str, problems: Problems) -> bool:
    """Refuse symbolic links that lead out of the content folder: they could publish any file."""
    if not path.is_symlink():
        return True
    target = Path(os.path.realpath(path))
    if target.is_relative_to(Path(os.path.realpath(root))):
        return True
    problems.error(shown, 0, 0, "is a symbolic link that points outside the content folder")
    return False
