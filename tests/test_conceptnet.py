"""ConceptNet (docs/conceptnet.md) on the real release-format rows of tests/data/conceptnet (copied from
shared/data/conceptnet): node URIs, the relation mapping, byte-range units, bad rows and cut files, and links
stored on the words' entries — one link however many sources state it."""

from __future__ import annotations

import asyncio
import bz2
import gzip
import json
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from aqea.conceptnet.edges import Invalid, Skipped, read_edge
from aqea.conceptnet.nodes import NodeError, parse_node
from aqea.conceptnet.reader import TruncatedInput, byte_ranges, lines
from aqea.conceptnet.relations import RELATIONS
from aqea.convert import to_entry
from aqea.model import COMMONSENSE_KINDS, UNTYPED_POS, Lexeme, Link
from aqea.pipeline import link_words, parser_process_init
from aqea.settings import Settings
from aqea.sources.base import PlanRequest, ReadContext
from aqea.sources.conceptnet import ConceptNetSource, EdgeRow, parse_row
from aqea.store.db import connect, create_pool
from aqea.store.links import LinksStored, store_links
from aqea.store.migrate import migrate
from aqea.store.relations import resolve_relations
from aqea.store.runs import register_units, start_run, store_batch, unit_row_id
from aqea.store.untyped import UNTYPED_REASON
from aqea.store.upsert import upsert_entries
from aqea.unit_run import StoreRequest, UnitFailed, run_unit

DATA = Path(__file__).resolve().parent / "data" / "conceptnet"  # copied from shared/data/conceptnet (its README)
ASSERTIONS = DATA / "assertions.csv"
ROWS = ASSERTIONS.read_text(encoding="utf-8").splitlines()


def test_the_real_rows_are_read_as_the_readme_counts_them() -> None:
    read = [line.text.decode("utf-8") for line in lines(ASSERTIONS)]
    assert read == ROWS and len(read) == 764
    relations = Counter(row.split("\t")[1] for row in read)
    assert {r: relations[f"/r/{r}"] for r in ("Synonym", "RelatedTo", "ExternalURL", "IsA", "SymbolOf", "HasContext",
                                              "DerivedFrom", "FormOf", "EtymologicallyRelatedTo")} == {
        "Synonym": 408, "RelatedTo": 102, "ExternalURL": 82, "IsA": 58, "SymbolOf": 25, "HasContext": 22,
        "DerivedFrom": 22, "FormOf": 16, "EtymologicallyRelatedTo": 14}
    meta = [json.loads(row.split("\t")[4]) for row in read]
    assert Counter(m["license"] for m in meta) == {"cc:by-sa/4.0": 597, "cc:by/4.0": 167}
    made = [read_edge(row) for row in read]
    links = [m for m in made if isinstance(m, Link)]
    assert not [m for m in made if isinstance(m, Invalid)]
    skipped = Counter(m.reason for m in made if isinstance(m, Skipped))
    # 80 external URLs are not WordNet (DBpedia, Wiktionary, OpenCyc …); one Synonym starts at Filipino "fil",
    # a code AQEA's tables do not hold (counted, not guessed)
    assert skipped == {"external URL": 80, "language not addressed": 1}
    assert len(links) == 764 - 81
    for m, link in zip(meta, made, strict=True):  # each link keeps its own row's weight, dataset and licence
        if isinstance(link, Link):
            assert (link.weight, link.dataset, link.licence) == (m["weight"], m["dataset"], m["license"])
    assert {link.licence for link in links} == {"cc:by-sa/4.0", "cc:by/4.0"}
    by_relation = Counter(link.relation for link in links)
    assert by_relation["/r/Synonym"] == 407 and by_relation["/r/ExternalURL"] == 2 and by_relation["/r/IsA"] == 58
    kinds = Counter(link.kind for link in links)
    # cross-language synonyms are translations
    assert kinds["translation"] + kinds["synonym"] == 407 and kinds["translation"] == 362
    assert all(link.from_language != link.target_language for link in links if link.kind == "translation")


