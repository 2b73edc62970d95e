"""What the draft says of a figure besides its number: who states it (claimant), a short
label from its sentence, and the existing series it most likely reports."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.authoring.quantities import SYMBOL_UNITS, Found
from generator.authoring.sentences import MONTH, STOP, words
from generator.read.figures import LONGEST


@dataclass
class SeriesHint:
    """What is known of an existing series: its unit and the words of its title and labels."""

    slug: str
    unit: str
    words: set[str] = field(default_factory=set)


_BY_AFTER = re.compile(r"\baccording to (?:the )?(?P<who>[^,.;:()]{3,120})", re.IGNORECASE)
_BY_VERB = re.compile(r"(?:^|[,;]\s*|\s)(?P<who>(?:[Tt]he )?[A-Z][^,.;:()]{1,120}?)\s+"
                      r"(?:said|says|estimated|estimates|reported|reports|told|found|expects|believes)\b")
# "was projected by the budget office": the agent of a verb in the passive
_BY_PASSIVE = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+)?"
                         r"(?:\w+ed|\w+en|said|made|put|set|shown|seen|known|told|found)\s+by\s+"
                         r"(?:the\s+)?(?P<who>[^,.;:()]{3,120})")
# No claimant begins with a pronoun, a demonstrative or a quantifier ("This surge", "It", "They",
# "Some"): what it stands for is in another sentence.
_NOT_FIRST = frozenset(words("he she they them it its we our i you this that these those there which who "
                             "whom such some many most both each all another other one his her their "
                             "what"))
# Groups named in lower case that do state figures ("officials said", "western analysts estimated")
GROUPS = frozenset(words("officials analysts lawmakers legislators experts diplomats economists "
                         "researchers scientists investigators authorities prosecutors police "
                         "residents witnesses activists monitors observers sources forecasters "
                         "regulators"))
_WHO_END = re.compile(r"\s+(?:on|in|last|this|who|which|that|at|after|before)\b.*$")
_VERBS = r"(?:said|says|estimated|estimates|reported|reports|told|found|expects|believes)"
_BY_GROUP = re.compile(rf"(?P<who>\b(?:[a-z]+\s+)?(?:{'|'.join(sorted(GROUPS))}))\s+{_VERBS}\b")


def claimant(text: str) -> str:
    """Who the sentence says states it: "according to X", "X said", "... was estimated by X";
    "" when it names no one (a pronoun or "this report" names no one: see _NOT_FIRST)."""
    for m in (_BY_AFTER.search(text), _BY_PASSIVE.search(text), *_BY_VERB.finditer(text),
              _BY_GROUP.search(text)):
        if m is None:
            continue
        who = _WHO_END.sub("", m["who"].strip())
        who = re.sub(r"^(?:[Tt]he)\s+", "", who)
        named = who.split() or [""]
        first, last = named[0].lower(), named[-1].lower()
        if len(who) < 3 or first in _NOT_FIRST:
            continue
        if not any(w[:1].isupper() for w in who.split()) and last not in GROUPS:
            continue
        if len(who.split()) > 8 or len(who) > LONGEST["by"]:
            continue
        return who
    return ""


LABEL_CUT = re.compile(r"[,;:.(]|\s(?:said|says|according|the agency|officials|which|who)\b"
                        r"|\s(?:and\s+)?(?:[$€£]|\d)"
                        rf"|\s(?:since|in|on|by|until|from|as of)\s+(?:{MONTH}(?!\w)|\d)")
_LABEL_TRIM = re.compile(r"(?:^|\s+)(?:rose|fell|reached|was|were|is|are|has|have|had|of|to|by|"
                         r"at|with|from|and|or|about|around|some|nearly|almost|up|more|than|over|"
                         r"roughly|an|estimated|the|a|in|for|on|made|fewer|less|between|be|been|"
                         r"will|would|could|as|much|many|least|its|their|this|that|since|until|"
                         r"due|record)$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def trimmed(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-")
    while (shorter := _LABEL_TRIM.sub("", text)) != text:
        text = shorter
    return text


def label_of(text: str, found: Found) -> str:
    """A short label from the sentence: what the unit counts ("13,391 megawatts of battery
    storage" -> "Battery storage"), the unit and what follows it ("troops to Russia's Kursk
    region"), else the words before the number ("consumer prices in Britain rose")."""
    after = text[found.unit_end:]
    cut = LABEL_CUT.search(after)
    after = trimmed(" ".join(after[:cut.start() if cut else len(after)].split()[:8]))
    before = " ".join(text[:found.start].split())
    cut_before = max(before.rfind(", "), before.rfind("; "))
    before = trimmed(before[cut_before + 1:] if cut_before >= 0 else before)
    before = " ".join(before.split()[-9:])
    noun_after = bool(after) and after.split()[0].lower() not in STOP and after[0].islower()
    unit = "" if found.unit in SYMBOL_UNITS else found.unit
    if unit and after.lower().startswith("of "):
        label = after[3:]
    elif unit and after and len(after.split()) >= 2:
        label = f"{unit} {after}"
    elif not unit and noun_after:  # "€50bn package of support for Ukraine"
        label = after
    elif before:
        label = f"{before} ({unit})" if unit and unit not in before.lower() else before
    else:
        label = f"{unit} {after}".strip()
    label = _LEADING_ARTICLE.sub("", trimmed(" ".join(label.split()[:12]))) or "Figure"
    return (label[0].upper() + label[1:])[:LONGEST["label"]]


_CONTENT_WORD = re.compile(r"[a-z]{3,}")


def content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _CONTENT_WORD.findall(text.lower()) if w not in STOP}


# What happened to what a figure counts: troops sent are not troops wounded, though both are
# "troops". (As content_words gives them: lower case, a final "s" dropped.)
MEASURES = frozenset(w.rstrip("s") for w in words(
    "wounded injured hurt killed dead died deaths casualties missing captured sent deployed "
    "dispatched stationed produced made shipped exported imported sold delivered fired launched "
    "displaced fled evacuated arrested detained lost cut hired built destroyed damaged"))


def series_for(unit: str, words: set[str], hints: Sequence[SeriesHint]) -> str:
    """The existing series a figure most likely reports: the same unit, words in common with
    its title and labels (at least two, or a third of the figure's), and, when the figure's
    sentence says what happened to what it counts (MEASURES), the same happening."""
    best, best_score = "", 0.0
    measured = words & MEASURES
    for hint in hints:
        if not unit or hint.unit.lower() != unit.lower():
            continue
        if measured and hint.words & MEASURES and not measured & hint.words:
            continue  # ("wounded" and "killed" do not report "sent")
        shared = len(words & hint.words)
        score = shared / max(1, len(words))
        if shared >= 2 and score >= 1 / 3 and score > best_score:
            best, best_score = hint.slug, score
    return best
