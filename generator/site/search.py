"""The site's search index: Pagefind (https://pagefind.app), fed the generate step's records
(generator/render/search_records.py, search/<bundle>.jsonl: a sheet's title, summary, figures
and tags; a series' title and summary) rather than the built HTML, which would take it much
longer to read. Each bundle of records is an index of its own under pagefind/<bundle>/ that
the search box merges in the browser (Pagefind's mergeIndex), so that an edit of one sheet
indexes one bundle again: Pagefind makes an index whole, and 10,000
records take it about 5 s. Only the first bundle keeps Pagefind's script and WebAssembly; the
others hold just their index and fragments.

Pagefind's own Python client waits a tenth of a second for each of its answers (10,000 records
took 17 minutes), so this module speaks the binary's service protocol itself: messages are
base64-encoded JSON, each followed by a comma, answered in the order sent."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FOLDER = "pagefind"  # in the site
# What the first bundle keeps of Pagefind's output besides the index: its search code.
# (not pagefind-worker.js: the search box runs Pagefind in the page)
_ENGINE = ("pagefind.js", "wasm.en.pagefind", "wasm.unknown.pagefind")
_INDEX = ("pagefind-entry.json", "index", "fragment", "filter")


class SearchIndexError(Exception):
    """Pagefind is missing or failed."""


def executable() -> str:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        found = shutil.which("pagefind")
        if found is None:
            raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[bin]'") from None
        return found
    return str(get_executable())


def index_bundle(lines: Sequence[str], out: Path, primary: bool) -> None:
    """Index one bundle's records (lines of its .jsonl file) into the folder `out`.
    Pagefind hands the files over and this writes them: its own writing answers before the
    files are whole, and stopping it then can leave them empty."""
    records = [json.loads(line) for line in lines]
    with _Service() as service:
        index = service.ask([{"type": "NewIndex", "config": {"force_language": "en"}}])[0]["index_id"]
        service.ask([{"type": "AddRecord", "index_id": index, "url": r["url"], "content": r["content"],
                      "language": "en", "meta": {"title": r["title"]}, "filters": None, "sort": None}
                     for r in records])
        files = service.ask([{"type": "GetFiles", "index_id": index}])[0].get("files")
    if not isinstance(files, list):
        raise SearchIndexError("Pagefind gave no files")
    keep = set(_INDEX) | (set(_ENGINE) if primary else set())
    wanted: dict[str, bytes] = {}
    for item in files:
        name = item["path"].replace("\\", "/").lstrip("/")
        if name.split("/")[0] not in keep and not name.endswith(".pf_meta"):
            continue
        if ".." in name.split("/"):
            raise SearchIndexError(f"Pagefind named a file out of its folder: {name!r}")
        wanted[name] = base64.b64decode(item["content"])
    _write_bundle(out, wanted)


def _write_bundle(out: Path, wanted: dict[str, bytes]) -> None:
    """Make the folder `out` hold exactly the files `wanted`. An edit changes a few of a
    bundle's 2,000 files (a fragment is named by its content), and creating 2,000 files costs
    0.3-1.5 s on a disk that has just deleted others: so a file already there with the same
    bytes is kept. A changed one is replaced by a new file, never written into: it may be
    the published site's too (a hard link)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        out.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for folder, dirs, names in os.walk(out):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, out).replace(os.sep, "/")
            if relative not in wanted or os.path.islink(path) or not _holds(path, wanted[relative]):
                os.unlink(path)
    for name, data in wanted.items():
        target = out / name
        if target.is_file():
            continue  # (kept above: the same bytes)
        if target.is_dir():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.chmod(target, 0o644)


def _holds(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as f:
            return os.fstat(f.fileno()).st_size == len(data) and f.read() == data
    except OSError:
        return False


def read_bundles(search_dir: Path) -> dict[int, list[str]]:
    """The records of each bundle the generate step wrote."""
    found = {}
    for path in sorted(search_dir.glob("*.jsonl")):
        if path.stem.isdigit():
            found[int(path.stem)] = [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    return found


def manifest(bundles: int) -> str:
    """pagefind/bundles.json: what the search box merges."""
    return json.dumps({"bundles": [f"{b}/" for b in range(bundles)]}) + "\n"


class _Service:
    """pagefind --service, spoken to directly: all requests written at once (from a thread,
    so that a full pipe cannot stall both sides), answers read in order."""

    def __init__(self) -> None:
        try:
            self.process = subprocess.Popen([executable(), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as e:
            raise SearchIndexError(f"cannot start Pagefind: {e}") from None
        self.next_id = 0
        self.buffer = b""

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def ask(self, payloads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        messages = []
        for payload in payloads:
            self.next_id += 1
            messages.append(base64.b64encode(json.dumps(
                {"message_id": self.next_id, "payload": payload}).encode()) + b",")
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        writer = threading.Thread(target=lambda: (stdin.write(b"".join(messages)), stdin.flush()))
        writer.start()
        answers: list[dict[str, Any]] = []
        while len(answers) < len(messages):
            while b"," not in self.buffer:
                chunk = os.read(stdout.fileno(), 1 << 16)
                if not chunk:
                    writer.join()
                    raise SearchIndexError("Pagefind stopped before it answered")
                self.buffer += chunk
            message, _, self.buffer = self.buffer.partition(b",")
            answer = json.loads(base64.b64decode(message))["payload"]
            if answer.get("type") == "Error":
                writer.join()
                raise SearchIndexError(f"Pagefind: {answer.get('message')}")
            answers.append(answer)
        writer.join()
        return answers
