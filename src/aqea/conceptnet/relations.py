"""ConceptNet's relations → our link kinds (docs/conceptnet.md has the table).

Six equal ours: Synonym (across languages: a translation — ConceptNet has no translation relation), Antonym, IsA
(the end is a hypernym of the start), FormOf, RelatedTo, and DerivedFrom, whose direction is the reverse of ours
(ConceptNet: start derived from end; our ``derived``: from a word to what is derived from it, as Wiktionary's
"Derived terms"). The others are kinds of their own, snake_case of ConceptNet's name (``PartOf`` → ``part_of``),
listed in migration 014's CHECK too. ExternalURL is no link between words: to WordNet 3.1 it is the word's
``concept`` (its ILI), to anything else it is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aqea.model import COMMONSENSE_KINDS

# ConceptNet relation → (our kind, reversed): reversed links go from the end node to the start node
_EQUAL = {"Synonym": "synonym", "Antonym": "antonym", "IsA": "hypernym", "FormOf": "form_of",
          "RelatedTo": "related", "DerivedFrom": "derived"}
_REVERSED = frozenset({"DerivedFrom"})
# ConceptNet 5.7's other general relations and its dbpedia ones (conceptnet5/relations.py)
OTHER_RELATIONS = (
    "PartOf", "HasA", "UsedFor", "CapableOf", "AtLocation", "Causes", "HasSubevent", "HasFirstSubevent",
    "HasLastSubevent", "HasPrerequisite", "HasProperty", "MotivatedByGoal", "ObstructedBy", "Desires", "CreatedBy",
    "DistinctFrom", "SymbolOf", "DefinedAs", "MannerOf", "LocatedNear", "HasContext", "SimilarTo",
    "EtymologicallyRelatedTo", "EtymologicallyDerivedFrom", "CausesDesire", "MadeOf", "ReceivesAction",
    "InstanceOf", "Entails", "NotDesires", "NotUsedFor", "NotCapableOf", "NotHasProperty",
    "dbpedia/genre", "dbpedia/influencedBy", "dbpedia/knownFor", "dbpedia/occupation", "dbpedia/language",
    "dbpedia/field", "dbpedia/product", "dbpedia/capital", "dbpedia/leader", "dbpedia/genus",
)
EXTERNAL_URL = "ExternalURL"


def snake(name: str) -> str:
    """``HasFirstSubevent`` → ``has_first_subevent``; ``dbpedia/influencedBy`` → ``dbpedia_influenced_by``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name.replace("/", "_")).lower()


@dataclass(frozen=True, slots=True)
class Mapping:
    kind: str
    reversed: bool = False


RELATIONS: dict[str, Mapping] = {
    **{name: Mapping(kind, name in _REVERSED) for name, kind in _EQUAL.items()},
    **{name: Mapping(snake(name)) for name in OTHER_RELATIONS},
}
assert {m.kind for name, m in RELATIONS.items() if name in OTHER_RELATIONS} == COMMONSENSE_KINDS


def mapping_of(relation_uri: str) -> Mapping | None:
    """``/r/IsA`` → its mapping; None for an unknown relation (and for ExternalURL, which is no word link)."""
    return RELATIONS.get(relation_uri.removeprefix("/r/")) if relation_uri.startswith("/r/") else None
