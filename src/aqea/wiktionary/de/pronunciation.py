"""Aussprache and Worttrennung: the headword's IPA, rhymes and hyphenation, and the forms' apart.

An Aussprache line gives the headword's pronunciation first, then its forms' after grammatical
markers: ``:{{IPA}} {{Lautschrift|haʊ̯s}}, {{Pl.}} {{Lautschrift|ˈhɔɪ̯zɐ}}``. Every pronunciation
becomes a *sound* ``{"ipa": …, "tags": […]}`` (``{"rhymes": …, "tags": […]}`` for ``{{Reim}}``):
the tags are the form's (taxonomy/form_markers_de.json: "plural", "past", "genitive" …, a case
marker after ``{{Pl.}}`` adds to it) and the qualifiers the page writes before it (label templates
``{{Österr.|:}}``, italic labels ``''veraltet:''``), as the edition shows them. The page's own
words before a value (``(bin: {{Lautschrift|bɪn}}``, ``das {{Lautschrift|…}}``) are kept as its
``note``. The headword's sounds are those with no form tag and no note — and, on a line that
starts with a form marker (``:{{IPA}} {{Pl.}} {{Lautschrift|ˈhɛndl̩}}``, a plural-only word),
those of its first form: their IPA is Lexeme.ipa, their rhymes extra["rhymes"].

IPA is stored as written, without delimiters (the edition writes none: ``{{Lautschrift}}`` shows
every transcription in […] whether broad or narrow), so German sounds carry no phonemic/phonetic tag.
"""

from __future__ import annotations

import re
from typing import Any

from aqea.taxonomy import load_table
from aqea.wiktionary.de.common import _NO_TARGET, BlockTuple
from aqea.wiktionary.markup import LABELS, TEMPLATE_TEXT, strip_markup, strip_refs

_FORM_SEPARATOR_RE = re.compile(r"[,;]\s")
_FORM_MARKERS = load_table("form_markers_de")
# marker → form tags: a base marker names a form (and drops the case), a case marker adds a case to it
_BASE_MARKERS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _FORM_MARKERS["base"].items()}
_CASE_MARKERS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _FORM_MARKERS["case"].items()}
# "no plural" / "no comparison" markers and the line kinds: they give no form and no qualifier
_SILENT_TEMPLATES = frozenset(_FORM_MARKERS["none"]) | {"IPA", "Reime", "Hörbeispiele", "Audio", "fehlend"}
_VALUE_TEMPLATES = {"Lautschrift": "ipa", "Reim": "rhymes"}
_QUALIFIERS: dict[str, str] = {**_FORM_MARKERS["qualifiers"], **LABELS}

# a template (name, parameters) or an italic span: the pieces of a line between its plain text
_PIECE_RE = re.compile(r"\{\{([^{}|]*)(\|[^{}]*)?\}\}|''+([^'\n]+?)''+")
_HELP_LINK_RE = re.compile(r"\[\[Hilfe:[^\]\n]*\]\]:?")  # "[[Hilfe:IPA|IPA]]:" starts a line like {{IPA}}
_NOTE_STRIP = " \t,;:()–-\u00a0"
_FILLER_WORDS = frozenset({"", "auch", "oder", "und", "bzw.", "sowie", "&nbsp;"})
_PLACEHOLDER_IPA = frozenset({"", "...", "…", "-", "—", "?"})

_IPA_LINE_RE = re.compile(r"^[:*]*[ \t]*\{\{\s*(?:IPA|Reime)\s*\}\}.*$", re.M)
_IPA_FALLBACK_BLOCKS = frozenset({"", "Worttrennung", "Silbentrennung"})

Sound = dict[str, Any]  # {"ipa" | "rhymes": str, "tags": [str], "note"?: str}


