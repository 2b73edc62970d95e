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
    sheets: set[str] = field(default_factory=set)  # the sheets that report in it


# The verbs of saying and estimating a claimant is the subject of, in every tense a report uses
_VERBS = (r"(?:say|says|said|estimate|estimates|estimated|report|reports|reported|told|find|finds|found"
          r"|expect|expects|expected|believe|believes|believed|project|projects|projected|forecast"
          r"|forecasts|predicted|calculated|counted|put|accused|accuse|alleged|allege|claimed|claim|claims)")
# ... after an auxiliary or an adverb ("have estimated", "had expected", "now say")
_AUXILIARY = r"(?:\s+(?:have|has|had|now|also|still|previously|earlier|had\s+previously))*"
_BY_AFTER = re.compile(r"\baccording to (?:the |an? )?(?P<who>[^,.;:()]{3,120})", re.IGNORECASE)
# (a name may hold initials: "The U.S. and South Korean militaries")
_BY_VERB = re.compile(r"(?:^|[,;]\s*|\s)(?P<who>(?:[Tt]he )?[A-Z](?:\b[A-Z]\.|[^,.;:()]){1,120}?)"
                      rf"{_AUXILIARY}\s+{_VERBS}\b")
# "was projected by the budget office": the agent of a verb in the passive
_BY_PASSIVE = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+)?"
                         r"(?:\w+ed|\w+en|said|made|put|set|shown|seen|known|told|found)\s+by\s+"
                         r"(?:the\s+)?(?P<who>[^,.;:()]{3,120})")
# "..., which the World Bank put at $486 billion": the subject of a relative clause
_BY_WHICH = re.compile(rf"\b(?:which|that)\s+(?:the\s+)?(?P<who>[A-Z][^,.;:()]{{1,80}}?){_AUXILIARY}\s+"
                       rf"{_VERBS}\b")
# No claimant begins with a pronoun, a demonstrative or a quantifier ("This surge", "It", "They",
# "Some"): what it stands for is in another sentence.
NOT_FIRST = frozenset(words("he she they them it its we our i you this that these those there which who "
                             "whom such some many most both each all another other one his her their "
                             "what"))
# Groups named in lower case that do state figures ("officials said", "western analysts estimated")
GROUPS = frozenset(words("officials analysts lawmakers legislators experts diplomats economists "
                         "researchers scientists investigators authorities prosecutors police "
                         "residents witnesses activists monitors observers sources forecasters "
                         "regulators ministers agencies organisations organizations "
                         "investors traders"))
_WHO_END = re.compile(r"\s+(?:on|in|last|this|who|which|that|at|after|before|polled|surveyed|asked)\b.*$")
_BY_GROUP = re.compile(rf"(?P<the>\b[Tt]he\s+)?(?P<who>\b(?:[A-Za-z]+\s+)?(?:{'|'.join(sorted(GROUPS))}))"
                       rf"(?:\s+(?:polled|surveyed|asked|consulted)\b[^,.;:()]{{0,40}}?)?{_AUXILIARY}\s+{_VERBS}\b")


def claimant(text: str) -> str:
    """Who the sentence says states it: "according to X", "X said", "... was estimated by X",
    "which X put at"; "" when it names no one: a pronoun or "this report" (see NOT_FIRST), or
    "the agency" of an earlier sentence (a description in lower case of a word or two)."""
    for m in (_BY_AFTER.search(text), _BY_PASSIVE.search(text), *_BY_VERB.finditer(text),
              _BY_WHICH.search(text), *_BY_GROUP.finditer(text)):
        if m is None:
            continue
        who = _WHO_END.sub("", m["who"].strip())
        who = re.sub(r"^(?:[Tt]he)\s+", "", who)
        named = who.split() or [""]
        first, last = named[0].lower(), named[-1].lower()
        if len(who) < 3 or first in NOT_FIRST or last in ("been", "be", "is", "are", "was", "were"):
            continue  # (a pronoun, or a verb in the passive: "was claimed")
        if "the" in m.groupdict() and m["the"] and len(named) == 1:
            continue  # ("the agencies said": those of an earlier sentence)
        # A name has a capital; otherwise a group ("officials"), a possessive ("the state's grid
        # operator") or a description of three words or more ("a global assessment of ...")
        if not any(w[:1].isupper() for w in named) and last not in GROUPS and "'s " not in who \
                and len(named) < 3:
            continue
        if len(named) > 8 or len(who) > LONGEST["by"]:
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
# "The agency reported that ...", "... coincides with reports that ...": what is said, not that
# it was said
REPORTED = re.compile(r"^.*?\b(?:said|says|told \w+|reported|reports|estimated?|estimates|believes|"
                      r"claims|suggests?|shows|showed)\b(?:\s+on\s+\w+)?\s+(?:that\s+)?")
