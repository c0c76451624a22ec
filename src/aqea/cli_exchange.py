"""`aqea export` and `aqea import`: the registry as a file in the field's formats, and back (docs/export.md).

Hooked into the main CLI by ``register(app)`` (src/aqea/cli.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from aqea.cli_options import DatabaseOption, DataDirOption


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_file)


def export(
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="File to write (a name ending in .gz is gzipped). "
                                             "Written to OUT.partial and renamed when complete.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl: every entry with its links, views, licence "
                                     "(complete; `aqea import` reads it back). csv: one row per entry. ttl: "
                                     "OntoLex-Lemon Turtle (DBnary's model).")] = "jsonl",
    language: Annotated[str | None, typer.Option(help="Only entries of this language, e.g. de.")] = None,
    source: Annotated[str | None, typer.Option(help="Only entries written by this edition (e.g. dewiktionary) or "
                                               "registered source (e.g. wiktionary-dump).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export the registry's entries, streamed with flat memory; licence and attribution in every format."""
    from aqea.cli import _dsn, _run, _settings, out
    from aqea.errors import ConfigError
    from aqea.exports import FORMATS, export_database
    from aqea.store.db import open_migrated
    from aqea.store.export_rows import ExportFilter

    async def run():  # -> ExportReport
        if fmt not in FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
        if not out_path.parent.is_dir():
            raise ConfigError(f"cannot write {out_path}: {out_path.parent} is not a directory")
        conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
        try:
            return await export_database(conn, out_path, fmt, ExportFilter(language, source))  # type: ignore[arg-type]
        finally:
            await conn.close()

    report = _run(lambda: asyncio.run(run()))
    summary = {"path": str(report.path), "format": report.format, "entries": report.entries,
               "links": report.links, "views": report.views, "statements": report.statements, "bytes": report.bytes}
    if as_json:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        out.print(f"exported {report.entries:,} entries ({report.links:,} links, {report.views:,} views of other "
                  f"sources) to {report.path} ({report.bytes / 1e6:.1f} MB, {report.format})")


def import_file(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A JSONL export of `aqea export` (.gz too).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    database_url: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Import a JSONL export: its entries, addresses, links and views, all or nothing. A malformed, truncated or
    foreign file, or one whose addresses or entries the database already holds, is refused and writes nothing."""
    from aqea.cli import _dsn, _run, _settings, out
    from aqea.errors import ConfigError
    from aqea.exports.importer import import_export
    from aqea.store.db import open_migrated

    async def run():  # -> ImportReport
        if not path.is_file():
            raise ConfigError(f"no such file: {path}")
        conn = await open_migrated(_dsn(_settings(database_url, data_dir)))
        try:
            return await import_export(conn, path)
        finally:
            await conn.close()

    report = _run(lambda: asyncio.run(run()))
    summary = {"path": str(report.path), "entries": report.entries, "links": report.links, "views": report.views,
               "statements": report.statements, "links_without_target": report.links_without_target}
    if as_json:
        sys.stdout.write(json.dumps(summary) + "\n")
        return
    out.print(f"imported {report.entries:,} entries, {report.links:,} links and {report.views:,} views of other "
              f"sources from {report.path}")
    if report.links_without_target:
        out.print(f"{report.links_without_target:,} links name a target that is neither in the file nor in the "
                  "database: kept unresolved (the next extraction's link resolution picks them up)")
