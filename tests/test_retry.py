"""store/retry.py against a real PostgreSQL: a killed connection is retried as a whole transaction on a fresh
one, an error that would fail again is not, an outage beyond the window ends in one line, and a batch stored
by a try whose reply was lost is not counted twice."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import asyncpg
import pytest

from aqea.convert import to_entry
from aqea.model import Lexeme, Sense
from aqea.store.db import connect, create_pool, open_migrated
from aqea.store.retry import DatabaseUnavailable, RetryPolicy, is_transient, retry_transient, with_connection
from aqea.store.runs import register_units, start_run, store_batch
from tests.prefect_server import free_port

FAST = RetryPolicy(attempts=4, first_delay_s=0.05)


async def _terminate(dsn: str, pid: int) -> None:
    """pg_terminate_backend, then wait until the backend is gone (it only signals)."""
    admin = await connect(dsn)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        for _ in range(200):
            if not await admin.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid):
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"backend {pid} still there")
    finally:
        await admin.close()


def test_a_killed_connection_is_retried_as_a_whole_transaction_on_a_fresh_one(dsn: str) -> None:
    async def go() -> tuple[list[int], list[int], list[int]]:
        pool = await create_pool(dsn, 1)
        try:
            async with pool.acquire() as conn:
                await conn.execute("CREATE TABLE t (k integer PRIMARY KEY)")
            pids: list[int] = []

            async def work(conn: Any) -> int:
                pids.append(await conn.fetchval("SELECT pg_backend_pid()"))
                async with conn.transaction():
                    await conn.execute("INSERT INTO t VALUES (1)")
                    if len(pids) == 1:  # the first try loses its connection mid-transaction
                        await _terminate(dsn, pids[0])
                    await conn.execute("INSERT INTO t VALUES (2)")
                return len(pids)

            tries = await with_connection(pool, work, FAST, "testing")
            async with pool.acquire() as conn:
                rows = [r["k"] for r in await conn.fetch("SELECT k FROM t ORDER BY k")]
            return pids, rows, [tries]
        finally:
            await pool.close()

    pids, rows, (tries,) = asyncio.run(go())
    assert tries == 2 and pids[0] != pids[1]  # the pool connected anew
    assert rows == [1, 2]  # the killed try's insert rolled back: stored once


@pytest.mark.parametrize("sql", ["INSERT INTO t VALUES (1)", "SELEC 1"])
def test_an_error_that_would_fail_again_is_not_retried(dsn: str, sql: str) -> None:
    async def go() -> tuple[int, BaseException]:
        pool = await create_pool(dsn, 1)
        calls = 0

        async def work(conn: Any) -> None:
            nonlocal calls
            calls += 1
            await conn.execute(sql)

        try:
            async with pool.acquire() as conn:
                await conn.execute("CREATE TABLE t (k integer PRIMARY KEY); INSERT INTO t VALUES (1)")
            try:
                await with_connection(pool, work, FAST, "testing")
            except Exception as exc:
                return calls, exc
            raise AssertionError("no error")
        finally:
            await pool.close()

    calls, exc = asyncio.run(go())
    assert calls == 1
    assert isinstance(exc, asyncpg.UniqueViolationError | asyncpg.PostgresSyntaxError)
    assert not is_transient(exc)


def _cleanup_failure_after(first: BaseException) -> BaseException:
    """What reaches a caller when cleaning up after ``first`` fails too (a rollback, the pool's reset)."""
    try:
        try:
            raise first
        except Exception:  # implicit chaining (__context__), as asyncpg's rollback and pool reset raise it
            raise asyncpg.exceptions.InterfaceError(  # noqa: B904
                "cannot perform operation: another operation is in progress")
    except Exception as exc:
        return exc


def test_an_error_while_cleaning_up_after_a_lost_connection_is_retried() -> None:
    # seen in a clone's CI: a fast shutdown's FATAL cut a COPY short, the rollback and the pool's reset then
    # failed "another operation is in progress", and that error, not the cause, reached the retry
    cut = asyncpg.exceptions.InternalClientError("cannot switch to state 21; another operation (2) is in progress")
    assert is_transient(_cleanup_failure_after(cut))
    assert is_transient(_cleanup_failure_after(asyncpg.exceptions.AdminShutdownError("terminating connection")))
    # the same words after an error that would fail again, or on their own (two tasks on one connection: a bug)
    assert not is_transient(_cleanup_failure_after(asyncpg.exceptions.UniqueViolationError("duplicate key")))
    assert not is_transient(asyncpg.exceptions.InterfaceError("cannot perform operation: another operation is "
                                                              "in progress"))
    waited_out = DatabaseUnavailable("database unavailable for 30 s")
    waited_out.__cause__ = cut
    assert not is_transient(waited_out)


def test_an_operation_whose_clean_up_failed_runs_again_on_a_fresh_connection(dsn: str) -> None:
    async def go() -> tuple[list[int], int]:
        pool = await create_pool(dsn, 1)
        pids: list[int] = []

        async def work(conn: Any) -> int:
            pids.append(await conn.fetchval("SELECT pg_backend_pid()"))
            if len(pids) == 1:
                conn.terminate()  # as the pool does when its reset fails
                raise _cleanup_failure_after(asyncpg.exceptions.InternalClientError("cannot switch to state 21"))
            return 42

        try:
            return pids, await with_connection(pool, work, FAST, "testing")
        finally:
            await pool.close()

    pids, answer = asyncio.run(go())
    assert answer == 42 and len(pids) == 2 and pids[0] != pids[1]


def test_a_database_that_stays_away_ends_in_one_line_after_the_window(caplog: pytest.LogCaptureFixture) -> None:
    closed = f"postgresql://postgres@127.0.0.1:{free_port()}/aqea"  # nothing listens there
    caplog.set_level(logging.WARNING, logger="aqea.store.retry")
    with pytest.raises(DatabaseUnavailable) as raised:
        asyncio.run(retry_transient(lambda: connect(closed), RetryPolicy(attempts=3, first_delay_s=0.01),
                                    "testing"))
    message = str(raised.value)
    assert "\n" not in message and "database unavailable" in message and "3 attempts" in message
    assert "while testing" in message
    waits = [r.getMessage() for r in caplog.records if r.name == "aqea.store.retry"]
    assert len(waits) == 2 and "attempt 2/3" in waits[0] and "attempt 3/3" in waits[1]
    assert not is_transient(raised.value)  # an outer retry does not wait the whole window again


def test_the_default_window_covers_a_thirty_second_restart() -> None:
    assert RetryPolicy().window_s >= 30


def test_a_batch_whose_commit_reply_was_lost_is_not_counted_twice(dsn: str) -> None:
    lexeme = Lexeme(language="de", lemma="Haus", pos="noun", pos_names=("Substantiv",), homograph=1,
                    source="dewiktionary", record_key="1", record_version="10", senses=(Sense("1", "Gebäude"),))

    async def go() -> tuple[list[bool], dict[str, Any]]:
        conn = await open_migrated(dsn)
        try:
            await start_run(conn, "r", source="dewiktionary", language="de", dump="d", flow_run_id=None, units=1)
            await register_units(conn, "r", [("u", {"unit_id": "u"})], source="dewiktionary", language="de")
            done = []
            for _ in range(2):  # the second call is the retry of a try that committed
                stored = await store_batch(conn, unit_row="r/u", source="dewiktionary", entries=[to_entry(lexeme)],
                                           rejections=[], pages=1, text_bytes=100, record_keys=["1"], pages_before=0)
                done.append(stored.already_stored)
            row = dict(await conn.fetchrow(
                "SELECT pages_processed, text_bytes, entries_processed, entries_new FROM work_units WHERE id = 'r/u'"))
            row["entries"] = await conn.fetchval("SELECT count(*) FROM aqea_entries")
            return done, row
        finally:
            await conn.close()

    done, row = asyncio.run(go())
    assert done == [False, True]
    assert row == {"pages_processed": 1, "text_bytes": 100, "entries_processed": 1, "entries_new": 1, "entries": 1}
