"""The kill rate of `make mutate`, by module and by stage, from mutmut's results in mutants/.

    python -m tests.mutation_report            # after `mutmut run`

A mutant is one planted one-line bug; it is killed when a test fails, survives when every
test passes. A mutant that no selected test runs counts as survived: code no test reaches is
code whose bugs no test catches. Timeouts count as killed (the bug made the tests hang)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255, 37}
SURVIVED = {0}
NO_TESTS = {5, 33}


def results(folder: Path) -> dict[str, Counter[str]]:
    """For each mutated module, how many of its mutants were killed, survived, had no test."""
    found: dict[str, Counter[str]] = {}
    for meta in sorted(folder.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        module = meta.relative_to(folder).as_posix().removesuffix(".py.meta")
        count: Counter[str] = Counter()
        for code in codes.values():
            count["killed" if code in KILLED else "survived" if code in SURVIVED
                  else "no tests" if code in NO_TESTS else "not run" if code is None else "other"] += 1
        found[module] = count
    return found


def rate(count: Counter[str]) -> float:
    judged = count["killed"] + count["survived"] + count["no tests"]
    return count["killed"] / judged if judged else 1.0


def table(found: dict[str, Counter[str]]) -> str:
    rows = ["| module | mutants | killed | survived | no test | kill rate |",
            "|---|---:|---:|---:|---:|---:|"]
    stages: dict[str, Counter[str]] = {}
    for module, count in found.items():
        stages.setdefault(module.rsplit("/", 1)[0] + "/", Counter()).update(count)
        rows.append(f"| `{module}.py` | {sum(count.values())} | {count['killed']} | {count['survived']} | "
                    f"{count['no tests']} | {rate(count):.0%} |")
    for stage, count in sorted(stages.items()):
        rows.append(f"| **`{stage}`** | {sum(count.values())} | {count['killed']} | {count['survived']} | "
                    f"{count['no tests']} | **{rate(count):.1%}** |")
    return "\n".join(rows)


def main() -> int:
    found = results(Path("mutants"))
    if not found:
        print("no results in mutants/: run `mutmut run` first", file=sys.stderr)
        return 1
    print(table(found))
    unjudged = sum(count["not run"] + count["other"] for count in found.values())
    if unjudged:
        print(f"{unjudged} mutants were not judged (did mutmut stop early? see its output)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
