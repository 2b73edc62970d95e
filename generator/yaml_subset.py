"""A fast reader for the everyday subset of YAML that figures files are written in: block
mappings and lists, one-line plain or quoted scalars, one-line flow lists and mappings of
scalars, comments.

libyaml through PyYAML costs about half a millisecond a figures file, mostly in making Python
objects for its tokens, events and marks; this reader makes the same tree in a fraction of
that. It is not a second YAML parser to trust: whenever a document steps outside the subset
(or is not valid YAML, or has a duplicate key) it returns None and the caller uses libyaml,
which then also reports any error. Within the subset its tree equals libyaml's, positions
included; tests/test_yaml_subset.py checks that on generated documents."""

from __future__ import annotations

import re

from .yaml_nodes import MappingNode, Node, ScalarNode, SequenceNode

# Characters that make YAML behave unusually: control characters (also errors), the Unicode
# line breaks YAML 1.1 honours (NEL, LS, PS), a BOM, non-characters and tabs.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# A block mapping key: a plain word (letters, digits, _ . -), then ':' and a space or the end.
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$)")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(.)")
# A plain scalar inside [...] or {...}: no flow indicators or quotes, ':' only before a
# character that can go on (https://...), '#' and single spaces only inside words.
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9_.(/](?:[^,\[\]{}:#\"' ]|:(?=[^ ,\[\]{}])|#| (?=[^ #,\[\]{}:]))*")
_FLOW_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*): +")
# What a plain scalar in a block may not start with (YAML indicators), '-' and '.' aside.
_INDICATORS = frozenset("?:,[]{}#&*!|>'\"%@`")
_COMMENT_OR_END = re.compile(r"(?: +#.*)?$")
_BLOCK_HEADER = re.compile(r"[|>](-?)(?: +#.*)?")


class _Outside(Exception):
    """The document steps outside the subset (or is not valid YAML)."""


Line = tuple[int, int, str]  # line number, indentation, content without indentation


def compose_subset(text: str) -> Node | None:
    """The document's tree, or None when libyaml must read it instead."""
    if _UNUSUAL.search(text):
        return None
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), 1):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        if raw.startswith(("---", "...", "%")):
            return None  # document markers and directives
        lines.append((number, len(raw) - len(content), content.rstrip(" ")))
    if not lines:
        return None  # an empty document: libyaml words the message
    try:
        reader = _Reader(lines, text.split("\n"))
        root, end = reader.block(0, -1)
        if end != len(lines) or not isinstance(root, MappingNode):
            return None
        return root
    except _Outside:
        return None