def test_wordnet_urls_become_ili_concepts_through_the_31_map() -> None:
    concepts = {(link.from_lemma, link.from_pos, link.target_lemma) for row in ROWS
                if isinstance(link := read_edge(row), Link) and link.kind == "concept"}
    # wn31 100792739-n and 100793188-n → ili-map-pwn31.tab: i39567 00792739-n, i39568 00793188-n
    assert concepts == {("test", "noun", "i39567"), ("assay", "noun", "i39568")}


def test_derived_from_is_stored_the_way_our_derived_reads() -> None:
    row = next(r for r in ROWS if r.split("\t")[1] == "/r/DerivedFrom")
    _, _, start, end, _ = row.split("\t")
    link = read_edge(row)
    assert isinstance(link, Link) and link.kind == "derived"
    assert (link.from_lemma, link.target_lemma) == (parse_node(end).lemma, parse_node(start).lemma)


def test_node_uris() -> None:
    assert parse_node("/c/en/hard_questions") == parse_node("/c/en/hard_questions")
    node = parse_node("/c/en/test/n/wikt/en_1")
    assert (node.language, node.lemma, node.pos, node.sense) == ("en", "test", "noun", "wikt/en_1")
    assert parse_node("/c/en/assay/n/wn").sense == "wn"  # a source without a sense, as the release writes it
    assert parse_node("/c/en/hard_questions").lemma == "hard questions"
    assert parse_node("/c/ja/科学者").pos == "expression"  # none given: model.UNTYPED_POS, as PanLex's words
    assert parse_node("/c/en/red/s").pos == "adjective"
    for bad in ("/c/en", "/c//x", "/r/IsA", "http://x", "/c/en/test/q", "/c/en/test/n//x", "/c/e n/x"):
        with pytest.raises(NodeError):
            parse_node(bad)


def test_every_relation_has_a_kind_the_schema_allows() -> None:
    sql = (Path(__file__).resolve().parents[1] / "src/aqea/store/migrations/014_link_sources.sql").read_text()
    for kind in {m.kind for m in RELATIONS.values()} | COMMONSENSE_KINDS:
        assert f"'{kind}'" in sql, kind


