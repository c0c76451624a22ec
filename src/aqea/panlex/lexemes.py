"""PanLex expressions → lexemes. An expression is a written form in a language variety, with no part of speech:
each becomes one word per (AQEA language, text), of part of speech ``expression`` (``model.UNTYPED_POS``), with
one sense per Swadesh concept it names and its translation and concept links. Where a typed entry of the same
(language, lemma) exists the store attaches the word to it as a view (``store/untyped.py``, docs/panlex.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from aqea.model import UNTYPED_POS, Lexeme, RelationRow, Sense

POS_NAME = "PanLex expression"  # what PanLex calls it (``pos_names``): it has no part of speech


@dataclass(slots=True)
class Word:
    """What a unit gathered about one (language, text)."""

    varieties: list[str] = field(default_factory=list)  # PanLex uids it was read in, first seen first
    senses: list[tuple[str, str]] = field(default_factory=list)  # (concept key, gloss) per Swadesh concept
    links: dict[RelationRow, None] = field(default_factory=dict)  # ordered set of relation rows

    def seen_in(self, uid: str) -> None:
        if uid not in self.varieties:
            self.varieties.append(uid)

    def concept(self, key: str, gloss: str) -> None:
        if all(k != key for k, _ in self.senses):
            self.senses.append((key, gloss))
            self.links[("concept", key, CONCEPT_LANGUAGE, str(len(self.senses)), "")] = None

    def link(self, row: RelationRow) -> None:
        self.links.setdefault(row, None)


CONCEPT_LANGUAGE = "art"  # Swadesh concepts are expressions of PanLex concepticons (``art-012``): language art


def word_lexeme(language: str, text: str, word: Word, edition: str, extra: dict[str, object] | None = None) -> Lexeme:
    """A word's lexeme; its record key is ``language:text``, its version a digest of everything it carries."""
    links = tuple(word.links)
    info: dict[str, object] = {"panlex_varieties": list(word.varieties), **(extra or {})}
    return Lexeme(
        language=language, lemma=text, pos=UNTYPED_POS, pos_names=(POS_NAME,), homograph=1, source=edition,
        record_key=f"{language}:{text}", record_version=digest([word.varieties, word.senses, links, info]),
        senses=tuple(Sense(str(n), gloss) for n, (_, gloss) in enumerate(word.senses, 1)),
        relations=links, extra=info,
    )


def part_of(language: str, text: str, parts: int) -> int:
    """Which of ``parts`` units carries the word (language, text): a stable hash of its record key, so each word
    is read by exactly one unit whatever the input's order."""
    if parts <= 1:
        return 0
    key = f"{language}:{text}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % parts


def digest(parts: object) -> str:
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=list)
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=8).hexdigest()
