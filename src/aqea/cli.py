"""The ``aqea`` command line. Errors of the AqeaError family become one clear line and exit code 2."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from aqea.cli_exchange import register as register_exchange
from aqea.cli_ops import register as register_ops
from aqea.cli_options import DatabaseOption, DataDirOption
from aqea.errors import AqeaError, ConfigError

app = typer.Typer(help="AQEA Extractor: Wiktionary dumps → stable AQEA addresses in PostgreSQL.",
                  no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema and statistics.", no_args_is_help=True)
app.add_typer(db_app, name="db")
register_ops(app)  # status, estimate, prefect setup (src/aqea/cli_ops.py)
register_exchange(app)  # export, import (src/aqea/cli_exchange.py)

console = Console(stderr=True)
out = Console()
T = TypeVar("T")

ApiContactOption = Annotated[
    str | None,
    typer.Option("--api-contact", help="E-mail or URL sent in the User-Agent; required for Wikimedia wikis "
                 "(default: AQEA_API_CONTACT)."),
]


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"aqea {version('aqea-extractor')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the installed version and exit.")] = False,
) -> None:
    """AQEA Extractor: Wiktionary dumps → stable AQEA addresses in PostgreSQL."""


def _quiet_prefect(verbose: bool) -> None:
    """Prefect reads these at import: keep its console logs from fighting the progress bar."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _settings(database_url: str | None, data_dir: Path | None, **overrides: Any):  # -> Settings
    """Settings from every source; a mistake in any of them is one line and exit 2, before anything starts."""
    from aqea.settings import Settings, unknown_env_settings

    for hint in unknown_env_settings():
        console.print(f"[yellow]warning:[/yellow] {escape(hint)}", soft_wrap=True)
    return _run(lambda: Settings().with_overrides(
        database_url=database_url, data_dir=data_dir.expanduser().resolve() if data_dir else None, **overrides
    ))


def _check_api(api_url: str, settings: Any) -> None:
    """A wiki's URL and our User-Agent, checked before the ~5 s start-up (no request is sent)."""
    from urllib.parse import urlsplit

    from aqea.sources.mediawiki import MediaWikiClient, is_wikimedia_host

    if is_wikimedia_host(api_url) and not (settings.api_contact or "").strip():
        raise ConfigError(f"{urlsplit(api_url).hostname} is a Wikimedia wiki, whose User-Agent policy requires a "
                          "contact: set AQEA_API_CONTACT=you@example.org (or pass --api-contact)")
    MediaWikiClient(api_url, user_agent=settings.api_user_agent, contact=settings.api_contact,
                    max_lag=settings.api_max_lag)  # its own checks: an http(s) URL, a descriptive agent


def _check_extract(settings: Any, source: dict[str, Any], language: str | None) -> None:
    """Every mistake in an `extract` command, found before the embedded PostgreSQL and Prefect start."""
    from aqea.sources.dump import read_siteinfo
    from aqea.sources.registry import load_source
    from aqea.wiktionary.editions import choose_edition

    edition, force = source["edition"], source["force_edition"]
    if source["source"] is not None:
        load_source(source["source"])  # an unknown name is one line, with the installed ones
    if source["location"] is not None:
        if source["source"] == "wiktionary-api":  # its plan costs requests: check contact and edition only
            _check_api_edition(source["location"], settings, edition, force=force)
            return
        # the source's own plan checks its input (one line, before the database and Prefect start); the flow
        # plans again, which for a file is cheap (PWN's tarball is extracted once, into a cache)
        from aqea.sources.base import PlanRequest

        request = PlanRequest(location=source["location"], edition=edition, force_edition=force)
        plan = asyncio.run(load_source(source["source"]).plan(request, settings))
        if language is not None and language != plan.language:
            raise ConfigError(f"{plan.origin} is {plan.edition} (language {plan.language}), not {language}")
        return
    if source["dump"] is not None:
        site = read_siteinfo(source["dump"])
        choose_edition(edition, site.dbname, source["dump"], force=force)
        if language is not None and language != site.language:
            raise ConfigError(f"{source['dump']} is {site.dbname} (language {site.language}), not {language}")
        return
    _check_api_edition(source["api_url"], settings, edition, force=force)


def _check_api_edition(api_url: str, settings: Any, edition: str | None, *, force: bool = False) -> None:
    """The contact, then a parser for --edition, then (one request) the wiki's own edition against it."""
    from aqea.wiktionary.editions import choose_edition

    _check_api(api_url, settings)
    if edition is not None:
        choose_edition(edition, edition, api_url)  # a parser exists: said before any request
    if edition is None or not force:
        choose_edition(edition, asyncio.run(_wiki_edition(api_url, settings)), api_url, force=force)


async def _wiki_edition(api_url: str, settings: Any) -> str:
    """The wiki's own edition (siteinfo): one request, so a wrong --edition or an unreachable wiki is one line
    before the start-up instead of a flow failure under the progress bar."""
    from aqea.sources.mediawiki import MediaWikiClient

    async with MediaWikiClient(api_url, user_agent=settings.api_user_agent, contact=settings.api_contact,
                               max_lag=settings.api_max_lag) as client:
        return str((await client.site_info())["edition"])


