"""`aqea export` on a real registry (the German and English samples): JSONL, CSV and OntoLex-Lemon Turtle."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from aqea.cli import app
from tests.db import fetch
from tests.export_data import sample_registry

runner = CliRunner()


@pytest.fixture(scope="module")
def registry(pg_uri: str) -> str:
    return sample_registry(pg_uri)


def export(dsn: str, out: Path, *args: str) -> dict:
    result = runner.invoke(app, ["export", str(out), "--database-url", dsn, "--json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def boot_and_boat(dsn: str) -> tuple[str, str]:
    """The German noun Boot and the address of the English entry its translation 'boat' resolved to."""
    row = fetch(dsn, """SELECT e.address, t.address AS boat FROM aqea_entries e
                        JOIN relations r ON r.from_entry = e.id AND r.kind = 'translation' AND r.target_lemma = 'boat'
                        JOIN aqea_entries t ON t.id = r.to_entry
                        WHERE e.language = 'de' AND e.lemma = 'Boot' AND e.pos = 'noun'""")[0]
    return row["address"], row["boat"]


def test_jsonl_has_a_versioned_header_every_entry_with_licence_and_a_closing_count(registry: str,
                                                                                   tmp_path: Path) -> None:
    summary = export(registry, tmp_path / "all.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    header, entries, end = lines[0], lines[1:-1], lines[-1]
    assert (header["type"], header["format"], header["schema_version"]) == ("header", "aqea-export", 1)
    assert {lic["edition"] for lic in header["licences"]} == {"dewiktionary", "enwiktionary"}
    assert "CC BY-SA" in header["notice"]
    total = fetch(registry, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]
    links = fetch(registry, "SELECT count(*) AS n FROM relations")[0]["n"]
    assert len(entries) == total == summary["entries"] == end["entries"] and end["links"] == links
    assert all(e["licence"].startswith("CC BY-SA") and e["attribution"] for e in entries)
    boot_address, boat_address = boot_and_boat(registry)
    boot = next(e for e in entries if e["address"] == boot_address)
    assert (boot["language"], boot["lemma"], boot["pos"]) == ("de", "Boot", "noun")
    assert boot["senses"][0]["gloss"] and boot["forms"]  # lifted out of meta, as kaikki.org's entries have them
    assert "senses" not in boot["meta"]
    boat = [link for link in boot["links"] if link["target_lemma"] == "boat"]
    assert boat and boat[0]["target_address"] == boat_address and boat[0]["kind"] == "translation"
    assert any(e["views"] for e in entries)  # the English edition's views of German words
    assert not list(tmp_path.glob("*.partial"))


def test_language_and_source_select_entries(registry: str, tmp_path: Path) -> None:
    german = export(registry, tmp_path / "de.jsonl", "--language", "de")
    assert german["entries"] == fetch(registry, "SELECT count(*) AS n FROM aqea_entries WHERE language = 'de'")[0]["n"]
    english_edition = export(registry, tmp_path / "en.jsonl", "--source", "enwiktionary")
    lines = (tmp_path / "en.jsonl").read_text(encoding="utf-8").splitlines()[1:-1]
    assert english_edition["entries"] == len(lines) > 0
    assert {json.loads(line)["source"] for line in lines} == {"enwiktionary"}
    registered = export(registry, tmp_path / "dump.jsonl", "--source", "wiktionary-dump")
    assert registered["entries"] == fetch(registry, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]


def test_csv_is_one_row_per_entry_with_its_licence(registry: str, tmp_path: Path) -> None:
    export(registry, tmp_path / "all.csv.gz", "--format", "csv")
    import gzip

    with gzip.open(tmp_path / "all.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == fetch(registry, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]
    assert all(r["licence"].startswith("CC BY-SA") and r["attribution"] for r in rows)
    boot_address, boat_address = boot_and_boat(registry)
    boot = next(r for r in rows if r["address"] == boot_address)
    assert f"en:boat@{boat_address}" in boot["translations"].split("; ")


def test_turtle_loads_into_a_sparql_store_that_finds_a_translation(registry: str, tmp_path: Path) -> None:
    export(registry, tmp_path / "all.ttl", "--format", "ttl")
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "all.ttl"), format=ox.RdfFormat.TURTLE)  # a syntax error raises
    found = list(store.query("""
        PREFIX ontolex: <http://www.w3.org/ns/lemon/ontolex#>
        PREFIX vartrans: <http://www.w3.org/ns/lemon/vartrans#>
        PREFIX lexinfo: <http://www.lexinfo.net/ontology/3.0/lexinfo#>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX cc: <http://creativecommons.org/ns#>
        SELECT ?entry ?target ?written ?licence ?credit WHERE {
            ?entry a ontolex:LexicalEntry ; lexinfo:partOfSpeech lexinfo:noun ;
                   ontolex:canonicalForm/ontolex:writtenRep "Boot"@de ; ontolex:sense ?sense ;
                   dct:license ?licence ; cc:attributionName ?credit .
            ?sense a ontolex:LexicalSense .
            ?translation a vartrans:Translation ; vartrans:source ?sense ; vartrans:target ?target .
            ?target ontolex:canonicalForm/ontolex:writtenRep ?written .
            FILTER (lang(?written) = "en")
        }"""))
    boot_address, boat_address = boot_and_boat(registry)
    assert {(s["entry"].value, s["target"].value, s["written"].value) for s in found} >= {
        (f"urn:aqea:{boot_address}", f"urn:aqea:{boat_address}", "boat")}
    assert all(s["licence"].value.startswith("CC BY-SA") and "wiktionary" in s["credit"].value for s in found)
