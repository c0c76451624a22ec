"""Princeton WordNet 3.0 as a source (``wordnet-pwn30``): the full Debian database, its locations, bad lines,
and one entry per word and per concept with Open English WordNet in a real PostgreSQL (Prefect flow runs)."""

from __future__ import annotations

import asyncio
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from aqea.errors import ConfigError
from aqea.settings import Settings
from aqea.sources.base import PlanRequest
from aqea.sources.wordnet import WordnetItem, build_records
from aqea.sources.wordnet_pwn import PwnDatabase, PwnSource, _plan, locate_database
from aqea.wordnet.files import bundled_ili_map
from aqea.wordnet.ili import load_ili_map
from tests.db import fetch
from tests.pwn_excerpt import count_records, write_excerpt
from tests.wordnet_data import VENDORED, pwn_files


def _items(database: PwnDatabase) -> tuple[list[WordnetItem], str | None]:
    """Every record of the database, built (the source builds them batch by batch as it reads)."""
    pending, fault = _plan(database)
    return build_records(pending), fault


def settings(tmp: Path) -> Settings:
    return Settings().with_overrides(data_dir=tmp / "data")


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, WordnetItem], str | None, Path]:
    """Every record of the whole database (Debian's folder, else the shared tarball), by key."""
    tmp = tmp_path_factory.mktemp("pwn")
    database = locate_database(pwn_files().wndb, settings(tmp))
    items, fault = _items(database)
    by_key = {i.key: i for i in items}
    assert len(by_key) == len(items)  # keys are unique
    return by_key, fault, database.data_dir


def test_full_database_gives_a_word_per_lemma_and_pos_and_a_concept_per_synset(full: Any) -> None:
    items, fault, data_dir = full
    assert fault is None
    kinds = Counter("rejected" if i.lexeme is None else i.lexeme.language for i in items.values())
    words, synsets = count_records(data_dir)
    assert (synsets, words) == (117_659, 156_584)
    assert kinds == {"en": words, "ili": synsets}  # every synset has its own ILI (17,972 through the shift)


def test_water_is_sense_1_in_noun_substance_and_links_to_its_concept(full: Any) -> None:
    items, _, _ = full
    water = items["en:noun:water"].lexeme
    first = water.senses[0]
    assert (first.number, first.labels) == ("1", ("noun.substance",))
    assert first.gloss.startswith("binary compound that occurs at room temperature")
    assert ("concept", "i115069", "ili", "1", "") in water.relations
    assert {("hypernym", "binary compound"), ("hypernym", "liquid")} <= {(k, t) for k, t, *_ in water.relations}
    concept = items["14845743-n"].lexeme
    assert (concept.language, concept.lemma, concept.pos, concept.extra["lexfile_number"]) == (
        "ili", "i115069", "noun", 27)


def test_a_concept_of_a_moved_synset_is_keyed_by_princetons_offset(full: Any) -> None:
    items, _, _ = full
    ili30 = load_ili_map(bundled_ili_map("30"))
    exemplify = items["01021128-v"].lexeme  # Debian's data.verb has it at 01021146
    assert exemplify.lemma == ili30.ili("01021128-v") and "01021146-v" not in items
    satellite = next(i.lexeme for i in items.values() if i.key.endswith("-s"))  # CILI's spelling of satellites
    assert satellite.lemma == ili30.ili(satellite.record_key)


def test_a_data_line_that_does_not_parse_is_a_rejection_and_the_rest_is_read(tmp_path: Path) -> None:
    database = write_excerpt(tmp_path / "db")
    good = len(_items(locate_database(database, settings(tmp_path)))[0])
    verbs = (database / "data.verb").read_text(encoding="utf-8").splitlines(keepends=True)
    bad = verbs[2].replace(" | ", " ")  # no gloss separator
    (database / "data.verb").write_text("".join([*verbs[:2], bad, *verbs[2:]]), encoding="utf-8")
    items, fault = _items(locate_database(database, settings(tmp_path)))
    rejected = [i.rejection for i in items if i.rejection is not None]
    assert fault is None and len(items) == good + 1
    assert [(r.title, r.reason) for r in rejected] == [("data.verb line 3", "no gloss separator '|'")]


def test_lexnames_beside_the_database_name_the_lexicographer_files(tmp_path: Path) -> None:
    database = write_excerpt(tmp_path / "db")
    assert locate_database(database, settings(tmp_path)).lexnames is None  # Debian's layout: the table's names
    lexnames = (VENDORED / "lexnames").read_text(encoding="utf-8").replace("noun.substance", "noun.stuff")
    (database / "lexnames").write_text(lexnames, encoding="utf-8")
    items, _ = _items(locate_database(database, settings(tmp_path)))
    water = next(i.lexeme for i in items if i.key == "en:noun:water")
    assert water.senses[0].labels == ("noun.stuff",)


