"""Signals an entry carries about itself: semantic subcategory (EE) and word frequency.

The subcategory comes from the rule tables in ``taxonomy/subcategories.json`` applied to the entry's own
signals — hypernyms, WordNet lexicographer files, sense labels, topic categories — never from guesses about the word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from aqea.model import Lexeme
from aqea.taxonomy import load_table

GENERAL = 0x00
# Weights within a tier: a hypernym says what the thing *is*; a WordNet lexicographer file is curated per sense like
# one (but coarser: on a tie the hypernym, met first, wins); a topic category is curated; a label may be a register.
_WEIGHTS = {"hypernym": 3, "lexfile": 3, "topic": 2, "label": 1}


@dataclass(frozen=True, slots=True)
class SubcategoryChoice:
    code: int
    name: str
    signal: str  # what decided it, e.g. "hypernym:Tier"; "" for general

    def to_meta(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "signal": self.signal}


@cache
def _rules() -> tuple[dict[str, dict[str, int]], dict[str, list[tuple[str, int]]], dict[int, str]]:
    table = load_table("subcategories")
    exact: dict[str, dict[str, int]] = {}
    suffix: dict[str, list[tuple[str, int]]] = {}
    for kind, rules in table["rules"].items():
        exact[kind] = {k: v for k, v in rules.items() if not k.startswith("*")}
        # longest suffix first, so "*vogel" is tried before a shorter suffix that also matches
        suffix[kind] = sorted(((k[1:], v) for k, v in rules.items() if k.startswith("*")), key=lambda kv: -len(kv[0]))
    names = {int(code, 16): entry["name"] for code, entry in table["subcategories"].items()}
    return exact, suffix, names


def subcategory_name(code: int) -> str:
    return _rules()[2].get(code, f"overflow 0x{code:02X}")


def _match(kind: str, value: str) -> int | None:
    exact, suffix, _ = _rules()
    key = value.strip().lower()
    if key in exact[kind]:
        return exact[kind][key]
    for end, code in suffix[kind]:
        if key.endswith(end) and len(key) > len(end):
            return code
    return None


def _is_first(sense: str, first_sense: str) -> bool:
    """A hypernym tagged ``1`` or ``1, 2`` speaks of the first sense (a subsense ``1a`` or ``1.1`` does not)."""
    return sense == first_sense or sense.split(",")[0].strip() == first_sense


# Tiers of a signal: the first sense's own signals decide before signals about the whole entry; a later sense's
# signals never decide (judged: a later sense's label or hypernym was the commonest error, docs/quality.md).
_FIRST, _ENTRY, _LATER = 0, 1, 2


def _signals(lexeme: Lexeme) -> Iterator[tuple[str, str, int]]:
    first = lexeme.senses[0].number if lexeme.senses else ""
    for kind, target, _language, sense, _note in lexeme.relations:
        if kind == "hypernym":
            yield "hypernym", target, (_ENTRY if sense == "" else _FIRST if _is_first(sense, first) else _LATER)
    # WordNet words: one lexicographer file per sense ("noun.animal"), in sense order (wordnet/lexemes.py)
    for i, lexfile in enumerate(lexeme.extra.get("lexfiles", ()) or ()):
        yield "lexfile", str(lexfile), _FIRST if i == 0 else _LATER
    for i, sense in enumerate(lexeme.senses):
        for label in sense.labels:
            yield "label", label, _FIRST if i == 0 else _LATER
    # a topic is the part of speech's or the whole language section's (wiktionary/en/topics.py): about the entry;
    # a topic that names a class of things ("Colors", "Cats") only says what a noun is, never what a verb does
    set_topics, set_topic_pos = _set_topics()
    for topic in lexeme.extra.get("topics", ()) or ():
        if lexeme.pos in set_topic_pos or str(topic).strip().lower() not in set_topics:
            yield "topic", str(topic), _ENTRY


@cache
def _set_topics() -> tuple[frozenset[str], frozenset[str]]:
    table = load_table("subcategories")["set_topics"]
    return frozenset(table["topics"]), frozenset(table["pos"])


def assign_subcategory(lexeme: Lexeme) -> SubcategoryChoice:
    """Highest weighted vote over the entry's signals, first sense first; ties go to the signal met first.

    The first sense's own signals (its labels, hypernyms tagged with it, its lexicographer file) vote first: a
    word is first what its first sense says. Only when none of them maps to a subcategory do the signals about
    the whole entry (topic categories, hypernyms without a sense) vote. Signals of later senses do not vote.
    """
    tiers: tuple[dict[int, int], dict[int, int]] = ({}, {})
    first_signal: tuple[dict[int, str], dict[int, str]] = ({}, {})
    for kind, value, tier in _signals(lexeme):
        if tier == _LATER:
            continue
        code = _match(kind, value)
        if code is None:
            continue
        tiers[tier][code] = tiers[tier].get(code, 0) + _WEIGHTS[kind]
        first_signal[tier].setdefault(code, f"{kind}:{value}")
    for scores, signals in zip(tiers, first_signal, strict=True):
        if scores:
            order = list(signals)
            best = max(scores, key=lambda c: (scores[c], -order.index(c)))
            return SubcategoryChoice(best, subcategory_name(best), signals[best])
    return SubcategoryChoice(GENERAL, subcategory_name(GENERAL), "")


@cache
def _wordfreq_languages() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.available_languages())


def frequency_of(lemma: str, language: str) -> float | None:
    """Zipf frequency (log10 of occurrences per billion words, 0-8), or None when wordfreq has no list for
    the language (it would silently use a *related* language).

    wordfreq's 'small' lists: words of Zipf >= 3 (one per million words) get their frequency, rarer ones 0.0.
    The 'best' lists cost ~50 MB per language in every parser process (German pages carry sections in
    dozens of languages), which broke the flat-memory budget; the order of frequent words is what matters.
    """
    if language not in _wordfreq_languages() or language in _failed_languages:
        return None
    import wordfreq

    try:
        return round(wordfreq.zipf_frequency(lemma, language, wordlist="small"), 2)
    except Exception:  # ja/zh/ko need optional tokenizers (MeCab, jieba) that are not installed
        _failed_languages.add(language)
        return None


_failed_languages: set[str] = set()
