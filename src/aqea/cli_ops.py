"""Operations commands: `aqea status`, `aqea estimate`, `aqea prefect setup`.

Hooked into the main CLI by ``register(app)`` (src/aqea/cli.py). Prefect is imported lazily, only by the
commands that talk to a Prefect API, so `status` and `estimate` also work without one.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aqea.deployment_files import deployment_file
from aqea.errors import AqeaError, ConfigError
from aqea.status import status_document, worker_status  # noqa: F401 (shared with the HTTP API; tests import here)

console = Console(stderr=True)
out = Console()

prefect_app = typer.Typer(help="Prefect server objects of a deployed installation.", no_args_is_help=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", envvar="AQEA_DATABASE_URL", show_envvar=True,
                 help="PostgreSQL DSN. Unset: the embedded PostgreSQL."),
]


def register(app: typer.Typer) -> None:
    """Add `status`, `estimate` and the `prefect` sub-app to the main CLI."""
    app.command("status")(status)
    app.command("estimate")(estimate)
    app.add_typer(prefect_app, name="prefect")


def _dsn(database_url: str | None) -> str:
    from aqea.settings import Settings
    from aqea.store.db import resolve_dsn

    settings = Settings().with_overrides(database_url=database_url)
    return resolve_dsn(settings)


def _fail(exc: AqeaError) -> typer.Exit:
    console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)  # one line, however narrow the terminal
    return typer.Exit(2)


# ---------------------------------------------------------------------------------------------- status


def _print_status(doc: dict[str, Any]) -> None:
    o, p, u, w = doc["overview"], doc["progress"], doc["work_units"], doc.get("workers", {})
    table = Table(title=f"run {o['run_id']}", show_header=False)
    table.add_row("language / status", f"{o['language']} · {o['status']} ({o['dispatch']})")
    table.add_row("started / runtime", f"{o['started_at']} · {o['runtime_s']:,.0f} s")
    pct = f"{p['percent']:.1f}%" if p["percent"] is not None else "?"
    estimated = f"{p['estimated']:,}" if p["estimated"] else "?"
    table.add_row("progress", f"{pct} · {p['processed']:,} of {estimated} pages · "
                  f"{p['rate_per_minute']:,.0f} pages/min · ETA "
                  f"{format(p['eta_s'], ',') + ' s' if p['eta_s'] is not None else '-'}")
    table.add_row("work units", f"{u['total']:,} total · {u['completed']:,} completed · {u['processing']:,} "
                  f"processing · {u['pending']:,} pending · {u['failed']:,} failed"
                  + (f" · {u['interrupted']:,} interrupted" if u["interrupted"] else ""))
    if o["status"] == "interrupted":
        table.add_row("", "interrupted: what was stored is kept; run the same command to resume")
    if w.get("available"):
        table.add_row("workers", f"{w['total']:,} total · {w['active']:,} active · {w['idle']:,} idle · "
                      f"{w['offline']:,} offline")
        for d in w["details"]:
            table.add_row("", f"{d['name']} ({d['pool']}): {d['status']}, last heartbeat {d['last_heartbeat']}")
    elif w:
        table.add_row("workers", f"unavailable ({w.get('reason')})")
    out.print(table)


def status(
    run: Annotated[str | None, typer.Option("--run", help="Run id (default: the latest run).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status document as JSON.")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="Refresh until the run ends: completed, failed or "
                                                  "interrupted (Ctrl-C stops).")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="Seconds between refreshes with --watch.")] = 5.0,
    database_url: DatabaseOption = None,
) -> None:
    """Status of an extraction run: overview, progress, workers (Prefect API), work units."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    try:
        dsn = _dsn(database_url)
        while True:
            doc = asyncio.run(status_document(dsn, run))
            if as_json:
                out.print_json(json.dumps(doc)) if not watch else print(json.dumps(doc), flush=True)
            else:
                if watch:
                    out.clear()
                _print_status(doc)
            if not watch or doc["overview"]["status"] != "running":
                return
            time.sleep(interval)
    except AqeaError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        return


