"""Rows of a PanLex table as the published dump writes it: CSV with a header row, or JSON.

CSV (``expr.csv``, ``langvar.csv`` …): the first row names the columns; a row with another number of fields is a
:class:`Rejection` ("wrong column count") and reading goes on. JSON (``expr.json`` …): an array of objects, one
object per line (or JSON Lines), or the whole array on one line as the sample's ``langvar.json``; a line that is
not valid JSON, or not an object, is a rejection and reading goes on. Files may be ``.gz``, ``.bz2`` or ``.xz``:
one cut short raises :class:`~aqea.panlex.files.DamagedFile` after the rows before it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aqea.panlex.files import COMPRESSED, PanlexError, text_lines


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # where the row starts (1-based; CSV: the header is line 1)
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Rejection:
    file: str  # the file's name
    where: str  # "line N"
    reason: str  # short, groupable: "wrong column count", "invalid JSON", "unknown language variety" …
    detail: str = ""


def table_format(path: Path) -> str:
    name = path.name
    for suffix in COMPRESSED:
        name = name.removesuffix(suffix)
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".json", ".jsonl")):
        return "json"
    raise PanlexError(f"{path}: not a PanLex table (expected .csv or .json, optionally .gz/.bz2/.xz)")


def read_rows(path: Path, columns: Sequence[str]) -> Iterator[Row | Rejection]:
    """The rows of a table with at least ``columns`` (a header without them is a PanlexError: the table is not
    the one expected), in file order."""
    if table_format(path) == "csv":
        yield from _csv_rows(path, columns)
    else:
        yield from _json_rows(path, columns)


def _csv_rows(path: Path, columns: Sequence[str]) -> Iterator[Row | Rejection]:
    reader = csv.reader(text_lines(path))
    header = next(reader, None)
    if header is None:
        return
    missing = [c for c in columns if c not in header]
    if missing:
        raise PanlexError(f"{path}: header {','.join(header)[:200]!r} lacks the column(s) {', '.join(missing)}")
    start = reader.line_num + 1
    for fields in reader:
        line, start = start, reader.line_num + 1
        if not fields:
            continue
        if len(fields) != len(header):
            yield Rejection(path.name, f"line {line}", "wrong column count",
                            f"{len(fields)} fields, the header has {len(header)}: {','.join(fields)[:200]!r}")
            continue
        yield Row(line, dict(zip(header, fields, strict=True)))


def _json_rows(path: Path, columns: Sequence[str]) -> Iterator[Row | Rejection]:
    for number, raw in enumerate(text_lines(path), 1):
        text = raw.strip().rstrip(",")
        if text in ("", "[", "]"):
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Rejection(path.name, f"line {number}", "invalid JSON", f"{exc.msg} at column {exc.colno}: "
                            f"{text[:200]!r}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                yield Rejection(path.name, f"line {number}", "not an object", repr(item)[:200])
            elif missing := [c for c in columns if c not in item]:
                yield Rejection(path.name, f"line {number}", "missing field", f"no {', '.join(missing)}: "
                                f"{json.dumps(item, ensure_ascii=False)[:200]}")
            else:
                yield Row(number, item)


def integer(row: Row, column: str) -> int:
    """A column's value as an integer (JSON gives ints, CSV text); ValueError when it is none."""
    value = row.values[column]
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{column}={value!r} is not an integer")
    return int(value)
