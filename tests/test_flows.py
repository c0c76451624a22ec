"""Real Prefect flow runs (temporary local API) into a real PostgreSQL, on the real German sample."""

from __future__ import annotations

import asyncio
import bz2
import re
from pathlib import Path
from typing import Any

import pytest

from aqea.convert import FORM_REASON
from aqea.model import Page
from aqea.sources.dump import iter_pages
from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from aqea.store.db import connect
from tests.db import fetch
from tests.samples import DE_DUMP

pytestmark = pytest.mark.usefixtures("prefect_api")


def extract(dsn: str, monkeypatch: pytest.MonkeyPatch, dump: Path, **kwargs: Any) -> Any:
    from flows.extract import extract_language

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    return asyncio.run(extract_language(dump=str(dump), return_state=True, **kwargs))


def flow_run_name(dsn: str, run_id: str) -> str:
    """The name of the run's parent flow run, read back from the Prefect API."""
    from uuid import UUID

    from prefect.client.orchestration import get_client

    (run,) = fetch(dsn, "SELECT flow_run_id FROM extraction_runs WHERE id = $1", run_id)

    async def read() -> str:
        async with get_client() as client:
            return (await client.read_flow_run(UUID(run["flow_run_id"]))).name

    return asyncio.run(read())


def assert_rejections_add_up(dsn: str, summary: dict[str, Any]) -> None:
    """The summary's rejected total is the sum of its reason rows, and both count rejected_pages rows."""
    rows = fetch(dsn, "SELECT reason FROM rejected_pages WHERE work_unit LIKE $1 || '/%'", summary["run_id"])
    assert summary["rejected_pages"] == sum(r["pages"] for r in summary["rejections"]) == len(rows) > 0
    assert {r["reason"]: r["pages"] for r in summary["rejections"]} == {
        reason: sum(1 for r in rows if r["reason"] == reason) for reason in {r["reason"] for r in rows}}


def entry_snapshot(dsn: str) -> dict[tuple[str, str, str, int], tuple[str, str | None]]:
    rows = fetch(dsn, "SELECT language, lemma, pos, homograph, content_hash, address FROM aqea_entries")
    return {(r["language"], r["lemma"], r["pos"], r["homograph"]): (r["content_hash"], r["address"]) for r in rows}


def test_extract_sample_then_rerun_changes_nothing(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    state = extract(dsn, monkeypatch, DE_DUMP, language="de")
    assert state.is_completed(), state.message
    summary = asyncio.run(state.aresult())
    progress = summary["progress"]
    assert progress["pages"] == 220
    assert progress["new"] == progress["entries"] > 250
    assert summary["homographs"] == {"realigned": 0, "views_removed": 0}  # one edition, first run: nothing to match
    assert summary["skipped"] == {"namespace": 18}

    hallo = fetch(dsn, "SELECT * FROM aqea_entries WHERE lemma = 'Hallo' AND language = 'de'")
    assert len(hallo) == 1
    assert hallo[0]["address"].startswith("0x20:01:")  # German noun
    assert hallo[0]["description"].startswith("German noun 'Hallo'. lautes Rufen")
    assert hallo[0]["meta"]["ipa"] == ["haˈloː"]
    assert hallo[0]["meta"]["record_key"] == "555" and hallo[0]["meta"]["record_version"] == "9730729"
    assert hallo[0]["meta"]["flow_run_id"]  # provenance of the writing flow run

    units = fetch(dsn, "SELECT status, pages_processed, flow_run_id FROM work_units")
    assert [(u["status"], u["pages_processed"]) for u in units] == [("completed", 220)]
    assert units[0]["flow_run_id"]
    reasons = {r["reason"] for r in fetch(dsn, "SELECT reason FROM rejected_pages")}
    assert reasons <= {"no language section", "no part-of-speech section"}
    assert_rejections_add_up(dsn, summary)
    # without a run id given, the one made after planning names the parent flow run (Prefect UI)
    assert summary["run_id"].startswith("dewiktionary-") and flow_run_name(dsn, summary["run_id"]) == summary["run_id"]
    forms = fetch(dsn, """SELECT count(*) AS n FROM aqea_entries
                          WHERE address IS NULL AND pos = 'inflected_form'""")[0]["n"]
    unaddressed = {u["reason"]: u["entries"] for u in summary["unaddressed"]}  # stored without address, by reason
    assert unaddressed[FORM_REASON] == forms > 0  # carried by their lemma (address space v2)
    assert not any(r.startswith("no domain") for r in unaddressed)  # every language has a place now
    assert sum(unaddressed.values()) == fetch(
        dsn, "SELECT count(*) AS n FROM aqea_entries WHERE unaddressed_reason IS NOT NULL")[0]["n"]
    before = entry_snapshot(dsn)

    rerun = asyncio.run(extract(dsn, monkeypatch, DE_DUMP).aresult())
    again = rerun["progress"]
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, progress["entries"])
    # pages whose revision is stored are not even parsed again (the 197 that produced entries)
    pages_with_entries = fetch(dsn, "SELECT count(DISTINCT record_key) AS n FROM aqea_entries")[0]["n"]
    assert rerun["skipped"]["unchanged revision"] == pages_with_entries
    assert entry_snapshot(dsn) == before

    # `aqea estimate` goes on the first run only: the re-run parsed 22 of 220 pages (it measured skipping)
    from aqea.cli_ops import measurements

    evidence = asyncio.run(measurements(dsn, "de"))
    assert [(m["run_id"], m["pages_parsed"]) for m in evidence] == [(summary["run_id"], 220)]


