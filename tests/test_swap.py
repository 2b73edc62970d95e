"""The published site is replaced whole or not at all, also where its folder and the standby
cannot trade places in one step: site/ never goes before its replacement is in place."""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def _mounted(target: Path, *how: str) -> Iterator[None]:
    """`mount HOW... target` while the block runs (the test skipped where that is not allowed)."""
    if subprocess.run(["mount", *how, str(target)], capture_output=True).returncode != 0:
        pytest.skip(f"mount {' '.join(how)} is not allowed here")
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], check=False)


@pytest.mark.skipif(not _root_can("mount"), reason="needs root and mount")
def test_a_site_folder_that_is_a_mount_point_is_left_whole_and_said_so(
        built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = built / "site"
    copy = built.parent / "mounted"
    shutil.copytree(site, copy)
    with _mounted(site, "--bind", str(copy)):
        before = _tree(site)
        _edit(built)
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        err = capsys.readouterr().err
        assert "site: cannot replace the published site: Device or resource busy (is it a mount point?" in err
        assert _tree(site) == before and len(before) > 10


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


@pytest.mark.skipif(not _root_can("chattr"), reason="needs root and chattr")
def test_a_failed_build_changes_no_published_byte_not_even_the_sitemap_s(
        built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a new sheet changes the sitemap; a page the build cannot replace makes the build fail
    (built / "content/articles/b.txt").write_text(WIRE.replace("Seoul says", "Another report:"))
    before = _tree(built / "site")
    index = built / "site/index.html"
    if subprocess.run(["chattr", "+i", str(index)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        last = capsys.readouterr().err.splitlines()[-1]
        assert last == (
            "factsheet: the site was not built: .site.standby/index.html: error: cannot write the site: "
            "Operation not permitted (the file or its folder may be immutable (lsattr; chattr -i) or not "
            "yours); the previous site is unchanged")
        assert _tree(built / "site") == before  # sitemap.xml.gz included
        # and again, the flag still set: the same line, not "File exists" of a half-cleared tree
        assert factsheet_in(built, "build") == 1
        again = capsys.readouterr().err.splitlines()[-1]
        assert "Operation not permitted (the file or its folder may be immutable" in again
        assert "File exists" not in again
        assert _tree(built / "site") == before
    finally:
        subprocess.run(["chattr", "-i", str(index)], check=False)
    assert factsheet_in(built, "build") == 0  # (once it can, the next build publishes the sheet)
    assert (built / "site/sheets/b/index.html").is_file()
    sitemap = built / "site/sitemap.xml"
    assert gzip.decompress(sitemap.with_suffix(".xml.gz").read_bytes()) == sitemap.read_bytes()


@pytest.mark.skipif(not _root_can("mount"), reason="needs root and mount")
def test_a_full_disk_is_one_line_and_the_site_stays(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build = built / "build"
    shutil.rmtree(build)
    build.mkdir()
    with _mounted(build, "-t", "tmpfs", "-o", "size=48k", "tmpfs"):
        before = _tree(built / "site")
        (built / "content/articles/b.txt").write_text(WIRE + "\n" + "A long paragraph. " * 3000 + "[1]\n")
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        last = err.splitlines()[-1]
        assert ": error: cannot build the site: No space left on device (free some space on the disk, then " \
               "build again)" in last
        assert _tree(built / "site") == before


@pytest.mark.skipif(not _root_can("mount"), reason="needs root and mount")
def test_a_read_only_file_system_is_one_line_and_the_site_stays(
        built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build = built / "build"
    copy = built.parent / "build-copy"
    shutil.copytree(build, copy)
    shutil.rmtree(build)
    build.mkdir()
    with _mounted(build, "-t", "tmpfs", "tmpfs"):
        shutil.copytree(copy, build, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(build)], check=True)
        before = _tree(built / "site")
        _edit(built)
        capsys.readouterr()
        assert factsheet_in(built, "build") == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert err.splitlines()[-1].endswith(
            ": error: cannot build the site: Read-only file system (the file system is mounted read-only)")
        assert _tree(built / "site") == before


def test_too_many_open_files_is_one_line(built: Path) -> None:
    _edit(built)
    done = subprocess.run(["bash", "-c", f"ulimit -n 12 && {sys.executable} -m generator build --full"],
                          cwd=built, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == ("factsheet: error: cannot build the site: Too many open files "
                                            "(too many open files: raise the limit (ulimit -n))")
