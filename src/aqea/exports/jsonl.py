"""The JSONL export format (docs/export.md): a header line, one line per entry, a closing line.

Version 1 of the schema. A change that a reader of version 1 could misread (a field removed, renamed or given
another meaning) raises ``SCHEMA_VERSION``; added fields do not (a link's ``statements`` and the closing line's
``statements`` count were added within version 1: a file without them states no link sources).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aqea.store.export_rows import ExportedEntry

FORMAT = "aqea-export"
SCHEMA_VERSION = 1
# The parts of an entry's meta a reader looks for first (as kaikki.org's entries have them): lifted to the top of
# the entry line; ``meta`` holds the rest. An import puts them back, so meta round-trips exactly.
LIFTED = ("senses", "forms", "sounds")
NOTICE = ("Each entry, link and view names the edition it comes from; its licence and attribution are given with "
          "the entry and in this header's `licences`. Wiktionary text is CC BY-SA (3.0 / 4.0) and GFDL: reuse "
          "must credit the Wiktionary contributors and share alike.")

_LINK_FIELDS = ("kind", "sense", "target_language", "target_lemma", "target_address", "target_pos",
                "target_homograph", "note", "source")
STATEMENT_FIELDS = ("source", "statement", "relation", "weight", "dataset", "licence")
_VIEW_FIELDS = ("source", "record_key", "record_version", "label", "description", "meta", "content_hash",
                "licence", "attribution", "created_at", "updated_at")


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def header(*, exported_at: datetime, aqea_version: str, database_schema: int, selection: dict[str, Any],
           licences: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "header", "format": FORMAT, "schema_version": SCHEMA_VERSION,
            "exported_at": exported_at.isoformat(), "aqea_version": aqea_version,
            "database_schema": database_schema, "selection": selection, "licences": licences, "notice": NOTICE}


def entry_document(entry: ExportedEntry) -> dict[str, Any]:
    """One entry line: the entry's columns, its outgoing links (resolved targets by key and address) and the
    views other sources give of it."""
    row = entry.row
    meta = dict(row["meta"])
    lifted = {key: meta.pop(key) for key in LIFTED if key in meta}
    links = []
    for link in entry.links:
        item = {key: link[key] for key in _LINK_FIELDS}
        item["statements"] = [{key: s[key] for key in STATEMENT_FIELDS} for s in link["statements"]]
        # a resolved target always has the link's language and lemma (store/relations.py); should a later
        # resolution rule differ, the target's own key is kept too, so an import links the same entry
        if link["target_pos"] is not None and (link["resolved_language"], link["resolved_lemma"]) != (
                link["target_language"], link["target_lemma"]):
            item["target_entry_language"], item["target_entry_lemma"] = (link["resolved_language"],
                                                                         link["resolved_lemma"])
        links.append(item)
    views = [{key: _time(v[key]) if key.endswith("_at") else v[key] for key in _VIEW_FIELDS} for v in entry.views]
    return {
        "type": "entry",
        "address": row["address"], "address_int": row["address_int"],
        "language": row["language"], "lemma": row["lemma"], "pos": row["pos"], "homograph": row["homograph"],
        "label": row["label"], "description": row["description"],
        **lifted,
        "domain": row["domain"], "category": row["category"], "subcategory": row["subcategory"],
        "unaddressed_reason": row["unaddressed_reason"], "deleted_at": _time(row["deleted_at"]),
        "source": row["source"], "record_key": row["record_key"], "record_version": row["record_version"],
        "licence": row["licence"], "attribution": row["attribution"],
        "content_hash": row["content_hash"], "created_at": _time(row["created_at"]),
        "updated_at": _time(row["updated_at"]),
        "meta": meta, "links": links, "views": views,
    }


def trailer(*, entries: int, links: int, views: int, statements: int, allocator: dict[str, list[Any]]
            ) -> dict[str, Any]:
    """The closing line: counts (a file cut short lacks it or disagrees with it) and the allocator's memory of
    the exported blocks and slots."""
    return {"type": "end", "entries": entries, "links": links, "views": views, "statements": statements,
            **allocator}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
