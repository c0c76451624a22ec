"""Side-by-side benchmark of our German parser against ``wiktionary-de-parser`` (PyPI).

    python bench/compare_wiktionary_de_parser.py [--reps N] [--examples N] [--json PATH]

Both parsers read the same real de.wiktionary pages (``tests/data/dewiktionary-sample.xml.bz2``,
main namespace only; reading the dump is not timed). The script

1. parses every page once with each tool and matches their entries: same page, same language,
   same ``{{Wortart}}`` heading name, in page order (a second pass pairs what is left on a page
   by heading name and order alone, and counts those pairs as language disagreements);
2. reports per field, for each tool, *coverage* (share of its entries — and of the matched
   entries — where the field is non-empty after normalising; placeholders such as ``…`` count
   as empty) and *agreement* (share of matched entries where both have the field and the
   normalised values agree), with up to ``--examples`` disagreements per field (page, ours,
   theirs) so a reader can judge who is right;
3. counts what only we extract (labels, examples, translations, relations, etymology, …);
4. times only the parsing, each parser over all pages, ``--reps`` times, alternating them (and
   their order) so that a change in machine load hits all alike; prints best and mean pages/s
   and MB/s (UTF-8 bytes of page text) on one core, CPU-time figures too, and the load average
   before and after. Ours is timed as the pipeline runs it (``parse_pages`` over a batch: here
   all pages) and, for comparison, page by page (``parse_page``); the target is judged on the
   first, both are printed. Ours runs compiled with Cython when ``make install`` could compile it
   (aqea/compiled.py; the report says which); ``AQEA_PURE_PYTHON=1`` times the Python sources.

The competitor is a benchmark-only dependency: ``pip install wiktionary-de-parser``. Its 0.16.0
declares ``Requires-Python >=3.13`` but runs on 3.11 (it uses no newer syntax or library);
on an older interpreter install it with ``pip install --ignore-requires-python
wiktionary-de-parser==0.16.0``, or take 0.15.0 (3.11+, older API: not supported here).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.compiled import in_use  # noqa: E402
from aqea.model import Lexeme, Page  # noqa: E402
from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.de import LANGUAGES, POS, parse_page, parse_pages  # noqa: E402
from tests.samples import DE_DUMP  # noqa: E402

try:
    from wiktionary_de_parser import ParsedEntry, WiktionaryPage, WiktionaryParser
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("wiktionary-de-parser is not installed: pip install --ignore-requires-python wiktionary-de-parser==0.16.0")

# --------------------------------------------------------------------------- normalising

_PLACEHOLDERS = frozenset({"", "…", "...", "-", "–", "—", "?", "0"})
_IPA_STRIP = "/[]  \t"
_HYPH_SPLIT_RE = re.compile(r"[·‧•\s\-]+")
_WORTART_NAME_RE = re.compile(r"\{\{\s*Wortart(?:-Test)?\s*\|([^|{}]*)")
_WS_RE = re.compile(r"\s+")
_GENDER_KEYS = ("gender", "gender_1", "gender_2", "gender_3", "gender_4")
_GENDER_MAP = {"m": "m", "f": "f", "n": "n", "u": "c", "c": "c"}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def norm_ipa(values: Iterable[str] | None) -> tuple[str, ...]:
    """``"/ˈaːbn̩t/"``, ``"[ˈaːbn̩t]"`` → ``"ˈaːbn̩t"``; placeholders dropped; order kept."""
    out: dict[str, None] = {}
    for v in values or ():
        v = _nfc(v).strip(_IPA_STRIP)
        v = _WS_RE.sub(" ", v)
        if v not in _PLACEHOLDERS:
            out[v] = None
    return tuple(out)


def norm_hyphenation(value: str | Iterable[str] | None) -> str:
    """Ours ``"Ab·bau-Ar·beit"`` and theirs ``["Ab", "bau", "Ar", "beit"]`` → ``"Ab·bau·Ar·beit"``.

    Spaces and hyphens are syllable breaks for them, so for the comparison they are for us too.
    """
    if not value:
        return ""
    text = value if isinstance(value, str) else "·".join(value)
    parts = [p for p in _HYPH_SPLIT_RE.split(_nfc(text)) if p]
    joined = "·".join(parts)
    return "" if joined in _PLACEHOLDERS else joined


def norm_list(values: Iterable[str] | None) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for v in values or ():
        v = _WS_RE.sub(" ", _nfc(v)).strip()
        if v not in _PLACEHOLDERS:
            out[v] = None
    return tuple(out)


def norm_text(s: str) -> str:
    """Loose text key: case-folded letters and digits only (markup stripping differs by tool)."""
    return "".join(c for c in _nfc(s).casefold() if c.isalnum())


# --------------------------------------------------------------------------- entries


@dataclass
class OurEntry:
    page: str
    lexeme: Lexeme
    heading: str  # first {{Wortart}} name of the heading


@dataclass
class TheirEntry:
    page: str
    parsed: ParsedEntry
    heading: str  # first {{Wortart}} name of the heading (from their entry's header line)
    language_key: str  # their language name mapped to a code with our table (matching only)


@dataclass
class Pair:
    ours: OurEntry
    theirs: TheirEntry
    same_language: bool


def our_entries(pages: list[Page]) -> list[OurEntry]:
    out: list[OurEntry] = []
    for p in pages:
        for lx in parse_page(p).lexemes:
            out.append(OurEntry(p.title, lx, lx.pos_names[0] if lx.pos_names else ""))
    return out


def their_pages(pages: list[Page]) -> list[WiktionaryPage]:
    """The same pages in their input shape (built once, untimed). Redirects carry no text there."""
    return [
        WiktionaryPage(
            page_id=p.page_id,
            name=p.title,
            wikitext=None if p.redirect else p.text,
            redirect_to=p.redirect,
        )
        for p in pages
    ]


def their_entries(wpages: list[WiktionaryPage]) -> list[TheirEntry]:
    parser = WiktionaryParser()
    out: list[TheirEntry] = []
    for page in wpages:
        if page.redirect_to or not page.wikitext:
            continue
        for entry in parser.entries(page):
            parsed = parser.parse(entry)
            m = _WORTART_NAME_RE.search(entry.header_line or "")
            heading = m.group(1).strip() if m else ""
            name = (parsed.language or "").strip()
            key = LANGUAGES.get(name) or parsed.language_code or f"und:{name}"
            out.append(TheirEntry(page.name, parsed, heading, key))
    return out


def match(ours: list[OurEntry], theirs: list[TheirEntry]) -> tuple[list[Pair], list[OurEntry], list[TheirEntry]]:
    """Pair entries page by page: (language, heading name) in page order, then heading name alone."""
    by_page_o: dict[str, list[OurEntry]] = defaultdict(list)
    by_page_t: dict[str, list[TheirEntry]] = defaultdict(list)
    for o in ours:
        by_page_o[o.page].append(o)
    for t in theirs:
        by_page_t[t.page].append(t)
    pairs: list[Pair] = []
    only_o: list[OurEntry] = []
    only_t: list[TheirEntry] = []
    for page in dict.fromkeys([*by_page_o, *by_page_t]):
        os_, ts = by_page_o.get(page, []), by_page_t.get(page, [])
        used_o: set[int] = set()
        used_t: set[int] = set()
        for strict in (True, False):
            j0 = 0  # keep page order: a match never goes back before the previous one
            for i, o in enumerate(os_):
                if i in used_o:
                    continue
                for j in range(j0 if strict else 0, len(ts)):
                    t = ts[j]
                    if j in used_t or t.heading != o.heading:
                        continue
                    if strict and t.language_key != o.lexeme.language:
                        continue
                    used_o.add(i)
                    used_t.add(j)
                    pairs.append(Pair(o, t, strict))
                    j0 = j + 1
                    break
        only_o.extend(o for i, o in enumerate(os_) if i not in used_o)
        only_t.extend(t for j, t in enumerate(ts) if j not in used_t)
    return pairs, only_o, only_t


# --------------------------------------------------------------------------- fields both have


def _their_pos(pe: ParsedEntry) -> tuple[str, ...]:
    """Their first tag and its most specific name (first subtype, else the tag), in our
    normalised classes: ``Substantiv`` + ``Vorname`` → ("noun", "proper_noun")."""
    if not pe.pos:
        return ()
    tag = pe.pos[0]
    leaf = tag.subtypes[0] if tag.subtypes else tag.pos
    return (POS.get(tag.pos, "unknown"), POS.get(leaf, "unknown"))


def _our_gender(lx: Lexeme) -> tuple[str, ...]:
    return tuple(sorted(set(lx.gender)))


def _their_gender(pe: ParsedEntry) -> tuple[str, ...]:
    inf = pe.inflection or {}
    return tuple(sorted({_GENDER_MAP[v] for k in _GENDER_KEYS if (v := inf.get(k, "").lower()) in _GENDER_MAP}))


def _our_form_of(lx: Lexeme) -> tuple[str, ...]:
    """Targets of {{Grundformverweis…}} (form_of) and {{Lemmaverweis}} (a "related" relation noted
    "Lemmaverweis" or with the Grammatische-Merkmale line that names the target)."""
    features = set(lx.extra.get("grammatical_features", ()))
    out: dict[str, None] = {}
    for kind, target, _language, _sense, note in lx.relations:
        # what they call form-of: inflected forms, lemma pointers and old / Swiss spellings pointing at the lemma
        spelling_pointers = ("Lemmaverweis", "Alte Schreibweise", "Schweizer und Liechtensteiner Schreibweise")
        if kind == "form_of" or (kind == "related" and (note in spelling_pointers or note in features)):
            out[target] = None
    return tuple(out)


def _their_form_of(pe: ParsedEntry) -> tuple[str, ...]:
    return (pe.reference.target,) if pe.reference else ()


def _flat_meanings(meanings: list[Any] | None) -> list[Any]:
    out: list[Any] = []
    for m in meanings or ():
        out.append(m)
        out.extend(_flat_meanings(m.sublist))
    return out


def _our_senses(lx: Lexeme) -> int:
    return len(lx.senses)


def _their_senses(pe: ParsedEntry) -> int:
    return sum(1 for m in _flat_meanings(pe.meanings) if m.text or m.tags)


def _our_first_gloss(lx: Lexeme) -> str:
    return lx.senses[0].gloss if lx.senses else ""


def _their_first_gloss(pe: ParsedEntry) -> str:
    flat = _flat_meanings(pe.meanings)
    return flat[0].text if flat else ""


def _our_labels(lx: Lexeme) -> tuple[str, ...]:
    return tuple(sorted({norm_text(lb) for s in lx.senses for lb in s.labels} - {""}))


def _their_labels(pe: ParsedEntry) -> tuple[str, ...]:
    return tuple(sorted({norm_text(t) for m in _flat_meanings(pe.meanings) for t in m.tags} - {""}))


_FORM_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]*)?")
_TABLE_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den"})


def _form_words(text: str) -> tuple[str, ...]:
    """The words of a form or cell, letters and digits only, articles dropped; optional letters written in
    ("Zug(e)s" → "zuges")."""
    text = text.replace("&nbsp;", " ").replace("(", "").replace(")", "")
    return tuple(w for w in (norm_text(x) for x in _FORM_WORD_RE.findall(text)) if w and w not in _TABLE_ARTICLES)


def _our_inflection(lx: Lexeme) -> tuple[str, ...]:
    """Every word of the forms our table reading gives and of their qualifiers ("selten", "veraltet") (extra["forms"];
    tags aside: their keys are no vocabulary: "present_1sg", "preterite_ich*", "wer_oder_was?_(einzahl)")."""
    return tuple(sorted({w for f in lx.extra.get("forms", ()) for x in (f["form"], *f.get("raw_tags", ()))
                         for w in _form_words(x)}))


def _their_inflection(pe: ParsedEntry) -> tuple[tuple[str, ...], ...]:
    """Their table cells (gender keys aside) as word tuples."""
    cells = []
    for k, v in (pe.inflection or {}).items():
        if k.startswith("gender") or _WS_RE.sub(" ", v).strip() in _PLACEHOLDERS:
            continue
        words = _form_words(v)
        if words:
            cells.append(words)
    return tuple(cells)


def _inflection_agree(a: tuple[str, ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """Every word of every cell they have is among the words of our forms."""
    ours = set(a)
    return all(set(cell) <= ours for cell in b)


def _inflection_strict(a: tuple[str, ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """The same words both ways."""
    return set(a) == {w for cell in b for w in cell}


def _first_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a[0] == b[0]


@dataclass
class FieldSpec:
    name: str
    ours: Callable[[OurEntry], Any]
    theirs: Callable[[TheirEntry], Any]
    agree: Callable[[Any, Any], bool] = lambda a, b: a == b
    strict: Callable[[Any, Any], bool] | None = None  # a stricter second agreement figure
    note: str = ""


FIELDS: list[FieldSpec] = [
    FieldSpec(
        "language",
        lambda o: o.lexeme.language,
        lambda t: t.parsed.language_code or "",
        note="ISO code; theirs from its own table, None for names it lacks (Plattdeutsch, Ido, …)",
    ),
    FieldSpec(
        "pos",
        lambda o: o.lexeme.pos,
        lambda t: _their_pos(t.parsed),
        agree=lambda a, b: a in b,
        strict=lambda a, b: a == b[1],
        note="their first tag mapped with our table; agree = ours is the class of the tag or of its first "
        "subtype, strict = of the subtype (they give a declined form its lemma's POS, we 'inflected_form')",
    ),
    FieldSpec(
        "gender",
        lambda o: _our_gender(o.lexeme),
        lambda t: _their_gender(t.parsed),
        note="set of m/f/n/c; theirs from the Genus cells of a German Übersicht table only",
    ),
    FieldSpec(
        "ipa",
        lambda o: norm_ipa(o.lexeme.ipa),
        lambda t: norm_ipa(t.parsed.ipa),
        agree=_first_agree,
        strict=lambda a, b: set(b) <= set(a),
        note="agree = same first transcription; strict = every one of theirs is among ours "
        "(we keep every Lautschrift, they the first chain)",
    ),
    FieldSpec(
        "hyphenation",
        lambda o: norm_hyphenation(o.lexeme.extra.get("hyphenation")),
        lambda t: norm_hyphenation(t.parsed.hyphenation),
        note="syllables joined with '·' (spaces and hyphens are breaks for both)",
    ),
    FieldSpec(
        "rhymes",
        lambda o: norm_list(o.lexeme.extra.get("rhymes")),
        lambda t: norm_list(t.parsed.rhymes),
        agree=_first_agree,
        strict=lambda a, b: set(a) == set(b),
        note="agree = same first rhyme; strict = same set",
    ),
    FieldSpec(
        "form_of",
        lambda o: _our_form_of(o.lexeme),
        lambda t: _their_form_of(t.parsed),
        agree=lambda a, b: b[0] in a,
        note="lemma an inflected form / variant points to; ours form_of + Lemmaverweis relations, "
        "theirs ParsedEntry.reference",
    ),
    FieldSpec(
        "senses",
        lambda o: _our_senses(o.lexeme),
        lambda t: _their_senses(t.parsed),
        note="number of senses incl. sub-senses",
    ),
    FieldSpec(
        "first_gloss",
        lambda o: norm_text(_our_first_gloss(o.lexeme)),
        lambda t: norm_text(_their_first_gloss(t.parsed)),
        agree=lambda a, b: a.endswith(b) or b.endswith(a),
        strict=lambda a, b: a == b,
        note="text of sense 1, letters and digits only, case-folded; agree = equal or one ends with the "
        "other (a leading label one tool keeps in the gloss), strict = equal",
    ),
    FieldSpec(
        "sense_labels",
        lambda o: _our_labels(o.lexeme),
        lambda t: _their_labels(t.parsed),
        agree=lambda a, b: set(b) <= set(a),
        strict=lambda a, b: a == b,
        note="set of {{K}}/label-template labels over all senses; agree = theirs ⊆ ours",
    ),
    FieldSpec(
        "inflection",
        lambda o: _our_inflection(o.lexeme),
        lambda t: _their_inflection(t.parsed),
        agree=_inflection_agree,
        strict=_inflection_strict,
        note="inflection-table forms as words (letters and digits, articles aside; we store forms with tags, they "
        "the raw cells); agree = every word of their cells is among our forms, strict = the same words",
    ),
]


def _nonempty(v: Any) -> bool:
    return bool(v)


def _show(v: Any) -> Any:
    if isinstance(v, dict):
        return dict(sorted(v.items()))
    return v


@dataclass
class FieldResult:
    name: str
    note: str
    ours_cov_all: float
    theirs_cov_all: float
    ours_cov_matched: float
    theirs_cov_matched: float
    both: int
    agree: int
    strict_agree: int | None
    only_ours: int
    only_theirs: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    theirs_only_examples: list[dict[str, Any]] = field(default_factory=list)
    ours_only_examples: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "coverage_all_entries": {"ours": self.ours_cov_all, "theirs": self.theirs_cov_all},
            "coverage_matched_entries": {"ours": self.ours_cov_matched, "theirs": self.theirs_cov_matched},
            "both_have": self.both,
            "agree": self.agree,
            "agreement": self.agree / self.both if self.both else None,
            "strict_agree": self.strict_agree,
            "strict_agreement": (
                self.strict_agree / self.both if self.both and self.strict_agree is not None else None
            ),
            "matched_only_ours": self.only_ours,
            "matched_only_theirs": self.only_theirs,
            "disagreements": self.examples,
            "only_theirs_examples": self.theirs_only_examples,
            "only_ours_examples": self.ours_only_examples,
        }


def compare_fields(
    ours: list[OurEntry], theirs: list[TheirEntry], pairs: list[Pair], n_examples: int
) -> list[FieldResult]:
    results: list[FieldResult] = []
    for spec in FIELDS:
        cov_o = sum(_nonempty(spec.ours(o)) for o in ours) / len(ours)
        cov_t = sum(_nonempty(spec.theirs(t)) for t in theirs) / len(theirs)
        mo = mt = both = agree = strict = only_o = only_t = 0
        examples: list[dict[str, Any]] = []
        theirs_only: list[dict[str, Any]] = []
        ours_only: list[dict[str, Any]] = []
        for p in pairs:
            a, b = spec.ours(p.ours), spec.theirs(p.theirs)
            ha, hb = _nonempty(a), _nonempty(b)
            mo += ha
            mt += hb
            if ha and not hb:
                only_o += 1
                if len(ours_only) < n_examples:
                    ours_only.append(_example(p, a, None))
            elif hb and not ha:
                only_t += 1
                if len(theirs_only) < n_examples:
                    theirs_only.append(_example(p, None, b))
            if not (ha and hb):
                continue
            both += 1
            ok = spec.agree(a, b)
            agree += ok
            if spec.strict is not None:
                strict += spec.strict(a, b)
            if not ok and len(examples) < n_examples:
                if isinstance(a, dict):  # show only the cells that differ
                    a, b = {k: a.get(k) for k in b if a.get(k) != b[k]}, {k: v for k, v in b.items() if a.get(k) != v}
                examples.append(_example(p, a, b))
        n = len(pairs) or 1
        results.append(
            FieldResult(
                spec.name,
                spec.note,
                cov_o,
                cov_t,
                mo / n,
                mt / n,
                both,
                agree,
                strict if spec.strict is not None else None,
                only_o,
                only_t,
                examples,
                theirs_only,
                ours_only,
            )
        )
    return results


def _example(p: Pair, ours: Any, theirs: Any) -> dict[str, Any]:
    lx = p.ours.lexeme
    return {
        "page": p.ours.page,
        "entry": f"{lx.language}/{p.ours.heading}/{lx.homograph}",
        "ours": _show(ours),
        "theirs": _show(theirs),
    }


# --------------------------------------------------------------------------- fields only we have


def only_ours_counts(ours: list[OurEntry], theirs: list[TheirEntry]) -> dict[str, Any]:
    lexemes = [o.lexeme for o in ours]
    rel_entries: Counter[str] = Counter()
    rel_total: Counter[str] = Counter()
    for lx in lexemes:
        kinds = Counter(r[0] for r in lx.relations)  # (kind, target, language, sense, note)
        rel_total.update(kinds)
        rel_entries.update(kinds.keys())
    out: dict[str, Any] = {
        "senses with labels (entries / senses)": (
            sum(any(s.labels for s in lx.senses) for lx in lexemes),
            sum(bool(s.labels) for lx in lexemes for s in lx.senses),
        ),
        "examples attached to senses (entries / examples)": (
            sum(any(s.examples for s in lx.senses) for lx in lexemes),
            sum(len(s.examples) for lx in lexemes for s in lx.senses),
        ),
        "examples without a sense (entries / examples)": (
            sum(bool(lx.extra.get("examples_unattached")) for lx in lexemes),
            sum(len(lx.extra.get("examples_unattached", ())) for lx in lexemes),
        ),
        "etymology (entries)": sum("etymology" in lx.extra for lx in lexemes),
        "grammatical features (entries)": sum("grammatical_features" in lx.extra for lx in lexemes),
        "translation redirects (entries)": sum("translation_redirects" in lx.extra for lx in lexemes),
        "homograph number > 1 (entries)": sum(lx.homograph > 1 for lx in lexemes),
    }
    for kind in ("translation", "synonym", "antonym", "hypernym", "hyponym", "derived", "related", "form_of"):
        out[f"relations: {kind} (entries / relations)"] = (rel_entries[kind], rel_total[kind])
    out["translation languages"] = len({r[2] for lx in lexemes for r in lx.relations if r[0] == "translation"})
    # and what they give that we have no field for
    pes = [t.parsed for t in theirs]
    out["(theirs only) meanings with raw_tags (entries)"] = sum(
        any(m.raw_tags for m in _flat_meanings(pe.meanings)) for pe in pes
    )
    out["(theirs only) reference type variant/inflected (entries)"] = sum(pe.reference is not None for pe in pes)
    return out


# --------------------------------------------------------------------------- timing


def _time_ours(pages: list[Page]) -> tuple[float, float]:
    """Our parser as the pipeline calls it: parse_pages over a batch (here: all pages)."""
    t, c = time.perf_counter(), time.process_time()
    parse_pages(pages)
    return time.perf_counter() - t, time.process_time() - c


def _time_ours_by_page(pages: list[Page]) -> tuple[float, float]:
    """Our parser one page at a time (parse_page), for comparison."""
    t, c = time.perf_counter(), time.process_time()
    for p in pages:
        parse_page(p)
    return time.perf_counter() - t, time.process_time() - c


def _time_theirs(wpages: list[WiktionaryPage]) -> tuple[float, float]:
    parser = WiktionaryParser()
    t, c = time.perf_counter(), time.process_time()
    for page in wpages:
        if page.redirect_to or not page.wikitext:
            continue
        for entry in parser.entries(page):
            parser.parse(entry)
    return time.perf_counter() - t, time.process_time() - c


def timing(pages: list[Page], wpages: list[WiktionaryPage], reps: int) -> dict[str, Any]:
    n_pages = len(pages)
    mb = sum(p.text_bytes for p in pages) / 1e6
    load_before = os.getloadavg()
    timers: dict[str, Callable[[], tuple[float, float]]] = {
        "ours": lambda: _time_ours(pages),
        "ours/page": lambda: _time_ours_by_page(pages),
        "theirs": lambda: _time_theirs(wpages),
    }
    for timer in timers.values():
        timer()  # warm-up (imports, lazy tables, regex caches), untimed
    runs: dict[str, list[tuple[float, float]]] = {tool: [] for tool in timers}
    gc.collect()
    order = list(timers)
    for rep in range(reps):
        for tool in order if rep % 2 == 0 else order[::-1]:  # alternate the order too
            runs[tool].append(timers[tool]())
    load_after = os.getloadavg()
    out: dict[str, Any] = {
        "pages": n_pages,
        "mb": mb,
        "reps": reps,
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "cpu_count": os.cpu_count(),
    }
    for tool, rs in runs.items():
        walls = [w for w, _c in rs]
        cpus = [c for _w, c in rs]
        best, mean, cpu_mean = min(walls), statistics.fmean(walls), statistics.fmean(cpus)
        out[tool] = {
            "seconds_best": best,
            "seconds_mean": mean,
            "pages_per_s_best": n_pages / best,
            "pages_per_s_mean": n_pages / mean,
            "mb_per_s_best": mb / best,
            "mb_per_s_mean": mb / mean,
            "pages_per_cpu_s": n_pages / cpu_mean,
            "mb_per_cpu_s": mb / cpu_mean,
        }
    for tool, prefix in (("ours", "speedup"), ("ours/page", "speedup_by_page")):
        out[f"{prefix}_best"] = out[tool]["pages_per_s_best"] / out["theirs"]["pages_per_s_best"]
        out[f"{prefix}_mean"] = out[tool]["pages_per_s_mean"] / out["theirs"]["pages_per_s_mean"]
        out[f"{prefix}_cpu"] = out[tool]["pages_per_cpu_s"] / out["theirs"]["pages_per_cpu_s"]
    return out


# --------------------------------------------------------------------------- report


def _pct(x: float | None) -> str:
    return "   –  " if x is None else f"{100 * x:5.1f}%"


def _short(v: Any, width: int = 70) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= width else s[: width - 1] + "…"


def print_report(report: dict[str, Any], fields: list[FieldResult], n_examples: int) -> None:
    e = report["entries"]
    print(f"wiktionary-de-parser {report['versions']['wiktionary-de-parser']} vs aqea {report['versions']['aqea']}")
    print(f"sample: {report['sample']}: {e['pages']} main-namespace pages, {report['timing']['mb']:.3f} MB of wikitext")
    print()
    print(
        f"entries: ours {e['ours']}, theirs {e['theirs']}; matched {e['matched']} "
        f"({e['matched_same_language']} same language, {e['matched_other_language']} by heading and order only); "
        f"only ours {e['only_ours']}, only theirs {e['only_theirs']}"
    )
    for label, key in (("only ours", "only_ours_examples"), ("only theirs", "only_theirs_examples")):
        for x in e[key][:n_examples]:
            print(f"  {label}: {x}")
    print()
    hdr = (
        f"{'field':<13} {'cov ours':>8} {'cov them':>8} | {'matched: ours':>13} {'them':>6} "
        f"{'both':>5} {'agree':>6} {'strict':>6} {'o-only':>6} {'t-only':>6}"
    )
    print("coverage over each tool's own entries | over the matched entries; agreement where both have the field")
    print(hdr)
    print("-" * len(hdr))
    for f in fields:
        strict = None if f.strict_agree is None or not f.both else f.strict_agree / f.both
        print(
            f"{f.name:<13} {_pct(f.ours_cov_all):>8} {_pct(f.theirs_cov_all):>8} | "
            f"{_pct(f.ours_cov_matched):>13} {_pct(f.theirs_cov_matched):>6} {f.both:>5} "
            f"{_pct(f.agree / f.both if f.both else None):>6} {_pct(strict):>6} {f.only_ours:>6} {f.only_theirs:>6}"
        )
    print()
    for f in fields:
        print(f"{f.name}: {f.note}")
    print()
    for f in fields:
        if f.examples:
            print(f"disagreements: {f.name} ({f.both - f.agree} of {f.both}; first {len(f.examples)})")
            for x in f.examples:
                print(f"  {x['page']} [{x['entry']}]  ours={_short(x['ours'])}  theirs={_short(x['theirs'])}")
        if f.theirs_only_examples:
            print(f"only theirs has {f.name} ({f.only_theirs}; first {len(f.theirs_only_examples)})")
            for x in f.theirs_only_examples:
                print(f"  {x['page']} [{x['entry']}]  theirs={_short(x['theirs'])}")
    print()
    print("what only we extract (entries of ours, and counts):")
    for k, v in report["only_ours"].items():
        print(f"  {k:<55} {v if not isinstance(v, list | tuple) else ' / '.join(map(str, v))}")
    print()
    t = report["timing"]
    print(
        f"speed, one core, parsing only ({t['pages']} pages, {t['mb']:.3f} MB, {t['reps']} reps each, alternating; "
        f"load average before {_load(t['loadavg_before'])}, after {_load(t['loadavg_after'])}, "
        f"{t['cpu_count']} CPUs; ours {'compiled with Cython' if report['ours_compiled'] else 'as Python'}):"
    )
    print(
        f"  {'tool':<9} {'pages/s best':>11} {'mean':>8} {'MB/s best':>10} {'mean':>7} "
        f"{'pages/CPU-s':>12} {'MB/CPU-s':>9}"
    )
    for tool in ("ours", "ours/page", "theirs"):
        x = t[tool]
        print(
            f"  {tool:<9} {x['pages_per_s_best']:>11.0f} {x['pages_per_s_mean']:>8.0f} {x['mb_per_s_best']:>10.2f} "
            f"{x['mb_per_s_mean']:>7.2f} {x['pages_per_cpu_s']:>12.0f} {x['mb_per_cpu_s']:>9.2f}"
        )
    print(
        f"  ours / theirs: {t['speedup_best']:.2f}x (best), {t['speedup_mean']:.2f}x (mean), "
        f"{t['speedup_cpu']:.2f}x (CPU)   [ours: parse_pages over the batch, as the pipeline runs it]"
    )
    print(
        f"  ours/page / theirs: {t['speedup_by_page_best']:.2f}x (best), {t['speedup_by_page_mean']:.2f}x (mean), "
        f"{t['speedup_by_page_cpu']:.2f}x (CPU)   [parse_page one page at a time]"
    )
    print()
    print("targets:")
    for k, v in report["targets"].items():
        print(f"  {k}: {'met' if v['met'] else 'NOT met'} ({v['detail']})")


def _load(la: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in la)


def targets(fields: list[FieldResult], t: dict[str, Any]) -> dict[str, Any]:
    behind = [f.name for f in fields if f.ours_cov_matched < f.theirs_cov_matched]
    behind_all = [f.name for f in fields if f.ours_cov_all < f.theirs_cov_all]
    return {
        "coverage >= theirs on every shared field (matched entries)": {
            "met": not behind,
            "detail": f"behind on: {', '.join(behind)}" if behind else "ahead or equal on all",
        },
        "coverage >= theirs on every shared field (each tool's own entries)": {
            "met": not behind_all,
            "detail": f"behind on: {', '.join(behind_all)}" if behind_all else "ahead or equal on all",
        },
        "pages/s per core >= 5x theirs": {
            "met": t["speedup_best"] >= 5 and t["speedup_mean"] >= 5,
            "detail": f"{t['speedup_best']:.2f}x best, {t['speedup_mean']:.2f}x mean, {t['speedup_cpu']:.2f}x CPU "
            f"(page by page: {t['speedup_by_page_best']:.2f}x, {t['speedup_by_page_mean']:.2f}x, "
            f"{t['speedup_by_page_cpu']:.2f}x)",
        },
    }


def _entry_label_ours(o: OurEntry) -> str:
    return f"{o.page} [{o.lexeme.language}/{o.heading}/{o.lexeme.homograph}]"


def _entry_label_theirs(t: TheirEntry) -> str:
    return f"{t.page} [{t.parsed.language}/{t.heading}/#{t.parsed.entry_index}]"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--reps", type=int, default=5, help="timed passes over all pages per tool (default 5)")
    ap.add_argument("--examples", type=int, default=10, help="disagreements shown per field (default 10)")
    ap.add_argument("--json", type=Path, help="also write the full report as JSON here")
    ap.add_argument("--dump", type=Path, default=DE_DUMP, help="German dump to read (default: the test sample)")
    args = ap.parse_args(argv)

    pages = [p for p in iter_pages(args.dump) if p.namespace == 0]
    wpages = their_pages(pages)

    ours = our_entries(pages)
    theirs = their_entries(wpages)
    pairs, only_o, only_t = match(ours, theirs)
    fields = compare_fields(ours, theirs, pairs, args.examples)
    t = timing(pages, wpages, args.reps)

    report: dict[str, Any] = {
        "versions": {
            "wiktionary-de-parser": metadata.version("wiktionary-de-parser"),
            "aqea": metadata.version("aqea-extractor"),
            "python": platform.python_version(),
        },
        # the parser's hot modules compiled with Cython (aqea/compiled.py; AQEA_PURE_PYTHON=1 times the sources)
        "ours_compiled": in_use("aqea.wiktionary") and in_use("aqea.wiktionary.de"),
        "sample": str(args.dump.relative_to(ROOT) if args.dump.is_relative_to(ROOT) else args.dump),
        "entries": {
            "pages": len(pages),
            "ours": len(ours),
            "theirs": len(theirs),
            "matched": len(pairs),
            "matched_same_language": sum(p.same_language for p in pairs),
            "matched_other_language": sum(not p.same_language for p in pairs),
            "only_ours": len(only_o),
            "only_theirs": len(only_t),
            "only_ours_examples": [_entry_label_ours(o) for o in only_o],
            "only_theirs_examples": [_entry_label_theirs(x) for x in only_t],
            "matched_other_language_examples": [
                f"{p.ours.page}: ours {p.ours.lexeme.language}, theirs {p.theirs.parsed.language}"
                for p in pairs
                if not p.same_language
            ],
        },
        "fields": {f.name: f.as_json() for f in fields},
        "only_ours": only_ours_counts(ours, theirs),
        "timing": t,
    }
    report["targets"] = targets(fields, t)
    print_report(report, fields, args.examples)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=list) + "\n", encoding="utf-8")
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
