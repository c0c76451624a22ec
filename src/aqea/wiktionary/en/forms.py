"""Head templates (gender; their forms are rendered in head_forms.py) and form-of
senses (``{{plural of|en|pie}}`` → a form_of relation; whether it is inflectional). Which templates
are form-of templates, and the words they name a form with, are in render.py (rendering needs them)."""

from __future__ import annotations

import re

from aqea.model import RelationRow
from aqea.wiktionary.en.common import _LANGUAGE_ALIASES, LANGUAGE_NAMES, _norm_name, _targs
from aqea.wiktionary.en.head_forms import HeadInfo, head_info
from aqea.wiktionary.en.relations import _clean_target
from aqea.wiktionary.en.render import (
    _FORM_OF_NAMES,
    _LANG_FORM_RE,
    _LANG_PREFIX_RE,
    _TAGS,
    _form_desc,
    _form_word,
    _plain,
    form_of_args,
)
from aqea.wiktionary.markup import iter_templates

_INFLECTIONAL_RE = re.compile(
    r"inflect|plural|singular|past|participle|person|comparative|superlative|tense|imperative|"
    r"supine|conjugat|gerund|infinitive|verb[ -]form|noun[ -]form|adj(?:ective)?[ -]form|"
    r"^[a-z]{2,3}-form of$|mutation|genitive|nominative|dative|accusative|vocative|"
    r"\bcase\b|feminine singular|masculine singular|neuter singular|feminine plural|"
    r"masculine plural|neuter plural|definite|indefinite|lenition|prothesis|aspirate"
)
_NON_INFLECTIONAL_RE = re.compile(
    r"alternative|alt[ -]?form|altform|spelling|abbreviation|initialism|acronym|clipping|ellipsis|"
    r"short for|contraction|misspelling|eye dialect|romani[sz]ation|reading of|pronunciation|"
    r"former name|synonym|synof|obsolete form|archaic form|dated form|nonstandard form|"
    r"rare form|euphemistic|female equivalent|male equivalent|diminutive|augmentative|"
    r"apocopic|aphetic|honorific|standard form|superseded|informal form|abbrev|syncopic|"
    r"only used in|agent noun|verbal noun|abstract noun|^feminine of$|^masculine of$"
)
_GENDER_TOKEN_RE = re.compile(r"[,/ ]+")
_HEAD_NAME_RE = re.compile(r"^(?:head|head-lite|[a-z]{2,3}(?:-[a-z]{2,4}){0,2}-[a-z][\w .-]*)$")
# (and cleanup requests before the head line: "{{rfc-header|Initialism}}")
_NOT_HEAD_RE = re.compile(
    r"-(?:IPA|pron|decl|conj|infl|see|wp|ipa|mut|mutation|audio|usex|x|rfc|rfe|kanjitab)\b|^rf[a-z]*-"
)
_GENDERS: dict[str, tuple[str, ...]] = {
    "m": ("m",),
    "f": ("f",),
    "n": ("n",),
    "c": ("c",),
    "mf": ("m", "f"),
    "fm": ("f", "m"),
    "mfbysense": ("m", "f"),
    "mn": ("m", "n"),
    "mfn": ("m", "f", "n"),
}
_GENDER_TEMPLATES = frozenset({"m", "f", "n", "c", "g", "mf", "fm", "mn"})
def _head(head: str, lemma: str, pos: str) -> tuple[tuple[str, ...], str, HeadInfo | None]:
    """Gender, head template name and what the template shows (forms, word tags; head_forms.py)."""
    gender: list[str] = []
    found_name = ""
    info: HeadInfo | None = None
    for start, end in iter_templates(head):
        name, positional, named = _targs(head[start + 2 : end - 2])
        name = _norm_name(name)
        if not found_name and _HEAD_NAME_RE.match(name) and not _NOT_HEAD_RE.search(name):
            found_name = name
            gender = list(_head_gender(name, positional, named))
            info = head_info(name, positional, named, lemma)
            if gender:
                break
        elif name in _GENDER_TEMPLATES and not gender:
            # old style "'''Haus''' {{n}}" or "{{g|m}}"
            values = positional if name == "g" else [name]
            for v in values:
                for g in _gender_values(v):
                    if g not in gender:
                        gender.append(g)
    return tuple(gender), found_name, info


def _gender_values(value: str) -> tuple[str, ...]:
    out: list[str] = []
    for token in _GENDER_TOKEN_RE.split(value.strip()):
        base = token.split("-", 1)[0]
        for g in _GENDERS.get(base, ()):
            if g not in out:
                out.append(g)
    return tuple(out)


def _head_gender(name: str, positional: list[str], named: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    candidates: list[str] = []
    for k in ("g", "g1", "g2", "g3", "g4", "gen", "gen1", "gen2"):
        if k in named and not (k.startswith("gen") and name.startswith("de-")):
            candidates.append(named[k])
    nounish = "noun" in name or (name in ("head", "head-lite") and len(positional) > 1 and "noun" in positional[1])
    if nounish and name not in ("head", "head-lite", "en-noun", "en-proper noun") and positional:
        first = positional[0]
        if name.startswith("de-") and "," in first:
            first = first.split(",", 1)[0]  # new de-noun: "n,es,Häuser"
        candidates.append(first)
    for c in candidates:
        for g in _gender_values(c):
            if g not in out:
                out.append(g)
    return tuple(out)


def _is_inflectional(name: str, note: str) -> bool:
    if _LANG_FORM_RE.match(name):
        return not _NON_INFLECTIONAL_RE.search(name)
    probe = note if name == "form of" else name
    return bool(_INFLECTIONAL_RE.search(probe)) and not _NON_INFLECTIONAL_RE.search(probe)


def _form_of(name: str, positional: list[str], named: dict[str, str], language: str, number: str) -> RelationRow | None:
    m = _LANG_PREFIX_RE.match(name)
    if m and m.group(1) in LANGUAGE_NAMES and name not in _FORM_OF_NAMES:
        # language-specific: {{de-verb form of|gehen|1|s|g}}, {{es-verb form of|…|hablar}}
        lang = m.group(1)
        desc = _form_desc(m.group(2))
        # the word is the first parameter that is not a grammatical tag: {{de-verb form of|gehen|1|s|g}},
        # {{nl-noun form of|pl|raaf}}, {{lt-form-noun|l|s|abatas}}, {{liv-conjugation of|1st|sg|pr|vȱlda}}
        target = _form_word(positional)
        args: list[str] = positional[1:]
    else:
        args = form_of_args(positional, named)
        lang = named["lang"] if "lang" in named else (positional[0] if len(args) < len(positional) else language)
        desc = name
        if name == "form of":
            # {{form of|en|obsolete plural|foo}}: description first, then the target
            desc = (_plain(args[0]) + " of") if args else name
            args = args[1:]
        target = args[0] if args else ""
        if name in ("inflection of", "infl of", "inflected form of") and len(args) > 2:
            tags = " ".join(_TAGS.get(t.strip(), t.strip()) for t in args[2:] if t.strip())
            if tags:
                desc = f"{tags} of"
    if name in ("synonym of", "synof"):
        kind = "synonym"
        desc = ""
    else:
        kind = "form_of"
    target = _clean_target(target)
    if not target:
        return None
    return (kind, target, _LANGUAGE_ALIASES.get(lang, lang) or language, number, desc)
