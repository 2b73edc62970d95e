"""Finding the content folder's files and reading each one: articles, figures files, series
files and hand-written pages, every problem reported at its file. Links nothing: that is the
check stage's (generator/check/)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Article, FigureSet, Page, SeriesInfo
from generator.problems import Problems
from generator.read.articles import DEFAULT_BOILERPLATE, read_markdown, read_wire
from generator.read.figures import RESERVED_SERIES, SLUG, load_figures, load_series_info
from generator.read.files import read_text

# Names that would collide with the site's own pages and folders, or with Windows devices.
RESERVED = frozenset({
    "index", "404", "search", "assets", "data", "tags", "sheets", "timeline", "pages", "archive",
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
})  # fmt: skip
_PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}\.md$")


@dataclass(frozen=True)
class Settings:
    content_dir: Path = Path("content")
    boilerplate: Sequence[str] = field(default=DEFAULT_BOILERPLATE)
    sources_cache: str = ""  # the whole texts of cited pages, by digest (build/sources/), if any

    @property
    def sources_dir(self) -> str:
        """The records of cited pages (content/sources/)."""
        return str(self.content_dir / "sources")


def show(path: Path | str) -> str:
    """A path as messages print it: relative to the working folder when inside it."""
    text, cwd = str(path), os.getcwd() + os.sep
    return text[len(cwd):] if text.startswith(cwd) else text


@dataclass(frozen=True)
class ContentFiles:
    """The files of the content folder, by slug, before any is read: plain values (20,000
    Path objects cost 0.3 s), which workers are sent."""

    folder: str  # the articles folder
    articles: dict[str, str]  # slug -> the suffix of its article, ".txt" or ".md"
    figures: set[str]  # the slugs that have a figures file (and an article)
    pages: list[str]
    series: list[str] = field(default_factory=list)  # the series files
    # slug -> a hash of the size, modification time and inode of its article and figures
    # file: what says they are the files seen before. 64 bits: a changed file goes unnoticed
    # once in 2**64 changes.
    signatures: dict[str, int] = field(default_factory=dict)
    # the records of cited pages (content/sources/<name>.json) by file name, each with what
    # says it is the file seen before: a sheet is read again when a record it shows changes
    records: dict[str, Seen] = field(default_factory=dict)

    # the files named as they came ("000_03f627dd5a2244df.txt"): their own names, by slug and
    # suffix ("000-03f627dd5a2244df.txt")
    renamed: dict[str, str] = field(default_factory=dict)

    def signature(self, slug: str, records: Iterable[str]) -> int:
        """What says a sheet is as seen before: its files' signature and what is seen of the
        source records it shows (a missing one too: it may appear)."""
        return hash((self.signatures[slug], tuple(self.records.get(name, (0, 0, 0)) for name in records)))

    def article(self, slug: str) -> str:
        name = slug + self.articles[slug]
        return f"{self.folder}/{self.renamed.get(name, name)}"

    def figures_file(self, slug: str) -> str:
        name = slug + ".yaml"
        return f"{self.folder}/{self.renamed.get(name, name)}"


def scan_content(settings: Settings, problems: Problems) -> ContentFiles:
    """Find the articles, figures files and pages, and report misnamed or stray files."""
    root = settings.content_dir
    articles_dir = root / "articles"
    if articles_dir.is_dir() and not _inside(articles_dir, root, show(articles_dir), problems):
        return ContentFiles(str(articles_dir), {}, set(), [])
    if not articles_dir.is_dir():
        problems.error(show(articles_dir), 0, 0, "no articles folder; put articles in "
                                                 f"{show(articles_dir)}/<slug>.txt")
        return ContentFiles(str(articles_dir), {}, set(), [])
    folder = str(articles_dir)
    txt, md, yaml, renamed = _list_articles(articles_dir, root, problems)
    both = txt.keys() & md.keys()

    def own(name: str) -> str:  # (a file named as it came, by its own name)
        return renamed.get(name, name)

    for slug in both:
        problems.error(show(f"{folder}/{own(slug + '.md')}"), 0, 0, f"two articles for one sheet: "
                       f"{own(slug + '.txt')} and {own(slug + '.md')}; keep one")
    articles = dict.fromkeys(md.keys() - both, ".md")
    articles.update(dict.fromkeys(txt.keys() - both, ".txt"))
    for slug in yaml.keys() - articles.keys() - both:
        stem = own(slug + ".yaml").removesuffix(".yaml")
        problems.error(show(f"{folder}/{stem}.yaml"), 0, 0, f"figures without an article: add "
                                                           f"{stem}.txt or {stem}.md beside it")
    figures = yaml.keys() & articles.keys()
    for slug in articles.keys() - figures:  # (named for the sheet: as factsheet draft names it)
        problems.warning(show(f"{folder}/{own(slug + articles[slug])}"), 0, 0,
                         f"no key figures: add {slug}.yaml beside the article (the sheet shows "
                         "text and references only)")
    # (A hash of plain ints is the same in every process; of None it is not, before 3.12.)
    signatures = {slug: hash((files_seen, yaml.get(slug, ())))
              for found_in in (txt, md) for slug, files_seen in found_in.items() if slug not in both}
    pages_dir = root / "pages"
    pages = []
    if pages_dir.is_dir() and _inside(pages_dir, root, show(pages_dir), problems):
        for page in sorted(pages_dir.iterdir()):
            shown = show(page)
            if page.name.startswith(".") or not _inside(page, root, shown, problems):
                continue
            if not page.is_file():  # (a FIFO or a device is never opened)
                problems.warning(shown, 0, 0, "not a file; left out")
                continue
            if not _PAGE_NAME.match(page.name) or page.stem in RESERVED:
                problems.error(shown, 0, 0, "a page is named <name>.md in lower-case letters, "
                                            "digits and hyphens, and not a reserved name")
                continue
            pages.append(str(page))
    return ContentFiles(folder, articles, figures, pages, _series_files(root, problems), signatures,
                        _record_files(root, problems), renamed)


Seen = tuple[int, int, int]  # a file's size, modification time and inode


def _list_articles(articles_dir: Path, root: Path, problems: Problems
                   ) -> tuple[dict[str, Seen], dict[str, Seen], dict[str, Seen], dict[str, str]]:
    """The articles folder's .txt, .md and .yaml files by slug, each with what says it is the
    file seen before (size, modification time, inode), and the files named as they came (by
    slug and suffix: their own names); misnamed and stray files reported."""
    found: dict[str, dict[str, Seen]] = {".txt": {}, ".md": {}, ".yaml": {}}
    renamed: dict[str, str] = {}
    with os.scandir(articles_dir) as listing:
        for entry in sorted(listing, key=lambda e: e.name):
            name = entry.name
            # The usual case in one test: a regular file (known from the listing, no system
            # call) with a valid name; the checks after it say what is wrong with the rest.
            usual = _USUAL_NAME.fullmatch(name)
            if usual is not None and usual[1] not in RESERVED and entry.is_file(follow_symlinks=False):
                slug, suffix = usual[1], usual[2]
            elif name.startswith(".") or (taken := _usable(entry, root, problems)) is None:
                continue
            else:
                slug, suffix = taken
            if slug in found[suffix]:
                first = renamed.get(slug + suffix, slug + suffix)
                problems.error(show(entry.path), 0, 0, f"{first} and {name} both become the sheet "
                                                       f"{slug!r}; rename one of them")
                continue
            if name != slug + suffix:
                renamed[slug + suffix] = name
                problems.warning(show(entry.path), 0, 0, f"named as it came: its sheet is {slug!r}, "
                                                         f"at sheets/{slug}/; to choose another address, "
                                                         f"rename the file to <slug>{suffix}")
            st = entry.stat()  # what the cache compares, while the folder's listing is at hand
            found[suffix][slug] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found[".txt"], found[".md"], found[".yaml"], renamed


def _series_files(root: Path, problems: Problems) -> list[str]:
    """content/series/<slug>.yaml: the files that describe series (all optional)."""
    folder = root / "series"
    if not folder.is_dir() or not _inside(folder, root, show(folder), problems):
        return []
    found = []
    for path in sorted(folder.iterdir()):
        shown = show(path)
        if path.name.startswith(".") or not _inside(path, root, shown, problems):
            continue
        if path.suffix != ".yaml" or not path.is_file():
            hint = " (name it .yaml)" if path.suffix == ".yml" else ""
            problems.warning(shown, 0, 0, f"not a series file (<slug>.yaml); left out{hint}")
        elif not SLUG.match(path.stem) or path.stem in RESERVED_SERIES:
            problems.error(shown, 0, 0, f"series file name {path.stem!r} is not a valid series slug: "
                                        "use lower-case letters, digits and hyphens, and not 'index'")
        else:
            found.append(str(path))
    return found


def _record_files(root: Path, problems: Problems) -> dict[str, Seen]:
    """content/sources/<name>.json, the records of cited pages, by name: plain files inside the
    content folder (records are content: a link out is refused like any other)."""
    folder = root / "sources"
    if not folder.is_dir() or not _inside(folder, root, show(folder), problems):
        return {}
    found = {}
    with os.scandir(folder) as listing:
        for entry in listing:
            name = entry.name
            if name.startswith("."):
                continue
            shown = show(entry.path)
            if entry.is_symlink() and not _inside(Path(entry.path), root, shown, problems):
                continue
            if not name.endswith(".json") or not entry.is_file():
                problems.warning(shown, 0, 0, "not a source record (<name>.json, as factsheet sources "
                                              "writes them); left out")
                continue
            st = entry.stat()
            found[name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return dict(sorted(found.items()))


def read_series_infos(paths: list[str], problems: Problems) -> list[SeriesInfo]:
    infos = []
    for path in paths:
        shown = show(path)
        text = read_text(path, shown, problems)
        if text is not None and (info := load_series_info(text, shown, Path(path).stem, problems)):
            infos.append(info)
    return infos


def read_figures(slug: str, files: ContentFiles, problems: Problems) -> FigureSet | None:
    """The sheet's figures file, loaded; None if it could not be read or loaded."""
    shown = show(files.figures_file(slug))
    text = read_text(files.figures_file(slug), shown, problems)
    return load_figures(text, shown, problems) if text is not None else None


