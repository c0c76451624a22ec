"""Wiktionary as two sources behind the one protocol (sources.base): XML dumps, and the MediaWiki Action API.

Both read pages (``model.Page``) and parse them with the edition's parser (``wiktionary.editions``); they
differ in planning (byte ranges of bz2 streams vs balanced title ranges) and reading.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, ClassVar

from aqea.errors import ConfigError
from aqea.model import Page, ParseResult
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.sources.dump import DumpKind, DumpUnit, iter_unit_pages, language_of_dbname, plan_units, read_siteinfo
from aqea.sources.mediawiki import MediaWikiClient
from aqea.sources.title_ranges import plan_title_ranges
from aqea.wiktionary.editions import choose_edition, parser_for

if TYPE_CHECKING:
    from aqea.settings import Settings

LICENSE = "CC BY-SA 3.0 / 4.0 and GFDL (Wiktionary text)"


def _attribution(edition: str) -> str:
    return f"{language_of_dbname(edition) or edition}.wiktionary.org contributors (each page's history)"


class WiktionaryDumpUnit(WorkUnit):
    """A contiguous part of a dump (``sources.dump.DumpUnit``: byte range of bz2 streams, or a whole file)."""

    path: str
    kind: DumpKind
    start: int | None = None
    end: int | None = None
    first_page_id: int | None = None
    last_page_id: int | None = None
    streams: int = 1

    def dump_unit(self) -> DumpUnit:
        return DumpUnit(self.unit_id, self.path, self.kind, self.start, self.end, self.first_page_id,
                        self.last_page_id, self.streams, self.records_estimate)


class WiktionaryApiUnit(WorkUnit):
    """Titles ``start <= t < end`` of a wiki, read through its Action API."""

    api_url: str
    start: str | None = None
    end: str | None = None


def _parse_pages(unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
    pages = [r for r in records if isinstance(r, Page)]
    if len(pages) != len(records):
        raise TypeError("a Wiktionary source reads pages only")
    return parser_for(unit.edition)(pages, unit.edition)


class WiktionaryDumpSource:
    name: ClassVar[str] = "wiktionary-dump"
    description: ClassVar[str] = "a Wiktionary edition's XML dump (plain, .bz2, or multistream with its index)"
    license: ClassVar[str] = LICENSE
    attribution: ClassVar[str] = "the edition's contributors (e.g. de.wiktionary.org; each page's history)"
    unit_type: ClassVar[type[WorkUnit]] = WiktionaryDumpUnit

    def licence_for(self, edition: str) -> tuple[str, str]:
        return LICENSE, _attribution(edition)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        if request.location is None:
            raise_missing("a dump file")
        site = read_siteinfo(request.location)
        edition = choose_edition(request.edition, site.dbname, str(request.location), force=request.force_edition)
        units: list[WorkUnit] = [
            WiktionaryDumpUnit(source=self.name, edition=edition, unit_id=u.unit_id, records_estimate=u.pages_estimate,
                               path=u.path, kind=u.kind, start=u.start, end=u.end, first_page_id=u.first_page_id,
                               last_page_id=u.last_page_id, streams=u.streams)
            for u in plan_units(request.location, units=request.units or settings.units)
        ]
        return RunPlan(self.name, edition, site.language, str(request.location), units)

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        """Batches of the unit's pages after the first ``checkpoint.records_done``, read by one dedicated thread
        (it owns the lxml parser state; bz2 and lxml release the GIL, so reading overlaps storing)."""
        assert isinstance(unit, WiktionaryDumpUnit)
        skip = checkpoint.records_done
        pages: Iterator[Page] = iter_unit_pages(unit.dump_unit(), skip=skip)
        if max_records is not None:
            pages = itertools.islice(pages, max(0, max_records - skip))
        batches = batched(pages, batch_records)
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"read-{unit.unit_id}") as reader:
            while True:
                batch = await loop.run_in_executor(reader, next, batches, None)
                if batch is None:
                    return
                yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return _parse_pages(unit, records)


class WiktionaryApiSource:
    name: ClassVar[str] = "wiktionary-api"
    description: ClassVar[str] = "a wiki's pages through its MediaWiki Action API (title ranges; also `aqea sync`)"
    license: ClassVar[str] = LICENSE
    attribution: ClassVar[str] = "the wiki's contributors (each page's history)"
    unit_type: ClassVar[type[WorkUnit]] = WiktionaryApiUnit

    def licence_for(self, edition: str) -> tuple[str, str]:
        return LICENSE, _attribution(edition)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        if request.location is None:
            raise_missing("an api.php URL")
        api_url = request.location
        async with client_for(api_url, settings) as client:
            info = await client.site_info()
            edition = choose_edition(request.edition, info["edition"], api_url, force=request.force_edition)
            ranges = await plan_title_ranges(client, request.units or settings.api_ranges, request.from_key,
                                             request.to_key)
        units: list[WorkUnit] = [
            WiktionaryApiUnit(source=self.name, edition=edition, unit_id=f"{edition}-api-{i:03d}",
                              records_estimate=r.titles_estimate, api_url=api_url, start=r.start, end=r.end)
            for i, r in enumerate(ranges)
        ]
        origin = f"{api_url} [{request.from_key or '…'}, {request.to_key or '…'})"
        return RunPlan(self.name, edition, language_of_dbname(edition) or info["language"], origin, units)

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        """Batches of the unit's title range in title order, resuming after the last stored title."""
        assert isinstance(unit, WiktionaryApiUnit)
        after = checkpoint.last_label
        remaining = None if max_records is None else max(0, max_records - checkpoint.records_done)
        batch: list[Page] = []
        seen = 0
        async with client_for(unit.api_url, context.settings, context) as client:
            async for page in client.iter_pages(from_title=after or unit.start, to_title=unit.end):
                if remaining is not None and seen >= remaining:
                    break
                if after is not None and page.title == after:
                    continue  # from_title is inclusive: this one is stored already
                batch.append(page)
                seen += 1
                if len(batch) >= batch_records:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return _parse_pages(unit, records)


def client_for(api_url: str, settings: Settings, context: ReadContext | None = None) -> MediaWikiClient:
    """A polite client: one request in flight in this process (the client's lock) and, with the
    orchestrator's ``throttle`` (a Prefect global concurrency slot when deployed), one across all workers."""
    return MediaWikiClient(api_url, user_agent=settings.api_user_agent, contact=settings.api_contact,
                           max_lag=settings.api_max_lag, slot=context.throttle if context is not None else None)


def raise_missing(what: str) -> None:
    raise ConfigError(f"give {what} to read")


def batched(pages: Iterable[Page], max_pages: int, max_bytes: int = 4 << 20) -> Iterator[list[Page]]:
    """Group pages into batches bounded by count and by text size (keeps memory flat)."""
    batch: list[Page] = []
    size = 0
    try:
        for page in pages:
            batch.append(page)
            size += len(page.text)
            if len(batch) >= max_pages or size >= max_bytes:
                yield batch
                batch, size = [], 0
    except Exception:
        # The dump failed (e.g. truncated): hand out the pages read before it, then re-raise.
        if batch:
            yield batch
        raise
    if batch:
        yield batch
