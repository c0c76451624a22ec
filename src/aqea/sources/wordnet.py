"""WordNet behind the source protocol: Open English WordNet from its WN-LMF file (``wordnet-oewn``).

A WN-LMF file lists every lexical entry before the synsets whose glosses the entries need, so a unit is the
whole file: ``read`` streams it once (aqea.wordnet.lmf, memory bounded by the synsets kept), then hands out
records in a fixed order — one per English word (lemma, part of speech) and one per synset with an ILI (a
concept) — each already carrying its lexeme: structured data needs no parsing, so ``parse`` only unwraps.

Words merge with the Wiktionary entries of the same key (one entry, one address; WordNet's data is that
source's view, ``entry_sources``). Concepts are entries of language ``ili`` (lemma = the ILI id), addressed
in the concept domains by lexicographer file; each word links to its concepts sense by sense (``concept``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError, SourceError
from aqea.model import Lexeme, ParseResult, Rejection, pickled_by_fields
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, KeyedRecord, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.taxonomy.registry import CONCEPT_LANGUAGE
from aqea.wordnet import licences
from aqea.wordnet import model as wn
from aqea.wordnet.errors import WordnetError
from aqea.wordnet.lexemes import WordEntry, concept_lexeme, lmf_entries, word_lexemes
from aqea.wordnet.lmf import read_lmf

NAME = "wordnet-oewn"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class WordnetItem(KeyedRecord):
    """One record: a lexeme ready to store, or why an element could not be read."""

    key: str
    version: str
    lexeme: Lexeme | None = None
    rejection: Rejection | None = None

    @property
    def text_bytes(self) -> int:
        return 0  # not text: throughput of this source is counted in records


class LmfUnit(WorkUnit):
    path: str


class OewnSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = "Open English WordNet as WN-LMF (.xml or .xml.gz): English words and ILI concepts"
    license: ClassVar[str] = licences.OEWN.licence
    attribution: ClassVar[str] = licences.with_ili(licences.OEWN.attribution)
    unit_type: ClassVar[type[WorkUnit]] = LmfUnit
    # a record (one word or concept) is a fraction of a Wiktionary page (its entries, senses and links): batches
    # of 5 × the pages setting. Each batch costs a round of queries and a Prefect task; in page-sized batches the
    # import spent more time on that than on its data.
    batch_scale: ClassVar[int] = 5

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        if request.location is None or not Path(request.location).is_file():
            raise ConfigError(f"WN-LMF file not found: {request.location}")
        unit = LmfUnit(source=NAME, edition=NAME, unit_id=f"{NAME}-all", path=str(request.location))
        return RunPlan(NAME, NAME, "en", str(request.location), [unit])

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        assert isinstance(unit, LmfUnit)
        plan, fault = await asyncio.to_thread(_plan, Path(unit.path))
        async for batch in in_order(plan, fault, checkpoint, batch_records, max_records):
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return unwrap(records)


async def in_order(records: Sequence[PendingRecord] | Sequence[WordnetItem], fault: str | None,
                   checkpoint: Checkpoint, batch_records: int,
                   max_records: int | None) -> AsyncIterator[Sequence[WordnetItem]]:
    """A WordNet source's ``read``: its records in their fixed order after the checkpoint (the stored ones come
    first), pending ones built batch by batch (in a thread, while the previous batch is stored); then the fault
    that ended the input early, if any, as one SourceError."""
    todo = records[checkpoint.records_done:]
    if max_records is not None:
        todo = todo[: max(0, max_records - checkpoint.records_done)]
    for i in range(0, len(todo), batch_records):
        batch = todo[i:i + batch_records]
        if isinstance(batch[0], PendingRecord):
            yield await asyncio.to_thread(build_records, batch)  # type: ignore[arg-type]
        else:
            yield batch  # type: ignore[misc]
    if fault is not None:
        raise SourceError(fault)


def unwrap(records: Sequence[Record]) -> list[ParseResult]:
    """A WordNet source's ``parse``: each record already carries its lexeme (or why it has none)."""
    return [ParseResult(lexemes=(r.lexeme,)) if isinstance(r, WordnetItem) and r.lexeme is not None
            else ParseResult(rejection=r.rejection if isinstance(r, WordnetItem) else None)
            for r in records]


@dataclass(frozen=True, slots=True)
class PendingRecord:
    """A record to build: its key, and what its lexeme is made from (built only when its batch is read)."""

    key: str
    version: str
    build: Callable[[], Lexeme | Rejection] | None = None
    rejection: Rejection | None = None


