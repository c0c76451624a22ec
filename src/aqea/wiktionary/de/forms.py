"""Grammar of an entry: gender (heading templates, ``Genus=`` of the table), the inflection table of
the preamble (its forms are read in inflection_table.py), Grammatische Merkmale lines, and form-of /
spelling-variant relations (``{{Grundformverweis…}}``, ``{{Lemmaverweis}}``, ``{{Alte Schreibweise}}``)."""

from __future__ import annotations

import re

from aqea.wiktionary.de.common import GENDER_TEMPLATES, RelationTuple, _link_target
from aqea.wiktionary.markup import iter_templates, strip_markup, template_args

_GENUS_VALUES = {"m": "m", "f": "f", "n": "n", "u": "c", "c": "c"}
_GENUS_KEYS = ("Genus", "Genus 1", "Genus 2", "Genus 3", "Genus 4")
_HEADING_TEMPLATE_RE = re.compile(r"\{\{([^|{}]+)\}\}")
# The preamble template that carries the inflection table (Übersicht / old "-Tabelle" styles).
_INFLECTION_NAME_RE = re.compile(r"Übersicht|Tabelle|Deklination|Konjugation|Substantiv|Adjektiv|Verb\b")
_LIST_PREFIX_RE = re.compile(r"^[:*#]+\s*(?:\[(?!\[)[^\[\]\n]*\]\s*)?")


def _heading_gender(heading: str) -> tuple[str, ...]:
    out: list[str] = []
    for name in _HEADING_TEMPLATE_RE.findall(heading):
        for g in GENDER_TEMPLATES.get(name.strip(), ()):
            if g not in out:
                out.append(g)
    return tuple(out)


def _genus_gender(inflection: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    for key in _GENUS_KEYS:
        g = _GENUS_VALUES.get(inflection.get(key, "").strip())
        if g and g not in out:
            out.append(g)
    return tuple(out)


def _inflection(body: str) -> tuple[str, dict[str, str]]:
    """Name and named parameters (raw wikitext: a cell's ``<br />`` separates its forms) of the first
    inflection-table template in the POS preamble (``body``)."""
    if "{{" not in body:
        return "", {}
    for start, end in iter_templates(body):
        inner = body[start + 2 : end - 2]
        head = inner.partition("|")[0]
        if "{{" not in head and "[[" not in head:  # else the name needs the full parameter split
            head = head.strip()
            if head.startswith("Ü") or not _INFLECTION_NAME_RE.search(head):
                continue  # checked before the (costly) parameter split
        name, _positional, named = template_args(inner)
        if name.startswith("Ü") or not _INFLECTION_NAME_RE.search(name):
            continue
        table: dict[str, str] = {}
        for key, value in named.items():
            if not key or key.startswith("Bild"):
                continue  # picture parameters are layout, not grammar
            table[key] = value
        return name, table
    return "", {}


def _list_lines(body: str) -> list[str]:
    """Plain text of the ``:``/``*`` lines of a block (``":[1] Genitiv …"`` → ``"Genitiv …"``)."""
    out: list[str] = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line[0] not in ":*#":
            continue
        line = _LIST_PREFIX_RE.sub("", line)
        text = strip_markup(line)
        if text:
            out.append(text)
    return out


_FORM_TEMPLATE_RE = re.compile(
    r"\{\{\s*(Grundformverweis(?: Dekl| Konj)?|Lemmaverweis"
    r"|Alte Schreibweise|Schweizer und Liechtensteiner Schreibweise)\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}"
)
# spelling variants whose main entry is elsewhere: a "related" relation noted with the template name
_SPELLING_TEMPLATES = frozenset({"Alte Schreibweise", "Schweizer und Liechtensteiner Schreibweise"})


def _form_of(body: str, language: str, features: list[str]) -> list[RelationTuple]:
    """``{{Grundformverweis Dekl|Haus}}`` → form_of relations to the lemma, one per line of the
    Grammatische Merkmale block that names it (the line is the note: "Nominativ Plural des
    Substantivs Haus"), or one with an empty note. ``{{Lemmaverweis|X}}`` (an alternative
    spelling whose main entry is X) → a "related" relation, noted with its line or "Lemmaverweis".
    """
    out: list[RelationTuple] = []
    seen: set[tuple[str, str]] = set()
    for m in _FORM_TEMPLATE_RE.finditer(body):
        name, lemma = m.group(1), _link_target(m.group(2))
        if not lemma or (name, lemma) in seen:
            continue
        seen.add((name, lemma))
        if name in _SPELLING_TEMPLATES:
            # "{{Alte Schreibweise|Tor|seit der Reform von 1901}}": this spelling is the old one of Tor
            out.append(("related", lemma, language, "", name))
            continue
        kind = "related" if name == "Lemmaverweis" else "form_of"
        notes = [line for line in features if _names_word(line, lemma)]
        if not notes:
            notes = ["Lemmaverweis" if kind == "related" else ""]
        out.extend([(kind, lemma, language, "", note) for note in notes])
    return out


def _names_word(line: str, word: str) -> bool:
    """Does ``line`` contain ``word`` as a whole word?"""
    i = line.rfind(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not line[i - 1].isalnum()) and (j == len(line) or not line[j].isalnum()):
            return True
        i = line.rfind(word, 0, i)
    return False