def _dsn(settings: Any) -> str:
    """Resolve the DSN once and publish it, so in-process flows use the same database."""
    from aqea.store.db import resolve_dsn

    if settings.database_url is None:
        console.print(f"[dim]No database configured: starting the embedded PostgreSQL in "
                      f"{settings.embedded_dir} (set AQEA_DATABASE_URL to use your own)…[/dim]")
    dsn = resolve_dsn(settings)
    os.environ["AQEA_DATABASE_URL"] = dsn
    return dsn


def _run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except AqeaError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None


@app.command()
def extract(
    location: Annotated[str | None, typer.Argument(
        help="What --source reads: a file, folder or URL (`aqea sources` says what each source takes).",
        show_default=False)] = None,
    source_name: Annotated[str | None, typer.Option(
        "--source", help="An installed source by name (`aqea sources`); default: wiktionary-dump for --dump, "
        "wiktionary-api for --api-url.")] = None,
    dump: Annotated[Path | None, typer.Option("--dump", help="MediaWiki XML dump: .xml, .xml.bz2 or "
                                              "-multistream.xml.bz2 (its -index.txt.bz2 next to it).")] = None,
    api_url: Annotated[str | None, typer.Option(
        "--api-url", help="Extract through a wiki's Action API instead of a dump, e.g. "
        "https://de.wiktionary.org/w/api.php (polite: one request in flight, maxlag; set AQEA_API_CONTACT).")
    ] = None,
    from_title: Annotated[str | None, typer.Option("--from", help="API: first title (inclusive).")] = None,
    to_title: Annotated[str | None, typer.Option("--to", help="API: last title (exclusive).")] = None,
    edition: Annotated[str | None, typer.Option(help="Edition whose parser to use (dewiktionary, enwiktionary, "
                                                "frwiktionary); default: from the dump's or wiki's siteinfo. "
                                                "--source wordnet-omw: omw-wikt or omw-cldr.")] = None,
    force_edition: Annotated[bool, typer.Option(
        "--force-edition", help="Use --edition even though the dump's or wiki's siteinfo names another one.")
    ] = False,
    language: Annotated[str | None, typer.Option(help="Expected language of the edition (checked "
                                                 "against the dump's <siteinfo>), e.g. de.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many pages.")] = None,
    units: Annotated[int | None, typer.Option(min=1, help="Work units to plan (multistream dumps).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Parser processes (default: cores).")] = None,
    batch_pages: Annotated[int | None, typer.Option(min=1, help="Pages per batch.")] = None,
    api_contact: ApiContactOption = None,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Run the extract-language flow on a dump, a wiki's API or any installed source, with a live progress bar
    and a summary."""
    _quiet_prefect(verbose)
    settings = _settings(database_url, data_dir, parse_workers=workers, batch_pages=batch_pages,
                         api_contact=api_contact)
    for key, value in (("AQEA_PARSE_WORKERS", workers), ("AQEA_BATCH_PAGES", batch_pages),
                       ("AQEA_API_CONTACT", api_contact)):
        if value is not None:
            os.environ[key] = str(value)
    inputs = [x for x in (dump, api_url, location) if x is not None]
    if len(inputs) != 1 or (location is not None and source_name is None):
        console.print("[red]error:[/red] give exactly one of --dump FILE, --api-url URL, or --source NAME LOCATION")
        raise typer.Exit(2)
    source = {"dump": str(dump) if dump else None, "api_url": api_url, "from_title": from_title,
              "to_title": to_title, "edition": edition, "force_edition": force_edition,
              "source": source_name, "location": location}
    _run(lambda: _check_extract(settings, source, language))
    ok = _run(lambda: asyncio.run(_extract(settings, source, language, limit, units)))
    raise typer.Exit(0 if ok else 1)


async def _extract(settings: Any, source: dict[str, Any], language: str | None, limit: int | None,
                   units: int | None) -> bool:
    from aqea.cli_interrupt import BackgroundRun, Interruption
    from aqea.rates import format_throughput, throughput
    from aqea.sources.dump import read_siteinfo
    from aqea.store.db import connect, create_pool, open_migrated
    from aqea.store.queries import run_progress
    from aqea.store.retry import DatabaseUnavailable, RetryPolicy, with_connection
    from flows.extract import extract_language, new_run_id
    from flows.local_api import start_temporary_api

    stop = Interruption.install()  # Ctrl-C / SIGTERM: cancel the flow, mark the run interrupted, one line
    dump = source["dump"]
    if dump is not None:
        site = read_siteinfo(dump)
        if language is not None and language != site.language:  # fail before starting anything
            raise ConfigError(f"{dump} is {site.dbname} (language {site.language}), not {language}")
    dsn = _dsn(settings)
    _show_database_waits()
    conn = await open_migrated(dsn)  # the schema is current before the flow starts
    await _repair_orphaned_runs(conn)
    await conn.close()
    db = await create_pool(dsn, 1)  # the poller's connection: a pool connects anew after a restart
    edition = source["edition"] or (site.dbname if dump is not None else source["source"] or "api")
    run_id = new_run_id(edition)
    origin = dump or source["api_url"] or source["location"]
    console.print(f"Extracting [bold]{origin}[/bold] ({edition}), run [cyan]{run_id}[/cyan]")
    _announce_prefect_api()
    start_temporary_api()  # from the main thread: its parent-death signal follows the starting thread
    flow = BackgroundRun(lambda: extract_language(language=language, limit=limit, units=units, run_id=run_id,
                                                  return_state=True, **source))
    flow_task = flow.done
    stop.on_signal(flow.cancel)
    noun = "pages" if (source["source"] or "wiktionary").startswith("wiktionary") else "records"
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,.0f} " + noun),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task_id = bar.add_task("pages", total=limit, rate="")
        while not flow_task.done():
            await asyncio.wait({flow_task}, timeout=0.5)
            if stop.signum is not None:  # stopping: no more polling; the grace time bounds the wait
                if stop.stopping():
                    break
                continue
            p = await _progress_or_none(db, run_id, run_progress)
            if p is None:
                continue
            rate = format_throughput(throughput(p), noun) if p["pages"] else "planned, reading…"  # as the summary
            bar.update(task_id, completed=p["pages"], total=limit or p["pages_estimate"] or None,
                       rate=f"{rate} · {p['completed']:,}/{p['units']:,} units")
    if stop.signum is not None and not _flow_completed(flow_task):
        await _end_interrupted(await connect(dsn), stop, flow_task, run_id)
    state = flow_task.result()
    try:
        summary = await with_connection(db, lambda conn: conn.fetchval(
            "SELECT summary FROM extraction_runs WHERE id = $1", run_id), RetryPolicy.from_settings(settings),
            "reading the run's summary")
    except DatabaseUnavailable:
        summary = None  # still away: the flow's own outcome, below, says what happened
    await db.close()
    if summary:
        _print_summary(summary)
    if not state.is_completed():
        message = state.message or "the run failed"
        try:
            await state.aresult()
        except Exception as exc:  # the flow's own error says best what went wrong
            message = str(exc)
        console.print(f"[red]run {run_id} did not complete:[/red] {escape(message)}", soft_wrap=True)
        return False
    return True


def _flow_completed(task: asyncio.Future[Any]) -> bool:
    """The flow ended Completed (a signal that came after that does not interrupt anything)."""
    return task.done() and not task.cancelled() and task.exception() is None and task.result().is_completed()


async def _repair_orphaned_runs(conn: Any) -> None:
    """Runs left 'running' by a process that is gone (killed with SIGKILL, a power loss) become interrupted."""
    from aqea.store.runs import interrupt_orphaned_runs

    for run_id in await interrupt_orphaned_runs(conn):
        console.print(f"[dim]run {run_id} was left running by a process that is gone: marked interrupted[/dim]")


async def _end_interrupted(conn: Any, stop: Any, task: asyncio.Future[Any], run_id: str | None = None) -> None:
    """After SIGINT / SIGTERM: give the cancelled flow its grace time, end the parser processes, mark this
    process's runs and their unfinished units interrupted, print one line and exit 130 / 143. The temporary
    Prefect API and the embedded PostgreSQL stop in their exit hooks."""
    from aqea.cli_interrupt import interrupted_line
    from aqea.store.queries import run_progress
    from aqea.store.runs import interrupt_own_runs
    from flows.resources import stop_parse_executors

    if not task.done():
        await asyncio.wait({task}, timeout=stop.grace_left())
    stop_parse_executors()
    runs = {*await interrupt_own_runs(conn), *([run_id] if run_id else [])}
    pages = sum([(await run_progress(conn, r))["pages"] for r in sorted(runs)])
    await conn.close()
    console.print(interrupted_line(pages), soft_wrap=True, highlight=False)
    raise typer.Exit(stop.exit_code)


async def _progress_or_none(db: Any, run_id: str, query: Any) -> dict[str, int] | None:
    """None before the run has units, and while the database is away. The bar only shows progress: a failed
    poll never stops the flow (which waits an outage out itself); the pool connects anew on a later poll."""
    from aqea.store.retry import is_transient

    try:
        async with db.acquire() as conn:
            p = await query(conn, run_id)
    except Exception as exc:
        if not is_transient(exc):
            logging.getLogger("aqea.store.retry").warning("progress not shown: %s", exc)
        return None
    return p if p["units"] else None


def _announce_prefect_api() -> None:
    """Say which Prefect API the run reports to before the slowest part of a small run's start-up."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        console.print(f"[dim]Using the Prefect API at {url} (PREFECT_API_URL): runs show in its UI.[/dim]")
    else:
        console.print("[dim]Starting a temporary Prefect API (set PREFECT_API_URL to use a running Prefect "
                      "server: faster, and runs show in its UI)…[/dim]")


class _DatabaseWaits(logging.Handler):
    """Shows the store's "database unavailable, retrying …" lines (store/retry.py) as plain lines above the
    progress bar, each once even when several operations wait at the same moment."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._last = ("", 0.0)

    def emit(self, record: logging.LogRecord) -> None:
        line, now = record.getMessage(), time.monotonic()
        if line == self._last[0] and now - self._last[1] < 5:
            return
        self._last = (line, now)
        console.print(f"[yellow]{escape(line)}[/yellow]", soft_wrap=True)


def _show_database_waits() -> None:
    waits = logging.getLogger("aqea.store.retry")
    if not any(isinstance(h, _DatabaseWaits) for h in waits.handlers):
        waits.addHandler(_DatabaseWaits())
        waits.propagate = False  # not also through Prefect's root handler, with timestamps


def _print_summary(summary: dict[str, Any]) -> None:
    from aqea.rates import Throughput, format_throughput

    p = summary["progress"]
    table = Table(title=f"Run {summary['run_id']}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    h = summary.get("homographs", {})  # matched across editions / to the page's earlier homographs
    homograph_rows = ([("homographs matched by content", f"{h['realigned']:,} "
                        f"(stale views removed: {h['views_removed']:,})")] if any(h.values()) else [])
    rejections = summary.get("rejections", [])
    unaddressed = summary.get("unaddressed", [])
    links = summary["relations"]
    rate = Throughput(summary["pages_per_s"], summary.get("entries_per_s", 0.0), summary.get("mb_per_s", 0.0))
    # a Wiktionary source reads pages; others, records (a WordNet entry or concept, a line …)
    noun = "pages" if summary.get("source_name", "wiktionary").startswith("wiktionary") else "records"
    rows = [
        (f"{noun} read", f"{p['pages']:,}"),
        *([("page text", f"{p['text_bytes'] / 1e6:,.2f} MB")] if noun == "pages" else []),
        ("entries new", f"{p['new']:,}"),
        ("entries updated", f"{p['updated']:,}"),
        ("entries unchanged", f"{p['unchanged']:,}"),
        (f"{noun} skipped", ", ".join(f"{k}: {v:,}" for k, v in sorted(summary.get("skipped", {}).items()))
         or "0"),
        # one row per page and reason (rejected_pages): the total is the sum of the rows below it
        (f"rejected {noun}, by reason", f"{sum(r['pages'] for r in rejections):,}"),
        *((f"  {r['reason']}", f"{r['pages']:,}") for r in rejections),
        ("unknown POS names", ", ".join(f"{k} ({v:,})" for k, v in sorted(summary["unknown_pos"].items()))
         or "none"),
        ("addresses given", f"{summary['allocation']['assigned']:,}"
         + (f" ({summary['allocation']['overflowed']:,} outside their subcategory's blocks)"
            if summary['allocation']['overflowed'] else "")),
        ("address space full", f"{summary['allocation']['exhausted']:,}"),
        ("without address (database), by reason", f"{sum(u['entries'] for u in unaddressed):,}"),
        *((f"  {u['reason']}", f"{u['entries']:,}" + (" (" + ", ".join(f"{what} {n:,}" for what, n in u["top"])
                                                       + (f", … {u['specifics']:,} in all" if u["specifics"]
                                                          > len(u["top"]) else "") + ")" if u["top"] else ""))
          for u in unaddressed),
        ("links resolved by this run", f"{links.get('resolved_now', 0):,}"),
        ("links in the database (unresolved)", f"{links['relations']:,} ({links['unresolved']:,})"),
        *homograph_rows,
        ("work units ok / failed", f"{p['completed']:,} / {p['failed']:,}"),
        ("elapsed", f"{summary['elapsed_s']:,.1f} s"),
        ("rate", format_throughput(rate, noun)),
    ]
    for what, value in rows:
        table.add_row(what, value)
    out.print(table)
    for unit in summary.get("failed_units", []):
        out.print(f"[red]unit {unit['unit_key']} failed:[/red] {unit['error']}")


@app.command()
def sync(
    api_url: Annotated[str, typer.Option("--api-url", help="The wiki's api.php.")],
    edition: Annotated[str | None, typer.Option(help="Edition whose parser to use (default: the wiki's).")] = None,
    since: Annotated[str | None, typer.Option(help="First sync only: start here (ISO time; default: 24 h ago).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    api_contact: ApiContactOption = None,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Apply the wiki's recent changes once (the sync-changes flow) and print what changed."""
    _quiet_prefect(verbose)
    settings = _settings(database_url, data_dir, api_contact=api_contact)
    if api_contact is not None:
        os.environ["AQEA_API_CONTACT"] = api_contact  # the in-process flow reads Settings itself
    _run(lambda: _check_api_edition(api_url, settings, edition))

    async def run() -> dict[str, Any]:
        from aqea.cli_interrupt import BackgroundRun, Interruption
        from aqea.store.db import open_migrated
        from flows.local_api import start_temporary_api
        from flows.sync import sync_changes

        stop = Interruption.install()  # Ctrl-C / SIGTERM: cancel the sync, mark it interrupted, one line
        conn = await open_migrated(_dsn(settings))
        _show_database_waits()
        await _repair_orphaned_runs(conn)
        start_temporary_api()
        flow = BackgroundRun(lambda: sync_changes(api_url=api_url, edition=edition, since=since))
        task = flow.done
        stop.on_signal(flow.cancel)
        while not task.done() and not stop.stopping():
            await asyncio.wait({task}, timeout=0.5)
        if stop.signum is not None and not (task.done() and not task.cancelled() and task.exception() is None):
            await _end_interrupted(conn, stop, task)
        await conn.close()
        return task.result()

    summary = _run(lambda: asyncio.run(run()))
    if as_json:
        _json_out(summary)
        return
    table = Table(title=f"Sync of {summary['source']} ({summary['api_url']})", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for key in ("changes", "pages_fetched", "pages_deleted", "moves", "entries_new", "entries_updated",
                "entries_unchanged", "entries_deleted", "watermark", "elapsed_s"):
        value = summary.get(key, 0)
        table.add_row(key.replace("_", " "), f"{value:,}" if isinstance(value, int | float) else str(value))
    table.add_row("addresses given", f"{summary['allocation']['assigned']:,}")
    out.print(table)


@app.command("test-source")
def test_source(
    dump: Annotated[Path, typer.Option("--dump", help="MediaWiki XML dump to read.")],
    limit: Annotated[int, typer.Option(min=1, help="Pages to read (all namespaces).")] = 20,
) -> None:
    """Parse the first pages of a dump and print the entries as JSON (no database needed)."""

    def run() -> None:
        from aqea.pipeline import process_pages
        from aqea.sources.dump import iter_pages, read_siteinfo

        site = read_siteinfo(dump)
        outcome = process_pages(list(itertools.islice(iter_pages(dump), limit)), site.dbname)
        payload = {
            "source": site.dbname,
            "pages": outcome.pages,
            "entries": [dataclasses.asdict(e) for e in outcome.entries],
            "rejections": [dataclasses.asdict(r) for r in outcome.rejections],
            "skipped": dict(outcome.skipped),
            "unknown_pos": dict(outcome.unknown_pos),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")

    _run(run)


@db_app.command("migrate")
def db_migrate(database_url: DatabaseOption = None, data_dir: DataDirOption = None) -> None:
    """Create or upgrade the schema (versioned SQL migrations, recorded in schema_migrations)."""

    async def run() -> None:
        from aqea.store.db import connect
        from aqea.store.migrate import current_version, migrate

        conn = await connect(_dsn(_settings(database_url, data_dir)))
        try:
            applied = await migrate(conn)
            version = await current_version(conn)
        finally:
            await conn.close()
        for m in applied:
            out.print(f"applied {m.version:03d}_{m.name}")
        out.print(f"schema at version {version}")

    _run(lambda: asyncio.run(run()))


@db_app.command("stats")
def db_stats(
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Entry counts per domain / language and category / part of speech, and rejections by reason."""

    async def run() -> None:
        from aqea.store.db import open_migrated
        from aqea.store.queries import entry_stats, rejection_stats

        conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
        try:
            entries = await entry_stats(conn)
            rejections = await rejection_stats(conn)
        finally:
            await conn.close()
        if as_json:
            sys.stdout.write(json.dumps({"entries": entries, "rejections": rejections}, indent=2) + "\n")
            return
        table = Table(title="AQEA entries")
        for col in ("domain", "language", "category", "pos", "entries", "addressed"):
            table.add_column(col, justify="right" if col in ("entries", "addressed") else "left")
        for r in entries:
            category = f"0x{r['category']:02X}" if r["category"] is not None else "-"
            table.add_row(r["domain"], r["language"], category, r["pos"], f"{r['entries']:,}",
                          f"{r['addressed']:,}")
        table.add_row("", "", "", "total", f"{sum(r['entries'] for r in entries):,}",
                      f"{sum(r['addressed'] for r in entries):,}")
        out.print(table)
        if rejections:
            rt = Table(title="Rejected pages")
            rt.add_column("reason")
            rt.add_column("pages", justify="right")
            for r in rejections:
                rt.add_row(r["reason"], f"{r['pages']:,}")
            out.print(rt)

    _run(lambda: asyncio.run(run()))


def _json_out(payload: Any) -> None:
    from aqea.documents import to_json  # the HTTP API's encoder too: the same JSON

    sys.stdout.write(to_json(payload) + "\n")


def _print_entry(entry: dict[str, Any]) -> None:
    from aqea.store.relations import sense_sort_key

    meta = entry["meta"]
    head = entry["address"] or f"(no address: {entry['unaddressed_reason'] or 'pending allocation'})"
    deleted = (f"  [bold red]DELETED[/bold red] [red](its page no longer gives it, since "
               f"{entry['deleted_at']:%Y-%m-%d %H:%M})[/red]" if entry.get("deleted_at") else "")
    out.print(f"[bold cyan]{head}[/bold cyan]  [bold]{entry['label']}[/bold]  "
              f"{entry['language']} {entry['pos']} #{entry['homograph']}{deleted}")
    out.print(f"  {escape(entry['description'])}")
    facts = [
        ("gender", ", ".join(meta.get("gender", []))),
        ("IPA", ", ".join(meta.get("ipa", []))),
        ("forms' IPA", ", ".join(f"{s['ipa']} ({', '.join(s['tags'])})" for s in meta.get("sounds", [])
                                 if "ipa" in s and s["ipa"] not in meta.get("ipa", []))),
        ("rhymes", ", ".join(meta.get("rhymes", []))),
        ("hyphenation", meta.get("hyphenation", "")),
        # every edition's forms: [{"form", "tags", "raw_tags"?, "article"?}] (wiktionary/form_tags.py)
        ("forms", "; ".join(f"{' '.join(f.get('tags', []))}: {(f.get('article', '') + ' ').lstrip()}{f['form']}"
                            + (f" ({', '.join(f['raw_tags'])})" if f.get("raw_tags") else "")
                            for f in meta.get("forms") or [])),
        ("head tags", ", ".join(meta.get("head_tags", []))),
        ("etymology", meta.get("etymology", "")),
        ("subcategory", f"0x{entry['subcategory']:02X} {meta.get('subcategory', {}).get('name', '')} "
                        f"({meta.get('subcategory', {}).get('signal') or 'no signal'})"),
        ("frequency", f"{meta['frequency']} (Zipf)" if meta.get("frequency") is not None else "unknown"),
        ("source", f"{entry['source']} record {entry['record_key']} version {entry['record_version']}"),
        ("licence", f"{entry['licence']} — {entry['attribution']}" if entry.get("licence") else ""),
    ]
    for name, value in facts:
        if value:
            out.print(f"  [dim]{name}:[/dim] {escape(str(value))}")
    for sense in sorted(meta.get("senses", []), key=lambda s: sense_sort_key(s.get("number"))):
        labels = f"[italic]({escape(', '.join(sense['labels']))})[/italic] " if sense.get("labels") else ""
        out.print(f"  {escape('[' + sense['number'] + ']')} {labels}{escape(sense['gloss'])}")
        for example in sense.get("examples", [])[:2]:
            out.print(f"      [dim]{escape(example)}[/dim]")
        for quote in [q for q in sense.get("quotations", []) if q["text"]][:1]:  # the first with a passage
            cited = ", ".join(x for x in (quote["year"], quote["author"], quote["title"] or quote["work"]) if x)
            out.print(f"      [dim]“{escape(quote['text'])}”{escape(' — ' + cited) if cited else ''}[/dim]")


def _print_links(entry: dict[str, Any]) -> None:
    by_kind: dict[str, list[str]] = {}
    for link in entry["links"]["outgoing"]:
        where = link["target_address"] or "unresolved"
        sense = f"[{link['sense']}] " if link["sense"] else ""
        note = f" ({link['note']})" if link["note"] else ""
        by_kind.setdefault(link["kind"], []).append(
            f"{sense}{link['target_language']}:{link['target_lemma']}{note} → {where}")
    for kind, items in by_kind.items():
        out.print(f"  [bold]{kind}[/bold] ({len(items)}):")
        for item in items:
            out.print(f"    {escape(item)}")
    incoming: dict[tuple[str, ...], list[str]] = {}
    for link in entry["links"]["incoming"]:
        key = (link["kind"], link["from_language"], link["from_lemma"], link["from_address"] or "no address",
               link["source"])
        incoming.setdefault(key, []).append(link["sense"])
    if incoming:
        out.print(f"  [bold]linked from[/bold] ({len(incoming)}):")
        for (kind, language, lemma, where, source), senses in incoming.items():
            named = ", ".join(s for s in senses if s)
            out.print(f"    {kind} from {language}:{lemma} ({where}, {source})" + (f" senses {named}" if named else ""))
    for concept in entry.get("concepts", []):
        senses = f"[{', '.join(concept['senses'])}] " if concept["senses"] else ""
        out.print(f"  [bold]concept[/bold] {escape(senses)}{concept['ili']} {concept['address'] or 'no address'}: "
                  f"{escape(concept['gloss'])} [dim]({', '.join(concept['sources'])})[/dim]")
        by_language: dict[str, list[str]] = {}
        for word in concept["words"]:
            by_language.setdefault(word["language"], []).append(f"{word['lemma']} ({word['address'] or 'no address'})")
        for language, words in by_language.items():
            out.print(f"      {language}: {escape(', '.join(words))}")
    for view in entry["other_editions"]:
        licence = f" [dim]({view['licence']})[/dim]" if view.get("licence") else ""
        out.print(f"  [bold]{view['source']}[/bold] says: {escape(view['description'])}{licence}")


def _address_arg(text: str) -> Any:
    from aqea.address import Address

    return Address.parse_any(text)


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the installed sources (entry-point group aqea.sources) with their licences, the Wiktionary
    editions with a parser, and whether the parsers run compiled."""
    from aqea.compiled import PURE_PYTHON_REASON
    from aqea.compiled import status as compiled_status
    from aqea.sources.registry import installed_sources, load_source
    from aqea.wiktionary.editions import supported_editions

    rows = []
    for name, entry in installed_sources().items():
        try:
            src = load_source(name)
            rows.append({"name": name, "description": src.description, "license": src.license,
                         "attribution": src.attribution, "distribution": entry.distribution, "error": None})
        except AqeaError as exc:  # a broken plug-in is listed with its error, not hidden
            rows.append({"name": name, "description": "", "license": "", "attribution": "",
                         "distribution": entry.distribution, "error": str(exc)})
    compiled = compiled_status()
    if as_json:
        _json_out({"sources": rows, "wiktionary_editions": list(supported_editions()), "compiled_parsers": compiled})
        return
    table = Table(title="Installed sources", title_justify="left")
    for col in ("name", "what it reads", "licence", "from"):
        table.add_column(col)
    for r in rows:
        what = r["description"] if r["error"] is None else f"[red]cannot load: {escape(r['error'])}[/red]"
        table.add_row(r["name"], what, r["license"], r["distribution"])
    out.print(table)
    out.print(f"Wiktionary editions with a parser: {', '.join(supported_editions())}")
    by_reason: dict[str | None, list[str]] = {}
    for package, reason in compiled.items():
        by_reason.setdefault(reason, []).append(package)
    for reason, packages in by_reason.items():
        if reason is None:
            out.print(f"Parser modules compiled (make compile), in use: {', '.join(packages)}")
        else:
            hint = "" if reason == PURE_PYTHON_REASON else " (`make compile`: same results, faster)"
            out.print(f"Parser modules run as Python ({', '.join(packages)}): {escape(reason)}{hint}")


@app.command()
def address(
    value: Annotated[str, typer.Argument(help="An AQEA address: 0x20:01:01:01, 20010101 (eight hex digits) or the "
                                        "integer 536936705.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show the entry at an AQEA address."""

    async def run() -> bool:
        from aqea.documents import entry_document
        from aqea.store.db import open_migrated

        parsed = _address_arg(value)
        conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
        try:
            entry = await entry_document(conn, parsed)
        finally:
            await conn.close()
        if as_json:
            _json_out(entry)
        elif entry is None:
            console.print(f"no entry at {parsed}")
        else:
            _print_entry(entry)
        return entry is not None

    raise typer.Exit(0 if _run(lambda: asyncio.run(run())) else 1)


@app.command()
def lookup(
    lemma: Annotated[str, typer.Argument(help="The word as written (case-sensitive, as Wiktionary titles).")],
    language: Annotated[str | None, typer.Option(help="Language code, e.g. de.")] = None,
    pos: Annotated[str | None, typer.Option(help="Only entries of this part of speech, e.g. noun.")] = None,
    links: Annotated[bool, typer.Option("--links", help="Also show translations, synonyms and other links "
                                        "(with target addresses), incoming links, other sources' views, and the "
                                        "concepts the senses name with the words of other languages that name "
                                        "them too.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="With --links: only links of this kind (translation, "
                                             "synonym, antonym, hypernym, hyponym, form_of, derived, related).")]
    = None,
    target_language: Annotated[str | None, typer.Option(
        "--target-language", help="With --links: only outgoing links into this language, e.g. en.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show every entry of a word: address(es) and all extracted data."""

    async def run() -> bool:
        from aqea.documents import lookup_documents
        from aqea.model import RELATION_KINDS
        from aqea.store.db import open_migrated

        if kind is not None and kind not in RELATION_KINDS:
            raise ConfigError(f"unknown link kind {kind!r}; known: {', '.join(sorted(RELATION_KINDS))}")
        conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
        try:
            entries = await lookup_documents(conn, lemma, language, pos, links=links, kind=kind,
                                             target_language=target_language)
        finally:
            await conn.close()
        if as_json:
            _json_out(entries)
        elif not entries:
            console.print(f"no entry for {lemma!r}" + (f" in {language}" if language else ""))
        for entry in [] if as_json else entries:
            _print_entry(entry)
            if "links" in entry:
                _print_links(entry)
        return bool(entries)

    raise typer.Exit(0 if _run(lambda: asyncio.run(run())) else 1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on. The default answers this machine only; "
                                      "0.0.0.0 or a public address lets anyone who reaches it read the database.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0: any free port, printed).")] = 8000,
    pool_size: Annotated[int, typer.Option("--pool-size", min=1, help="Database connections (read-only), "
                                           "per server process.")] = 8,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes on the one port (one uses about "
                                         "one core; docs/http-api.md).")] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request.")] = True,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level: critical, error, warning, info, debug.")]
    = "info",
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the read-only HTTP API (docs/http-api.md): entries by address, look-ups, links, concepts, status and
    capacity as the CLI's --json gives them; OpenAPI at /docs; a live dashboard at /. Every transaction is READ
    ONLY; the database URL is never shown. Stop with Ctrl-C."""
    from aqea.api.server import bind, check_schema, is_loopback, run

    levels = ("critical", "error", "warning", "info", "debug")
    if log_level not in levels:
        console.print(f"[red]error:[/red] --log-level must be one of {', '.join(levels)}, not {log_level!r}")
        raise typer.Exit(2)
    settings = _settings(database_url, data_dir)
    sock = _run(lambda: bind(host, port))
    dsn = _run(lambda: _dsn(settings))
    version = _run(lambda: asyncio.run(check_schema(dsn, migrate=settings.database_url is None)))
    where = ("the configured database" if settings.database_url
             else f"the embedded PostgreSQL in {settings.embedded_dir}")
    bound_host, bound_port = sock.getsockname()[:2]
    url = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"
    if not is_loopback(host):
        console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can read the database")
    console.print(f"AQEA API at {url} (dashboard at {url}/, OpenAPI at {url}/docs), reading {where} "
                  f"(schema {version}, read-only)", soft_wrap=True, highlight=False)
    run(dsn, sock, pool_size=pool_size, access_log=access_log, log_level=log_level, workers=workers)


@app.command()
def capacity(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    registry_only: Annotated[bool, typer.Option("--registry", help="Only the domain registry and the "
                                                "projection of the full sources (no database needed).")] = False,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """The address space: the domain registry, how full each language's (or the concepts') categories are, the
    share of addresses whose EE carries a semantic subcategory, and what the full sources will need."""

    async def run() -> None:
        from aqea.store.capacity import capacity_report, projection, registry_document
        from aqea.store.db import open_migrated
        from aqea.taxonomy.registry import registry

        reg = registry()
        if registry_only:
            report: dict[str, Any] = {"registry": registry_document(reg), "projection": projection(reg)}
        else:
            conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
            try:
                report = await capacity_report(conn, reg)
            finally:
                await conn.close()
        if as_json:
            _json_out(report)
            return
        _print_registry(report["registry"])
        if not registry_only:
            _print_fullness(report)
        _print_projection(report["projection"])

    _run(lambda: asyncio.run(run()))


def _print_registry(doc: dict[str, Any]) -> None:
    table = Table(title=f"AQEA domain registry v{doc['version']}")
    for col in ("AA", "kind", "purpose"):
        table.add_column(col)
    for r in doc["ranges"]:
        span = r["first"] if r["first"] == r["last"] else f"{r['first']}-{r['last']}"
        table.add_row(span, r["kind"], r["purpose"])
    out.print(table)
    out.print("languages with domains of their own: " + "; ".join(
        f"{lang} {' '.join(domains)}" for lang, domains in doc["languages"].items()))
    out.print(f"concepts (ili): {' '.join(doc['concepts'])}; every other language: slots in "
              f"{doc['shared'][0]}-{doc['shared'][1]}")


def _print_fullness(report: dict[str, Any]) -> None:
    from aqea.taxonomy import load_table

    names = {v: k for k, v in load_table("categories")["categories"].items()}
    table = Table(title="Fullness per series and category")
    for col in ("series", "QQ", "pos", "entries", "addressed", "pending", "unaddressed", "handed out", "capacity",
                "used %", "domains in use", "subcategory in EE"):
        table.add_column(col, justify="left" if col in ("series", "QQ", "pos", "domains in use") else "right")
    for r in report["categories"]:
        series = r["series"] + (f" ({r['languages']:,} languages)" if r["series"] == "shared" else "")
        carried = (f"{r['subcategory_in_address']:,} / {r['with_subcategory']:,}" if r["with_subcategory"] else "-")
        table.add_row(series, f"0x{r['category']:02X}", names.get(r["category"], "?"), f"{r['entries']:,}",
                      f"{r['addressed']:,}", f"{r['pending']:,}", f"{r['unaddressed']:,}", f"{r['handed_out']:,}",
                      f"{r['capacity']:,}", f"{100 * r['handed_out'] / r['capacity']:.2f}",
                      " ".join(r["domains_in_use"]) or "-", carried)
    out.print(table)
    sem, slots = report["semantic"], report["shared_slots"]
    out.print(f"addresses whose EE carries a semantic subcategory: {sem['subcategory_in_address']:,} of "
              f"{sem['addressed']:,} addressed ({100 * sem['share_of_addressed']:.1f} %); "
              f"{sem['with_subcategory']:,} entries have one")
    out.print(f"shared-domain slots: {slots['taken']:,} of {slots['total']:,} taken by {slots['languages']:,} "
              "languages")
    for r in report["unaddressable"]:
        out.print(f"without address: {r['entries']:,} entries — {r['reason']}")


def _print_projection(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Projection: the full sources (largest source per series and category)")
    for col in ("series", "pos", "entries", "source", "domains needed", "domains given", "fits"):
        table.add_column(col, justify="right" if col in ("entries", "domains needed", "domains given") else "left")
    for r in rows:
        table.add_row(r["series"], r["pos"], f"{r['entries']:,}", r["source"], str(r["domains_needed"]),
                      str(r["domains_given"]), "yes" if r["fits"] else "[red]no[/red]")
    out.print(table)


def main() -> None:
    # platformdirs warns in containers without XDG_RUNTIME_DIR (pgserver, Prefect); harmless for a CLI user.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    app()


if __name__ == "__main__":
    main()
