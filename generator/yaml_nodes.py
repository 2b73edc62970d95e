"""The YAML node tree the content readers walk: scalars, lists and mappings, each with the
1-based line and column where it starts, so every message can point at it.

Two readers build it: ``yaml_subset`` (fast, for the plain block YAML that figures files are
written in) and libyaml through PyYAML (everything else, and every error)."""

from __future__ import annotations

from typing import Union

NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML's plain spellings of nothing


class ScalarNode:
    __slots__ = ("column", "line", "style", "value")

    def __init__(self, value: str, style: str, line: int, column: int) -> None:
        self.value = value
        self.style = style  # "" plain, "'" or '"' quoted, "|" or ">" block
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r}, {self.style!r}, {self.line}, {self.column})"


class SequenceNode:
    __slots__ = ("column", "line", "value")

    def __init__(self, value: list[Node], line: int, column: int) -> None:
        self.value = value
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"SequenceNode({self.value!r}, {self.line}, {self.column})"


class MappingNode:
    __slots__ = ("column", "line", "value")

    def __init__(self, value: list[tuple[Node, Node]], line: int, column: int) -> None:
        self.value = value
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"MappingNode({self.value!r}, {self.line}, {self.column})"


Node = Union[ScalarNode, SequenceNode, MappingNode]  # noqa: UP007 (a runtime alias)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style == "" and node.value in NULLS


def same_tree(a: Node, b: Node) -> bool:
    """Equal kinds, values, styles and positions all the way down (for tests)."""
    if type(a) is not type(b) or (a.line, a.column) != (b.line, b.column):
        return False
    if isinstance(a, ScalarNode):
        assert isinstance(b, ScalarNode)
        return (a.value, a.style) == (b.value, b.style)
    if isinstance(a, SequenceNode):
        assert isinstance(b, SequenceNode)
        return len(a.value) == len(b.value) and all(map(same_tree, a.value, b.value))
    assert isinstance(a, MappingNode) and isinstance(b, MappingNode)
    return len(a.value) == len(b.value) and all(
        same_tree(ka, kb) and same_tree(va, vb) for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True))
