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
import itertools
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError, SourceError
from aqea.model import UNTYPED_POS, Lexeme, ParseResult, Rejection, Sense
from aqea.panlex import dump, lexicon, swadesh
from aqea.panlex.files import PanlexError
from aqea.panlex.langvar import Varieties, find_table, read_varieties
from aqea.panlex.lexemes import CONCEPT_LANGUAGE, POS_NAME, Word, digest, word_lexeme
from aqea.panlex.spool import CHUNK_ROWS
from aqea.panlex.tables import Rejection as RowRejection
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.sources.wordnet import WordnetItem, unwrap

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


UNIT_BYTES = 64 * 1024 * 1024  # a lexicon or dump this large or more is read in several units (by default)


class PanlexUnit(WorkUnit):
    kind: str  # "swadesh", "lexicon" or "dump"
    path: str  # the input: the corpus or list folder, the lexicon file, the dump folder
    langvar: str  # the language-variety table
    groups: tuple[str, ...] = ()  # swadesh: the AQEA languages (or uids without one) this unit reads; [] = concepts
    part: int = 0  # lexicon, dump: the words of this part (``lexemes.part_of``) of ``parts``
    parts: int = 1


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
        items = await asyncio.to_thread(open_unit, unit, context.settings.data_dir / "spool")
        try:
            async for batch in in_order_streamed(items, checkpoint, batch_records, max_records):
                yield batch
        finally:
            items.close()

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
            return _plan_lexicon(location, table, varieties, request.units or _parts(location.stat().st_size,
                                                                                    default_units))
        if dump.table_path(location, "expr") is not None:
            tables = dump.dump_tables(location)  # every table there, or one clear error now
            parts = request.units or _parts(sum(p.stat().st_size for p in tables.values()), default_units)
            units = [PanlexUnit(source=NAME, edition=DUMP, kind="dump", unit_id=_part_id("dump", part, parts),
                                path=str(location), langvar=str(table), part=part, parts=parts)
                     for part in range(parts)]
            return RunPlan(NAME, DUMP, "mul", str(location), units)  # type: ignore[arg-type]
        lists = swadesh_lists(location)
        if lists:
            return _plan_swadesh(location, lists, table, varieties, request.units or default_units)
    except PanlexError as exc:
        raise ConfigError(str(exc)) from None
    raise ConfigError(f"{location}: not a PanLex input (a Swadesh corpus or list folder, a <src>_<tgt>_lexicon.txt "
                      "file, or a dump folder with expr, meaning, denotation and source tables)")


