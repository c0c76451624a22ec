"""Matching a gloss (translation table, ``{{sense|…}}`` prefix) to one sense of the POS.

Glosses of translation tables (``{{trans-top|…}}``) and of ``{{sense|…}}`` prefixes in
synonym-style sections are attached to a sense only when the match is unique. Glosses and
senses are compared as lower-cased word sequences (punctuation and markup dropped), in this
order; the first rule that matches any sense decides, and two or more senses matching it
give "" (no fall-through to weaker rules):
1. exact: the gloss equals the sense gloss, or "labels gloss" ("slang: to leave");
2. clause: the gloss equals one clause of the sense gloss (split at ";" and ",");
3. prefix: the sense gloss starts with the gloss (whole words);
4. word overlap: every content word of the gloss (light stemming, stop words dropped) occurs
   in the sense gloss or its labels;
otherwise sense = "" (whole entry). A wrong attachment is worse than none: a looser
"most words in common" rule was tried on the sample and attached about one gloss in twelve
to the wrong sense (e.g. "right-hand side of a vessel" to "the left-hand side …"), so it is
not used."""

from __future__ import annotations

import re

from aqea.wiktionary.en.common import _MSense

_WORD_RE = re.compile(r"\w+")
_CLAUSE_RE = re.compile(r"[;,]")
_STOPWORDS = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "or", "and",
        "be", "is", "are", "that", "which", "who", "whom", "something", "someone", "somebody", "one",
        "etc", "its", "it", "into", "any", "some", "used", "e", "g", "eg", "ie", "i", "this", "such",
        "other", "being", "has", "have", "having", "especially", "usually", "often", "also", "very",
    }
)  # fmt: skip


def _stem(word: str) -> str:
    """Very light stemming so that "places", "placed", "placing" and "place" compare equal."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


class _SenseIndex:
    """Normalised sense glosses for matching translation-table / {{sense}} glosses (rules in the
    module docstring). Built lazily: most sections never need it."""

    def __init__(self, senses: list[_MSense]) -> None:
        self.senses = senses
        self._entries: list[tuple[str, str, str, list[str]]] | None = None
        self._content: list[set[str]] | None = None
        self.cache: dict[str, str] = {}

    @property
    def entries(self) -> list[tuple[str, str, str, list[str]]]:
        """(number, gloss words, "labels gloss" words, clauses) per sense with a gloss."""
        if self._entries is None:
            entries: list[tuple[str, str, str, list[str]]] = []
            for s in self.senses:
                if not s.gloss:
                    continue
                norm = " ".join(_tokens(s.gloss))
                labelled = f"{' '.join(_tokens(' '.join(s.labels)))} {norm}" if s.labels else norm
                clauses = (
                    [" ".join(_tokens(c)) for c in _CLAUSE_RE.split(s.gloss)] if _CLAUSE_RE.search(s.gloss) else []
                )
                entries.append((s.number, norm, labelled, clauses))
            self._entries = entries
        return self._entries

    @property
    def content(self) -> list[set[str]]:
        """Stemmed content words (gloss and labels) per entry."""
        if self._content is None:
            self._content = [
                {_stem(t) for t in labelled.split() if t not in _STOPWORDS}
                for _number, _norm, labelled, _clauses in self.entries
            ]
        return self._content

    def match(self, gloss: str) -> str:
        """Sense number the gloss identifies uniquely, else "" (see the module docstring)."""
        if not gloss or not self.senses:
            return ""
        hit = self.cache.get(gloss)
        if hit is not None:
            return hit
        result = self._match(gloss) if self.entries else ""
        self.cache[gloss] = result
        return result

    def _match(self, gloss: str) -> str:
        toks = _tokens(gloss)
        if not toks:
            return ""
        norm = " ".join(toks)
        entries = self.entries
        exact = [e[0] for e in entries if e[1] == norm or e[2] == norm]
        if exact:
            return exact[0] if len(exact) == 1 else ""
        clause = [e[0] for e in entries if norm in e[3]]
        if clause:
            return clause[0] if len(clause) == 1 else ""
        prefix = norm + " "
        pref = [e[0] for e in entries if e[1].startswith(prefix)]
        if pref:
            return pref[0] if len(pref) == 1 else ""
        words = {_stem(t) for t in toks if t not in _STOPWORDS}
        if not words:
            return ""
        full = [e[0] for e, content in zip(entries, self.content, strict=True) if words <= content]
        return full[0] if len(full) == 1 else ""


_NO_SENSES = _SenseIndex([])
