"""End to end: `factsheet build` with a real MkDocs --strict build in a temporary folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import WIRE, run_cli

Make = Callable[[dict[str, str | bytes]], Path]

FIGURES = """\
summary: Troops and casualties.
tags: [troops]
figures:
  - label: Troops sent
    value: [10000, 12000]
    unit: troops
    source: 1
    quote: between 10,000 and 12,000 troops
events:
  - {date: 2024-10, title: First troops arrive, source: 2}
"""

pytestmark = pytest.mark.slow


def build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(["build", "-f", str(root / "mkdocs.yml")], capsys)


def test_build_makes_a_browsable_site(project: Make, capsys: pytest.CaptureFixture[str],
                                      in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES,
                    "pages/about.md": "# About us\n\nWho we are.\n"})
    in_dir(root)
    code, out, err = build(root, capsys)
    assert code == 0, out + err
    assert "WARNING" not in err
    site = root / "site"
    sheet = (site / "sheets/troops/index.html").read_text()
    # a key figure, as a reader sees it
    assert '<p class="fs-value"><strong>10,000–12,000</strong> <span>troops</span></p>' in sheet
    # a timeline entry at month precision
    assert ('<time datetime="2024-10">October 2024</time> '
            '<span>First troops arrive</span>') in sheet
    # a citation linked to its reference, and the reference's backlink to it
    assert '<a href="#ref-1" id="c1-1">1</a>' in sheet
    assert '<li id="ref-1">' in sheet
    assert '<span class="fs-backlinks">^ <a href="#c1-1">a</a> <a href="#c1-2">b</a></span>' in sheet
    # every in-page link has its target
    ids = set(re.findall(r'id="([^"]+)"', sheet))
    targets = set(re.findall(r'href="#([^"]+)"', sheet))
    assert targets - ids == set()
    # site pages and data
    for page in ("index.html", "timeline/index.html", "tags/index.html", "tags/troops/index.html",
                 "pages/about/index.html", "data/troops.json", "data/troops.csv",
                 "data/figures.csv", "data/events.csv", "data/timeline.json"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text()
    assert 'href="sheets/troops/"' in home
    assert "<title>Fact sheets</title>" in home


def test_content_error_keeps_the_previous_site(project: Make, capsys: pytest.CaptureFixture[str],
                                               in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES})
    in_dir(root)
    assert build(root, capsys)[0] == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content/articles/troops.yaml").write_text(FIGURES.replace("source: 1", "source: 9"))
    code, out, err = build(root, capsys)
    assert code == 1
    assert out.splitlines() == [
        "content/articles/troops.yaml:7:13: error: figure 'Troops sent': source 9 is not a "
        "reference of the article (references: 1, 2)"]
    assert "Traceback" not in err
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_mkdocs_warning_fails_the_build_and_keeps_the_site(
    project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]
) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES})
    in_dir(root)
    assert build(root, capsys)[0] == 0
    marker = (root / "site/index.html").read_bytes()
    # A template linking to a page that does not exist is a strict-mode warning.
    tag = root / "templates/tag.md.j2"
    tag.write_text(tag.read_text() + "\n[broken](missing.md)\n")
    code, _, err = build(root, capsys)
    assert code == 1
    assert "the site was not built" in err and "previous site is unchanged" in err
    assert (root / "site/index.html").read_bytes() == marker


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_in_lists_lead_to_pages_with_either_url_style(
        project: Make, capsys: pytest.CaptureFixture[str], directory_urls: bool) -> None:
    """Cards and timeline lines are HTML with addresses we write ourselves, so they must
    follow use_directory_urls (sheets/x/ or sheets/x.html) from every depth of page."""
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "use_directory_urls: true", f"use_directory_urls: {str(directory_urls).lower()}"))
    code, out, err = build(root, capsys)
    assert code == 0, out + err
    site = root / "site"
    pages = (["index.html", "timeline/index.html", "tags/troops/index.html"] if directory_urls
             else ["index.html", "timeline.html", "tags/troops.html"])
    for page in pages:
        html = (site / page).read_text()
        links = re.findall(r'<a (?:class="fs-sheet-link" )?href="([^"#]+)">', html)
        assert any("troops" in link for link in links), page
        for link in links:
            target = (site / page).parent / link
            assert (target / "index.html" if link.endswith("/") else target).is_file(), (page, link)


def test_mkdocs_generates_again_after_a_build_in_the_same_process(
        project: Make, capsys: pytest.CaptureFixture[str], in_dir: Callable[[Path], None]) -> None:
    # `factsheet build` generates first, then tells the plugin not to; MkDocs keeps plugin
    # instances from one build to the next within a process, so a plain MkDocs build after
    # it (as `serve` makes) must still regenerate the docs folder from the content.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = project({"articles/troops.txt": WIRE})
    in_dir(root)
    code, out, err = build(root, capsys)
    assert code == 0, out + err
    (root / "content/articles/troops.txt").write_text(
        WIRE.replace("Seoul says North Korea sent troops", "Seoul says troops reached Kursk"))
    mkdocs_build(load_config(str(root / "mkdocs.yml")))
    assert "# Seoul says troops reached Kursk" in (root / "build/docs/sheets/troops.md").read_text()
    assert "Seoul says troops reached Kursk" in (root / "site/sheets/troops/index.html").read_text()
