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
# Weights: a hypernym says what the thing *is*; a WordNet lexicographer file is curated per sense like one (but
# coarser: on a tie the hypernym, met first, wins); a topic category is curated; a label may be one sense's.
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


def _is_primary(sense: str, first_sense: str) -> bool:
    """A signal about the whole entry or its first sense says most about what the word is."""
    return sense in ("", first_sense) or sense.split(",")[0].strip() == first_sense


def _signals(lexeme: Lexeme) -> Iterator[tuple[str, str, bool]]:
    first = lexeme.senses[0].number if lexeme.senses else ""
    for kind, target, _language, sense, _note in lexeme.relations:
        if kind == "hypernym":
            yield "hypernym", target, _is_primary(sense, first)
    # WordNet words: one lexicographer file per sense ("noun.animal"), in sense order (wordnet/lexemes.py)
    for i, lexfile in enumerate(lexeme.extra.get("lexfiles", ()) or ()):
        yield "lexfile", str(lexfile), i == 0
    for i, sense in enumerate(lexeme.senses):
        for label in sense.labels:
            yield "label", label, i == 0
    for topic in lexeme.extra.get("topics", ()) or ():
        yield "topic", str(topic), True


def assign_subcategory(lexeme: Lexeme) -> SubcategoryChoice:
    """Highest weighted vote over the entry's signals; ties go to the signal met first.

    Signals about the first sense or the whole entry count double: a word is first what its first sense says.
    """
    scores: dict[int, int] = {}
    first_signal: dict[int, str] = {}
    for kind, value, primary in _signals(lexeme):
        code = _match(kind, value)
        if code is None:
            continue
        scores[code] = scores.get(code, 0) + _WEIGHTS[kind] * (2 if primary else 1)
        first_signal.setdefault(code, f"{kind}:{value}")
    if not scores:
        return SubcategoryChoice(GENERAL, subcategory_name(GENERAL), "")
    best = max(scores, key=lambda c: (scores[c], -list(first_signal).index(c)))
    return SubcategoryChoice(best, subcategory_name(best), first_signal[best])


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
