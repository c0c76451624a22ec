"""The `aqea` CLI end to end (real flows, real PostgreSQL), as a user runs it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aqea.cli import app
from tests.samples import DE_DUMP

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_help_lists_every_command() -> None:
    code, out = invoke("--help")
    assert code == 0
    for command in ("extract", "test-source", "db", "address", "lookup", "capacity"):
        assert command in out


def test_test_source_prints_entries_as_json_without_a_database() -> None:
    code, out = invoke("test-source", "--dump", str(DE_DUMP), "--limit", "5")
    assert code == 0
    payload = json.loads(out)
    assert payload["source"] == "dewiktionary" and payload["pages"] == 5
    hallo = [e for e in payload["entries"] if e["lemma"] == "Hallo" and e["language"] == "de"]
    assert hallo and hallo[0]["meta"]["ipa"] == ["haˈloː"]


def test_a_bad_address_is_one_clear_line(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    result = runner.invoke(app, ["address", "0x20:01"])
    assert result.exit_code == 2
    assert "not an AQEA address" in result.output


@pytest.mark.usefixtures("prefect_api")
def test_extract_then_query_commands(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    code, out = invoke("extract", "--dump", str(DE_DUMP), "--language", "de", "--limit", "40")
    assert code == 0, out
    assert "pages read" in out and "entries new" in out

    code, out = invoke("lookup", "Hallo", "--language", "de", "--json")
    assert code == 0
    (hallo,) = json.loads(out)
    assert hallo["address"].startswith("0x20:01:") and hallo["meta"]["gender"] == ["n"]

    code, out = invoke("address", hallo["address"], "--json")
    assert code == 0 and json.loads(out)["lemma"] == "Hallo"

    code, out = invoke("capacity", "--json")
    report = json.loads(out)
    nouns = next(c for c in report["categories"] if (c["series"], c["category"]) == ("de", 1))
    assert nouns["addressed"] == nouns["handed_out"] > 0 and nouns["domains_in_use"] == ["0x20"]
    assert nouns["free"] == 9 * 65280 - nouns["handed_out"]  # German's primary and 8 extension domains
    assert report["registry"]["languages"]["de"][0] == "0x20"

    code, out = invoke("db", "stats", "--json")
    stats = json.loads(out)
    assert sum(r["entries"] for r in stats["entries"]) >= 40

    wrong = runner.invoke(app, ["extract", "--dump", str(DE_DUMP), "--language", "en"])
    assert wrong.exit_code == 2
    assert "dewiktionary (language de), not en" in wrong.output


def test_version_is_the_installed_packages() -> None:
    from importlib.metadata import version

    code, out = invoke("--version")
    assert code == 0 and out.strip() == f"aqea {version('aqea-extractor')}"


@pytest.mark.usefixtures("prefect_api")
def test_summary_and_lookup_views_tell_the_whole_story(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import re

    from aqea.store.db import connect
    from aqea.store.pages import mark_pages_deleted

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    # wide enough for every row on one line: on a narrow terminal (CI's) rich wraps a row's name, which this
    # test's line-by-line reading of the table would miss (the CLI's console takes COLUMNS when it is created)
    from rich.console import Console

    from aqea import cli

    monkeypatch.setattr(cli, "out", Console(width=240))
    code, out = invoke("extract", "--dump", str(DE_DUMP))
    assert code == 0, out
    summary = {m[1].strip(): m[2].strip() for m in re.finditer(r"│ ([^│]+?) +│ +([^│]*?) │", out)}
    # the rejected total is the sum of the reason rows under it; entries without address have their row
    reasons = [value for what, value in summary.items() if what in ("no part-of-speech section",
                                                                      "no language section")]
    assert reasons and int(summary["rejected pages, by reason"]) == sum(int(v) for v in reasons)
    assert int(summary["without address (database), by reason"]) > 0
    assert "links in the database (unresolved)" in summary and "links resolved by this run" in summary

    # links: only the asked kind and language, in sense order 1, 2, …, 9, 10 (not 1, 10, 11, 2)
    code, out = invoke("lookup", "Haus", "--language", "de", "--links", "--kind", "translation",
                       "--target-language", "en")
    assert code == 0
    links = re.findall(r"^ +\[(\d+)\] (\w+):", out, flags=re.MULTILINE)
    assert {language for _, language in links} == {"en"} and "synonym" not in out
    senses = [int(sense) for sense, _ in links]
    assert senses == sorted(senses) and max(senses) >= 10
    code, out = invoke("lookup", "Haus", "--language", "de", "--links", "--kind", "synonym", "--json")
    kinds = {link["kind"] for entry in json.loads(out) for link in entry["links"]["outgoing"]}
    assert kinds == {"synonym"}

    # the text view shows etymology, forms (tags: article form) and rhymes from meta
    words = " ".join(invoke("lookup", "Aal", "--language", "de")[1].split())  # as the terminal wraps it
    assert "etymology: ahd., mhd. âl" in words and "inflection: " not in words
    assert "forms: nominative singular: der Aal;" in words
    assert "genitive singular: des Aals; genitive singular: des Aales;" in words  # "des Aals<br />des Aales"
    assert "rhymes: aːs" in invoke("lookup", "Aas", "--language", "de")[1]

    # a deleted entry says so, in text and in JSON
    (hallo,) = json.loads(invoke("lookup", "Hallo", "--language", "de", "--json")[1])
    assert hallo["deleted"] is False and "DELETED" not in invoke("lookup", "Hallo", "--language", "de")[1]

    async def delete_page() -> None:
        conn = await connect(dsn)
        try:
            await mark_pages_deleted(conn, "dewiktionary", [int(hallo["record_key"])])
        finally:
            await conn.close()

    asyncio.run(delete_page())
    (hallo,) = json.loads(invoke("lookup", "Hallo", "--language", "de", "--json")[1])
    assert hallo["deleted"] is True and hallo["deleted_at"]
    code, out = invoke("lookup", "Hallo", "--language", "de")
    assert code == 0 and "DELETED" in out
