"""WordNet records → ``aqea.model.Lexeme``: English word lexemes (one per lemma and part of speech) and concept
lexemes (language ``ili``, lemma = the ILI id), the shapes the rest of the pipeline converts and stores.

Provenance: a word's record key is ``language:pos:lemma``, a concept's its synset id; the version is the wordnet's
release (``version``, e.g. "2025" or "3.0").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from aqea.model import Lexeme, RelationRow, Sense
from aqea.taxonomy.registry import CONCEPT_LANGUAGE
from aqea.wordnet.model import POS_NAMES, LexicalEntry, Relation, Synset, WordSense

# our relation kinds → the model's (RELATION_KINDS); the rest are "related" with the WordNet kind as note
_LEXEME_KINDS = {
    "hypernym": "hypernym", "instance_hypernym": "hypernym", "hyponym": "hyponym", "instance_hyponym": "hyponym",
    "antonym": "antonym", "derivation": "derived",
}


@dataclass(frozen=True, slots=True)
class WordEntry:
    """One (lemma, part of speech) with its senses, from an LMF LexicalEntry or grouped from WNDB synsets."""

    lemma: str
    pos: str  # normalised ("noun", "adjective" …)
    senses: tuple[WordSense, ...]


def lmf_entries(entries: Iterable[LexicalEntry]) -> Iterator[WordEntry]:
    for entry in entries:
        yield WordEntry(entry.lemma, POS_NAMES.get(entry.pos, "unknown"), entry.senses)


def wndb_entries(synsets: Iterable[Synset]) -> list[WordEntry]:
    """WNDB stores words inside synsets: group their senses by (lemma, part of speech), in sense-number order."""
    grouped: dict[tuple[str, str], list[WordSense]] = {}
    for synset in synsets:
        for sense in synset.senses:
            grouped.setdefault((sense.lemma, POS_NAMES[sense.pos]), []).append(sense)
    return [WordEntry(lemma, pos, tuple(sorted(senses, key=lambda s: s.number)))
            for (lemma, pos), senses in grouped.items()]


def word_lexemes(entries: Iterable[WordEntry], synsets: Mapping[str, Synset], source: str,
                 sense_lemmas: Mapping[str, str] | None = None, version: str = "",
                 language: str = "en") -> Iterator[Lexeme]:
    """English lexemes: each sense's gloss and examples from its synset, synonyms from the synset's other
    members, synset and sense relations to the target's lemma. ``sense_lemmas`` (LMF sense id → lemma) names
    the targets of LMF sense relations; WNDB ones are named by word number in the target synset."""
    for entry in entries:
        senses: list[Sense] = []
        relations: list[RelationRow] = []
        lexfiles: list[str] = []
        synset_ids: list[str] = []  # per sense: the concept it names (sources.wordnet links words to concepts)
        for number, sense in enumerate(entry.senses, 1):
            synset = synsets.get(sense.synset)
            label = str(sense.number or number)
            if synset is None:
                continue
            lexfiles.append(synset.lexfile)
            synset_ids.append(synset.id)
            senses.append(Sense(label, "; ".join(synset.definitions), (synset.lexfile,) if synset.lexfile else (),
                                synset.examples + sense.examples))
            relations.extend(("synonym", m, language, label, "") for m in synset.members if m != entry.lemma)
            for rel in synset.relations:
                target = synsets.get(rel.target)
                if target is not None and target.members:
                    relations.append(_row(rel, target.members[0], label))
            for rel in sense.relations:
                lemma = _sense_target(rel, synsets, sense_lemmas)
                if lemma:
                    relations.append(_row(rel, lemma, label))
        if not senses:
            continue
        yield Lexeme(
            language=language, lemma=entry.lemma, pos=entry.pos, pos_names=(entry.pos,), homograph=1, source=source,
            record_key=f"{language}:{entry.pos}:{entry.lemma}", record_version=version,
            senses=tuple(senses), relations=tuple(dict.fromkeys(relations)),
            extra={"lexfile": lexfiles[0], "lexfiles": lexfiles, "synsets": synset_ids},
        )


def concept_lexeme(synset: Synset, source: str, version: str = "") -> Lexeme | None:
    """The concept a synset stands for, or None without an ILI. The lexicographer file number is the
    subcategory signal: the allocator lays concepts out in blocks per lexfile (``taxonomy/concept_blocks.json``)."""
    if synset.ili is None:
        return None
    gloss = "; ".join(synset.definitions) or synset.ili_definition
    return Lexeme(
        language=CONCEPT_LANGUAGE, lemma=synset.ili, pos=POS_NAMES.get(synset.pos, "unknown"),
        pos_names=(synset.pos,), homograph=1, source=source,
        record_key=synset.id, record_version=version,
        senses=(Sense("1", gloss, (), synset.examples),),
        # no links to its words: each word links to its concepts (``concept``), which lookup shows from both ends;
        # the reverse rows would add one link per member (~180,000 for OEWN) to store and resolve
        relations=(),
        extra={"lexfile": synset.lexfile, "lexfile_number": synset.lexfile_number, "synset": synset.id},
    )


def _row(rel: Relation, target: str, sense: str) -> RelationRow:
    kind = _LEXEME_KINDS.get(rel.kind)
    return (kind, target, "en", sense, "") if kind else ("related", target, "en", sense, rel.kind)


def _sense_target(rel: Relation, synsets: Mapping[str, Synset], sense_lemmas: Mapping[str, str] | None) -> str:
    if rel.target_word:
        target = synsets.get(rel.target)
        if target is not None and rel.target_word <= len(target.members):
            return target.members[rel.target_word - 1]
        return ""
    return (sense_lemmas or {}).get(rel.target, "")