def test_the_tarball_with_index_sense_beside_it_is_extracted_once(tmp_path: Path) -> None:
    database = write_excerpt(tmp_path / "db")
    folder = tmp_path / "shared"
    folder.mkdir()
    tarball = folder / "wordnet-3.0-debian-wordnet-base_3.0-37.dict.tar.xz"
    with tarfile.open(tarball, "w:xz") as tar:
        for name in ("data.noun", "data.verb", "data.adj", "data.adv"):
            tar.add(database / name, f"wordnet/{name}")
    (folder / "index.sense").write_bytes((database / "index.sense").read_bytes())
    found = locate_database(folder, settings(tmp_path))  # the folder holding the tarball, as shared/data
    assert found.data_dir.is_relative_to(tmp_path / "data" / "cache" / "wordnet-pwn30")
    assert found == locate_database(tarball, settings(tmp_path))
    assert _items(found)[0] == _items(locate_database(database, settings(tmp_path)))[0]


def test_a_cut_tarball_is_one_clear_error_at_plan_time(tmp_path: Path) -> None:
    database = write_excerpt(tmp_path / "db")
    tarball = tmp_path / "cut.tar"
    with tarfile.open(tarball, "w") as tar:
        for name in ("data.adj", "data.adv", "data.noun", "data.verb"):
            tar.add(database / name, f"wordnet/{name}")
    data = tarball.read_bytes()
    tarball.write_bytes(data[: len(data) - 12_000])  # inside the last member, data.verb
    (tmp_path / "index.sense").write_bytes((database / "index.sense").read_bytes())
    with pytest.raises(ConfigError, match=r"cut\.tar: cannot extract the WordNet database"):
        asyncio.run(PwnSource().plan(PlanRequest(location=str(tarball)), settings(tmp_path)))


@pytest.mark.parametrize("layout", ["missing", "no data.verb", "no index.sense"])
def test_a_location_that_is_not_a_database_is_one_clear_error_at_plan_time(tmp_path: Path, layout: str) -> None:
    database = write_excerpt(tmp_path / "db")
    expected = {"missing": "Princeton WordNet 3.0 not found", "no data.verb": r"\(no data.verb\)",
                "no index.sense": "no index.sense beside the WordNet database"}[layout]
    if layout == "missing":
        database = tmp_path / "nowhere"
    else:
        (database / layout.removeprefix("no ")).unlink()
    with pytest.raises(ConfigError, match=expected):
        asyncio.run(PwnSource().plan(PlanRequest(location=str(database)), settings(tmp_path)))


@pytest.mark.usefixtures("prefect_api")
def test_pwn_and_oewn_meet_in_one_word_entry_and_one_concept_entry(dsn: str, monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    from flows.extract import extract_language
    from tests.test_source_contract import _oewn_excerpt

    monkeypatch.setenv("AQEA_DATABASE_URL", dsn)
    monkeypatch.setenv("AQEA_DATA_DIR", str(tmp_path / "data"))
    pwn = write_excerpt(tmp_path / "pwn")
    for source, location in (("wordnet-oewn", _oewn_excerpt(tmp_path)), ("wordnet-pwn30", pwn)):
        state = asyncio.run(extract_language(source=source, location=str(location), return_state=True))
        assert state.is_completed(), state.message

    (concept,) = fetch(dsn, "SELECT id, source, address FROM aqea_entries WHERE language = 'ili' "
                            "AND lemma = 'i115069'")
    assert concept["source"] == "wordnet-oewn" and concept["address"].startswith("0x11:")
    views = fetch(dsn, "SELECT source, record_key FROM entry_sources WHERE entry_id = $1", concept["id"])
    assert [(v["source"], v["record_key"]) for v in views] == [("wordnet-pwn30", "14845743-n")]

    (water,) = fetch(dsn, "SELECT id, source, address FROM aqea_entries WHERE language = 'en' AND lemma = 'water' "
                          "AND pos = 'noun'")
    assert water["address"] is not None
    views = fetch(dsn, "SELECT source, record_key, meta FROM entry_sources WHERE entry_id = $1", water["id"])
    assert [(v["source"], v["record_key"]) for v in views] == [("wordnet-pwn30", "en:noun:water")]
    links = fetch(dsn, "SELECT source, to_entry FROM relations WHERE from_entry = $1 AND target_lemma = 'i115069'",
                  water["id"])
    # each source's word→concept link of the shared word points at the one concept entry
    assert {(r["source"], r["to_entry"]) for r in links} == {("wordnet-oewn", concept["id"]),
                                                            ("wordnet-pwn30", concept["id"])}
