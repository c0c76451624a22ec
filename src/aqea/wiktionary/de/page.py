"""German-edition (de.wiktionary.org) page parser.

Page layout::

    == Hallo ({{Sprache|Deutsch}}) ==                 language section (level 2)
    === {{Wortart|Substantiv|Deutsch}}, {{n}} ===      part-of-speech section (level 3) → one Lexeme
    {{Deutsch Substantiv Übersicht|Genus=n|…}}         preamble: inflection table
    {{Worttrennung}} / {{Aussprache}} / {{Bedeutungen}} / …   blocks
    ==== {{Übersetzungen}} ====

What a Lexeme gets: POS (pos_class: the first {{Wortart}} name's class, made finer by a later
name — "Substantiv, Vorname" is a proper_noun), gender, IPA (every Lautschrift of every
Aussprache block), senses with labels and their examples ({{Beispiele}} ":[1, 2] …" →
Sense.examples of senses 1 and 2), relations, and in ``extra``: hyphenation (and
hyphenation_plural, the form after {{Pl.}}), rhymes, inflection (+ template name), etymology
({{Herkunft}} as plain text), grammatical_features, examples_unattached (marker names no sense:
"[?]", "[*]", none, or a number the page does not have), translation_redirects
({{Übersetzungen umleiten|…}}).

Senses: labels come from {{K|…}} and label templates, from an italic label that starts the
sense ("''gegenständlich:''"), and from a label line above the senses ("*{{trans.|:}}",
"*''Hilfsverb [[sein]]:''"), which covers the senses below it. Unnumbered lines deeper than a
sense ("::— …", "::* …") continue its gloss.

A page without a "== … ({{Sprache|…}}) ==" heading still gives entries for its POS headings
that name their language ("=== {{Wortart|Substantiv|Deutsch}} ==="; lemma = page title).

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
    is the note); {{Lemmaverweis|X}} → related X; {{Alte Schreibweise|X|…}} and {{Schweizer und
    Liechtensteiner Schreibweise|X}} in a POS section → related X noted with the template name.
  * Sub-senses "::[a]" under ":[1]" are numbered "1a": that is how examples and relations name them.

Speed: the page is split with line regexes (sections.py) and only the few lines we need are
looked at (markup.py); no parse tree is built. parse_pages (the pipeline's entry point) builds a
batch's entries field by field rather than entry by entry (~11% faster, same results).
Translation lists, most of a page's bytes, are read in one regex pass (a {{Ü-Tabelle}} and its
end in another). Blocks of a line kind (word lists, examples, Herkunft) are read with one findall
each. Relations are plain tuples (model.RelationRow) from start to store: building Relation
objects cost ~8% of the time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from aqea.model import Lexeme, Page, ParseResult, RelationRow, Sense
from aqea.taxonomy import load_table
from aqea.wiktionary.guard import parse_batch_guarded, skip_result
from aqea.wiktionary.guard import reject as _reject
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
    Section,
    block_tuples,
    children,
    fast_constructor,
    split_sections,
)

SOURCE = "dewiktionary"

# (kind, target, language, sense, note): model.Relation's fields, as plain tuples end to end.
RelationTuple = RelationRow
_LEXEME = fast_constructor(Lexeme)
_SENSE = fast_constructor(Sense)  # Lexeme(...) with every field given, without the generated __init__
# (name, body, start, end) of a block: sections.block_tuples, plain tuples for speed
BlockTuple = tuple[str, str, int, int]
# a translation list found and not read yet: (text, {{Ü-Tabelle}} sense, G= gloss, relations to extend)
PendingList = tuple[str, str, str, list[RelationRow]]

# Loaded once per process: name → code tables (aqea/taxonomy/*.json).
LANGUAGES: dict[str, str] = load_table("languages_de")["languages"]
_POS_TABLE = load_table("pos_de")
POS: dict[str, str] = _POS_TABLE["pos"]
# class → the finer classes a later {{Wortart}} name of the same heading may give (see pos_class)
POS_REFINE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _POS_TABLE.get("refine", {}).items()}

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
_WORTART_LANGUAGE_RE = re.compile(r"\{\{\s*Wortart\s*\|[^|{}]*\|([^|{}]*)(?:\|[^{}]*)?\}\}")  # 2nd parameter
_HEADING_TEMPLATE_RE = re.compile(r"\{\{([^|{}]+)\}\}")
_LAUTSCHRIFT_RE = re.compile(r"\{\{\s*Lautschrift\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_REIM_RE = re.compile(r"\{\{\s*Reim\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
# every list line of a Bedeutungen block: prefix, marker (None when there is none), rest. A sense
# is ":[1] …", "::[2a] …", ":[1, 2] …"; "[[" is a link at the start of an unnumbered line, not a number
_SENSE_LINE_RE = re.compile(r"^([:*#]+)[ \t]*(?:\[(?!\[)([^\[\]\n]*)\])?[ \t]*(.*)$", re.M)
# an italic label that starts a sense: "''gegenständlich:''", "''[[Optik]]'':"
_ITALIC_LABEL_RE = re.compile(r"''([^'\n]{1,80}?)(?::''|'':)[ \t]*")
_LABEL_SPLIT_RE = re.compile(r"[,;]")
_LABEL_NO_SPLIT_RE = re.compile(r"[()„“”‚‘\"]")
_LIST_PREFIX_RE = re.compile(r"^[:*#]+\s*(?:\[(?!\[)[^\[\]\n]*\]\s*)?")
_PLACEHOLDER_IPA = frozenset({"", "...", "…", "-", "—", "?"})
# The preamble template that carries the inflection table (Übersicht / old "-Tabelle" styles).
_INFLECTION_NAME_RE = re.compile(r"Übersicht|Tabelle|Deklination|Konjugation|Substantiv|Adjektiv|Verb\b")
# Leading run of a sense line made of label templates, quotes, blanks and separators: it is
# the label prefix ("{{K|Zoologie}}", "''{{ugs.}}, ''") and goes to Sense.labels, not the gloss.
_PREFIX_JUNK = frozenset(" \t',;:")
_LEADING_ITALIC_LABEL_RE = re.compile(r"^''[^'\n]*?:''\s*")
# Worttrennung: a grammatical marker before the first form (":{{kSg.}}, {{Pl.}} Hän·del"), and
# the plural form after {{Pl.}} / {{Pl.1}}
_LEADING_MARKER_RE = re.compile(r"\{\{([^{}|]+)(?:\|[^{}]*)?\}\}[ \t,;:]*")
_PLURAL_MARKERS = frozenset({"Pl.", "Pl.1"})
_PLURAL_HYPHENATION_RE = re.compile(r"\{\{Pl\.1?\}\}[ \t]*([^{}\n,;'<]*)")


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
        text = _COMMENT_RE.sub("", text)
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
    hyphenations: list[tuple[str, str]] = []
    for s, blocks in zip(specs, all_blocks, strict=True):
        body = _first_body(blocks, "Worttrennung", "Silbentrennung")
        hyphenations.append(_hyphenation(body, s.lemma) if body is not None else ("", ""))
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
                word_lists.append((block, kind, s.language, name if kind == "related" else "", rels))
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
            extra["inflection"] = inflection
            extra["inflection_template"] = inflection_name
        hyph, hyph_plural = hyphenations[i]
        if hyph:
            extra["hyphenation"] = hyph
        if hyph_plural:
            extra["hyphenation_plural"] = hyph_plural
        ipa, rhymes = pronunciations[i]
        if rhymes:
            extra["rhymes"] = rhymes
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
                page_id=s.page.page_id,
                revision_id=s.page.revision_id,
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
    """Named parameters of the first inflection-table template in the POS preamble (``body``)."""
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
            table[key] = strip_markup(value) if _MARKUP_CHAR_RE.search(value) else value
        return name, table
    return "", {}


def _hyphenation(body: str, lemma: str) -> tuple[str, str]:
    """First hyphenated form of the Worttrennung block and the plural's: ``":Hal·lo, {{Pl.}}
    Hal·los"`` → ("Hal·lo", "Hal·los"). Grammatical markers that start the line are skipped:
    ``":{{kSg.}}, {{Pl.}} Hän·del"`` → ("Hän·del", "Hän·del") (a plural-only word)."""
    for line in body.splitlines():
        line = line.strip().lstrip(":").strip()
        if not line:
            continue
        line = _LEADING_ITALIC_LABEL_RE.sub("", line)  # ":''Neue Rechtschreibung:'' gut, …"
        plural_first = False
        pos = 0
        while line.startswith("{{", pos):
            m = _LEADING_MARKER_RE.match(line, pos)
            name = m.group(1).strip() if m else ""
            if m is None or not (isinstance(TEMPLATE_TEXT.get(name), str) or name in LABELS):
                break  # not a grammatical marker ({{Pl.}}, {{kSg.}}, {{va.|:}}): no form here
            plural_first = plural_first or name in _PLURAL_MARKERS
            pos = m.end()
        line = line[pos:]
        # the form ends where the first grammatical marker ({{Pl.}}, {{Prät.}}, …) or note starts
        cut = len(line)
        for marker in ("{{", "''", "<"):
            i = line.find(marker)
            if i >= 0:
                cut = min(cut, i)
        form = line[:cut].rstrip(" \t,;:(")
        if not form:
            return "", ""
        # "kein, kei·ne, kei·ner": keep only the first form when it is the lemma itself
        first = re.split(r"[,;]\s", form, maxsplit=1)[0]
        if first != form and first.replace("·", "").replace(" ", "").lower() == lemma.replace(" ", "").lower():
            form = first
        if "[" in form:
            form = strip_markup(form)
        if plural_first:
            return form, form
        plural = ""
        if "{{Pl." in line:
            pm = _PLURAL_HYPHENATION_RE.search(line)
            if pm is not None:
                plural = pm.group(1).split(" (", 1)[0].strip(" \t,;:(")
                if plural in _NO_TARGET or "[" in plural:
                    plural = strip_markup(plural) if "[" in plural else ""
        return form, plural
    return "", ""


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


def _senses(body: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Numbered senses. A letter-only sub-sense (``::[a]`` under ``:[1]``) is numbered "1a", as
    examples, relations and translations name it (``:[1a] …``).

    Two kinds of unnumbered lines count too:

    * a label line ("*{{trans.|:}}", ":{{K|österr.|t1=, sonst|regional}}", "*''Hilfsverb [[sein]]:''"):
      its labels go to the senses below it, up to the next label line or the first sense
      shallower than the first one it covers ("*''Als Hilfsverb'':" over "::[3]"–"::[5]" ends at ":[6]");
    * a line deeper than the sense above it ("::— ''(personifiziert)'' der [[Hauptmann]] selbst",
      "::*[[chromatisch]]e ''Aberration'': …"): its plain text is added to that sense's gloss,
      after "; " (after a blank when the gloss ends with ":").
    """
    rows: list[tuple[str, str, list[str], bool, int, list[str]]] = []  # number, gloss, labels, own, depth, more
    parent = ""
    group: list[str] = []  # labels of the label line above
    scope = 0  # depth of the first sense under that label line (0: none yet)
    for m in _SENSE_LINE_RE.finditer(body):
        prefix, marker, rest = m.groups()
        depth = len(prefix)
        if marker is not None and prefix.count(":") == depth:  # ":[1] …", "::[a] …"
            number = marker.strip()
            if depth == 1:
                parent = number
            elif parent and number.isalpha() and number.islower():
                number = parent + number
            labels, gloss = _labels_and_gloss(rest)
            own = bool(gloss or labels)
            if group:
                if not scope:
                    scope = depth
                if depth < scope:
                    group = []
                else:
                    labels = group + [label for label in labels if label not in group]
            rows.append((number, gloss, labels, own, depth, []))
            continue
        if marker is not None:
            rest = m.group()[len(prefix) :].lstrip(" \t")  # "*[1] …" is not a sense: keep the bracket
        if not rest:
            continue
        labels, gloss = _labels_and_gloss(rest)
        if labels and not gloss:
            group, scope = labels, 0
        elif rows and depth > rows[-1][4]:
            text = _plain(rest).lstrip("—–-−* \t")
            if text:
                rows[-1][5].append(text)
    senses: list[tuple[str, str, tuple[str, ...]]] = []  # (number, gloss, labels): Senses are made once,
    for number, gloss, labels, own, _depth, more in rows:  # with their examples (_attach_examples)
        if more:
            extra = "; ".join(more)
            gloss = extra if not gloss else f"{gloss} {extra}" if gloss.endswith(":") else f"{gloss}; {extra}"
        elif not own:
            continue  # ":[1]" placeholder without content (a label line above does not make one)
        senses.append((number, gloss, tuple(labels)))
    return senses