class _Reader:
    def __init__(self, lines: list[Line], raw: list[str]) -> None:
        self.lines = lines
        self.raw = raw

    def block(self, pos: int, parent: int) -> tuple[Node, int]:
        """The block node starting at line `pos`, indented more than `parent`."""
        _, indent, content = self.lines[pos]
        if indent <= parent:
            raise _Outside
        if content[0] == "-" and (len(content) == 1 or content[1] == " "):
            return self.sequence(pos, indent)
        if _KEY.match(content):
            return self.mapping(pos, indent)
        raise _Outside  # a scalar on its own line (the root, or a continued scalar)

    def sequence(self, pos: int, indent: int) -> tuple[SequenceNode, int]:
        lines = self.lines
        first = lines[pos]
        items: list[Node] = []
        while pos < len(lines):
            number, at, content = lines[pos]
            if at != indent or content[0] != "-" or (len(content) > 1 and content[1] != " "):
                break
            rest = content[1:].lstrip(" ")
            column = indent + len(content) - len(rest) + 1
            if not rest or rest[0] == "#":
                item, pos = self.nested(pos, indent, number, indent + 2)
            elif (rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")) or _KEY.match(rest):
                # "- key: value" or "- - item": a node starting inside the item's line
                lines[pos] = (number, column - 1, rest)
                item, pos = self.block(pos, indent)
            elif rest[0] in "|>":
                item, pos = self.block_scalar(pos, indent, rest, column)
            else:
                item = self.inline(rest, number, column)
                pos += 1
            items.append(item)
            if pos < len(lines) and lines[pos][1] > indent:
                raise _Outside
        return SequenceNode(items, first[0], first[1] + 1), pos

    def mapping(self, pos: int, indent: int) -> tuple[MappingNode, int]:
        lines = self.lines
        first = lines[pos]
        pairs: list[tuple[Node, Node]] = []
        seen: set[str] = set()
        while pos < len(lines):
            number, at, content = lines[pos]
            if at != indent:
                if at > indent:
                    raise _Outside
                break
            m = _KEY.match(content)
            if m is None:
                raise _Outside
            name = m[1]
            if name in seen:
                raise _Outside  # libyaml's path reports duplicates with both positions
            seen.add(name)
            key = ScalarNode(name, "", number, indent + 1)
            rest = content[m.end():]
            if not rest or rest[0] == "#":
                value, pos = self.nested(pos, indent, number, indent + len(name) + 2)
            elif rest[0] in "|>":
                value, pos = self.block_scalar(pos, indent, rest, indent + m.end() + 1)
            else:
                value = self.inline(rest, number, indent + m.end() + 1)
                pos += 1
            pairs.append((key, value))
        return MappingNode(pairs, first[0], first[1] + 1), pos

    def nested(self, pos: int, indent: int, number: int, empty_column: int) -> tuple[Node, int]:
        """The value of "key:" or "-" with nothing after it: a block on the next lines (for a
        key, also a list at its own indentation), or else nothing (a null scalar)."""
        following = pos + 1
        if following < len(self.lines):
            _, at, content = self.lines[following]
            if at > indent:
                return self.block(following, indent)
            key_line = self.lines[pos][2]
            if (at == indent and not key_line.startswith("-") and content[0] == "-"
                    and (len(content) == 1 or content[1] == " ")):
                return self.sequence(following, indent)
        return ScalarNode("", "", number, empty_column), following

    def block_scalar(self, pos: int, parent: int, header: str, column: int
                     ) -> tuple[ScalarNode, int]:
        """A literal (|) or folded (>) scalar on the lines below, clipped or stripped (-), its
        indentation taken from its first line. Keep (+), explicit indentation, blank lines
        before the text, more-indented lines and comments right after it go to libyaml."""
        m = _BLOCK_HEADER.fullmatch(header)
        if m is None:
            raise _Outside
        style, chomp = header[0], m[1]
        number = self.lines[pos][0]
        raw = self.raw
        content: list[str] = []
        indent = last = -1
        i = number  # raw index of the line below the header
        while i < len(raw):
            line = raw[i]
            body = line.lstrip(" ")
            at = len(line) - len(body)
            if not body:
                if indent < 0 or at > indent:
                    raise _Outside
                content.append("")
            elif indent < 0:
                if at <= parent:
                    raise _Outside  # an empty block scalar
                indent = at
                content.append(body)
                last = i
            elif at == indent:
                content.append(body)
                last = i
            elif at > indent:
                raise _Outside
            else:
                if body[0] == "#":
                    raise _Outside
                break
            i += 1
        if indent < 0:
            raise _Outside
        while content and not content[-1]:
            content.pop()
        if style == "|":
            value = "\n".join(content)
        else:
            value, blank = content[0], 0
            for line in content[1:]:
                if not line:
                    blank += 1
                    continue
                value += ("\n" * blank if blank else " ") + line
                blank = 0
        if chomp != "-" and last < len(raw) - 1:  # clip keeps the last line break, if any
            value += "\n"
        # the first content line below is the first one past the scalar's last line
        end = pos + 1
        while end < len(self.lines) and self.lines[end][0] <= i:
            end += 1
        return ScalarNode(value, style, number, column), end

    def inline(self, text: str, number: int, column: int) -> Node:
        """A value written on the rest of a line: a scalar, [list] or {mapping}."""
        first = text[0]
        node: Node
        if first == "[":
            node, end = self.flow_sequence(text, number, column)
        elif first == "{":
            node, end = self.flow_mapping(text, number, column)
        elif first == '"' or first == "'":
            node, end = _quoted(text, 0, number, column)
        else:
            return _plain(text, number, column)
        if not _COMMENT_OR_END.match(text, end):
            raise _Outside
        return node

    def flow_sequence(self, text: str, number: int, column: int) -> tuple[SequenceNode, int]:
        items: list[Node] = []
        i = _skip(text, 1)
        if i < len(text) and text[i] == "]":
            return SequenceNode(items, number, column), i + 1
        while True:
            item, i = _flow_scalar(text, i, number, column)
            items.append(item)
            closed, i = _after_item(text, i, "]")
            if closed:
                return SequenceNode(items, number, column), i

    def flow_mapping(self, text: str, number: int, column: int) -> tuple[MappingNode, int]:
        pairs: list[tuple[Node, Node]] = []
        seen: set[str] = set()
        i = _skip(text, 1)
        if i < len(text) and text[i] == "}":
            return MappingNode(pairs, number, column), i + 1
        while True:
            m = _FLOW_KEY.match(text, i)
            if m is None or m[1] in seen:
                raise _Outside
            seen.add(m[1])
            key = ScalarNode(m[1], "", number, column + i)
            value, i = _flow_scalar(text, m.end(), number, column)
            pairs.append((key, value))
            closed, i = _after_item(text, i, "}")
            if closed:
                return MappingNode(pairs, number, column), i


def _after_item(text: str, i: int, closer: str) -> tuple[bool, int]:
    """After an item of a flow collection: (True, past the closer) at its end, or (False, at
    the next item) after a comma."""
    i = _skip(text, i)
    if i < len(text) and text[i] == closer:
        return True, i + 1
    if i >= len(text) or text[i] != ",":
        raise _Outside
    return False, _skip(text, i + 1)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _quoted(text: str, i: int, number: int, column: int) -> tuple[ScalarNode, int]:
    if text[i] == '"':
        m = _DOUBLE.match(text, i)
        if m is None:
            raise _Outside  # other escapes, or a string that goes on to the next line
        value = _ESCAPE.sub(r"\1", m[1]) if "\\" in m[1] else m[1]
    else:
        m = _SINGLE.match(text, i)
        if m is None:
            raise _Outside
        value = m[1].replace("''", "'")
    return ScalarNode(value, text[i], number, column + i), m.end()


def _flow_scalar(text: str, i: int, number: int, column: int) -> tuple[ScalarNode, int]:
    if i < len(text) and text[i] in "\"'":
        return _quoted(text, i, number, column)
    m = _FLOW_PLAIN.match(text, i)
    if m is None:
        raise _Outside
    return ScalarNode(m[0], "", number, column + i), m.end()


def _plain(text: str, number: int, column: int) -> ScalarNode:
    """A plain scalar up to a comment. Anything that could be a mapping inside a value, or an
    indicator at its start, is left to libyaml."""
    first = text[0]
    if first in _INDICATORS or (first == "-" and not text[1:2].isdigit()):
        raise _Outside
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if ": " in value or value.endswith(":"):
        raise _Outside
    return ScalarNode(value, "", number, column)