def _pronunciation(
    blocks: list[BlockTuple], lang_preamble: list[BlockTuple] | None
) -> tuple[tuple[str, ...], list[str], list[Sound]]:
    """The headword's IPA, its rhymes, and every sound (the forms' too) of the Aussprache blocks.

    Fallbacks when the section has no Aussprache block, in order: an Aussprache block written
    once before the language section's first POS heading; ``:{{IPA}} …`` / ``:{{Reime}} …`` lines
    whose marker line was forgotten (they then sit in the preamble or the Worttrennung block). Translation tables,
    which also carry Lautschrift for foreign words, are never looked at.
    """
    texts = [b[1] for b in blocks if b[0] == "Aussprache"]
    if not texts and lang_preamble is not None:
        texts = [b[1] for b in lang_preamble if b[0] == "Aussprache"]
    if not texts:
        texts = [
            m.group()
            for name, body, _start, _end in blocks
            if name in _IPA_FALLBACK_BLOCKS and ("{{IPA" in body or "{{Reime" in body)
            for m in _IPA_LINE_RE.finditer(body)
        ]
    if not texts:
        return (), [], []
    text = strip_refs(texts[0] if len(texts) == 1 else "\n".join(texts))
    sounds: list[Sound] = []
    ipa: dict[str, None] = {}  # ordered sets
    rhymes: dict[str, None] = {}
    for line in text.splitlines():
        if "{{Lautschrift" in line or "{{Reim" in line:
            _line_sounds(line, sounds, ipa, rhymes)
    unique = list({_sound_key(s): s for s in sounds}.values())
    return tuple(ipa), list(rhymes), unique


def _sound_key(sound: Sound) -> tuple[Any, ...]:
    return (sound.get("ipa"), sound.get("rhymes"), tuple(sound["tags"]), sound.get("note"))


def _line_sounds(line: str, out: list[Sound], ipa: dict[str, None], rhymes: dict[str, None]) -> None:
    """The sounds of one Aussprache line, in order; the headword's values also go to ``ipa`` / ``rhymes``."""
    if "[[Hilfe:" in line:
        line = _HELP_LINK_RE.sub("", line)
    base: tuple[str, ...] = ()
    case: tuple[str, ...] = ()
    line_quals: list[str] = []  # written before the line's first value and marker: hold for the whole line
    quals: list[str] = []  # written after one: hold until the next form marker
    note = ""
    markers = 0  # form markers met so far
    lead_form = False  # the line starts with a form marker: its first form is the headword's
    seen_value = False
    pos = 0
    for m in _PIECE_RE.finditer(line):
        if m.start() > pos:
            words = line[pos : m.start()]
            if "[[" in words:
                words = strip_markup(words)
            words = words.strip(_NOTE_STRIP)
            if words not in _FILLER_WORDS:
                note = words
        pos = m.end()
        name, params, italic = m.groups()
        if italic is not None:
            label = italic.strip(_NOTE_STRIP)
            if label:
                (quals if seen_value or markers else line_quals).append(label)
            continue
        name = name.strip()
        kind = _VALUE_TEMPLATES.get(name)
        if kind is not None:
            value = params[1:].split("|", 1)[0] if params else ""
            form = base + case
            own = (not form or (lead_form and markers == 1)) and not note
            for v in value.split(",") if kind == "ipa" else (value,):
                v = v.strip()
                if v in _PLACEHOLDER_IPA:
                    continue
                sound: Sound = {kind: v, "tags": [*form, *line_quals, *quals]}
                if note:
                    sound["note"] = note
                out.append(sound)
                if own:
                    (ipa if kind == "ipa" else rhymes)[v] = None
            note = ""
            seen_value = True
        elif name in _BASE_MARKERS or name in _CASE_MARKERS:
            if name in _BASE_MARKERS:
                base, case = _BASE_MARKERS[name], ()
            else:
                case = _CASE_MARKERS[name]
            lead_form = lead_form or (markers == 0 and not seen_value)
            markers += 1
            quals = []
            note = ""
        elif name not in _SILENT_TEMPLATES:
            label = _QUALIFIERS.get(name) or name  # {{Österr.|:}}, {{va.|:}}: a qualifier
            (quals if seen_value or markers else line_quals).append(label)


_LEADING_ITALIC_LABEL_RE = re.compile(r"^''[^'\n]*?:''\s*")
# Worttrennung: a grammatical marker before the first form (":{{kSg.}}, {{Pl.}} Hän·del")
_LEADING_MARKER_RE = re.compile(r"\{\{([^{}|]+)(?:\|[^{}]*)?\}\}[ \t,;:]*")
_FORM_MARKER_RE = re.compile(r"\{\{\s*([^{}|]+?)\s*(?:\|[^{}]*)?\}\}")
_ITEM_SPLIT_RE = re.compile(r"[,;](?![^()]*\))")  # "," / ";" outside parentheses
_ASIDE_RE = re.compile(r"\s\([^()]*(?:\([^()]*\)[^()]*)*\)")  # " (''auch:'' PKW(s))": an aside, not the form
_ITALIC_RE = re.compile(r"''+([^'\n]+?)''+")


