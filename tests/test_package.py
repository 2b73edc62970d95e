"""A package you install: the wheel carries the templates, theme overrides, schemas and the
starter, so a plain (not editable) install works from any folder; `factsheet new` makes a
project of the user's own that builds at once, refuses a folder with files unless --force,
and never writes over a file; a project's own template replaces the tool's of that name."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator import __version__

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_the_wheel_lists_every_package_of_the_code() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    code = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "generator").rglob("__init__.py")}
    assert code <= listed, f"add to pyproject.toml's packages: {sorted(code - listed)}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed as a user installs it: not editable, its
    dependencies from the package index (pip's cache makes this about 16 s)."""
    tmp = tmp_path_factory.mktemp("package")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "wheel"),
                    str(REPO)], check=True, cwd=tmp, timeout=300)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheel = next((tmp / "wheel").glob("factsheet-*.whl"))
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, cwd=tmp, timeout=900)
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    return subprocess.run([str(venv / "bin/factsheet"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_installed_tool_is_the_wheel_s_and_says_its_version(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run([str(installed / "bin/python"), "-c",
                            "import generator; print(generator.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(installed) in where and str(REPO) not in where
    assert _run(installed, tmp_path, "--version").stdout == f"factsheet {__version__}\n"


def test_new_makes_a_project_that_builds_at_once(installed: Path, tmp_path: Path) -> None:
    made = _run(installed, tmp_path, "new", "harbour-desk")
    assert made.returncode == 0, made.stderr
    assert made.stderr == ("factsheet: made harbour-desk (10 files). Next: cd harbour-desk && factsheet "
                           "build, then factsheet serve\n")
    project = tmp_path / "harbour-desk"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        ".github/workflows/check.yml", ".github/workflows/pages.yml", ".gitignore", ".vscode/settings.json",
        "README.md", "content/articles/harbour-opens-new-berth.txt",
        "content/articles/harbour-opens-new-berth.yaml", "mkdocs.yml", "schemas/figures.schema.json",
        "schemas/series.schema.json"]
    assert f'pip install "factsheet=={__version__}"' in (project / ".github/workflows/pages.yml").read_text()
    assert 'site_name: "Harbour desk"' in (project / "mkdocs.yml").read_text()
    built = _run(installed, project, "build")
    assert built.returncode == 0, built.stderr
    sheet = (project / "site/sheets/harbour-opens-new-berth/index.html").read_text()
    assert "about €85 million" in sheet and (project / "site/assets/factsheet.css").is_file()
    assert _run(installed, project, "check").returncode == 0


def test_new_refuses_a_folder_with_files_and_never_writes_over_one(installed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text("site_name: Mine\n")
    refused = _run(installed, tmp_path, "new", "desk")
    assert (refused.returncode, refused.stderr) == (1, "desk: error: the folder is not empty; --force adds "
                                                       "the project's files that are missing (it never "
                                                       "replaces one)\n")
    forced = _run(installed, tmp_path, "new", "desk", "--force")
    assert forced.returncode == 0
    assert forced.stderr.startswith("desk/mkdocs.yml: kept as it was\nfactsheet: made desk (9 files)")
    assert (folder / "mkdocs.yml").read_text() == "site_name: Mine\n"


def test_a_project_s_own_template_replaces_the_tool_s(installed: Path, tmp_path: Path) -> None:
    assert _run(installed, tmp_path, "new", "desk").returncode == 0
    project = tmp_path / "desk"
    (project / "templates").mkdir()
    home = (REPO / "templates/home.md.j2").read_text().replace("# {{ site_name | md }}",
                                                                 "# {{ site_name | md }}: our desk")
    (project / "templates/home.md.j2").write_text(home)
    built = _run(installed, project, "build")
    assert built.returncode == 0, built.stderr
    assert "Desk: our desk" in (project / "site/index.html").read_text()
    # (and the sheet from the tool's own sheet template)
    assert (project / "site/sheets/harbour-opens-new-berth/index.html").is_file()


def test_an_upgrade_leaves_the_project_as_it_was(installed: Path, tmp_path: Path) -> None:
    """`pip install -U` replaces the tool, never the user's files (here the same wheel again,
    forced: pip removes the installed files and writes them anew)."""
    assert _run(installed, tmp_path, "new", "desk").returncode == 0
    project = tmp_path / "desk"
    (project / "content/articles/harbour-opens-new-berth.yaml").write_text(
        (project / "content/articles/harbour-opens-new-berth.yaml").read_text() + "# edited\n")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    wheel = next(installed.parent.glob("wheel/factsheet-*.whl"))
    subprocess.run([str(installed / "bin/python"), "-m", "pip", "install", "-q", "-U", "--force-reinstall",
                    "--no-deps", "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert _run(installed, project, "build").returncode == 0


def test_the_starter_is_filled_in_whole() -> None:
    from generator.authoring.new_site import starter_files
    files = starter_files("Desk: news & figures")
    assert not [name for name, text in files.items() if "@VERSION@" in text or "@SITE_NAME@" in text]
    assert 'site_name: "Desk: news & figures"' in files["mkdocs.yml"]  # (quoted: it is YAML)
    assert files["README.md"].startswith("# Desk: news & figures\n")
