"""`factsheet deploy` against a local bare repository standing in for GitHub."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import WIRE, run_cli

pytestmark = pytest.mark.slow
Make = Callable[[dict[str, str | bytes]], Path]
FIGURES = "summary: Troops.\ntags: [troops]\nfigures:\n  - {label: Troops, value: 1500, source: 1}\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def test_deploy_pushes_the_site_to_gh_pages(project: Make, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            in_dir: Callable[[Path], None],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"articles/troops.txt": WIRE, "articles/troops.yaml": FIGURES,
                    "articles/second.txt": WIRE.replace("Seoul says", "Again")})
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(root, "init", "--quiet", "-b", "main")
    git(root, "remote", "add", "origin", str(remote))
    git(root, "add", "mkdocs.yml")
    git(root, "commit", "--quiet", "-m", "init")
    for name, value in (("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "t@example.com"),
                        ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "t@example.com")):
        monkeypatch.setenv(name, value)
    in_dir(root)
    code, _, err = run_cli(["deploy"], capsys)
    assert code == 0, err
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "sheets/troops/index.html", "sheets/second/index.html",
            "timeline/index.html", "data/figures.csv"} <= set(files)
    # The user's own branch and index are untouched.
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(root, "status", "--porcelain", "--untracked-files=no").strip() == ""
    # A second deploy adds one commit on top of the first.
    (root / "content/articles/second.txt").unlink()
    assert run_cli(["deploy", "-m", "Second"], capsys)[0] == 0
    log = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert log == ["Second", "Publish the fact sheets"]
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "sheets/second/index.html" not in files


def test_deploy_without_a_remote_is_a_clear_error(project: Make, capsys: pytest.CaptureFixture[str],
                                                  in_dir: Callable[[Path], None]) -> None:
    root = project({"articles/troops.txt": WIRE})
    git(root, "init", "--quiet")
    in_dir(root)
    code, _, err = run_cli(["deploy"], capsys)
    assert code == 1
    assert "factsheet: nothing was published: no git remote named 'origin'" in err
