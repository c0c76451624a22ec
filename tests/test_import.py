"""`aqea import` of a JSONL export: the round trip on a real registry, and every refusal writes nothing."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aqea.cli import app
from aqea.convert import to_entry
from aqea.model import Lexeme, Sense
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.upsert import upsert_entries
from tests.db import fetch
from tests.export_data import create_database, sample_registry

runner = CliRunner()

ENTRIES = """SELECT address, address_int, language, lemma, pos, homograph, label, description, domain, category,
                    subcategory, meta, content_hash, source, record_key, record_version, unaddressed_reason,
                    created_at, updated_at, deleted_at
             FROM aqea_entries ORDER BY language, lemma, pos, homograph"""
LINKS = """SELECT f.language, f.lemma, f.pos, f.homograph, r.kind, r.target_language, r.target_lemma, r.sense, r.note,
                  r.source, t.language AS to_language, t.lemma AS to_lemma, t.pos AS to_pos,
                  t.homograph AS to_homograph, t.address AS to_address
           FROM relations r JOIN aqea_entries f ON f.id = r.from_entry LEFT JOIN aqea_entries t ON t.id = r.to_entry
           ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14"""
VIEWS = """SELECT e.language, e.lemma, e.pos, e.homograph, v.source, v.record_key, v.record_version, v.label,
                  v.description, v.meta, v.content_hash, v.created_at, v.updated_at
           FROM entry_sources v JOIN aqea_entries e ON e.id = v.entry_id ORDER BY 1, 2, 3, 4, 5"""
ALLOCATOR = ["SELECT * FROM address_blocks ORDER BY 1, 2, 3",
             "SELECT domain, slot, language FROM language_slots ORDER BY assigned_order",
             "SELECT edition, source, licence, attribution FROM source_licences ORDER BY edition"]


@pytest.fixture(scope="module")
def registry(pg_uri: str) -> str:
    return sample_registry(pg_uri)


@pytest.fixture(scope="module")
def exported(registry: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "registry.jsonl"
    result = runner.invoke(app, ["export", str(path), "--database-url", registry], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def empty(pg_uri: str) -> str:
    return asyncio.run(create_database(pg_uri))


def run_import(dsn: str, path: Path) -> Any:
    return runner.invoke(app, ["import", str(path), "--database-url", dsn], catch_exceptions=False)


def refused(dsn: str, path: Path) -> str:
    """The one error line of a refused import."""
    result = run_import(dsn, path)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def counts(dsn: str) -> tuple[int, ...]:
    row = fetch(dsn, """SELECT (SELECT count(*) FROM aqea_entries) AS e, (SELECT count(*) FROM relations) AS r,
                               (SELECT count(*) FROM entry_sources) AS v, (SELECT count(*) FROM address_blocks) AS b,
                               (SELECT count(*) FROM language_slots) AS s, (SELECT count(*) FROM source_licences) AS l
                        """)[0]
    return tuple(row.values())


def test_round_trip_gives_the_same_entries_links_views_and_addresses(registry: str, exported: Path,
                                                                     empty: str) -> None:
    result = run_import(empty, exported)
    assert result.exit_code == 0, result.output
    assert "imported" in result.output
    entries = fetch(registry, ENTRIES)
    assert len(entries) > 6000 and sum(1 for e in entries if e["address"]) > 3000
    assert fetch(empty, ENTRIES) == entries
    links = fetch(registry, LINKS)
    assert sum(1 for link in links if link["to_address"]) > 1000
    assert fetch(empty, LINKS) == links
    views = fetch(registry, VIEWS)
    assert views and fetch(empty, VIEWS) == views
    for sql in ALLOCATOR:
        assert fetch(empty, sql) == fetch(registry, sql), sql


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_malformed_line_is_refused_and_nothing_is_written(exported: Path, empty: str, tmp_path: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = write_lines(tmp_path / "broken.jsonl", [*lines[:3000], lines[3000][:-40] + "\n", *lines[3001:]])
    assert "line 3001: not valid JSON" in refused(empty, broken)
    assert counts(empty) == (0, 0, 0, 0, 0, 0)
    entry = json.loads(lines[5000])
    entry["lemma"] = 42
    wrong = write_lines(tmp_path / "wrong.jsonl", [*lines[:5000], json.dumps(entry) + "\n", *lines[5001:]])
    assert "line 5001: field 'lemma' is int, expected str" in refused(empty, wrong)
    assert counts(empty) == (0, 0, 0, 0, 0, 0)


def test_a_truncated_file_is_refused_and_nothing_is_written(exported: Path, empty: str, tmp_path: Path) -> None:
    data = exported.read_bytes()
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(data[: len(data) // 2])  # mid-line
    assert "is truncated" in refused(empty, cut)
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    no_end = write_lines(tmp_path / "no-end.jsonl", lines[:-1])  # cut at a line boundary: no closing line
    assert "is truncated: it ends after" in refused(empty, no_end)
    fewer = write_lines(tmp_path / "fewer.jsonl", [*lines[:100], lines[-1]])  # the closing line says more
    assert "is incomplete: 99 entries read" in refused(empty, fewer)
    gz = tmp_path / "cut.jsonl.gz"
    gz.write_bytes(gzip.compress(data)[:200_000])
    assert "is truncated" in refused(empty, gz)
    assert counts(empty) == (0, 0, 0, 0, 0, 0)


def test_a_foreign_file_is_refused(empty: str, tmp_path: Path) -> None:
    kaikki = write_lines(tmp_path / "kaikki.jsonl", ['{"word": "Haus", "lang_code": "de", "pos": "noun"}\n'])
    assert "is not an AQEA export" in refused(empty, kaikki)
    table = write_lines(tmp_path / "table.csv", ["address,lemma\n", "0x20:01:00:01,Haus\n"])
    assert "is not an AQEA export" in refused(empty, table)
    future = write_lines(tmp_path / "future.jsonl", [json.dumps(
        {"type": "header", "format": "aqea-export", "schema_version": 99, "licences": []}) + "\n"])
    assert "schema version 99" in refused(empty, future)
    assert counts(empty) == (0, 0, 0, 0, 0, 0)


async def _one_entry_at_the_start(dsn: str) -> str:
    conn = await connect(dsn)
    try:
        await migrate(conn)
        lexeme = Lexeme(language="de", lemma="Zwischenablage", pos="noun", pos_names=("Substantiv",), homograph=1,
                        source="dewiktionary", record_key="1", record_version="1", senses=(Sense("1", "x"),))
        async with conn.transaction():
            await upsert_entries(conn, [to_entry(lexeme)], source="dewiktionary")
        await allocate_pending(conn)
        return await conn.fetchval("SELECT address FROM aqea_entries")
    finally:
        await conn.close()


def test_addresses_held_by_other_entries_are_refused_and_nothing_is_written(exported: Path, empty: str) -> None:
    address = asyncio.run(_one_entry_at_the_start(empty))
    in_file = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()[1:-1]]
    assert any(e["address"] == address and e["lemma"] != "Zwischenablage" for e in in_file)  # another entry there
    before = counts(empty)
    line = refused(empty, exported)
    assert "clashes with the database" in line and f"address {address}" in line and "Zwischenablage" in line
    assert counts(empty) == before


def test_importing_the_same_export_twice_is_refused(exported: Path, empty: str) -> None:
    assert run_import(empty, exported).exit_code == 0
    before = counts(empty)
    assert "imported before?" in refused(empty, exported)
    assert counts(empty) == before
