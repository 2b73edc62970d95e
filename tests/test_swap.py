"""The published site is replaced whole or not at all, also where its folder and the standby
cannot trade places in one step: site/ never goes before its replacement is in place."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import fs

from .conftest import WIRE, factsheet_in, make_project

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"articles/a.txt": WIRE})
    assert factsheet_in(root, "build") == 0
    return root


def _edit(root: Path) -> None:
    article = root / "content/articles/a.txt"
    article.write_text(article.read_text().replace("Seoul says", "Seoul now says"))


def test_without_an_atomic_exchange_the_site_is_replaced_in_two_steps(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fs, "exchange", lambda a, b: False)
    _edit(built)
    assert factsheet_in(built, "build") == 0
    assert "Seoul now says" in (built / "site/sheets/a/index.html").read_text()
    assert not list(built.glob(".site.old-*"))
    _edit(built)  # and the next build, with no standby left, builds one anew
    assert factsheet_in(built, "build") == 0


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EBUSY, errno.EACCES])
def test_when_the_new_site_cannot_be_put_in_place_the_old_one_is_put_back(
        built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int) -> None:
    before = _tree(built / "site")
    rename = os.rename

    def failing(source: str | Path, target: str | Path) -> None:
        if Path(source).name == ".site.standby":
            raise OSError(code, os.strerror(code))
        rename(source, target)

    monkeypatch.setattr(fs, "exchange", lambda a, b: False)
    monkeypatch.setattr(os, "rename", failing)
    _edit(built)
    capsys.readouterr()
    assert factsheet_in(built, "build") == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("factsheet: the site was not built: site: cannot replace the published site: "
                           f"{os.strerror(code)} (")
    assert last.endswith("; the previous site is unchanged")
    assert _tree(built / "site") == before
    assert not list(built.glob(".site.old-*"))
    monkeypatch.undo()
    assert factsheet_in(built, "build") == 0  # (the next build, able to, publishes the edit)
    assert "Seoul now says" in (built / "site/sheets/a/index.html").read_text()


def _root_can(*command: str) -> bool:
    return os.geteuid() == 0 and shutil.which(command[0]) is not None


@pytest.mark.skipif(not _root_can("mount"), reason="needs root and mount")
def test_a_site_folder_that_is_a_mount_point_is_left_whole_and_said_so(
        built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = built / "site"
    copy = built.parent / "mounted"
    shutil.copytree(site, copy)
    if subprocess.run(["mount", "--bind", str(copy), str(site)], capture_output=True).returncode != 0:
        pytest.skip("mount --bind is not allowed here")
    try:
        before = _tree(site)
        _edit(built)
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        err = capsys.readouterr().err
        assert "site: cannot replace the published site: Device or resource busy (is it a mount point?" in err
        assert _tree(site) == before and len(before) > 10
    finally:
        subprocess.run(["umount", str(site)], check=False)


@pytest.mark.skipif(not _root_can("chattr"), reason="needs root and chattr")
def test_a_project_folder_the_builder_may_not_change_leaves_the_site_whole(
        built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(built / "site")
    _edit(built)
    if subprocess.run(["chattr", "+i", str(built)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        err = capsys.readouterr().err
        assert "site: cannot replace the published site: Operation not permitted (the builder may not" in err
        assert _tree(built / "site") == before
    finally:
        subprocess.run(["chattr", "-i", str(built)], check=False)
