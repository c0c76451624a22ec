"""The seam every source goes through (docs/sources.md): one protocol, typed work units, resumable reading.

A source plans a run as work units, reads a unit as batches of records (resuming after a checkpoint), and
parses a batch into lexemes in worker processes. The pipeline, the flows and the CLI know only this module:
Wiktionary dumps and the MediaWiki Action API are two implementations (``aqea.sources.wiktionary``); others
register under the entry-point group ``aqea.sources`` (``aqea.sources.registry``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from aqea.model import ParseResult

if TYPE_CHECKING:
    from aqea.settings import Settings


class WorkUnit(BaseModel):
    """A part of a source that one worker reads on its own; a Prefect flow parameter (JSON both ways).

    Each source subclasses it with its own fields. A unit that crossed JSON (a deployment run's parameters)
    arrives as this base class with those fields kept as extras; ``registry.typed_unit`` turns it back into
    the source's own class.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    source: str  # the registered source that plans and reads it, e.g. "wiktionary-dump"
    edition: str  # what its entries are stored as (``aqea_entries.source``), e.g. "dewiktionary"
    unit_id: str  # stable for the same input and plan: work_units are keyed by it
    records_estimate: int | None = None  # records the planner expects (progress, ``--limit``)


@runtime_checkable
class Record(Protocol):
    """What the pipeline needs of a raw record (a Wiktionary page, a WordNet entry …)."""

    @property
    def record_key(self) -> str: ...  # the source's id of the record (entries of it are reconciled by it)

    @property
    def record_version(self) -> str: ...  # changes when the record does: unchanged ones are not parsed again

    @property
    def record_label(self) -> str: ...  # human name (title); also the resume key of sources read in key order

    @property
    def text_bytes(self) -> int: ...  # size, for throughput and batch bounds


class KeyedRecord:
    """:class:`Record`'s names for a record that has a ``key`` (its id and label) and a ``version``: a base of
    the records of non-text sources (WordNet items, ConceptNet rows), which count throughput in records."""

    __slots__ = ()
    key: str
    version: str

    @property
    def record_key(self) -> str:
        return self.key

    @property
    def record_version(self) -> str:
        return self.version

    @property
    def record_label(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where a unit stopped: records stored before, and the label of the last one (key-ordered sources)."""

    records_done: int = 0
    last_label: str | None = None


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What the orchestrator lends a reading source."""

    settings: Settings
    # a slot of a limit shared by every worker (Prefect global concurrency when deployed), taken around each
    # request to a rate-limited service; None: no shared limit
    throttle: Callable[[], AbstractAsyncContextManager[None]] | None = None


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What a user asks a source for (``aqea extract`` options / the extract flow's parameters)."""

    location: str | None = None  # a file, folder or URL the source reads; None: the source's default
    units: int | None = None  # how many work units to cut it into; None: the settings' default
    edition: str | None = None  # a variant the source offers (a Wiktionary edition); None: detected
    force_edition: bool = False  # take ``edition`` even where the input says otherwise
    from_key: str | None = None  # a key range, for sources read in key order (API titles)
    to_key: str | None = None


@dataclass(frozen=True, slots=True)
class RunPlan:
    source: str  # the registered source
    edition: str  # what the entries are stored as
    language: str  # the main language of the input ("mul" when many)
    origin: str  # the input, as shown to users (a path, a URL with its key range)
    units: list[WorkUnit]


class Source(Protocol):
    """One source of lexical data. Implementations are small objects found by name through entry points."""

    name: ClassVar[str]  # "wiktionary-dump"
    description: ClassVar[str]  # one line for ``aqea sources``
    license: ClassVar[str]  # the licence of the data it reads, stored and shown with what it produced
    attribution: ClassVar[str]  # whom to credit
    unit_type: ClassVar[type[WorkUnit]]  # its WorkUnit subclass
    # optional ``batch_scale: ClassVar[int]``: records per batch = the ``batch_pages`` setting × it (default 1), for
    # sources whose records are much smaller than a Wiktionary page (a WordNet word: 5)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        """Cut the input into work units (checked before anything is stored: a wrong input is one clear error)."""
        ...

    def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
             context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        """Batches of the unit's records in a fixed order, starting after ``checkpoint``. Raises ``AqeaError``
        (after yielding every complete record before it) when the input is broken."""
        ...

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        """One result per record, in order; never raises for a bad record (a rejection). Runs in worker
        processes: the source is looked up there by name, so it must be importable, not pickled."""
        ...
