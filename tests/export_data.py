"""A real registry for the export and import tests: the German and English samples extracted into one database
(entries, addresses, links resolved across the two, the English edition's views of German words), built once per
test session and only read afterwards."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from aqea.pipeline import process_pages
from aqea.sources.dump import iter_pages
from aqea.sources.registry import licence_of, load_source
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.relations import resolve_relations
from aqea.store.runs import record_licences
from aqea.store.upsert import upsert_entries
from tests.conftest import with_database
from tests.samples import DE_DUMP, EN_DUMP

_built: dict[str, str] = {}


async def create_database(pg_uri: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(pg_uri)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(pg_uri, name)


async def extract_samples(dsn: str) -> None:
    """What `aqea extract` stores for the two samples, without Prefect: parse, merge, address, resolve links."""
    source = load_source("wiktionary-dump")
    conn = await connect(dsn)
    try:
        await migrate(conn)
        await record_licences(conn, [(e, "wiktionary-dump", *licence_of(source, e))
                                     for e in ("dewiktionary", "enwiktionary")])
        for dump, edition in ((DE_DUMP, "dewiktionary"), (EN_DUMP, "enwiktionary")):
            outcome = process_pages(list(iter_pages(dump)), edition)
            async with conn.transaction():
                await upsert_entries(conn, outcome.entries, source=edition)
        await allocate_pending(conn)
        await resolve_relations(conn)
    finally:
        await conn.close()


def sample_registry(pg_uri: str) -> str:
    """DSN of the session's sample registry (built on first use)."""
    if pg_uri not in _built:
        dsn = asyncio.run(create_database(pg_uri))
        asyncio.run(extract_samples(dsn))
        _built[pg_uri] = dsn
    return _built[pg_uri]
