"""Walk a German page: language sections (``== Hallo ({{Sprache|Deutsch}}) ==``), part-of-speech
headings (``=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===``), homographs; the batch driver
:func:`parse_pages` builds a batch's lexemes field by field from the concern modules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from aqea.model import Lexeme, Page, ParseResult
from aqea.taxonomy import load_table
from aqea.wiktionary.de.common import BlockTuple, RelationTuple
from aqea.wiktionary.de.etymology import _etymology
from aqea.wiktionary.de.forms import _form_of, _genus_gender, _heading_gender, _inflection, _list_lines
from aqea.wiktionary.de.inflection_table import table_forms
from aqea.wiktionary.de.pronunciation import _hyphenation, _pronunciation
from aqea.wiktionary.de.relations import RELATION_BLOCKS, _word_relations, word_list_parts
from aqea.wiktionary.de.senses import _attach_examples, _examples, _senses
from aqea.wiktionary.de.translations import PendingList, _translation_list, _translations
from aqea.wiktionary.guard import parse_batch_guarded, skip_result
from aqea.wiktionary.guard import reject as _reject
from aqea.wiktionary.markup import strip_markup
from aqea.wiktionary.sections import DE_BLOCK_NAMES, Section, block_tuples, children, fast_constructor, split_sections

SOURCE = "dewiktionary"

_LEXEME = fast_constructor(Lexeme)

# Loaded once per process: name → code tables (aqea/taxonomy/*.json).
LANGUAGES: dict[str, str] = load_table("languages_de")["languages"]
_POS_TABLE = load_table("pos_de")
POS: dict[str, str] = _POS_TABLE["pos"]
# class → the finer classes a later {{Wortart}} name of the same heading may give (see pos_class)
POS_REFINE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _POS_TABLE.get("refine", {}).items()}

_REDIRECT_RE = re.compile(r"\A\s*#\s*(?:REDIRECT|WEITERLEITUNG)\b", re.I)
# First positional parameter of a simple template; values are stripped in code, not in the
# pattern (a lazy group followed by \s* backtracks quadratically on long blank runs).
_SPRACHE_RE = re.compile(r"\{\{\s*Sprache\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_WORTART_RE = re.compile(r"\{\{\s*Wortart\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_WORTART_LANGUAGE_RE = re.compile(r"\{\{\s*Wortart\s*\|[^|{}]*\|([^|{}]*)(?:\|[^{}]*)?\}\}")  # 2nd parameter


def parse_page(page: Page, source: str = SOURCE) -> ParseResult:
    """Parse one German Wiktionary page into lexemes. Never raises.

    Non-article namespaces and redirects are ``skipped``; pages without a language section or
    without a part-of-speech heading get a ``rejection``; any internal error becomes a
    ``Rejection(reason="parser error")``.
    """
    return parse_batch_guarded([page], source, _parse_batch)[0]


def parse_pages(pages: Sequence[Page], source: str = SOURCE) -> list[ParseResult]:
    """:func:`parse_page` of each page, in order, with the same results; faster on many pages.

    The entries of all pages are built field by field (every entry's blocks, then every
    inflection table, …, then every translation list) instead of entry by entry: each step's
    code and regexes then stay warm in the CPU's caches, which measured ~10–15% faster on the
    sample. A page the parser fails on becomes a ``parser error`` rejection, the others are
    unaffected (the batch is then parsed again page by page).
    """
    return parse_batch_guarded(pages, source, _parse_batch)


class _Spec(NamedTuple):
    """One entry to build: a part-of-speech section and what its headings say."""

    body: str  # the POS section's text after its heading
    heading: str
    language: str
    lemma: str
    pos: str
    pos_names: tuple[str, ...]
    homograph: int
    page: Page
    lang_preamble: list[BlockTuple] | None  # blocks before the first POS heading, when they hold an Aussprache


def _parse_batch(pages: Sequence[Page], source: str) -> list[ParseResult]:
    results: list[ParseResult] = []
    specs: list[_Spec] = []
    planned: list[tuple[int, int, int, tuple[str, ...]]] = []  # result index, first spec, specs, unknown POS
    for page in pages:
        result = skip_result(page, _REDIRECT_RE)
        if result is None:
            first = len(specs)
            plan = _plan(page, source, specs)
            if isinstance(plan, ParseResult):
                result = plan
            else:
                planned.append((len(results), first, len(specs) - first, plan))
                result = _EMPTY
        results.append(result)
    lexemes = _lexemes(specs, source)
    for i, first, n, unknown_pos in planned:
        results[i] = ParseResult(lexemes=tuple(lexemes[first : first + n]), unknown_pos=unknown_pos)
    return results


_EMPTY = ParseResult()


def _plan(page: Page, source: str, specs: list[_Spec]) -> ParseResult | tuple[str, ...]:
    """Append a _Spec per part-of-speech section of ``page``; return the POS names the parser
    does not know, or a rejection when the page has no entry."""
    text = page.text or ""
    if "<!--" in text:
        # comments hide headings' tails and block content; drop them once for the whole page
        text = _drop_comments(text)
    sections = split_sections(text)

    # (language name, lemma, its POS sections, its preamble's blocks when they hold an Aussprache)
    groups: list[tuple[str, str, list[Section], list[BlockTuple] | None]] = []
    for s in sections:
        if s.level != 2:
            continue
        m = _SPRACHE_RE.search(s.title)
        lang_name = m.group(1).strip() if m else ""
        if not lang_name:
            continue  # a level-2 heading that is not a language section
        lemma = _heading_lemma(s.title[: m.start()]) or page.title
        pos_sections = children(sections, s, level=3)
        # "{{Aussprache}}" written once for the whole language section, before its first POS heading
        preamble = text[s.body_start : pos_sections[0].start if pos_sections else s.end]
        groups.append((lang_name, lemma, pos_sections, block_tuples(preamble) if "{{Aussprache" in preamble else None))

    if not groups:
        # no "== … ({{Sprache|…}}) ==": POS headings that name their language themselves
        # ("=== {{Wortart|Substantiv|Deutsch}} ===") still make entries, in that language
        for s in sections:
            m = _WORTART_LANGUAGE_RE.search(s.title) if s.level == 3 else None
            name = m.group(1).strip() if m else ""
            if not name:
                continue
            if groups and groups[-1][0] == name:
                groups[-1][2].append(s)
            else:
                groups.append((name, page.title, [s], None))
        if not groups:
            n_pos = sum(1 for s in sections if "{{Wortart" in s.title)
            detail = f"{n_pos} part-of-speech heading(s) outside any language section" if n_pos else ""
            return _reject(page, source, "no language section", detail)

    first = len(specs)
    unknown_pos: dict[str, None] = {}  # ordered set
    seen: Counter[tuple[str, str, str]] = Counter()
    for lang_name, lemma, pos_sections, lang_preamble in groups:
        language = LANGUAGES.get(lang_name) or f"und:{lang_name}"
        for pos_section in pos_sections:
            names = [n.strip() for n in _WORTART_RE.findall(pos_section.title) if n.strip()]
            if not names:
                continue  # a level-3 heading that is not a part of speech
            for n in names:
                if n not in POS:
                    unknown_pos[n] = None
            pos = pos_class(names)
            key = (language, lemma, pos)
            seen[key] += 1
            specs.append(
                _Spec(
                    text[pos_section.body_start : pos_section.end],
                    pos_section.title,
                    language,
                    lemma,
                    pos,
                    tuple(names),
                    seen[key],
                    page,
                    lang_preamble,
                )
            )

    if len(specs) == first:
        langs = ", ".join(dict.fromkeys(name for name, _l, _s, _p in groups))
        return _reject(page, source, "no part-of-speech section", f"language sections: {langs}")
    return tuple(unknown_pos)


def _drop_comments(text: str) -> str:
    """``text`` without its ``<!-- … -->`` comments (an unclosed one runs to the end). str.find, not a regex:
    the regex engine's scan for "<!--" took ten times as long over a page."""
    kept: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        kept.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end < 0 else end + 3
    kept.append(text[pos:])
    return "".join(kept)


