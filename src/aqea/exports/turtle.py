"""The OntoLex-Lemon Turtle export, in DBnary's model (docs/export.md): each entry an ``ontolex:LexicalEntry``
with its canonical form, ``lexinfo:partOfSpeech`` and ``ontolex:LexicalSense``s; each translation a
``vartrans:Translation`` from the sense (or the entry when the link names no sense) to the target entry;
licence and attribution on every entry; each statement of a link (link_sources: ConceptNet's weight, dataset and
licence per edge) a ``prov:wasDerivedFrom`` node on the reified link. Written line by line, so any size streams."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from aqea.store.export_rows import ExportedEntry

BASE = "urn:aqea:"
PREFIXES = """@prefix ontolex: <http://www.w3.org/ns/lemon/ontolex#> .
@prefix vartrans: <http://www.w3.org/ns/lemon/vartrans#> .
@prefix lexinfo: <http://www.lexinfo.net/ontology/3.0/lexinfo#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix cc: <http://creativecommons.org/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix aqea: <urn:aqea:vocab:> .
"""
# Our parts of speech that LexInfo 3.0 names as parts of speech; the others (affix, phrase, abbreviation …) keep
# only aqea:partOfSpeech, as LexInfo files them under other classes.
LEXINFO_POS = {"noun": "noun", "verb": "verb", "adjective": "adjective", "adverb": "adverb", "pronoun": "pronoun",
               "preposition": "preposition", "conjunction": "conjunction", "interjection": "interjection",
               "numeral": "numeral", "article": "article", "determiner": "determiner", "particle": "particle",
               "proper_noun": "properNoun", "postposition": "postposition", "symbol": "symbol", "letter": "letter"}
# A well-formed BCP 47 tag (RFC 5646 2.1: language, script, region, variants, extensions, private use), as RDF
# stores check it; Wiktionary's codes are mostly such tags ("de", "gem-pro"), a few are not (a parser's "f").
_LANGTAG = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE)


def literal(text: str, language: str | None = None) -> str:
    """A Turtle string literal (JSON's escapes are a subset of Turtle's), language-tagged when the code is a
    valid tag."""
    quoted = json.dumps(text, ensure_ascii=False)
    return f"{quoted}@{language}" if language and _LANGTAG.match(language) else quoted


def entry_iri(address: str | None, language: str, pos: str | None, lemma: str, homograph: int | None) -> str:
    """An entry's IRI: its address (stable forever); an entry without one, its natural key."""
    if address:
        return f"<{BASE}{address}>"
    return f"<{BASE}entry:{quote(language, safe='')}:{quote(pos or '', safe='')}:{quote(lemma, safe='')}:{homograph}>"


def source_iri(edition: str) -> str:
    return f"<{BASE}source:{quote(edition, safe='')}>"


NOTICE = ("Each entry, link and view names the edition it comes from (dct:source); every entry carries its "
          "licence (dct:license) and attribution (cc:attributionName). Wiktionary text is CC BY-SA (3.0 / 4.0) and "
          "GFDL: reuse must credit the Wiktionary contributors and share alike.")


def licence_block(licences: list[dict[str, Any]]) -> str:
    lines = [PREFIXES, "# " + NOTICE, ""]
    for item in licences:
        lines.append(f"{source_iri(item['edition'])} dct:license {literal(item['licence'])} ;\n"
                     f"    cc:attributionName {literal(item['attribution'])} ;\n"
                     f"    rdfs:label {literal(item['edition'])} .")
    return "\n".join(lines) + "\n\n"


def _sense_iri(entry: str, number: str) -> str:
    return f"{entry[:-1]}/sense/{quote(number, safe='')}>"


