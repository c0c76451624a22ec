"""The one shape of stored forms and its tag vocabulary, shared by every edition (taxonomy/form_tags.json).

``Lexeme.extra["forms"]`` is a list of :class:`Form`: ``{"form": "Hauses", "tags": ["genitive", "singular"]}``,
plus ``"raw_tags"`` for what the source says of a form that is not a tag ("auch", "UK", "[1, 2]") and, in the
German edition, ``"article"`` for the definite article a table prints before it ("des"). Tags are wiktextract's
words; :data:`FORM_TAGS` is every tag a form may carry, :data:`TAG_GROUPS` says what each one names (case,
number, person, tense, mood, verb form, degree, gender, other). :data:`HEAD_TAGS` are what an English head
template says of the word itself (``extra["head_tags"]``).
"""

from __future__ import annotations

from typing import TypedDict

from aqea.taxonomy import load_table

_TABLE = load_table("form_tags")
TAG_GROUPS: dict[str, tuple[str, ...]] = {group: tuple(tags) for group, tags in _TABLE["form_tags"].items()}
FORM_TAGS: frozenset[str] = frozenset(t for tags in TAG_GROUPS.values() for t in tags)
HEAD_TAGS: frozenset[str] = frozenset(_TABLE["head_tags"])


class Form(TypedDict, total=False):
    form: str
    tags: list[str]
    raw_tags: list[str]
    article: str
