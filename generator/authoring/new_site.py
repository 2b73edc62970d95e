"""`factsheet new DIR`: a site project of the user's own, from the starter that comes with the
tool (starter/ in this repository, generator/defaults/starter/ once installed): mkdocs.yml,
an example article and its figures, the GitHub Pages and pull-request workflows (installing
this version of the tool from PyPI), .gitignore, the editor's schema mapping and the schemas,
and a README for the desk. Never writes over a file."""

from __future__ import annotations

import json
from pathlib import Path

from generator import __version__
from generator.project import packaged

# Dotted names are kept undotted in the package (its data files are globbed without them).
_DOTTED = {"gitignore": ".gitignore", "github": ".github", "vscode": ".vscode"}


class NewError(Exception):
    """Why no project was made."""


def starter_files(site_name: str) -> dict[str, str]:
    """The new project's files by path, with its name and this version filled in."""
    files = {}
    starter = packaged("starter")
    for path in sorted(starter.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = path.relative_to(starter).parts
            name = "/".join((_DOTTED.get(parts[0], parts[0]), *parts[1:]))
            text = path.read_text(encoding="utf-8").replace("@VERSION@", __version__)
            quoted = json.dumps(site_name, ensure_ascii=False) if name == "mkdocs.yml" else site_name
            files[name] = text.replace("@SITE_NAME@", quoted)
    for path in sorted(packaged("schemas").glob("*.json")):
        files[f"schemas/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def new_site(folder: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write a new project into `folder`: the files written, and those left as they were
    (with --force, into a folder that has files: none is replaced)."""
    if folder.exists() and not folder.is_dir():
        raise NewError(f"{folder}: error: not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise NewError(f"{folder}: error: the folder is not empty; --force adds the project's files "
                       "that are missing (it never replaces one)")
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Fact sheets"
    written, kept = [], []
    for relative, text in starter_files(name).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8") as f:  # (never over a file, even one made meanwhile)
                f.write(text)
        except FileExistsError:
            kept.append(target)
            continue
        written.append(target)
    return written, kept
