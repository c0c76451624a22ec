"""`aqea serve`: the HTTP API on a real uvicorn server (a subprocess on 127.0.0.1) over a real PostgreSQL holding
the German sample's entries and a concept, connected as a read-only role. No mocks: requests go over TCP."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from aqea.convert import to_entry
from aqea.model import Lexeme, Relation, Sense
from aqea.store.db import connect
from aqea.store.migrate import migrate
from tests.conftest import with_database
from tests.samples import DE_DUMP

ROOT = Path(__file__).resolve().parents[1]
AQEA = ROOT / ".venv" / "bin" / "aqea"
PASSWORD = f"pw-{uuid.uuid4().hex}"  # must never show in a response or a log line
PROBLEM = "application/problem+json"


def _word(language: str, lemma: str, source: str, key: str) -> Lexeme:
    return Lexeme(language=language, lemma=lemma, pos="noun", pos_names=("n",), homograph=1, source=source,
                  record_key=key, record_version="2025", senses=(Sense("1", f"{lemma}: the liquid"),),
                  relations=(Relation("concept", "i115069", "ili", "1"),))


async def _store(dsn: str) -> None:
    """The German sample as a run stores it (parse, upsert, addresses, links), and concept i115069 that
    English water and French eau name (as WordNet and OMW store them)."""
    from aqea.pipeline import process_pages
    from aqea.sources.dump import iter_pages
    from aqea.store.allocate import allocate_pending
    from aqea.store.relations import resolve_relations
    from aqea.store.upsert import upsert_entries

    outcome = process_pages([p for p in iter_pages(DE_DUMP) if p.namespace == 0], "dewiktionary")
    concept = Lexeme(language="ili", lemma="i115069", pos="noun", pos_names=("n",), homograph=1,
                     source="wordnet-oewn", record_key="oewn-14869913-n", record_version="2025",
                     senses=(Sense("1", "binary compound that occurs at room temperature as a clear liquid"),),
                     extra={"lexfile": "noun.substance", "lexfile_number": 27})
    conn = await connect(dsn)
    try:
        await migrate(conn)
        async with conn.transaction():
            await upsert_entries(conn, list(outcome.entries), source="dewiktionary")
        for source, lexemes in (("wordnet-oewn", [concept, _word("en", "water", "wordnet-oewn", "en:n:water")]),
                                ("omw-wikt", [_word("fr", "eau", "omw-wikt", "fr:n:eau")]),
                                # another edition's view of the sample's Aal (one entry, two sources)
                                ("frwiktionary", [replace(_word("de", "Aal", "frwiktionary", "77"), relations=())])):
            async with conn.transaction():
                await upsert_entries(conn, [to_entry(x) for x in lexemes], source=source)
        await allocate_pending(conn)
        await resolve_relations(conn)
    finally:
        await conn.close()


def _reader_role(admin_dsn: str, database: str, role: str) -> None:
    """The read-only role of docs/http-api.md, created as the docs say."""
    sql = (ROOT / "docs" / "http-api.md").read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", sql, re.S)
    assert block, "docs/http-api.md shows the role's SQL"
    statements = (block.group(1).replace("aqea_reader", role).replace("'change-me'", f"'{PASSWORD}'")
                  .replace("aqea_db", database))

    async def run() -> None:
        conn = await connect(admin_dsn)
        try:
            await conn.execute(statements)
        finally:
            await conn.close()

    asyncio.run(run())


def _reader_dsn(admin_dsn: str, role: str) -> str:
    return admin_dsn.replace("postgres:@", f"{role}:{PASSWORD}@", 1) if "postgres:@" in admin_dsn else (
        re.sub(r"//[^@/]*@", f"//{role}:{PASSWORD}@", admin_dsn, count=1))


class Server:
    def __init__(self, dsn: str, log: Path, *options: str) -> None:
        env = {**os.environ, "AQEA_DATABASE_URL": dsn, "DO_NOT_TRACK": "1"}
        env.pop("PREFECT_API_URL", None)  # the status' workers part: "not set", without a server
        self.log = log
        self.process = subprocess.Popen([str(AQEA), "serve", "--port", "0", *options], env=env,
                                        stdout=log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120  # a generous guard: start-up under a loaded machine
        while (match := re.search(r"AQEA API at (http://\S+) ", log.read_text())) is None:
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "aqea serve printed no address"
            time.sleep(0.1)
        self.url = match.group(1)
        while True:
            try:
                httpx.get(f"{self.url}/openapi.json", timeout=5)
                break
            except httpx.TransportError:
                assert self.process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "aqea serve does not answer"
                time.sleep(0.1)

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=60)
        return self.log.read_text()


@pytest.fixture(scope="module")
def api(pg_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    database, role = f"t_{uuid.uuid4().hex[:12]}", f"reader_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        conn = await connect(pg_uri)
        try:
            await conn.execute(f'CREATE DATABASE "{database}"')
        finally:
            await conn.close()

    asyncio.run(create())
    admin = with_database(pg_uri, database)
    asyncio.run(_store(admin))
    _reader_role(admin, database, role)
    reader = _reader_dsn(admin, role)
    server = Server(reader, tmp_path_factory.mktemp("serve") / "serve.log")
    responses: list[httpx.Response] = []
    client = httpx.Client(base_url=server.url, timeout=30,
                          event_hooks={"response": [lambda r: responses.append(r)]})
    try:
        yield {"client": client, "admin": admin, "reader": reader, "server": server, "responses": responses,
               "role": role}
    finally:
        client.close()
        server.stop()


def _entry(admin: str, sql: str, *args: Any) -> dict[str, Any]:
    from tests.db import fetch

    (row,) = fetch(admin, sql, *args)
    return row


def test_an_entry_by_each_address_form_is_the_cli_document(api: dict[str, Any]) -> None:
    from typer.testing import CliRunner

    from aqea.cli import app

    row = _entry(api["admin"], "SELECT address, address_int FROM aqea_entries WHERE lemma = 'Hallo' "
                 "AND language = 'de' ORDER BY pos LIMIT 1")
    hexed = row["address"]
    compact = hexed.replace("0x", "").replace(":", "")
    bodies = [api["client"].get(f"/v1/entries/{form}") for form in (hexed, compact, str(row["address_int"]),
                                                                     hexed.lower())]
    assert all(r.status_code == 200 and r.headers["content-type"] == "application/json" for r in bodies)
    assert len({r.content for r in bodies}) == 1
    doc = bodies[0].json()
    assert doc["address"] == hexed and doc["lemma"] == "Hallo" and doc["meta"]["senses"]
    assert {"other_editions", "concepts", "updated_at", "licence"} <= doc.keys()
    cli = CliRunner().invoke(app, ["address", compact, "--json", "--database-url", api["admin"]])
    assert cli.exit_code == 0, cli.output
    import json

    assert json.loads(cli.stdout) == doc  # the same document, key for key


def test_an_entry_document_is_the_entry_with_its_views_and_concepts(api: dict[str, Any]) -> None:
    from aqea.store.queries import entry_by_address
    from aqea.store.relations import concepts_of, views_of

    async def composed(address: int) -> dict[str, Any]:
        conn = await connect(api["admin"])
        try:
            entry = await entry_by_address(conn, address)
            assert entry is not None
            return {**entry, "other_editions": await views_of(conn, entry["id"]),
                    "concepts": await concepts_of(conn, entry["id"])}
        finally:
            await conn.close()

    import json

    from aqea.documents import to_json

    for lemma in ("Aal", "water", "Hallo"):
        address = _entry(api["admin"], "SELECT address_int FROM aqea_entries WHERE lemma = $1 AND address IS NOT NULL "
                         "ORDER BY pos LIMIT 1", lemma)["address_int"]
        expected = json.loads(to_json(asyncio.run(composed(address))))
        got = api["client"].get(f"/v1/entries/{address}").json()
        assert got == expected
        assert bool(got["other_editions"]) == (lemma == "Aal") and bool(got["concepts"]) == (lemma == "water")


def test_lookup_is_aqea_lookup_json_and_filters_by_pos(api: dict[str, Any]) -> None:
    import json

    from typer.testing import CliRunner

    from aqea.cli import app

    got = api["client"].get("/v1/lookup", params={"lemma": "Hallo", "language": "de"})
    assert got.status_code == 200
    cli = CliRunner().invoke(app, ["lookup", "Hallo", "--language", "de", "--json", "--database-url", api["admin"]])
    assert got.json() == json.loads(cli.stdout) and got.json()
    pos = got.json()[0]["pos"]
    only = api["client"].get("/v1/lookup", params={"lemma": "Hallo", "language": "de", "pos": pos}).json()
    assert only and {e["pos"] for e in only} == {pos}
    assert api["client"].get("/v1/lookup", params={"lemma": "Hallo", "pos": "no-such-pos"}).json() == []


def test_links_come_page_by_page_and_together_are_lookups_links(api: dict[str, Any]) -> None:
    from aqea.store.relations import links_of

    row = _entry(api["admin"], """SELECT e.id, e.address FROM aqea_entries e JOIN relations r ON r.from_entry = e.id
                                  WHERE e.address IS NOT NULL GROUP BY e.id ORDER BY count(*) DESC LIMIT 1""")

    async def all_links() -> dict[str, Any]:
        conn = await connect(api["admin"])
        try:
            return await links_of(conn, row["id"])
        finally:
            await conn.close()

    expected = asyncio.run(all_links())["outgoing"]
    assert len(expected) > 7
    pages, url = [], f"/v1/entries/{row['address']}/links?limit=3"
    while url:
        page = api["client"].get(url)
        assert page.status_code == 200
        pages.append(page.json())
        url = page.json()["next"]
    assert all(len(p["links"]) == 3 for p in pages[:-1]) and len(pages) == -(-len(expected) // 3)
    got = [link for p in pages for link in p["links"]]
    key = lambda x: sorted(map(str, x.items()))  # noqa: E731 (the same links, in the page order)
    assert sorted(map(key, got)) == sorted(map(key, expected))
    translation = api["client"].get(f"/v1/entries/{row['address']}/links",
                                    params={"kind": "translation", "target_language": "en", "limit": 500}).json()
    assert translation["links"] == [x for x in got if x["kind"] == "translation" and x["target_language"] == "en"]


def test_a_concept_by_ili_id_and_by_address_names_its_words(api: dict[str, Any]) -> None:
    by_ili = api["client"].get("/v1/concepts/i115069")
    assert by_ili.status_code == 200
    doc = by_ili.json()
    assert doc["language"] == "ili" and doc["lemma"] == "i115069" and doc["address"]
    assert {(w["language"], w["lemma"], tuple(w["sources"])) for w in doc["words"]} == {
        ("en", "water", ("wordnet-oewn",)), ("fr", "eau", ("omw-wikt",))}
    assert api["client"].get(f"/v1/concepts/{doc['address']}").json() == doc
    water = api["client"].get("/v1/lookup", params={"lemma": "water"}).json()[0]
    entry = api["client"].get(f"/v1/entries/{water['address']}").json()
    (concept,) = entry["concepts"]  # the entry shows the concept with the other words naming it
    assert concept["ili"] == "i115069" and [w["lemma"] for w in concept["words"]] == ["eau"]
    hallo = api["client"].get("/v1/lookup", params={"lemma": "Hallo"}).json()[0]["address"]
    assert api["client"].get(f"/v1/concepts/{hallo}").status_code == 404  # an entry, not a concept


def test_status_and_capacity_are_the_clis_documents(api: dict[str, Any]) -> None:
    import json

    from typer.testing import CliRunner

    from aqea.cli import app

    none_yet = api["client"].get("/v1/status")
    assert none_yet.status_code == 404 and none_yet.headers["content-type"] == PROBLEM
    assert none_yet.json()["detail"] == "no extraction run recorded yet"
    from tests.db import fetch

    fetch(api["admin"], """INSERT INTO extraction_runs (id, source, language, dump, status, finished_at)
                           VALUES ('de-1', 'dewiktionary', 'de', 'sample', 'completed', now()) RETURNING id""")
    status = api["client"].get("/v1/status")
    assert status.status_code == 200
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    cli = subprocess.run([str(AQEA), "status", "--json", "--database-url", api["admin"]], capture_output=True,
                         text=True, env=env, timeout=300)
    doc, cli_doc = status.json(), json.loads(cli.stdout)
    for d in (doc, cli_doc):
        d["overview"].pop("runtime_s")  # a finished run: fixed, but rounded from now() on each side
    assert doc == cli_doc and doc["overview"]["run_id"] == "de-1"
    capacity = api["client"].get("/v1/capacity")
    cli = CliRunner().invoke(app, ["capacity", "--json", "--database-url", api["admin"]])
    assert capacity.status_code == 200 and capacity.json() == json.loads(cli.stdout)
    assert any(c["series"] == "de" and c["addressed"] > 0 for c in capacity.json()["categories"])


@pytest.mark.parametrize(("path", "status", "type_", "says"), [
    ("/v1/entries/0x20:01", 400, "/problems/bad-address", "not an AQEA address"),
    ("/v1/entries/Haus", 400, "/problems/bad-address", "not an AQEA address"),
    ("/v1/entries/0x20:7F:FF:FE", 404, "/problems/no-entry", "no entry at 0x20:7F:FF:FE"),
    ("/v1/lookup?lemma=" + "x" * 256, 400, "/problems/invalid-parameter", "lemma: String should have at most 255"),
    ("/v1/lookup", 400, "/problems/invalid-parameter", "lemma: Field required"),
    ("/v1/entries/0x20:01:00:01/links?limit=501", 400, "/problems/invalid-parameter",
     "limit: Input should be less than or equal to 500"),
    ("/v1/entries/0x20:01:00:01/links?kind=cousin", 400, "/problems/unknown-kind", "unknown link kind 'cousin'"),
    ("/v1/entries/0x20:01:00:01/links?cursor=bm9wZQ", 400, "/problems/bad-cursor", "not a links cursor"),
    ("/v1/concepts/i999999999", 404, "/problems/no-concept", "no concept i999999999"),
    ("/v2/nothing", 404, "about:blank", "no resource at /v2/nothing"),
])
def test_errors_are_problem_documents(api: dict[str, Any], path: str, status: int, type_: str, says: str) -> None:
    answer = api["client"].get(path)
    assert answer.status_code == status and answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["type"] == type_ and problem["status"] == status and problem["title"]
    assert says in problem["detail"] and problem["instance"] == path


def test_etag_gives_304_until_the_entry_changes(api: dict[str, Any]) -> None:
    from tests.db import fetch

    address = _entry(api["admin"], "SELECT address FROM aqea_entries WHERE lemma = 'Aal' AND address IS NOT NULL "
                     "LIMIT 1")["address"]
    first = api["client"].get(f"/v1/entries/{address}")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60, must-revalidate" and first.headers["last-modified"]
    again = api["client"].get(f"/v1/entries/{address}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert api["client"].get(f"/v1/entries/{address}", headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
    fetch(api["admin"], "UPDATE aqea_entries SET updated_at = now() + interval '1 second' WHERE address = $1 "
          "RETURNING id", address)  # as a sync that rewrites the entry
    changed = api["client"].get(f"/v1/entries/{address}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_the_server_cannot_write_and_the_role_is_read_only(api: dict[str, Any]) -> None:
    import asyncpg

    from aqea.store.db import create_pool

    async def attempts() -> list[str]:
        refused = []
        conn = await connect(api["reader"])  # the role alone, without the API's read-only transactions
        try:
            for sql in ("DELETE FROM aqea_entries", "CREATE TABLE x (i int)", "UPDATE aqea_entries SET label = ''"):
                try:
                    await conn.execute(sql)
                except asyncpg.PostgresError as exc:
                    refused.append(type(exc).__name__)
        finally:
            await conn.close()
        pool = await create_pool(api["admin"], 1, read_only=True)  # the API's pool, even as the owner
        try:
            async with pool.acquire() as conn:
                try:
                    await conn.execute("DELETE FROM aqea_entries")
                except asyncpg.ReadOnlySQLTransactionError:
                    refused.append("pool")
        finally:
            await pool.close()
        return refused

    assert len(asyncio.run(attempts())) == 4
    from tests.db import fetch

    assert fetch(api["admin"], "SELECT count(*) AS n FROM aqea_entries")[0]["n"] > 100  # nothing deleted


def test_openapi_lists_every_endpoint_and_no_response_or_log_line_shows_the_dsn(api: dict[str, Any]) -> None:
    spec = api["client"].get("/openapi.json").json()
    assert {"/v1/entries/{address}", "/v1/lookup", "/v1/entries/{address}/links", "/v1/concepts/{key}",
            "/v1/status", "/v1/capacity"} <= spec["paths"].keys()
    assert api["client"].get("/docs").status_code == 200
    for r in list(api["responses"]):
        r.read()
        assert PASSWORD not in r.text and api["role"] + ":" not in r.text, r.url
    log = api["server"].log.read_text()
    assert "GET /v1/entries/" in log  # the access log is there, and the DSN is not
    assert PASSWORD not in log and api["reader"] not in log


def test_a_busy_port_is_one_line_and_exit_2(api: dict[str, Any]) -> None:
    port = api["server"].url.rsplit(":", 1)[1]
    busy = subprocess.run([str(AQEA), "serve", "--port", port, "--database-url", api["reader"]],
                          capture_output=True, text=True, timeout=120)
    assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
    assert PASSWORD not in busy.stderr + busy.stdout


def test_several_server_processes_answer_on_one_port_and_stop_together(api: dict[str, Any], tmp_path: Path) -> None:
    server = Server(api["reader"], tmp_path / "serve.log", "--workers", "2", "--no-access-log")
    try:
        children = {int(pid) for pid in subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True,
                                                        text=True).stdout.split()}
        assert len(children) == 2  # two forked server processes under the one `aqea serve`
        with httpx.Client(base_url=server.url, timeout=30) as client:
            answers = [client.get("/v1/lookup", params={"lemma": "Haus", "language": "de"}) for _ in range(20)]
        assert {r.status_code for r in answers} == {200} and len({r.text for r in answers}) == 1
    finally:
        log = server.stop()
    assert server.process.returncode == 0, log
    assert not [pid for pid in children if os.path.exists(f"/proc/{pid}")]  # SIGTERM reached both
    assert log.count("Application startup complete") == 2


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