# An auxiliary before a participle ("have been wounded", "is producing"): a label is a noun
# phrase without it ("Troops wounded", "North Korea producing artillery shells")
_PARTICIPLE = r"[a-z]+(?:ed|en|ing|nt|wn|de|ld|id|ut|st)"
_AUXILIARY_VERB = re.compile(rf"\b(?:is|are|was|were|has|have|had)(?:\s+been)?\s+(?=(?:\w+ly\s+)?"
                             rf"{_PARTICIPLE}\b)")


def as_noun_phrase(text: str) -> str:
    """Words for a label: without their reporting frame and auxiliaries."""
    return _AUXILIARY_VERB.sub("", REPORTED.sub("", text))


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
    before = " ".join(as_noun_phrase(before).split()[-9:])
    noun_after = bool(after) and after.split()[0].lower() not in STOP and after[0].islower()
    unit = "" if found.unit in SYMBOL_UNITS else found.unit
    # What the quote says after the number: "North Korean troops" for the unit "troops", and
    # the word that says what happened when the unit is read from before ("600 killed")
    said = " ".join(text[found.end:found.unit_end].split())
    if unit and said and not said.lower().startswith("of ") and unit.lower() in said.lower():
        unit = said
    elif unit and said and unit.lower() not in said.lower():
        unit = f"{unit} {said}"
    after = trimmed(as_noun_phrase(after))
    candidates = []
    if unit and after.lower().startswith("of "):
        candidates.append(after[3:])
    if unit and after and (len(after.split()) >= 2 or re.fullmatch(_PARTICIPLE, after)):
        candidates.append(f"{unit} {after}")
    if not unit and noun_after:  # "€50bn package of support for Ukraine"
        candidates.append(after)
    if not unit and (m := re.match(r"(?:in|of|for|as)\s+(?P<what>[a-z][\w' -]+)$", after)):
        candidates.append(m["what"])  # "$8.5 billion in grants"
    if before:
        candidates.append(f"{before} ({unit})" if unit and unit.lower() not in before.lower() else before)
    candidates.append(f"{unit} {after}".strip() if unit and not _FRAGMENT.match(after) else unit)
    for label in candidates:
        label = _LEADING_ARTICLE.sub("", trimmed(" ".join(label.split()[:12])))
        if label and not _FRAGMENT.match(label) and not SAYING.search(label):
            return (label[0].upper() + label[1:])[:LONGEST["label"]]
    return "Figure"


# What a label or a title never starts with: a pronoun, a demonstrative, a relative, a
# preposition or a modal ("It will give Intel", "Which set aside", "In December ...")
_FRAGMENT = re.compile(r"(?:" + "|".join(sorted(NOT_FIRST)) + r"|in|of|by|before|while|after|at|on|"
                       r"from|with|for|to|will|would|could|as|than|and|or|but)\b", re.IGNORECASE)
# ... nor says who said it ("the agency put the losses", "... told lawmakers")
SAYING = re.compile(r"\b(?:said|says|say|told|put)\b\s*(?:\w+\s*)?$|\b(?:said|told)\b", re.IGNORECASE)

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