def _labels_and_gloss(line: str) -> tuple[list[str], str]:
    """Split one sense line into its labels and its plain-text gloss.

    Labels come from ``{{K|…}}``/``{{Kontext|…}}`` (positional parameters, abbreviations
    expanded) and from label templates such as ``{{ugs.}}`` anywhere in the line, and from an
    italic label that starts the gloss (``''gegenständlich:''``, ``''[[Optik]]'':``; its commas
    separate labels). The leading run of label templates is removed from the gloss; label
    templates later in the line stay visible ("''österreichisch,'' {{ugs.|:}} stehlen" →
    "österreichisch, umgangssprachlich: stehlen").
    """
    if "{{" not in line:
        if "''" in line:
            labels: list[str] = []
            rest = _italic_label(line.lstrip(" \t"), labels)
            if labels:
                return labels, strip_markup(rest)
        return [], strip_markup(line)
    labels = []
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
    raw = "".join(pieces)
    if "''" in raw:
        raw = _italic_label(raw.lstrip(" \t,;:"), labels)
    gloss = strip_markup(raw)
    return labels, gloss.lstrip(",;: ").strip()


def _italic_label(text: str, labels: list[str]) -> str:
    """``"''[[Namibia]], [[Südwesterdeutsch]]:'' einen …"``: add "Namibia", "Südwesterdeutsch" to
    ``labels`` and return the text after the label; ``text`` unchanged when it does not start
    with an italic label."""
    m = _ITALIC_LABEL_RE.match(text)
    if m is None:
        return text
    inner = m.group(1)
    inner = strip_markup(inner) if _MARKUP_CHAR_RE.search(inner) else " ".join(inner.split())
    if inner.startswith("(") and inner.endswith(")") and inner.count("(") == 1:
        inner = inner[1:-1]  # "''(Zoologie):''"
    found = False
    # "Namibia, Südwesterdeutsch" and "transitiv; österreichisch" are several labels; "kirchlich
    # (mittellateinisch)" and "eine Form des Possessivpronomens „sein, seine, sein“" are one
    parts = [inner] if _LABEL_NO_SPLIT_RE.search(inner) else _LABEL_SPLIT_RE.split(inner)
    for part in parts:
        label = part.strip()
        if label:
            label = LABELS.get(label, label)
            found = True
            if label not in labels:
                labels.append(label)
    return text[m.end() :] if found else text