def _parts(size: int, default_units: int) -> int:
    """Units for a lexicon or dump of ``size`` bytes when the request names none: one per UNIT_BYTES begun, at
    most the default number of units. Each part reads the whole input and keeps its share of the words."""
    return max(1, min(default_units, -(-size // UNIT_BYTES)))


def _part_id(base: str, part: int, parts: int) -> str:
    return base if parts == 1 else f"{base}-part{part + 1}of{parts}"


def _plan_lexicon(path: Path, table: Path, varieties: Varieties, parts: int) -> RunPlan:
    codes = lexicon.languages_of(path)
    if codes is None:
        raise ConfigError(f"{path}: a PanLex lexicon is named <src>_<tgt>_lexicon.txt (ISO 639-3 codes, e.g. "
                          "zho_eng_lexicon.txt)")
    known = {v.lang_code for v in varieties.by_id.values()}
    for code in codes:
        if code not in known:
            raise ConfigError(f"{path}: {code} is no language of PanLex's variety table {table}: never guessed")
    units = [PanlexUnit(source=NAME, edition=LEXICON, kind="lexicon", path=str(path), langvar=str(table),
                        unit_id=_part_id(f"lexicon-{codes[0]}-{codes[1]}", part, parts), part=part, parts=parts)
             for part in range(parts)]
    return RunPlan(NAME, LEXICON, "mul", str(path), units)  # type: ignore[arg-type]


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


class UnitItems:
    """A unit's records in their fixed order (words by ``language:text``, concepts by key, then rejections), built
    while iterated (once): a lexicon or dump unit holds one sort buffer and one word at a time, never all its
    words. ``fault``: the damage that ended the input early (known before the first record; the records read
    before it are kept). ``close()`` removes the sort's temporary files."""

    def __init__(self, edition: str, read: lexicon.LexiconWords | dump.DumpWords | None = None,
                 items: list[WordnetItem] | None = None, fault: str | None = None) -> None:
        self._edition, self._read, self._items = edition, read, items or []
        self.fault = read.fault if read is not None else fault

    def __iter__(self) -> Iterator[WordnetItem]:
        if self._read is None:
            yield from self._items
            return
        for language, text, word in self._read.words():
            lexeme = word_lexeme(language, text, word, self._edition)
            yield WordnetItem(lexeme.record_key, lexeme.record_version, lexeme)
        yield from _rejection_items(self._read.rejections(), self._edition)

    def close(self) -> None:
        if self._read is not None:
            self._read.close()


def open_unit(unit: PanlexUnit, sort_folder: Path | None = None, chunk_rows: int = CHUNK_ROWS) -> UnitItems:
    """A unit read up to its first record: a lexicon or a dump read through and sorted (in ``sort_folder``, the
    system's temporary folder when None; ``chunk_rows`` rows held before a sorted run goes to disk)."""
    varieties = read_varieties(Path(unit.langvar))
    path = Path(unit.path)
    try:
        if unit.kind == "lexicon":
            codes = lexicon.languages_of(path)
            assert codes is not None
            langs = tuple(_language_of_code(c, varieties.language(f"{c}-000")) for c in codes)
            return UnitItems(unit.edition, lexicon.LexiconWords(
                path, (langs[0], langs[1]), part=unit.part, parts=unit.parts, folder=sort_folder,
                chunk_rows=chunk_rows))
        if unit.kind == "dump":
            return UnitItems(unit.edition, dump.DumpWords(path, varieties, part=unit.part, parts=unit.parts,
                                                          folder_for_sorting=sort_folder, chunk_rows=chunk_rows))
        if unit.groups:
            words, rejections = _swadesh_words(path, set(unit.groups), varieties)
            return UnitItems(unit.edition, items=_items(words, [], rejections, unit.edition))
        concepts, rejections = _swadesh_concepts(path)
        return UnitItems(unit.edition, items=_items({}, concepts, rejections, unit.edition))
    except PanlexError as exc:  # a file of the unit broke off (a swadesh or lexicon file cut short)
        return UnitItems(unit.edition, fault=str(exc))


def unit_items(unit: PanlexUnit, sort_folder: Path | None = None,
               chunk_rows: int = CHUNK_ROWS) -> tuple[list[WordnetItem], str | None]:
    """Every record of a unit in its fixed order, in a list (tests, small inputs), and the unit's fault."""
    items = open_unit(unit, sort_folder, chunk_rows)
    try:
        return list(items), items.fault
    finally:
        items.close()


async def in_order_streamed(items: UnitItems, checkpoint: Checkpoint, batch_records: int,
                            max_records: int | None) -> AsyncIterator[Sequence[WordnetItem]]:
    """``read`` over a stream: the records after the checkpoint (the order is fixed, so the first
    ``records_done`` are exactly the stored ones), batch by batch, each built in a thread while the previous
    one is stored; then the fault that ended the input early, if any, as one SourceError."""
    done = checkpoint.records_done
    todo = itertools.islice(items, done, None if max_records is None else max(done, max_records))
    while batch := await asyncio.to_thread(lambda: list(itertools.islice(todo, batch_records))):
        yield batch
    if items.fault is not None:
        raise SourceError(items.fault)


def _items(words: dict[tuple[str, str], Word], concepts: list[Lexeme], rejections: list[RowRejection],
           edition: str) -> list[WordnetItem]:
    lexemes = [word_lexeme(language, text, word, edition) for (language, text), word in words.items()] + concepts
    items = sorted((WordnetItem(lx.record_key, lx.record_version, lx) for lx in lexemes), key=lambda i: i.key)
    return items + list(_rejection_items(rejections, edition))


def _rejection_items(rejections: Iterable[RowRejection], edition: str) -> Iterator[WordnetItem]:
    for r in rejections:
        key, version = f"rejected:{r.file}:{r.where}", digest([r.reason, r.detail])
        yield WordnetItem(key, version, rejection=Rejection(edition, f"{r.file} {r.where}", r.reason, r.detail,
                                                            key, version))


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
