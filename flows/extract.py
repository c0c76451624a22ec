"""extract_language: plan a source's work units → run process_work_unit per unit → address → summarise."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import Any, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run

from aqea.errors import AqeaError, ConfigError
from aqea.rates import throughput
from aqea.settings import Settings
from aqea.sources.base import PlanRequest, RunPlan, WorkUnit
from aqea.sources.registry import licence_of, load_source
from aqea.store.queries import failed_units, rejection_stats, run_progress, unaddressed_stats, unit_counts
from aqea.store.retry import RetryPolicy, is_transient, with_connection
from aqea.store.runs import finish_run, record_licences, register_units, start_run
from flows.config import database_url
from flows.finalize import allocate_addresses, resolve_relations
from flows.resources import db_pool
from flows.work_unit import process_work_unit


class ExtractionFailed(AqeaError):
    """Some work units did not complete; the run's data is incomplete."""


def new_run_id(source: str) -> str:
    return f"{source}-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"


def apply_limit(units: list[WorkUnit], limit: int | None) -> list[tuple[WorkUnit, int | None]]:
    """Take units in order until ``limit`` records are covered (by the planner's estimate)."""
    if limit is None:
        return [(u, None) for u in units]
    chosen: list[tuple[WorkUnit, int | None]] = []
    remaining = limit
    for unit in units:
        if remaining <= 0:
            break
        estimate = unit.records_estimate or remaining
        chosen.append((unit, remaining if estimate >= remaining or not unit.records_estimate else None))
        remaining -= min(estimate, remaining)
    return chosen


def source_request(
    *, source: str | None, location: str | None, dump: str | None, api_url: str | None,
) -> tuple[str, str | None]:
    """(source name, location) from the flow's parameters: ``source`` + ``location``, or today's ``dump`` /
    ``api_url``, which name the Wiktionary sources."""
    given = [x for x in (dump, api_url) if x is not None]
    if len(given) > 1 or (given and location is not None):
        raise ConfigError("give one input: a dump, an API URL, or a location for --source")
    if dump is not None:
        return source or "wiktionary-dump", dump
    if api_url is not None:
        return source or "wiktionary-api", api_url
    if source is None:
        raise ConfigError("give a dump, an API URL, or a source (`aqea sources` lists them) and its location")
    return source, location


async def plan_run(
    settings: Settings, *, source: str | None = None, location: str | None = None, dump: str | None = None,
    api_url: str | None = None, units: int | None = None, from_title: str | None = None,
    to_title: str | None = None, edition: str | None = None, force_edition: bool = False,
) -> RunPlan:
    """The source's work units for this input (checked before anything is registered: a wrong input or
    edition is one clear error)."""
    name, where = source_request(source=source, location=location, dump=dump, api_url=api_url)
    request = PlanRequest(location=where, units=units, edition=edition, force_edition=force_edition,
                          from_key=from_title, to_key=to_title)
    return await load_source(name).plan(request, settings)


def summary_markdown(summary: dict[str, Any]) -> str:
    p = summary["progress"]
    rejected = sum(r["pages"] for r in summary["rejections"])
    lines = [
        f"# Extraction run `{summary['run_id']}`", "",
        f"Source **{summary['source']}** ({summary['language']}), dump `{summary['dump']}`", "",
        "| pages | text MB | entries | new | updated | unchanged | rejected | units ok / failed "
        "| elapsed s | pages/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {p['pages']} | {p['text_bytes'] / 1e6:.2f} | {p['entries']} | {p['new']} | {p['updated']} | "
        f"{p['unchanged']} | {rejected} | {p['completed']} / {p['failed']} | {summary['elapsed_s']:.1f} | "
        f"{summary['pages_per_s']:.0f} |",
    ]
    if summary["rejections"]:
        lines += ["", "## Rejected pages, by reason", "", "| reason | pages |", "|---|---|"]
        lines += [f"| {r['reason']} | {r['pages']} |" for r in summary["rejections"]]
    if summary["unknown_pos"]:
        lines += ["", "## Unknown part-of-speech names (reported, not guessed)", ""]
        lines += [f"- {name}: {n}" for name, n in sorted(summary["unknown_pos"].items())]
    if summary["failed_units"]:
        lines += ["", "## Units that did not complete", ""]
        lines += [f"- `{u['unit_key']}`: {u['error']}" for u in summary["failed_units"]]
    return "\n".join(lines)


