"""Golden files: the generated docs folder for tests/fixtures/golden-content, file by file.

After a deliberate change to templates or rendering, regenerate with
``make golden`` (``pytest tests/test_golden.py --update-golden``) and review the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.project import load_project

from .conftest import REPO, generated_files

FIXTURE = Path(__file__).parent / "fixtures" / "golden-content"
GOLDEN = Path(__file__).parent / "golden"


def generated(tmp_path: Path) -> dict[str, str]:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    shutil.copytree(FIXTURE, tmp_path / "content")
    project = load_project(tmp_path / "mkdocs.yml")
    generate(project)
    # (the charts' PNG downloads are images drawn from their SVGs, which are compared here;
    # tests/test_embeds.py looks at the images)
    return {name: path.read_text(encoding="utf-8")
            for name, path in generated_files(project.docs_dir).items()
            if not name.startswith("assets/") and not name.endswith(".png")}


def test_generated_docs_match_golden(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    files = generated(tmp_path)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten; review them with git diff")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(files) == sorted(expected)
    for name, text in files.items():
        assert text == expected[name], f"{name} differs from tests/golden/{name}"
