"""Each link shows who states it: the statements of link_sources (ConceptNet's weight, dataset and licence per edge,
docs/conceptnet.md) in `aqea lookup --links --json`, the HTTP API's links pages and the JSONL export, and an import
of that export restores them. On the real ConceptNet rows of tests/data/conceptnet, stored on a real PostgreSQL
over the English Wiktionary's noun "test"."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aqea.cli import app
from aqea.convert import to_entry
from aqea.model import Lexeme
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.relations import resolve_relations
from aqea.store.upsert import upsert_entries
from tests.db import fetch
from tests.export_data import create_database
from tests.test_conceptnet import ASSERTIONS, _run_file
from tests.test_import import ENTRIES, LINKS

runner = CliRunner()

# every statement, its link named by the words' natural keys (entry ids differ between databases)
STATEMENTS = """SELECT f.language, f.lemma, f.pos, f.homograph, s.kind, s.target_language, s.target_lemma, s.source,
                       s.statement, s.relation, s.weight, s.dataset, s.licence
                FROM link_sources s JOIN aqea_entries f ON f.id = s.from_entry
                ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
# the statements of a link of an English noun, as the documents give them
OF_LINK = """SELECT s.source, s.statement, s.relation, s.weight::numeric::float8 AS weight, s.dataset, s.licence
             FROM link_sources s JOIN aqea_entries f ON f.id = s.from_entry
             WHERE (f.language, f.lemma, f.pos) = ('en', $1, 'noun') AND s.kind = $2 AND s.target_language = $3
               AND s.target_lemma = $4
             ORDER BY s.source, s.statement"""


async def _store(dsn: str) -> None:
    conn = await connect(dsn)
    try:
        await migrate(conn)
        # the English Wiktionary's noun "test", sense 1 a synonym of "examination", which ConceptNet restates twice
        wikt = to_entry(Lexeme("en", "test", "noun", ("Noun",), 1, "enwiktionary", "1", "100",
                               relations=(("synonym", "examination", "en", "1", ""),)))
        async with conn.transaction():
            await upsert_entries(conn, [wikt], source="enwiktionary")
    finally:
        await conn.close()
    totals, failed = await _run_file(dsn, ASSERTIONS, "cn")
    assert not failed and totals["pages"] == 764
    conn = await connect(dsn)
    try:
        await resolve_relations(conn)
        await allocate_pending(conn)
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def stated(pg_uri: str) -> str:
    """A database holding the ConceptNet sample over Wiktionary's "test" (only read by the tests)."""
    dsn = asyncio.run(create_database(pg_uri))
    asyncio.run(_store(dsn))
    return dsn


