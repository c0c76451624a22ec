"""The store through a real PgBouncer (Debian package) in session and in transaction mode (docs/supabase.md).

Supabase's recommended connection strings go through a pooler; in transaction mode each transaction may get
another server connection, so nothing may live in a session: no named prepared statements, the staging table
made and used in one transaction, advisory locks that are transaction locks. Every test compares with the same
work done directly against PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from aqea.sources.dump import iter_pages
from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from aqea.store.db import connect
from aqea.store.migrate import available_migrations, migrate
from tests.conftest import with_database
from tests.db import fetch
from tests.mediawiki_server import TestWiki, mediawiki  # noqa: F401  (fixture)
from tests.pgbouncer import Bouncer, available, pgbouncer
from tests.samples import DE_DUMP

pytestmark = [
    pytest.mark.usefixtures("prefect_api"),
    pytest.mark.skipif(not available(), reason="pgbouncer is not installed (make system-deps)"),
]


@pytest.fixture(scope="module")
def session_bouncer(pg_uri: str) -> Iterator[Bouncer]:
    with pgbouncer(pg_uri, "session") as bouncer:
        yield bouncer


@pytest.fixture(scope="module")
def transaction_bouncer(pg_uri: str) -> Iterator[Bouncer]:
    # fewer server connections than one process's pool: clients share them, transaction by transaction
    with pgbouncer(pg_uri, "transaction", pool_size=3) as bouncer:
        yield bouncer


@pytest.fixture(scope="module")
def multistream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pooler") / "dewiktionary-test-pages-articles-multistream.xml.bz2"
    write_multistream(iter_pages(DE_DUMP), path, siteinfo_xml=siteinfo_xml_of(DE_DUMP), pages_per_stream=20)
    return path


def _new_db(pg_uri: str, name: str) -> str:
    async def go() -> None:
        conn = await connect(pg_uri)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(go())
    return with_database(pg_uri, name)


@pytest.fixture(scope="module")
def direct(pg_uri: str, multistream: Path, prefect_api: None) -> dict[str, Any]:
    """The reference: the same four concurrent units written straight into PostgreSQL."""
    from flows.extract import extract_language

    dsn = _new_db(pg_uri, "pooler_direct")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AQEA_DATABASE_URL", dsn)
        state = asyncio.run(extract_language(dump=str(multistream), units=4, return_state=True))
    assert state.is_completed(), state.message
    return {"entries": snapshot(dsn), "relations": relations(dsn)}


def snapshot(dsn: str) -> dict[tuple[str, str, str, int], tuple[str, str | None, Any]]:
    rows = fetch(dsn, """SELECT language, lemma, pos, homograph, content_hash, address, deleted_at
                         FROM aqea_entries""")
    return {(r["language"], r["lemma"], r["pos"], r["homograph"]): (r["content_hash"], r["address"], r["deleted_at"])
            for r in rows}


def relations(dsn: str) -> set[tuple[str, ...]]:
    rows = fetch(dsn, """SELECT e.language, e.lemma, e.pos, e.homograph, r.kind, r.target_language, r.target_lemma,
                                r.sense FROM relations r JOIN aqea_entries e ON e.id = r.from_entry""")
    return {tuple(str(v) for v in r.values()) for r in rows}


def extract_through(bouncer: Bouncer, dsn: str, dump: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from flows.extract import extract_language

    monkeypatch.setenv("AQEA_DATABASE_URL", bouncer.dsn(dsn))
    state = asyncio.run(extract_language(dump=str(dump), units=4, return_state=True))
    assert state.is_completed(), f"{state.message}\n{bouncer.log_text()[-3000:]}"
    return asyncio.run(state.aresult())


@pytest.mark.parametrize("mode", ["session", "transaction"])
def test_extract_through_the_pooler_equals_direct_and_a_rerun_changes_nothing(
    mode: str, request: pytest.FixtureRequest, dsn: str, multistream: Path, direct: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bouncer: Bouncer = request.getfixturevalue(f"{mode}_bouncer")
    summary = extract_through(bouncer, dsn, multistream, monkeypatch)  # four units write concurrently, then address
    assert summary["progress"]["pages"] == 220 and summary["progress"]["failed"] == 0
    assert f"{urlsplit(dsn).path[1:]}/postgres@" in bouncer.log_text()  # the run really went through PgBouncer
    assert snapshot(dsn) == direct["entries"]  # same entries, same addresses
    assert relations(dsn) == direct["relations"]
    assigned = [a for _, a, _ in direct["entries"].values() if a is not None]
    assert assigned and len(assigned) == len(set(assigned))
    # PgBouncer keeps its server connections: a session lock left on one of them would show here
    assert fetch(dsn, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'")[0]["n"] == 0

    again = extract_through(bouncer, dsn, multistream, monkeypatch)
    assert again["progress"]["new"] == again["progress"]["updated"] == 0
    assert snapshot(dsn) == direct["entries"]


@pytest.mark.parametrize("mode", ["session", "transaction"])
def test_concurrent_migrations_through_the_pooler_apply_each_once(
    mode: str, request: pytest.FixtureRequest, dsn: str
) -> None:
    bouncer: Bouncer = request.getfixturevalue(f"{mode}_bouncer")

    async def one() -> int:
        conn = await connect(bouncer.dsn(dsn))
        try:
            return len(await migrate(conn))
        finally:
            await conn.close()

    async def all_at_once() -> list[int]:
        return await asyncio.gather(*(one() for _ in range(6)))

    applied = asyncio.run(all_at_once())
    assert sum(applied) == len(available_migrations())  # each applied by exactly one of them
    versions = [r["version"] for r in fetch(dsn, "SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in available_migrations()]
    # no lock left behind on any server connection: a later migrate does not wait
    assert asyncio.run(asyncio.wait_for(one(), 30)) == 0


@pytest.mark.parametrize("mode", ["session", "transaction"])
def test_worker_processes_writing_and_allocating_through_the_pooler_never_collide(
    mode: str, request: pytest.FixtureRequest, dsn: str, pg_uri: str
) -> None:
    """Four processes write and address at once (two on a pool whose lock connection waits while others write
    chunks, two one transaction per category): every entry addressed once, no element of a block skipped.

    In transaction mode the pooler has 8 server connections for the 12 client connections: enough for every
    transaction that can wait at once (lock holders waiting for their chunk writers, allocators waiting for a
    lock), fewer than the clients (docs/supabase.md: pool sizes)."""
    from tests.test_allocate import test_several_processes_allocating_into_one_database_never_collide as run

    if mode == "session":
        run(request.getfixturevalue("session_bouncer").dsn(dsn))
    else:
        with pgbouncer(pg_uri, "transaction", pool_size=8) as bouncer:
            run(bouncer.dsn(dsn))
    assert fetch(dsn, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'")[0]["n"] == 0


@pytest.mark.parametrize("mode", ["session", "transaction"])
def test_api_extraction_and_sync_through_the_pooler(
    mode: str, request: pytest.FixtureRequest, mediawiki: TestWiki, dsn: str, pg_uri: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.extract import extract_language
    from flows.sync import sync_changes

    bouncer: Bouncer = request.getfixturevalue(f"{mode}_bouncer")
    monkeypatch.setenv("AQEA_DATABASE_URL", bouncer.dsn(dsn))
    assert asyncio.run(extract_language(api_url=mediawiki.api_url, edition="dewiktionary", units=3,
                                        return_state=True)).is_completed()
    start = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    before = snapshot(dsn)
    first = asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary", since=start))
    assert first.get("entries_new", 0) == first.get("entries_updated", 0) == 0  # sets the watermark
    assert snapshot(dsn) == before

    # a page of this test's own (the wiki is shared by the session): created, synced, deleted, synced
    title = f"Poolerwort{mode.capitalize()}"
    mediawiki.edit(title, f"== {title} ({{{{Sprache|Deutsch}}}}) ==\n"
                          "=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n"
                          "{{Bedeutungen}}\n:[1] ein Wort, das es nur in diesem Test gibt\n")
    try:
        created = asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary"))
    finally:
        mediawiki.delete(title)
    assert created["entries_new"] == 1
    after = snapshot(dsn)
    key = ("de", title, "noun", 1)
    assert after[key][1] is not None and after[key][2] is None  # addressed, live
    assert {k: v for k, v in after.items() if k != key} == before  # nothing else touched
    assert asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary"))["pages_deleted"] == 1
    gone = snapshot(dsn)[key]
    assert gone[1] == after[key][1] and gone[2] is not None  # kept with its address, marked deleted


def test_the_probe_tells_a_transaction_pooler_from_a_session_pooler_and_a_direct_connection(
    dsn: str, session_bouncer: Bouncer, transaction_bouncer: Bouncer
) -> None:
    from aqea.store.db import behind_transaction_pooler

    assert asyncio.run(behind_transaction_pooler(dsn)) is False
    assert asyncio.run(behind_transaction_pooler(session_bouncer.dsn(dsn))) is False
    assert asyncio.run(behind_transaction_pooler(transaction_bouncer.dsn(dsn))) is True


@pytest.mark.parametrize(("setting", "kept"), [(None, True), ("true", False)])
def test_prepared_statements_are_kept_unless_the_url_goes_through_a_transaction_pooler(
    setting: str | None, kept: bool, dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aqea.store.db

    monkeypatch.setattr(aqea.store.db, "_transaction_pooled", {})
    if setting is not None:
        monkeypatch.setenv("AQEA_DB_TRANSACTION_POOLER", setting)

    async def prepared() -> int:
        conn = await connect(dsn)
        try:
            await conn.fetchval("SELECT $1::int + 1", 1)
            return await conn.fetchval("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '__asyncpg%'")
        finally:
            await conn.close()

    assert (asyncio.run(prepared()) > 0) is kept  # directly, the statement cache stays on (it is faster)
