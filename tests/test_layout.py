"""The package's layout is its pipeline: each stage imports only the stages before it, MkDocs
is imported only by its glue, and every module is imported by a test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"

# Each module's rank, by its name's longest listed prefix: a module may import modules of a
# lower rank, and of its own rank only within its own subpackage (or itself at the top).
RANKS = {
    "model": 0, "problems": 0, "fs": 0,
    "read": 1, "incremental.codec": 1,  # (the codec pauses the cycle collector with fs's help)
    "check": 2,
    "render": 3,
    "write": 4,
    "project": 5,
    "incremental": 6,
    "pipeline": 7,
    "mkdocs_glue.worker": 8,  # one MkDocs build, which the site build runs
    "site": 9,
    "mkdocs_glue": 10,
    "authoring": 11, "sources": 11,  # (for authors: what the cited pages say)
    "cli": 12, "__main__": 13,
}


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


def _rank(name: str) -> tuple[int, str]:
    """The rank of a module (without the "generator." prefix) and the prefix that gave it."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in RANKS:
            return RANKS[prefix], prefix
    raise AssertionError(f"generator.{name} has no rank in tests/test_layout.py: give it one")


def _imports(path: Path) -> set[str]:
    """The modules of the package a module imports, without the "generator." prefix."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":  # (modules, not names such as __version__)
                found.update(alias.name for alias in node.names
                             if (PACKAGE / f"{alias.name}.py").is_file() or (PACKAGE / alias.name).is_dir())
            elif node.module.startswith("generator."):
                found.add(node.module.removeprefix("generator."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("generator.") for a in node.names
                         if a.name.startswith("generator."))
    return found


def _all_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_imports_only_the_stages_before_it(path: Path) -> None:
    name = _name(path)
    rank, prefix = _rank(name)
    wrong = []
    for imported in sorted(_imports(path)):
        theirs, their_prefix = _rank(imported)
        same_package = their_prefix.split(".")[0] == prefix.split(".")[0] and "." in name
        if theirs > rank or (theirs == rank and not same_package and imported != name):
            wrong.append(f"generator.{imported} (rank {theirs})")
    assert not wrong, f"generator.{name} (rank {rank}) imports {', '.join(wrong)}"


def test_only_the_glue_imports_mkdocs() -> None:
    importers = sorted(_name(p) for p in MODULES
                       if any(m == "mkdocs" or m.startswith("mkdocs.") for m in _all_imports(p)))
    assert importers == ["mkdocs_glue.plugin", "mkdocs_glue.preview", "mkdocs_glue.worker"]


def test_every_subpackage_says_what_it_holds_and_may_import() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert doc, f"{init.relative_to(ROOT)} has no docstring"
        for module in init.parent.glob("*.py"):
            if module.name != "__init__.py":
                assert module.name in doc, f"{init.relative_to(ROOT)} does not name {module.name}"


def test_every_module_has_a_docstring() -> None:
    missing = [_name(p) for p in MODULES if p.name != "__main__.py"
               and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert not missing


def test_every_module_is_imported_by_a_test() -> None:
    modules = {_name(p) for p in MODULES if p.name not in ("__init__.py", "__main__.py")}
    imported: set[str] = set()
    for test in (ROOT / "tests").rglob("*.py"):
        for name in _imports(test):
            imported.add(name)
            imported.update(f"{name}.{alias}" for alias in _from_names(test, name))
    assert sorted(modules - imported) == []


def _from_names(path: Path, module: str) -> set[str]:
    """The names imported from `module` (as in `from generator.render import sheet`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == f"generator.{module}":
            found.update(alias.name for alias in node.names)
    return found
