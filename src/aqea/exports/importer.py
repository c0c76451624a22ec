"""``aqea import``: a JSONL export (docs/export.md) into a database, all of it or nothing.

The file is read once, line by line, into temporary tables inside one transaction; every line is checked as it
is read (JSON, the schema's fields and types, addresses), the closing line's counts are compared with what was
read, the staged rows are checked against the database (addresses and entries it already holds), and only then
are they published. Any refusal is one line and rolls everything back.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg

from aqea.address import Address
from aqea.errors import AddressError, AqeaError
from aqea.exports import jsonl, open_text
from aqea.model import RELATION_KINDS
from aqea.store import import_rows


class ImportRefused(AqeaError):
    """The file is not a whole, valid AQEA export, or it clashes with the database; nothing was written."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    entries: int
    links: int
    views: int
    links_without_target: int
    statements: int = 0  # link_sources rows written


# field → accepted types; a None among them: the field may be null
_ENTRY = {"address": (str, None), "address_int": (int, None), "language": (str,), "lemma": (str,), "pos": (str,),
          "homograph": (int,), "label": (str,), "description": (str,), "domain": (str, None),
          "category": (int, None), "subcategory": (int,), "unaddressed_reason": (str, None),
          "deleted_at": (str, None), "source": (str,), "record_key": (str, None), "record_version": (str, None),
          "content_hash": (str,), "created_at": (str,), "updated_at": (str,), "meta": (dict,), "links": (list,),
          "views": (list,)}
_LINK = {"kind": (str,), "sense": (str,), "target_language": (str,), "target_lemma": (str,),
         "target_address": (str, None), "target_pos": (str, None), "target_homograph": (int, None), "note": (str,),
         "source": (str,)}
_STATEMENT = {"source": (str,), "statement": (str,), "relation": (str,), "weight": (float, int), "dataset": (str,),
              "licence": (str,)}
_VIEW = {"source": (str,), "record_key": (str, None), "record_version": (str, None), "label": (str,),
         "description": (str,), "meta": (dict,), "content_hash": (str,), "created_at": (str,), "updated_at": (str,)}
_BATCH = 2000


def _check(doc: Any, fields: dict[str, tuple[Any, ...]], where: str) -> None:
    if not isinstance(doc, dict):
        raise ValueError(f"{where} is not a JSON object")
    for name, types in fields.items():
        if name not in doc:
            raise ValueError(f"{where} has no field {name!r}")
        value = doc[name]
        ok = (value is None and None in types) or any(
            t is not None and isinstance(value, t) and not (t is int and isinstance(value, bool)) for t in types)
        if not ok:
            raise ValueError(f"{where}: field {name!r} is {type(value).__name__}, expected "
                             + " or ".join("null" if t is None else t.__name__ for t in types))


def _time(text: str | None, where: str) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{where}: {text!r} is not an ISO 8601 time") from exc


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each line; a last line without its newline is a file cut short."""
    try:
        with open_text(path, "r") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    doc = json.loads(line)
                except ValueError as exc:
                    if number == 1:
                        raise ImportRefused(f"{path} is not an AQEA export: its first line is not JSON "
                                            "(expected the export header, docs/export.md)") from None
                    if not line.endswith("\n"):
                        raise ImportRefused(f"{path} is truncated: line {number} is cut off") from None
                    raise ImportRefused(f"{path} line {number}: not valid JSON ({exc})") from None
                yield number, doc
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as exc:
        what = "truncated" if isinstance(exc, EOFError) else "unreadable"
        raise ImportRefused(f"{path} is {what}: {exc}") from None


def _entry_rows(ord_: int, doc: dict[str, Any], where: str
                ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The staged rows of one entry line: the entry, its links, its views and its links' statements."""
    _check(doc, _ENTRY, where)
    address, address_int = doc["address"], doc["address_int"]
    if (address is None) != (address_int is None):
        raise ValueError(f"{where}: address and address_int must both be set or both be null")
    if address is not None:
        try:
            parsed = Address.parse(address)
        except AddressError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if int(parsed) != address_int:
            raise ValueError(f"{where}: address {address} and address_int {address_int} differ")
        address = str(parsed)
    meta = dict(doc["meta"])
    for key in jsonl.LIFTED:
        if key in doc:
            meta[key] = doc[key]
    entry = (ord_, address, address_int, doc["language"], doc["lemma"], doc["pos"], doc["homograph"], doc["label"],
             doc["description"], doc["domain"], doc["category"], doc["subcategory"], meta, doc["content_hash"],
             doc["source"], doc["record_key"], doc["record_version"], doc["unaddressed_reason"],
             _time(doc["created_at"], where), _time(doc["updated_at"], where), _time(doc["deleted_at"], where))
    links, statements = [], []
    for i, link in enumerate(doc["links"], 1):
        _check(link, _LINK, f"{where} link {i}")
        if link["kind"] not in RELATION_KINDS:
            raise ValueError(f"{where} link {i}: unknown kind {link['kind']!r}")
        resolved = link["target_pos"] is not None
        links.append((ord_, link["kind"], link["target_language"], link["target_lemma"], link["sense"], link["note"],
                      link["source"],
                      link.get("target_entry_language") or link["target_language"] if resolved else None,
                      link.get("target_entry_lemma") or link["target_lemma"] if resolved else None,
                      link["target_pos"], link["target_homograph"]))
        stated = link.get("statements", [])  # added within schema 1: a file without it states none
        if not isinstance(stated, list):
            raise ValueError(f"{where} link {i}: field 'statements' is {type(stated).__name__}, expected list")
        for j, statement in enumerate(stated, 1):
            _check(statement, _STATEMENT, f"{where} link {i} statement {j}")
            statements.append((ord_, link["kind"], link["target_language"], link["target_lemma"],
                               statement["source"], statement["statement"], statement["relation"],
                               float(statement["weight"]), statement["dataset"], statement["licence"]))
    views = []
    for i, view in enumerate(doc["views"], 1):
        _check(view, _VIEW, f"{where} view {i}")
        views.append((ord_, view["source"], view["record_key"], view["record_version"], view["label"],
                      view["description"], view["meta"], view["content_hash"], _time(view["created_at"], where),
                      _time(view["updated_at"], where)))
    return entry, links, views, statements