# -------------------------------------------------------------------------------------------- estimate


async def measurements(dsn: str, language: str | None) -> list[dict[str, Any]]:
    """The evidence `aqea estimate` goes on: completed units of distributed runs (one worker each, per
    provider) and completed local runs (one machine, under 'local'), each with the pages it *parsed*: pages
    read minus those skipped because their revision was already stored. A run or unit that mostly skipped
    stored pages (a re-run that changed nothing) measures the skipping, not the parsing, and is left out."""
    from aqea.store.db import open_migrated

    conn = await open_migrated(dsn)
    try:
        units = await conn.fetch(
            """SELECT w.run_id, w.unit_key, w.cloud_provider AS provider, w.pages_processed AS pages,
                      coalesce((w.counts->'skipped'->>'unchanged revision')::bigint, 0) AS unchanged,
                      extract(epoch FROM w.finished_at - w.started_at) AS elapsed_s
               FROM work_units w JOIN extraction_runs r ON r.id = w.run_id
               WHERE r.dispatch = 'deployments' AND w.status = 'completed' AND w.cloud_provider IS NOT NULL
                 AND w.pages_processed > 0 AND w.finished_at > w.started_at
                 AND ($1::text IS NULL OR w.language = $1)
               ORDER BY w.finished_at""",
            language,
        )
        runs = await conn.fetch(
            """SELECT id AS run_id, (summary->'progress'->>'pages')::bigint AS pages,
                      coalesce((summary->'skipped'->>'unchanged revision')::bigint, 0) AS unchanged,
                      (summary->>'elapsed_s')::float AS elapsed_s
               FROM extraction_runs
               WHERE dispatch = 'local' AND status = 'completed' AND summary IS NOT NULL
                 AND (summary->'progress'->>'pages')::bigint > 0 AND (summary->>'elapsed_s')::float > 0
                 AND ($1::text IS NULL OR language = $1)
               ORDER BY finished_at""",
            language,
        )
    finally:
        await conn.close()
    found = []
    for r in [*units, *runs]:
        parsed = int(r["pages"]) - int(r["unchanged"])
        if parsed <= 0 or 2 * parsed < int(r["pages"]):
            continue
        item = {"run_id": r["run_id"], "unit": r.get("unit_key"), "provider": r.get("provider") or "local",
                "pages_read": int(r["pages"]), "pages_parsed": parsed, "elapsed_s": round(float(r["elapsed_s"]), 1)}
        item["pages_per_s"] = parsed / float(r["elapsed_s"])
        found.append(item)
    return found


async def measured_rates(dsn: str, language: str | None) -> dict[str, list[float]]:
    """Pages parsed per second of one worker, per provider (see ``measurements``)."""
    rates: dict[str, list[float]] = {}
    for m in await measurements(dsn, language):
        rates.setdefault(m["provider"], []).append(m["pages_per_s"])
    return rates


def predict(
    rates: dict[str, list[float]], *, pages: int, workers: int, provider: str, price_eur_per_hour: float
) -> dict[str, Any]:
    """Wall time and cost from measured per-worker rates (median). Assumes throughput scales with workers
    until the database is the bottleneck — measure a run at the target size before trusting large numbers."""
    basis = provider if rates.get(provider) else next(
        (name for name in sorted(rates, key=lambda n: (n == "local", -len(rates[n]))) if rates[name]), None)
    result: dict[str, Any] = {"pages": pages, "workers": workers, "provider": provider,
                              "price_eur_per_hour": price_eur_per_hour}
    if basis is None:
        return {**result, "measured": False,
                "message": "no measurement to go on: no completed run recorded yet (run an extraction first)"}
    per_worker = statistics.median(rates[basis])
    wall_s = pages / (per_worker * workers)
    hours = wall_s / 3600
    note = "measured on this provider" if basis == provider else f"no {provider} measurement: using {basis}'s"
    return {**result, "measured": True, "basis": basis, "samples": len(rates[basis]), "note": note,
            "pages_per_s_per_worker": round(per_worker, 1), "wall_time_s": round(wall_s),
            "cost_eur": round(workers * hours * price_eur_per_hour, 4),
            "cost_eur_billed_hours": round(workers * math.ceil(hours) * price_eur_per_hour, 4)}


