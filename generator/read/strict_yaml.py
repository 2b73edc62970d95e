"""Strict YAML: a node tree composed from libyaml's events, refusing aliases, tags and duplicate
keys, and scalars read from their text (never through YAML 1.1's conversions, so ``NO`` stays
``NO``).

Untrusted content is read by libyaml alone (through PyYAML's C binding): it is the reference
implementation of YAML, and its parser keeps its own stack, so no document, however deep, can
exhaust ours. We build the tree from its event stream in a loop (never by recursion), which
also bounds the nesting: a figures file is four levels deep, and a document deeper than
MAX_DEPTH is an error at the line where it goes too deep. Every value handed out keeps its
node, so each later message can name a line and column."""

from __future__ import annotations

import math
import re
from typing import Any, Union

import yaml

from generator.problems import Problems

try:  # libyaml is ten times faster; PyYAML wheels ship it, a source build may not.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

# The largest value a figure may have: 18 digits before the point (and 12 after). Longer
# numbers do not fit the 64-bit numbers that the data downloads' readers (spreadsheets, JSON
# parsers) hold them in, and would lose their last digits there.
DIGITS = 18
DECIMALS = 12
INTEGER = re.compile(rf"^[-+]?(0|[1-9][0-9]{{0,{DIGITS - 1}}})$")
_FLOAT = re.compile(rf"^[-+]?(0|[1-9][0-9]{{0,{DIGITS - 1}}})\.[0-9]{{1,{DECIMALS}}}$")
_TOO_LONG = re.compile(r"^[-+]?([0-9]+)(?:\.([0-9]+))?$")
NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML's plain spellings of nothing
_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")
MAX_DEPTH = 64  # nested lists and mappings; the deepest file this project reads needs 4

__all__ = ["MAX_DEPTH", "MappingNode", "Node", "ScalarNode", "SequenceNode", "YamlDoc", "is_null"]


class ScalarNode:
    __slots__ = ("column", "line", "style", "value")

    def __init__(self, value: str, style: str, line: int, column: int) -> None:
        self.value = value
        self.style = style  # "" plain, "'" or '"' quoted, "|" or ">" block
        self.line = line  # 1-based, in the YAML text
        self.column = column  # 1-based

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r}, {self.style!r}, {self.line}, {self.column})"


class SequenceNode:
    __slots__ = ("column", "line", "value")

    def __init__(self, value: list[Node], line: int, column: int) -> None:
        self.value = value
        self.line = line
        self.column = column


class MappingNode:
    __slots__ = ("column", "line", "value")

    def __init__(self, value: list[tuple[Node, Node]], line: int, column: int) -> None:
        self.value = value
        self.line = line
        self.column = column


Node = Union[ScalarNode, SequenceNode, MappingNode]  # noqa: UP007 (a runtime alias)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style == "" and node.value in NULLS


class YamlDoc:
    """A composed YAML document plus the problem collector its readers report to."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.line_offset = 0

    # --- composing -----------------------------------------------------------------------

    def compose(self, text: str, line_offset: int = 0) -> Node | None:
        """Parse ``text``; on a problem report every one found and return None. ``line_offset``
        shifts line numbers, for front matter that starts below line 1 of its file."""
        self.line_offset = line_offset
        if _YAML_BREAKS.search(text):
            self._report_breaks(text)
            return None
        try:
            return _Composer(self).run(yaml.parse(text, Loader=_Loader))
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            tab = _tab_at(text, line, col)
            if tab:  # (libyaml says "found character that cannot start any token")
                self.problems.error(self.path, line + self.line_offset, tab,
                                    "a tab in the indentation; YAML indents with spaces only")
                return None
            what = " ".join(x for x in (e.context, e.problem) if x)
            self.problems.error(self.path, line + self.line_offset, col, f"invalid YAML: {what}")
        except (yaml.YAMLError, ValueError) as e:  # (a reader error carries no mark)
            self.problems.error(self.path, 1 + self.line_offset, 1, f"invalid YAML: {e}")
        return None

    def _report_breaks(self, text: str) -> None:
        """YAML reads NEL, LS and PS as line breaks, where editors show none: the line numbers
        of every later message would be wrong, so they are refused, each where it stands."""
        for number, row in enumerate(text.split("\n"), 1):
            for m in _YAML_BREAKS.finditer(row):
                self.problems.error(self.path, number + self.line_offset, m.start() + 1,
                                    f"contains U+{ord(m[0]):04X}, which YAML reads as a line break "
                                    "but editors do not show; remove it")

    def error_at(self, mark: Any, message: str) -> None:
        """An error at a libyaml mark (0-based)."""
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
        if not (isinstance(node, ScalarNode) and node.style == "" and INTEGER.match(node.value)):
            self.error(node, f"{what} must be a whole number, got {describe(node)}")
            return None
        return int(node.value)

    def number(self, node: Node, what: str) -> int | float | None:
        """A finite number written in plain decimal digits: not ``1e3``, ``0x1F``, ``.nan``."""
        if isinstance(node, ScalarNode) and node.style == "":
            text = node.value
            if INTEGER.match(text):
                return int(text)
            if _FLOAT.match(text) and math.isfinite(value := float(text)):
                return value
            if long := _TOO_LONG.match(text):
                whole, decimals = long[1].lstrip("0") or "0", long[2] or ""
                self.error(node, f"{what} has {len(whole)} digits before the point and {len(decimals)} "
                                 f"after; at most {DIGITS} and {DECIMALS} are accepted (longer numbers lose "
                                 "their last digits in spreadsheets and JSON readers)")
                return None
        self.error(node, f"{what} must be a number written in digits (e.g. 6000000 or 2.5), "
                         f"got {describe(node)}")
        return None


def _tab_at(text: str, line: int, col: int) -> int:
    """The column of a tab in the indentation of that line (from 1), or 0: where libyaml stops
    at one, and a tab the editor showed as spaces is what the author needs to hear of."""
    rows = text.split("\n")
    if not 0 < line <= len(rows):
        return 0
    row = rows[line - 1]
    indent = row[:len(row) - len(row.lstrip(" \t"))]
    return indent.index("\t") + 1 if "\t" in indent and col <= len(indent) + 1 else 0


def describe(node: Node) -> str:
    """How a node looks to its author, for messages: "text '6 million'", "a list", "nothing"."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    assert isinstance(node, ScalarNode)
    value = clip(node.value)
    if node.style in ("'", '"'):
        return f"quoted text {value!r}"
    return repr(value)


