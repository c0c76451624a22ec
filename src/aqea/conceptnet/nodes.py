"""ConceptNet node URIs: ``/c/<lang>/<text>[/<pos>[/<source>[/<sense>]]]`` → a word (language, lemma, pos).

ConceptNet writes spaces as ``_`` and lowercases text; the part of speech is one letter (``n v a s r``, ``s`` an
adjective satellite as in WordNet). The source and sense parts (``/wn/act``, ``/wikt/en_1``) name where a sense came
from (the release also writes a source without a sense: ``/c/en/assay/n/wn``); a word is the same word whatever
sense it was read under.
"""

from __future__ import annotations

from dataclasses import dataclass

from aqea.model import UNTYPED_POS

POS_LETTERS = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}


class NodeError(ValueError):
    """A node URI that does not parse; the message says why."""


@dataclass(frozen=True, slots=True)
class Node:
    language: str
    lemma: str  # "_" back to spaces
    pos: str  # normalised ("noun" …); UNTYPED_POS ("expression") when the URI gives none, as PanLex's words
    sense: str = ""  # "wn/act", "wikt/en_1" …; "" when not given

    @property
    def key(self) -> str:
        """The word's record key, as the WordNet sources write theirs: ``en:noun:test``."""
        return f"{self.language}:{self.pos}:{self.lemma}"


def parse_node(uri: str) -> Node:
    """The word a ``/c/…`` URI names, or a NodeError."""
    if not uri.startswith("/c/"):
        raise NodeError(f"not a concept URI (/c/…): {uri[:80]!r}")
    parts = uri[3:].split("/")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise NodeError(f"concept URI without language and text: {uri[:80]!r}")
    language, text = parts[0], parts[1]
    if not language.replace("-", "").isalnum() or not language.isascii():
        raise NodeError(f"concept URI with a malformed language {language!r}: {uri[:80]!r}")
    pos = UNTYPED_POS
    if len(parts) >= 3:
        letter = parts[2]
        if letter not in POS_LETTERS:
            raise NodeError(f"concept URI with an unknown part of speech {letter!r}: {uri[:80]!r}")
        pos = POS_LETTERS[letter]
    if any(not p for p in parts[3:]):
        raise NodeError(f"concept URI with an empty part: {uri[:80]!r}")
    lemma = text.replace("_", " ").strip()
    if not lemma:
        raise NodeError(f"concept URI with empty text: {uri[:80]!r}")
    return Node(language, lemma, pos, "/".join(parts[3:]))
