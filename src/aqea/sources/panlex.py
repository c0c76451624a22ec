"""PanLex behind the source protocol (``panlex``; docs/panlex.md). Three inputs, each stored as its own edition:

- the **Swadesh corpus** (``panlex_swadesh/``, or one list folder ``swadesh207/``) → edition ``panlex-swadesh``:
  every word links to its Swadesh concepts (``concept``), a concept being an entry of language ``art`` keyed by
  the list's concepticon and number (``art-012:150`` = Swadesh 207 concept 150, *water*);
- a **bilingual lexicon** extracted from PanLex (``zho_eng_lexicon.txt``) → ``panlex-lexicon``: translation links
  both ways;
- the **database dump** (a folder with ``expr``, ``meaning``, ``denotation``, ``source`` as .csv or .json) →
  ``panlex``: translation and synonym links between the expressions of one meaning, with the source's quality.

Expressions have no part of speech: a word is one record per (AQEA language, text), part of speech
``expression``; the store attaches it to a typed entry of the same (language, lemma) (``store/untyped.py``).
Language varieties map through the ``langvar`` table found beside the input or in a parent folder; an unknown
variety's words are a recorded rejection, never guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError
from aqea.model import UNTYPED_POS, Lexeme, ParseResult, Rejection, Sense
from aqea.panlex import dump, lexicon, swadesh
from aqea.panlex.files import PanlexError
from aqea.panlex.langvar import Varieties, find_table, read_varieties
from aqea.panlex.lexemes import CONCEPT_LANGUAGE, POS_NAME, Word, digest, word_lexeme
from aqea.panlex.tables import Rejection as RowRejection
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.sources.wordnet import WordnetItem, in_order, unwrap

NAME = "panlex"
SWADESH, LEXICON, DUMP = "panlex-swadesh", "panlex-lexicon", "panlex"
LICENCE = "CC0 1.0"
ATTRIBUTION = ("PanLex, a project of The Long Now Foundation, CC0 1.0 (public domain dedication); "
               "cite Kamholz, Pool & Colowick (2014), PanLex: Building a Resource for Panlingual Lexical "
               "Translation, LREC 2014")
_ATTRIBUTIONS = {
    SWADESH: f"PanLex Swadesh Corpora (Jan 2017), Jonathan Pool (editor). {ATTRIBUTION}",
    LEXICON: f"{ATTRIBUTION}. Lexicon extracted with Di Lu's PanLex lexicon extractor",
    DUMP: ATTRIBUTION,
}
CONCEPTS_UNIT = "swadesh-concepts"
DEFAULT_UNITS = 4  # Swadesh language units when neither the request nor the settings say


class PanlexUnit(WorkUnit):
    kind: str  # "swadesh", "lexicon" or "dump"
    path: str  # the input: the corpus or list folder, the lexicon file, the dump folder
    langvar: str  # the language-variety table
    groups: tuple[str, ...] = ()  # swadesh: the AQEA languages (or uids without one) this unit reads; [] = concepts


class PanlexSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = ("PanLex: Swadesh lists (words of 2,000+ varieties on shared concepts), bilingual "
                                  "lexicons, the CSV/JSON dump (translations with source quality)")
    license: ClassVar[str] = LICENCE
    attribution: ClassVar[str] = ATTRIBUTION
    unit_type: ClassVar[type[WorkUnit]] = PanlexUnit
    batch_scale: ClassVar[int] = 5  # small records (one expression and its links), as WordNet's

    def licence_for(self, edition: str) -> tuple[str, str]:
        return LICENCE, _ATTRIBUTIONS.get(edition, ATTRIBUTION)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        return await asyncio.to_thread(plan_panlex, request, settings.units or DEFAULT_UNITS)

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        assert isinstance(unit, PanlexUnit)
        items, fault = await asyncio.to_thread(unit_items, unit)
        async for batch in in_order(items, fault, checkpoint, batch_records, max_records):
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return unwrap(records)


# --- planning ---


def plan_panlex(request: PlanRequest, default_units: int) -> RunPlan:
    if request.location is None:
        raise ConfigError("panlex needs a location: the Swadesh corpus or a list folder, a *_lexicon.txt file, "
                          "or a dump folder (expr, meaning, denotation, source as .csv or .json)")
    location = Path(request.location)
    if not location.exists():
        raise ConfigError(f"PanLex input not found: {location}")
    table = find_table(location)
    if table is None:
        raise ConfigError(f"{location}: no PanLex language-variety table (langvar.json or langvar.csv) beside it "
                          "or in a parent folder: without it no variety has a language")
    try:
        varieties = read_varieties(table)
        if location.is_file():
            return _plan_lexicon(location, table, varieties)
        if dump.table_path(location, "expr") is not None:
            dump.dump_tables(location)  # every table there, or one clear error now
            unit = PanlexUnit(source=NAME, edition=DUMP, kind="dump", unit_id="dump", path=str(location),
                              langvar=str(table))
            return RunPlan(NAME, DUMP, "mul", str(location), [unit])
        lists = swadesh_lists(location)
        if lists:
            return _plan_swadesh(location, lists, table, varieties, request.units or default_units)
    except PanlexError as exc:
        raise ConfigError(str(exc)) from None
    raise ConfigError(f"{location}: not a PanLex input (a Swadesh corpus or list folder, a <src>_<tgt>_lexicon.txt "
                      "file, or a dump folder with expr, meaning, denotation and source tables)")


def _plan_lexicon(path: Path, table: Path, varieties: Varieties) -> RunPlan:
    codes = lexicon.languages_of(path)
    if codes is None:
        raise ConfigError(f"{path}: a PanLex lexicon is named <src>_<tgt>_lexicon.txt (ISO 639-3 codes, e.g. "
                          "zho_eng_lexicon.txt)")
    known = {v.lang_code for v in varieties.by_id.values()}
    for code in codes:
        if code not in known:
            raise ConfigError(f"{path}: {code} is no language of PanLex's variety table {table}: never guessed")
    unit = PanlexUnit(source=NAME, edition=LEXICON, kind="lexicon", unit_id=f"lexicon-{codes[0]}-{codes[1]}",
                      path=str(path), langvar=str(table))
    return RunPlan(NAME, LEXICON, "mul", str(path), [unit])


def swadesh_lists(location: Path) -> list[Path]:
    """The list folders at ``location``: itself, its ``swadesh*`` subfolders, or those of ``panlex_swadesh/``."""
    if swadesh.list_files(location) and location.name.startswith("swadesh"):
        return [location]
    for folder in (location, location / "panlex_swadesh"):
        if folder.is_dir():
            found = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("swadesh")
                           and swadesh.list_files(p))
            if found:
                return found
    return []


def _group_of(uid: str, varieties: Varieties) -> str:
    """The unit group of a variety file: its AQEA language (varieties of one language read together: they
    make the same words), else its uid (a rejection)."""
    language = varieties.language(uid)
    return uid if isinstance(language, RowRejection) else language


def _plan_swadesh(location: Path, lists: list[Path], table: Path, varieties: Varieties, units: int) -> RunPlan:
    files: dict[str, int] = {}
    for folder in lists:
        concepticon = swadesh.concepticon_of(folder)
        if concepticon is None:
            raise ConfigError(f"{folder}: no concepticon file (art-NNN.txt holding 001, 002 …): its lines cannot "
                              "be keyed")
        for path in swadesh.list_files(folder):
            if path.name[:-4] == concepticon[0]:
                continue  # the concepts' own key: read by the concepts unit
            group = _group_of(path.name[:-4], varieties)
            files[group] = files.get(group, 0) + 1
    groups = sorted(files)
    parts = max(1, min(units, len(groups)))
    size = -(-sum(files.values()) // parts)
    chunks: list[list[str]] = [[]]
    filled = 0
    for group in groups:
        if filled >= size and len(chunks) < parts:
            chunks.append([])
            filled = 0
        chunks[-1].append(group)
        filled += files[group]
    common = {"source": NAME, "edition": SWADESH, "path": str(location), "langvar": str(table)}
    plan = [PanlexUnit(unit_id=CONCEPTS_UNIT, kind="swadesh", **common)]
    plan += [PanlexUnit(unit_id=f"swadesh-{c[0]}-{c[-1]}", kind="swadesh", groups=tuple(c), **common) for c in chunks]
    return RunPlan(NAME, SWADESH, "mul", str(location), plan)  # type: ignore[arg-type]


# --- reading a unit ---


def unit_items(unit: PanlexUnit) -> tuple[list[WordnetItem], str | None]:
    """Every record of a unit in a fixed order (words by ``language:text``, concepts by key, then rejections),
    and the damage that ended the input early, if any (the records before it are kept)."""
    varieties = read_varieties(Path(unit.langvar))
    path = Path(unit.path)
    try:
        if unit.kind == "lexicon":
            words, rejections, fault = _lexicon_words(path, varieties)
            return _items(words, [], rejections, unit.edition), fault
        if unit.kind == "dump":
            read = dump.read_dump(path, varieties)
            return _items(read.words, [], read.rejections, unit.edition), read.fault
        if unit.groups:
            words, rejections = _swadesh_words(path, set(unit.groups), varieties)
            return _items(words, [], rejections, unit.edition), None
        concepts, rejections = _swadesh_concepts(path)
        return _items({}, concepts, rejections, unit.edition), None
    except PanlexError as exc:  # a file of the unit broke off (a swadesh or lexicon file cut short)
        return [], str(exc)


def _items(words: dict[tuple[str, str], Word], concepts: list[Lexeme], rejections: list[RowRejection],
           edition: str) -> list[WordnetItem]:
    lexemes = [word_lexeme(language, text, word, edition) for (language, text), word in words.items()] + concepts
    items = sorted((WordnetItem(lx.record_key, lx.record_version, lx) for lx in lexemes), key=lambda i: i.key)
    for r in rejections:
        key, version = f"rejected:{r.file}:{r.where}", digest([r.reason, r.detail])
        items.append(WordnetItem(key, version, rejection=Rejection(edition, f"{r.file} {r.where}", r.reason,
                                                                   r.detail, key, version)))
    return items


def _lexicon_words(path: Path, varieties: Varieties) -> tuple[dict[tuple[str, str], Word], list[RowRejection],
                                                                str | None]:
    codes = lexicon.languages_of(path)
    assert codes is not None
    source_code, target_code = codes
    source, target = (varieties.language(f"{c}-000") for c in codes)
    langs = tuple(_language_of_code(c, lang) for c, lang in zip(codes, (source, target), strict=True))
    words: dict[tuple[str, str], Word] = {}
    rejections: list[RowRejection] = []
    fault = None
    try:
        for pair in lexicon.read_pairs(path):
            if isinstance(pair, RowRejection):
                rejections.append(pair)
                continue
            ours, theirs = words.setdefault((langs[0], pair.source), Word()), words.setdefault((langs[1], pair.target),
                                                                                                Word())
            ours.seen_in(source_code)
            theirs.seen_in(target_code)
            ours.link(("translation", pair.target, langs[1], "", ""))
            theirs.link(("translation", pair.source, langs[0], "", ""))
    except PanlexError as exc:
        fault = str(exc)
    return words, rejections, fault


def _language_of_code(code: str, language: str | RowRejection) -> str:
    """A lexicon names ISO codes, not varieties: the code's mapping (its -000 variety's, when PanLex has one)."""
    from aqea.panlex.langvar import our_language

    return language if isinstance(language, str) else our_language(code)


def _english(folder: Path, concepts: int) -> list[tuple[str, ...]]:
    """The list's English words per concept (``eng-000``): the concepts' glosses; empty when it has none."""
    path = folder / "eng-000.txt"
    english = swadesh.read_list(path, concepts) if path.is_file() else None
    return list(english.lines) if isinstance(english, swadesh.WordList) else [()] * concepts


def _iso_types(folder: Path, rejections: list[RowRejection] | None) -> dict[str, str]:
    size = swadesh.list_size(folder)
    langs = folder.parent / f"langs{size}.txt"
    types: dict[str, str] = {}
    if langs.is_file():
        for row in swadesh.read_langs(langs):
            if isinstance(row, RowRejection):
                if rejections is not None:
                    rejections.append(row)
            else:
                types[row[0]] = row[2]
    return types


def _swadesh_words(location: Path, groups: set[str], varieties: Varieties) -> tuple[
        dict[tuple[str, str], Word], list[RowRejection]]:
    words: dict[tuple[str, str], Word] = {}
    rejections: list[RowRejection] = []
    for folder in swadesh_lists(location):
        concepticon, concepts = swadesh.concepticon_of(folder) or ("", 0)
        english = _english(folder, concepts)
        types = _iso_types(folder, None)
        for path in swadesh.list_files(folder):
            uid = path.name[:-4]
            if _group_of(uid, varieties) not in groups or uid == concepticon:
                continue
            language = varieties.language(uid, types.get(uid))
            if isinstance(language, RowRejection):
                rejections.append(RowRejection(f"{folder.name}/{path.name}", "file", language.reason,
                                               language.detail))
                continue
            read = swadesh.read_list(path, concepts)
            if isinstance(read, RowRejection):
                rejections.append(RowRejection(f"{folder.name}/{path.name}", "file", read.reason, read.detail))
                continue
            for number, expressions in enumerate(read.lines, 1):
                key = f"{concepticon}:{number:03d}"
                for text in expressions:
                    word = words.setdefault((language, text), Word())
                    word.seen_in(uid)
                    word.concept(key, ", ".join(english[number - 1]))
    return words, rejections


def _swadesh_concepts(location: Path) -> tuple[list[Lexeme], list[RowRejection]]:
    """One concept per line of each list, language ``art``, lemma ``<concepticon>:<NNN>``: English words as its
    gloss, the other concepticons' labels (``art-*`` files) in ``meta.concepticons``."""
    concepts: list[Lexeme] = []
    rejections: list[RowRejection] = []
    for folder in swadesh_lists(location):
        concepticon, size = swadesh.concepticon_of(folder) or ("", 0)
        english = _english(folder, size)
        _iso_types(folder, rejections)  # the langs file's own bad rows are recorded once, here
        others: dict[str, tuple[tuple[str, ...], ...]] = {}
        for path in swadesh.list_files(folder):
            if path.name.startswith("art-") and path.name[:-4] != concepticon:
                read = swadesh.read_list(path, size)
                if isinstance(read, swadesh.WordList):
                    others[read.uid] = read.lines
        for number in range(1, size + 1):
            lemma = f"{concepticon}:{number:03d}"
            gloss = ", ".join(english[number - 1])
            extra: dict[str, object] = {"list": folder.name, "concepticon": concepticon, "concept": number,
                                        "english": list(english[number - 1]),
                                        "concepticons": {uid: list(lines[number - 1]) for uid, lines in
                                                         others.items() if lines[number - 1]}}
            concepts.append(Lexeme(
                language=CONCEPT_LANGUAGE, lemma=lemma, pos=UNTYPED_POS, pos_names=(POS_NAME,), homograph=1,
                source=SWADESH, record_key=f"{CONCEPT_LANGUAGE}:{lemma}", record_version=digest([gloss, extra]),
                senses=(Sense("1", gloss),), extra=extra))
    return concepts, rejections
