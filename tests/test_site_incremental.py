"""The site built incrementally is byte for byte the site a full build makes of the same
content, after every kind of change; in parallel too; and a build killed at any moment leaves
the published site as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.site.build as sitebuild
from generator.pipeline import generate
from generator.project import load_project
from generator.site.build import Built, build_site

from .conftest import WIRE, factsheet_in, make_project

pytestmark = pytest.mark.slow

FIGURES = """\
tags: [troops, {tag}]
figures:
  - {{label: Troops sent, value: [10000, 12000], unit: troops, source: 1, series: troops,
     by: Seoul, as_of: {as_of}, quote: "between 10,000 and 12,000 troops"}}
events:
  - {{date: 2024-10, title: First troops arrive, source: 2}}
"""
PAGE = "# About\n\nSee [the first sheet](../sheets/alpha.md) and the [timeline](../timeline.md).\n"


def _project(root: Path) -> Path:
    content: dict[str, str | bytes] = {"pages/about.md": PAGE}
    for i, name in enumerate(("alpha", "beta", "gamma")):
        content[f"articles/{name}.txt"] = WIRE.replace("sent troops", f"sent troops ({name})")
        content[f"articles/{name}.yaml"] = FIGURES.format(tag=name, as_of=f"2024-10-0{i + 1}")
    return make_project(root, content)


def _build(root: Path, **options: object) -> Built:
    """factsheet build, in this process: generate, then build the site."""
    project = load_project(root / "mkdocs.yml")
    generate(project)
    return build_site(project, **options)  # type: ignore[arg-type]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _full_copy(root: Path, elsewhere: Path) -> dict[str, bytes]:
    """The site a full build makes of the same project, in another folder."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    copy = make_project(elsewhere)
    for part in ("content", "templates", "overrides"):
        shutil.rmtree(copy / part)
        shutil.copytree(root / part, copy / part)
    shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
    assert factsheet_in(copy, "build", "--full") == 0
    return _tree(copy / "site")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # (the sitemap's dates)


def test_after_each_kind_of_change_the_site_equals_a_full_build(tmp_path: Path) -> None:
    root = _project(tmp_path / "site")
    articles = root / "content/articles"
    _build(root)
    css, main = root / "templates/assets/factsheet.css", root / "overrides/main.html"

    def away() -> None:  # a sheet goes, and the page that links to it stops linking to it
        (articles / "alpha.txt").rename(root / "alpha.txt")
        (articles / "alpha.yaml").rename(root / "alpha.yaml")
        _edit(root / "content/pages/about.md", "[the first sheet](../sheets/alpha.md)", "the first sheet")

    def back() -> None:
        (root / "alpha.txt").rename(articles / "alpha.txt")
        (root / "alpha.yaml").rename(articles / "alpha.yaml")
        (root / "content/pages/about.md").write_text(PAGE)

    changes: list[tuple[str, Callable[[], object], bool]] = [
        ("text", lambda: _edit(articles / "beta.txt", "About 4,100 were wounded", "About 4,200 hurt"), False),
        ("headline", lambda: _edit(articles / "alpha.txt", "sent troops (alpha)", "sent soldiers"), False),
        ("report", lambda: _edit(articles / "gamma.yaml", "[10000, 12000]", "[1000, 2000]"), False),
        ("added", lambda: (shutil.copy(articles / "beta.txt", articles / "delta.txt"),
                           shutil.copy(articles / "beta.yaml", articles / "delta.yaml")), False),
        ("removed, with its tag", lambda: (os.remove(articles / "gamma.txt"),
                                          os.remove(articles / "gamma.yaml")), False),
        ("a sheet linked to goes", away, False),
        ("it comes back", back, False),
        ("template", lambda: _edit(root / "templates/sheet.md.j2", "## Key figures", "## Figures"), False),
        ("stylesheet", lambda: _edit(css, ".fs-summary {", ".fs-summary {\n  margin: 0;"), False),
        ("theme override", lambda: _edit(main, "Skip to content", "Skip to the sheet"), True),
        ("settings", lambda: _edit(root / "mkdocs.yml", "site_name: Fact sheets", "site_name: Ours"), True),
    ]
    for name, change, everything in changes:
        change()
        assert _build(root).fresh is everything, name
        assert _tree(root / "site") == _full_copy(root, tmp_path / "full"), name
    assert _build(root).rendered == 0  # nothing left to do


def test_a_page_whose_link_target_went_is_checked_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """A page links to a sheet (here the template of hand-written pages does, in Markdown) and
    did not change, but the sheet is gone: a full build would refuse the broken link in strict
    mode, so the incremental build renders that page too."""
    root = _project(tmp_path / "site")
    with (root / "templates/page.md.j2").open("a") as template:
        template.write("\nSee also [the first sheet](../sheets/alpha.md).\n")
    _build(root)
    before = _tree(root / "site")
    os.remove(root / "content/articles/alpha.txt")
    os.remove(root / "content/articles/alpha.yaml")
    assert factsheet_in(root, "build") == 1
    err = capsys.readouterr().err
    assert "Doc file 'pages/about.md' contains a link '../sheets/alpha.md'" in err
    assert "the site was not built" in err and _tree(root / "site") == before