def _show(node: Node) -> str:
    """A key as messages name it: its text, clipped, or what it is."""
    return repr(clip(node.value)) if isinstance(node, ScalarNode) else describe(node)


def clip(text: str, length: int = 40) -> str:
    """Text for a message: a 100,000-character key must not make a 100,000-character line."""
    return text if len(text) <= length else text[:length - 3] + "..."


def _control_character(text: str) -> str:
    m = _CONTROL.search(text)
    return f"U+{ord(m[0]):04X}" if m else ""


# C0 and C1 controls, and the bidirectional marks, overrides and isolates, which can make
# "12" display as "21": none belongs in a label or a title.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class _Open:
    """A list or mapping being composed, and for a mapping the key waiting for its value."""

    __slots__ = ("key", "keys", "node")

    def __init__(self, node: SequenceNode | MappingNode) -> None:
        self.node = node
        self.key: Node | None = None
        self.keys: dict[str, int] = {}  # a mapping's keys so far, and the line of each


class _Composer:
    """The tree of one document, from libyaml's events, in a loop with a stack of the open
    collections. Reports aliases, tags, duplicate keys, a second document and nesting deeper
    than MAX_DEPTH; the tree comes back only if there was none of these."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.ok = True

    def run(self, events: Any) -> Node | None:
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.tag is not None:
                    self._refuse_tag(event)
                self._add(ScalarNode(event.value, event.style or "", *self._where(event)))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(self.stack) == MAX_DEPTH:
                    self.doc.error_at(event.start_mark, f"lists and mappings are nested more than "
                                                        f"{MAX_DEPTH} levels deep here")
                    return None  # (nothing below this point could be read anyway)
                if event.tag is not None:
                    self._refuse_tag(event)
                node: MappingNode | SequenceNode = (
                    MappingNode([], *self._where(event)) if kind is yaml.MappingStartEvent
                    else SequenceNode([], *self._where(event)))
                self._add(node)
                self.stack.append(_Open(node))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.stack.pop()
            elif kind is yaml.AliasEvent:
                self.doc.error_at(event.start_mark, "YAML aliases (*name) are not allowed; "
                                                    "write the value out")
                self.ok = False
                self._add(ScalarNode("", "", *self._where(event)))  # (so the shape goes on)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.doc.error_at(event.start_mark, "a second YAML document ('---'); the file "
                                                        "holds one")
                    return None
        return self.root if self.ok else None

    def _where(self, event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def _refuse_tag(self, event: Any) -> None:
        self.doc.error_at(event.start_mark, f"YAML tags such as {clip(event.tag, 80)!r} are not allowed")
        self.ok = False

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if isinstance(top.node, SequenceNode):
            top.node.value.append(node)
        elif top.key is None:
            top.key = node
            if isinstance(node, ScalarNode):
                if node.value in top.keys:
                    self.doc.error(node, f"duplicate key {clip(node.value)!r} (first on line "
                                         f"{top.keys[node.value] + self.doc.line_offset})")
                    self.ok = False
                else:
                    top.keys[node.value] = node.line
        else:
            top.node.value.append((top.key, node))
            top.key = None