def entry_turtle(entry: ExportedEntry) -> str:
    row, meta = entry.row, entry.row["meta"]
    lang = row["language"]
    iri = entry_iri(row["address"], lang, row["pos"], row["lemma"], row["homograph"])
    kind = "ontolex:LexicalConcept" if lang == "ili" else "ontolex:LexicalEntry"
    props = [f"a {kind}", f"rdfs:label {literal(row['label'], lang)}", f"dct:language {literal(lang)}",
             f"aqea:partOfSpeech {literal(row['pos'])}", f"aqea:homograph {row['homograph']}",
             f"dct:description {literal(row['description'])}", f"dct:source {source_iri(row['source'])}",
             f"dct:license {literal(row['licence'] or 'unknown')}",
             f"cc:attributionName {literal(row['attribution'] or 'unknown')}"]
    if row["address"]:
        props.append(f"aqea:address {literal(row['address'])}")
    if row["pos"] in LEXINFO_POS:
        props.append(f"lexinfo:partOfSpeech lexinfo:{LEXINFO_POS[row['pos']]}")
    if row["deleted_at"] is not None:
        props.append(f"aqea:deletedAt {literal(row['deleted_at'].isoformat())}")
    if lang != "ili":
        form = [f"a ontolex:Form ; ontolex:writtenRep {literal(row['lemma'], lang)}"]
        form += [f"ontolex:phoneticRep {literal(ipa, lang + '-fonipa')}" for ipa in meta.get("ipa") or []]
        props.append(f"ontolex:canonicalForm [ {' ; '.join(form)} ]")
        for f in meta.get("forms") or []:
            tags = " ".join(f.get("tags", []))
            props.append(f"ontolex:otherForm [ a ontolex:Form ; ontolex:writtenRep {literal(f['form'], lang)} ; "
                         f"rdfs:comment {literal(tags)} ]")
    numbers = set()
    out = []
    for sense in meta.get("senses") or []:
        number = str(sense.get("number") or len(numbers) + 1)
        if number in numbers:
            continue
        numbers.add(number)
        sense_iri = _sense_iri(iri, number)
        props.append(f"ontolex:sense {sense_iri}")
        out.append(f"{sense_iri} a ontolex:LexicalSense ; ontolex:isSenseOf {iri} ; "
                   f"aqea:senseNumber {literal(number)} ; skos:definition {literal(sense.get('gloss', ''), lang)} .")
    for link in entry.links:
        out.append(_link_turtle(iri, link, numbers))
    for view in entry.views:
        out.append(f"{iri} aqea:view [ dct:source {source_iri(view['source'])} ; "
                   f"dct:description {literal(view['description'])} ; "
                   f"dct:license {literal(view['licence'] or 'unknown')} ; "
                   f"cc:attributionName {literal(view['attribution'] or 'unknown')} ] .")
    return f"{iri} " + " ;\n    ".join(props) + " .\n" + "".join(line + "\n" for line in out)


def _statements(link: dict[str, Any]) -> list[str]:
    """Who states the link, each statement a node (PROV: the link was derived from it) with its id, source,
    licence, the source's relation, weight and dataset."""
    return [f"prov:wasDerivedFrom [ a prov:Entity ; dct:identifier {literal(s['statement'])} ; "
            f"dct:source {source_iri(s['source'])} ; dct:license {literal(s['licence'])} ; "
            f"aqea:relation {literal(s['relation'])} ; aqea:weight \"{float(s['weight'])!r}\"^^xsd:double ; "
            f"aqea:dataset {literal(s['dataset'])} ]" for s in link.get("statements") or []]


def _link_turtle(entry: str, link: dict[str, Any], senses: set[str]) -> str:
    """The link as a triple (a translation: a ``vartrans:Translation`` node); a link that link sources state also
    as an ``rdf:Statement`` of that triple, which carries its statements (a translation carries them itself)."""
    source = _sense_iri(entry, link["sense"]) if link["sense"] in senses else entry
    target = (entry_iri(link["target_address"], link.get("target_entry_language") or link["target_language"],
                        link["target_pos"], link.get("target_entry_lemma") or link["target_lemma"],
                        link["target_homograph"]) if link["target_pos"] is not None else None)
    written = literal(link["target_lemma"], link["target_language"])
    stated = _statements(link)
    if link["kind"] == "translation":
        parts = ["a vartrans:Translation", f"vartrans:source {source}", f"aqea:targetLanguage "
                 f"{literal(link['target_language'])}", f"aqea:targetWrittenForm {written}",
                 f"dct:source {source_iri(link['source'])}"]
        if target:
            parts.append(f"vartrans:target {target}")
        if link["note"]:
            parts.append(f"rdfs:comment {literal(link['note'])}")
        return f"[ {' ; '.join(parts + stated)} ] ."
    if link["kind"] == "concept" and target:
        predicate = "ontolex:isLexicalizedSenseOf" if source != entry else "ontolex:evokes"
    elif target:
        predicate = f"aqea:{link['kind']}"
    else:
        predicate = f"aqea:{link['kind']}Unresolved"
    obj = target or written
    triple = f"{source} {predicate} {obj} ."
    if not stated:
        return triple
    return (f"{triple}\n[ a rdf:Statement ; rdf:subject {source} ; rdf:predicate {predicate} ; rdf:object {obj} ; "
            f"dct:source {source_iri(link['source'])} ; {' ; '.join(stated)} ] .")
