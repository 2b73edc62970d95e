"""`factsheet sources` through the real command, against sites served on 127.0.0.x of our own
making: a page that states its figure, one that states another number, a dead page with an
archived copy, a PDF, a permanent redirect, a robots.txt refusal; records kept and read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.problems import Problems
from generator.read.sources import load_source, record_name
from generator.sources import run

from .conftest import factsheet_in, make_project
from .servers import Route, redirect, send, serving
from .test_extract import _pdf

pytestmark = pytest.mark.slow

STATES = b"<html><head><title>Troops</title></head><body><article><p>North Korea has sent about 10,000 " \
         b"troops to Russia, the intelligence service said on Monday. The deployment began in October.</p>" \
         b"</article></body></html>"
ANOTHER = b"<html><body><article><p>North Korea has sent about 3,000 troops to Russia, officials said. " \
          b"More may follow in the coming weeks, they added.</p></article></body></html>"
ARCHIVED_PAGE = b"<html><body><article><p>Up to six million artillery shells were shipped to Russia, " \
                b"lawmakers said. The shipments began in 2023.</p></article></body></html>"


def _article(urls: list[str]) -> str:
    refs = "\n".join(f"[{n}] {url}" for n, url in enumerate(urls, 1))
    cites = " ".join(f"Claim {n} [{n}]." for n in range(1, len(urls) + 1))
    return ("North Korea sends troops\nWednesday, May 7, 2025 7:48 pm ET\n"
            f"North Korea sent about 10,000 troops and up to six million shells. {cites}\n"
            f"References:\n{refs}\n")


def test_sources_are_read_kept_and_summed_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    news_routes: dict[str, Route] = {}
    archive_routes: dict[str, Route] = {}
    refusing = {"/robots.txt": send(200, b"User-agent: *\nDisallow: /\n", "text/plain"),
                "/x": send(200, STATES)}
    others = {"/a": send(200, ANOTHER)}
    with serving("127.0.0.2", news_routes) as news, serving("127.0.0.3", others) as other, \
            serving("127.0.0.4", archive_routes) as archive, serving("127.0.0.5", refusing) as closed:
        pdf = _pdf("Up to six million artillery shells were shipped.")
        news_routes.update({"/troops": send(200, STATES), "/old": redirect(301, "/troops"),
                            "/report.pdf": send(200, pdf, "application/pdf"), "/gone": send(404, b"gone"),
                            "/snapshot": send(200, ARCHIVED_PAGE)})
        urls = [news.url("/troops"), other.url("/a"), news.url("/gone"), news.url("/report.pdf"),
                news.url("/old"), closed.url("/x")]
        snapshot = news.url("/snapshot")
        copy = {"archived_snapshots": {"closest": {"available": True, "url": snapshot,
                                                   "timestamp": "20250508000000"}}}
        for url in urls:
            query = f"/available?url={url.replace(':', '%3A').replace('/', '%2F')}&timestamp=20250507"
            answer = copy if url.endswith("/gone") else {"archived_snapshots": {}}
            archive_routes[query] = send(200, json.dumps(answer).encode(), "application/json")
        root = make_project(tmp_path / "p", {
            "articles/nk.txt": _article(urls),
            "articles/nk.yaml": "figures:\n"
                                "  - {label: Troops sent, value: 10000, qualifier: about, unit: troops, "
                                "source: [1, 2]}\n"
                                "  - {label: Artillery shells shipped, value: 6000000, qualifier: up to, "
                                "unit: shells, source: [3, 4]}\n"
                                "  - {label: Troops again, value: 10000, unit: troops, source: [5, 6]}\n"
                                "  - {label: Troops by another count, value: 10000, unit: troops, "
                                "source: 2}\n"})
        capsys.readouterr()
        code = factsheet_in(root, "sources", "--allow-private-hosts", "--jobs", "3",
                            "--archive-endpoint", archive.url("/available"))
        out, err = capsys.readouterr()
        assert code == 0, err
        assert out.splitlines()[-1] == (
            "6 sources: 3 live, 1 moved, 1 dead (1 archived), 1 blocked, 0 errors; "
            "4 figures: 3 stated, 1 not found, 0 unchecked")
        records = {}
        for url in urls:
            text = (root / "content/sources" / record_name(url)).read_text()
            record = load_source(text, "r.yaml", Problems())
            assert record is not None
            records[url] = record
        troops, another, gone, report, old, refused = (records[u] for u in urls)
        assert (troops.status, troops.title, troops.http_status) == ("live", "Troops", 200)
        assert [(p.sheet, p.figure) for p in troops.passages] == [("nk", 1)]
        assert troops.passages[0].text.startswith("North Korea has sent about 10,000 troops to Russia")
        assert another.status == "live" and another.passages == ()  # (3,000 is not 10,000)
        assert (gone.status, gone.archived_url) == ("dead", snapshot)
        assert [(p.sheet, p.figure) for p in gone.passages] == [("nk", 2)]  # (read in its archived copy)
        assert report.status == "live" and [(p.sheet, p.figure) for p in report.passages] == [("nk", 2)]
        assert (old.status, old.final_url) == ("moved", news.url("/troops"))
        assert refused.status == "blocked" and closed.paths == ["/robots.txt"]
        assert "content/articles/nk.txt:7: warning: source [3] is dead" in err
        assert (f"content/articles/nk.yaml:5:74: warning: figure 'Troops by another count': not found in its "
                f"sources: {other.url('/a')} (read ") in err
        # a second run within --max-age reads nothing, and says the same
        reads = len(news.requests)
        assert factsheet_in(root, "sources", "--allow-private-hosts", "--no-archive") == 0
        assert capsys.readouterr().out.splitlines()[-1].startswith("6 sources: 3 live, 1 moved, 1 dead")
        assert len(news.requests) == reads


def test_each_cited_url_knows_the_references_and_figures_that_rest_on_it(tmp_path: Path) -> None:
    from generator.pipeline import load_site
    from generator.read.content import Settings

    root = make_project(tmp_path / "p", {
        "articles/nk.txt": _article(["https://a.example/1", "https://b.example/2", "https://a.example/1"]),
        "articles/nk.yaml": "figures:\n  - {label: L, value: 10000, source: [1, 3]}\n"
                            "  - {label: M, value: 3, source: 2}\n"})
    site, problems = load_site(Settings(root / "content"))
    assert site is not None, problems.items
    found = run.cited(site.sheets)
    assert sorted(found) == ["https://a.example/1", "https://b.example/2"]
    assert [r.number for _, r in found["https://a.example/1"].references] == [1, 3]
    assert [f.label for _, f in found["https://a.example/1"].figures] == ["L"]  # (once, though cited twice)
    assert [f.label for _, f in found["https://b.example/2"].figures] == ["M"]
    assert found["https://b.example/2"].near.isoformat() == "2025-05-07"


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
@pytest.mark.parametrize("kill_at", [1, 3, 5])
def test_a_run_killed_at_any_record_leaves_every_record_whole_and_the_next_completes(
        tmp_path: Path, kill_at: int) -> None:
    routes = {f"/{n}": send(200, STATES) for n in range(6)}
    with serving("127.0.0.2", routes) as news:
        urls = [news.url(f"/{n}") for n in range(6)]
        figures = ("figures:\n  - {label: Troops sent, value: 10000, unit: troops, "
                   "source: [1, 2, 3, 4, 5, 6]}\n")
        root = make_project(tmp_path / "p", {"articles/nk.txt": _article(urls), "articles/nk.yaml": figures})
        command = [sys.executable, "-m", "generator", "sources", "--allow-private-hosts", "--no-archive"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        renames = "rename,renameat,renameat2"
        killed = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={renames}",
                                 "-e", f"inject={renames}:signal=SIGKILL:when={kill_at}", *command],
                                cwd=root, env=env, capture_output=True, timeout=120)
        assert killed.returncode != 0
        folder = root / "content/sources"
        for path in folder.glob("*.json"):  # every record there is whole
            assert load_source(path.read_text(), str(path), Problems()) is not None
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in folder.glob("*.json")) == sorted(record_name(u) for u in urls)
        assert done.stdout.splitlines()[-1] == ("6 sources: 6 live, 0 moved, 0 dead (0 archived), 0 blocked, "
                                                "0 errors; 1 figures: 1 stated, 0 not found, 0 unchecked")
