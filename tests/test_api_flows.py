"""API extraction and incremental sync flows against a real MediaWiki holding the German sample.

The wiki is this module's own (fixture instance): the sync test edits, creates, deletes and moves pages.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aqea.sources.dump import iter_pages
from aqea.store.db import connect
from tests.db import fetch
from tests.mediawiki_server import TestWiki, mediawiki  # noqa: F401  (fixture)
from tests.samples import DE_DUMP

pytestmark = pytest.mark.usefixtures("prefect_api")

# Fields that legitimately differ between the paths: ids the wiki assigned on import, who wrote it.
_PROVENANCE = {"record_key", "record_version", "flow_run_id", "worker_id", "cloud_provider"}


def entries(dsn: str) -> dict[tuple[str, str, str, int], dict[str, Any]]:
    rows = fetch(dsn, """SELECT language, lemma, pos, homograph, label, description, meta, address, deleted_at
                         FROM aqea_entries""")
    out = {}
    for r in rows:
        r["meta"] = {k: v for k, v in r["meta"].items() if k not in _PROVENANCE}
        out[(r["language"], r["lemma"], r["pos"], r["homograph"])] = r
    return out


def relations(dsn: str) -> set[tuple[str, ...]]:
    rows = fetch(dsn, """SELECT e.language, e.lemma, e.pos, e.homograph, r.kind, r.target_language, r.target_lemma,
                                r.sense FROM relations r JOIN aqea_entries e ON e.id = r.from_entry""")
    return {tuple(str(v) for v in r.values()) for r in rows}


def new_db(pg_uri: str, name: str) -> str:
    from tests.conftest import with_database

    async def go() -> None:
        conn = await connect(pg_uri)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(go())
    return with_database(pg_uri, name)


def test_api_extraction_by_title_ranges_equals_the_dump_path(
    mediawiki: TestWiki, dsn: str, pg_uri: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    from flows.extract import extract_language

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    state = asyncio.run(extract_language(api_url=mediawiki.api_url, edition="dewiktionary", units=3,
                                         return_state=True))
    assert state.is_completed(), state.message
    summary = asyncio.run(state.aresult())
    assert summary["progress"]["units"] == 3 and summary["progress"]["pages"] == 202  # every main-namespace page
    titles = {r["title"] for r in fetch(dsn, "SELECT DISTINCT meta->>'title' AS title FROM aqea_entries")}
    assert {"lieben", "überführen", "Mönch", "Hallo"} <= titles  # lower-case and non-ASCII titles included

    dump_dsn = new_db(pg_uri, "api_vs_dump")
    monkeypatch.setenv("AQEA_DATABASE_URL", dump_dsn)
    assert asyncio.run(extract_language(dump=str(DE_DUMP), return_state=True)).is_completed()
    by_api, by_dump = entries(dsn), entries(dump_dsn)
    assert by_api.keys() == by_dump.keys()
    for key in by_dump:
        for field in ("label", "description", "meta", "address"):
            assert by_api[key][field] == by_dump[key][field], (key, field)
    assert relations(dsn) == relations(dump_dsn)


def test_sync_applies_edits_new_pages_deletions_and_moves(
    mediawiki: TestWiki, dsn: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    from flows.extract import extract_language
    from flows.sync import sync_changes

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    assert asyncio.run(extract_language(api_url=mediawiki.api_url, edition="dewiktionary",
                                        return_state=True)).is_completed()
    start = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary", since=start))
    assert first.get("changes", 0) == 0
    before = entries(dsn)

    hallo = fetch(dsn, "SELECT meta->>'record_version' AS r FROM aqea_entries "
                       "WHERE lemma = 'Hallo' AND language = 'de'")
    text = next(p for p in iter_pages(DE_DUMP) if p.title == "Hallo").text
    mediawiki.edit("Hallo", text.replace("lautes Rufen; fröhliches", "sehr lautes Rufen; fröhliches"))
    mediawiki.edit("Blubbelwort", "== Blubbelwort ({{Sprache|Deutsch}}) ==\n"
                   "=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n"
                   "{{Bedeutungen}}\n:[1] ein Wort, das es nur in diesem Test gibt\n")
    mediawiki.delete("Aal")
    mediawiki.move("Kleid", "Kleidchen", redirect=False)

    summary = asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary"))
    assert summary["changes"] >= 4 and summary["moves"] == 1
    after = entries(dsn)
    key = ("de", "Hallo", "noun", 1)
    assert after[key]["description"].startswith("German noun 'Hallo'. sehr lautes Rufen")
    assert after[key]["address"] == before[key]["address"]  # updated, address kept
    assert int(fetch(dsn, "SELECT meta->>'record_version' AS r FROM aqea_entries WHERE lemma = 'Hallo' "
                          "AND language = 'de'")[0]["r"]) > int(hallo[0]["r"])
    new = after[("de", "Blubbelwort", "noun", 1)]
    assert new["address"] is not None and new["deleted_at"] is None
    aal = [v for k, v in after.items() if k[1] == "Aal"]
    assert aal and all(v["deleted_at"] is not None and v["address"] is not None for v in aal)  # kept, marked
    # the entries follow the moved page (the lemma comes from the page's heading, which still says Kleid)
    moved = after[("de", "Kleid", "noun", 1)]
    assert moved["meta"]["title"] == "Kleidchen" and moved["deleted_at"] is None
    assert moved["address"] == before[("de", "Kleid", "noun", 1)]["address"]
    untouched = ("de", "Tier", "noun", 1)
    assert after[untouched] == before[untouched]

    again = asyncio.run(sync_changes(api_url=mediawiki.api_url, edition="dewiktionary"))
    assert again.get("changes", 0) == 0  # the watermark moved past everything stored


@pytest.mark.parametrize("api_url", ["{{ $AQEA_SYNC_API_URL }}", ""])
def test_a_sync_deployed_without_its_api_url_says_what_to_set(dsn: str, api_url: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # prefect.yaml fills api_url from $AQEA_SYNC_API_URL at deploy time; unset, the placeholder stays
    from flows.sync import sync_changes

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    state = asyncio.run(sync_changes(api_url=api_url, return_state=True))
    assert state.is_failed()
    with pytest.raises(Exception, match=r"sync-changes has no api_url: export AQEA_SYNC_API_URL="):
        asyncio.run(state.aresult())
