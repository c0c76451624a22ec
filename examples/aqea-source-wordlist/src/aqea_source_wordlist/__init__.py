"""A complete AQEA source in one module: a tab-separated word list, ``language<TAB>lemma<TAB>pos<TAB>gloss``.

It is the example of docs/sources.md and runs through the same contract test as every registered source
(tests/test_source_contract.py). Lines starting with ``#`` are comments; a line with another column count
is rejected with its reason, the others still stored.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError, SourceError
from aqea.model import Lexeme, ParseResult, Rejection, Sense
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit

NAME = "wordlist"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file: the record. Its number is its key; a checksum of its text, its version."""

    number: int
    text: str

    @property
    def record_key(self) -> str:
        return str(self.number)

    @property
    def record_version(self) -> str:
        return f"{zlib.crc32(self.text.encode('utf-8')):08x}"

    @property
    def record_label(self) -> str:
        return f"line {self.number}"

    @property
    def text_bytes(self) -> int:
        return len(self.text.encode("utf-8"))


class WordListUnit(WorkUnit):
    """Lines ``first`` to ``last`` (1-based, inclusive) of one file."""

    path: str
    first: int
    last: int


class WordListSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = "a tab-separated word list: language, lemma, part of speech, gloss"
    license: ClassVar[str] = "as the list's own licence (example data: CC0)"
    attribution: ClassVar[str] = "the list's authors"
    unit_type: ClassVar[type[WorkUnit]] = WordListUnit

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        if request.location is None or not Path(request.location).is_file():
            raise ConfigError(f"word list not found: {request.location}")
        with open(request.location, "rb") as fh:  # count only: the text is checked line by line when read
            lines = sum(1 for _ in fh)
        parts = max(1, min(request.units or 2, lines))
        size = -(-lines // parts)  # ceiling: every line in exactly one unit
        units: list[WorkUnit] = [
            WordListUnit(source=NAME, edition=NAME, unit_id=f"{NAME}-{first:06d}", records_estimate=last - first + 1,
                         path=str(request.location), first=first, last=last)
            for first, last in ((i + 1, min(lines, i + size)) for i in range(0, lines, size))
        ]
        return RunPlan(NAME, NAME, "mul", str(request.location), units)

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        """Lines in file order after the ``checkpoint.records_done`` stored ones; a line that is not UTF-8 ends
        the unit with one clear error, after the lines before it."""
        assert isinstance(unit, WordListUnit)
        skip = checkpoint.records_done
        wanted = None if max_records is None else max(0, max_records - skip)
        batch: list[Line] = []
        taken = 0
        with open(unit.path, "rb") as fh:  # a small example: plain blocking reads are fine here
            for number, raw in enumerate(fh, start=1):
                if number < unit.first + skip:
                    continue
                if number > unit.last or (wanted is not None and taken >= wanted):
                    break
                try:
                    text = raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    if batch:
                        yield batch
                    raise SourceError(f"{unit.path}: line {number} is not UTF-8 ({exc.reason})") from exc
                batch.append(Line(number, text))
                taken += 1
                if len(batch) >= batch_records:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return [parse_line(r) for r in records if isinstance(r, Line)]


def parse_line(line: Line) -> ParseResult:
    if not line.text.strip() or line.text.startswith("#"):
        return ParseResult(skipped="comment or blank line")
    cells = line.text.split("\t")
    if len(cells) != 4:
        return ParseResult(rejection=Rejection(NAME, line.record_label, "wrong column count",
                                               f"{len(cells)} columns, 4 expected", line.record_key,
                                               line.record_version))
    language, lemma, pos, gloss = (c.strip() for c in cells)
    return ParseResult(lexemes=(Lexeme(language=language, lemma=lemma, pos=pos, pos_names=(pos,), homograph=1,
                                       source=NAME, record_key=line.record_key, record_version=line.record_version,
                                       senses=(Sense("1", gloss),)),))
