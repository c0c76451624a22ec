"""Small synchronous helpers for tests that look into a real PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from aqea.store.db import connect


def fetch(dsn: str, sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of one query as dicts (JSON columns decoded)."""

    async def go() -> list[dict[str, Any]]:
        conn = await connect(dsn)
        try:
            return [dict(r) for r in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(go())
