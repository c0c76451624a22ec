"""One assertion row → the link it states, or why it states none.

A row is ``assertion URI<TAB>relation<TAB>start<TAB>end<TAB>JSON`` (dataset, license, sources, weight, surface
text). Words of languages AQEA does not know are not guessed: a start node in one is skipped (counted), an end
node in one stays the target of an unresolved link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from aqea.conceptnet.nodes import NodeError, parse_node
from aqea.conceptnet.relations import EXTERNAL_URL, mapping_of
from aqea.model import Link
from aqea.taxonomy import load_table
from aqea.taxonomy.registry import CONCEPT_LANGUAGE
from aqea.wordnet.files import bundled_ili_map
from aqea.wordnet.ili import IliMap, load_ili_map

COLUMNS = 5
WORDNET_31 = "http://wordnet-rdf.princeton.edu/wn31/"
# WordNet RDF ids put a part-of-speech digit before the 8-digit offset ("100792739-n")
_WN31_POS_DIGIT = {"n": "1", "v": "2", "a": "3", "s": "3", "r": "4"}


@dataclass(frozen=True, slots=True)
class Invalid:
    """A row that states nothing we can read: the rejection's reason and detail."""

    reason: str  # "wrong column count", "invalid JSON", "unknown relation", "unparsable node URI", …
    detail: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed row that is not a link between words we keep (an external URL, an unknown language)."""

    reason: str


@cache
def known_languages() -> frozenset[str]:
    """Language codes AQEA knows (its language table and ISO 639-3): their words are addressed (docs/addressing.md)."""
    return frozenset(load_table("languages_en")["names"]) | frozenset(load_table("iso639_3")["codes"])


@cache
def ili_map_31() -> IliMap:
    return load_ili_map(bundled_ili_map("31"))


def wordnet_ili(url: str) -> str | None:
    """``http://wordnet-rdf.princeton.edu/wn31/100792739-n`` → its ILI through the CILI 3.1 map, or None."""
    tail = url.removeprefix(WORDNET_31)
    number, _, pos = tail.partition("-")
    if len(number) != 9 or not number.isdigit() or _WN31_POS_DIGIT.get(pos) != number[0]:
        return None
    return ili_map_31().ili(f"{number[1:]}-{pos}")


def read_edge(row: str) -> Link | Invalid | Skipped:
    """The link a row states (oriented as our kind reads), or why it states none."""
    fields = row.split("\t")
    if len(fields) != COLUMNS:
        return Invalid("wrong column count", f"{len(fields)} columns, {COLUMNS} expected")
    assertion, relation, start_uri, end_uri, meta_text = fields
    try:
        meta = json.loads(meta_text)
    except ValueError as exc:
        return Invalid("invalid JSON", str(exc))
    if not isinstance(meta, dict):
        return Invalid("invalid JSON", f"metadata is a {type(meta).__name__}, not an object")
    try:
        weight = float(meta.get("weight", 1.0))
    except (TypeError, ValueError):
        return Invalid("invalid JSON", f"weight {meta.get('weight')!r} is not a number")
    dataset, licence = str(meta.get("dataset", "")), str(meta.get("license", ""))
    try:
        start = parse_node(start_uri)
        if relation == f"/r/{EXTERNAL_URL}":
            if not end_uri.startswith(WORDNET_31):
                return Skipped("external URL")
            ili = wordnet_ili(end_uri)
            if ili is None:
                return Invalid("WordNet synset without ILI", end_uri)
            if start.language not in known_languages():
                return Skipped("language not addressed")
            return Link(start.language, start.lemma, start.pos, "concept", CONCEPT_LANGUAGE, ili, "", weight,
                        dataset, licence, assertion, relation)
        mapping = mapping_of(relation)
        if mapping is None:
            return Invalid("unknown relation", relation[:80])
        end = parse_node(end_uri)
    except NodeError as exc:
        return Invalid("unparsable node URI", str(exc))
    source, target = (end, start) if mapping.reversed else (start, end)
    if source.language not in known_languages():
        return Skipped("language not addressed")
    kind = "translation" if mapping.kind == "synonym" and source.language != target.language else mapping.kind
    target_pos = target.pos if target.language in known_languages() else ""  # not created: the link stays open
    return Link(source.language, source.lemma, source.pos, kind, target.language, target.lemma, target_pos, weight,
                dataset, licence, assertion, relation)
