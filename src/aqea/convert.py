"""Lexeme → AQEA Entry: label, description, meta, category bytes, content hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Any

from aqea.classify import SubcategoryChoice, assign_subcategory, frequency_of
from aqea.model import Entry, Lexeme, Provenance, Quotation, Sense
from aqea.taxonomy import category_of, domain_of, load_table
from aqea.taxonomy.registry import CONCEPT_LANGUAGE

MAX_DESCRIPTION_SENSES = 3
_QUOTATION_FIELDS = tuple(f.name for f in fields(Quotation))


def language_name(code: str) -> str:
    """English name of a language code, for descriptions ("de" → "German")."""
    if code.startswith("und:"):
        return code[4:]
    # our short curated table first (names as AQEA shows them), then the English edition's full table
    return load_table("language_names")["names"].get(code) or load_table("languages_en")["names"].get(code, code)


def describe(lexeme: Lexeme) -> str:
    """``German noun 'Haus'. Gebäude …; Familie …`` — a one-line, markup-free description."""
    head = f"{language_name(lexeme.language)} {lexeme.pos.replace('_', ' ')} '{lexeme.lemma}'."
    glosses = [s.gloss for s in lexeme.senses if s.gloss][:MAX_DESCRIPTION_SENSES]
    if not glosses:
        return head
    more = " …" if len([s for s in lexeme.senses if s.gloss]) > MAX_DESCRIPTION_SENSES else ""
    return f"{head} {'; '.join(glosses)}{more}"


def sense_meta(sense: Sense) -> dict[str, Any]:
    """One sense, JSON-ready; ``quotations`` (every field of :class:`Quotation`, "" when unknown) only when the
    sense has any, so entries without quotations keep their shape and hash."""
    out: dict[str, Any] = {
        "number": sense.number, "gloss": sense.gloss, "labels": list(sense.labels), "examples": list(sense.examples),
    }  # fmt: skip
    if sense.quotations:
        out["quotations"] = [{f: getattr(q, f) for f in _QUOTATION_FIELDS} for q in sense.quotations]
    return out


def lexeme_meta(lexeme: Lexeme) -> dict[str, Any]:
    """Everything we know about the lexeme, JSON-ready (provenance of runs is added by the store)."""
    meta: dict[str, Any] = {
        "lemma": lexeme.lemma,
        "language": lexeme.language,
        "pos": lexeme.pos,
        "pos_names": list(lexeme.pos_names),
        "homograph": lexeme.homograph,
        "gender": list(lexeme.gender),
        "ipa": list(lexeme.ipa),
        "senses": [sense_meta(s) for s in lexeme.senses],
        "source": lexeme.source,
        "record_key": lexeme.record_key,
        "record_version": lexeme.record_version,
    }
    for key, value in lexeme.extra.items():
        meta.setdefault(key, value)
    return meta


def concept_field(lexeme: Lexeme) -> SubcategoryChoice:
    """A concept's EE signal is its WordNet lexicographer file (0-44): the concept domains give each file a range
    of blocks (docs/addressing.md, ``taxonomy/concept_blocks.json``)."""
    number = lexeme.extra.get("lexfile_number")
    if not isinstance(number, int):
        return SubcategoryChoice(0, "unknown lexicographer file", "")
    name = str(lexeme.extra.get("lexfile", ""))
    return SubcategoryChoice(number, name, f"lexfile:{name}")


def content_hash(*parts: Any) -> str:
    """Stable hash of JSON-ready parts: equal content ⇒ equal hash, across processes and runs."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


# Address space v2 (docs/addressing.md): a non-lemma form is stored, searchable and linked form_of to its lemma,
# whose address carries it; it gets no address of its own.
FORM_REASON = "inflected form: carried by its lemma (form_of link), no address of its own"


def to_entry(lexeme: Lexeme, *, title: str | None = None, parser_version: str | None = None) -> Entry:
    """Build the entry; ``title`` is the page title (kept in meta, it can differ from the lemma)."""
    domain = domain_of(lexeme.language)  # the primary domain; None: the language fills the shared domains
    category = category_of(lexeme.pos)
    reason = None
    if category is None:
        names = ", ".join(lexeme.pos_names) or lexeme.pos
        reason = f"unknown part of speech {names}"
    elif lexeme.pos == "inflected_form":
        reason = FORM_REASON
    label = lexeme.lemma
    description = describe(lexeme)
    meta = lexeme_meta(lexeme)
    meta["title"] = title if title is not None else lexeme.lemma
    if parser_version is not None:
        meta["parser_version"] = parser_version
    choice = concept_field(lexeme) if lexeme.language == CONCEPT_LANGUAGE else assign_subcategory(lexeme)
    meta["subcategory"] = choice.to_meta()
    meta["frequency"] = frequency_of(lexeme.lemma, lexeme.language)
    subcategory = choice.code
    relations = tuple(dict.fromkeys(map(tuple, lexeme.relations)))  # rows already; plain tuples, once each
    return Entry(
        language=lexeme.language,
        lemma=lexeme.lemma,
        pos=lexeme.pos,
        homograph=lexeme.homograph,
        label=label,
        description=description,
        domain=domain,
        category=category,
        subcategory=subcategory,
        meta=meta,
        content_hash=content_hash(label, description, domain, category, subcategory, meta, relations),
        unaddressed_reason=reason,
        relations=relations,
        provenance=Provenance(lexeme.source, lexeme.record_key, lexeme.record_version),
    )
