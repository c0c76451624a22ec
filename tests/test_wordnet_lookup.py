"""`aqea lookup --links` through a concept, and every row's licence, on real WordNet data (CLI, real flows,
real PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import invoke
from tests.wordnet_data import oewn_excerpt


def test_lookup_shows_the_concept_its_other_words_and_each_rows_licence(
    dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    excerpt = oewn_excerpt(tmp_path, {"water", "H2O", "dog", "domestic dog"})
    code, out = invoke("extract", "--source", "wordnet-oewn", str(excerpt))
    assert code == 0, out

    code, out = invoke("lookup", "water", "--language", "en", "--links", "--json")
    assert code == 0, out
    (noun,) = [e for e in json.loads(out) if e["pos"] == "noun"]
    assert (noun["licence"], noun["source"]) == ("CC BY 4.0", "wordnet-oewn")
    assert "Open English WordNet" in noun["attribution"]
    by_ili = {c["ili"]: c for c in noun["concepts"]}
    water = by_ili["i115069"]  # OEWN 14869913-n, PWN 3.0 14845743-n: "binary compound … H2O"
    assert water["senses"] == ["1"] and water["address"] and water["address"].startswith("0x1")
    assert "binary compound" in water["gloss"] and water["sources"] == ["wordnet-oewn"]
    assert [(w["language"], w["lemma"]) for w in water["words"]] == [("en", "H2O")]  # water itself left out
    assert all(w["address"] for w in water["words"])
    assert "i115069" not in {c["ili"] for c in _concepts("dog")}  # not shared with an unrelated word

    code, text = invoke("lookup", "water", "--language", "en", "--links")
    assert "licence: CC BY 4.0" in text
    assert "concept [1] i115069" in text and "en: H2O (0x" in text


def _concepts(lemma: str) -> list[dict[str, object]]:
    code, out = invoke("lookup", lemma, "--language", "en", "--links", "--json")
    assert code == 0
    return [c for e in json.loads(out) for c in e["concepts"]]
