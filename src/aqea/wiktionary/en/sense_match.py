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
not used for {{sense}} glosses. Translation tables (:meth:`_SenseIndex.table_match`) add
``{{trans-top|id=}}``/``{{senseid}}``, the single sense of a POS, and a tolerant overlap with
a required majority of the gloss's words and a score margin over every other sense (rules and
measured thresholds: docs/quality.md, "English translation tables on their sense")."""

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
# Words too general to tell senses apart in the tolerant overlap ("of or pertaining to X", "a kind of X").
_WEAK_WORDS = frozenset(
    {"pertaining", "relating", "related", "thing", "things", "kind", "sort", "type", "act", "way", "particular"}
    | {"certain"}
)


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

    def __init__(self, senses: list[_MSense], lemma: str = "") -> None:
        self.senses = senses
        self.lemma = lemma  # its words say nothing about which sense a gloss means ("glass of beer")
        self._entries: list[tuple[str, str, str, list[str]]] | None = None
        self._content: list[set[str]] | None = None
        self._first: list[set[str]] | None = None
        self._bare_entries: list[tuple[str, str, str, list[str]]] | None = None
        self._heads: list[tuple[str, set[str]]] | None = None
        self.cache: dict[str, str] = {}
        self._table_cache: dict[str, tuple[str, str]] = {}

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
    def bare_entries(self) -> list[tuple[str, str, str, list[str]]]:
        """:attr:`entries` with a leading article or "to" dropped from the gloss and each clause."""
        if self._bare_entries is None:
            self._bare_entries = []
            for (number, norm, _labelled, clauses), s in zip(
                self.entries, (s for s in self.senses if s.gloss), strict=True
            ):
                bare = _drop_article(norm)
                labelled = f"{' '.join(_tokens(' '.join(s.labels)))} {bare}" if s.labels else bare
                self._bare_entries.append((number, bare, labelled, [_drop_article(c.strip()) for c in clauses]))
        return self._bare_entries

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
        result = self._match(gloss)[0] if self.entries else ""
        self.cache[gloss] = result
        return result

    def match_table(self, gloss: str, table_id: str = "") -> str:
        """Sense number of a translation table (``{{trans-top|gloss|id=…}}``), else ""."""
        return self.table_match(gloss, table_id)[0]

    def table_match(self, gloss: str, table_id: str = "") -> tuple[str, str]:
        """(sense number, rule that decided) of a translation table; ("", "") when none decides. Rules in order:
        the table's id= equal to one sense's ``{{senseid}}``; the only sense of the POS; the strict gloss rules
        (module docstring), on the gloss and on it without a leading "label:" and parentheses; the tolerant
        overlap (:meth:`_overlap`); then, for what is still open, the gloss's head word (:meth:`_head_word`), a
        sense's whole first clause inside the gloss, the gloss's leading label on one sense only, and words derived
        from each other ("skillful" ~ "skill")."""
        if not self.senses:
            return "", ""
        key = f"{table_id}\x00{gloss}"
        hit = self._table_cache.get(key)
        if hit is None:
            hit = self._table_cache[key] = self._table_match(gloss, table_id)
        return hit

    def _table_match(self, gloss: str, table_id: str) -> tuple[str, str]:
        if table_id:
            by_id = [s.number for s in self.senses if table_id in s.ids]
            if len(by_id) == 1:
                return by_id[0], "id"
        stored = [s for s in self.senses if s.gloss or s.labels]
        if len(stored) == 1:
            return stored[0].number, "single sense"
        if not gloss or not self.entries:
            return "", ""
        number, rule = self._match(gloss)
        if number:
            return number, rule
        bare = _bare(gloss)
        if bare and bare != gloss:
            number, rule = self._match(bare)
            if number:
                return number, rule + " (bare)"
        # the same without articles: "barrier" is "A barrier.", "variety of a language" starts "A variety of a …"
        number, rule = self._match(_drop_article(" ".join(_tokens(bare or gloss))), self.bare_entries)
        if number and (rule != "prefix" or self._only_holder(bare or gloss, number)):
            return number, rule + " (no article)"
        number, rule = self._overlap(bare or gloss)
        if number:
            return number, rule
        number, rule = self._head_word(bare or gloss)
        if number:
            return number, rule
        number, rule = self._first_clause_within(bare or gloss)
        if number:
            return number, rule
        number, rule = self._named_label(gloss, bare)
        if number:
            return number, rule
        return self._derived_words(bare or gloss)

    def _derived_words(self, gloss: str) -> tuple[str, str]:
        """The one sense holding every content word of the gloss, a word also counting when one is the other plus a
        derivational suffix ("skillful" ~ "skill", "small" ~ "smaller"): "skillful" → "Gifted with skill, …"."""
        words = _content(gloss) - _content(self.lemma)
        if not words or _weak(gloss):
            return "", ""
        full = [
            i
            for i, content in enumerate(self.content)
            if all(any(_derived(w, c) for c in content) for w in words)
        ]
        return (self.entries[full[0]][0], "derived words") if len(full) == 1 else ("", "")

    def _named_label(self, gloss: str, bare: str) -> tuple[str, str]:
        """The one sense carrying the label the gloss starts with ("typography: unit of size" → "{{lb|en|
        typography}} a unit of measure equal to 1/12 of a pica"), when it shares a word of the rest of the gloss
        and no other sense shares more."""
        label = gloss.partition(":")[0] if bare and bare != gloss and ":" in gloss else ""
        key = " ".join(_stem(t) for t in _tokens(label))
        if not key:
            return "", ""
        labelled = [
            i
            for i, s in enumerate(s for s in self.senses if s.gloss)
            if any(" ".join(_stem(t) for t in _tokens(lb)) == key for lb in s.labels)
        ]
        if len(labelled) != 1:
            return "", ""
        words = _content(bare) - _content(self.lemma)
        shared = [len(words & content) for content in self.content]
        if not shared[labelled[0]] or shared[labelled[0]] < max(shared):
            return "", ""
        return self.entries[labelled[0]][0], "named label"

    def _first_clause_within(self, gloss: str) -> tuple[str, str]:
        """The one sense whose whole first clause, of two or more content words, is inside the gloss, when no
        other sense shares more of the gloss's words: "positive end result or reward of labour or effort" holds
        "An end result" (fruit, "An end result, effect, or consequence; …")."""
        lemma = _content(self.lemma)
        words = _content(gloss) - lemma
        if len(words) < 2:
            return "", ""
        within = [i for i, first in enumerate(self.clauses) if len(first - lemma) >= 2 and first - lemma <= words]
        if len(within) != 1:
            return "", ""
        shared = [len(words & content) for content in self.content]
        if shared[within[0]] < max(shared):
            return "", ""
        return self.entries[within[0]][0], "first clause within"

    def _match(
        self, gloss: str, entries: list[tuple[str, str, str, list[str]]] | None = None
    ) -> tuple[str, str]:
        """(sense number, rule) by the strict rules of the module docstring; ("", "") when none is unique."""
        toks = _tokens(gloss)
        if not toks:
            return "", ""
        norm = " ".join(toks)
        if entries is None:
            entries = self.entries
        exact = [e[0] for e in entries if e[1] == norm or e[2] == norm]
        if exact:
            return (exact[0], "exact") if len(exact) == 1 else ("", "")
        clause = [e[0] for e in entries if norm in e[3]]
        if clause:
            return (clause[0], "clause") if len(clause) == 1 else ("", "")
        prefix = norm + " "
        pref = [e[0] for e in entries if e[1].startswith(prefix)]
        if pref:
            return (pref[0], "prefix") if len(pref) == 1 else ("", "")
        words = {_stem(t) for t in toks if t not in _STOPWORDS}
        if not words:
            return "", ""
        full = [e[0] for e, content in zip(entries, self.content, strict=True) if words <= content]
        return (full[0], "all words") if len(full) == 1 else ("", "")

    def _only_holder(self, gloss: str, number: str) -> bool:
        """Whether no sense but ``number`` has all the gloss's content words in its first clause: "fruit" starts
        "The fruit of the Tree of Knowledge", but "Any of various tree-borne fruits …" is a fruit too."""
        words = _content(gloss)
        return all(e[0] == number for e, first in zip(self.entries, self.clauses, strict=True) if words <= first)

    @property
    def clauses(self) -> list[set[str]]:
        """Stemmed content words of each entry's first clause (parentheses dropped, up to the first ";", ",", ":"
        or ". ")."""
        if self._first is None:
            self._first = [
                _content(_FIRST_CLAUSE_RE.split(_PARENS_RE.sub(" ", s.gloss), 1)[0]) for s in self.senses if s.gloss
            ]
        return self._first

    def _overlap(self, gloss: str) -> tuple[str, str]:
        """Tolerant match on stemmed content words, the lemma's own words left out of the gloss.

        First the one sense whose first clause has exactly the gloss's words ("abridgement, compendium, abstract"
        → "An abridgment; …"). Else the sense scoring highest (share of the gloss's words found in the sense, plus
        FIRST_CLAUSE_WEIGHT × share of the sense's first clause found in the gloss) when it holds more than half
        of the gloss's words (at least half and two or more, for an even count) and scores at least MARGIN above
        every other sense. Ties and weak overlaps give ("", "")."""
        lemma = _content(self.lemma)
        words = _content(gloss) - lemma
        # weak words ("things", "particular") match nothing but still count in the gloss's size
        size = len(words) + len(_weak(gloss) - lemma)
        if not words:
            return "", ""
        same = [e[0] for e, first in zip(self.entries, self.clauses, strict=True) if first == words]
        if len(same) == 1 and size == len(words):
            return same[0], "first clause"
        scored: list[tuple[float, int, str]] = []
        for (number, *_rest), content, first in zip(self.entries, self.content, self.clauses, strict=True):
            shared = len(words & content)
            if not shared:
                continue
            score = shared / size + (FIRST_CLAUSE_WEIGHT * len(words & first) / len(first) if first else 0.0)
            scored.append((score, shared, number))
        if not scored:
            return "", ""
        scored.sort(reverse=True)
        best, shared, number = scored[0]
        if not (2 * shared > size or (2 * shared == size and shared >= 2)):
            return "", ""
        if len(scored) > 1 and best - scored[1][0] < MARGIN:
            return "", ""
        return number, "overlap"

    @property
    def heads(self) -> list[tuple[str, set[str]]]:
        """Per entry: the head word of its first clause ("An evergreen tree of the genus Citrus" → "tree") and the
        words of the head phrases of all its clauses (cut at ";", ",", ":"), singulars, for :meth:`_head_word`."""
        if self._heads is None:
            self._heads = []
            for s in self.senses:
                if not s.gloss:
                    continue
                clauses = [_head_phrase(c) for c in _HEAD_CLAUSE_RE.split(_PARENS_RE.sub(" ", s.gloss))]
                first = clauses[0] if clauses else []
                self._heads.append((first[-1] if first else "", {w for phrase in clauses for w in phrase}))
        return self._heads

    def _head_word(self, gloss: str) -> tuple[str, str]:
        """The sense whose definition names what the gloss names: the gloss's head word ("fruit" in "fruit of this
        plant", "institution") is the head of exactly one sense's first clause ("The round yellow or orange fruit
        of this plant"), no other sense has that word in the head phrase of any of its clauses (so "A common, round
        fruit produced by …" and "The fruit of the Tree of Knowledge" leave "fruit" unattached), and that sense
        holds more than half the gloss's words (the overlap's floor) and no fewer than any other sense. Words
        after the head ("of", "that", "where" …) and a lead-in "any of", "a kind of" are not the head; a gloss of
        two clauses joined by ";" is not matched this way."""
        if ";" in gloss:  # two meanings in one table ("Sunk to a low condition; down in spirit or hope")
            return "", ""
        phrase = _head_phrase(_FIRST_CLAUSE_RE.split(gloss, 1)[0])
        if not phrase:
            return "", ""
        head = phrase[-1]
        lemma = _content(self.lemma)
        if _stem(head) in lemma:
            return "", ""
        named = [i for i, (first, _all) in enumerate(self.heads) if first == head]
        if len(named) != 1:
            return "", ""
        if any(head in words for i, (_first, words) in enumerate(self.heads) if i != named[0]):
            return "", ""
        words = _content(gloss) - lemma
        size = len(words) + len(_weak(gloss) - lemma)
        shared = [len(words & content) for content in self.content]
        mine = shared[named[0]]
        if not (2 * mine > size or (2 * mine == size and mine >= 2)) or mine < max(shared):
            return "", ""
        return self.entries[named[0]][0], "head word"


# Tolerant-overlap thresholds, chosen by measurement on the English sample (docs/quality.md, "Translation senses").
MARGIN = 0.15
FIRST_CLAUSE_WEIGHT = 0.5
_FIRST_CLAUSE_RE = re.compile(r"[;,:]|\.\s")
_LEADING_LABEL_RE = re.compile(r"^[^:;,()]{1,40}:\s*")
_PARENS_RE = re.compile(r"\([^()]*\)")


_HEAD_CLAUSE_RE = re.compile(r"[;,:]|\.\s")
# Words that end a head phrase: what follows them qualifies the head ("tree of the genus …", "site where …").
_HEAD_END = (_STOPWORDS - {"a", "an", "the", "any", "some", "other", "such", "very", "or", "and"}) | {
    "where", "when", "like", "whose", "than", "but", "not", "if", "so", "whether", "while", "because",
}  # fmt: skip
# Lead-ins before the real head: "any of various units", "a kind of cheese", "one of the four seasons".
_LEAD_IN_RE = re.compile(
    r"^(?:(?:a|an|the|any|one|each|either|some|several|many|various|member|members)\s+)?"
    r"(?:(?:kind|sort|type|form|variety|piece|member|number|group)\s+)?of\s+"
)


def _head_phrase(text: str) -> list[str]:
    """The words of a clause up to the first word that ends its head phrase, singular ("A domesticated plant, in
    species …" → [a, domesticated, plant]; "Any of various fruits or vegetables" → [various, fruit]); [] when
    the phrase ends on an article."""
    norm = _LEAD_IN_RE.sub("", " ".join(_tokens(text)), count=1)
    out: list[str] = []
    for t in norm.split():
        if t in _HEAD_END:
            break
        out.append(_singular(t))
    return out if out and out[-1] not in _ARTICLES and out[-1] not in _STOPWORDS else []


def _singular(word: str) -> str:
    """ "fruits" → "fruit", "colours" → "colour" (not "coloured": a modifier is not the head's noun)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Suffixes that derive a word from a word of the same meaning: "skill" → "skillful", "small" → "smaller".
_DERIVING_SUFFIXES = ("ful", "ness", "er", "est", "ity", "ment")


def _derived(a: str, b: str) -> bool:
    """Whether two stems are equal or one is the other plus a deriving suffix (the shorter of at least 4 letters)."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 4 and long.startswith(short) and long[len(short) :] in _DERIVING_SUFFIXES


def _bare(gloss: str) -> str:
    """A table gloss without its leading "label:" ("slang: to leave") and parentheses ("to hide (something)")."""
    out = _LEADING_LABEL_RE.sub("", gloss, count=1) if ":" in gloss else gloss
    if "(" in out:
        out = _PARENS_RE.sub(" ", out)
    return " ".join(out.split())


def _drop_article(norm: str) -> str:
    """ "a barrier" → "barrier" (normalised text: lower case, single spaces)."""
    head, _sp, rest = norm.partition(" ")
    return rest if rest and head in _ARTICLES else norm


_ARTICLES = frozenset({"a", "an", "the", "to"})


def _content(text: str) -> set[str]:
    return {_stem(t) for t in _tokens(text) if t not in _STOPWORDS and t not in _WEAK_WORDS}


def _weak(text: str) -> set[str]:
    return {t for t in _tokens(text) if t in _WEAK_WORDS}


_NO_SENSES = _SenseIndex([])
