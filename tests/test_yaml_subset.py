"""The fast YAML reader against libyaml: on every document it accepts, its tree must equal
libyaml's (kinds, values, quoting and positions); everything else it must hand to libyaml.
Documents are generated in the shapes authors write, then sometimes damaged at random."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_corpus
from generator.problems import Problems
from generator.strict_yaml import YamlDoc
from generator.yaml_nodes import MappingNode, ScalarNode, SequenceNode, same_tree
from generator.yaml_subset import compose_subset

from .conftest import REPO

# Characters that matter to YAML, and some that matter to column counting.
_TRICKY = [*list(":#-'\"\\[]{},&*!|>%@`? ."), "é", "€", "😀", "\t", "\u2028", "\x85", "\ufeff"]
_TEXT = st.text(st.sampled_from(list("abcXY019 ") * 12 + _TRICKY), min_size=0, max_size=12)
_KEYS = st.sampled_from(["title", "label", "value", "a", "b", "1", "2", "x_y", "as-of", "t.2",
                         "null", "on"] * 3 + ["-k", "k k", "?", "a:b"])


def _scalar(draw: st.DrawFn) -> str:
    text = draw(_TEXT)
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double", "raw"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "raw":
        return draw(st.sampled_from(["", "~", "null", "-5", "-x", "---", "[]", "{}", "[a, 'b']",
                                     "[a,b,]", "{k: v}", "{k: 'v', j: w}", "{k: [x]}", '"a" b',
                                     "a # c", "a#b", "x: y", "x:", "|", "> x", "&a x", "*a",
                                     "!!str x", "'a''b'", '"\\n"', "[a, [b]]", "{k:v}",
                                     "{url: https://a.b/c#d}", "[http://x, y z]", "[a:b]",
                                     "[a :b]", "{a: b:c}", "[a  b]", "[a #b]", "{a: }"]))
    return text


def _flow(draw: st.DrawFn) -> str:
    items = draw(st.lists(st.builds(lambda: None).map(lambda _: _scalar(draw)), max_size=3))
    return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + "]"


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []

    def comment() -> str:
        return draw(st.sampled_from(["", "", "", "", "", "  # note", " #x", "#x"]))

    def value(indent: int, depth: int) -> tuple[str, list[str]]:
        """What follows "key:" or "-": inline text, or lines below."""
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "map", "seq", "empty", "block"]
                                    if depth < 3 else ["scalar", "flow", "empty", "block"]))
        if kind == "block":
            header = draw(st.sampled_from([">", ">-", "|", "|-", ">-", "|+", ">2", "> # c", ">x"]))
            step = draw(st.sampled_from([1, 2, 4]))
            body = []
            for _ in range(draw(st.integers(0, 4))):
                shape = draw(st.sampled_from(["text", "text", "text", "blank", "spaces", "deeper",
                                              "comment"]))
                text = draw(_TEXT)
                body.append({"text": " " * (indent + step) + text,
                             "blank": "",
                             "spaces": " " * draw(st.integers(0, indent + step + 2)),
                             "deeper": " " * (indent + step + 1) + text,
                             "comment": " " * (indent + step) + "# " + text}[shape])
            return " " + header, body
        if kind == "scalar":
            return " " + _scalar(draw), []
        if kind == "flow":
            return " " + _flow(draw), []
        if kind == "empty":
            return "", []
        step = draw(st.sampled_from([1, 2, 2, 4]))
        if kind == "map":
            return "", mapping(indent + step, depth + 1)
        same = draw(st.booleans())  # a list at the key's own indentation
        return "", sequence(indent if same else indent + step, depth + 1)

    def mapping(indent: int, depth: int) -> list[str]:
        out = []
        for _ in range(draw(st.integers(1, 3))):
            key = draw(_KEYS)
            inline, below = value(indent, depth)
            out.append(" " * indent + key + ":" + inline + comment())
            out += below
            if draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(["", "   ", "# c", "  # c"])))
        return out

    def sequence(indent: int, depth: int) -> list[str]:
        out = []
        for _ in range(draw(st.integers(1, 3))):
            gap = " " * draw(st.sampled_from([1, 1, 2, 3]))
            if depth < 3 and draw(st.booleans()):  # "- key: value" and its following keys
                inner = mapping(indent + 1 + len(gap), depth + 1)
                out.append(" " * indent + "-" + gap + inner[0].lstrip(" "))
                out += inner[1:]
            else:
                inline, below = value(indent, depth)
                out.append(" " * indent + "-" + (gap + inline.lstrip(" ") if inline else "")
                           + comment())
                out += below
        return out

    lines = mapping(draw(st.sampled_from([0, 0, 0, 1])), 0)
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    damage = draw(st.sampled_from(["none", "none", "none", "insert", "delete", "swap"]))
    if damage != "none" and text:
        at = draw(st.integers(0, len(text) - 1))
        if damage == "insert":
            text = text[:at] + draw(st.sampled_from([*_TRICKY, "\n", " ", "  - "])) + text[at:]
        elif damage == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + text[at + 1:at + 2] + text[at:at + 1] + text[at + 2:]
    return text


def _reference(text: str) -> tuple[object, Problems]:
    problems = Problems()
    return YamlDoc("f.yaml", problems).compose_libyaml(text), problems


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_fast_reader_agrees_with_libyaml_or_steps_aside(text: str) -> None:
    fast = compose_subset(text)
    if fast is None:
        return
    reference, problems = _reference(text)
    assert not problems.items, f"accepted a document libyaml refuses: {text!r}"
    assert reference is not None and same_tree(fast, reference), text  # type: ignore[arg-type]


def test_the_example_content_and_a_benchmark_corpus_take_the_fast_path(tmp_path: Path) -> None:
    """The property above would hold trivially if the fast reader refused everything."""
    write_corpus(tmp_path, 40)
    files = sorted(REPO.glob("content/articles/*.yaml")) + sorted(tmp_path.rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        text = path.read_text()
        fast = compose_subset(text)
        assert fast is not None, path
        assert same_tree(fast, _reference(text)[0])  # type: ignore[arg-type]


def test_a_figures_file_is_read_with_positions() -> None:
    text = ('title: Aid\n'
            'figures:\n'
            '  - label: Troops   # estimate\n'
            '    value: [10000, 12000]\n'
            '    quote: "about 10,000 to 12,000 \\"troops\\""\n'
            'references:\n'
            "  1: {title: 'It''s here', url: https://example.org/a#b}\n"
            'empty:\n')
    root = compose_subset(text)
    assert isinstance(root, MappingNode)
    (k1, title), (_, figures), (_, refs), (_, empty) = root.value
    assert (k1.value, k1.line, k1.column) == ("title", 1, 1)
    assert (title.value, title.line, title.column) == ("Aid", 1, 8)
    assert isinstance(figures, SequenceNode) and (figures.line, figures.column) == (3, 3)
    figure = figures.value[0]
    assert isinstance(figure, MappingNode)
    label, value, quote = (v for _, v in figure.value)
    assert (label.value, label.column) == ("Troops", 12)  # type: ignore[union-attr]
    assert [(n.value, n.column) for n in value.value] == [("10000", 13), ("12000", 20)]  # type: ignore[union-attr]
    assert (quote.value, quote.style) == ('about 10,000 to 12,000 "troops"', '"')  # type: ignore[union-attr]
    (_, ref), = refs.value  # type: ignore[misc]
    assert [(v.value, v.style) for _, v in ref.value] == [  # type: ignore[union-attr]
        ("It's here", "'"), ("https://example.org/a#b", "")]
    assert isinstance(empty, ScalarNode) and (empty.value, empty.line, empty.column) == ("", 8, 7)
    reference, _ = _reference(text)
    assert same_tree(root, reference)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "a: |+\n  text\n",              # block scalars that keep trailing lines
    "a: >\n  x\n\n   y\n",          # ... or have more-indented lines
    "a: &x 1\nb: *x\n",             # anchors and aliases
    "a: !!str 1\n",                 # tags
    "a: 1\na: 2\n",                 # duplicate keys (libyaml's path reports them)
    "a: b\n  c\n",                  # a plain scalar over two lines
    'a: "b\n  c"\n',                # a quoted one
    "--- \na: 1\n",                 # document markers
    "- a\n- b\n",                   # a list at the root
    "just text\n",                  # a scalar at the root
    "a:\tb\n",                      # tabs
    'a: "\\u00e9"\n',               # escapes other than \" and \\
    "? a\n: b\n",                   # complex keys
    "a: b: c\n",                    # an error
    "",                             # nothing
])
def test_what_the_fast_reader_leaves_to_libyaml(text: str) -> None:
    assert compose_subset(text) is None
