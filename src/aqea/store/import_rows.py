"""Writing an imported registry: staged in temporary tables, checked against the database, then published.

Everything runs in the caller's one transaction: a refusal (a clash, a duplicate, a broken file found late) rolls
back every row, so an import writes all of a file or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

ENTRY_COLUMNS = ("ord", "address", "address_int", "language", "lemma", "pos", "homograph", "label", "description",
                 "domain", "category", "subcategory", "meta", "content_hash", "source", "record_key",
                 "record_version", "unaddressed_reason", "created_at", "updated_at", "deleted_at")
LINK_COLUMNS = ("ord", "kind", "target_language", "target_lemma", "sense", "note", "source",
                "target_key_language", "target_key_lemma", "target_pos", "target_homograph")
STATEMENT_COLUMNS = ("ord", "kind", "target_language", "target_lemma", "source", "statement", "relation", "weight",
                     "dataset", "licence")
VIEW_COLUMNS = ("ord", "source", "record_key", "record_version", "label", "description", "meta", "content_hash",
                "created_at", "updated_at")

_STAGING = """
CREATE TEMP TABLE import_entries (
    ord bigint, address text, address_int bigint, language text, lemma text, pos text, homograph integer,
    label text, description text, domain text, category smallint, subcategory smallint, meta jsonb,
    content_hash text, source text, record_key text COLLATE "C", record_version text COLLATE "C",
    unaddressed_reason text, created_at timestamptz, updated_at timestamptz, deleted_at timestamptz
) ON COMMIT DROP;
CREATE TEMP TABLE import_links (
    ord bigint, kind text, target_language text, target_lemma text, sense text, note text, source text,
    target_key_language text, target_key_lemma text, target_pos text, target_homograph integer
) ON COMMIT DROP;
CREATE TEMP TABLE import_statements (
    ord bigint, kind text, target_language text, target_lemma text, source text, statement text COLLATE "C",
    relation text, weight real, dataset text, licence text
) ON COMMIT DROP;
CREATE TEMP TABLE import_views (
    ord bigint, source text, record_key text COLLATE "C", record_version text COLLATE "C", label text,
    description text, meta jsonb, content_hash text, created_at timestamptz, updated_at timestamptz
) ON COMMIT DROP;
"""


def _key(row: asyncpg.Record, prefix: str = "") -> str:
    return f"{row[prefix + 'language']} {row[prefix + 'pos']} {row[prefix + 'lemma']!r} #{row[prefix + 'homograph']}"


async def create_staging(conn: asyncpg.Connection) -> None:
    await conn.execute(_STAGING)


async def stage(conn: asyncpg.Connection, entries: Sequence[tuple[Any, ...]], links: Sequence[tuple[Any, ...]],
                views: Sequence[tuple[Any, ...]], statements: Sequence[tuple[Any, ...]] = ()) -> None:
    await conn.copy_records_to_table("import_entries", records=entries, columns=ENTRY_COLUMNS)
    if links:
        await conn.copy_records_to_table("import_links", records=links, columns=LINK_COLUMNS)
    if views:
        await conn.copy_records_to_table("import_views", records=views, columns=VIEW_COLUMNS)
    if statements:
        await conn.copy_records_to_table("import_statements", records=statements, columns=STATEMENT_COLUMNS)


async def find_conflict(conn: asyncpg.Connection, slots: Sequence[tuple[int, int, str]]) -> str | None:
    """Why the staged file cannot go into this database, or None: an address or an entry twice in the file, an
    address or natural key the database already holds, a shared-domain slot the database gave another language."""
    await conn.execute("ANALYZE import_entries")
    twice = await conn.fetchrow("""SELECT address, count(*) AS n FROM import_entries WHERE address_int IS NOT NULL
                                   GROUP BY 1 HAVING count(*) > 1 ORDER BY min(ord) LIMIT 1""")
    if twice:
        return f"the file gives address {twice['address']} to {twice['n']} entries"
    twice = await conn.fetchrow("""SELECT language, lemma, pos, homograph FROM import_entries
                                   GROUP BY 1, 2, 3, 4 HAVING count(*) > 1 ORDER BY min(ord) LIMIT 1""")
    if twice:
        return f"the file holds the entry {_key(twice)} twice"
    clash = await conn.fetchrow(
        """SELECT i.address, e.language, e.lemma, e.pos, e.homograph, i.language AS file_language,
                  i.lemma AS file_lemma, i.pos AS file_pos, i.homograph AS file_homograph,
                  count(*) OVER () AS clashes
           FROM import_entries i JOIN aqea_entries e ON e.address_int = i.address_int ORDER BY i.ord LIMIT 1""")
    if clash:
        same = _key(clash) == _key(clash, "file_")
        what = (f"already holds {_key(clash)} (imported before?)" if same
                else f"holds {_key(clash)}, the file {_key(clash, 'file_')}")
        return f"address {clash['address']}: the database {what}; {clash['clashes']} of the file's addresses clash"
    held = await conn.fetchrow(
        """SELECT e.language, e.lemma, e.pos, e.homograph, coalesce(e.address, 'no address') AS held_at,
                  coalesce(i.address, 'no address') AS file_at, count(*) OVER () AS clashes
           FROM import_entries i
           JOIN aqea_entries e ON (e.language, e.lemma, e.pos, e.homograph) = (i.language, i.lemma, i.pos, i.homograph)
           ORDER BY i.ord LIMIT 1""")
    if held:
        return (f"the database already has {_key(held)} (at {held['held_at']}; the file: {held['file_at']}); "
                f"{held['clashes']} of the file's entries are already there")
    if slots:
        taken = await conn.fetchrow(
            """SELECT s.domain, s.slot, s.language AS file_language, l.language
               FROM unnest($1::int[], $2::int[], $3::text[]) AS s(domain, slot, language)
               JOIN language_slots l ON (l.domain, l.slot) = (s.domain, s.slot) AND l.language <> s.language
               LIMIT 1""",
            [s[0] for s in slots], [s[1] for s in slots], [s[2] for s in slots])
        if taken:
            return (f"shared-domain slot 0x{taken['domain']:02X}/0x{taken['slot']:02X} is {taken['language']}'s in "
                    f"the database, {taken['file_language']}'s in the file")
    return None


@dataclass(frozen=True, slots=True)
class PublishCounts:
    entries: int
    links: int
    views: int
    links_without_target: int  # resolved in the export, but the target is neither in the file nor the database
    statements: int  # link_sources rows (a statement the file gives on two rows of one link is one row)


async def publish(conn: asyncpg.Connection, licences: Sequence[tuple[str, str, str, str]],
                  blocks: Sequence[tuple[int, int, int, int]], slots: Sequence[tuple[int, int, str]]) -> PublishCounts:
    """Move the staged rows into the registry's tables, in the file's order; links find their target by its
    natural key (in the file or already in the database)."""
    await conn.executemany(
        """INSERT INTO source_licences (edition, source, licence, attribution) VALUES ($1, $2, $3, $4)
           ON CONFLICT (edition) DO NOTHING""", licences)
    entries = await conn.execute(
        """INSERT INTO aqea_entries (address, address_int, language, lemma, pos, homograph, label, description,
                                     domain, category, subcategory, meta, content_hash, source, record_key,
                                     record_version, unaddressed_reason, created_at, updated_at, deleted_at)
           SELECT address, address_int, language, lemma, pos, homograph, label, description, domain, category,
                  subcategory, meta, content_hash, source, record_key, record_version, unaddressed_reason,
                  created_at, updated_at, deleted_at
           FROM import_entries ORDER BY ord""")
    await conn.execute("ANALYZE import_links; ANALYZE import_views; ANALYZE import_statements")
    views = await conn.execute(
        """INSERT INTO entry_sources (entry_id, source, record_key, record_version, label, description, meta,
                                      content_hash, created_at, updated_at)
           SELECT e.id, v.source, v.record_key, v.record_version, v.label, v.description, v.meta, v.content_hash,
                  v.created_at, v.updated_at
           FROM import_views v JOIN import_entries i USING (ord)
           JOIN aqea_entries e ON (e.language, e.lemma, e.pos, e.homograph) = (i.language, i.lemma, i.pos, i.homograph)
           ORDER BY v.ord, v.source""")
    links = await conn.execute(
        """INSERT INTO relations (from_entry, kind, target_language, target_lemma, sense, note, source, to_entry)
           SELECT e.id, l.kind, l.target_language, l.target_lemma, l.sense, l.note, l.source, t.id
           FROM import_links l JOIN import_entries i USING (ord)
           JOIN aqea_entries e ON (e.language, e.lemma, e.pos, e.homograph) = (i.language, i.lemma, i.pos, i.homograph)
           LEFT JOIN aqea_entries t ON (t.language, t.lemma, t.pos, t.homograph)
                                     = (l.target_key_language, l.target_key_lemma, l.target_pos, l.target_homograph)
           ORDER BY l.ord""")
    # every statement once: the file repeats a link's statements on each of its rows (one per sense)
    statements = await conn.execute(
        """INSERT INTO link_sources (from_entry, kind, target_language, target_lemma, source, statement, relation,
                                     weight, dataset, licence)
           SELECT DISTINCT ON (e.id, s.kind, s.target_language, s.target_lemma, s.source, s.statement)
                  e.id, s.kind, s.target_language, s.target_lemma, s.source, s.statement, s.relation, s.weight,
                  s.dataset, s.licence
           FROM import_statements s JOIN import_entries i USING (ord)
           JOIN aqea_entries e ON (e.language, e.lemma, e.pos, e.homograph) = (i.language, i.lemma, i.pos, i.homograph)
           ORDER BY e.id, s.kind, s.target_language, s.target_lemma, s.source, s.statement""")
    missing = await conn.fetchval(
        """SELECT count(*) FROM import_links l WHERE l.target_pos IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM aqea_entries t WHERE (t.language, t.lemma, t.pos, t.homograph)
                   = (l.target_key_language, l.target_key_lemma, l.target_pos, l.target_homograph))""")
    # the allocator's memory: the exported registry's highest element per block (never hand those out again),
    # at least the highest imported address, and the languages' shared-domain slots in their order
    await conn.execute(
        """INSERT INTO address_blocks (domain, category, subcategory, last_element)
           SELECT domain, category, subcategory, max(last_element) FROM (
               SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
                   AS b(domain, category, subcategory, last_element)
               UNION ALL
               SELECT (address_int >> 24) & 255, (address_int >> 16) & 255, (address_int >> 8) & 255,
                      address_int & 255
               FROM import_entries WHERE address_int IS NOT NULL) AS known
           GROUP BY 1, 2, 3
           ON CONFLICT (domain, category, subcategory)
           DO UPDATE SET last_element = greatest(address_blocks.last_element, excluded.last_element)""",
        [b[0] for b in blocks], [b[1] for b in blocks], [b[2] for b in blocks], [b[3] for b in blocks])
    await conn.executemany(
        "INSERT INTO language_slots (domain, slot, language) VALUES ($1, $2, $3) ON CONFLICT (domain, slot) DO NOTHING",
        slots)
    return PublishCounts(int(entries.split()[-1]), int(links.split()[-1]), int(views.split()[-1]), int(missing),
                         int(statements.split()[-1]))
