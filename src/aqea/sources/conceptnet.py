"""ConceptNet 5 behind the source protocol (``conceptnet``, docs/conceptnet.md): its assertions file, each row an
edge between two words, stored as a link on their entries (aqea.store.links) with its weight, dataset and licence.

A unit is a byte range of the file aligned to line starts (a ``.gz``/``.bz2`` file is one unit: it cannot be
entered in the middle), read as a stream; a record is one row (key: the assertion URI; version: a checksum of the
row). Rows are structured, so ``parse`` only reads the row: a link, a skip (an external URL that is not WordNet, a
word of a language AQEA does not know) or a rejection with its reason (wrong column count, invalid JSON, unknown
relation, a node URI that does not parse, text that is not UTF-8).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import ClassVar

from aqea.conceptnet.edges import Invalid, Skipped, read_edge
from aqea.conceptnet.reader import TruncatedInput, byte_ranges, lines
from aqea.errors import ConfigError, SourceError
from aqea.model import ParseResult, Rejection, pickled_by_fields
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, KeyedRecord, PlanRequest, ReadContext, Record, RunPlan, WorkUnit

NAME = "conceptnet"
LICENCE = "CC BY-SA 4.0 (ConceptNet 5; each statement's own licence, CC BY-SA 4.0 or CC BY 4.0, is kept with its link)"
ATTRIBUTION = ("This work includes data from ConceptNet 5, which was compiled by the Commonsense Computing "
               "Initiative. ConceptNet 5 is freely available under the Creative Commons Attribution-ShareAlike "
               "license (CC BY SA 4.0) from http://conceptnet.io. The included data was created by contributors to "
               "Commonsense Computing projects, contributors to Wikimedia projects, DBPedia, OpenCyc, Games with a "
               "Purpose, Princeton University's WordNet, Francis Bond's Open Multilingual WordNet, and Jim Breen's "
               "JMDict.")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class EdgeRow(KeyedRecord):
    """One row of the assertions file, as bytes (decoded by the parser: a row that is not UTF-8 is rejected)."""

    key: str
    version: str
    raw: bytes

    @property
    def text_bytes(self) -> int:
        return len(self.raw) + 1


class ConceptNetUnit(WorkUnit):
    path: str
    start: int  # first byte of the range (lines starting in it are the unit's)
    end: int | None  # None: to the end of the file


class ConceptNetSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = ("ConceptNet 5 assertions (.csv, .csv.gz, .csv.bz2): commonsense links and "
                                  "translations between words of every language, WordNet words to ILI concepts")
    license: ClassVar[str] = LICENCE
    attribution: ClassVar[str] = ATTRIBUTION
    unit_type: ClassVar[type[WorkUnit]] = ConceptNetUnit
    batch_scale: ClassVar[int] = 5  # a row is a fraction of a Wiktionary page: batches of 5 × the pages setting

    def licence_for(self, edition: str) -> tuple[str, str]:
        return LICENCE, ATTRIBUTION

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        path = Path(str(request.location)) if request.location else None
        if path is None or not path.is_file():
            raise ConfigError(f"ConceptNet assertions file not found: {request.location}")
        parts = request.units or max(1, settings.parse_workers)
        units = [ConceptNetUnit(source=NAME, edition=NAME, unit_id=f"{NAME}-{path.name}-{start}", path=str(path),
                                start=start, end=end)
                 for start, end in byte_ranges(path, parts)]
        return RunPlan(NAME, NAME, "mul", str(path), list(units))

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        assert isinstance(unit, ConceptNetUnit)
        rows = _rows(Path(unit.path), unit.start, unit.end)
        todo = None if max_records is None else max(0, max_records - checkpoint.records_done)
        fault: str | None = None
        try:
            await asyncio.to_thread(_skip, rows, checkpoint.records_done)  # stored before: read past them
            while todo is None or todo > 0:
                size = batch_records if todo is None else min(batch_records, todo)
                batch, fault = await asyncio.to_thread(_take, rows, size)
                if batch:
                    yield batch
                    if todo is not None:
                        todo -= len(batch)
                if fault is not None or len(batch) < size:
                    break
        finally:
            rows.close()
        if fault is not None:
            raise SourceError(fault)

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return [parse_row(unit.edition, r) for r in records]  # type: ignore[arg-type]


def _rows(path: Path, start: int, end: int | None) -> Iterator[EdgeRow]:
    for line in lines(path, start, end):
        head = line.text.split(b"\t", 1)[0].decode("utf-8", "replace")
        yield EdgeRow(head if head.startswith("/a/") else f"@{line.offset}",
                      hashlib.blake2b(line.text, digest_size=8).hexdigest(), line.text)


def _skip(rows: Iterator[EdgeRow], count: int) -> None:
    for _ in islice(rows, count):
        pass


def _take(rows: Iterator[EdgeRow], size: int) -> tuple[list[EdgeRow], str | None]:
    """Up to ``size`` rows, and the fault that ended the input early (the rows before it are kept)."""
    batch: list[EdgeRow] = []
    try:
        for row in islice(rows, size):
            batch.append(row)
    except TruncatedInput as exc:
        return batch, str(exc)
    return batch, None


def parse_row(edition: str, row: EdgeRow) -> ParseResult:
    try:
        text = row.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParseResult(rejection=Rejection(edition, row.key, "not UTF-8", str(exc), row.key, row.version))
    made = read_edge(text)
    if isinstance(made, Invalid):
        return ParseResult(rejection=Rejection(edition, row.key, made.reason, made.detail, row.key, row.version))
    if isinstance(made, Skipped):
        return ParseResult(skipped=made.reason.replace(" ", "_"))
    return ParseResult(links=(made,))

