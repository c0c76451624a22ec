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
    assert "records read" in out and "records/s" in out and "MB/s" not in out  # records, not pages of text

    code, out = invoke("lookup", "water", "--language", "en", "--links", "--json")
    assert code == 0, out
    (noun,) = [e for e in json.loads(out) if e["pos"] == "noun"]
    assert (noun["licence"], noun["source"]) == ("CC BY 4.0", "wordnet-oewn")
    assert "Open English WordNet" in noun["attribution"] and "Collaborative Interlingual Index" in noun["attribution"]
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


def test_lookup_wasser_reaches_english_french_and_spanish_words_through_its_concept(
    dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example: German Wasser (OMW's Wiktionary wordnet) → concept i115069 (OEWN) → water and H2O
    (OEWN), eau, agua (OMW); real rows of the real files, every row's licence its own."""
    from aqea.wordnet.files import open_text
    from tests.wordnet_data import wordnet_files

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    code, out = invoke("extract", "--source", "wordnet-oewn", str(oewn_excerpt(tmp_path, {"water", "H2O"})))
    assert code == 0, out
    folder = tmp_path / "omw"
    folder.mkdir()
    for language in ("deu", "fra", "spa"):  # the header and the rows of PWN 3.0 water, 14845743-n
        with open_text(wordnet_files().omw("wikt", language), "OMW file") as fh:
            lines = fh.readlines()
        rows = [lines[0], *(line for line in lines[1:] if line.startswith("14845743-n\t"))]
        assert len(rows) == 2, rows
        (folder / f"wn-wikt-{language}.tab").write_text("".join(rows), encoding="utf-8")
    code, out = invoke("extract", "--source", "wordnet-omw", str(folder))
    assert code == 0, out

    code, out = invoke("lookup", "Wasser", "--language", "de", "--links", "--json")
    assert code == 0, out
    (wasser,) = json.loads(out)
    assert (wasser["source"], wasser["licence"]) == ("omw-wikt", "CC BY-SA 3.0 + GFDL")
    (concept,) = wasser["concepts"]
    assert concept["ili"] == "i115069" and concept["sources"] == ["omw-wikt"]
    words = {(w["language"], w["lemma"]): w["sources"] for w in concept["words"]}
    assert words == {("en", "H2O"): ["wordnet-oewn"], ("en", "water"): ["wordnet-oewn"],
                     ("es", "agua"): ["omw-wikt"], ("fr", "eau"): ["omw-wikt"]}
    text = invoke("lookup", "Wasser", "--language", "de", "--links")[1]
    assert "concept [1] i115069" in text and "fr: eau (0x" in text and "es: agua (0x" in text

