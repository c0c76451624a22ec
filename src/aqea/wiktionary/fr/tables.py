"""The French edition's data tables (aqea/taxonomy/*_fr.json), loaded once per process."""

from __future__ import annotations

import re

from aqea.taxonomy import load_table

_LANGUAGES = load_table("languages_fr")
LANGUAGE_CODES: dict[str, str] = _LANGUAGES["codes"]

_POS = load_table("pos_fr")
POS: dict[str, str] = _POS["pos"]
NON_POS: frozenset[str] = frozenset(_POS["non_pos"])
RELATION_SECTIONS: dict[str, str] = _POS["relations"]  # word-list section name → relation kind

_TEMPLATES = load_table("templates_fr")
GENDER: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _TEMPLATES["gender"].items()}
TEXT: dict[str, int | str] = _TEMPLATES["text"]
LABEL_LISTS: frozenset[str] = frozenset(_TEMPLATES["label_lists"])
LABELS: dict[str, str] = _TEMPLATES["labels"]
NOT_LABELS: frozenset[str] = frozenset(_TEMPLATES["not_labels"])
STOP_WORDS: frozenset[str] = frozenset(_TEMPLATES["stop_words"])

# Codes shaped like ISO 639 / BCP 47 ("fr", "grc", "gcf-mq") are ours already; the others are the
# edition's own names for languages without such a code ("angevin"), which we do not guess.
_CODE_SHAPE_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def language_code(code: str) -> str:
    """Our language code for a French-Wiktionary code: "fr" → "fr", "conv" → "mul", "angevin" → "und:angevin"."""
    code = code.strip()
    mapped = LANGUAGE_CODES.get(code)
    if mapped:
        return mapped
    if _CODE_SHAPE_RE.fullmatch(code):
        return code
    return f"und:{code}"
