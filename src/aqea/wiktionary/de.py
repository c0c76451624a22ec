"""German-edition (de.wiktionary.org) page parser.

Page layout::

    == Hallo ({{Sprache|Deutsch}}) ==                 language section (level 2)
    === {{Wortart|Substantiv|Deutsch}}, {{n}} ===      part-of-speech section (level 3) → one Lexeme
    {{Deutsch Substantiv Übersicht|Genus=n|…}}         preamble: inflection table
    {{Worttrennung}} / {{Aussprache}} / {{Bedeutungen}} / …   blocks
    ==== {{Übersetzungen}} ====

What a Lexeme gets: gender, IPA (every Lautschrift of every Aussprache block), senses with
labels and their examples ({{Beispiele}} ":[1, 2] …" → Sense.examples of senses 1 and 2),
relations, and in ``extra``: hyphenation, rhymes, inflection (+ template name), etymology
({{Herkunft}} as plain text), grammatical_features, examples_unattached (marker names no sense:
"[?]", "[*]", none, or a number the page does not have), translation_redirects
({{Übersetzungen umleiten|…}}).

Relation semantics (model.Relation):
  * word lists ({{Synonyme}} synonym, {{Gegenwörter}} antonym, {{Oberbegriffe}} hypernym,
    {{Unterbegriffe}} hyponym, {{Wortbildungen}}/{{Abgeleitete Begriffe}} derived, and
    RELATION_BLOCKS' "related" blocks noted with their block name): one Relation per word and
    per sense number its line names — ":[1, 2] [[Fichte]]" gives Fichte/"1" and Fichte/"2",
    "[1–3]" is expanded; no marker, "[*]" or "[?]" give sense "". Language = the lexeme's.
  * translations: one Relation per {{Ü…|code|word}} and sense. The sense is the inline marker
    before the word on its line ("*{{en}}: [3] {{Ü|en|home}}"), else the {{Ü-Tabelle|n|…}}
    number, else "" (never guessed). Note = "gender; Umschrift: transliteration; G-gloss".
    A line without any {{Ü}} gives its links ("*{{de}}: [1] [[Brust]]", foreign entries).
  * {{Grundformverweis…|X}} → form_of X, one per Grammatische-Merkmale line naming X (the line
    is the note); {{Lemmaverweis|X}} → related X.
  * Sub-senses "::[a]" under ":[1]" are numbered "1a": that is how examples and relations name them.

Speed: the page is split with line regexes (sections.py) and only the few lines we need are
looked at (markup.py); no parse tree is built. Translation lists, most of a page's bytes, are
read in one regex pass.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from aqea.model import Lexeme, Page, ParseResult, Rejection, Relation, Sense
from aqea.taxonomy import load_table
from aqea.wiktionary.markup import (
    LABEL_LIST_TEMPLATES,
    LABELS,
    TEMPLATE_TEXT,
    iter_templates,
    split_params,
    strip_markup,
    strip_refs,
    template_args,
)
from aqea.wiktionary.sections import (
    DE_BLOCK_NAMES,
    Block,
    Section,
    children,
    first_block,
    split_blocks,
    split_sections,
)

SOURCE = "dewiktionary"

# Loaded once per process: name → code tables (aqea/taxonomy/*.json).
LANGUAGES: dict[str, str] = load_table("languages_de")["languages"]
POS: dict[str, str] = load_table("pos_de")["pos"]

# Gender templates in POS headings ({{m}}, {{mf}}, …); "u" (utrum) is common gender "c".
GENDER_TEMPLATES: dict[str, tuple[str, ...]] = {
    "m": ("m",),
    "f": ("f",),
    "n": ("n",),
    "mf": ("m", "f"),
    "fm": ("f", "m"),
    "mn": ("m", "n"),
    "nm": ("n", "m"),
    "fn": ("f", "n"),
    "nf": ("n", "f"),
    "mfn": ("m", "f", "n"),
    "u": ("c",),
    "c": ("c",),
}
_GENUS_VALUES = {"m": "m", "f": "f", "n": "n", "u": "c", "c": "c"}
_GENUS_KEYS = ("Genus", "Genus 1", "Genus 2", "Genus 3", "Genus 4")

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_REDIRECT_RE = re.compile(r"\A\s*#\s*(?:REDIRECT|WEITERLEITUNG)\b", re.I)
# First positional parameter of a simple template; values are stripped in code, not in the
# pattern (a lazy group followed by \s* backtracks quadratically on long blank runs).
_SPRACHE_RE = re.compile(r"\{\{\s*Sprache\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_WORTART_RE = re.compile(r"\{\{\s*Wortart\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_HEADING_TEMPLATE_RE = re.compile(r"\{\{([^|{}]+)\}\}")
_LAUTSCHRIFT_RE = re.compile(r"\{\{\s*Lautschrift\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_REIM_RE = re.compile(r"\{\{\s*Reim\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
# ":[1] …", "::[2a] …", ":[1, 2] …"; "[[" is a link at the start of an unnumbered line, not a number
_SENSE_RE = re.compile(r"^(:+)[ \t]*\[(?!\[)([^\[\]\n]*)\][ \t]*(.*)$", re.M)
_LIST_PREFIX_RE = re.compile(r"^[:*#]+\s*(?:\[(?!\[)[^\[\]\n]*\]\s*)?")
_PLACEHOLDER_IPA = frozenset({"", "...", "…", "-", "—", "?"})
# The preamble template that carries the inflection table (Übersicht / old "-Tabelle" styles).
_INFLECTION_NAME_RE = re.compile(r"Übersicht|Tabelle|Deklination|Konjugation|Substantiv|Adjektiv|Verb\b")
# Leading run of a sense line made of label templates, quotes, blanks and separators: it is
# the label prefix ("{{K|Zoologie}}", "''{{ugs.}}, ''") and goes to Sense.labels, not the gloss.
_PREFIX_JUNK = frozenset(" \t',;:")
_LEADING_ITALIC_LABEL_RE = re.compile(r"^''[^'\n]*?:''\s*")


def parse_page(page: Page, source: str = SOURCE) -> ParseResult:
    """Parse one German Wiktionary page into lexemes. Never raises.

    Non-article namespaces and redirects are ``skipped``; pages without a language section or
    without a part-of-speech heading get a ``rejection``; any internal error becomes a
    ``Rejection(reason="parser error")``.
    """
    try:
        if page.namespace != 0:
            return ParseResult(skipped=f"namespace {page.namespace}")
        if page.redirect is not None or _REDIRECT_RE.match(page.text or ""):
            return ParseResult(skipped="redirect")
        return _parse(page, source)
    except Exception as e:  # a bad page must not stop a dump run
        return ParseResult(
            rejection=Rejection(
                source=source,
                title=str(getattr(page, "title", "")),
                reason="parser error",
                detail=f"{type(e).__name__}: {e}",
                page_id=getattr(page, "page_id", None),
                revision_id=getattr(page, "revision_id", None),
            )
        )


def _reject(page: Page, source: str, reason: str, detail: str = "") -> ParseResult:
    return ParseResult(
        rejection=Rejection(
            source=source,
            title=page.title,
            reason=reason,
            detail=detail,
            page_id=page.page_id,
            revision_id=page.revision_id,
        )
    )


def _parse(page: Page, source: str) -> ParseResult:
    text = page.text or ""
    if "<!--" in text:
        # comments hide headings' tails and block content; drop them once for the whole page
        text = _COMMENT_RE.sub("", text)
    sections = split_sections(text)

    lang_sections: list[tuple[Section, str, str]] = []  # (section, language name, lemma)
    for s in sections:
        if s.level != 2:
            continue
        m = _SPRACHE_RE.search(s.title)
        lang_name = m.group(1).strip() if m else ""
        if not lang_name:
            continue  # a level-2 heading that is not a language section
        lemma = _heading_lemma(s.title[: m.start()]) or page.title
        lang_sections.append((s, lang_name, lemma))

    if not lang_sections:
        n_pos = sum(1 for s in sections if "{{Wortart" in s.title)
        detail = f"{n_pos} part-of-speech heading(s) outside any language section" if n_pos else ""
        return _reject(page, source, "no language section", detail)

    lexemes: list[Lexeme] = []
    unknown_pos: dict[str, None] = {}  # ordered set
    seen: Counter[tuple[str, str, str]] = Counter()
    for lang_section, lang_name, lemma in lang_sections:
        language = LANGUAGES.get(lang_name) or f"und:{lang_name}"
        pos_sections = children(sections, lang_section, level=3)
        # "{{Aussprache}}" written once for the whole language section, before its first POS heading
        preamble_end = pos_sections[0].start if pos_sections else lang_section.end
        preamble = text[lang_section.body_start : preamble_end]
        lang_preamble = split_blocks(preamble) if "{{Aussprache" in preamble else None
        for pos_section in pos_sections:
            names = [n.strip() for n in _WORTART_RE.findall(pos_section.title) if n.strip()]
            if not names:
                continue  # a level-3 heading that is not a part of speech
            for n in names:
                if n not in POS:
                    unknown_pos[n] = None
            pos = POS.get(names[0], "unknown")
            key = (language, lemma, pos)
            seen[key] += 1
            lexemes.append(
                _lexeme(
                    text[pos_section.body_start : pos_section.end],
                    pos_section.title,
                    language=language,
                    lemma=lemma,
                    pos=pos,
                    pos_names=tuple(names),
                    homograph=seen[key],
                    source=source,
                    page=page,
                    lang_preamble=lang_preamble,
                )
            )

    if not lexemes:
        langs = ", ".join(dict.fromkeys(name for _s, name, _l in lang_sections))
        return _reject(page, source, "no part-of-speech section", f"language sections: {langs}")
    return ParseResult(lexemes=tuple(lexemes), unknown_pos=tuple(unknown_pos))


def _heading_lemma(before: str) -> str:
    """``"Hallo ("`` → ``"Hallo"``: the heading text before ``({{Sprache|…}})``."""
    lemma = before.strip()
    if lemma.endswith("("):
        lemma = lemma[:-1].rstrip()
    if any(c in lemma for c in "[{'<&"):
        lemma = strip_markup(lemma)
    return lemma


def _lexeme(
    body: str,
    heading: str,
    *,
    language: str,
    lemma: str,
    pos: str,
    pos_names: tuple[str, ...],
    homograph: int,
    source: str,
    page: Page,
    lang_preamble: list[Block] | None = None,
) -> Lexeme:
    blocks = split_blocks(body)
    extra: dict[str, Any] = {}

    inflection_name, inflection = _inflection(blocks[0])
    if inflection:
        extra["inflection"] = inflection
        extra["inflection_template"] = inflection_name

    gender = _heading_gender(heading) or _genus_gender(inflection)

    hyph_block = first_block(blocks, "Worttrennung", "Silbentrennung")
    if hyph_block is not None:
        hyph = _hyphenation(hyph_block.body, lemma)
        if hyph:
            extra["hyphenation"] = hyph

    ipa, rhymes = _pronunciation(blocks, lang_preamble)
    if rhymes:
        extra["rhymes"] = rhymes

    # form pages describe themselves here instead of in {{Bedeutungen}} (sometimes in two blocks)
    features_lines = [line for b in blocks if b.name == "Grammatische Merkmale" for line in _list_lines(b.body)]
    if features_lines:
        extra["grammatical_features"] = features_lines

    senses: tuple[Sense, ...] = ()
    meanings = first_block(blocks, "Bedeutungen", "Bedeutung")
    if meanings is not None:
        senses = tuple(_senses(meanings.body))

    examples_block = first_block(blocks, "Beispiele")
    if examples_block is not None:
        senses, unattached = _attach_examples(senses, _examples(examples_block.body))
        if unattached:
            extra["examples_unattached"] = unattached

    etymology = first_block(blocks, "Herkunft")
    if etymology is not None:
        text = _etymology(etymology.body)
        if text:
            extra["etymology"] = text

    relations: list[Relation] = []
    for b in blocks:
        kind = RELATION_BLOCKS.get(b.name)
        if kind is not None:
            note = b.name if kind == "related" else ""
            relations.extend(_word_relations(b.body, kind, language, note))
    redirects = _translations(blocks, relations)
    if redirects:
        extra["translation_redirects"] = redirects
    if "verweis" in body:
        relations.extend(_form_of(body, language, features_lines))

    return Lexeme(
        language=language,
        lemma=lemma,
        pos=pos,
        pos_names=pos_names,
        homograph=homograph,
        source=source,
        page_id=page.page_id,
        revision_id=page.revision_id,
        gender=gender,
        ipa=ipa,
        senses=senses,
        relations=tuple(dict.fromkeys(relations)),  # same relation twice on a page counts once
        extra=extra,
    )


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


def _inflection(preamble: Block) -> tuple[str, dict[str, str]]:
    """Named parameters of the first inflection-table template in the POS preamble."""
    body = preamble.body
    if "{{" not in body:
        return "", {}
    for start, end in iter_templates(body):
        name, _positional, named = template_args(body[start + 2 : end - 2])
        if name.startswith("Ü") or not _INFLECTION_NAME_RE.search(name):
            continue
        table: dict[str, str] = {}
        for key, value in named.items():
            if not key or key.startswith("Bild"):
                continue  # picture parameters are layout, not grammar
            table[key] = strip_markup(value) if any(c in value for c in "[{'<&") else value
        return name, table
    return "", {}


def _hyphenation(body: str, lemma: str) -> str:
    """First hyphenated form of the Worttrennung block: ``":Hal·lo, {{Pl.}} Hal·los"`` → ``"Hal·lo"``."""
    for line in body.splitlines():
        line = line.strip().lstrip(":").strip()
        if not line:
            continue
        line = _LEADING_ITALIC_LABEL_RE.sub("", line)  # ":''Neue Rechtschreibung:'' gut, …"
        # the form ends where the first grammatical marker ({{Pl.}}, {{Prät.}}, …) or note starts
        cut = len(line)
        for marker in ("{{", "''", "<"):
            i = line.find(marker)
            if i >= 0:
                cut = min(cut, i)
        form = line[:cut].rstrip(" \t,;:(")
        if not form:
            return ""
        # "kein, kei·ne, kei·ner": keep only the first form when it is the lemma itself
        first = re.split(r"[,;]\s", form, maxsplit=1)[0]
        if first != form and first.replace("·", "").replace(" ", "").lower() == lemma.replace(" ", "").lower():
            form = first
        return strip_markup(form) if "[" in form else form
    return ""


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


def _senses(body: str) -> list[Sense]:
    """Numbered senses. A letter-only sub-sense (``::[a]`` under ``:[1]``) is numbered "1a", as
    examples, relations and translations name it (``:[1a] …``)."""
    senses: list[Sense] = []
    parent = ""
    for m in _SENSE_RE.finditer(body):
        number = m.group(2).strip()
        if len(m.group(1)) == 1:
            parent = number
        elif parent and number.isalpha() and number.islower():
            number = parent + number
        labels, gloss = _labels_and_gloss(m.group(3))
        if not gloss and not labels:
            continue  # ":[1]" placeholder without content
        senses.append(Sense(number=number, gloss=gloss, labels=tuple(labels)))
    return senses


def _labels_and_gloss(line: str) -> tuple[list[str], str]:
    """Split one sense line into its labels and its plain-text gloss.

    Labels come from ``{{K|…}}``/``{{Kontext|…}}`` (positional parameters, abbreviations
    expanded) and from label templates such as ``{{ugs.}}`` anywhere in the line. The leading
    run of label templates is removed from the gloss; label templates later in the line stay
    visible ("''österreichisch,'' {{ugs.|:}} stehlen" → "österreichisch, umgangssprachlich: stehlen").
    """
    if "{{" not in line:
        return [], strip_markup(line)
    labels: list[str] = []
    pieces: list[str] = []
    pos = 0
    prefix = True  # still inside the leading label run
    for start, end in iter_templates(line):
        between = line[pos:start]
        if prefix and not all(c in _PREFIX_JUNK for c in between):
            prefix = False
        pieces.append(between)
        name, positional, _named = template_args(line[start + 2 : end - 2])
        if name in LABEL_LIST_TEMPLATES:
            for p in positional:
                label = strip_markup(p) if any(c in p for c in "[{'<&") else p
                label = LABELS.get(label, label)
                if label and label not in labels:
                    labels.append(label)
            # K renders in front of the gloss; as structured labels it is not gloss text
        elif name in LABELS:
            if LABELS[name] not in labels:
                labels.append(LABELS[name])
            if not prefix:
                pieces.append(line[start:end])
        else:
            prefix = False
            pieces.append(line[start:end])
        pos = end
    pieces.append(line[pos:])
    gloss = strip_markup("".join(pieces))
    return labels, gloss.lstrip(",;: ").strip()


# --------------------------------------------------------------------------- pronunciation

_IPA_LINE_RE = re.compile(r"^[:*]*[ \t]*\{\{\s*(?:IPA|Reime)\s*\}\}.*$", re.M)
_IPA_FALLBACK_BLOCKS = frozenset({"", "Worttrennung", "Silbentrennung"})


def _pronunciation(blocks: list[Block], lang_preamble: list[Block] | None) -> tuple[tuple[str, ...], list[str]]:
    """IPA and rhymes: every ``{{Lautschrift|…}}`` / ``{{Reim|…}}`` of every Aussprache block.

    Fallbacks when the section has no Aussprache block, in order: an Aussprache block written
    once before the language section's first POS heading; ``:{{IPA}} …`` / ``:{{Reime}} …`` lines
    whose marker line was forgotten (they then sit in the preamble or the Worttrennung block). Translation tables,
    which also carry Lautschrift for foreign words, are never looked at.
    """
    texts = [b.body for b in blocks if b.name == "Aussprache"]
    if not texts and lang_preamble is not None:
        texts = [b.body for b in lang_preamble if b.name == "Aussprache"]
    if not texts:
        texts = [
            m.group()
            for b in blocks
            if b.name in _IPA_FALLBACK_BLOCKS and ("{{IPA" in b.body or "{{Reime" in b.body)
            for m in _IPA_LINE_RE.finditer(b.body)
        ]
    if not texts:
        return (), []
    text = texts[0] if len(texts) == 1 else "\n".join(texts)
    found = (v.strip() for v in _LAUTSCHRIFT_RE.findall(text))
    ipa = tuple(dict.fromkeys(v for v in found if v not in _PLACEHOLDER_IPA))
    rhymes = list(dict.fromkeys(v.strip() for v in _REIM_RE.findall(text) if v.strip()))
    return ipa, rhymes


# --------------------------------------------------------------------------- sense numbers

_RANGE_RE = re.compile(r"^(\d+)([a-z]?)\s*[–—-]\s*(\d*)([a-z]?)$")
_MAX_RANGE = 60
_MARKER_SPLIT_RE = re.compile(r"[,/;]")


@lru_cache(maxsize=4096)
def sense_numbers(marker: str) -> tuple[str, ...]:
    """The sense numbers a ``[…]`` marker names, as written: ``"1, 2"`` → ("1", "2"),
    ``"1–3"`` → ("1", "2", "3"), ``"2a–c"`` → ("2a", "2b", "2c"), ``"1, (2, 4)"`` → ("1", "2", "4").

    ``[*]`` (all senses), ``[?]`` (unknown) and empty markers name no sense: ().
    """
    out: dict[str, None] = {}
    for part in _MARKER_SPLIT_RE.split(marker.replace("(", "").replace(")", "")):
        part = part.strip().rstrip(".")
        if not part or part in ("*", "?", "…", "..."):
            continue
        m = _RANGE_RE.match(part)
        if m:
            a, a_letter, b, b_letter = m.groups()
            if not a_letter and not b_letter and b and int(a) <= int(b) <= int(a) + _MAX_RANGE:
                for i in range(int(a), int(b) + 1):
                    out[str(i)] = None
                continue
            if a_letter and b_letter and (not b or b == a) and a_letter <= b_letter:
                for c in range(ord(a_letter), ord(b_letter) + 1):
                    out[f"{a}{chr(c)}"] = None
                continue
        out[part] = None  # anything else is kept exactly as written
    return tuple(out)


# ":[1, 2] text", "::[a] text", ":text", "*text": list depth, optional marker, rest
_LIST_LINE_RE = re.compile(r"^([:*#]+)[ \t]*(?:\[(?!\[)([^\[\]\n]*)\](?!\]))?[ \t]*(.*)$")


# --------------------------------------------------------------------------- examples


def _examples(body: str) -> list[tuple[str, str]]:
    """``(marker, text)`` per example of a Beispiele block, refs and markup stripped.

    Deeper unnumbered lines (``::…`` after ``:[1] …``: verse lines, translations of foreign
    examples) continue the example above them and are joined to it with a newline.
    """
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None  # lines of the example that deeper lines continue
    for line in strip_refs(body).splitlines():
        m = _LIST_LINE_RE.match(line)
        if m is None:
            continue
        depth, marker, rest = m.groups()
        text = _plain(rest) if rest else ""
        if marker is None and len(depth) > 1 and current is not None:
            if text:
                current.append(text)
            continue
        if not text:
            current = None  # ":[1]" placeholder: nothing to continue
            continue
        current = [text]
        out.append((marker or "", current))
    return [(marker, "\n".join(lines)) for marker, lines in out]


def _plain(text: str) -> str:
    """strip_markup, and footnotes the page wrote escaped (``&lt;ref&gt;…&lt;/ref&gt;``) go too."""
    text = strip_markup(text)
    return strip_refs(text).strip() if "<ref" in text or "<Ref" in text else text


def _attach_examples(
    senses: tuple[Sense, ...], examples: list[tuple[str, str]]
) -> tuple[tuple[Sense, ...], list[dict[str, str]]]:
    """Put each example on every sense its marker names; the rest (marker names no existing
    sense, ``[?]``, ``[*]``, no marker) is returned as ``{"sense": marker, "text": …}``."""
    known = {s.number for s in senses}
    by_sense: dict[str, list[str]] = {}
    unattached: list[dict[str, str]] = []
    for marker, text in examples:
        hit = False
        for n in sense_numbers(marker):
            if n in known:
                by_sense.setdefault(n, []).append(text)
                hit = True
        if not hit:
            unattached.append({"sense": marker, "text": text})
    if by_sense:
        senses = tuple(
            Sense(s.number, s.gloss, s.labels, tuple(by_sense[s.number])) if s.number in by_sense else s for s in senses
        )
    return senses, unattached


# --------------------------------------------------------------------------- etymology


def _etymology(body: str) -> str:
    """Plain text of the Herkunft block, lines joined with a blank. ``[n]`` markers are kept
    (``[1] … [4] …``) only when the block names more than one sense."""
    lines: list[tuple[str, str]] = []
    for line in strip_refs(body).splitlines():
        m = _LIST_LINE_RE.match(line)
        if m is None:
            continue
        _depth, marker, rest = m.groups()
        text = _plain(rest) if rest else ""
        if text:
            lines.append((marker.strip() if marker else "", text))
    if not lines:
        return ""
    if len({marker for marker, _t in lines if marker}) > 1:
        return " ".join(f"[{marker}] {text}" if marker else text for marker, text in lines)
    return " ".join(text for _marker, text in lines)


# --------------------------------------------------------------------------- word relations

# Block → relation kind. "related" relations keep their block's name as note.
RELATION_BLOCKS: dict[str, str] = {
    "Synonyme": "synonym",
    "Gegenwörter": "antonym",
    "Gegenworte": "antonym",
    "Oberbegriffe": "hypernym",
    "Unterbegriffe": "hyponym",
    "Wortbildungen": "derived",
    "Abgeleitete Begriffe": "derived",
    "Sinnverwandte Wörter": "related",
    "Wortfamilie": "related",
    "Verkleinerungsformen": "related",
    "Vergrößerungsformen": "related",
    "Weibliche Wortformen": "related",
    "Männliche Wortformen": "related",
    "Koseformen": "related",
    "Kurzformen": "related",
    "Nebenformen": "related",
    "Alternative Schreibweisen": "related",
    "Abkürzungen": "related",
    "Namensvarianten": "related",
    "Männliche Namensvarianten": "related",
    "Weibliche Namensvarianten": "related",
}

_ITALIC_RE = re.compile(r"''.*?''")
# a line that is nothing but plain links separated by commas (fast path)
_PLAIN_LINK = r"\[\[[^\[\]{}|#:()'<>&_,]+\]\]"
_PLAIN_LINK_LIST_RE = re.compile(rf"[ \t]*{_PLAIN_LINK}(?:[ \t]*,[ \t]*{_PLAIN_LINK})*[ \t]*$")
_PLAIN_LINK_RE = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")
_SIMPLE_LINK_RE = re.compile(r"\[\[[^\[\]]*\]\]")
# links (atomic), unmatched link brackets, and the characters that split items or open notes
_ITEM_TOKEN_RE = re.compile(r"\[\[[^\[\]]*\]\]|\[\[|\]\]|[(),;/\[\]]")
_SUP_RE = re.compile(r"<sup\b[^<>]*>.*?(?:</sup\s*>|\Z)", re.I | re.S)  # unclosed: to the end, once
_MARKER_PREFIX_RE = re.compile(r"^\s*\[(?!\[)([^\[\]\n]*)\](?!\])\s*")
# link targets in other namespaces (thesaurus, help, Wikipedia) are no words
_NAMESPACE_RE = re.compile(
    r"^(?:WikiSaurus|Verzeichnis|Wiktionary|Hilfe|Kategorie|Datei|Bild|Reim|Flexion|w|Wikipedia):", re.I
)
_MAX_PLAIN_WORDS = 6  # a longer item without links is a remark, not a word
_MAX_LINKED_WORDS = 10  # … and one with links
_MAX_WORDS_AROUND_LINK = 2  # "… auch die Nebenform [[kiesen]]" → kiesen; "französisches [[Kabriolett]]" stays
# words that qualify the word after them ("umgangssprachlich auch [[fledern]]")
_QUALIFIER_WORDS = frozenset(LABELS.values()) | {"auch", "meist", "oft", "sonst", "seltener", "eher", "bzw."}
_SPACED_DASH_RE = re.compile(r"\s[–—]\s")
# one link, maybe after an article or "sich", maybe with an inflection ending as link trail
# ("[[Dritte]]r" → Dritte); a longer trail makes a new word ("[[Bio-]]Joghurt": plain text)
_SINGLE_LINK_RE = re.compile(r"^(?:(?:der|die|das|sich)\s+)?\[\[([^\[\]|]*[^\[\]|-])(?:\|[^\[\]]*)?\]\][^\W\d_]{0,3}$")
_NO_TARGET = frozenset({"", "…", "...", "-", "–", "—", "?"})


def _word_relations(body: str, kind: str, language: str, note: str = "") -> list[Relation]:
    """Relations of a word-list block: ``:[1, 2] [[Gebäude]], [[Bau]]`` → one Relation per word
    and per sense number the line names (no marker, ``[*]``, ``[?]`` → sense "")."""
    out: list[Relation] = []
    for line in strip_refs(body).splitlines():
        m = _LIST_LINE_RE.match(line)
        if m is None:
            continue
        _depth, marker, rest = m.groups()
        if not rest:
            continue
        if marker is None and rest.startswith("{{"):
            # ":{{Wortbildung|Adjektive|:}} [6] [[indexikalisch]]": marker after a heading template
            rest = _drop_templates(rest)
            mk = _MARKER_PREFIX_RE.match(rest)
            if mk:
                marker, rest = mk.group(1), rest[mk.end() :]
        senses = sense_numbers(marker) if marker else ()
        for target in line_targets(rest):
            if senses:
                out.extend(Relation(kind, target, language, n, note) for n in senses)
            else:
                out.append(Relation(kind, target, language, "", note))
    return out


def line_targets(text: str) -> list[str]:
    """The words of one list line, in order.

    Comments are dropped: ``''…''`` spans, ``(…)``/``[…]`` notes, label templates, footnote marks,
    a leading ``qualifier:`` or qualifier word ("umgangssprachlich auch …") and a trailing
    `` — remark``. An item that is one link (maybe after an article or "sich", maybe with a link
    trail) gives the linked page (``[[x|y]]`` → x); an item of several words (``sich [[befinden]]``,
    ``französisches [[Kabriolett]]``) its plain text. A remark (a long item) ends the line.
    """
    if _PLAIN_LINK_LIST_RE.match(text):
        # the common case: ":[1] [[Gebäude]], [[Bau]]"
        return [t for t in _PLAIN_LINK_RE.findall(text) if t not in _NO_TARGET]
    if "{{" in text:
        text = _drop_templates(text)
    if "''" in text:
        text = _ITALIC_RE.sub("", text.replace("'''", ""))
    if "<sup" in text or "<SUP" in text:
        text = _SUP_RE.sub("", text)  # footnote marks: "Zug<sup>[2]</sup>"
    out: list[str] = []
    for item in _split_items(text):
        d = _SPACED_DASH_RE.search(item)
        if d:
            item = item[: d.start()]  # "[[Pudel]] — siehe unten: …"
        if ":" in item:
            masked = _SIMPLE_LINK_RE.sub(lambda lm: "_" * len(lm.group()), item)
            colon = masked.rfind(":")
            if colon >= 0:
                # "Singular: [[dieser]]" is qualifier: word; "[[Zubron]]: Hybrid aus …" is word: remark
                item = item[:colon] if "[[" in item[:colon] else item[colon + 1 :]
        item = item.strip().lstrip("-–—→ \t")
        if not item:
            continue
        targets = _item_targets(item)
        if targets is None:
            break  # a remark: the rest of the line is commentary too
        out.extend(t for t in targets if t not in _NO_TARGET and any(c.isalnum() for c in t))
    return out


def _item_targets(item: str) -> list[str] | None:
    """One item → its word(s); None when the item is a remark rather than a word."""
    words = item.split()
    while len(words) > 1 and words[0] in _QUALIFIER_WORDS:
        words.pop(0)  # "umgangssprachlich auch [[fledern]]"
        item = " ".join(words)
    single = _SINGLE_LINK_RE.match(item)
    if single:
        target = _link_target(single.group(1))
        if target:
            return [] if _NAMESPACE_RE.match(target) else [target]
    links = _SIMPLE_LINK_RE.findall(item) if "[[" in item else []
    if links:
        around = _SIMPLE_LINK_RE.sub(" ", item).split()
        if not around and len(links) > 1:
            # "[[Stand]] [[Stellung]]": a comma is missing between two nouns; "[[sowohl]] [[als]]
            # [[auch]]", "[[von]] [[er|ihm]]" are one expression
            targets = [_link_target(lk[2:-2].split("|", 1)[0]) for lk in links]
            if all(t[:1].isupper() and " " not in t for t in targets):
                return [t for t in targets if not _NAMESPACE_RE.match(t)]
        if len(links) == 1 and len(around) > _MAX_WORDS_AROUND_LINK:
            # a sentence around one word: "in der Gegenwart auch die Nebenform [[kiesen]]"
            target = _link_target(links[0][2:-2].split("|", 1)[0])
            return [] if _NAMESPACE_RE.match(target) else [target]
    target = strip_markup(item) if _MARKUP_CHAR_RE.search(item) else " ".join(words)
    if target.count(" ") >= (_MAX_LINKED_WORDS if links else _MAX_PLAIN_WORDS):
        return None  # "[[spec.]] oder [[sp.]] steht hinter dem Gattungsnamen …"
    return [target.strip(" \t,;:")]


def _link_target(target: str) -> str:
    """``"oni#Polnisch"`` → "oni"; ``"#April (Englisch)"`` (a section of this page) → ""."""
    target = target.split("#", 1)[0].strip()
    if target.startswith(":"):
        target = target[1:].strip()
    return target.replace("_", " ")


def _split_items(text: str) -> list[str]:
    """Split on top-level "," / ";" (and "/" between two links); drop ``(…)`` and ``[…]`` notes.
    Links are atomic, so ``[[Kiefer (Baum)|Kiefer]]`` survives."""
    items: list[str] = []
    cur: list[str] = []
    depth = 0
    pos = 0
    for m in _ITEM_TOKEN_RE.finditer(text):
        if depth == 0:
            cur.append(text[pos : m.start()])
        tok = m.group()
        pos = m.end()
        if tok in ("(", "["):
            depth += 1
        elif tok in (")", "]"):
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif tok in ",;":
            items.append("".join(cur))
            cur = []
        elif tok == "/":
            # "[[Eismonat]]/[[Eismond]]" are two words; "eine Erkältung/einen Schnupfen bekommen" is one
            if "".join(cur).rstrip().endswith("]]") and text[pos:].lstrip().startswith("[["):
                items.append("".join(cur))
                cur = []
            else:
                cur.append(tok)
        else:
            cur.append(tok)
    if depth == 0:
        cur.append(text[pos:])
    items.append("".join(cur))
    return items


def _drop_templates(text: str) -> str:
    """Remove templates that show no word (labels, ``{{Wortbildung|…}}``, ``{{QS …}}``); keep the
    word-showing ones (``{{L|…}}``, ``{{Ü|…}}``)."""
    pieces: list[str] = []
    pos = 0
    for start, end in iter_templates(text):
        pieces.append(text[pos:start])
        name = text[start + 2 : end - 2].split("|", 1)[0].strip()
        if isinstance(TEMPLATE_TEXT.get(name), int):
            pieces.append(text[start:end])
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


# --------------------------------------------------------------------------- translations

# Where the target word (the link) and its transliteration are in the {{Ü…|code|…}} family:
#   Ü, Ü?        code|word|display              Üt, Üt?   code|word|translit|display
#   Üxx, Üxx?    code|translit|native           Üxx4      code|word|v=vocalised|d=translit
#   Üxx5         code|translit|display|link     Üxx3      code|word|display
_TRANSLATION_LIST_PARAMS = ("Ü-Liste", "Ü-links", "Ü-rechts")  # not Dialekttabelle / D-rechts
# (no "\s*" after a variable-length name: backtracking over blank runs would be quadratic)
_TRANSLATION_SPECIAL_RE = re.compile(r"\{\{\s*(?:(Ü-Tabelle)[ \t]*|(Dialekt)[^|{}\n]*)(?=[|}])")
_TRANSLATION_REDIRECT_RE = re.compile(r"\{\{\s*Übersetzungen umleiten\s*\|([^{}]*)\}\}")
_TABLE_PARAM_RE = re.compile(r"\|\s*(Ü-links|Ü-rechts|Ü-Liste|Dialekttabelle|D-links|D-rechts|D-Liste|G)\s*=")
_BRACES_RE = re.compile(r"\{\{|\}\}")
# The tokens of a translation list: a translation template (one level of nested templates
# allowed in its parameters), a gender template, an inline sense marker "[1, 2]" (not a link's
# bracket, not "[http://…]"), a line end.
_TRANSLATION_TOKEN_RE = re.compile(
    # 1, 2: the common case {{Ü|en|house}} without any markup (no Python-level parameter split)
    r"\{\{Ü\|([a-z][a-z-]*)\|([^|{}\n\[\]'<&#=]+)\}\}"
    # 3, 4: {{Ü…|params}} (one level of nested templates allowed in the params)
    r"|\{\{\s*(Üxx[345]\??|Üxx\??|Üt\??|Ü\??)\s*\|((?:[^{}\n]|\{\{[^{}\n]*\}\})*)\}\}"
    # 5: gender template after a word
    r"|\{\{\s*(" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")\s*\}\}"
    # 6: inline sense marker "[1, 2]" (not a link bracket, not "[http://…]")
    r"|\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])"
    # 7, 8: script template used as a translation: {{Hebr|אם|v=…|Ü}}
    r"|\{\{\s*(Hebr|Farsi|Arab)\s*\|([^{}\n]*)\}\}"
    r"|\n"  # every branch starts with a literal, so the scan skips plain text fast
)
_LINE_LANG_RE = re.compile(r"[ \t]*\*+[ \t]*\{\{([a-z]{2,3}(?:-[a-z]{2,8})*)\}\}")  # "*{{en}}:", "**{{li}}:"
_FAST_WORD_RE = re.compile(r"[\[\]{}'<&#=]")
_INLINE_MARKER_RE = re.compile(r"\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])")
_INTERWIKI_LINK_RE = re.compile(r"\[\[:[^\[\]]*\]\]")
_GENDER_IN_TEXT_RE = re.compile(r"\{\{\s*(" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")\s*\}\}")
_MARKUP_CHAR_RE = re.compile(r"[\[\]{}'<&]")


def _translations(blocks: list[Block], out: list[Relation]) -> list[dict[str, str]]:
    """Append the translations of the Übersetzungen block(s) to ``out``; return the
    ``{{Übersetzungen umleiten|…}}`` pointers (translations kept on another page).

    A translation block runs from an "Übersetzungen" block over the sub-heading blocks under it
    ("===== ''alte Sprachen'' =====") up to the next named block (Referenzen, …).
    """
    redirects: list[dict[str, str]] = []
    inside = False
    for b in blocks:
        if b.name == "Übersetzungen":
            inside = True
        elif b.name in DE_BLOCK_NAMES or not b.name:
            inside = False
        if inside and "{{" in b.body:
            _translation_block(b.body, out, redirects)
    return redirects


def _translation_block(body: str, out: list[Relation], redirects: list[dict[str, str]]) -> None:
    body = strip_refs(body)
    if "umleiten" in body:
        for m in _TRANSLATION_REDIRECT_RE.finditer(body):
            p = [x.strip() for x in m.group(1).split("|")]
            if len(p) >= 2 and p[1]:
                target = _link_target(p[1]) or p[1]
                redirects.append({"sense": p[0], "target": target, "target_sense": p[2] if len(p) > 2 else ""})
    outside: list[str] = []  # old layout: {{Ü-links}} … {{Ü-rechts}} lines outside any table
    pos = 0
    for m in _TRANSLATION_SPECIAL_RE.finditer(body):
        start = m.start()
        if start < pos:
            continue  # inside a table already handled
        end = _template_end(body, start)
        outside.append(body[pos:start])
        outside.append("\n")
        pos = end
        if m.group(1):
            _translation_table(body[start + 2 : end - 2 if body.endswith("}}", 0, end) else end], out)
        # else {{Dialektausdrücke (Deutsch)|…}}: German dialect words, not translations
    if not outside:
        if "{{Ü" in body:
            _translation_list(body, "", "", out)
        return
    outside.append(body[pos:])
    rest = "".join(outside)
    if "{{Ü" in rest:
        _translation_list(rest, "", "", out)


def _translation_table(inner: str, out: list[Relation]) -> None:
    """``Ü-Tabelle|1|G=…|Ü-Liste=…`` (or ``|Ü-links=…|Ü-rechts=…``) without its braces.

    The list parameters are found by name (``|Ü-links=`` …), not by a full parameter split: the
    lists are most of a page's bytes and their names occur nowhere else. Dialect tables
    (``|Dialekttabelle=``, ``|D-rechts=``) are skipped.
    """
    params = list(_TABLE_PARAM_RE.finditer(inner))
    head = inner[: params[0].start()] if params else inner
    positional = (split_params(head) if "{{" in head or "[[" in head else head.split("|"))[1:]
    # {{Ü-Tabelle|1|G=…}}: the number names the sense; kept exactly, never guessed
    table_sense = next((p.strip() for p in positional if p.strip() and "=" not in p), "")
    gloss = ""
    lists: list[str] = []
    for i, pm in enumerate(params):
        value = inner[pm.end() : params[i + 1].start() if i + 1 < len(params) else len(inner)]
        key = pm.group(1)
        if key == "G":
            gloss = strip_markup(value) if _MARKUP_CHAR_RE.search(value) else " ".join(value.split())
        elif key in _TRANSLATION_LIST_PARAMS:
            lists.append(value)
    for value in lists:
        _translation_list(value, table_sense, gloss, out)


def _template_end(text: str, start: int) -> int:
    """End offset of the template opening at ``start`` (matching braces; the text's end when unclosed)."""
    depth = 0
    for m in _BRACES_RE.finditer(text, start):
        if m.group() == "{{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


def _translation_list(text: str, table_sense: str, gloss: str, out: list[Relation]) -> None:
    """One relation per ``{{Ü|code|word}}`` and sense. The senses are those of the inline marker
    before it on its line (``*{{la}}: [1, 2] {{Ü|la|anguilla}}``), else the table's number, else
    none (""). Gender templates after a word (``{{Ü|fr|salut}} {{m}}``) go to its note. A line
    without any ``{{Ü}}`` gives its linked words, in the language of its ``*{{de}}:`` prefix
    (foreign entries often write ``*{{de}}: [1] [[Brust]]``).

    One regex pass over the list: translation tables are most of a page's bytes.
    """
    default = (table_sense,) if table_sense else ()
    senses = default
    words: list[list[Any]] = []  # this line's words: [code, target, translit, senses, genders]
    templated = False  # the line has {{Ü}} words
    line_start = 0
    for m in _TRANSLATION_TOKEN_RE.finditer(text):
        kind = m.lastindex
        if kind == 2:
            templated = True
            target = m.group(2).strip()
            if target not in _NO_TARGET:
                words.append([m.group(1), target, "", senses, []])
        elif kind == 4:
            templated = True
            word = _translation_word(m.group(3), m.group(4), senses)
            if word is not None:
                words.append(word)
        elif kind is None:  # end of line
            if not templated:
                _link_line(text[line_start : m.start()], default, words)
            if words:
                for word in words:
                    _emit_translation(word, gloss, out)
                words.clear()
            templated = False
            senses = default
            line_start = m.end()
        elif kind == 6:
            senses = sense_numbers(m.group(6))
        elif kind == 5:
            if words:
                genders = words[-1][4]
                for g in GENDER_TEMPLATES[m.group(5)]:
                    if g not in genders:
                        genders.append(g)
        else:  # 8: script template
            templated = True
            lang = _LINE_LANG_RE.match(text, line_start)
            word = _script_word(m.group(8), lang.group(1) if lang else "", senses)
            if word is not None:
                words.append(word)
    if not templated:
        _link_line(text[line_start:], default, words)
    for word in words:
        _emit_translation(word, gloss, out)


def _script_word(params: str, language: str, senses: tuple[str, ...]) -> list[Any] | None:
    """``{{Hebr|אם|v=…|d-heb=ʾēm|Ü}}``: a script template flagged as translation (``Ü``)."""
    p = [x.strip() for x in params.split("|")]
    if not language or not p[0] or "Ü" not in p[1:]:
        return None
    translit = next((x.split("=", 1)[1].strip() for x in p if x.startswith(("d=", "d-heb="))), "")
    return [language, p[0], translit, senses, []]


def _link_line(line: str, default: tuple[str, ...], words: list[list[Any]]) -> None:
    """Words of a translation line written with plain links: ``*{{de}}: [1] der [[Darm]], [2] …``
    (only lines that start with a language code template)."""
    if "[[" not in line:
        return
    lang = _LINE_LANG_RE.match(line)
    if lang is None:
        return  # "*Ägyptisch: …", "*[[w:…|!Xũ]] …": no language code
    language = lang.group(1)
    colon = line.find(":", lang.end())
    rest = line[colon + 1 :] if colon >= 0 else ""
    rest = _INTERWIKI_LINK_RE.sub("", rest)  # "[[:da:munk|(da)]]"
    senses = default
    pos = 0
    for mk in _INLINE_MARKER_RE.finditer(rest):
        _link_segment(rest[pos : mk.start()], language, senses, words)
        senses = sense_numbers(mk.group(1))
        pos = mk.end()
    _link_segment(rest[pos:], language, senses, words)


def _link_segment(segment: str, language: str, senses: tuple[str, ...], words: list[list[Any]]) -> None:
    if "[[" not in segment:
        return
    if "''" in segment:
        segment = _ITALIC_RE.sub("", segment.replace("'''", ""))
    for item in _split_items(segment):
        if "[[" not in item:
            continue  # "skrupellos" alone is no translation; "(sufi)" is dropped as a note
        genders: list[str] = []
        for name in _GENDER_IN_TEXT_RE.findall(item):
            genders.extend(g for g in GENDER_TEMPLATES[name] if g not in genders)
        for target in line_targets(item):
            words.append([language, target, "", senses, genders])


def _translation_word(name: str, params: str, senses: tuple[str, ...]) -> list[Any] | None:
    """``params`` is the template text after its name: ``"en|house"``."""
    if name == "Ü" and params.count("|") == 1 and not _FAST_WORD_RE.search(params):
        code, _, target = params.partition("|")  # the common case: {{Ü|en|house}}
        code, target = code.strip(), target.strip()
        return [code, target, "", senses, []] if code and target not in _NO_TARGET else None
    if "=" in params or "[[" in params or "{{" in params:
        _, p, named = template_args("Ü|" + params)
    else:
        p = [x.strip() for x in params.split("|")]
        named = {}
    code = p[0] if p else ""
    translit = ""
    display = ""
    name = name.rstrip("?")  # "Üt?" etc.: the same template, marked as doubtful
    if name == "Üxx":
        translit = p[1] if len(p) > 1 else ""
        target = p[2] if len(p) > 2 else ""
    elif name == "Üxx5":
        translit = p[1] if len(p) > 1 else ""
        display = p[2] if len(p) > 2 else ""
        target = p[3] if len(p) > 3 and p[3] else display
    else:
        target = p[1] if len(p) > 1 else ""
        if name == "Üt":
            translit = p[2] if len(p) > 2 else ""
            display = p[3] if len(p) > 3 else ""
        elif name == "Üxx4":
            translit = named.get("d", "")
        else:
            display = p[2] if len(p) > 2 else ""
    if _MARKUP_CHAR_RE.search(target):
        target = strip_markup(target)
    if "#" in target:
        target = _link_target(target)  # "billion#billion (Englisch)" → "billion"
    if display and _MARKUP_CHAR_RE.search(display):
        display = strip_markup(display)
    if display and (not target or (target.endswith(")") and target.startswith(display + " ("))):
        # "{{Ü|en|#April_(Englisch)|April}}" links into a section; "Afrikaans (Niederländisch)"
        target = display
    target = target.strip()
    if not code or target in _NO_TARGET:
        return None
    if translit and _MARKUP_CHAR_RE.search(translit):
        translit = strip_markup(translit)
    return [code, target, translit, senses, []]


def _emit_translation(pending: list[Any] | None, gloss: str, out: list[Relation]) -> None:
    """Note: "gender; Umschrift: translit; G-gloss", each part only when present."""
    if pending is None:
        return
    code, target, translit, senses, genders = pending
    if genders or translit:
        parts = (", ".join(genders), f"Umschrift: {translit}" if translit else "", gloss)
        note = "; ".join([part for part in parts if part])
    else:
        note = gloss
    if len(senses) == 1:
        out.append(Relation("translation", target, code, senses[0], note))
    elif senses:
        out.extend([Relation("translation", target, code, n, note) for n in senses])
    else:
        out.append(Relation("translation", target, code, "", note))


# --------------------------------------------------------------------------- form-of

_FORM_TEMPLATE_RE = re.compile(r"\{\{\s*(Grundformverweis(?: Dekl| Konj)?|Lemmaverweis)\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")


def _form_of(body: str, language: str, features: list[str]) -> list[Relation]:
    """``{{Grundformverweis Dekl|Haus}}`` → form_of relations to the lemma, one per line of the
    Grammatische Merkmale block that names it (the line is the note: "Nominativ Plural des
    Substantivs Haus"), or one with an empty note. ``{{Lemmaverweis|X}}`` (an alternative
    spelling whose main entry is X) → a "related" relation, noted with its line or "Lemmaverweis".
    """
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for m in _FORM_TEMPLATE_RE.finditer(body):
        name, lemma = m.group(1), _link_target(m.group(2))
        if not lemma or (name, lemma) in seen:
            continue
        seen.add((name, lemma))
        kind = "related" if name == "Lemmaverweis" else "form_of"
        notes = [line for line in features if _names_word(line, lemma)]
        if not notes:
            notes = ["Lemmaverweis" if kind == "related" else ""]
        out.extend(Relation(kind, lemma, language, "", note) for note in notes)
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
