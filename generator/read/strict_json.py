"""Reading JSON content strictly and quickly: the standard library's C parser, with a key given
twice and NaN or Infinity refused, and, for a message about a value, where the value stands
(line and column) found again in the text only then. Source records are JSON for this:
parsing one takes a tenth of the time of the YAML reader, and a site has 30,000 of them."""

from __future__ import annotations

import json
import re
from typing import Any

Where = tuple[str | int, ...]  # keys and list positions from the top to a value
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonProblem(Exception):
    """What is wrong, and where (line and column from 1)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _Twice(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        raise _Twice(next(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return found


class _Constant(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _constant(name: str) -> Any:
    raise _Constant(name)


def load_json(text: str) -> Any:
    """The value the text holds; JsonProblem when it is not plain JSON."""
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except json.JSONDecodeError as e:
        raise JsonProblem(e.lineno, e.colno, f"not valid JSON: {e.msg}") from None
    except _Twice as e:
        key = json.dumps(e.key)
        spots = [m.start() for m in re.finditer(re.escape(key) + r"\s*:", text)]
        line, col = _line_col(text, spots[1] if len(spots) > 1 else 0)
        raise JsonProblem(line, col, f"the key {clip(e.key)!r} is given twice") from None
    except _Constant as e:
        line, col = _line_col(text, max(0, text.find(e.name)))
        raise JsonProblem(line, col, f"{e.name} is not a number JSON allows") from None
    except (ValueError, RecursionError) as e:
        raise JsonProblem(1, 1, f"not valid JSON: {str(e)[:80]}") from None


def locate(text: str, where: Where) -> tuple[int, int]:
    """Line and column of the value at `where` in the JSON text (the deepest part of it found)."""
    at = _skip(text, 0)
    for step in where:
        found = _member(text, at, step) if text.startswith("{", at) else \
            _item(text, at, step) if text.startswith("[", at) else None
        if found is None:
            break
        at = found
    return _line_col(text, at)


def _member(text: str, at: int, key: str | int) -> int | None:
    """Where the value of `key` starts in the object at `at`."""
    at = _skip(text, at + 1)
    while text.startswith('"', at):
        name, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
        at = _skip(text, _skip(text, at) + 1)
        if name == key:
            return at
        at = _after(text, at)
        if not text.startswith(",", at):
            return None
        at = _skip(text, at + 1)
    return None


def _item(text: str, at: int, index: str | int) -> int | None:
    """Where item `index` starts in the list at `at`."""
    at = _skip(text, at + 1)
    for _ in range(index if isinstance(index, int) else -1):
        at = _after(text, at)
        if not text.startswith(",", at):
            return None
        at = _skip(text, at + 1)
    return at if isinstance(index, int) and not text.startswith("]", at) else None


def _after(text: str, at: int) -> int:
    """Past the value at `at`, and the white space after it."""
    end = _DECODER.raw_decode(text, at)[1]
    return _skip(text, end)


def _skip(text: str, at: int) -> int:
    """Past the white space at `at`."""
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _line_col(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def clip(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length - 3] + "..."


def describe(value: Any) -> str:
    """A JSON value as a message names it."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(clip(str(value)))
