"""German-edition (de.wiktionary.org) page parser.

Page layout::

    == Hallo ({{Sprache|Deutsch}}) ==                 language section (level 2)
    === {{Wortart|Substantiv|Deutsch}}, {{n}} ===      part-of-speech section (level 3) → one Lexeme
    {{Deutsch Substantiv Übersicht|Genus=n|…}}         preamble: inflection table
    {{Worttrennung}} / {{Aussprache}} / {{Bedeutungen}} / …   blocks
    ==== {{Übersetzungen}} ====

Speed: the page is split with line regexes (sections.py) and only the few lines we need are
looked at (markup.py); no parse tree is built.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from aqea.model import Lexeme, Page, ParseResult, Rejection, Sense
from aqea.taxonomy import load_table
from aqea.wiktionary.markup import (
    LABEL_LIST_TEMPLATES,
    LABELS,
    iter_templates,
    strip_markup,
    template_args,
)
from aqea.wiktionary.sections import Block, Section, children, first_block, split_blocks, split_sections

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
        for pos_section in children(sections, lang_section, level=3):
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

    ipa: tuple[str, ...] = ()
    pron = first_block(blocks, "Aussprache")
    if pron is not None:
        found = (v.strip() for v in _LAUTSCHRIFT_RE.findall(pron.body))
        ipa = tuple(dict.fromkeys(v for v in found if v not in _PLACEHOLDER_IPA))
        rhymes = list(dict.fromkeys(v.strip() for v in _REIM_RE.findall(pron.body) if v.strip()))
        if rhymes:
            extra["rhymes"] = rhymes

    senses: tuple[Sense, ...] = ()
    meanings = first_block(blocks, "Bedeutungen", "Bedeutung")
    if meanings is not None:
        senses = tuple(_senses(meanings.body))

    features = first_block(blocks, "Grammatische Merkmale")
    if features is not None:
        # form pages describe themselves here instead of in {{Bedeutungen}}
        lines = _list_lines(features.body)
        if lines:
            extra["grammatical_features"] = lines

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
    senses: list[Sense] = []
    for m in _SENSE_RE.finditer(body):
        number = m.group(2).strip()
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
