"""Per-source watermarks of the incremental sync: every change up to (timestamp, rc id) is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg


@dataclass(frozen=True, slots=True)
class Watermark:
    timestamp: datetime | None
    rc_id: int

    def covers(self, timestamp: datetime, rc_id: int) -> bool:
        """True when the change at (timestamp, rc id) is already stored."""
        return self.timestamp is not None and (timestamp, rc_id) <= (self.timestamp, self.rc_id)


async def read_watermark(conn: asyncpg.Connection, source: str, api_url: str) -> Watermark | None:
    row = await conn.fetchrow(
        "SELECT watermark, last_rc_id FROM sync_state WHERE source = $1 AND api_url = $2", source, api_url
    )
    return Watermark(row["watermark"], row["last_rc_id"]) if row else None


async def advance_watermark(
    conn: asyncpg.Connection, source: str, api_url: str, mark: Watermark, changes: int
) -> None:
    """Move the watermark forward (never back) after the changes up to it are stored."""
    await conn.execute(
        """INSERT INTO sync_state AS s (source, api_url, watermark, last_rc_id, changes_seen)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (source, api_url) DO UPDATE SET
               watermark = EXCLUDED.watermark, last_rc_id = EXCLUDED.last_rc_id,
               changes_seen = s.changes_seen + EXCLUDED.changes_seen, updated_at = now()
           WHERE s.watermark IS NULL OR (EXCLUDED.watermark, EXCLUDED.last_rc_id) > (s.watermark, s.last_rc_id)""",
        source, api_url, mark.timestamp, mark.rc_id, changes,
    )
