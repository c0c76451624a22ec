"""The OMW word lists as a source (``wordnet-omw``, src/aqea/sources/wordnet_omw.py), on the real files: records,
planning by edition, bad input, and — with a real PostgreSQL — German words merged onto the German Wiktionary
sample's entries and linked to OEWN's concepts."""

from __future__ import annotations

import asyncio
import gzip
import lzma
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from aqea.errors import ConfigError, SourceError
from aqea.pipeline import parser_process_init
from aqea.settings import Settings
from aqea.sources import registry
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext
from aqea.sources.wordnet import WordnetItem
from aqea.sources.wordnet_omw import OmwSource, omw_items
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect, create_pool
from aqea.store.migrate import migrate
from aqea.store.relations import resolve_relations
from aqea.store.runs import register_units, start_run, store_batch, unit_row_id
from aqea.unit_run import StoreRequest, run_unit
from aqea.wordnet.files import open_text
from tests.samples import DE_DUMP
from tests.test_source_contract import _oewn_excerpt
from tests.wordnet_data import wordnet_files


def _plain(tmp: Path, project: str, language: str) -> Path:
    """The real file, decompressed (as stored in the repository it is .xz)."""
    with open_text(wordnet_files().omw(project, language), "OMW file") as fh:
        text = fh.read()
    out = tmp / f"wn-{project}-{language}.tab"
    out.write_text(text, encoding="utf-8")
    return out


def _words(path: Path, edition: str = "omw-wikt") -> dict[str, WordnetItem]:
    items, fault = omw_items(path, edition)
    assert fault is None
    return {i.key: i for i in items}


def test_a_german_word_is_one_record_with_a_sense_and_a_concept_link_per_synset() -> None:
    items, fault = omw_items(wordnet_files().omw("wikt", "deu"), "omw-wikt")
    assert fault is None and [i.key for i in items] == sorted(i.key for i in items)
    assert len({i.key for i in items}) == len(items)
    water = next(i.lexeme for i in items if i.key == "de:noun:Wasser")
    assert water is not None
    # wn-wikt-deu.tab: 07936745-n, 14845743-n (water, H2O), 14847357-n, in file order
    assert water.extra["synsets"] == ["07936745-n", "14845743-n", "14847357-n"]
    assert water.extra["ilis"] == ["i79030", "i115069", "i115075"]
    assert [s.number for s in water.senses] == ["1", "2", "3"] and all(s.gloss == "" for s in water.senses)
    assert ("concept", "i115069", "ili", "2", "") in water.relations
    assert (water.language, water.pos, water.homograph, water.source) == ("de", "noun", 1, "omw-wikt")
    # satellites, written "-a" in the wikt files, are adjectives on the synset as CILI writes it ("-s")
    rot = next(i.lexeme for i in items if i.key == "de:adjective:rot")
    assert rot is not None and any(s.endswith("-s") for s in rot.extra["synsets"])
    # a German noun the list writes in lower case takes its capital, the file's spelling kept
    race = next(i.lexeme for i in items if i.key == "de:noun:Rennen")
    assert race is not None and race.extra["omw_lemma"] == "rennen" and "de:noun:rennen" not in {i.key for i in items}
    assert next(i for i in items if i.key == "de:noun:blaues Auge")  # phrases keep their case


def test_a_changed_file_changes_the_version_of_the_changed_words_only(tmp_path: Path) -> None:
    path = _plain(tmp_path, "wikt", "deu")
    before = {k: i.version for k, i in _words(path).items()}
    with path.open("a", encoding="utf-8") as fh:
        fh.write("14846517-n\tdeu:lemma\tWasser\n")  # water as a liquid: one more synset for Wasser
    after = {k: i.version for k, i in _words(path).items()}
    assert after.keys() == before.keys()
    assert {k for k in after if after[k] != before[k]} == {"de:noun:Wasser"}


def test_bad_rows_are_recorded_rejections_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = _plain(tmp_path, "wikt", "fra").read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "wn-wikt-fra.tab"
    bad.write_text("".join([*lines[:5], "14845743-n\tfra:lemma\n", "99999999-n\tfra:lemma\tnulle part\n",
                            "14845743-n\tfra:lemma\t \n", *lines[5:]]), encoding="utf-8")
    items, fault = omw_items(bad, "omw-wikt")
    assert fault is None
    rejected = {i.key: i.rejection for i in items if i.rejection is not None}
    assert {k: (r.reason, r.source) for k, r in rejected.items()} == {
        "rejected:wn-wikt-fra:line 6": ("wrong column count", "omw-wikt"),
        "rejected:wn-wikt-fra:line 7": ("unknown synset", "omw-wikt"),
        "rejected:wn-wikt-fra:line 8": ("empty lemma", "omw-wikt")}
    assert "99999999-n" in rejected["rejected:wn-wikt-fra:line 7"].detail
    good = {i.key for i in omw_items(wordnet_files().omw("wikt", "fra"), "omw-wikt")[0]}
    assert {i.key for i in items if i.lexeme is not None} == good  # nothing else lost
    assert next(i for i in items if i.key == "fr:noun:eau").lexeme is not None