def _header(path: Path, doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    if not isinstance(doc, dict) or doc.get("type") != "header" or doc.get("format") != jsonl.FORMAT:
        raise ImportRefused(f"{path} is not an AQEA export: its first line is not an {jsonl.FORMAT} header "
                            "(docs/export.md)")
    version = doc.get("schema_version")
    if version != jsonl.SCHEMA_VERSION:
        raise ImportRefused(f"{path} is an AQEA export of schema version {version!r}; this aqea reads version "
                            f"{jsonl.SCHEMA_VERSION}")
    try:
        return [(item["edition"], item["source"], item["licence"], item["attribution"]) for item in doc["licences"]]
    except (KeyError, TypeError):
        raise ImportRefused(f"{path} line 1: the header's licences are malformed") from None


async def import_export(conn: asyncpg.Connection, path: Path) -> ImportReport:
    """Import the JSONL export at ``path``: everything or, refused with :class:`ImportRefused`, nothing."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise ImportRefused(f"{path} is empty: not an AQEA export")
    licences = _header(path, first[1])
    counts = {"entries": 0, "links": 0, "views": 0, "statements": 0}
    trailer: dict[str, Any] | None = None
    try:
        async with conn.transaction():
            await import_rows.create_staging(conn)
            batch: tuple[list[Any], list[Any], list[Any], list[Any]] = ([], [], [], [])
            for number, doc in lines:
                if trailer is not None:
                    raise ImportRefused(f"{path} line {number}: more lines after the closing line")
                kind = doc.get("type") if isinstance(doc, dict) else None
                if kind == "end":
                    trailer = doc
                    continue
                if kind != "entry":
                    raise ImportRefused(f"{path} line {number}: expected an entry line (\"type\": \"entry\")")
                try:
                    entry, links, views, statements = _entry_rows(number, doc, f"line {number}")
                except ValueError as exc:
                    raise ImportRefused(f"{path} {exc}") from None
                batch[0].append(entry)
                batch[1].extend(links)
                batch[2].extend(views)
                batch[3].extend(statements)
                counts["entries"] += 1
                counts["links"] += len(links)
                counts["views"] += len(views)
                counts["statements"] += len(statements)
                if len(batch[0]) >= _BATCH:
                    await import_rows.stage(conn, *batch)
                    batch = ([], [], [], [])
            if batch[0]:
                await import_rows.stage(conn, *batch)
            blocks, slots = _check_trailer(path, trailer, counts)
            conflict = await import_rows.find_conflict(conn, slots)
            if conflict:
                raise ImportRefused(f"{path} clashes with the database: {conflict}; nothing was imported")
            published = await import_rows.publish(conn, licences, blocks, slots)
    except asyncpg.PostgresError as exc:
        raise ImportRefused(f"{path}: the database refused the import ({exc}); nothing was imported") from None
    return ImportReport(path, published.entries, published.links, published.views, published.links_without_target,
                        published.statements)


def _check_trailer(path: Path, trailer: dict[str, Any] | None, counts: dict[str, int]
                   ) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, str]]]:
    if trailer is None:
        raise ImportRefused(f"{path} is truncated: it ends after {counts['entries']} entries without the closing "
                            "line an export ends with")
    for name, read in counts.items():
        # an export written before links carried statements (schema 1 all the same) has no count of them
        if trailer.get(name, 0 if name == "statements" else None) != read:
            raise ImportRefused(f"{path} is incomplete: {read} {name} read, its closing line says "
                                f"{trailer.get(name)!r}")
    try:
        blocks = [(int(a), int(q), int(e), int(last)) for a, q, e, last in trailer["address_blocks"]]
        slots = [(int(d), int(s), str(lang)) for d, s, lang in trailer["language_slots"]]
    except (KeyError, TypeError, ValueError):
        raise ImportRefused(f"{path}: the closing line's address_blocks or language_slots are malformed") from None
    return blocks, slots
