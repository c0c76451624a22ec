"""Shared fixtures: one real embedded PostgreSQL per session, a fresh database per test."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def pg_uri() -> Iterator[str]:
    """A real PostgreSQL 16 (pgserver), in a short /tmp path (unix socket paths are length-limited)."""
    import pgserver

    data = Path(tempfile.mkdtemp(prefix="aqea-pg-", dir="/tmp"))
    server = pgserver.get_server(data / "pgdata", cleanup_mode="stop")
    # The whole suite shares this server, and in-process flows keep a pool per event loop (flows/resources.py:
    # one loop per worker process in production, one per asyncio.run here), so idle connections add up over the
    # suite: the default 100 runs out by the PgBouncer tests. Restarted once with more.
    server.psql("ALTER SYSTEM SET max_connections = 400;")
    server.cleanup()
    server = pgserver.get_server(data / "pgdata", cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(data, ignore_errors=True)


def with_database(uri: str, name: str) -> str:
    parts = urlsplit(uri)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def dsn(pg_uri: str) -> str:
    """DSN of a new, empty database for this test."""
    import asyncpg

    name = f"t_{uuid.uuid4().hex[:12]}"

    async def create() -> None:
        conn = await asyncpg.connect(pg_uri)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    return with_database(pg_uri, name)


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """Real Prefect flow runs against a temporary local API (ephemeral server, own database)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