def _lookup(dsn: str, lemma: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["lookup", lemma, "--language", "en", "--links", "--json", "--database-url", dsn],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lookup_shows_each_links_statements(stated: str) -> None:
    (test,) = [e for e in _lookup(stated, "test") if e["pos"] == "noun"]
    links = test["links"]["outgoing"]
    (synonym,) = [x for x in links if (x["kind"], x["target_lemma"]) == ("synonym", "examination")]
    # the Wiktionary link keeps its keys (source, sense …) and shows ConceptNet's two statements of it
    assert (synonym["source"], synonym["sense"]) == ("enwiktionary", "1")
    assert synonym["statements"] == fetch(stated, OF_LINK, "test", "synonym", "en", "examination")
    assert [(s["statement"], s["relation"], s["dataset"], s["licence"]) for s in synonym["statements"]] == [
        ("/a/[/r/Synonym/,/c/en/test/n/,/c/en/examination/]", "/r/Synonym", "/d/wiktionary/fr", "cc:by-sa/4.0"),
        ("/a/[/r/Synonym/,/c/en/test/n/wikt/en_1/,/c/en/examination/]", "/r/Synonym", "/d/wiktionary/en",
         "cc:by-sa/4.0")]
    assert all(isinstance(s["weight"], float) and s["weight"] > 0 for s in synonym["statements"])
    # every link ConceptNet wrote is stated by it; every link shows its own statements, and only those
    for link in links:
        expected = fetch(stated, OF_LINK, "test", link["kind"], link["target_language"], link["target_lemma"])
        assert link["statements"] == expected
        if link["source"] == "conceptnet":
            assert expected and all(s["source"] == "conceptnet" for s in expected)
    assert sum(len(x["statements"]) for x in links) > 10


def test_incoming_links_show_their_statements_too(stated: str) -> None:
    (examination,) = [e for e in _lookup(stated, "examination")]
    incoming = [x for x in examination["links"]["incoming"] if (x["from_lemma"], x["kind"]) == ("test", "synonym")]
    assert incoming and len({x["from_pos"] for x in incoming}) == 1
    assert incoming[0]["statements"] == fetch(stated, OF_LINK, "test", "synonym", "en", "examination")
    assert "target_lemma" not in incoming[0] and "from_entry" not in incoming[0]  # the incoming shape as before


@pytest.fixture(scope="module")
def api(stated: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import httpx

    from tests.test_http_api import Server

    server = Server(stated, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


def test_the_api_links_pages_carry_the_statements(stated: str, api: Any) -> None:
    (test,) = [e for e in _lookup(stated, "test") if e["pos"] == "noun"]
    assert test["address"]
    pages, url = [], f"/v1/entries/{test['address']}/links?limit=5"
    while url:
        page = api.get(url)
        assert page.status_code == 200, page.text
        pages.append(page.json())
        url = pages[-1]["next"]
    got = [link for p in pages for link in p["links"]]
    key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731 (the same links as lookup's, in page order)
    assert sorted(map(key, got)) == sorted(map(key, test["links"]["outgoing"]))
    assert sum(len(x["statements"]) for x in got) > 10
    incoming = api.get(f"/v1/entries/{test['address']}/links", params={"direction": "incoming", "limit": 100})
    assert incoming.status_code == 200
    assert sorted(map(key, incoming.json()["links"])) == sorted(map(key, test["links"]["incoming"]))


def test_export_then_import_gives_the_same_statements(stated: str, pg_uri: str, tmp_path: Path) -> None:
    path = tmp_path / "stated.jsonl"
    result = runner.invoke(app, ["export", str(path), "--json", "--database-url", stated], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["schema_version"] == 1
    carried = sum(len(link["statements"]) for doc in lines[1:-1] for link in doc["links"])
    assert carried == lines[-1]["statements"] == json.loads(result.stdout)["statements"]
    statements = fetch(stated, STATEMENTS)
    assert carried >= len(statements) > 600

    empty = asyncio.run(create_database(pg_uri))
    result = runner.invoke(app, ["import", str(path), "--json", "--database-url", empty], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["statements"] == len(statements)
    assert fetch(empty, STATEMENTS) == statements
    assert fetch(empty, LINKS) == fetch(stated, LINKS)
    assert fetch(empty, ENTRIES) == fetch(stated, ENTRIES)


def test_an_export_without_statements_still_imports(stated: str, pg_uri: str, tmp_path: Path) -> None:
    """Statements were added within schema 1: a file written before them (no `statements` anywhere) imports."""
    path = tmp_path / "stated.jsonl"
    result = runner.invoke(app, ["export", str(path), "--database-url", stated], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for doc in lines[1:-1]:
        for link in doc["links"]:
            del link["statements"]
    del lines[-1]["statements"]
    older = tmp_path / "older.jsonl"
    older.write_text("".join(json.dumps(doc) + "\n" for doc in lines), encoding="utf-8")
    empty = asyncio.run(create_database(pg_uri))
    result = runner.invoke(app, ["import", str(older), "--database-url", empty], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert fetch(empty, LINKS) == fetch(stated, LINKS)
    assert fetch(empty, "SELECT count(*) AS n FROM link_sources") == [{"n": 0}]


def test_turtle_carries_each_statement_with_its_licence_and_weight(stated: str, tmp_path: Path) -> None:
    import pyoxigraph as ox

    path = tmp_path / "stated.ttl"
    result = runner.invoke(app, ["export", str(path), "--format", "ttl", "--database-url", stated],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)  # a syntax error raises
    prefixes = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX vartrans: <http://www.w3.org/ns/lemon/vartrans#>
        PREFIX ontolex: <http://www.w3.org/ns/lemon/ontolex#>
        PREFIX aqea: <urn:aqea:vocab:>
        """
    # Wiktionary's synonym test → examination, reified, with ConceptNet's two statements of it
    found = store.query(prefixes + """
        SELECT ?id ?licence ?dataset ?weight WHERE {
            ?link a rdf:Statement ; rdf:predicate aqea:synonym ; rdf:subject ?test ; rdf:object ?examination ;
                  dct:source <urn:aqea:source:enwiktionary> ;
                  prov:wasDerivedFrom [ dct:identifier ?id ; dct:license ?licence ; aqea:dataset ?dataset ;
                                        aqea:weight ?weight ; dct:source <urn:aqea:source:conceptnet> ] .
            ?test ontolex:canonicalForm/ontolex:writtenRep "test"@en ; aqea:partOfSpeech "noun" .
            ?examination ontolex:canonicalForm/ontolex:writtenRep "examination"@en .
        }""")
    expected = fetch(stated, OF_LINK, "test", "synonym", "en", "examination")
    assert sorted((s["id"].value, s["licence"].value, s["dataset"].value, float(s["weight"].value))
                  for s in found) == [(e["statement"], e["licence"], e["dataset"], e["weight"]) for e in expected]
    # every statement is in the file, a translation's on its vartrans:Translation
    ids = {s["id"].value for s in store.query(prefixes + "SELECT ?id { ?l prov:wasDerivedFrom/dct:identifier ?id }")}
    assert ids == {r["statement"] for r in fetch(stated, "SELECT DISTINCT statement FROM link_sources")}
    assert bool(store.query(prefixes + "ASK { ?t a vartrans:Translation ; prov:wasDerivedFrom/dct:license ?l }"))
