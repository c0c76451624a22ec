"""The headword line (``'''base''' {{pron|bɑz|fr}} {{f}}``) and ``{{S|prononciation}}`` sections.

The headword line's ``{{pron}}`` values are the lexeme's own IPA (Lexeme.ipa). A pronunciation
section speaks for the whole language section (or for its POS when nested under it), often for
several homographs and regions at once ("Canada : {{pron|ʃɑ|fr}}"), so its values are kept apart
in ``extra["pronunciation_section_ipa"]``, never mixed into the headword's.
"""

from __future__ import annotations

from typing import NamedTuple

from aqea.wiktionary.fr.tables import GENDER
from aqea.wiktionary.markup import iter_templates, template_args

_IPA_TEMPLATES = frozenset({"pron", "phon", "phono"})
_UNKNOWN_GENDER = frozenset({"genre ?", "genre"})


class Headword(NamedTuple):
    ipa: tuple[str, ...]
    gender: tuple[str, ...]
    gender_unknown: bool  # {{genre ?}}: the page says the gender is not known yet


def headword_line(body: str) -> str:
    """The first line of a POS section's text that starts with the bold headword."""
    for line in body.split("\n"):
        if line.startswith("'''"):
            return line
        if line.startswith("#"):
            break  # definitions started: no headword line
    return ""


def read_headword(line: str) -> Headword:
    ipa: list[str] = []
    gender: list[str] = []
    unknown = False
    for start, end in iter_templates(line):
        name, positional, named = template_args(line[start + 2 : end - 2])
        if name in _IPA_TEMPLATES:
            ipa.extend(ipa_values(positional, named))
        elif name in GENDER:
            gender.extend(g for g in GENDER[name] if g not in gender)
        elif name in _UNKNOWN_GENDER:
            unknown = True
    return Headword(tuple(dict.fromkeys(ipa)), tuple(gender), unknown)


def ipa_values(positional: list[str], named: dict[str, str]) -> list[str]:
    """IPA of ``{{pron|bɑz|fr}}`` / ``{{pron|bɑz|lang=fr}}``: the positional parameters before the
    language code; empty ones (``{{pron||fro}}``: not filled in yet) are none."""
    values = positional if "lang" in named else positional[:-1]
    return [v for v in values if v and v not in ("?", "…", "...")]


def section_ipa(body: str) -> list[str]:
    """Every ``{{pron}}``/``{{phon}}`` value of a pronunciation section, in order, once each."""
    out: list[str] = []
    for start, end in iter_templates(body):
        name, positional, named = template_args(body[start + 2 : end - 2])
        if name in _IPA_TEMPLATES:
            out.extend(ipa_values(positional, named))
    return list(dict.fromkeys(out))