def test_building_the_next_site_never_changes_the_last(tmp_path: Path) -> None:
    """The tree being built may share files with the published one (hard links, when it is
    made from it): the published files are replaced, never written into."""
    root = _project(tmp_path / "site")
    _build(root)
    for n in range(3):
        published = _tree(root / "site")
        _edit(root / "content/articles/beta.txt", f"sent troops (beta{'' if n == 0 else n})",
              f"sent troops (beta{n + 1})")
        _edit(root / "templates/assets/factsheet.css", ".fs-summary {", ".fs-summary {\n  margin: 0;")
        _build(root)
        assert _tree(root / ".site.standby") == published, n  # (the last site, now the standby)


def test_a_build_from_scratch_leaves_a_standby_for_the_next_edit(tmp_path: Path) -> None:
    """The first edit after a build from scratch (or a shard merge) does not first have to
    make its tree to build in: the build left one, hard links to the site it published."""
    root = _project(tmp_path / "site")
    _build(root)
    site, standby = root / "site", root / ".site.standby"
    assert _tree(standby) == _tree(site)
    files = [p.relative_to(site) for p in site.rglob("*") if p.is_file()]
    assert [f for f in files if (site / f).stat().st_ino != (standby / f).stat().st_ino] == []
    _edit(root / "content/articles/beta.txt", "About 4,100 were wounded", "About 4,200 were hurt")
    _build(root)
    assert _tree(root / "site") == _full_copy(root, tmp_path / "full")


def test_an_edit_writes_only_the_search_files_that_changed(tmp_path: Path) -> None:
    """Pagefind makes a bundle whole again after an edit; of its files (a fragment a record,
    named by its content) only the new ones are written: the rest stay the files they were."""
    root = _project(tmp_path / "site")
    _build(root)
    site = root / "site"

    def fragments() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in site.glob("pagefind/*/fragment/*")}

    before = fragments()
    _edit(root / "content/articles/beta.txt", "sent troops (beta)", "sent soldiers (beta)")
    assert _build(root).indexed == 1
    after = fragments()
    assert len(after) == len(before) > 3
    assert len([name for name, inode in after.items() if before.get(name) != inode]) == 1
    assert _tree(site) == _full_copy(root, tmp_path / "full")


def test_a_one_article_edit_renders_its_page_and_the_pages_that_show_it(tmp_path: Path) -> None:
    root = _project(tmp_path / "site")
    _build(root)
    _edit(root / "content/articles/beta.txt", "About 4,100 were wounded", "About 4,200 were hurt")
    built = _build(root)
    assert (built.rendered, built.copied, built.indexed) == (1, 0, 0)
    _edit(root / "content/articles/beta.txt", "sent troops (beta)", "sent soldiers (beta)")
    built = _build(root)
    # its page, the home page and its tag pages list it, the series and the sources page show
    # it, and its data file and search record changed
    assert (built.rendered, built.indexed) == (7, 1)


def test_pages_are_shared_by_worker_processes_with_the_same_result(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    one = _project(tmp_path / "one")
    two = _project(tmp_path / "two")
    _build(one, workers=1)
    monkeypatch.setattr(sitebuild, "PARALLEL_FROM", 1)
    _build(two, workers=3)
    assert _tree(one / "site") == _tree(two / "site")


def _left_running(root: Path, wait: float = 10.0) -> list[str]:
    """The command lines of processes still working in `root` (what a killed build left:
    its MkDocs workers, Pagefind), once those that are ending have had `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if os.readlink(proc / "cwd") == str(root):
                    left.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue  # (it ended meanwhile)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_a_build_killed_at_any_moment_leaves_the_published_site_whole(tmp_path: Path) -> None:
    root = _project(tmp_path / "site")
    articles = root / "content/articles"
    for i in range(300):  # enough pages that the kill lands while they are rendered
        (articles / f"more-{i:03d}.txt").write_text(WIRE.replace("sent troops", f"sent troops ({i})"))
    _build(root)
    before = _tree(root / "site")
    _edit(articles / "alpha.yaml", "Troops sent", "Soldiers sent")
    after = _full_copy(root, tmp_path / "full")
    killed = 0
    for delay in (0.5, 1.5, 3.0):
        child = subprocess.Popen([sys.executable, "-m", "generator", "build", "--full"], cwd=root,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if child.returncode == 0:
            break  # (too quick to catch: it published the change)
        killed += 1
        # (a kill after the swap, while the next build's standby is linked, leaves the new site)
        assert _tree(root / "site") in (before, after), delay
        assert _left_running(root) == [], delay
    assert killed, "no build was killed"
    _build(root)
    assert "Soldiers sent" in (root / "site/sheets/alpha/index.html").read_text()
    assert _tree(root / "site") == after
