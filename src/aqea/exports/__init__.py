"""Exports of the registry (JSONL, CSV, OntoLex-Lemon Turtle) and the JSONL re-import: docs/export.md."""

from __future__ import annotations

import csv
import gzip
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Literal

import asyncpg

from aqea.errors import AqeaError
from aqea.exports import csv_rows, jsonl, turtle
from aqea.store.export_rows import ExportFilter, allocator_state, iter_entries, licences, schema_version

ExportFormat = Literal["jsonl", "csv", "ttl"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "ttl")


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Path
    format: str
    entries: int
    links: int
    views: int
    bytes: int
    statements: int = 0  # link statements (link_sources) carried by the links


def open_text(path: Path, mode: Literal["r", "w"], *, name: Path | None = None) -> IO[str]:
    """A UTF-8 text file; gzip-compressed when its name (``name``, else ``path``) ends in .gz."""
    if (name or path).suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8", newline="")  # type: ignore[arg-type]
    return open(path, mode, encoding="utf-8", newline="")


async def export_database(conn: asyncpg.Connection, out: Path, fmt: ExportFormat,
                          selection: ExportFilter | None = None, batch: int = 2000) -> ExportReport:
    """Write the selected entries to ``out`` in ``fmt``. Written to ``out.partial`` and renamed when complete:
    a failed export never leaves a file that looks whole."""
    if fmt not in FORMATS:
        raise AqeaError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    selection = selection or ExportFilter()
    partial = out.with_name(out.name + ".partial")
    entries = links = views = statements = 0
    blocks: set[tuple[int, int, int]] = set()
    languages: set[str] = set()
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):  # one snapshot for every batch
            used_licences = await licences(conn)
            with open_text(partial, "w", name=out) as fh:
                writer = csv.writer(fh) if fmt == "csv" else None
                if fmt == "jsonl":
                    fh.write(jsonl.dumps(jsonl.header(
                        exported_at=datetime.now(UTC), aqea_version=version("aqea-extractor"),
                        database_schema=await schema_version(conn),
                        selection={"language": selection.language, "source": selection.source},
                        licences=used_licences)))
                elif writer is not None:
                    writer.writerow(csv_rows.COLUMNS)
                else:
                    fh.write(turtle.licence_block(used_licences))
                async for chunk in iter_entries(conn, selection, batch):
                    for entry in chunk:
                        if fmt == "jsonl":
                            fh.write(jsonl.dumps(jsonl.entry_document(entry)))
                        elif writer is not None:
                            writer.writerow(csv_rows.csv_row(entry))
                        else:
                            fh.write(turtle.entry_turtle(entry))
                        entries += 1
                        links += len(entry.links)
                        views += len(entry.views)
                        statements += sum(len(link["statements"]) for link in entry.links)
                        if entry.row["address_int"] is not None:
                            blocks.add(tuple(entry.row["address_int"].to_bytes(4, "big")[:3]))  # type: ignore[arg-type]
                        languages.add(entry.row["language"])
                if fmt == "jsonl":
                    fh.write(jsonl.dumps(jsonl.trailer(entries=entries, links=links, views=views,
                                                       statements=statements,
                                                       allocator=await allocator_state(conn, blocks, languages))))
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return ExportReport(out, fmt, entries, links, views, out.stat().st_size, statements)
