"""The sources demo (examples/sources-demo) end to end: its pages served on 127.0.0.2-5, read by
the real `factsheet sources`, built into a site; the same site built offline from a fresh copy
of the project; and, in Chromium, a source's script payloads shown as text and a figure's
evidence link opening the cited page scrolled to its passage."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .browser import chromium, need_browser, serve
from .conftest import REPO, generated_files

pytestmark = pytest.mark.slow

DEMO = REPO / "examples/sources-demo"
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "node_modules/axe-core/axe.min.js"


def _served() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sources_demo_served", DEMO / "served.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SERVED = _served()


def _copy_demo(into: Path) -> Path:
    """The demo project as a clone has it (no records, nothing built), beside the repository's
    templates and overrides, which its mkdocs.yml names as ../../templates and ../../overrides."""
    project = into / "examples/sources-demo"
    shutil.copytree(DEMO, project, ignore=shutil.ignore_patterns("build", "site", ".site.*", "sources",
                                                                 "__pycache__"))
    for name in ("templates", "overrides", "schemas"):
        (into / name).symlink_to(REPO / name)
    return project


def _factsheet(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


class Demo:
    def __init__(self, project: Path, sources: subprocess.CompletedProcess[str]) -> None:
        self.project = project
        self.sources = sources

    @property
    def site(self) -> Path:
        return self.project / "site"

    def data(self, name: str) -> Any:
        return json.loads((self.site / "data" / name).read_text())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    project = _copy_demo(tmp_path_factory.mktemp("online"))
    with SERVED.serving():
        ran = _factsheet(project, "sources", "--allow-private-hosts", "--archive-endpoint", SERVED.ARCHIVE)
        assert ran.returncode == 0, ran.stderr
        built = _factsheet(project, "build")
        assert built.returncode == 0, built.stderr
        yield Demo(project, ran)


def test_the_demo_s_sources_come_out_with_the_statuses_and_evidence_the_contract_defines(demo: Demo) -> None:
    assert demo.sources.stdout.splitlines()[-1] == (
        "6 sources: 3 live, 1 moved, 1 dead (1 archived), 1 blocked, 0 errors; "
        "6 figures: 4 stated, 1 not found, 1 unchecked")
    progress = [line for line in demo.sources.stderr.splitlines() if line.startswith("sources read: ")]
    assert progress == [f"sources read: {n}/6" for n in range(1, 7)]  # (a line a tenth: each of 6)
    assert [line for line in demo.sources.stderr.splitlines() if line not in progress] == [
        "content/articles/bridge-repair-budget.txt:6: warning: source [1] is dead "
        "(http://127.0.0.2:8471/council-budget); an archived copy is used",
        "content/articles/harbour-grain-exports.txt:11: warning: source [4] may not be read "
        "(http://127.0.0.4:8471/union/notes)",
        "content/articles/harbour-grain-exports.yaml:14:13: warning: figure 'Ships that called at the port': "
        f"not found in its sources: http://127.0.0.3:8471/old-bulletin (read {_today(demo)})"]
    harbour = demo.data("harbour-grain-exports.json")
    assert [(r["status"], r["final_url"], r["archived"]) for r in harbour["references"]] == [
        ("live", None, None), ("moved", "http://127.0.0.3:8471/bulletin-2025", None), ("live", None, None),
        ("blocked", None, None)]
    assert [f["evidence"]["status"] for f in harbour["figures"]] == ["stated", "not-found", "stated",
                                                                     "unchecked"]
    assert harbour["figures"][0]["evidence"]["passages"] == [{
        "reference": 1, "archived": None,
        "text": "In February the terminal loaded 4.2 million tonnes of grain, a record for a single month.",
        "url": "http://127.0.0.2:8471/harbour-report#:~:text=In%20February%20the%20terminal%20loaded,"
               "record%20for%20a%20single%20month."}]
    assert harbour["figures"][2]["evidence"]["passages"][0]["text"] == (
        "Grain exports in February were worth $1.3 billion, the ministry said.")  # (from the PDF)
    bridge = demo.data("bridge-repair-budget.json")
    assert bridge["references"][0]["status"] == "dead"
    assert bridge["references"][0]["archived"] == SERVED.SNAPSHOT
    assert bridge["figures"][0]["evidence"]["passages"][0] == {
        "reference": 1, "archived": SERVED.SNAPSHOT,
        "text": "The council has set aside 18 million euros for repairs to the old bridge.",
        "url": "http://127.0.0.2:8471/council-budget#:~:text=The%20council%20has%20set%20aside,"
               "repairs%20to%20the%20old%20bridge."}
    sources = demo.data("sources.json")["sources"]
    assert [(s["status"], s["url"].removeprefix("http://")) for s in sources] == [
        ("dead", "127.0.0.2:8471/council-budget"), ("blocked", "127.0.0.4:8471/union/notes"),
        ("moved", "127.0.0.3:8471/old-bulletin"), ("live", "127.0.0.2:8471/harbour-report"),
        ("live", "127.0.0.3:8471/forum/bridge"), ("live", "127.0.0.3:8471/ministry/exports.pdf")]


def _today(demo: Demo) -> str:
    return str(demo.data("harbour-grain-exports.json")["references"][0]["read"])


def test_a_fresh_clone_builds_the_same_site_offline(demo: Demo, tmp_path: Path) -> None:
    clone = _copy_demo(tmp_path)  # no records and nothing built: then the records, as committed
    shutil.copytree(demo.project / "content/sources", clone / "content/sources")
    built = _factsheet(clone, "build")  # (the demo's servers are not running in this test's copy's
    assert built.returncode == 0, built.stderr  # build either way: check and build never read them)
    online = {n: p.read_bytes() for n, p in generated_files(demo.project / "site").items()}
    offline = {n: p.read_bytes() for n, p in generated_files(clone / "site").items()}
    assert offline.keys() == online.keys()
    assert [n for n in online if online[n] != offline[n]] == []


@pytest.fixture(scope="module")
def browser(demo: Demo) -> Iterator[tuple[Any, str]]:
    need_browser()
    with serve(demo.site) as base, chromium() as b:
        yield b, base


def _page(browser: Any, **options: Any) -> tuple[Any, Any, list[str]]:
    """A page that may reach the site (127.0.0.1) and the demo's hosts, and nothing else."""
    context = browser.new_context(**options)
    elsewhere: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0."):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, context.new_page(), elsewhere