def estimate(
    language: Annotated[str, typer.Option("--language", help="Edition language, e.g. de.")] = "de",
    workers: Annotated[int, typer.Option(min=1, help="Worker hosts.")] = 1,
    provider: Annotated[str, typer.Option(help="Provider whose price (and measurements) to use.")] = "hetzner",
    pages: Annotated[int | None, typer.Option(min=1, help="Pages in the dump (default: "
                                              "deployments/providers.toml [language_pages]).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Predict wall time and cost of extracting an edition from rates measured in earlier runs."""
    from aqea.providers import load_providers

    try:
        config = load_providers()
        if provider not in config.providers:
            raise ConfigError(f"unknown provider {provider!r}; known: {', '.join(config.providers)}")
        size = pages or config.language_pages.get(language)
        if not size:
            raise ConfigError(f"no page count for {language!r}: pass --pages")
        dsn = _dsn(database_url)
        evidence = asyncio.run(measurements(dsn, language)) or asyncio.run(measurements(dsn, None))
    except AqeaError as exc:
        raise _fail(exc) from None
    rates: dict[str, list[float]] = {}
    for m in evidence:
        rates.setdefault(m["provider"], []).append(m["pages_per_s"])
    result = predict(rates, pages=size, workers=workers, provider=provider,
                     price_eur_per_hour=config.providers[provider].price_eur_per_hour)
    result["pages_source"] = "--pages" if pages else f"default for {language} in {config.source}"
    result["evidence"] = [{**m, "pages_per_s": round(m["pages_per_s"], 1)} for m in evidence
                          if m["provider"] == result.get("basis")]
    if as_json:
        out.print_json(json.dumps(result))
        return
    if not result["measured"]:
        out.print(f"{result['message']}. {size:,} pages on {workers} × {provider} "
                  f"(€{result['price_eur_per_hour']}/h) cannot be estimated.")
        return
    out.print(f"{size:,} pages ({result['pages_source']}) on {workers} × {provider}: "
              f"≈ {result['wall_time_s'] / 60:,.1f} min wall time, ≈ €{result['cost_eur']:.4f} "
              f"(€{result['cost_eur_billed_hours']:.4f} billed by the hour)\n"
              f"basis: {result['pages_per_s_per_worker']:,} pages/s per worker, median of {result['samples']:,} "
              f"measurement(s), {result['note']} (pages parsed, not pages skipped as already stored):")
    for m in result["evidence"]:
        unit = f" unit {m['unit']}" if m["unit"] else ""
        out.print(f"  run {m['run_id']}{unit}: {m['pages_parsed']:,} of {m['pages_read']:,} pages parsed in "
                  f"{m['elapsed_s']:,.1f} s = {m['pages_per_s']:,.1f} pages/s")


# ------------------------------------------------------------------------------------------ prefect setup


def load_automations(path: Path, notify_block_id: str | None = None, zombie_within: float | None = None
                     ) -> list[Any]:
    """The automations of deployments/automations.yaml as Prefect AutomationCore objects."""
    import yaml
    from prefect.events.schemas.automations import AutomationCore

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = []
    for item in data["automations"]:
        actions = []
        for action in item.get("actions", []):
            if action.get("type") == "aqea-notify":
                action = ({"type": "send-notification", "block_document_id": notify_block_id,
                           "subject": action.get("subject", "AQEA alert"), "body": action.get("body", "")}
                          if notify_block_id else {"type": "do-nothing"})
            actions.append(action)
        item = {**item, "actions": actions}
        if zombie_within and item["name"] == "aqea-zombie-flow-runs":
            item["trigger"] = {**item["trigger"], "within": zombie_within}
        result.append(AutomationCore.model_validate(item))
    return result


@dataclass(frozen=True, slots=True)
class SetupPlan:
    """Everything `prefect setup` will create, checked before it creates anything."""

    pool_type: str
    database_url: str | None  # normalised DSN for the aqea-database block; None: --no-database-block
    notify_block: tuple[str, str] | None  # (block type slug, document name)
    zombie_within: float | None


def check_setup(
    *, pool_type: str, database_url: str | None, no_database_block: bool, notify_block: str | None,
    heartbeat_frequency: int, zombie_within: float | None,
) -> SetupPlan:
    """Every option of `prefect setup` that can be checked without the server (so a mistake creates nothing)."""
    from aqea.providers import load_providers
    from aqea.settings import normalise_dsn

    if pool_type not in ("docker", "process"):
        raise ConfigError(f"--pool-type must be docker or process, not {pool_type!r}")
    dsn = (database_url or "").strip() or None
    if no_database_block:
        dsn = None  # every worker sets AQEA_DATABASE_URL itself
    elif dsn is None:
        raise ConfigError("deployed runs need one shared database: pass --database-url (or set AQEA_DATABASE_URL) "
                          "to store it in the aqea-database block, or --no-database-block if every worker sets "
                          "AQEA_DATABASE_URL itself")
    else:
        try:
            dsn = normalise_dsn(dsn)
        except ConfigError as exc:
            raise ConfigError(f"--database-url: {exc}") from None
    notify: tuple[str, str] | None = None
    if notify_block:
        slug, _, name = notify_block.partition("/")
        if not slug or not name:
            raise ConfigError(f"--notify-block must be <block-type-slug>/<name>, not {notify_block!r}")
        notify = (slug, name)
    if zombie_within is not None and zombie_within <= 0:
        raise ConfigError(f"--zombie-within must be a positive number of seconds, not {zombie_within}")
    if heartbeat_frequency <= 0:
        raise ConfigError(f"--heartbeat-frequency must be a positive number of seconds, not {heartbeat_frequency}")
    load_providers()  # deployments/providers.toml (or AQEA_PROVIDERS_FILE) must be valid
    for automation in load_automations(deployment_file("automations.yaml"), None, zombie_within):
        if automation.name == "aqea-zombie-flow-runs":
            within = automation.trigger.within.total_seconds()
            if within <= heartbeat_frequency:
                raise ConfigError(f"zombie window {within:.0f} s must exceed the heartbeat frequency "
                                  f"{heartbeat_frequency} s (PREFECT_FLOWS_HEARTBEAT_FREQUENCY)")
    return SetupPlan(pool_type, dsn, notify, zombie_within)


async def _reachable_prefect_api(client: Any) -> None:
    """One line instead of Prefect's retries and tracebacks when the API is not there."""
    from prefect.settings import PREFECT_API_URL

    problem = await client.api_healthcheck()
    if problem is not None:
        where = PREFECT_API_URL.value() or "the temporary local Prefect API"
        reason = str(problem) or type(problem).__name__
        raise ConfigError(f"cannot reach the Prefect API at {where}: {reason} (check PREFECT_API_URL)")


async def setup_prefect(plan: SetupPlan, echo: Any = print) -> None:
    """Create or update pools, queues, global concurrency limits, automations and blocks (idempotent)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import (
        GlobalConcurrencyLimitCreate,
        GlobalConcurrencyLimitUpdate,
        WorkPoolCreate,
    )
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    from aqea.providers import load_providers
    from blocks.aqea import DATABASE_BLOCK, SOURCE_BLOCK, AqeaDatabase, AqeaSource

    config = load_providers()
    async with get_client() as client:
        await _reachable_prefect_api(client)
        notify_id = None
        if plan.notify_block:  # looked up before anything is created: a typo must not leave half a setup
            slug, name = plan.notify_block
            try:
                notify_id = str((await client.read_block_document_by_name(name, slug)).id)
            except ObjectNotFound:
                raise ConfigError(f"notification block {slug}/{name} does not exist on the Prefect server") from None
        automations = load_automations(deployment_file("automations.yaml"), notify_id, plan.zombie_within)

        pools = [(config.control_pool, "process", [config.control_queue, "sync"])]
        pools += [(p.pool, plan.pool_type, []) for p in config.providers.values()]
        for name, kind, queues in pools:
            try:
                existing = await client.read_work_pool(name)
                if existing.type != kind:
                    echo(f"work pool {name} exists with type {existing.type} (wanted {kind}): left as is")
            except ObjectNotFound:
                await client.create_work_pool(WorkPoolCreate(name=name, type=kind))
                echo(f"work pool {name} ({kind}) created")
            for queue in queues:
                try:
                    await client.create_work_queue(name=queue, work_pool_name=name)
                    echo(f"work queue {name}/{queue} created")
                except ObjectAlreadyExists:
                    pass
        for name, limit in config.concurrency_limits.items():
            try:
                await client.read_global_concurrency_limit_by_name(name)
                await client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=limit))
            except ObjectNotFound:
                await client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=limit))
            echo(f"global concurrency limit {name} = {limit}")

        for automation in automations:
            for old in await client.read_automations_by_name(automation.name):
                await client.delete_automation(old.id)
            await client.create_automation(automation)
            echo(f"automation {automation.name} applied")

    await AqeaDatabase.aregister_type_and_schema()
    await AqeaSource.aregister_type_and_schema()
    if plan.database_url:
        await AqeaDatabase(dsn=plan.database_url).asave(DATABASE_BLOCK, overwrite=True)
        echo(f"block aqea-database/{DATABASE_BLOCK} saved (DSN stored as a secret)")
    else:
        echo("no aqea-database block (--no-database-block): every worker must set AQEA_DATABASE_URL")
    try:
        await AqeaSource.aload(SOURCE_BLOCK)
    except ValueError:
        await AqeaSource().asave(SOURCE_BLOCK)
        echo(f"block aqea-source/{SOURCE_BLOCK} saved with defaults")


@prefect_app.command("setup")
def prefect_setup(
    pool_type: Annotated[str, typer.Option(help="Type of the provider pools: docker (production) or process "
                                           "(workers running in a checkout, tests).")] = "docker",
    database_url: Annotated[str | None, typer.Option(
        "--database-url", envvar="AQEA_DATABASE_URL", show_envvar=True,
        help="Store this DSN in the aqea-database block (as a secret); deployed runs refuse to start without "
             "a shared database.")] = None,
    no_database_block: Annotated[bool, typer.Option(
        "--no-database-block", help="Save no aqea-database block: every worker sets AQEA_DATABASE_URL itself.")
    ] = False,
    notify_block: Annotated[str | None, typer.Option(
        help="Notification block for alerts, as <block-type-slug>/<name> (e.g. slack-webhook/aqea).")] = None,
    heartbeat_frequency: Annotated[int, typer.Option(
        envvar="PREFECT_FLOWS_HEARTBEAT_FREQUENCY",
        help="Flow-run heartbeat frequency the workers use (checked against the zombie window).")] = 180,
    zombie_within: Annotated[float | None, typer.Option(
        help="Override the zombie automation's window in seconds (default: deployments/automations.yaml).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Create the work pools and queues, global concurrency limits, automations and blocks from the repo."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if not verbose:  # Prefect logs a traceback per failed request: the one-line error below says it
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
    try:
        plan = check_setup(pool_type=pool_type, database_url=database_url, no_database_block=no_database_block,
                           notify_block=notify_block, heartbeat_frequency=heartbeat_frequency,
                           zombie_within=zombie_within)
        asyncio.run(setup_prefect(plan, echo=out.print))
    except AqeaError as exc:
        raise _fail(exc) from None
    out.print(f"done at {datetime.now(UTC):%H:%M:%S}Z: now run `prefect --no-prompt deploy --all`")


if __name__ == "__main__":  # `python -m aqea.cli_ops …` until the commands are registered in aqea.cli
    _app = typer.Typer(no_args_is_help=True, add_completion=False)
    register(_app)
    _app()
