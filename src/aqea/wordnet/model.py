"""The typed records the WordNet readers yield: what crosses from ``aqea.wordnet`` to the rest of the pipeline.

Ids are kept as each source writes them (``oewn-14869913-n``, Debian ``14845743-n``); joins between sources go
through the ILI (``i115069``), never through offsets. Frozen, slotted dataclasses: cheap to build and to pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# WordNet part-of-speech letters; "s" is the adjective satellite (stored with "a" in data.adj). WN-LMF allows a
# few more ("c", "p", "x", "u"), kept as written.
POS_NAMES = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}

# The normalised relation vocabulary. A relation keeps the source's own name too (``source_name``).
RelationKind = Literal[
    "hypernym", "hyponym", "instance_hypernym", "instance_hyponym",
    "part_meronym", "part_holonym", "member_meronym", "member_holonym", "substance_meronym", "substance_holonym",
    "antonym", "similar", "derivation", "pertainym", "participle", "attribute", "also", "verb_group",
    "entails", "entailed_by", "causes", "caused_by",
    "domain_topic", "domain_topic_member", "domain_region", "domain_region_member",
    "domain_usage", "domain_usage_member",
    "other",
]


@dataclass(frozen=True, slots=True)
class Relation:
    """One directed link, between synsets (``lexical=False``) or between word senses (``lexical=True``)."""

    kind: RelationKind
    source_name: str  # as the source writes it: "@", "#s", "holo_substance", "other:agent" (LMF dc:type)
    source: str  # synset id, or for a lexical relation the sense id / sense key it starts from
    target: str  # synset id (WNDB, LMF synset relation) or sense id (LMF sense relation)
    lexical: bool = False
    # WNDB lexical pointers name the target word by its 1-based position in the target synset (its ``members``);
    # 0 everywhere else
    target_word: int = 0


@dataclass(frozen=True, slots=True)
class WordSense:
    """One word in one synset."""

    lemma: str  # as written, spaces not underscores ("binary compound")
    pos: str  # WordNet letter of the synset ("s" for a satellite)
    synset: str  # synset id as the source writes it
    key: str  # WNDB sense key ("water%1:27:00::") or LMF sense id ("oewn-water__1.27.00..")
    number: int  # sense number of (lemma, pos): index.sense in WNDB, position in the entry in LMF; 0 = unknown
    examples: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()  # lexical relations from this sense
    lex_id: int | None = None  # WNDB: tells senses of one lemma apart within one lexicographer file
    adjposition: str = ""  # "a", "p", "ip": attributive / predicative / immediately postnominal


@dataclass(frozen=True, slots=True)
class Synset:
    """A concept of one wordnet: its words, gloss, lexicographer file and links."""

    id: str  # as the source writes it: "oewn-14869913-n", or WNDB "14845743-n" (Debian offset, "s" kept)
    pos: str
    lexfile: str  # "noun.substance"; "" when the source does not say
    lexfile_number: int | None  # 0-44 as in ``lexnames``; None when unknown
    ili: str | None  # "i115069"; None when the synset has no ILI (LMF ili="" or "in", unmapped WNDB synset)
    definitions: tuple[str, ...]
    examples: tuple[str, ...]
    members: tuple[str, ...]  # lemmas, in the source's order (WNDB word numbers count from 1 in it)
    relations: tuple[Relation, ...] = ()  # synset relations
    senses: tuple[WordSense, ...] = ()  # WNDB: one per member; LMF: empty (senses come with LexicalEntry)
    frames: tuple[tuple[int, int], ...] = ()  # WNDB verbs: (frame number, word number; 0 = all words)
    ili_definition: str = ""  # LMF <ILIDefinition> of a proposed new concept (ili="in")


@dataclass(frozen=True, slots=True)
class LexicalEntry:
    """A WN-LMF ``<LexicalEntry>``: one lemma and part of speech with its senses."""

    id: str
    lemma: str
    pos: str
    senses: tuple[WordSense, ...]
    forms: tuple[str, ...] = ()  # other written forms ("exemplifies")
    pronunciations: tuple[tuple[str, str], ...] = ()  # (IPA, variety: "GB", "US" or "")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The WN-LMF ``<Lexicon>`` header: which wordnet, which version, under which licence."""

    id: str
    label: str
    language: str
    version: str
    license: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """Something that could not be read: where it is, why (short, groupable), and the offending text."""

    file: str
    where: str  # "line 1234", "<Synset> at line 88", "byte 5242880"
    reason: str  # "line does not parse", "truncated file", "malformed XML", "unknown synset" …
    detail: str = ""


@dataclass(frozen=True, slots=True)
class OmwLemma:
    """One row of an OMW tab file: a word of one language on a PWN 3.0 synset, with its ILI."""

    language: str  # our code ("de"); the ISO 639-3 code when we have none
    lemma: str
    synset: str  # Princeton 3.0 "offset-pos" as CILI writes it (satellites "-s" even where OMW wrote "-a")
    ili: str


WordnetRecord = Lexicon | LexicalEntry | Synset | Rejection
