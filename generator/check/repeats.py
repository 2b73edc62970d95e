"""A sentence an article says twice: the same words (case, punctuation and citation markers
aside), or nine in ten of its words in the same order and the same numbers. Machine-written
summaries do this, and a desk wants to know: a warning at the second, naming the line of the
first. A sentence that gives another number says something else, and is no repeat."""

from __future__ import annotations

import difflib
import re
import string

from generator.model import Article
from generator.problems import Problems

SHORTEST = 6  # words: "He said so." twice is no repeat worth a word
ALIKE = 0.9  # of the longer sentence's words, in the same order
# A sentence ends at . ! or ? (and a closing quote or bracket) before a space and a capital, a
# digit or an opening quote. (A paragraph's white space is folded to single spaces.)
_END = re.compile(r"[.!?][\"”’)\]]? +(?=[\"“‘(]?[A-Z0-9])")
_MARKER = re.compile(r"\[\d[\d,\s–-]*\]")
# Punctuation as spaces, in one pass in C (a table of single characters is translate's quick path)
_NOT_WORD = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’«»—–…", " "))


def check_repeats(article: Article, problems: Problems) -> None:
    """Warn at each sentence that repeats an earlier one of the article."""
    exact: dict[str, int] = {}
    # Only sentences that begin or end with the same two words are compared word by word: nine
    # words in ten the same leave one end as it was (a repeat changed at both ends is missed),
    # and comparing every pair costs seconds at 10,000 sheets. (Written for speed: this runs
    # for every sentence of every article, 290,000 at 10,000 sheets: each paragraph is made
    # lower-case words in three passes in C, its sentences apart at \x01.)
    by_end: dict[str, list[tuple[int, list[str], list[str]]]] = {}
    for paragraph in article.paragraphs:
        line, text = paragraph.line, paragraph.text
        marked = _END.sub(" \x01 ", _MARKER.sub(" ", text) if "[" in text else text)
        words_of = marked.lower().translate(_NOT_WORD).split("\x01")
        for n, plain in enumerate(words_of):
            words = plain.split()
            if len(words) < SHORTEST:
                continue
            key = " ".join(words)
            first = exact.get(key)
            start, end = words[0] + " " + words[1], words[-2] + " " + words[-1] + ">"
            if first is None and (start in by_end or end in by_end):
                numbers = [w for w in words if w[0].isdigit()]  # (another number: another statement)
                first = next((seen for place in (start, end) for seen, other, its in by_end.get(place, ())
                              if its == numbers and _alike(other, words)), None)
            if first is not None:
                sentence = _END.sub("\x01", text).split("\x01")[n]  # (its words: the paragraph's)
                shown = sentence if len(sentence) <= 60 else sentence[:57] + "..."
                problems.warning(article.path, line, 0,
                                 f"this sentence repeats the one at line {first}: {shown!r}")
                continue
            exact[key] = line
            numbers = [w for w in words if w[0].isdigit()]
            by_end.setdefault(start, []).append((line, words, numbers))
            by_end.setdefault(end, []).append((line, words, numbers))


def _alike(a: list[str], b: list[str]) -> bool:
    longer = max(len(a), len(b))
    if min(len(a), len(b)) < ALIKE * longer:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) >= ALIKE * longer
