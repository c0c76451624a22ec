"""The shapes that cross layer boundaries: source → parser → convert → store.

Plain frozen dataclasses: cheap to build in worker processes and cheap to pickle back (:func:`pickled_by_fields`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a slotted dataclass as (class, field values). The ``__getstate__``/``__setstate__`` that
    ``slots=True`` generates call ``dataclasses.fields()`` for every object, both ways: sampled with py-spy, that
    was a quarter of the main process's time in a WordNet import (records out to the parsers, entries back)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        got = values(self)
        return cls, got if len(names) > 1 else (got,)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign, assignment]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Page:
    """One page revision as read from a dump or the Action API."""

    title: str
    namespace: int
    page_id: int
    revision_id: int
    timestamp: str  # ISO 8601, as MediaWiki writes it ("2023-02-13T13:32:53Z")
    text: str
    redirect: str | None = None  # target title when the page is a redirect

    @property
    def text_bytes(self) -> int:
        return len(self.text.encode("utf-8"))

    # the sources.base.Record protocol: a page's key is its id, its version the revision id
    @property
    def record_key(self) -> str:
        return str(self.page_id)

    @property
    def record_version(self) -> str:
        return str(self.revision_id)

    @property
    def record_label(self) -> str:
        return self.title


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quotation:
    """A dated, attributed example (English ``#*`` citation lines): an example flagged as a quotation.

    Fields the page does not give are "" (an ``{{RQ:…}}`` template names its work only through ``source``)."""

    text: str  # the quoted passage, markup stripped (the headword's bold kept as plain text); "" if only cited
    author: str = ""
    year: str = ""  # as written: "1998", "c. 1600", "5th century AD"; the year of a full date
    title: str = ""  # the book's, article's, song's title
    work: str = ""  # the journal, newspaper, magazine, site or album the title appeared in
    source: str = ""  # the template it was read from ("quote-book", "RQ:Orwell Animal Farm"); "" for plain text
    translation: str = ""  # an English translation of a foreign-language passage


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sense:
    """One numbered meaning, e.g. German ``:[2] {{K|Zoologie}} ein Tier …``."""

    number: str  # "1", "2a", … as the page writes it; "" when the edition does not number senses
    gloss: str  # markup stripped
    labels: tuple[str, ...] = ()  # usage/topic labels such as "Zoologie"
    examples: tuple[str, ...] = ()  # usage examples attached to this sense, markup stripped
    quotations: tuple[Quotation, ...] = ()  # citations of real use (English "#*" lines), in page order


# ConceptNet's relations that are none of ours (aqea.conceptnet.relations, migration 014): snake_case of its names
COMMONSENSE_KINDS = frozenset({
    "part_of", "has_a", "used_for", "capable_of", "at_location", "causes", "has_subevent", "has_first_subevent",
    "has_last_subevent", "has_prerequisite", "has_property", "motivated_by_goal", "obstructed_by", "desires",
    "created_by", "distinct_from", "symbol_of", "defined_as", "manner_of", "located_near", "has_context",
    "similar_to", "etymologically_related_to", "etymologically_derived_from", "causes_desire", "made_of",
    "receives_action", "instance_of", "entails", "not_desires", "not_used_for", "not_capable_of", "not_has_property",
    "dbpedia_genre", "dbpedia_influenced_by", "dbpedia_known_for", "dbpedia_occupation", "dbpedia_language",
    "dbpedia_field", "dbpedia_product", "dbpedia_capital", "dbpedia_leader", "dbpedia_genus",
})
RELATION_KINDS = frozenset(
    {"translation", "synonym", "antonym", "hypernym", "hyponym", "form_of", "derived", "related",
     "concept"}  # concept: a word's sense → the ILI concept it names (target language "ili", lemma the ILI id)
) | COMMONSENSE_KINDS


# The part of speech of a word whose source gives none (a PanLex expression): the store attaches it to a typed
# entry of the same (language, lemma) when there is one (store/untyped.py), else keeps it unaddressed.
UNTYPED_POS = "expression"


class Relation(NamedTuple):
    """A link from a lexeme to another word, resolved to an entry (and its address) by the store.

    ``Lexeme.relations`` holds plain ``RelationRow`` tuples in this field order (parsers build
    thousands per page, and a tuple costs a fraction of an object); ``Relation`` names the fields
    where that reads better: ``Relation(*row).kind``. It is a tuple, equal to the row it names.
    """

    kind: str  # one of RELATION_KINDS
    target: str  # target lemma, markup stripped ("house")
    language: str  # target language code ("en"); the lexeme's own language for synonyms etc.
    sense: str = ""  # sense number(s) of the source lexeme it belongs to ("1", "1, 2"); "" = whole entry
    note: str = ""  # e.g. translation gender "n", trans-top gloss, form description "Genitiv Singular"


# A relation as parsers emit it and as it crosses to the store: (kind, target, language, sense, note),
# the fields of Relation. Plain tuples are ~3x cheaper to build than dataclass instances and unpickle
# ~10x faster, and pages carry hundreds of translations.
RelationRow = tuple[str, str, str, str, str]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Lexeme:
    """One entry of a page: one language section × part of speech × homograph."""

    language: str  # ISO 639 code ("de", "en", …) or "und:<name>" when the name is not in our table
    lemma: str
    pos: str  # normalised part of speech ("noun", "verb", …) or "unknown"
    pos_names: tuple[str, ...]  # the edition's own POS names, e.g. ("Substantiv",)
    homograph: int  # 1-based among (language, lemma, pos) on the page
    source: str  # what the entry is stored as: the edition ("dewiktionary") or the source's own name
    record_key: str  # the record it was read from (a page id, a synset id …): its entries are reconciled by it
    record_version: str  # the record's version (a revision id, a release)
    gender: tuple[str, ...] = ()  # "m", "f", "n"
    ipa: tuple[str, ...] = ()
    senses: tuple[Sense, ...] = ()
    relations: tuple[RelationRow, ...] = ()  # (kind, target, language, sense, note); see Relation
    extra: dict[str, Any] = field(default_factory=dict)  # edition-specific fields (hyphenation, …)

    @property
    def natural_key(self) -> tuple[str, str, str, int]:
        return (self.language, self.lemma, self.pos, self.homograph)


class Link(NamedTuple):
    """A link between two words stated by a link source (ConceptNet): not part of an entry of the source, so it
    is added to the words' entries, whoever wrote them (aqea.store.links), never replaced with them. Words a link
    names that no entry holds yet become entries of the source's edition."""

    from_language: str
    from_lemma: str
    from_pos: str  # normalised, or UNTYPED_POS ("expression") when the source gives none (aqea.store.links finds it)
    kind: str  # one of RELATION_KINDS
    target_language: str  # "ili" for a concept
    target_lemma: str
    target_pos: str  # "" when the target is no word to create (a concept, a language AQEA does not know)
    weight: float
    dataset: str  # ConceptNet's "/d/wiktionary/en" …
    licence: str  # per statement: "cc:by-sa/4.0" or "cc:by/4.0"
    statement: str  # the source's id of the statement (ConceptNet's assertion URI)
    relation: str  # the source's own relation ("/r/IsA")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a page (or part of a dump) yielded nothing; stored in ``rejected_pages``."""

    source: str
    title: str
    reason: str  # short, stable, groupable: "no language section", "malformed XML", …
    detail: str = ""
    record_key: str | None = None
    record_version: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ParseResult:
    """What the parser made of one page: entries, or a rejection, plus unknown names it met."""

    lexemes: tuple[Lexeme, ...] = ()
    rejection: Rejection | None = None
    unknown_pos: tuple[str, ...] = ()  # POS names the parser did not know (reported, not guessed)
    skipped: str | None = None  # reason the page was not meant to be parsed (namespace, redirect)
    links: tuple[Link, ...] = ()  # links between words stated by a link source (ConceptNet)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an entry comes from: the source it is stored as, and the record (key, version) it was read from."""

    source: str
    record_key: str
    record_version: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entry:
    """An AQEA entry ready for the store. The address is assigned by the store's allocator."""

    language: str
    lemma: str
    pos: str
    homograph: int
    label: str
    description: str
    domain: int | None  # AA byte, None when the language has no AQEA domain
    category: int | None  # QQ byte, None when the POS is unknown
    subcategory: int  # EE byte (0x00 = general)
    meta: dict[str, Any]
    content_hash: str  # over label, description, meta and relations: unchanged entries are not rewritten
    provenance: Provenance
    unaddressed_reason: str | None = None  # why the entry cannot get an address (kept anyway)
    relations: tuple[RelationRow, ...] = ()

    @property
    def natural_key(self) -> tuple[str, str, str, int]:
        return (self.language, self.lemma, self.pos, self.homograph)