def _flow_run_name() -> str:
    """The parent flow run is named after the AQEA run id, so the Prefect UI shows which run it is. Without
    one given, the id is made after planning (it names the edition) and the flow run renamed then."""
    return flow_run.parameters.get("run_id") or "extract-language (planning)"


async def _name_flow_run(run_id: str) -> None:
    from prefect.client.orchestration import get_client

    if flow_run.id:
        async with get_client() as client:
            await client.set_flow_run_name(flow_run.id, run_id)


@flow(name="extract-language", flow_run_name=_flow_run_name)
async def extract_language(
    dump: str | None = None,
    language: str | None = None,
    limit: int | None = None,
    units: int | None = None,
    run_id: str | None = None,
    api_url: str | None = None,
    from_title: str | None = None,
    to_title: str | None = None,
    edition: str | None = None,
    dispatch: Literal["local", "deployments"] = "local",
    force_edition: bool = False,
    source: str | None = None,
    location: str | None = None,
) -> dict[str, Any]:
    """Extract every record of a source into AQEA entries: a MediaWiki dump (``dump``), a wiki through its
    Action API (``api_url``), or any installed source by name (``source`` and its ``location``).

    The edition (and so the language) is read from the dump's ``<siteinfo>`` or the wiki's siteinfo
    (``edition`` overrides it, e.g. for a test wiki; one that contradicts a Wiktionary's siteinfo is refused
    unless ``force_edition``); ``language`` is a check. API runs cover the titles
    in ``[from_title, to_title)``, cut into balanced ranges (lower-case and non-ASCII titles included).
    ``dispatch="deployments"`` runs each unit as a `process-work-unit/<provider>` deployment run on remote
    workers (flows/dispatch.py) instead of in-process subflows.
    """
    logger = get_run_logger()
    started = time.monotonic()
    settings = Settings()
    site = await plan_run(settings, source=source, location=location, dump=dump, api_url=api_url, units=units,
                          from_title=from_title, to_title=to_title, edition=edition, force_edition=force_edition)
    if language is not None and language != site.language:
        raise ConfigError(f"{site.origin} is {site.edition} (language {site.language}), not {language}")
    plan = apply_limit(site.units, limit)
    if run_id is None:
        run_id = new_run_id(site.edition)
        await _name_flow_run(run_id)
    dsn = await database_url(settings)
    pool = await db_pool(dsn, settings.db_pool_size)
    retry = RetryPolicy.from_settings(settings)

    async def record_plan(conn: Any) -> None:  # idempotent: safe to run again after a dropped connection
        await start_run(conn, run_id, source=site.edition, language=site.language, dump=site.origin,
                        flow_run_id=str(flow_run.id) if flow_run.id else None, units=len(plan))
        await register_units(conn, run_id, [(u.unit_id, u.model_dump(mode="json")) for u, _ in plan],
                             source=site.edition, language=site.language)
        reader = load_source(site.source)
        editions = sorted({site.edition, *(u.edition for u, _ in plan)})
        await record_licences(conn, [(e, site.source, *licence_of(reader, e)) for e in editions])

    await with_connection(pool, record_plan, retry, "recording the run")
    logger.info("run %s: %d work unit(s) planned for %s", run_id, len(plan), site.origin)

    progress_id = await create_progress_artifact(0.0, key="extraction-progress",
                                                 description=f"pages stored, run {run_id}")
    gate = asyncio.Semaphore(settings.unit_concurrency)

    async def run_unit(unit: WorkUnit, max_pages: int | None) -> Any:
        async with gate:
            return await process_work_unit(unit=unit, run_id=run_id, source=site.edition, max_pages=max_pages,
                                           return_state=True)

    async def report_progress() -> None:
        while True:
            await asyncio.sleep(2)
            try:
                async with pool.acquire() as conn:
                    p = await run_progress(conn, run_id)
            except Exception as exc:
                if is_transient(exc):  # the database is away: skip this report; the units wait it out
                    continue
                raise
            total = limit or p["pages_estimate"] or 0
            if total:
                await update_progress_artifact(progress_id, min(100.0, 100.0 * p["pages"] / total))

    reporter = asyncio.create_task(report_progress())
    try:  # each unit records its outcome and counts in work_units: the summary reads them from there
        if dispatch == "deployments":
            from flows.dispatch import dispatch_units

            await dispatch_units(plan, run_id=run_id, source=site.edition, dsn=dsn, pool_size=settings.db_pool_size)
        else:
            await asyncio.gather(*(run_unit(u, m) for u, m in plan))
    finally:
        reporter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter

    # Address what the units stored, in the allocator's fixed order (also when some units failed).
    finalize_started = time.monotonic()
    allocation = await allocate_addresses(dsn, settings.db_pool_size)
    allocation_s = time.monotonic() - finalize_started
    links = await resolve_relations(dsn, settings.db_pool_size)
    relations_s = time.monotonic() - finalize_started - allocation_s
    logger.info("addresses: %s; relations: %s", allocation, links)

    async def summarise(conn: Any) -> dict[str, Any]:  # reads and one idempotent update: safe to run again
        progress = await run_progress(conn, run_id)
        counts = await unit_counts(conn, run_id)  # every unit's, failed ones included (work_units.counts)
        failures = await failed_units(conn, run_id)
        # Rejected pages of this run, by reason: rows of rejected_pages (one per page and reason), so the total
        # is their sum; work_units.rejected counts rejection events (one per entry for "natural key taken")
        # and misses unit errors, so it is not shown as the total.
        rejections = await rejection_stats(conn, run_id)
        unaddressed = await unaddressed_stats(conn)
        rate = throughput(progress)
        summary = {
            "run_id": run_id, "source": site.edition, "source_name": site.source, "language": site.language,
            "dump": site.origin,
            "progress": progress, "rejections": rejections, "rejected_pages": sum(r["pages"] for r in rejections),
            "unknown_pos": counts.get("unknown_pos", {}), "skipped": counts.get("skipped", {}),
            "failed_units": failures, "allocation": allocation,
            # resolve_relations counts the whole database; resolved_now / repointed are this run's work
            "relations": links, "unaddressed": unaddressed,
            "homographs": {k: counts.get(k, 0) for k in ("realigned", "views_removed")},
            "unit_timings_s": {k: round(v, 1) for k, v in counts.get("timings", {}).items()},
            "finalize_timings_s": {"allocation": round(allocation_s, 2), "relations": round(relations_s, 2)},
            "elapsed_s": progress["elapsed_s"], "flow_elapsed_s": time.monotonic() - started,
            "pages_per_s": rate.pages_per_s, "entries_per_s": rate.entries_per_s, "mb_per_s": rate.mb_per_s,
        }
        await finish_run(conn, run_id, ok=not failures, summary=summary)
        return summary

    summary = await with_connection(pool, summarise, retry, "recording the run's summary")
    failures = summary["failed_units"]
    await update_progress_artifact(progress_id, 100.0)
    await create_markdown_artifact(summary_markdown(summary), key="extraction-summary",
                                   description=f"run {run_id}")
    if failures:
        raise ExtractionFailed(
            f"{len(failures)} of {len(plan)} work unit(s) did not complete: "
            + "; ".join(f"{u['unit_key']}: {u['error']}" for u in failures)
        )
    return summary