def read_pages(paths: list[str], problems: Problems) -> list[Page]:
    pages = []
    for path in paths:
        text = read_text(path, show(path), problems)
        if text is not None:
            title, body = first_heading(text)
            name = Path(path).stem
            pages.append(Page(name, title or name.replace("-", " ").capitalize(), body))
    return pages


def first_heading(text: str) -> tuple[str, str]:
    """Split a hand-written page into its ``# Title`` and the rest."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                return line[2:].strip(), "\n".join(lines[i + 1:])
            break
    return "", text


def read_article(path: str, slug: str, settings: Settings, problems: Problems) -> Article | None:
    shown = show(path)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    if path.endswith(".md"):
        return read_markdown(text, shown, slug, problems)
    return read_wire(text, shown, slug, problems, settings.boilerplate)


_USUAL_NAME = re.compile(r"([a-z0-9][a-z0-9-]{0,80})(\.txt|\.md|\.yaml)")


def slug_for(stem: str) -> str | None:
    """The slug of the sheet a file's name gives: the name itself, or the name as files come
    named ("000_03f627dd5a2244df") lower-cased with "_" and spaces as "-"; None if neither is
    a slug."""
    if SLUG.match(stem):
        return stem
    made = stem.lower().replace("_", "-").replace(" ", "-")
    return made if SLUG.match(made) else None


def not_a_slug(stem: str, suffix: str) -> str:
    """What check, build and draft all say of a file whose name cannot give a slug."""
    suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:81].rstrip("-") or "sheet"
    shown = stem if len(stem) <= 60 else stem[:57] + "..."
    return (f"file name {shown!r} cannot be a sheet's slug (lower-case letters, digits and hyphens, up "
            f"to 81 characters); rename it, for example to {suggestion}{suffix}")


def _usable(entry: os.DirEntry[str], root: Path, problems: Problems) -> tuple[str, str] | None:
    """The slug and suffix of an entry that is not a plain, validly named file in the articles
    folder, if it is one still: a file named as it came, or a symbolic link inside the content
    folder. Reports why not."""
    path = entry.path
    if entry.is_symlink() and not _inside(Path(path), root, show(path), problems):
        return None
    # (a FIFO, a device or a socket is not a file: it is left out, never opened)
    if not entry.is_file():
        problems.warning(show(path), 0, 0, "not a file; left out")
        return None
    stem, _, suffix = entry.name.rpartition(".")
    suffix = "." + suffix
    if not stem:
        stem, suffix = entry.name, ""
    if suffix not in (".txt", ".md", ".yaml"):
        hint = " (name it .yaml)" if suffix == ".yml" else ""
        problems.warning(show(path), 0, 0, f"not an article (.txt, .md) or figures file "
                                           f"(.yaml); left out{hint}")
        return None
    slug = slug_for(stem)
    if slug is None:
        problems.error(show(path), 0, 0, not_a_slug(stem, suffix))
        return None
    if slug in RESERVED:
        problems.error(show(path), 0, 0, f"{slug!r} is a reserved name; choose another slug")
        return None
    return slug, suffix


def _inside(path: Path, root: Path, shown: str, problems: Problems) -> bool:
    """Whether the path, with every symbolic link on the way followed (folders included),
    stays inside the content folder; says why not. A link out could publish any file of the
    machine, and content is untrusted: a pull request can add one. A link that leads nowhere
    is left to the caller (it is no file); one that leads in a loop is an error."""
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return True
    except OSError as e:
        problems.error(shown, 0, 0, f"cannot be read: {e.strerror} (a symbolic link in a loop?); remove it")
        return False
    if Path(target).is_relative_to(os.path.realpath(root)):
        return True
    problems.error(shown, 0, 0, f"links outside {show(root)}/ (to {target}); only files inside it are read")
    return False