# --------------------------------------------------------------------------- pronunciation

_IPA_LINE_RE = re.compile(r"^[:*]*[ \t]*\{\{\s*(?:IPA|Reime)\s*\}\}.*$", re.M)
_IPA_FALLBACK_BLOCKS = frozenset({"", "Worttrennung", "Silbentrennung"})


def _pronunciation(
    blocks: list[BlockTuple], lang_preamble: list[BlockTuple] | None
) -> tuple[tuple[str, ...], list[str]]:
    """IPA and rhymes: every ``{{Lautschrift|…}}`` / ``{{Reim|…}}`` of every Aussprache block.

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


# ":[1, 2] text", "::[a] text", ":text", "*text": every list line of a block in one findall:
# (depth, marker with its brackets or "", rest)
_LIST_LINES_RE = re.compile(r"^([:*#]+)[ \t]*(\[(?!\[)[^\[\]\n]*\](?!\]))?[ \t]*(.*)$", re.M)


# --------------------------------------------------------------------------- examples


def _examples(body: str) -> list[tuple[str, str]]:
    """``(marker, text)`` per example of a Beispiele block, refs and markup stripped.

    Deeper unnumbered lines (``::…`` after ``:[1] …``: verse lines, translations of foreign
    examples) continue the example above them and are joined to it with a newline.
    """
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None  # lines of the example that deeper lines continue
    for depth, marker, rest in _LIST_LINES_RE.findall(strip_refs(body)):  # one pass
        text = _plain(rest) if rest else ""
        if not marker and len(depth) > 1 and current is not None:
            if text:
                current.append(text)
            continue
        if not text:
            current = None  # ":[1]" placeholder: nothing to continue
            continue
        current = [text]
        out.append((marker[1:-1], current))
    return [(marker, "\n".join(lines)) for marker, lines in out]


def _plain(text: str) -> str:
    """strip_markup, and footnotes the page wrote escaped (``&lt;ref&gt;…&lt;/ref&gt;``) go too."""
    text = strip_markup(text)
    return strip_refs(text).strip() if "<ref" in text or "<Ref" in text else text


def _attach_examples(
    senses: list[tuple[str, str, tuple[str, ...]]], examples: list[tuple[str, str]]
) -> tuple[tuple[Sense, ...], list[dict[str, str]]]:
    """The Senses of ``(number, gloss, labels)`` rows, each with the examples whose marker names
    it; the rest (marker names no existing sense, ``[?]``, ``[*]``, no marker) is returned as
    ``{"sense": marker, "text": …}``."""
    known = {s[0] for s in senses}
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
    return tuple([_SENSE(n, gloss, labels, tuple(by_sense.get(n, ()))) for n, gloss, labels in senses]), unattached


# --------------------------------------------------------------------------- etymology


def _etymology(body: str) -> str:
    """Plain text of the Herkunft block, lines joined with a blank. ``[n]`` markers are kept
    (``[1] … [4] …``) only when the block names more than one sense."""
    lines: list[tuple[str, str]] = []
    for _depth, marker, rest in _LIST_LINES_RE.findall(strip_refs(body)):
        text = _plain(rest) if rest else ""
        if text:
            lines.append((marker[1:-1].strip(), text))
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
_PLAIN_LINK_RE = re.compile(r"\[\[([^\[\]]*)\]\]")  # the targets are stripped in code (no lazy "\s*" scan)
_SIMPLE_LINK_RE = re.compile(r"\[\[[^\[\]]*\]\]")
# links (atomic), unmatched link brackets, and the characters that split items or open notes
_ITEM_TOKEN_SPLIT_RE = re.compile(r"(\[\[[^\[\]]*\]\]|\[\[|\]\]|[(),;/\[\]])")
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
# an item that is one plain link "[[Agrarstaat]]", to be taken as it is (no dash, colon, pipe,
# anchor, note, link trail, trailing "-": those need the full treatment in line_targets)
_PLAIN_ITEM_RE = re.compile(r"\s*\[\[([^\[\]{}|#:()'<>&_,–—]*[^\[\]{}|#:()'<>&_,–—-])\]\]\s*")
_ALNUM_RE = re.compile(r"[^\W_]")  # str.isalnum() for one character
# characters outside links that make _split_items count nesting; without them a regex split does
_ITEM_SPECIAL_RE = re.compile(r"[()\[\]/]")
_TOP_SPLIT_RE = re.compile(r"[,;](?![^\[]*\]\])")  # a comma or semicolon that is not inside a link


def _word_relations(body: str, kind: str, language: str, note: str = "") -> list[RelationTuple]:
    """Relations of a word-list block: ``:[1, 2] [[Gebäude]], [[Bau]]`` → one Relation per word
    and per sense number the line names (no marker, ``[*]``, ``[?]`` → sense "")."""
    out: list[RelationTuple] = []
    if "<" in body:
        body = strip_refs(body)
    for _depth, marker, rest in _LIST_LINES_RE.findall(body):  # one pass over the block
        if not rest:
            continue
        if marker:
            marker = marker[1:-1]
        elif rest.startswith("{{"):
            # ":{{Wortbildung|Adjektive|:}} [6] [[indexikalisch]]": marker after a heading template
            rest = _drop_templates(rest)
            mk = _MARKER_PREFIX_RE.match(rest)
            if mk:
                marker, rest = mk.group(1), rest[mk.end() :]
        senses = sense_numbers(marker) if marker else ()
        if _PLAIN_LINK_LIST_RE.match(rest):  # the common case: ":[1] [[Gebäude]], [[Bau]]"
            targets = [t for t in map(str.strip, _PLAIN_LINK_RE.findall(rest)) if t not in _NO_TARGET]
        else:
            targets = line_targets(rest)
        if not senses:
            out.extend([(kind, target, language, "", note) for target in targets])
        elif len(senses) == 1:
            n = senses[0]
            out.extend([(kind, target, language, n, note) for target in targets])
        else:
            out.extend([(kind, target, language, n, note) for target in targets for n in senses])
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
        return [t for t in map(str.strip, _PLAIN_LINK_RE.findall(text)) if t not in _NO_TARGET]
    if "{{" in text:
        text = _drop_templates(text)
    if "''" in text:
        text = _ITALIC_RE.sub("", text.replace("'''", ""))
    if "<sup" in text or "<SUP" in text:
        text = _SUP_RE.sub("", text)  # footnote marks: "Zug<sup>[2]</sup>"
    out: list[str] = []
    for item in _split_items(text):
        plain = _PLAIN_ITEM_RE.fullmatch(item)
        if plain is not None:
            # "[[Agrarstaat]]": what the steps below make of it, without them
            target = plain.group(1).strip()
            if target:
                if target not in _NO_TARGET and _ALNUM_RE.search(target):
                    out.append(target)
                continue
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
        out.extend([t for t in targets if t not in _NO_TARGET and any(c.isalnum() for c in t)])
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
    if not _ITEM_SPECIAL_RE.search(_SIMPLE_LINK_RE.sub("", text)):
        # no note, no slash, no stray bracket outside the links: split at the commas and
        # semicolons outside links in one regex call
        return _TOP_SPLIT_RE.split(text)
    # [text, token, text, token, …, text]: a Python loop over strings, no match objects
    parts = _ITEM_TOKEN_SPLIT_RE.split(text)
    items: list[str] = []
    cur: list[str] = [parts[0]]
    depth = 0
    for i in range(1, len(parts), 2):
        tok = parts[i]
        if tok == "(" or tok == "[":
            depth += 1
        elif tok == ")" or tok == "]":
            if depth:
                depth -= 1
        elif depth:
            continue
        elif tok == "," or tok == ";":
            items.append("".join(cur))
            cur = []
        elif tok == "/":
            # "[[Eismonat]]/[[Eismond]]" are two words; "eine Erkältung/einen Schnupfen bekommen" is one
            if (
                "".join(cur).rstrip().endswith("]]")
                and not parts[i + 1].strip()
                and i + 2 < len(parts)
                and parts[i + 2].startswith("[[")
            ):
                items.append("".join(cur))
                cur = []
            else:
                cur.append(tok)
        else:
            cur.append(tok)
        if not depth:
            cur.append(parts[i + 1])
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
# A template with at most two levels of templates nested in it, matched in one regex pass:
# unrolled loops ("text (template text)*"), possessive (no backtracking). Single braces are text,
# as for _BRACES_RE ("}}}" is "}}" + "}").
_NESTED_0 = r"[^{}]*+(?:(?:\{(?!\{)|\}(?!\}))[^{}]*+)*+"
_NESTED_1 = _NESTED_0 + r"(?:\{\{" + _NESTED_0 + r"\}\}" + _NESTED_0 + r")*+"
_NESTED_2 = _NESTED_1 + r"(?:\{\{" + _NESTED_1 + r"\}\}" + _NESTED_1 + r")*+"
_TEMPLATE_RE = re.compile(r"\{\{" + _NESTED_2 + r"\}\}")
# {{Ü-Tabelle…}} / {{Dialekt…}} and, in the same pass, the rest of it up to its closing braces
# (group 3; None when it is nested deeper or unclosed: then _template_end counts the braces)
_TRANSLATION_SPECIAL_RE = re.compile(
    r"\{\{\s*(?:(Ü-Tabelle)[ \t]*|(Dialekt)[^|{}\n]*)(?=[|}])(?:(" + _NESTED_2 + r"\}\})|)"
)
_TRANSLATION_REDIRECT_RE = re.compile(r"\{\{\s*Übersetzungen umleiten\s*\|([^{}]*)\}\}")
_TABLE_PARAM_RE = re.compile(r"\|\s*(Ü-links|Ü-rechts|Ü-Liste|Dialekttabelle|D-links|D-rechts|D-Liste|G)\s*=")
_BRACES_RE = re.compile(r"\{\{|\}\}")
# The tokens of a translation list: a translation template (one level of nested templates
# allowed in its parameters), a gender template, an inline sense marker "[1, 2]" (not a link's
# bracket, not "[http://…]"), a line end. Every branch starts with a literal ("{{" factored
# out), and the line end is not a group: then the regex engine skips plain text with a
# first-character test instead of trying every branch at every offset (30% faster).
_WORD_CHARS = r"[^|{}\n\[\]'<&#=]+"  # a parameter without any markup
_TRANSLATION_TOKEN_RE = re.compile(
    r"\{\{(?:"
    # 1, 2: the common case {{Ü|en|house}} without any markup (no Python-level parameter split)
    r"Ü\|([a-z][a-z-]*)\|(" + _WORD_CHARS + r")\}\}"
    # 3-6: the next most common: {{Üt|bg|здравей|zdravej}}, {{Üxx|bg|dekemwri|декември}}, no markup
    r"|(Üt|Üxx)\|([a-z][a-z-]*)\|(" + _WORD_CHARS + r")\|(" + _WORD_CHARS + r")\}\}"
    # 7, 8: {{Ü…|params}} (one level of nested templates allowed in the params)
    r"|[ \t]*(?:(Üxx[345]\??|Üxx\??|Üt\??|Ü\??)[ \t]*\|((?:[^{}\n]|\{\{[^{}\n]*\}\})*)\}\}"
    # 9: gender template after a word
    r"|(" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")[ \t]*\}\}"
    # 10, 11: script template used as a translation: {{Hebr|אם|v=…|Ü}}
    r"|(Hebr|Farsi|Arab)[ \t]*\|([^{}\n]*)\}\}))"
    # 12: inline sense marker "[1, 2]" (not a link bracket, not "[http://…]")
    r"|\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])"
    # no group: line end (no other token spans one, so counting them gives the line of a token)
    r"|\n"
)
_LINE_LANG_RE = re.compile(r"[ \t]*\*+[ \t]*\{\{([a-z]{2,3}(?:-[a-z]{2,8})*)\}\}")  # "*{{en}}:", "**{{li}}:"
_FAST_WORD_RE = re.compile(r"[\[\]{}'<&#=]")
_INLINE_MARKER_RE = re.compile(r"\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])")
_INTERWIKI_LINK_RE = re.compile(r"\[\[:[^\[\]]*\]\]")
_GENDER_IN_TEXT_RE = re.compile(r"\{\{\s*(" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")\s*\}\}")
_MARKUP_CHAR_RE = re.compile(r"[\[\]{}'<&]")


def _translations(
    blocks: list[BlockTuple], out: list[RelationTuple], pending: list[PendingList]
) -> list[dict[str, str]]:
    """Find the translation lists of the Übersetzungen block(s): append ``(text, table sense,
    gloss, out)`` to ``pending`` (for _translation_list, which appends to ``out``); return the
    ``{{Übersetzungen umleiten|…}}`` pointers (translations kept on another page).

    A translation block runs from an "Übersetzungen" block over the sub-heading blocks under it
    ("===== ''alte Sprachen'' =====") up to the next named block (Referenzen, …).
    """
    redirects: list[dict[str, str]] = []
    inside = False
    for name, body, _start, _end in blocks:
        if name == "Übersetzungen":
            inside = True
        elif name in DE_BLOCK_NAMES or not name:
            inside = False
        if inside and "{{" in body:
            _translation_block(body, out, redirects, pending)
    return redirects


def _translation_block(
    body: str,
    out: list[RelationTuple],
    redirects: list[dict[str, str]],
    pending: list[PendingList],
) -> None:
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
        end = m.end() if m.group(3) is not None else _template_end(body, start)
        outside.append(body[pos:start])
        outside.append("\n")
        pos = end
        if m.group(1):
            _translation_table(body[start + 2 : end - 2 if body.endswith("}}", 0, end) else end], out, pending)
        # else {{Dialektausdrücke (Deutsch)|…}}: German dialect words, not translations
    if not outside:
        if "{{Ü" in body:
            pending.append((body, "", "", out))
        return
    outside.append(body[pos:])
    rest = "".join(outside)
    if "{{Ü" in rest:
        pending.append((rest, "", "", out))


def _translation_table(
    inner: str, out: list[RelationTuple], pending: list[PendingList]
) -> None:
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
    values: list[str] = []
    for i, pm in enumerate(params):
        value = inner[pm.end() : params[i + 1].start() if i + 1 < len(params) else len(inner)]
        key = pm.group(1)
        if key == "G":
            gloss = strip_markup(value) if _MARKUP_CHAR_RE.search(value) else " ".join(value.split())
        elif key in _TRANSLATION_LIST_PARAMS:
            values.append(value)
    for value in values:
        pending.append((value, table_sense, gloss, out))


def _template_end(text: str, start: int) -> int:
    """End offset of the template opening at ``start`` (matching braces; the text's end when unclosed)."""
    m = _TEMPLATE_RE.match(text, start)
    if m is not None:
        return m.end()
    depth = 0  # deeper nesting, or unclosed: count the braces
    for m in _BRACES_RE.finditer(text, start):
        if m.group() == "{{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


def _translation_list(text: str, table_sense: str, gloss: str, out: list[RelationTuple]) -> None:
    """One relation per ``{{Ü|code|word}}`` and sense. The senses are those of the inline marker
    before it on its line (``*{{la}}: [1, 2] {{Ü|la|anguilla}}``), else the table's number, else
    none (""). Gender templates after a word (``{{Ü|fr|salut}} {{m}}``) go to its note. A line
    without any ``{{Ü}}`` gives its linked words, in the language of its ``*{{de}}:`` prefix
    (foreign entries often write ``*{{de}}: [1] [[Brust]]``).

    One ``findall`` over the list: translation tables are most of a page's bytes, and tuples of
    groups are cheaper than match objects. Each word is emitted when it is met; a gender
    template after it rewrites the note of the word's relations (``out[last:]``). No token spans
    a line end, so the line a token is on is known by counting the newline tokens (its text is
    needed only for the rare lines written with plain links, and for script templates).
    """
    default = (table_sense,) if table_sense else ()
    senses = default
    templated = False  # the line has {{Ü}} words
    line_no = 0
    lines: list[str] | None = None  # text.split("\n"), made when a token needs its line's text
    last = -1  # index in ``out`` of the first relation of the line's last word; -1: none yet
    last_translit = ""
    last_genders: list[str] = []
    links = "[[" in text  # once, not at every line end: lines without {{Ü}} give their links
    append = out.append
    for (
        code,
        word,
        fname,
        fcode,
        fa,
        fb,
        name,
        params,
        gender,
        script,
        sparams,
        marker,
    ) in _TRANSLATION_TOKEN_RE.findall(text):
        if word:  # {{Ü|en|house}}
            templated = True
            word = word.strip()
            if word in _NO_TARGET:
                continue
            last, last_translit, last_genders = len(out), "", []
            if not senses:
                append(("translation", word, code, "", gloss))
            elif len(senses) == 1:
                append(("translation", word, code, senses[0], gloss))
            else:
                out.extend([("translation", word, code, n, gloss) for n in senses])
        elif marker:
            senses = sense_numbers(marker)
        elif gender:
            if last >= 0:
                new = [g for g in GENDER_TEMPLATES[gender] if g not in last_genders]
                if new:
                    last_genders = last_genders + new
                    note = _translation_note(last_genders, last_translit, gloss)
                    out[last:] = [(k, t, c, n, note) for k, t, c, n, _note in out[last:]]
        elif fname or name or script:
            templated = True
            if fname:  # {{Üt|code|word|translit}}, {{Üxx|code|translit|native}}
                target, translit = (fa.strip(), fb.strip()) if fname == "Üt" else (fb.strip(), fa.strip())
                w = [fcode, target, translit, senses, []] if target not in _NO_TARGET else None
            elif name:
                w = _translation_word(name, params, senses)
            else:  # script template
                if lines is None:
                    lines = text.split("\n")
                lang = _LINE_LANG_RE.match(lines[line_no])
                w = _script_word(sparams, lang.group(1) if lang else "", senses)
            if w is not None:
                last, last_translit, last_genders = len(out), w[2], w[4]
                _emit_word(w, gloss, out)
        else:  # line end
            if not templated and links:
                if lines is None:
                    lines = text.split("\n")
                words: list[list[Any]] = []
                _link_line(lines[line_no], default, words)
                for w in words:
                    _emit_word(w, gloss, out)
            templated = False
            senses = default
            last = -1
            line_no += 1
    if not templated and links:
        words = []
        _link_line(text[text.rfind("\n") + 1 :], default, words)
        for w in words:
            _emit_word(w, gloss, out)


def _translation_note(genders: list[str], translit: str, gloss: str) -> str:
    """ "gender; Umschrift: translit; G-gloss", each part only when present."""
    if not genders and not translit:
        return gloss
    parts = (", ".join(genders), f"Umschrift: {translit}" if translit else "", gloss)
    return "; ".join([part for part in parts if part])


def _emit_word(word: list[Any], gloss: str, out: list[RelationTuple]) -> None:
    """One relation tuple per sense of ``[code, target, translit, senses, genders]``."""
    code, target, translit, senses, genders = word
    note = _translation_note(genders, translit, gloss)
    if len(senses) == 1:
        out.append(("translation", target, code, senses[0], note))
    elif senses:
        out.extend([("translation", target, code, n, note) for n in senses])
    else:
        out.append(("translation", target, code, "", note))


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


# --------------------------------------------------------------------------- form-of

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
