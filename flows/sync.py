"""sync_changes: keep the database current between dumps from the wiki's recent changes.

recentchanges since the stored watermark → re-fetch changed pages, 50 per request → parse → upsert (only
changed entries are rewritten; addresses kept) → mark entries of deleted pages deleted → follow moves →
advance the watermark only after the batch is stored. A crash mid-sync loses nothing: the next sync starts
again after the last stored batch, and re-storing a page is idempotent.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger
from prefect.runtime import deployment, flow_run
from prefect.utilities.annotations import quote

from aqea.errors import ConfigError
from aqea.pipeline import process_pages
from aqea.settings import Settings
from aqea.sources.mediawiki import Change
from aqea.sources.registry import licence_of, load_source
from aqea.store.pages import mark_titles_deleted
from aqea.store.retry import RetryPolicy, with_connection
from aqea.store.runs import finish_run, finish_unit, record_licences, register_units, start_run, unit_row_id
from aqea.store.sync_state import Watermark, advance_watermark, read_watermark
from aqea.wiktionary.editions import choose_edition
from flows.config import database_url
from flows.finalize import allocate_addresses, resolve_relations
from flows.resources import api_client, db_pool, parse_executor
from flows.work_unit import _provenance, upsert_batch

CONTENT_KINDS = {"edit", "new", "restore", "import", "merge"}


def required_api_url(api_url: str) -> str:
    """The scheduled deployment takes api_url from $AQEA_SYNC_API_URL at deploy time (prefect.yaml); unset, Prefect
    leaves the placeholder in place: say what to set instead of failing on a URL that is no URL."""
    if not api_url or "{{" in api_url:
        raise ConfigError(
            "sync-changes has no api_url: export AQEA_SYNC_API_URL=<the wiki's api.php> before `prefect deploy` "
            "(prefect.yaml), or set the deployment's api_url parameter in the Prefect UI"
        )
    return api_url


def _parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def plan_chunk(changes: list[Change]) -> tuple[list[str], list[str], int]:
    """What a chunk of changes means, by each title's *last* change: titles to re-fetch, titles deleted,
    and how many moves it follows (a move re-fetches the new title; the page keeps its id, so its entries
    under the old title are marked deleted when the page is stored again)."""
    last: dict[str, str] = {}
    moves = 0
    for change in changes:
        if change.kind in CONTENT_KINDS:
            last[change.title] = "fetch"
        elif change.kind == "delete":
            last[change.title] = "delete"
        elif change.kind == "move" and change.new_title:
            moves += 1
            last[change.new_title] = "fetch"
            last.setdefault(change.title, "fetch")  # a redirect may be left behind: fetch what is there now
    fetch = [t for t, what in last.items() if what == "fetch"]
    deleted = [t for t, what in last.items() if what == "delete"]
    return fetch, deleted, moves


@flow(name="sync-changes")
async def sync_changes(
    api_url: str, edition: str | None = None, since: str | None = None, max_changes: int = 10_000,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Apply the wiki's recent changes since the stored watermark (or ``since`` on the first sync;
    default: the last 24 hours). Returns counts of what changed."""
    api_url = required_api_url(api_url)
    logger = get_run_logger()
    started = time.monotonic()
    settings = Settings()
    dsn = await database_url(settings)
    pool = await db_pool(dsn, settings.db_pool_size)
    executor = parse_executor(settings.parse_workers)
    loop = asyncio.get_running_loop()
    retry = RetryPolicy.from_settings(settings)
    counts: Counter[str] = Counter()
    async with api_client(api_url, settings) as client:
        info = await client.site_info()
        source = choose_edition(edition, info["edition"], api_url)
        mark = await with_connection(pool, lambda conn: read_watermark(conn, source, api_url), retry,
                                     "reading the sync watermark")
        start = mark.timestamp if mark and mark.timestamp else (
            _parse_ts(since) if since else datetime.now(UTC) - timedelta(days=1))
        changes: list[Change] = []
        async for change in client.recent_changes(since=start):
            if mark is not None and mark.covers(_parse_ts(change.timestamp), change.rc_id):
                continue  # stored by an earlier sync (rcstart is inclusive)
            changes.append(change)
            if len(changes) >= max_changes:
                break
        run_id = run_id or f"sync-{source}-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
        row = unit_row_id(run_id, "changes")

        async def record_run(conn: Any) -> None:  # idempotent: safe to run again after a dropped connection
            await start_run(conn, run_id, source=source, language=info["language"], dump=api_url,
                            flow_run_id=str(flow_run.id) if flow_run.id else None, units=1)
            await register_units(conn, run_id, [("changes", {"unit_id": "changes", "kind": "sync", "api_url": api_url,
                                                             "records_estimate": len(changes)})],
                                 source=source, language=info["language"])
            api_source = load_source("wiktionary-api")
            await record_licences(conn, [(source, api_source.name, *licence_of(api_source, source))])
            await conn.execute("UPDATE work_units SET status = 'processing', started_at = now() WHERE id = $1", row)

        await with_connection(pool, record_run, retry, "recording the sync run")
        provenance = _provenance()
        deployed = bool(deployment.id)  # read once here, in the flow (flows/work_unit._db_writer_slot)
        stored_pages = 0  # the unit's pages_processed as this writer knows it (see store_batch)
        for i in range(0, len(changes), settings.sync_batch):
            chunk = changes[i:i + settings.sync_batch]
            fetch, deleted, moves = plan_chunk(chunk)
            fetched = await client.fetch_pages(fetch) if fetch else []
            gone = list(getattr(fetched, "missing", []))  # deleted again since the change
            pages = [p for p in fetched if p.namespace == 0]
            outcome = await loop.run_in_executor(executor, process_pages, pages, source)
            stored = await upsert_batch(dsn, settings.db_pool_size, row, source, quote(outcome), provenance,
                                        pages_before=stored_pages, deployed=deployed)
            stored_pages += stored["pages"]
            last = chunk[-1]
            removed_titles, mark_now = [*deleted, *gone], Watermark(_parse_ts(last.timestamp), last.rc_id)

            async def settle_chunk(conn: Any, titles: list[str] = removed_titles, mark_now: Watermark = mark_now,
                                   seen: int = len(chunk)) -> int:  # one transaction: the watermark moves with it
                async with conn.transaction():
                    removed = await mark_titles_deleted(conn, source, titles)
                    await advance_watermark(conn, source, api_url, mark_now, seen)
                return removed

            counts["entries_deleted"] += await with_connection(pool, settle_chunk, retry, "advancing the watermark")
            counts.update({f"entries_{k}": v for k, v in stored.items() if k in ("new", "updated", "unchanged")})
            counts["entries_deleted"] += stored["deleted"]
            counts["pages_fetched"] += len(pages)
            counts["pages_deleted"] += len(deleted) + len(gone)
            counts["moves"] += moves
            counts["changes"] += len(chunk)
        if mark is None and not changes:  # first sync, nothing yet: remember where we looked from
            await with_connection(pool, lambda conn: advance_watermark(conn, source, api_url, Watermark(start, 0), 0),
                                  retry, "advancing the watermark")
    allocation = await allocate_addresses(dsn, settings.db_pool_size)
    links = await resolve_relations(dsn, settings.db_pool_size)

    async def summarise(conn: Any) -> dict[str, Any]:  # reads and idempotent updates: safe to run again
        mark = await read_watermark(conn, source, api_url)
        summary = {"run_id": run_id, "source": source, "api_url": api_url, **dict(counts),
                   "watermark": mark.timestamp.isoformat() if mark and mark.timestamp else None,
                   "allocation": allocation, "relations": links, "elapsed_s": round(time.monotonic() - started, 2)}
        await finish_unit(conn, row)
        await finish_run(conn, run_id, ok=True, summary=summary)
        return summary

    summary = await with_connection(pool, summarise, retry, "recording the sync's summary")
    logger.info("sync %s: %s", source, summary)
    return summary
