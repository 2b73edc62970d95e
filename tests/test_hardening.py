"""Inputs made to exhaust the loader: deep nesting, huge keys and values, odd text. Each ends in
a `path:line:col: error:` message, never a traceback, here and inside a real build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.problems import Problems
from generator.read.articles import read_markdown
from generator.read.figures import load_figures
from generator.read.strict_yaml import MAX_DEPTH, YamlDoc

from .conftest import WIRE, make_project, messages

DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep here"


def _load(text: str) -> list[str]:
    problems = Problems()
    load_figures(text, "f.yaml", problems)
    return messages(problems)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5_000, 300_000])
def test_deep_block_lists_are_one_error_at_the_line_that_goes_too_deep(depth: int) -> None:
    # "- - - ... x": every list opens on line 2, two columns to the right of the one before;
    # the root mapping is the first level, so the list number MAX_DEPTH is one too many.
    text = "figures:\n  " + "- " * depth + "x\n"
    assert _load(text) == [f"f.yaml:2:{3 + 2 * (MAX_DEPTH - 1)}: error: {DEEP}"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 330, 700])
def test_deep_mappings_are_one_error(depth: int) -> None:
    text = "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + " " * depth + "end: 1\n"
    # The mapping opened by key number MAX_DEPTH is one level too many: it starts on its line.
    assert _load(text) == [f"f.yaml:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}: error: {DEEP}"]


# libyaml's scanner has a limit of its own for flow collections (1,000 levels), which it may
# reach first, reading ahead of the parser: either message is one clear error on that line.
@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_flow_collections_are_one_error(opener: str) -> None:
    text = "title: " + opener * 200_000 + "\n"
    [found] = _load(text)
    assert found in (f"f.yaml:1:{8 + len(opener) * (MAX_DEPTH - 1)}: error: {DEEP}",
                     "f.yaml:1:1007: error: invalid YAML: while increasing flow level exceeded "
                     "maximum nesting depth"), found


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "references:\n  1: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert not any("nested" in m for m in _load(text))  # (the shape is wrong, the depth is not)


def test_deep_front_matter_of_a_markdown_article() -> None:
    problems = Problems()
    text = "---\ntitle: " + "[" * 100_000 + "\ndate: 2024-01-01T00:00:00Z\n---\nBody.\n"
    assert read_markdown(text, "a.md", "a", problems) is None
    assert len(problems.items) == 1 and "nest" in str(problems.items[0])
    assert str(problems.items[0]).startswith("a.md:2:")


@pytest.mark.parametrize(("text", "expected"), [
    # libyaml refuses ':' before a flow indicator inside a flow collection
    ("references: {2: {title: x:?}}\n", "f.yaml:1:26: error: invalid YAML: while scanning a plain "
                                         "scalar found unexpected ':'"),
    ("tags: [a:?]\n", "f.yaml:1:9: error: invalid YAML: while scanning a plain scalar found "
                      "unexpected ':'"),
    # and simple keys longer than 1,024 characters, in a block and in a flow mapping
    ("k" * 1025 + ": 1\n", "f.yaml:1:1026: error: invalid YAML: mapping values are not allowed"),
    ("references: {" + "1" * 1100 + ": {title: x}}\n", "f.yaml:1:"),
])
def test_what_yaml_refuses_is_refused(text: str, expected: str) -> None:
    found = _load(text)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_huge_key_is_clipped_in_the_message() -> None:
    key = "x" * 1000
    found = _load(f"figures:\n  - {{label: A, value: 1, source: 1, {key[:900]}: 2}}\n")
    assert found == ["f.yaml:2:37: error: unknown key '" + "x" * 37 + "...' in a figure; expected one "
                     "of: label, value, qualifier, unit, as_of, source, quote, note, series, by"]


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_line_breaks_only_yaml_sees_are_refused_where_they_stand(character: str) -> None:
    assert _load(f"title: a\nsummary: one{character}two\n") == [
        f"f.yaml:2:13: error: contains U+{ord(character):04X}, which YAML reads as a line break but "
        "editors do not show; remove it"]


def test_a_second_document_is_an_error() -> None:
    assert _load("figures: []\n---\nfigures: []\n") == [
        "f.yaml:2:1: error: a second YAML document ('---'); the file holds one"]


def test_a_deep_file_fails_a_real_build_clearly_and_keeps_the_site(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"articles/deep.txt": WIRE,
                                   "articles/deep.yaml": "figures: []\n"})
    run = [sys.executable, "-m", "generator", "build"]
    assert subprocess.run(run, cwd=root, capture_output=True).returncode == 0
    before = (root / "site/sheets/deep/index.html").read_bytes()
    (root / "content/articles/deep.yaml").write_text("figures:\n  " + "- " * 100_000 + "x\n")
    result = subprocess.run(run, cwd=root, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == f"content/articles/deep.yaml:2:{3 + 2 * (MAX_DEPTH - 1)}: error: {DEEP}\n"
    assert "Traceback" not in result.stderr
    assert (root / "site/sheets/deep/index.html").read_bytes() == before


# --- fuzzing the whole loader ------------------------------------------------------------------

_PIECES = st.sampled_from([
    "- ", ": ", "[", "]", "{", "}", ", ", "&a ", "*a", "!!str ", "! ", "? ", "#", "'", '"', "|", ">-",
    "---", "...", "%YAML 1.1", "\n", "  ", "\t", "figures", "label", "value", "source", "quote",
    "events", "date", "references", "1", "2025-05", "6000000", "[1, 2]", "x:?", "\\u202e", "\u202e",
    "\x00", "\x85", "\ufeff", "é", "𝄞", "\r",
])
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map("".join))
_SCALAR = st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none())
_TREE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=25)
_FIGURES_LIKE = st.fixed_dictionaries({}, optional={
    "title": _SCALAR, "tags": _TREE, "events": _TREE, "references": _TREE,
    "figures": st.lists(st.fixed_dictionaries({}, optional={
        k: _TREE for k in ("label", "value", "qualifier", "unit", "as_of", "source", "quote", "series",
                           "by")}),
        max_size=3)})


def _check_positions(text: str, problems: Problems) -> None:
    lines = text.split("\n")
    for problem in problems.items:
        assert 1 <= problem.line <= len(lines) + 1, (problem, text)
        assert problem.col >= 1, (problem, text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_arbitrary_text_never_raises_and_every_message_points_into_the_file(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as files.read_text hands files on
    problems = Problems()
    load_figures(text, "f.yaml", problems)
    _check_positions(text, problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FIGURES_LIKE, st.sampled_from([False, True]))
def test_arbitrary_yaml_structures_never_raise(tree: dict[str, object], flow: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    problems = Problems()
    load_figures(text, "f.yaml", problems)
    _check_positions(text, problems)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_yaml_doc_reports_at_most_what_it_returns(text: str) -> None:
    """compose() gives a tree or reports why not, never both silent and empty-handed wrongly."""
    problems = Problems()
    root = YamlDoc("f.yaml", problems).compose(text)
    assert root is not None or problems.errors or not text.strip(" \n#") or _only_comments(text)


def _only_comments(text: str) -> bool:
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader) is None
    except yaml.YAMLError:
        return False
