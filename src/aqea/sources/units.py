"""Work units of any source, read as batches of pages: a dump byte range or an API title range.

A unit is a small JSON-able dict (it is a Prefect flow parameter):
- dump units are :class:`aqea.sources.dump.DumpUnit` dicts (``kind`` "plain" | "bz2" | "multistream");
- API units are ``{"kind": "api", "unit_id", "api_url", "start", "end"}`` (titles, ``end`` exclusive).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aqea.model import Page
from aqea.pipeline import batched
from aqea.sources.dump import DumpUnit, iter_unit_pages
from aqea.sources.mediawiki import MediaWikiClient


def api_unit(api_url: str, unit_id: str, start: str | None, end: str | None) -> dict[str, Any]:
    return {"kind": "api", "unit_id": unit_id, "api_url": api_url, "start": start, "end": end}


def unit_id_of(unit: dict[str, Any]) -> str:
    return str(unit["unit_id"])


async def dump_batches(
    unit: dict[str, Any], *, skip_pages: int, max_pages: int | None, batch_pages: int
) -> AsyncIterator[list[Page]]:
    """Batches of a dump unit, read by one dedicated thread (it owns the lxml parser state)."""
    pages: Iterator[Page] = iter_unit_pages(DumpUnit.from_dict(unit), skip=skip_pages)
    if max_pages is not None:
        pages = itertools.islice(pages, max(0, max_pages - skip_pages))
    batches = batched(pages, batch_pages)
    loop = asyncio.get_running_loop()
    # bz2 and lxml release the GIL for most of their work: reading overlaps with storing on the event loop.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"read-{unit_id_of(unit)}") as reader:
        while True:
            batch = await loop.run_in_executor(reader, next, batches, None)
            if batch is None:
                return
            yield batch


async def api_batches(
    unit: dict[str, Any], client: MediaWikiClient, *, after_title: str | None, max_pages: int | None,
    batch_pages: int,
) -> AsyncIterator[list[Page]]:
    """Batches of an API title range, resuming after the last stored title."""
    batch: list[Page] = []
    seen = 0
    start = after_title or unit.get("start")
    async for page in client.iter_pages(from_title=start, to_title=unit.get("end")):
        if after_title is not None and page.title == after_title:
            continue  # from_title is inclusive: this one is stored already
        batch.append(page)
        seen += 1
        if len(batch) >= batch_pages:
            yield batch
            batch = []
        if max_pages is not None and seen >= max_pages:
            break
    if batch:
        yield batch
