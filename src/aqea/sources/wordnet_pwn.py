"""Princeton WordNet 3.0 behind the source protocol, from its database files (``wordnet-pwn30``).

The location is a Princeton database directory — ``data.{noun,verb,adj,adv}`` (plain, ``.xz`` or ``.gz``) and
``index.sense``, as Debian's ``/usr/share/wordnet`` (packages ``wordnet-base`` + ``wordnet-sense-index``) or
Princeton's ``dict/`` hold them — or Debian's ``wordnet-base`` tarball with ``index.sense`` beside it (the
layout of ``shared/data/wordnet``), extracted once into a cache folder under the data directory. ``lexnames``
is read from the same folder when it is there (Debian does not ship it), else taken from the concept layout
table, which holds the same 45 names.

WNDB keeps words inside synsets, so a unit is the whole database: ``read`` reads the four data files once and
hands out records in a fixed order, as ``wordnet-oewn`` does — one per English word (lemma, part of speech;
satellites are adjectives), keyed ``en:pos:lemma`` so it merges with OEWN's and Wiktionary's entry of the same
key as a view, then one concept per ILI (the bundled CILI 3.0 map, joined through Princeton's offsets: Debian's
moved, ``wndb.princeton_offset``), which meets OEWN's concept of the same ILI. A concept's record key is its
Princeton 3.0 synset id as CILI writes it (``14845743-n``; satellites ``-s``).
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError, SourceError
from aqea.model import ParseResult, Rejection
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.sources.wordnet import (
    PendingRecord,
    concept_record,
    in_order,
    merged_words,
    unwrap,
    word_record,
)
from aqea.wordnet import licences
from aqea.wordnet import model as wn
from aqea.wordnet.errors import WordnetError
from aqea.wordnet.files import WNDB_FILES, WNDB_TARBALL, bundled_ili_map, extract_wndb, stored
from aqea.wordnet.ili import load_ili_map, synset_key
from aqea.wordnet.lexemes import wndb_entries
from aqea.wordnet.lmf import lexfile_numbers
from aqea.wordnet.wndb import FILES, princeton_offset, read_data_file, read_lexnames, read_sense_index

NAME = "wordnet-pwn30"
VERSION = "3.0"
DEBIAN_DIR = Path("/usr/share/wordnet")  # Debian's wordnet-base + wordnet-sense-index: the default location
_FATAL = frozenset({"truncated file", "corrupt file"})  # a data file that stopped being readable part way


class PwnUnit(WorkUnit):
    location: str  # the directory or tarball as given; resolved again by each reader (the cache is reused)


@dataclass(frozen=True, slots=True)
class PwnDatabase:
    """Where the files of one Princeton database are."""

    data_dir: Path  # holds data.{noun,verb,adj,adv} (plain, .xz or .gz)
    index_sense: Path
    lexnames: Path | None  # None: the 45 names of the concept layout table

    def data_file(self, letter: str) -> Path:
        return stored(self.data_dir / FILES[letter])


class PwnSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = ("Princeton WordNet 3.0 database files (a dict/ folder such as /usr/share/wordnet, "
                                  "or Debian's wordnet-base tarball): English words and ILI concepts")
    license: ClassVar[str] = licences.PWN30.licence
    attribution: ClassVar[str] = licences.with_ili(licences.PWN30.attribution)
    unit_type: ClassVar[type[WorkUnit]] = PwnUnit
    batch_scale: ClassVar[int] = 5  # small records, as OEWN's (sources/wordnet.py)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        location = request.location or str(DEBIAN_DIR)
        await asyncio.to_thread(locate_database, Path(location), settings)  # a wrong location fails here
        unit = PwnUnit(source=NAME, edition=NAME, unit_id=f"{NAME}-all", location=location)
        return RunPlan(NAME, NAME, "en", location, [unit])

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        assert isinstance(unit, PwnUnit)
        try:
            database = await asyncio.to_thread(locate_database, Path(unit.location), context.settings)
        except ConfigError as exc:  # gone or damaged since the plan
            raise SourceError(str(exc)) from None
        plan, fault = await asyncio.to_thread(_plan, database)
        async for batch in in_order(plan, fault, checkpoint, batch_records, max_records):
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return unwrap(records)


def locate_database(location: Path, settings: Settings) -> PwnDatabase:
    """The database at ``location`` (a directory, or the tarball extracted into the data directory's cache), or
    one ConfigError saying what is missing."""
    if location.is_dir() and not stored(location / "data.noun").is_file() and (location / WNDB_TARBALL).is_file():
        location = location / WNDB_TARBALL  # a data folder laid out as shared/data/wordnet
    if location.is_dir():
        missing = [name for name in WNDB_FILES if not stored(location / name).is_file()]
        if missing:
            raise ConfigError(f"{location}: not a Princeton WordNet database directory (no {', '.join(missing)})")
        data_dir, beside = location, location
    elif location.is_file():
        data_dir, beside = _extracted(location, settings.data_dir / "cache" / NAME), location.parent
    else:
        raise ConfigError(f"Princeton WordNet 3.0 not found: {location} (give a database directory such as "
                          f"{DEBIAN_DIR} or Debian's wordnet-base tarball)")
    index_sense = next((p for p in (stored(beside / "index.sense"), stored(data_dir / "index.sense"))
                        if p.is_file()), None)
    if index_sense is None:
        raise ConfigError(f"{location}: no index.sense beside the WordNet database (Debian: install "
                          "wordnet-sense-index)")
    lexnames = beside / "lexnames" if (beside / "lexnames").is_file() else None
    return PwnDatabase(data_dir, index_sense, lexnames)


def _extracted(tarball: Path, cache: Path) -> Path:
    """The tarball's ``wordnet/`` folder, extracted once per tarball (name, size, date) into ``cache``: into a
    temporary folder first, then renamed, so an extraction stopped part way (killed, disk full) never leaves a
    partial database to reuse."""
    info = tarball.stat()
    tag = hashlib.sha256(f"{tarball.resolve()}|{info.st_size}|{info.st_mtime_ns}".encode()).hexdigest()[:16]
    target = cache / tag
    if all((target / "wordnet" / name).is_file() for name in WNDB_FILES):
        return target / "wordnet"
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".extract-", dir=cache))
    try:
        extract_wndb(tarball, work)
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
    except WordnetError as exc:
        raise ConfigError(str(exc)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target / "wordnet"


def _plan(database: PwnDatabase) -> tuple[list[PendingRecord], str | None]:
    """Every record of the database in a fixed order (words by key, then concepts by ILI, then the lines that
    did not parse), not built yet, and the fault that cut a data file short, if any (what was read before it is
    kept)."""
    try:
        lexnames = read_lexnames(database.lexnames) if database.lexnames is not None else _lexnames_table()
        senses, index_rejections = read_sense_index(database.index_sense)
        ili_map = load_ili_map(bundled_ili_map("30"))
    except WordnetError as exc:  # nothing can be read without them
        return [], str(exc)
    synsets: dict[str, wn.Synset] = {}
    rejections: list[wn.Rejection] = list(index_rejections)
    faults: list[wn.Rejection] = []
    for letter in FILES:  # a damaged file ends only itself: the other files are still read
        path = database.data_file(letter)
        try:
            for record in read_data_file(path, letter, lexnames, senses, ili_map):
                if isinstance(record, wn.Synset):
                    synsets[record.id] = record
                elif record.reason in _FATAL:
                    faults.append(record)
                else:
                    rejections.append(record)
        except WordnetError as exc:  # gone or unreadable since the plan
            faults.append(wn.Rejection(str(path), "", "unreadable file", str(exc)))
    words = sorted((PendingRecord(f"en:{w.pos}:{w.lemma}", VERSION,
                                  partial(word_record, w, synsets, NAME, None, VERSION, "en"))
                    for w in merged_words(iter(wndb_entries(synsets.values())))), key=lambda p: p.key)
    # one concept per ILI, the first synset in file order that has it, under its Princeton id
    concepts = sorted({s.ili: s for s in reversed(list(synsets.values())) if s.ili}.values(), key=lambda s: s.ili or "")
    items = words + [PendingRecord(p.id, VERSION, partial(concept_record, p, NAME, VERSION))
                     for p in map(_as_princeton, concepts)]
    for r in rejections:
        where = f"{Path(r.file).name} {r.where}"
        items.append(PendingRecord(f"rejected:{where}", VERSION, rejection=Rejection(NAME, where, r.reason, r.detail)))
    if not faults:
        return items, None
    first = faults[0]
    more = f" (and {len(faults) - 1} more damaged data files)" if len(faults) > 1 else ""
    where = f" {first.where}" if first.where else ""
    return items, f"{first.file}: {first.reason}{where}: {first.detail}{more}"


def _as_princeton(synset: wn.Synset) -> wn.Synset:
    """The synset under its Princeton 3.0 id as CILI writes it (Debian moved some offsets; satellites ``-s``)."""
    offset = int(synset.id.partition("-")[0])
    return replace(synset, id=synset_key(princeton_offset(synset.pos, offset), synset.pos))


def _lexnames_table() -> dict[int, str]:
    """``lexnames`` from the concept layout table (the same 45 names, tests/test_wordnet_read.py)."""
    return {number: name for name, number in lexfile_numbers().items()}