def test_multistream_units_give_the_same_entries_as_the_plain_dump(
    dsn: str, pg_uri: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.conftest import with_database

    multistream = tmp_path / "dewiktionary-test-pages-articles-multistream.xml.bz2"
    write_multistream(iter_pages(DE_DUMP), multistream, siteinfo_xml=siteinfo_xml_of(DE_DUMP), pages_per_stream=20)
    state = extract(dsn, monkeypatch, multistream, units=4)
    assert state.is_completed(), state.message
    units = fetch(dsn, "SELECT status, pages_processed FROM work_units ORDER BY unit_key")
    assert len(units) == 4 and all(u["status"] == "completed" for u in units)
    assert sum(u["pages_processed"] for u in units) == 220

    async def make_db() -> str:
        conn = await connect(pg_uri)
        await conn.execute('CREATE DATABASE "plain_ref"')
        await conn.close()
        return with_database(pg_uri, "plain_ref")

    plain_dsn = asyncio.run(make_db())
    assert extract(plain_dsn, monkeypatch, DE_DUMP).is_completed()
    # same input into an empty database: same entries *and the same addresses*, however the units ran
    assert entry_snapshot(dsn) == entry_snapshot(plain_dsn)


def test_adding_pages_later_leaves_every_old_address_unchanged(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert extract(dsn, monkeypatch, DE_DUMP, limit=80).is_completed()
    before = {k: v[1] for k, v in entry_snapshot(dsn).items()}
    # every German entry is addressed but inflected forms, which their lemma carries (docs/addressing.md)
    assert len(before) > 80 and None not in {a for k, a in before.items() if k[0] == "de" and k[2] != "inflected_form"}
    assert extract(dsn, monkeypatch, DE_DUMP).is_completed()
    after = {k: v[1] for k, v in entry_snapshot(dsn).items()}
    assert len(after) > len(before)
    assert {k: after[k] for k in before} == before
    assigned = [a for a in after.values() if a is not None]
    assert len(assigned) == len(set(assigned))


def test_truncated_dump_fails_clearly_and_keeps_what_was_read(
    dsn: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A multistream dump cut at two thirds, as an interrupted download would leave it.
    whole = tmp_path / "whole-multistream.xml.bz2"
    write_multistream(iter_pages(DE_DUMP), whole, siteinfo_xml=siteinfo_xml_of(DE_DUMP), pages_per_stream=10)
    data = whole.read_bytes()
    truncated = tmp_path / "dewiki-cut-multistream.xml.bz2"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    monkeypatch.setenv("AQEA_BATCH_PAGES", "25")
    state = extract(dsn, monkeypatch, truncated, units=1)  # one unit: the whole file, no index needed
    assert state.is_failed()
    with pytest.raises(Exception, match=r"did not complete.*truncated"):
        asyncio.run(state.aresult())
    stored = fetch(dsn, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]
    assert stored > 100  # the pages before the cut are stored
    unit = fetch(dsn, "SELECT status, error, pages_processed FROM work_units")[0]
    assert unit["status"] == "failed" and "truncated" in unit["error"]
    read_before_cut = int(re.search(r"after (\d+) pages", unit["error"]).group(1))
    assert 100 < read_before_cut < 220
    assert unit["pages_processed"] == read_before_cut  # every page read before the cut is stored
    dump_errors = fetch(dsn, "SELECT detail FROM rejected_pages WHERE reason = 'dump error'")
    assert len(dump_errors) == 1 and "truncated" in dump_errors[0]["detail"]

    # the failed unit keeps its counts in the run's summary: pages, entries, skipped pages, and the dump error
    (run,) = fetch(dsn, "SELECT id, summary FROM extraction_runs")
    summary = run["summary"]
    assert summary["progress"]["pages"] == read_before_cut and summary["progress"]["entries"] == stored
    assert summary["progress"]["failed"] == 1
    assert summary["skipped"].get("namespace", 0) > 0  # counted by the unit before it failed
    assert "dump error" in {r["reason"] for r in summary["rejections"]}
    assert_rejections_add_up(dsn, summary)


def test_rerun_of_a_unit_resumes_from_its_checkpoint(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_BATCH_PAGES", "20")
    first = extract(dsn, monkeypatch, DE_DUMP, limit=60, run_id="resume-test")
    assert first.is_completed()
    assert fetch(dsn, "SELECT pages_processed FROM work_units")[0]["pages_processed"] == 60
    entries_after_60 = fetch(dsn, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]

    assert flow_run_name(dsn, "resume-test") == "resume-test"
    second = extract(dsn, monkeypatch, DE_DUMP, run_id="resume-test")  # same run: resume, not restart
    progress = asyncio.run(second.aresult())["progress"]
    assert progress["pages"] == 220  # 60 from before + 160 now, none twice
    assert progress["unchanged"] == 0 and progress["updated"] == 0
    assert progress["new"] == fetch(dsn, "SELECT count(*) AS n FROM aqea_entries")[0]["n"]
    assert progress["new"] > entries_after_60


def test_bz2_sample_is_readable_as_written() -> None:
    # guards the fixture itself: the shipped sample is a complete bz2 stream
    assert bz2.decompress(DE_DUMP.read_bytes()).rstrip().endswith(b"</mediawiki>")


def test_second_edition_matches_its_homographs_to_the_first(dsn: str, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    from tests.samples import EN_DUMP
    from tests.test_align import EN_KIEFER  # en.wiktionary's layout of German "Kiefer": jaw first, then pine

    extract(dsn, monkeypatch, DE_DUMP)
    en_dump = tmp_path / "en-kiefer.xml.bz2"
    kiefer = Page("Kiefer", 0, 900, 901, "2026-01-01T00:00:00Z", EN_KIEFER)
    write_multistream([kiefer], en_dump, siteinfo_xml=siteinfo_xml_of(EN_DUMP))
    summary = asyncio.run(extract(dsn, monkeypatch, en_dump).aresult())
    assert summary["homographs"] == {"realigned": 2, "views_removed": 0}
    views = fetch(dsn, """SELECT e.homograph, v.meta->'gender' AS gender FROM entry_sources v
                          JOIN aqea_entries e ON e.id = v.entry_id WHERE e.lemma = 'Kiefer' ORDER BY 1""")
    assert [(v["homograph"], v["gender"]) for v in views] == [(1, ["f"]), (2, ["m"])]  # de: pine #1, jaw #2