@pytest.mark.parametrize("damage", ["cut gz", "cut xz", "corrupt xz"])
def test_a_damaged_file_keeps_the_rows_before_and_ends_with_one_source_error(tmp_path: Path, damage: str) -> None:
    plain = _plain(tmp_path, "wikt", "ita").read_bytes()
    packed = gzip.compress(plain) if "gz" in damage else lzma.compress(plain)
    if damage.startswith("cut"):
        packed = packed[: len(packed) // 2]
    else:  # garbage from the middle on: the stream stops decompressing there
        packed = packed[: len(packed) // 2] + bytes(len(packed) // 2)
    path = tmp_path / f"wn-wikt-ita.tab.{'gz' if 'gz' in damage else 'xz'}"
    path.write_bytes(packed)
    complete = _words(tmp_path / "wn-wikt-ita.tab")

    async def read_all() -> tuple[list[WordnetItem], SourceError | None]:
        src = OmwSource()
        unit = (await src.plan(PlanRequest(location=str(path)), Settings())).units[0]
        got: list[WordnetItem] = []
        try:
            async for batch in src.read(unit, Checkpoint(), batch_records=500, max_records=None,
                                        context=ReadContext(Settings())):
                got += batch  # type: ignore[arg-type]
        except SourceError as exc:
            return got, exc
        return got, None

    got, error = asyncio.run(read_all())
    assert error is not None and str(error).count("\n") == 0
    assert ("truncated file" if damage.startswith("cut") else "corrupt file") in str(error)
    assert str(path) in str(error) and "after line" in str(error)
    assert 1000 < len(got) < len(complete)  # the rows before the damage are words, read
    assert all(i.key in complete for i in got)


def test_plan_one_edition_per_run(tmp_path: Path) -> None:
    folder = tmp_path / "omw"
    shutil.copytree(wordnet_files().root / "omw", folder)
    src = OmwSource()

    def plan(location: Path, edition: str | None = None, force: bool = False) -> Any:
        return asyncio.run(src.plan(PlanRequest(location=str(location), edition=edition, force_edition=force),
                                    Settings()))

    with pytest.raises(ConfigError, match=r"omw-cldr and omw-wikt.*--edition omw-cldr\|omw-wikt"):
        plan(folder)
    wikt = plan(folder, "omw-wikt")
    assert (wikt.edition, wikt.language) == ("omw-wikt", "mul")
    assert [u.unit_id for u in wikt.units] == [f"wn-wikt-{x}" for x in ("deu", "eng", "fra", "ita", "spa")]
    assert {u.edition for u in wikt.units} == {"omw-wikt"}
    cldr = plan(folder, "omw-cldr")
    assert [u.unit_id for u in cldr.units] == ["wn-cldr-deu", "wn-cldr-eng", "wn-cldr-fra"]
    one = plan(next(folder.glob("wn-cldr-fra.tab*")))
    assert (one.edition, one.language, len(one.units)) == ("omw-cldr", "fr", 1)
    with pytest.raises(ConfigError, match="is an omw-cldr file, not omw-wikt"):
        plan(next(folder.glob("wn-cldr-fra.tab*")), "omw-wikt")
    assert plan(next(folder.glob("wn-cldr-fra.tab*")), "omw-wikt", force=True).edition == "omw-wikt"
    with pytest.raises(ConfigError, match="no edition 'omw-wolf'"):
        plan(folder, "omw-wolf")
    renamed = tmp_path / "german.tab"  # not an OMW name: its header says Wiktionary, deu
    renamed.write_bytes(_plain(tmp_path, "wikt", "deu").read_bytes())
    assert (plan(renamed).edition, plan(renamed).language) == ("omw-wikt", "de")
    nameless = tmp_path / "words.tab"
    nameless.write_text("14845743-n\tdeu:lemma\tWasser\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Wiktionary or CLDR"):
        plan(nameless)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no OMW tab files"):
        plan(tmp_path / "empty")
    assert registry.licence_of(registry.load_source("wordnet-omw"), "omw-cldr")[0].startswith("Unicode")


# --- with a real PostgreSQL: one entry per word across sources, linked to its concept ---


async def _extract(source: str, location: str, run_id: str, pool: Any, conn: Any, executor: Any,
                   edition: str | None = None) -> dict[str, int]:
    """Plan, register and run every unit of a source, Prefect-free (aqea.unit_run), as the flow does."""
    settings = Settings().with_overrides(batch_pages=500, parse_workers=1)
    src = registry.load_source(source)
    plan = await src.plan(PlanRequest(location=location, edition=edition), settings)
    await start_run(conn, run_id, source=plan.edition, language=plan.language, dump=plan.origin, flow_run_id=None,
                    units=len(plan.units))
    await register_units(conn, run_id, [(u.unit_id, u.model_dump(mode="json")) for u in plan.units],
                         source=plan.edition, language=plan.language)
    totals = {"pages": 0, "new": 0, "updated": 0, "unchanged": 0}

    for unit in plan.units:
        row = unit_row_id(run_id, unit.unit_id)

        async def store(request: StoreRequest, unit: Any = unit, row: str = row) -> dict[str, int]:
            async with pool.acquire() as c:
                s = await store_batch(
                    c, unit_row=row, source=unit.edition, entries=request.outcome.entries,
                    rejections=request.outcome.rejections, pages=request.outcome.pages,
                    text_bytes=request.outcome.text_bytes, provenance={}, record_keys=request.outcome.record_keys,
                    unchanged_pages_entries=request.unchanged_entries, checkpoint_key=request.checkpoint_label,
                    pages_before=request.records_before)
            return {"pages": s.pages, "new": s.new, "updated": s.updated, "unchanged": s.unchanged, "db_ms": 0}

        summary = await run_unit(src, unit, pool=pool, settings=settings, row=row, attempt=None, executor=executor,
                                 store=store, context=ReadContext(settings))
        for key in totals:
            totals[key] += summary.get(key, 0)
    await allocate_pending(conn)
    await resolve_relations(conn)
    return totals


def test_german_words_merge_onto_the_wiktionary_sample_and_link_to_oewn_concepts(dsn: str, tmp_path: Path) -> None:
    asyncio.run(_merge(dsn, tmp_path))


async def _merge(dsn: str, tmp_path: Path) -> None:
    conn = await connect(dsn)
    await migrate(conn)
    pool = await create_pool(dsn, 2)
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=parser_process_init)
    omw = str(_plain(tmp_path, "wikt", "deu"))
    try:
        await _extract("wiktionary-dump", str(DE_DUMP), "de", pool, conn, executor)
        german = await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE language = 'de'")

        first = await _extract("wordnet-omw", omw, "omw", pool, conn, executor)
        # the German sample's 202 pages: 89 titles are lemmas of wn-wikt-deu, and 88 of its words share a key
        # (language, lemma, part of speech, homograph 1) with the sample's entries: those become views
        merged = await conn.fetchval("SELECT count(*) FROM entry_sources WHERE source = 'omw-wikt'")
        assert merged == 88
        own = await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE source = 'omw-wikt'")
        assert first["new"] == own + merged and first["updated"] == 0
        assert await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE language = 'de' AND source <> "
                                   "'omw-wikt'") == german

        # Haus: the sample's entry, with wn-wikt-deu's word as its omw-wikt view (one entry, one address)
        house = await conn.fetch("SELECT id, source, address FROM aqea_entries WHERE language = 'de' "
                                 "AND lemma = 'Haus' AND pos = 'noun' AND deleted_at IS NULL")
        assert [r["source"] for r in house] == ["dewiktionary"] and house[0]["address"]
        view = await conn.fetchrow("SELECT record_key, meta FROM entry_sources WHERE entry_id = $1 "
                                   "AND source = 'omw-wikt'", house[0]["id"])
        assert view is not None and view["record_key"] == "de:noun:Haus"
        # Wasser is not among the sample's 202 pages: its entry is wn-wikt-deu's own
        water = await conn.fetch("SELECT id, source, address FROM aqea_entries WHERE language = 'de' "
                                 "AND lemma = 'Wasser' AND pos = 'noun' AND deleted_at IS NULL")
        assert [r["source"] for r in water] == ["omw-wikt"] and water[0]["address"]
        link = "SELECT to_entry FROM relations WHERE from_entry = $1 AND source = 'omw-wikt' AND kind = 'concept' " \
               "AND target_language = 'ili' AND target_lemma = $2 AND sense = $3"
        assert await conn.fetchval(link, water[0]["id"], "i115069", "2") is None  # no concept yet: the link waits
        assert await conn.fetchval(link, house[0]["id"], "i54960", "1") is None

        # CLDR's German list is the other edition: Januar (in the sample and in both lists) has two views
        await _extract("wordnet-omw", str(wordnet_files().omw("cldr", "deu")), "cldr", pool, conn, executor)
        january = await conn.fetchval("SELECT id FROM aqea_entries WHERE (language, lemma, pos, source) = "
                                      "('de', 'Januar', 'noun', 'dewiktionary')")
        assert sorted(r["source"] for r in await conn.fetch(
            "SELECT source FROM entry_sources WHERE entry_id = $1", january)) == ["omw-cldr", "omw-wikt"]

        # the concepts arrive with OEWN (an excerpt with water and house): the waiting links resolve
        await _extract("wordnet-oewn", str(_oewn_excerpt(tmp_path)), "oewn", pool, conn, executor)
        for entry, ili, sense in ((water, "i115069", "2"), (house, "i54960", "1")):
            concept = await conn.fetchval("SELECT id FROM aqea_entries WHERE language = 'ili' AND lemma = $1", ili)
            assert concept is not None and await conn.fetchval(link, entry[0]["id"], ili, sense) == concept

        again = await _extract("wordnet-omw", omw, "omw-again", pool, conn, executor)
        assert again["new"] == again["updated"] == 0 and again["pages"] == first["pages"]
    finally:
        executor.shutdown()
        await pool.close()
        await conn.close()
