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
    nouns = next(c for c in report["categories"] if (c["domain"], c["category"]) == ("0x20", 1))
    assert nouns["used"] == nouns["handed_out"] > 0 and nouns["free"] == 65280 - nouns["handed_out"]

    code, out = invoke("db", "stats", "--json")
    stats = json.loads(out)
    assert sum(r["entries"] for r in stats["entries"]) >= 40

    wrong = runner.invoke(app, ["extract", "--dump", str(DE_DUMP), "--language", "en"])
    assert wrong.exit_code == 2
    assert "dewiktionary (language de), not en" in wrong.output