def build_records(pending: Sequence[PendingRecord]) -> list[WordnetItem]:
    items = []
    for p in pending:
        made = p.build() if p.build is not None else p.rejection
        items.append(WordnetItem(p.key, p.version, made, None) if isinstance(made, Lexeme)
                     else WordnetItem(p.key, p.version, None, made))
    return items


def _plan(path: Path) -> tuple[list[PendingRecord], str | None]:
    """Every record of the file in a fixed order (words by lemma and part of speech, then concepts by ILI), as
    yet unbuilt, and the fault that ended the file early, if any (what was read before it is kept)."""
    entries: dict[str, list[wn.LexicalEntry]] = {}  # by the language of the lexicon they are in
    synsets: dict[str, wn.Synset] = {}
    rejections: list[wn.Rejection] = []
    version, language = "", "en"
    try:
        for record in read_lmf(path):
            if isinstance(record, wn.LexicalEntry):
                entries.setdefault(language, []).append(record)
            elif isinstance(record, wn.Synset):
                synsets[record.id] = record
            elif isinstance(record, wn.Lexicon):
                version, language = version or record.version, record.language
            else:
                rejections.append(record)
    except WordnetError as exc:
        return [], str(exc)
    fault = next((r for r in rejections if r.reason in _FATAL), None)
    words: list[PendingRecord] = []
    for lang, group in entries.items():
        sense_lemmas = {s.key: e.lemma for e in group for s in e.senses}
        for word in merged_words(lmf_entries(group)):
            words.append(PendingRecord(f"{lang}:{word.pos}:{word.lemma}", version, partial(
                word_record, word, synsets, NAME, sense_lemmas, version, lang)))
    words.sort(key=lambda p: p.key)
    concepts = sorted({s.ili: s for s in reversed(synsets.values()) if s.ili}.values(), key=lambda s: s.ili or "")
    pending = words + [PendingRecord(s.id, version, partial(concept_record, s, NAME, version)) for s in concepts]
    pending += [PendingRecord(f"rejected:{r.where}", version, rejection=Rejection(NAME, r.where, r.reason, r.detail))
                for r in rejections if r is not fault]
    return pending, None if fault is None else f"{path}: {fault.reason} at {fault.where}: {fault.detail}"


def word_record(word: WordEntry, synsets: Mapping[str, wn.Synset], source: str,
                sense_lemmas: Mapping[str, str] | None, version: str, language: str) -> Lexeme | Rejection:
    """A word's lexeme with its concept links, or why it has none."""
    built = list(with_concepts(word_lexemes([word], synsets, source, sense_lemmas, version, language=language),
                               synsets))
    return built[0] if built else Rejection(source, word.lemma, "no sense with a known synset",
                                            f"{language} {word.pos} {word.lemma!r}: its senses name synsets the file "
                                            "does not hold", f"{language}:{word.pos}:{word.lemma}", version)


def concept_record(synset: wn.Synset, source: str, version: str) -> Lexeme | Rejection:
    made = concept_lexeme(synset, source, version)
    return made if made is not None else Rejection(source, synset.id, "no ILI", "", synset.id, version)


def merged_words(entries: Iterator[WordEntry]) -> list[WordEntry]:
    """One word per (lemma, part of speech): an adjective and its satellite entries ("a", "s") are one
    English adjective, their senses in file order."""
    words: dict[tuple[str, str], WordEntry] = {}
    for e in entries:
        known = words.get((e.lemma, e.pos))
        words[(e.lemma, e.pos)] = e if known is None else WordEntry(e.lemma, e.pos, known.senses + e.senses)
    return list(words.values())


_FATAL = frozenset({"truncated file", "malformed XML", "corrupt gzip", "corrupt xz"})


def with_concepts(lexemes: Iterator[Lexeme], synsets: Mapping[str, wn.Synset]) -> Iterator[Lexeme]:
    """Each word links to the concepts of its senses: a ``concept`` relation to the ILI, sense by sense."""
    for lx in lexemes:
        links = tuple(("concept", ili, CONCEPT_LANGUAGE, sense, "") for sense, ili in sense_ilis(lx, synsets))
        yield replace(lx, relations=lx.relations + links) if links else lx


def sense_ilis(lexeme: Lexeme, synsets: Mapping[str, wn.Synset]) -> Iterator[tuple[str, str]]:
    for number, synset_id in zip((s.number for s in lexeme.senses), lexeme.extra.get("synsets", ()), strict=False):
        synset = synsets.get(synset_id)
        if synset is not None and synset.ili:
            yield number, synset.ili
