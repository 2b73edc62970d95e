"""Content problems: one type for everything wrong with the input, collected, then reported once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Level = Literal["error", "warning"]


class Problem(NamedTuple):
    """One problem in one file, printed as ``path:line:col: level: message``."""

    path: str
    line: int
    col: int
    level: Level
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Problems:
    """A collector that every stage appends to, so one run reports every problem at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, line, col, "error", message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, line, col, "warning", message))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def summary(self) -> str:
        return f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"


class ContentError(Exception):
    """Raised when the content has errors; carries every problem found, already sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.level == 'error' for p in problems)} content error(s)")
        self.problems = problems


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