def _hyphenation(body: str, lemma: str) -> tuple[str, list[dict[str, Any]]]:
    """The headword's hyphenated form in the Worttrennung block and the forms' after their markers:
    ``":Hal·lo, {{Pl.}} Hal·los"`` → ("Hal·lo", [{"hyphenation": "Hal·los", "tags": ["plural"]}]).
    Grammatical markers that start the line are skipped: ``":{{kSg.}}, {{Pl.}} Hän·del"`` → the
    headword is "Hän·del" (a plural-only word), also listed as the plural."""
    for line in body.splitlines():
        line = line.strip().lstrip(":").strip()
        if not line:
            continue
        line = _LEADING_ITALIC_LABEL_RE.sub("", line)  # ":''Neue Rechtschreibung:'' gut, …"
        pos = 0
        lead = 0  # where the line's first form marker starts, when it starts the line
        lead_found = False
        while line.startswith("{{", pos):
            m = _LEADING_MARKER_RE.match(line, pos)
            name = m.group(1).strip() if m else ""
            if m is None or not (isinstance(TEMPLATE_TEXT.get(name), str) or name in LABELS):
                break  # not a grammatical marker ({{Pl.}}, {{kSg.}}, {{va.|:}}): no form here
            if not lead_found and (name in _BASE_MARKERS or name in _CASE_MARKERS):
                lead, lead_found = pos, True
            pos = m.end()
        head = line[pos:]
        # the form ends where the first grammatical marker ({{Pl.}}, {{Prät.}}, …) or note starts
        cut = len(head)
        for marker in ("{{", "''", "<"):
            i = head.find(marker)
            if i >= 0:
                cut = min(cut, i)
        form = head[:cut].rstrip(" \t,;:(")
        if not form:
            return "", []
        # "kein, kei·ne, kei·ner": keep only the first form when it is the lemma itself
        first = _FORM_SEPARATOR_RE.split(form, maxsplit=1)[0]
        if first != form and first.replace("·", "").replace(" ", "").lower() == lemma.replace(" ", "").lower():
            form = first
        if "[" in form:
            form = strip_markup(form)
        rest = line[lead:] if lead_found else head[cut:]
        return form, _form_hyphenations(rest) if "{{" in rest else []
    return "", []


def _form_hyphenations(text: str) -> list[dict[str, Any]]:
    """The forms after each form marker of a Worttrennung line, tagged: ``"{{Prät.}} wur·de,
    ''(veraltet)'' ward"`` → wur·de ["past"], ward ["past", "veraltet"]."""
    text = strip_refs(text)
    out: list[dict[str, Any]] = []
    base: tuple[str, ...] | None = None  # None: before the first form marker (the headword's part)
    case: tuple[str, ...] = ()
    quals: list[str] = []  # label templates ({{va.|:}}): hold until the next form marker
    pos = 0
    for m in [*_FORM_MARKER_RE.finditer(text), None]:
        segment = text[pos : m.start() if m else len(text)]
        if base is not None and segment.strip(" \t,;:"):
            _segment_forms(segment, [*base, *case], quals, out)
        if m is None:
            break
        pos = m.end()
        name = m.group(1)
        if name in _BASE_MARKERS:
            base, case, quals = _BASE_MARKERS[name], (), []
        elif name in _CASE_MARKERS:
            base, case, quals = base or (), _CASE_MARKERS[name], []
        elif base is not None and name in LABELS:
            quals = [*quals, LABELS[name]]
    return out


def _segment_forms(segment: str, form: list[str], quals: list[str], out: list[dict[str, Any]]) -> None:
    """The comma-separated forms of one marker's segment; an italic label in an item qualifies it."""
    for item in _ITEM_SPLIT_RE.split(segment):
        item = _ASIDE_RE.sub("", item)
        labels = [x.strip(_NOTE_STRIP) for x in _ITALIC_RE.findall(item)] if "''" in item else []
        if labels:
            item = _ITALIC_RE.sub("", item)
        item = item.strip(" \t:")
        if item.startswith("auch:"):
            item = item[5:].strip()
        if "[" in item or "<" in item or "&" in item:
            item = strip_markup(item)
        if item in _NO_TARGET:
            continue
        out.append({"hyphenation": item, "tags": [*form, *quals, *(x for x in labels if x)]})
