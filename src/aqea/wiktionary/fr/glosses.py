"""Which sense a ``{{trad-début|gloss|number}}`` or ``{{(|gloss|number}}`` list belongs to.

A wrong attachment is worse than none, so the answer is a sense number only when it is unique:

1. the gloss is compared with each sense (lower-cased words, punctuation and stop words dropped):
   equal, then "the sense starts with the gloss", then "every word of the gloss is in the sense
   (its labels included)"; the first rule that matches any sense decides, and two senses
   matching it give no match;
2. the page's own number (2nd parameter) is used when the page has that sense and the gloss does
   not point to another one; a number the page does not have is ignored.
Otherwise the relations get sense "" (the whole entry).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aqea.model import Sense
from aqea.wiktionary.fr.tables import STOP_WORDS

_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Content words of ``text``, lower-cased."""
    return [w for w in _WORD_RE.findall(text.casefold()) if w not in STOP_WORDS]


def match_sense(gloss: str, labels: Sequence[str], number: str, senses: Sequence[Sense]) -> str:
    """The number of the sense the gloss (and labels) or the page's number name, else ""."""
    by_gloss = _by_gloss(gloss, labels, senses)
    numbers = {s.number for s in senses}
    if number in numbers:
        return number if by_gloss in ("", number) else ""
    return by_gloss


def _by_gloss(gloss: str, labels: Sequence[str], senses: Sequence[Sense]) -> str:
    wanted = words(" ".join([*labels, gloss]))
    if not wanted:
        return ""
    sense_words = [(s.number, words(s.gloss), words(" ".join(s.labels))) for s in senses]
    rules = (
        lambda g, lb: g == wanted or lb + g == wanted,
        lambda g, lb: len(g) > len(wanted) and g[: len(wanted)] == wanted,
        lambda g, lb: set(wanted) <= set(g) | set(lb),
    )
    for rule in rules:
        hits = [n for n, g, lb in sense_words if rule(g, lb)]
        if hits:
            return hits[0] if len(hits) == 1 else ""
    return ""
