"""How well `factsheet draft` finds the figures a person picked: the labelled set is the example
content and the articles in tests/fixtures/draft/, each with its hand-made figures file.

    python -m tests.draft_eval        # the figures for the README, and each miss

A hand-picked figure is found with the right value and source when a proposal has its value
and its sources; with the right qualifier and unit when that proposal also has its qualifier
and unit (the case of the unit aside). A proposal that has the value of no hand-picked
figure of its article is a false proposal.

Claimants: each hand-picked figure whose sentence names who states it has `by` in the
article's words (none when the sentence names no one, or only "the agency" of an earlier
sentence). Its claimant is right when the proposal found for it names the same one: the words
of one are among the other's ("UK Met Office" in "Scientists at the UK Met Office"). A
proposal that names a claimant where the hand-picked figure has none is a false claimant."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring.draft import Proposal, propose
from generator.model import Figure
from generator.problems import Problems
from generator.read.content import Settings, read_article
from generator.read.figures import load_figures

REPO = Path(__file__).resolve().parent.parent
# The draft was tuned on the first two sets; the third was written at the same time, before
# the draft's code, and left unseen while it was tuned.
SETS = {"example content": REPO / "content/articles",
        "tuning": REPO / "tests/fixtures/draft/tuning",
        "unseen": REPO / "tests/fixtures/draft/unseen"}


@dataclass
class Score:
    picked: int = 0  # hand-picked figures
    value_source: int = 0
    qualifier_unit: int = 0
    proposed: int = 0
    false: int = 0
    claimed: int = 0  # hand-picked figures with a claimant (by)
    claimant: int = 0  # ... whose proposal names the same one
    false_claimant: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.picked += other.picked
        self.value_source += other.value_source
        self.qualifier_unit += other.qualifier_unit
        self.proposed += other.proposed
        self.false += other.false
        self.claimed += other.claimed
        self.claimant += other.claimant
        self.false_claimant += other.false_claimant
        self.misses += other.misses

    def line(self, name: str) -> str:
        return (f"{name}: {self.picked} figures picked by hand, {self.proposed} proposed; "
                f"value and source {self.value_source / self.picked:.0%}, qualifier and unit "
                f"{self.qualifier_unit / self.picked:.0%}, false proposals "
                f"{self.false / max(1, self.proposed):.0%}; claimant right "
                f"{self.claimant}/{self.claimed} ({self.claimant / max(1, self.claimed):.0%}), "
                f"false claimants {self.false_claimant}")


def _same(figure: Figure, proposal: Proposal) -> bool:
    return tuple(map(float, figure.value)) == tuple(map(float, proposal.value))


def _names(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w]+", text.casefold().replace("'s", "")) if w != "the"}


def same_claimant(hand: str, proposed: str) -> bool:
    """The same claimant: the words of one are among the other's."""
    a, b = _names(hand), _names(proposed)
    return bool(a and b) and (a <= b or b <= a)


def score_article(article_path: Path) -> Score:
    problems = Problems()
    article = read_article(str(article_path), article_path.stem, Settings(), problems)
    hand = load_figures(article_path.with_suffix(".yaml").read_text(encoding="utf-8"),
                        str(article_path.with_suffix(".yaml")), problems)
    assert article is not None and hand is not None and not problems.errors, problems.items
    proposals = propose(article).figures
    score = Score(picked=len(hand.figures), proposed=len(proposals),
                  claimed=sum(1 for f in hand.figures if f.by))
    for figure in hand.figures:
        same = [p for p in proposals if _same(figure, p) and set(p.sources) == set(figure.sources)]
        if not same:
            score.misses.append(f"{article_path.name}: missed {figure.label!r} "
                                f"({figure.value}, source {figure.sources})")
            continue
        score.value_source += 1
        if figure.by and same_claimant(figure.by, same[0].by):
            score.claimant += 1
        elif figure.by:
            score.misses.append(f"{article_path.name}: {figure.label!r}: by {same[0].by!r}, by hand "
                                f"{figure.by!r}")
        elif same[0].by:
            score.false_claimant += 1
            score.misses.append(f"{article_path.name}: {figure.label!r}: by {same[0].by!r}, none by hand")
        if any(p.qualifier == figure.qualifier and p.unit.lower() == figure.unit.lower() for p in same):
            score.qualifier_unit += 1
        else:
            score.misses.append(f"{article_path.name}: {figure.label!r}: qualifier/unit "
                                f"{same[0].qualifier!r} {same[0].unit!r}, by hand "
                                f"{figure.qualifier!r} {figure.unit!r}")
    for proposal in proposals:
        if not any(_same(f, proposal) for f in hand.figures):
            score.false += 1
            score.misses.append(f"{article_path.name}: not a figure: {proposal.quote!r} "
                                f"({proposal.value})")
    return score


def score_set(folder: Path) -> Score:
    total = Score()
    for article in sorted([*folder.glob("*.txt"), *folder.glob("*.md")]):
        total.add(score_article(article))
    return total


def main() -> None:
    everything = Score()
    for name, folder in SETS.items():
        score = score_set(folder)
        everything.add(score)
        print(score.line(name))
        if "-v" in sys.argv and name != "unseen":
            print("\n".join(f"  {miss}" for miss in score.misses))
    print(everything.line("all"))


if __name__ == "__main__":
    main()
