"""Strict YAML: compose a node tree, refuse aliases, tags and duplicate keys, and read scalars
from their text (never through YAML 1.1's conversions, so ``NO`` stays ``NO``).

Documents in the everyday subset are read by ``yaml_subset``; the rest by libyaml, whose
errors are reported. Every value handed out keeps its node, so each later message can name a
line and column."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from .problems import Problems
from .yaml_nodes import MappingNode, Node, ScalarNode, SequenceNode, is_null
from .yaml_subset import compose_subset

try:  # libyaml is ten times faster; PyYAML wheels ship it, a source build may not.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_RESOLVER = _Loader("")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]{0,17})$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]{0,17})\.[0-9]{1,12}$")

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "YamlDoc", "is_null"]


class YamlDoc:
    """A composed YAML document plus the problem collector its readers report to."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.line_offset = 0

    # --- composing -----------------------------------------------------------------------

    def compose(self, text: str, line_offset: int = 0) -> Node | None:
        """Parse ``text``; on a syntax error report it and return None. ``line_offset`` shifts
        line numbers, for front matter that starts below line 1 of its file."""
        self.line_offset = line_offset
        fast = compose_subset(text)
        return fast if fast is not None else self.compose_libyaml(text)

    def compose_libyaml(self, text: str) -> Node | None:
        """The reference reader: any YAML, and the errors in it."""
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            what = " ".join(x for x in (e.context, e.problem) if x)
            self.problems.error(self.path, line + self.line_offset, col, f"invalid YAML: {what}")
            return None
        except (yaml.YAMLError, RecursionError, ValueError) as e:
            self.problems.error(self.path, 1 + self.line_offset, 1, f"invalid YAML: {e}")
            return None
        if root is None:
            return None
        if not self._check_tree(root, text):
            return None
        return _converted(root)

    def _check_tree(self, root: yaml.Node, text: str) -> bool:
        """Refuse aliases, explicit tags and duplicate keys before anything reads the tree.
        An alias shows up as a node reached twice; we stop there, so alias bombs stay small."""
        ok = True
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                if not self._reported_aliases:
                    self._report_aliases(text)
                ok = False
                continue
            seen.add(id(node))
            if _explicit_tag(node):
                self._error_at(node, f"YAML tags such as {node.tag!r} are not allowed")
                ok = False
                continue
            if isinstance(node, yaml.MappingNode):
                keys: dict[str, yaml.Node] = {}
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in keys:
                            line = keys[key.value].start_mark.line + 1
                            self._error_at(key, f"duplicate key {key.value!r} (first on line "
                                            f"{line + self.line_offset})")
                            ok = False
                        keys[key.value] = key
                    stack.append(key)
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return ok

    _reported_aliases = False

    def _report_aliases(self, text: str) -> None:
        """The tree holds no trace of where an alias was written; the event stream does."""
        self._reported_aliases = True
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) and mark is not None:
                self.problems.error(self.path, mark.line + 1 + self.line_offset, mark.column + 1,
                                    "YAML aliases (*name) are not allowed; write the value out")

    def _error_at(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.error(self.path, mark.line + 1 + self.line_offset, mark.column + 1, message)

    # --- reporting -----------------------------------------------------------------------

    def error(self, node: Node, message: str) -> None:
        self.problems.error(self.path, self.line(node), node.column, message)

    def warning(self, node: Node, message: str) -> None:
        self.problems.warning(self.path, self.line(node), node.column, message)

    def line(self, node: Node) -> int:
        """The node's line in the file (nodes count from the start of the YAML text)."""
        return node.line + self.line_offset

    # --- reading typed values ------------------------------------------------------------

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """The keys of a mapping; unknown and missing keys are reported."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values, got {describe(node)}")
            return None
        result: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name not in allowed:
                self.error(key, f"unknown key {_show(key)} in {what}; "
                                f"expected one of: {', '.join(allowed)}")
                continue
            assert name is not None
            result[name] = value
        for name in required:
            if name not in result:
                self.error(node, f"{what} is missing the required key {name!r}")
        return result

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, got {describe(node)}")
            return None
        return list(node.value)

    def text(self, node: Node, what: str, *, max_length: int = 2000) -> str | None:
        """A plain-text field: any scalar, read as the text written (``NO`` is the text NO)."""
        if not isinstance(node, ScalarNode) or is_null(node):
            self.error(node, f"{what} must be text, got {describe(node)}")
            return None
        value = " ".join(node.value.split())
        if not value:
            self.error(node, f"{what} must not be empty")
            return None
        if len(value) > max_length:
            self.error(node, f"{what} is {len(value)} characters long; at most {max_length}")
            return None
        if bad := _control_character(value):
            self.error(node, f"{what} contains the control character {bad}")
            return None
        return value

    def integer(self, node: Node, what: str) -> int | None:
        if not (isinstance(node, ScalarNode) and node.style == "" and _INT.match(node.value)):
            self.error(node, f"{what} must be a whole number, got {describe(node)}")
            return None
        return int(node.value)

    def number(self, node: Node, what: str) -> int | float | None:
        """A finite number written in plain decimal digits: not ``1e3``, ``0x1F``, ``.nan``."""
        if isinstance(node, ScalarNode) and node.style == "":
            text = node.value
            if _INT.match(text):
                return int(text)
            if _FLOAT.match(text) and math.isfinite(value := float(text)):
                return value
        self.error(node, f"{what} must be a number written in digits (e.g. 6000000 or 2.5), "
                         f"got {describe(node)}")
        return None


def _converted(root: yaml.Node) -> Node:
    """libyaml's tree as ours (after _check_tree: no tags, aliases or duplicate keys). Without
    recursion: a document may nest hundreds of levels deep."""
    made: dict[int, Node] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_made = stack.pop()
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            made[id(node)] = ScalarNode(node.value, node.style or "", line, column)
        elif not children_made:
            stack.append((node, True))
            children = [c for pair in node.value for c in pair] if isinstance(
                node, yaml.MappingNode) else node.value
            stack.extend((c, False) for c in children)
        elif isinstance(node, yaml.MappingNode):
            made[id(node)] = MappingNode([(made[id(k)], made[id(v)]) for k, v in node.value],
                                         line, column)
        else:
            made[id(node)] = SequenceNode([made[id(v)] for v in node.value], line, column)
    return made[id(root)]


def describe(node: Node) -> str:
    """How a node looks to its author, for messages: "text '6 million'", "a list", "nothing"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    assert isinstance(node, ScalarNode)
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.style in ("'", '"'):
        return f"quoted text {value!r}"
    return repr(value)


def _show(node: Node) -> str:
    return repr(node.value) if isinstance(node, ScalarNode) else describe(node)


def _explicit_tag(node: yaml.Node) -> bool:
    if isinstance(node, yaml.MappingNode):
        return bool(node.tag != _MAP)
    if isinstance(node, yaml.SequenceNode):
        return bool(node.tag != _SEQ)
    style = getattr(node, "style", "")
    implicit = (style == "", style != "")
    return bool(node.tag != _RESOLVER.resolve(yaml.ScalarNode, node.value, implicit))


def _control_character(text: str) -> str:
    m = _CONTROL.search(text)
    return f"U+{ord(m[0]):04X}" if m else ""


# C0 and C1 controls, and the bidirectional marks, overrides and isolates, which can make
# "12" display as "21": none belongs in a label or a title.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
