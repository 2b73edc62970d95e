"""Publishing ``site/`` to a branch of a git remote (GitHub Pages' ``gh-pages``).

Uses git's plumbing with a temporary index, so the user's working tree, index and current
branch are never touched: the site folder becomes one new commit on top of the branch."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path


class PublishError(Exception):
    pass


def _run(repo: Path, args: tuple[str, ...], env: dict[str, str] | None
         ) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise PublishError("git is not installed") from None


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = _run(repo, args, env)
    if result.returncode != 0:
        raise PublishError(f"git {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _succeeds(repo: Path, *args: str) -> bool:
    return _run(repo, args, None).returncode == 0


def deploy_site(repo: Path, site: Path, remote: str, branch: str, message: str) -> str:
    """Commit the site as the new tip of ``remote/branch`` and push it; returns the commit."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} holds no built site; run 'factsheet build' first")
    if not _succeeds(repo, "rev-parse", "--is-inside-work-tree"):
        raise PublishError(f"{repo} is not a git repository")
    if remote not in _git(repo, "remote").split():
        raise PublishError(f"no git remote named {remote!r}; add one with 'git remote add {remote} URL'")
    (site / ".nojekyll").touch()  # GitHub Pages must serve folders that start with "_" as they are
    # The branch may not exist yet: then the site is its first commit.
    fetched = _succeeds(repo, "fetch", "--quiet", remote, f"refs/heads/{branch}")
    parent = _git(repo, "rev-parse", "--verify", "FETCH_HEAD^{commit}") if fetched else ""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, f"--work-tree={site}", "add", "--all", "--force", ".", env=env)
        tree = _git(repo, "write-tree", env=env)
    parents = ["-p", parent] if parent else []
    commit = _git(repo, "commit-tree", tree, *parents, "-m", message)
    _git(repo, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    return commit