def test_a_source_s_payloads_stay_text(browser: tuple[Any, str]) -> None:
    b, base = browser
    context, page, elsewhere = _page(b)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(base + "sheets/bridge-repair-budget/")
        passage = page.locator("#figure-2 .fs-passage")
        assert passage.inner_text() == (
            "Post by <img src=x onerror=\"window.__pwned=1\">: about 40,000 people cross the old bridge "
            "every day <script>window.__pwned=2</script> and it shows.")
        assert passage.locator("mark").inner_text() == "40,000"
        assert passage.locator("img, script").count() == 0
        passage.hover()
        assert page.evaluate("() => window.__pwned === undefined") and dialogs == [] and elsewhere == []
    finally:
        context.close()


def test_an_evidence_link_opens_the_cited_page_scrolled_to_its_passage(browser: tuple[Any, str]) -> None:
    b, base = browser
    context, page, _ = _page(b, viewport={"width": 1280, "height": 700})
    try:
        page.goto(base + "sheets/harbour-grain-exports/")
        link = page.locator("#figure-1 .fs-evidence-from a").first
        assert link.inner_text() == "Harbour authority monthly report"
        link.click()
        page.wait_for_url("http://127.0.0.2:8471/harbour-report#:~:text=*")
        page.wait_for_function("() => window.scrollY > 0", timeout=5000)
        box = page.get_by_text("In February the terminal loaded").bounding_box()
        assert box is not None and 0 <= box["y"] < 700  # in view ...
        assert box["y"] + page.evaluate("() => window.scrollY") > 700  # ... and past the first screen
    finally:
        context.close()


def test_evidence_is_legible_on_a_phone_in_dark_mode_and_axe_clean(browser: tuple[Any, str]) -> None:
    b, base = browser
    found = []
    for scheme in ("light", "dark"):
        context, page, _ = _page(b, viewport={"width": 375, "height": 812}, color_scheme=scheme)
        try:
            for path in ("sheets/harbour-grain-exports/", "sheets/bridge-repair-budget/", "sources/"):
                page.goto(base + path)
                assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, path
                if AXE.is_file():
                    page.add_script_tag(content=AXE.read_text())
                    found += page.evaluate(
                        "async () => (await axe.run(document)).violations"
                        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
        finally:
            context.close()
    assert found == []


def test_screenshots_of_the_evidence(browser: tuple[Any, str]) -> None:
    b, base = browser
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path, viewport, scheme in (
            ("evidence-desktop", "sheets/harbour-grain-exports/", {"width": 1280, "height": 900}, "light"),
            ("evidence-phone-dark", "sheets/bridge-repair-budget/", {"width": 375, "height": 812}, "dark"),
            ("sources-page", "sources/", {"width": 1280, "height": 900}, "light")):
        context, page, _ = _page(b, viewport=viewport, color_scheme=scheme)
        try:
            page.goto(base + path)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        finally:
            context.close()
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_evidence_prints_with_its_addresses_written_out(browser: tuple[Any, str]) -> None:
    b, base = browser
    context, page, _ = _page(b)
    try:
        page.goto(base + "sheets/bridge-repair-budget/")
        page.emulate_media(media="print")
        source = page.locator("#figure-1 .fs-evidence-from a").first
        after = page.evaluate("(a) => getComputedStyle(a, '::after').content", source.element_handle())
        assert after.startswith('" (http://127.0.0.2:8471/council-budget#:~:text=The%20council')
        assert page.locator("#figure-1 .fs-passage").is_visible()
        assert page.evaluate("() => getComputedStyle(document.querySelector('#figure-1 mark'))"
                             ".textDecorationLine") == "underline"
    finally:
        context.close()