def pos_class(names: list[str] | tuple[str, ...]) -> str:
    """The normalised POS of a heading's ``{{Wortart}}`` names: the class of the first name, made
    finer by a later name where pos_de.json's "refine" table allows it. "Substantiv, Vorname",
    "Substantiv, Toponym", "Substantiv, Eigenname, Toponym" → proper_noun (a proper noun is a
    noun: the heading names the general class first and the kind of name after it); "Substantiv,
    Abkürzung" stays noun; an unknown first name gives "unknown"."""
    pos = POS.get(names[0], "unknown")
    finer = POS_REFINE.get(pos)
    if finer:
        for name in names[1:]:
            p = POS.get(name)
            if p in finer:
                return p
    return pos


def _heading_lemma(before: str) -> str:
    """``"Hallo ("`` → ``"Hallo"``: the heading text before ``({{Sprache|…}})``."""
    lemma = before.strip()
    if lemma.endswith("("):
        lemma = lemma[:-1].rstrip()
    if any(c in lemma for c in "[{'<&"):
        lemma = strip_markup(lemma)
    return lemma


def _lexemes(specs: list[_Spec], source: str) -> list[Lexeme]:
    """The Lexeme of each spec, built field by field over all of them (see :func:`parse_pages`)."""
    all_blocks = [block_tuples(s.body) for s in specs]
    inflections = [_inflection(blocks[0][1]) for blocks in all_blocks]
    genders = [
        _heading_gender(s.heading) or _genus_gender(table) for s, (_name, table) in zip(specs, inflections, strict=True)
    ]
    hyphenations: list[tuple[str, list[dict[str, Any]]]] = []
    for s, blocks in zip(specs, all_blocks, strict=True):
        body = _first_body(blocks, "Worttrennung", "Silbentrennung")
        hyphenations.append(_hyphenation(body, s.lemma) if body is not None else ("", []))
    pronunciations = [_pronunciation(blocks, s.lang_preamble) for s, blocks in zip(specs, all_blocks, strict=True)]
    # form pages describe themselves here instead of in {{Bedeutungen}} (sometimes in two blocks)
    features = [
        [line for b in blocks if b[0] == "Grammatische Merkmale" for line in _list_lines(b[1])] for blocks in all_blocks
    ]
    sense_rows: list[list[tuple[str, str, tuple[str, ...]]]] = []
    for blocks in all_blocks:
        body = _first_body(blocks, "Bedeutungen", "Bedeutung")
        sense_rows.append(_senses(body) if body is not None else [])
    examples: list[list[tuple[str, str]]] = []
    for blocks in all_blocks:
        body = _first_body(blocks, "Beispiele")
        examples.append(_examples(body) if body is not None else [])
    senses = [_attach_examples(rows, found) for rows, found in zip(sense_rows, examples, strict=True)]
    etymologies: list[str] = []
    for blocks in all_blocks:
        body = _first_body(blocks, "Herkunft")
        etymologies.append(_etymology(body) if body is not None else "")

    relations: list[list[RelationTuple]] = []
    form_bodies: list[list[str]] = []  # blocks with form-of templates (never inside translation lists)
    word_lists: list[tuple[str, str, str, str, list[RelationTuple]]] = []
    for s, blocks in zip(specs, all_blocks, strict=True):
        rels: list[RelationTuple] = []
        forms: list[str] = []
        inside = False  # in the translation lists (see _translations)
        for name, block, _start, _end in blocks:
            kind = RELATION_BLOCKS.get(name)
            if kind is not None:
                for part_kind, part_name, part in word_list_parts(name, kind, block):
                    word_lists.append((part, part_kind, s.language, part_name if part_kind == "related" else "", rels))
            if name == "Übersetzungen":
                inside = True
            elif name in DE_BLOCK_NAMES or not name:
                inside = False
            if not inside and ("verweis" in block or "Schreibweise" in block):
                forms.append(block)
        relations.append(rels)
        form_bodies.append(forms)
    for block, kind, language, note, rels in word_lists:
        rels.extend(_word_relations(block, kind, language, note))
    # every entry's translation lists are found first, then all are read: _translation_list is
    # most of the time, and it runs fastest when it runs alone
    pending: list[PendingList] = []
    redirects = [_translations(blocks, rels, pending) for blocks, rels in zip(all_blocks, relations, strict=True)]
    for text, table_sense, gloss, out in pending:
        _translation_list(text, table_sense, gloss, out)

    lexemes: list[Lexeme] = []
    for i, s in enumerate(specs):
        extra: dict[str, Any] = {}
        inflection_name, inflection = inflections[i]
        if inflection:
            forms = table_forms(inflection_name, inflection)
            if forms:
                extra["forms"] = forms
            extra["inflection_template"] = inflection_name
        hyph, form_hyphenations = hyphenations[i]
        if hyph:
            extra["hyphenation"] = hyph
        if form_hyphenations:
            extra["form_hyphenations"] = form_hyphenations
        ipa, rhymes, sounds = pronunciations[i]
        if rhymes:
            extra["rhymes"] = rhymes
        if sounds:
            extra["sounds"] = sounds
        if features[i]:
            extra["grammatical_features"] = features[i]
        entry_senses, unattached = senses[i]
        if unattached:
            extra["examples_unattached"] = unattached
        if etymologies[i]:
            extra["etymology"] = etymologies[i]
        if redirects[i]:
            extra["translation_redirects"] = redirects[i]
        rels = relations[i]
        if form_bodies[i]:
            rels.extend(_form_of("\n".join(form_bodies[i]), s.language, features[i]))
        lexemes.append(
            _LEXEME(
                language=s.language,
                lemma=s.lemma,
                pos=s.pos,
                pos_names=s.pos_names,
                homograph=s.homograph,
                source=source,
                record_key=s.page.record_key,
                record_version=s.page.record_version,
                gender=genders[i],
                ipa=ipa,
                senses=entry_senses,
                relations=tuple(dict.fromkeys(rels)),  # same relation twice on a page counts once
                extra=extra,
            )
        )
    return lexemes


def _first_body(blocks: list[BlockTuple], *names: str) -> str | None:
    """Body of the first block named one of ``names`` (synonymous markers), or None."""
    for name, body, _start, _end in blocks:
        if name in names:
            return body
    return None