@pytest.mark.parametrize("parts", [1, 2, 3, 7, 50])
def test_byte_ranges_read_every_line_once(parts: int) -> None:
    ranges = byte_ranges(ASSERTIONS, parts)
    assert len(ranges) == min(parts, ASSERTIONS.stat().st_size // 4096)
    read = [line.text.decode("utf-8") for start, end in ranges for line in lines(ASSERTIONS, start, end)]
    assert read == ROWS


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_cut_compressed_file_ends_with_one_clear_error_after_its_whole_lines(tmp_path: Path, suffix: str) -> None:
    data = ASSERTIONS.read_bytes()
    # bz2 in 100 kB blocks (level 1): a block decodes only whole, so the cut must leave one before it
    packed = gzip.compress(data) if suffix == ".gz" else bz2.compress(data, 1)
    cut = tmp_path / f"assertions.csv{suffix}"
    cut.write_bytes(packed[: len(packed) * 3 // 4])
    assert byte_ranges(cut, 4) == [(0, None)]  # a compressed file is not entered in the middle
    read: list[str] = []
    with pytest.raises(TruncatedInput, match=f"truncated \\{suffix}"):
        for line in lines(cut):
            read.append(line.text.decode("utf-8"))
    assert 0 < len(read) < 764 and read == ROWS[: len(read)]  # whole lines only, in order


def test_bad_rows_are_rejected_with_their_reason() -> None:
    good = ROWS[0].split("\t")
    bad = {
        "wrong column count": "\t".join(good[:4]),
        "invalid JSON": "\t".join([*good[:4], '{"dataset": "/d/x", '.rstrip()]),
        "unknown relation": "\t".join([good[0], "/r/LikesToEat", *good[2:]]),
        "unparsable node URI": "\t".join([good[0], good[1], "/c/en", *good[3:]]),
    }
    for reason, row in bad.items():
        result = parse_row("conceptnet", EdgeRow(f"/a/bad-{reason}", "v", row.encode()))
        assert result.rejection is not None and result.rejection.reason == reason and not result.links, reason
    latin1 = parse_row("conceptnet", EdgeRow("/a/latin1", "v", ROWS[0].encode() + b"\xdf"))
    assert latin1.rejection is not None and latin1.rejection.reason == "not UTF-8"
    assert parse_row("conceptnet", EdgeRow("/a/ok", "v", ROWS[0].encode())).links


# --- stored: real PostgreSQL, parsing in a parser process -------------------------------------------------------

async def _run_file(dsn: str, path: Path, run_id: str, units: int = 2) -> tuple[dict[str, int], list[str]]:
    """Every unit of the file through the unit runner; returns the summed counters and the units that failed."""
    settings = Settings().with_overrides(batch_pages=40, parse_workers=1)
    src = ConceptNetSource()
    plan = await src.plan(PlanRequest(location=str(path), units=units), settings)
    conn = await connect(dsn)
    await migrate(conn)
    await start_run(conn, run_id, source=plan.edition, language=plan.language, dump=plan.origin, flow_run_id=None,
                    units=len(plan.units))
    await register_units(conn, run_id, [(u.unit_id, u.model_dump(mode="json")) for u in plan.units],
                         source=plan.edition, language=plan.language)
    await conn.close()
    pool = await create_pool(dsn, 2)
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=parser_process_init)
    totals: Counter[str] = Counter()
    failed: list[str] = []

    async def store(request: StoreRequest, unit: Any) -> dict[str, int]:
        async with pool.acquire() as c:
            stored = await store_batch(
                c, unit_row=unit_row_id(run_id, unit.unit_id), source=unit.edition, entries=request.outcome.entries,
                rejections=request.outcome.rejections, pages=request.outcome.pages,
                text_bytes=request.outcome.text_bytes, record_keys=request.outcome.record_keys,
                checkpoint_key=request.checkpoint_label, pages_before=request.records_before,
                links=request.outcome.links, link_words=request.outcome.link_words)
        linked = stored.links or LinksStored()  # a batch of skipped rows only has none
        return {"pages": stored.pages, "new": stored.new, "db_ms": 0, "links_new": linked.links_new,
                "links_restated": linked.links_restated, "words_created": linked.words_created,
                "words_merged": linked.words_merged}

    try:
        for unit in plan.units:
            try:
                summary = await run_unit(src, unit, pool=pool, settings=settings,
                                         row=unit_row_id(run_id, unit.unit_id), attempt=None, executor=executor,
                                         store=lambda r, u=unit: store(r, u), context=ReadContext(settings))
                totals.update({k: v for k, v in summary.items() if isinstance(v, int)})
            except UnitFailed as exc:
                failed.append(str(exc))
    finally:
        executor.shutdown()
        await pool.close()
    return dict(totals), failed


def test_an_edge_restating_a_wiktionary_link_is_one_link_with_two_sources(dsn: str) -> None:
    async def check() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        # the English Wiktionary's noun "test", sense 1 a synonym of "examination" (as its page gives it)
        wikt = to_entry(Lexeme("en", "test", "noun", ("Noun",), 1, "enwiktionary", "1", "100",
                               relations=(("synonym", "examination", "en", "1", ""),)))
        async with conn.transaction():
            await upsert_entries(conn, [wikt], source="enwiktionary")
        test_id = await conn.fetchval("SELECT id FROM aqea_entries WHERE lemma = 'test' AND language = 'en'")
        await conn.close()

        totals, failed = await _run_file(dsn, ASSERTIONS, "cn")
        assert not failed and totals["pages"] == 764
        conn = await connect(dsn)
        try:
            rows = await conn.fetch("""SELECT source, sense FROM relations WHERE from_entry = $1 AND kind = 'synonym'
                                       AND target_language = 'en' AND target_lemma = 'examination'""", test_id)
            assert [(r["source"], r["sense"]) for r in rows] == [("enwiktionary", "1")]  # one link …
            stated = await conn.fetch("""SELECT statement, dataset, licence, weight FROM link_sources
                                         WHERE from_entry = $1 AND kind = 'synonym' AND target_lemma = 'examination'
                                         ORDER BY statement""", test_id)
            # … stated by Wiktionary and by ConceptNet's two rows (/c/en/test/n and its sense /wikt/en_1)
            assert [r["statement"] for r in stated] == [
                "/a/[/r/Synonym/,/c/en/test/n/,/c/en/examination/]",
                "/a/[/r/Synonym/,/c/en/test/n/wikt/en_1/,/c/en/examination/]"]
            # each statement with its own dataset and licence (the French Wiktionary states /c/en/test/n's)
            assert [(r["dataset"], r["licence"]) for r in stated] == [("/d/wiktionary/fr", "cc:by-sa/4.0"),
                                                                       ("/d/wiktionary/en", "cc:by-sa/4.0")]
            assert totals["links_restated"] >= 1 and totals["words_merged"] >= 1
            # ConceptNet's own links hang on the Wiktionary entry too (ConceptNet wrote no second "test" noun)
            assert await conn.fetchval("""SELECT count(*) FROM aqea_entries WHERE language = 'en' AND lemma = 'test'
                                          AND pos = 'noun'""") == 1
            own = await conn.fetchval("""SELECT count(*) FROM relations WHERE from_entry = $1
                                         AND source = 'conceptnet'""", test_id)
            assert own > 10
            # every row's statement is kept once, with its licence; words created are counted as new entries
            assert await conn.fetchval("SELECT count(DISTINCT statement) FROM link_sources") == 764 - 81
            assert totals["words_created"] == totals["new"] == await conn.fetchval(
                "SELECT count(*) FROM aqea_entries WHERE source = 'conceptnet'")
            # the words ConceptNet gives without a part of speech are stored as expressions (as PanLex's), without
            # an address (reason given); none as 'unknown', the name of a heading nobody knows
            untyped = await conn.fetch("""SELECT unaddressed_reason, record_key FROM aqea_entries
                                          WHERE source = 'conceptnet' AND pos = 'expression'""")
            assert untyped and all(r["unaddressed_reason"] == UNTYPED_REASON for r in untyped)
            assert all(":expression:" in r["record_key"] for r in untyped)
            assert await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE pos = 'unknown'") == 0
        finally:
            await conn.close()

    asyncio.run(check())


def test_bad_rows_among_real_ones_are_rejections_and_the_run_goes_on(dsn: str, tmp_path: Path) -> None:
    good = ROWS[0].split("\t")
    bad_rows = ["\t".join(good[:3]), "\t".join([*good[:4], "{not json"]), "\t".join([good[0], "/r/Eats", *good[2:]]),
                "\t".join([good[0], good[1], "/c/", *good[3:]])]
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join([*ROWS[:100], *bad_rows, *ROWS[100:]]) + "\n", encoding="utf-8")

    async def check() -> None:
        totals, failed = await _run_file(dsn, mixed, "mixed", units=3)
        assert not failed and totals["pages"] == 768
        conn = await connect(dsn)
        try:
            reasons = Counter(r["reason"] for r in await conn.fetch("SELECT reason FROM rejected_pages"))
            assert reasons == {"wrong column count": 1, "invalid JSON": 1, "unknown relation": 1,
                               "unparsable node URI": 1}
            assert await conn.fetchval("SELECT count(DISTINCT statement) FROM link_sources") == 764 - 81
        finally:
            await conn.close()

    asyncio.run(check())


def test_a_cut_gz_keeps_what_was_stored_and_fails_its_unit_once(dsn: str, tmp_path: Path) -> None:
    packed = gzip.compress(ASSERTIONS.read_bytes())
    cut = tmp_path / "assertions.csv.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])

    async def check() -> None:
        _, failed = await _run_file(dsn, cut, "cut")
        assert len(failed) == 1 and "truncated .gz" in failed[0]
        conn = await connect(dsn)
        try:
            unit = await conn.fetchrow("SELECT pages_processed, status, error FROM work_units")
            assert unit["status"] == "failed" and 0 < unit["pages_processed"] < 764
            assert await conn.fetchval("SELECT count(DISTINCT statement) FROM link_sources") > 0
            errors = await conn.fetch("SELECT reason, detail FROM rejected_pages")
            assert len(errors) == 1 and "truncated .gz" in errors[0]["detail"]
        finally:
            await conn.close()

    asyncio.run(check())


def test_the_same_link_stored_conceptnet_first_is_one_link_after_resolving(dsn: str) -> None:
    """Order does not matter: ConceptNet's row for a link goes when an edition states it later (its statements
    stay), and comes back when that edition drops the link (store/relations.reconcile_link_sources)."""

    async def check() -> None:
        totals, failed = await _run_file(dsn, ASSERTIONS, "cn-first")
        assert not failed and totals["pages"] == 764
        conn = await connect(dsn)
        try:
            test_id = await conn.fetchval("""SELECT id FROM aqea_entries WHERE language = 'en' AND lemma = 'test'
                                             AND pos = 'noun'""")
            same = """SELECT source FROM relations WHERE from_entry = $1 AND kind = 'synonym'
                      AND target_language = 'en' AND target_lemma = 'examination' ORDER BY source"""
            assert [r["source"] for r in await conn.fetch(same, test_id)] == ["conceptnet"]
            # the English Wiktionary's noun "test" is stored later, a synonym of "examination" in sense 1
            wikt = to_entry(Lexeme("en", "test", "noun", ("Noun",), 1, "enwiktionary", "1", "100",
                                   relations=(("synonym", "examination", "en", "1", ""),)))
            async with conn.transaction():
                await upsert_entries(conn, [wikt], source="enwiktionary")
            assert await conn.fetchval("""SELECT count(*) FROM aqea_entries WHERE language = 'en' AND lemma = 'test'
                                          AND pos = 'noun'""") == 1
            assert len(await conn.fetch(same, test_id)) == 2
            counts = await resolve_relations(conn)
            assert [r["source"] for r in await conn.fetch(same, test_id)] == ["enwiktionary"]  # one link …
            assert counts["link_rows_dropped"] >= 1
            assert await conn.fetchval("""SELECT count(*) FROM link_sources WHERE from_entry = $1 AND kind = 'synonym'
                                          AND target_lemma = 'examination'""", test_id) == 2  # … two statements
            # the edition drops it again: ConceptNet's statement still makes it a link
            await conn.execute("DELETE FROM relations WHERE from_entry = $1 AND source = 'enwiktionary'", test_id)
            counts = await resolve_relations(conn)
            assert [r["source"] for r in await conn.fetch(same, test_id)] == ["conceptnet"]
            assert counts["link_rows_restored"] == 1 and counts["link_rows_dropped"] == 0
        finally:
            await conn.close()

    asyncio.run(check())


def _link(from_lemma: str, from_pos: str, target_lemma: str, statement: str) -> Link:
    return Link("en", from_lemma, from_pos, "related", "en", target_lemma, "noun", 1.0, "/d/conceptnet/4/en",
                "cc:by-sa/4.0", statement, "/r/RelatedTo")


def test_a_word_without_part_of_speech_is_found_by_the_rule_panlex_words_attach_by(dsn: str) -> None:
    """/c/en/run (no part of speech) is the noun among a verb and a noun — the lowest category code, whichever was
    stored first (store/untyped.choose) —; a word with only an inflected form is that form; one whose only entry
    has a part of speech nobody knows is a new expression, as PanLex's would be."""

    async def check() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        try:
            stored = [to_entry(Lexeme("en", lemma, pos, (name,), 1, "enwiktionary", key, "1"))
                      for lemma, pos, name, key in (("run", "verb", "Verb", "1"), ("run", "noun", "Noun", "2"),
                                                    ("ran", "inflected_form", "Verb", "3"),
                                                    ("zorp", "unknown", "Zorp", "4"))]
            async with conn.transaction():
                for entry in stored:  # one by one: the verb gets the lower id
                    await upsert_entries(conn, [entry], source="enwiktionary")
            links = [_link("run", UNTYPED_POS, "race", "/a/1"), _link("ran", UNTYPED_POS, "race", "/a/2"),
                     _link("zorp", UNTYPED_POS, "race", "/a/3")]
            async with conn.transaction():
                result = await store_links(conn, "conceptnet", link_words(links, "conceptnet"), links)
            rows = await conn.fetch("""SELECT e.lemma, e.pos, e.source FROM relations r JOIN aqea_entries e
                                       ON e.id = r.from_entry WHERE r.target_lemma = 'race' ORDER BY e.lemma""")
            assert [(r["lemma"], r["pos"], r["source"]) for r in rows] == [
                ("ran", "inflected_form", "enwiktionary"), ("run", "noun", "enwiktionary"),
                ("zorp", "expression", "conceptnet")]
            assert result.words_merged == 2
            # the expression stored now is found again (a re-run adds no second one)
            async with conn.transaction():
                again = await store_links(conn, "conceptnet", link_words(links, "conceptnet"), links)
            assert again.words_created == 0 and again.words_merged == 2
            assert await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE lemma = 'zorp'") == 2
        finally:
            await conn.close()

    asyncio.run(check())


def test_migration_015_renames_the_unknown_words_stored_before_as_expressions(dsn: str) -> None:
    async def check() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        try:
            # as the code before migration 015 stored them: part of speech "unknown", keyed en:unknown:<lemma>;
            # "kiwi" is also an expression already (PanLex), so its old entry stays beside it
            old = [to_entry(Lexeme("en", lemma, "unknown", ("none given",), 1, "conceptnet", f"en:unknown:{lemma}",
                                   "link-word-1")) for lemma in ("hard questions", "kiwi")]
            panlex = to_entry(Lexeme("en", "kiwi", UNTYPED_POS, ("none given",), 1, "panlex", "en:kiwi", "1"))
            async with conn.transaction():
                await upsert_entries(conn, [panlex], source="panlex")
                await upsert_entries(conn, old, source="conceptnet")
                await conn.execute("DELETE FROM schema_migrations WHERE version = 15")
            assert [m.version for m in await migrate(conn)] == [15]
            rows = {r["lemma"]: r for r in await conn.fetch(
                "SELECT lemma, pos, record_key, description, meta, unaddressed_reason FROM aqea_entries "
                "WHERE source = 'conceptnet'")}
            renamed = rows["hard questions"]
            assert (renamed["pos"], renamed["record_key"]) == ("expression", "en:expression:hard questions")
            assert renamed["description"] == "English expression 'hard questions'."
            meta = renamed["meta"]
            assert (meta["pos"], meta["record_key"]) == ("expression", "en:expression:hard questions")
            assert renamed["unaddressed_reason"] == UNTYPED_REASON
            assert rows["kiwi"]["pos"] == "unknown"  # kept: the expression "kiwi" is PanLex's
            # a re-run of the word finds the renamed entry: no second one
            links = [_link("hard questions", UNTYPED_POS, "exam", "/a/9")]
            async with conn.transaction():
                result = await store_links(conn, "conceptnet", link_words(links, "conceptnet"), links)
            assert result.words_created == 1 and result.words_merged == 0  # only the target "exam" is new
            assert await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE lemma = 'hard questions'") == 1
        finally:
            await conn.close()

    asyncio.run(check())
