"""The site build's parts and its MkDocs glue, one at a time: where pages are written, what a
tree's state file keeps, the search bundles' list, how pages are dealt to workers, the links
a page is rendered again for, white space, the preview's error panel, and publishing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.mkdocs_glue.plugin import collapse_space, links_of
from generator.mkdocs_glue.preview import problems_panel
from generator.mkdocs_glue.worker import split
from generator.problems import Problem
from generator.project import load_project
from generator.site.publish import PublishError, deploy_site
from generator.site.search import manifest, read_bundles
from generator.site.state import Manifest, SiteState, Tree, load_state, page_output, save_state

from .conftest import make_project


def test_pages_are_written_where_mkdocs_serves_them() -> None:
    assert page_output("sheets/a.md", True) == "sheets/a/index.html"
    assert page_output("sheets/a.md", False) == "sheets/a.html"
    assert page_output("index.md", True) == "index.html"
    assert page_output("tags/index.md", True) == "tags/index.html"


def test_the_state_of_the_trees_is_kept_and_a_tree_that_is_gone_is_forgotten(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path / "p") / "mkdocs.yml")
    project.site_dir.mkdir()
    manifest_ = Manifest("key", {"index.md": "d1"}, {}, {}, {"0": "d2"}, {"index.md": ["sheets/a.md"]})
    save_state(project, SiteState(Tree(project.site_dir.stat().st_ino, manifest_), None,
                                  {"content/a.txt": (1, 2, "d3")}))
    state = load_state(project)
    assert state.site is not None and state.site.manifest == manifest_ and state.standby is None
    assert state.seen == {"content/a.txt": (1, 2, "d3")}
    project.site_dir.rmdir()
    assert load_state(project).site is None
    (project.docs_dir.parent / ".factsheet-site").write_bytes(b"damaged")
    assert load_state(project) == SiteState()


def test_the_search_box_merges_every_bundle_written(tmp_path: Path) -> None:
    assert json.loads(manifest(3)) == {"bundles": ["0/", "1/", "2/"]}
    (tmp_path / "0.jsonl").write_text('{"url": "a"}\n{"url": "b"}\n')
    (tmp_path / "1.jsonl").write_text('{"url": "c"}\n')
    (tmp_path / "notes.jsonl").write_text("not a bundle\n")
    assert read_bundles(tmp_path) == {0: ['{"url": "a"}', '{"url": "b"}'], 1: ['{"url": "c"}']}


def test_pages_are_dealt_to_workers_in_turn() -> None:
    assert split(["a", "b", "c", "d", "e"], 2) == [["a", "c", "e"], ["b", "d"]]


def test_a_page_is_rendered_again_when_a_docs_file_it_links_to_appears_or_goes() -> None:
    markdown = ("[a](../sheets/a.md#figure-1) [web](https://example.com/x.md) [top](/index.md)\n"
                "[ref]: ../tags/war.md\n[anchor](#here)")
    assert links_of(markdown, "sheets/b.md") == ["sheets/a.md", "tags/war.md"]


def test_white_space_is_collapsed_outside_preformatted_text() -> None:
    html = "<div>\n    <p>one</p>\n\n  <p>two</p>\n</div>\n<pre>  keep\n    this</pre>"
    assert collapse_space(html) == "<div>\n<p>one</p><p>two</p></div>\n<pre>  keep\n    this</pre>"


def test_the_preview_s_error_panel_shows_problems_as_text() -> None:
    page = b"<html><body class=x><main>site</main></body></html>"
    shown = problems_panel([Problem("a.yaml", 3, 5, "error", "<script>alert(1)</script>")], page)
    assert shown.startswith(b"<html><body class=x><div id=\"fs-problems\"")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in shown and b"<script>" not in shown
    assert b"a.yaml:3:5" in shown and shown.endswith(b"<main>site</main></body></html>")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_deploy_commits_the_site_on_the_branch_without_touching_the_work_tree(tmp_path: Path) -> None:
    remote, repo, site = tmp_path / "remote.git", tmp_path / "repo", tmp_path / "repo/site"
    _git(tmp_path, "init", "--quiet", "--bare", str(remote))
    _git(tmp_path, "init", "--quiet", str(repo))
    _git(repo, "remote", "add", "origin", str(remote))
    with pytest.raises(PublishError, match="holds no built site"):
        deploy_site(repo, site, "origin", "gh-pages", "one")
    site.mkdir()
    (site / "index.html").write_text("<p>one</p>")
    first = deploy_site(repo, site, "origin", "gh-pages", "one")
    (site / "index.html").write_text("<p>two</p>")
    second = deploy_site(repo, site, "origin", "gh-pages", "two")
    assert _git(remote, "rev-parse", "gh-pages") == second
    assert _git(remote, "rev-parse", "gh-pages^") == first
    assert _git(remote, "show", "gh-pages:index.html") == "<p>two</p>"
    assert sorted(_git(remote, "ls-tree", "--name-only", "gh-pages").split()) == [".nojekyll", "index.html"]
    assert _git(repo, "status", "--porcelain") == "?? site/"
