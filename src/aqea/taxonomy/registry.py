"""The AQEA domain registry (``domains.json``): what every AA value is for, and which domains a language uses.

Three kinds of *series* get addresses (docs/addressing.md):
- a language with a primary domain: the primary, then its extension domains, in that order;
- ILI concepts (language code ``ili``): the concept domains, with a block range per lexicographer file;
- any other language: slots (one EE value each) in the shared domains, handed out on first need.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from aqea.taxonomy import load_table

SeriesKind = Literal["language", "concept", "shared"]
CONCEPT_LANGUAGE = "ili"


@dataclass(frozen=True, slots=True)
class DomainRange:
    first: int
    last: int
    kind: str  # reserved, concept, language, extension, shared, unassigned
    purpose: str


@dataclass(frozen=True, slots=True)
class ConceptField:
    lexfile: int  # WordNet lexicographer file number: the entry's subcategory
    name: str
    category: int  # QQ
    first_block: int  # linear block number within the category over the concept domains
    blocks: int


@dataclass(frozen=True, slots=True)
class Registry:
    version: int
    primary: dict[str, int]
    extensions: dict[str, tuple[int, ...]]
    concept_domains: tuple[int, ...]
    shared_domains: tuple[int, ...]
    ranges: tuple[DomainRange, ...]
    concept_fields: tuple[ConceptField, ...]

    def kind_of(self, language: str) -> SeriesKind:
        if language == CONCEPT_LANGUAGE:
            return "concept"
        return "language" if language in self.primary else "shared"

    def series(self, language: str) -> tuple[int, ...]:
        """The domains a language (or the concepts) fills, in order; () for a language of the shared domains."""
        kind = self.kind_of(language)
        if kind == "concept":
            return self.concept_domains
        if kind == "language":
            return (self.primary[language], *self.extensions.get(language, ()))
        return ()

    def range_of(self, domain: int) -> DomainRange:
        for r in self.ranges:
            if r.first <= domain <= r.last:
                return r
        raise KeyError(domain)

    def owner_of(self, domain: int) -> str | None:
        """The language a domain belongs to (primary or extension), ``ili`` for concepts, else None."""
        for language, aa in self.primary.items():
            if aa == domain:
                return language
        for language, domains in self.extensions.items():
            if domain in domains:
                return language
        return CONCEPT_LANGUAGE if domain in self.concept_domains else None


@cache
def registry() -> Registry:
    table = load_table("domains")
    fields = load_table("concept_blocks")["fields"]
    shared = table["shared"]
    return Registry(
        version=table["version"],
        primary=dict(table["domains"]),
        extensions={k: tuple(v) for k, v in table["extensions"].items()},
        concept_domains=tuple(table["concepts"]["domains"]),
        shared_domains=tuple(range(shared["first"], shared["last"] + 1)),
        ranges=tuple(DomainRange(r["first"], r["last"], r["kind"], r["purpose"]) for r in table["ranges"]),
        concept_fields=tuple(ConceptField(f["lexfile"], f["name"], f["category"], f["first_block"], f["blocks"])
                             for f in fields),
    )
