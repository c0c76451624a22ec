"""The JSON documents of entries, look-ups, links and concepts: the CLI's ``--json`` and the HTTP API give
these same shapes (one builder each), written by the one encoder below."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

import asyncpg

from aqea.address import Address
from aqea.errors import AqeaError
from aqea.store.queries import ENTRY_COLUMNS, concept_by_ili, entries_by_lemma, entry_by_address
from aqea.store.relations import concepts_of, links_of, links_page, views_of, words_naming


class BadCursor(AqeaError):
    """A links cursor that this API did not hand out (or for the other direction)."""


def json_default(value: Any) -> Any:
    """Timestamps as ISO 8601 (``2025-05-01T12:00:00.123456+00:00``); anything else JSON lacks as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def to_json(payload: Any, *, indent: int | None = 2) -> str:
    """A document as the CLI prints it (``indent=2``) and the API sends it (``indent=None``, compact)."""
    separators = None if indent else (",", ":")
    return json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators, default=json_default)


async def entry_document(conn: asyncpg.Connection, address: Address) -> dict[str, Any] | None:
    """The entry at an address with what other sources say of it (``other_editions``) and the concepts its
    senses name (``concepts``, each with the words of other languages naming it); links come page by page
    (:func:`links_document`). None: no entry there. `aqea address --json`, `GET /v1/entries/{address}`."""
    row = await conn.fetchrow(_ENTRY_WITH_FLAGS, int(address))
    if row is None:
        return None
    entry = {k: v for k, v in dict(row).items() if k not in ("has_views", "has_concepts")}
    entry["deleted"] = entry["deleted_at"] is not None
    # most entries have neither: one round trip then, not three (the API's look-ups per second)
    entry["other_editions"] = await views_of(conn, entry["id"]) if row["has_views"] else []
    entry["concepts"] = await concepts_of(conn, entry["id"]) if row["has_concepts"] else []
    return entry


# the entry (as entry_by_address reads it) and whether other sources' views and concept links exist
_ENTRY_WITH_FLAGS = f"""
SELECT {ENTRY_COLUMNS},
       EXISTS (SELECT 1 FROM entry_sources v WHERE v.entry_id = aqea_entries.id) AS has_views,
       EXISTS (SELECT 1 FROM relations r WHERE r.from_entry = aqea_entries.id AND r.kind = 'concept') AS has_concepts
FROM aqea_entries WHERE address_int = $1
"""


async def lookup_documents(
    conn: asyncpg.Connection, lemma: str, language: str | None = None, pos: str | None = None, *,
    links: bool = False, kind: str | None = None, target_language: str | None = None,
) -> list[dict[str, Any]]:
    """Every entry of a word; with ``links`` (or a link filter) each also carries all its ``links`` (outgoing and
    incoming), ``other_editions`` and ``concepts``. `aqea lookup --json`, `GET /v1/lookup`."""
    entries = await entries_by_lemma(conn, lemma, language, pos)
    if links or kind or target_language:
        for entry in entries:
            entry["links"] = await links_of(conn, entry["id"], kind=kind, target_language=target_language)
            await _add_views(conn, entry)
    return entries


async def _add_views(conn: asyncpg.Connection, entry: dict[str, Any]) -> None:
    entry["other_editions"] = await views_of(conn, entry["id"])
    entry["concepts"] = await concepts_of(conn, entry["id"])


def encode_cursor(direction: str, after: int) -> str:
    """An opaque cursor: the direction and the last relation id of a page."""
    return base64.urlsafe_b64encode(f"{direction}:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, direction: str) -> int:
    try:
        named, _, after = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        value = int(after)
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise BadCursor(f"not a links cursor: {cursor!r} (pass back next_cursor as it was given)") from None
    if named != direction or value < 0:
        raise BadCursor(f"cursor {cursor!r} is not one of the {direction} links (pass back next_cursor as given)")
    return value


async def links_document(
    conn: asyncpg.Connection, entry: dict[str, Any], *, direction: str = "outgoing", kind: str | None = None,
    target_language: str | None = None, limit: int = 100, cursor: str | None = None,
) -> dict[str, Any]:
    """One page of an entry's outgoing or incoming links, each as in `aqea lookup --links --json`, and the
    cursor of the next page (None on the last). `GET /v1/entries/{address}/links`."""
    after = decode_cursor(cursor, direction) if cursor else 0
    links, next_after = await links_page(conn, entry["id"], incoming=direction == "incoming", kind=kind,
                                         target_language=target_language, after=after, limit=limit)
    return {"address": entry["address"], "direction": direction, "kind": kind, "target_language": target_language,
            "links": links, "next_cursor": encode_cursor(direction, next_after) if next_after is not None else None}


async def concept_document(conn: asyncpg.Connection, ili_or_address: str) -> dict[str, Any] | None:
    """A concept (an ``ili`` entry) by its interlingual-index id (``i115069``) or its address, as its entry
    document with ``words``: the words of every language whose senses name it, and which sources say so. None:
    no such concept. Raises AddressError for a key that is neither. `GET /v1/concepts/{ili-or-address}`."""
    from aqea.taxonomy.registry import CONCEPT_LANGUAGE

    key = ili_or_address.strip()
    if key[:1] == "i" and key[1:].isdigit():
        concept = await concept_by_ili(conn, key)
    else:
        concept = await entry_by_address(conn, int(Address.parse_any(key)))
    if concept is None or concept["language"] != CONCEPT_LANGUAGE:
        return None
    await _add_views(conn, concept)
    concept["words"] = (await words_naming(conn, [concept["id"]])).get(concept["id"], [])
    return concept
