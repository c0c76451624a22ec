"""PanLex readers and the ``panlex`` source on the real sample (tests/data/panlex-full, copied from
shared/data/panlex: langvar.json, the Swadesh corpus, zho_eng_lexicon.txt; the README's counts), the synthetic
dump fixture, bad input, and — with a real PostgreSQL — the rule that attaches words without part of speech to
typed entries, and Swadesh concept links."""

from __future__ import annotations

import asyncio
import bz2
import gzip
import json
import lzma
import multiprocessing
import shutil
import tarfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from aqea.errors import ConfigError
from aqea.panlex import dump, lexicon, swadesh
from aqea.panlex.files import DamagedFile
from aqea.panlex.langvar import read_varieties
from aqea.panlex.spool import SortedRows
from aqea.panlex.tables import Rejection
from aqea.pipeline import parser_process_init
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, RunPlan
from aqea.sources.panlex import PanlexSource, PanlexUnit, in_order_streamed, open_unit, unit_items
from aqea.store.db import connect, create_pool
from aqea.store.migrate import migrate
from aqea.store.untyped import UNTYPED_REASON, choose
from tests.samples import DE_DUMP
from tests.test_wordnet_omw_source import _extract

ROOT = Path(__file__).resolve().parents[1]
# the real files of shared/data/panlex, compressed (tests/data/README.md): langvar.json, the Swadesh corpus, the lexicon
FULL = ROOT / "tests" / "data" / "panlex-full"
SAMPLE = ROOT / "tests" / "data" / "panlex"  # real excerpts: 4 Swadesh 207 files, 40 lexicon pairs, 6 varieties
FIXTURE = ROOT / "tests" / "data" / "panlex-dump-fixture"  # SYNTHETIC (its README)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real PanLex files unpacked as shared/data/panlex holds them."""
    folder = tmp_path_factory.mktemp("panlex")
    (folder / "langvar.json").write_bytes(lzma.decompress((FULL / "langvar.json.xz").read_bytes()))
    with tarfile.open(FULL / "swadesh.tar.xz") as archive:
        archive.extractall(folder, filter="data")
    shutil.copy(FULL / "zho_eng_lexicon.txt", folder)
    return folder


def _plan(location: Path, units: int | None = None) -> RunPlan:
    return asyncio.run(PanlexSource().plan(PlanRequest(location=str(location), units=units), Settings()))


# --- the real sample's counts ---


def test_langvar_maps_uids_to_our_languages_and_never_guesses(shared: Path) -> None:
    table = read_varieties(shared / "langvar.json")
    assert len(table.by_id) == 13_213 and not table.rejections
    codes = Counter(v.lang_code for v in table.by_id.values())
    assert (codes["eng"], codes["deu"]) == (89, 9)
    assert {u: table.by_uid[u].id for u in ("deu-000", "eng-000", "fra-000")} == {
        "deu-000": 157, "eng-000": 187, "fra-000": 211}
    assert [table.language(u) for u in ("deu-000", "eng-000", "cmn-000", "aar-000")] == ["de", "en", "zh", "aar"]
    unknown = table.language("deu-999")
    assert isinstance(unknown, Rejection) and unknown.reason == "unknown language variety"
    for uid, iso_type in (("art-012", None), ("aar-000", "c")):
        got = table.language(uid, iso_type)
        assert isinstance(got, Rejection) and got.reason == "no AQEA language"


def test_swadesh_lists_have_the_readmes_counts_and_line_n_is_concept_n(shared: Path) -> None:
    corpus = shared / "swadesh" / "panlex_swadesh"
    for name, files, concepts, expressions, empty in (("swadesh110", 2_111, 110, 330_471, 29_870),
                                                      ("swadesh207", 776, 207, 234_017, 20_960)):
        folder = corpus / name
        paths = swadesh.list_files(folder)
        lists = [swadesh.read_list(p, concepts) for p in paths]
        assert len(paths) == files and all(isinstance(w, swadesh.WordList) for w in lists)
        assert sum(len(line) for w in lists for line in w.lines) == expressions  # type: ignore[union-attr]
        assert sum(not line for w in lists for line in w.lines) == empty  # type: ignore[union-attr]
    assert swadesh.concepticon_of(corpus / "swadesh207") == ("art-012", 207)
    assert swadesh.concepticon_of(corpus / "swadesh110") == ("art-277", 110)
    water = {u: swadesh.read_list(corpus / "swadesh207" / f"{u}.txt", 207).lines[149]  # type: ignore[union-attr]
             for u in ("eng-000", "deu-000", "fra-000")}
    assert water == {"eng-000": ("water",), "deu-000": ("Wasser",), "fra-000": ("eau",)}
    assert swadesh.read_list(corpus / "swadesh110" / "eng-000.txt", 110).lines[93] == ("water",)  # type: ignore


def test_the_real_lexicon_gives_every_pair_both_ways(shared: Path) -> None:
    path = shared / "zho_eng_lexicon.txt"
    pairs = list(lexicon.read_pairs(path))
    assert len(pairs) == 10_679 and not [p for p in pairs if isinstance(p, Rejection)]
    plan = _plan(path)
    assert (plan.edition, [u.unit_id for u in plan.units]) == ("panlex-lexicon", ["lexicon-zho-eng"])
    items, fault = unit_items(plan.units[0])  # type: ignore[arg-type]
    assert fault is None
    languages = Counter(i.lexeme.language for i in items if i.lexeme is not None)
    assert languages == {"zh": 3_276, "en": 6_150}  # distinct expressions per side (`cut -f1 | sort -u`)
    # 10,587 distinct pairs (92 lines repeat one), a translation link each way
    assert sum(len(i.lexeme.relations) for i in items if i.lexeme is not None) == 2 * 10_587
    composer = next(i.lexeme for i in items if i.key == "zh:作曲人")
    assert composer is not None and {r[1] for r in composer.relations} == {"composer", "songwriter"}


def test_the_whole_swadesh_corpus_as_a_source_counts_its_unknown_varieties(shared: Path) -> None:
    plan = _plan(shared / "swadesh", units=4)
    assert plan.edition == "panlex-swadesh" and plan.units[0].unit_id == "swadesh-concepts" and len(plan.units) == 5
    reasons: Counter[str] = Counter()
    keys: list[str] = []
    for unit in plan.units:
        items, fault = unit_items(unit)  # type: ignore[arg-type]
        assert fault is None
        keys += [i.key for i in items]
        reasons.update(i.rejection.reason for i in items if i.rejection is not None)
    assert len(keys) == len(set(keys))  # a word in one unit only: varieties of a language are read together
    # README: 2,104 of the 2,111 (110) and 774 of the 776 (207) uids are langvar rows → 7 + 2 unknown
    assert reasons["unknown language variety"] == 9
    # concepticons and constructed varieties under "art", and ISO collective/family codes: no one language
    assert reasons["no AQEA language"] > 0 and set(reasons) == {"unknown language variety", "no AQEA language"}
    assert sum(k.startswith("art:") for k in keys) == 110 + 207


# --- the synthetic dump fixture: CSV, and the same rows as JSON ---


def _dump_expectations(read: dump.DumpRead) -> None:
    assert set(read.words) == {("de", "Wasser"), ("de", "Haus"), ("en", "water"), ("en", "house"), ("en", "home"),
                               ("fr", "eau")}
    links = [row for w in read.words.values() for row in w.links]
    assert Counter(r[0] for r in links) == {"translation": 10, "synonym": 2}
    assert ("translation", "house", "en", "", "quality 7: mul:Fixture-Good") in read.words[("de", "Haus")].links
    assert ("translation", "home", "en", "", "quality 3: mul:Fixture-Weak") in read.words[("de", "Haus")].links
    assert sorted((r.file.partition(".")[0], r.reason) for r in read.rejections) == sorted([
        ("meaning", "unknown source"), ("expr", "unknown language variety"), ("expr", "no AQEA language"),
        ("expr", "wrong column count"), ("denotation", "unknown expression"), ("denotation", "unknown meaning"),
        ("denotation", "unknown meaning")])


def test_the_dump_reader_on_the_synthetic_csv_fixture() -> None:
    read = dump.read_dump(FIXTURE, read_varieties(FIXTURE / "langvar.csv"))
    assert read.fault is None and read.counts == {"source": 2, "meaning": 4, "expr": 8, "denotation": 11}
    _dump_expectations(read)
    plan = _plan(FIXTURE)
    assert (plan.edition, len(plan.units)) == ("panlex", 1)


def test_the_dump_reader_on_json_with_an_invalid_line(tmp_path: Path) -> None:
    import csv

    for path in FIXTURE.glob("*.csv"):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        lines = [json.dumps(r, ensure_ascii=False) for r in rows if None not in r]  # the bad CSV row is dropped
        if path.stem == "expr":
            lines.append('{"id": "109", "langvar": "187", "txt": "brok')  # invalid JSON: rejected, reading goes on
            lines.append(json.dumps({"id": "108", "langvar": "187"}))  # no txt
        (tmp_path / f"{path.stem}.json").write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    read = dump.read_dump(tmp_path, read_varieties(tmp_path / "langvar.json"))
    reasons = Counter(r.reason for r in read.rejections)
    assert reasons["invalid JSON"] == 1 and reasons["missing field"] == 1 and "wrong column count" not in reasons
    assert len(read.words) == 6


# --- bad input ---


def test_bad_lexicon_rows_are_rejections_and_the_rest_is_read(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "langvar.json", tmp_path)
    good = (SAMPLE / "zho_eng_lexicon.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "zho_eng_lexicon.txt"
    path.write_text("".join([*good[:5], "三列\tthree\tcolumns\n", "孤\n", "\tempty\n", *good[5:]]), encoding="utf-8")
    items, fault = unit_items(_plan(path).units[0])  # type: ignore[arg-type]
    assert fault is None
    rejected = {i.key: i.rejection.reason for i in items if i.rejection is not None}
    assert rejected == {"rejected:zho_eng_lexicon.txt:line 6": "wrong column count",
                        "rejected:zho_eng_lexicon.txt:line 7": "wrong column count",
                        "rejected:zho_eng_lexicon.txt:line 8": "empty expression"}
    assert sum(i.lexeme is not None for i in items) == len({w for line in good for w in line.strip().split("\t")})


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_cut_compressed_lexicon_keeps_the_pairs_before_and_ends_with_one_line(
    tmp_path: Path, suffix: str, shared: Path
) -> None:
    shutil.copy(SAMPLE / "langvar.json", tmp_path)
    source = shared / "zho_eng_lexicon.txt"
    data = source.read_bytes()
    # bz2 decodes whole blocks only: 100 kB blocks (level 1), cut in the second, keep the first block's pairs
    packed = gzip.compress(data) if suffix == ".gz" else bz2.compress(data, compresslevel=1)
    path = tmp_path / f"zho_eng_lexicon.txt{suffix}"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    with pytest.raises(DamagedFile, match="truncated file after line"):
        list(lexicon.read_pairs(path))
    items, fault = unit_items(_plan(path).units[0])  # type: ignore[arg-type]
    assert fault is not None and "\n" not in fault and "truncated file" in fault and str(path) in fault
    complete = {i.key for i in unit_items(_plan(source).units[0])[0]}  # type: ignore[arg-type]
    assert len(items) > 10 and {i.key for i in items} < complete


def test_plan_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no PanLex language-variety table"):
        _plan(tmp_path)
    shutil.copy(SAMPLE / "langvar.json", tmp_path)
    with pytest.raises(ConfigError, match="not a PanLex input"):
        _plan(tmp_path)
    (tmp_path / "xyz_eng_lexicon.txt").write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="xyz is no language of PanLex's variety table"):
        _plan(tmp_path / "xyz_eng_lexicon.txt")
    (tmp_path / "expr.csv").write_text("id,langvar,txt\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a PanLex dump: no source, meaning, denotation"):
        _plan(tmp_path)


def test_units_survive_json_and_cover_the_excerpt_once() -> None:
    plan = _plan(SAMPLE, units=2)
    assert [u.unit_id for u in plan.units] == ["swadesh-concepts", "swadesh-de-en", "swadesh-fr-fr"]
    again = PanlexUnit.model_validate_json(plan.units[1].model_dump_json())
    assert again == plan.units[1] and again.groups == ("de", "en")


# --- bounded memory: sorted runs on disk, parts of a large input ---


def test_a_lexicon_larger_than_the_sort_buffer_gives_the_records_read_in_memory(shared: Path,
                                                                               tmp_path: Path) -> None:
    unit = _plan(shared / "zho_eng_lexicon.txt").units[0]
    in_memory, _ = unit_items(unit)  # type: ignore[arg-type]  # 21,358 sides: one buffer, no file written
    sort_folder = tmp_path / "sort"
    items = open_unit(unit, sort_folder, chunk_rows=500)  # type: ignore[arg-type]
    try:
        assert len(list(sort_folder.rglob("*.run"))) > 40  # the pairs went to disk in sorted runs
        spilled = list(items)
    finally:
        items.close()
    assert not list(sort_folder.rglob("*")) and items.fault is None  # the runs are removed
    assert [(i.key, i.version, i.lexeme) for i in spilled] == [(i.key, i.version, i.lexeme) for i in in_memory]
    # and what each word carries, from the file directly: its translations in the order of the lines
    expected: dict[str, dict[tuple[str, str, str, str, str], None]] = {}
    for line in (shared / "zho_eng_lexicon.txt").read_text(encoding="utf-8").splitlines():
        zh, en = (t.strip() for t in line.split("\t"))
        expected.setdefault(f"zh:{zh}", {})[("translation", en, "en", "", "")] = None
        expected.setdefault(f"en:{en}", {})[("translation", zh, "zh", "", "")] = None
    assert {i.key: i.lexeme.relations for i in spilled if i.lexeme} == {k: tuple(v) for k, v in expected.items()}


def test_a_lexicon_in_parts_gives_every_word_once_and_its_bad_rows_once(shared: Path, tmp_path: Path) -> None:
    shutil.copy(shared / "langvar.json", tmp_path)
    good = (shared / "zho_eng_lexicon.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "zho_eng_lexicon.txt"
    path.write_text("".join([*good[:5], "三列\tthree\tcolumns\n", *good[5:]]), encoding="utf-8")
    whole, _ = unit_items(_plan(path).units[0])  # type: ignore[arg-type]
    plan = _plan(path, units=3)
    assert [u.unit_id for u in plan.units] == [f"lexicon-zho-eng-part{n}of3" for n in (1, 2, 3)]
    parts = [unit_items(PanlexUnit.model_validate_json(u.model_dump_json()), chunk_rows=700)[0]
             for u in plan.units]
    words = [i for items in parts for i in items if i.lexeme is not None]
    assert all(len([i for i in items if i.lexeme]) > 2_000 for items in parts)  # the words spread over the parts
    assert len(words) == len({i.key for i in words})  # no word in two parts
    assert sorted((i.key, i.version) for i in words) == sorted((i.key, i.version) for i in whole if i.lexeme)
    assert [[i.key for i in items if i.rejection] for items in parts] == [["rejected:zho_eng_lexicon.txt:line 6"],
                                                                          [], []]


def test_the_dump_in_parts_and_through_tiny_sorts_gives_the_same_words_and_rejections() -> None:
    varieties = read_varieties(FIXTURE / "langvar.csv")
    whole = dump.read_dump(FIXTURE, varieties)
    tiny = dump.read_dump(FIXTURE, varieties, chunk_rows=2)  # every join through sorted runs on disk
    assert (tiny.words, tiny.rejections, tiny.counts) == (whole.words, whole.rejections, whole.counts)
    plan = _plan(FIXTURE, units=2)
    assert [u.unit_id for u in plan.units] == ["dump-part1of2", "dump-part2of2"]
    parts = [unit_items(u, chunk_rows=3)[0] for u in plan.units]  # type: ignore[arg-type]
    words = [(i.key, i.version) for items in parts for i in items if i.lexeme is not None]
    everything, _ = unit_items(_plan(FIXTURE).units[0])  # type: ignore[arg-type]
    assert sorted(words) == [(i.key, i.version) for i in everything if i.lexeme is not None]
    assert all(any(i.lexeme for i in items) for items in parts)
    assert [i.key for i in parts[0] if i.rejection] == [i.key for i in everything if i.rejection] and not [
        i for i in parts[1] if i.rejection]


def test_sorted_rows_equal_sorted_with_texts_of_any_characters(tmp_path: Path) -> None:
    import random

    rng = random.Random(15)
    alphabet = ["a", "b", "\t", "\n", "\x00", "\x01", ":", "é", "水", "\\"]
    rows = [("".join(rng.choices(alphabet, k=rng.randint(0, 4))), rng.randint(0, 5), i) for i in range(3_000)]
    with SortedRows(tmp_path, chunk_rows=20) as spool:  # 150 runs: more than FAN_IN, merged in two passes
        for row in rows:
            spool.add(row)
        assert list(spool) == sorted(rows) and spool.spilled == 150
    assert not list(tmp_path.iterdir())


def test_a_resumed_lexicon_unit_reads_exactly_what_it_had_not_stored(shared: Path) -> None:
    unit = _plan(shared / "zho_eng_lexicon.txt").units[0]
    every, _ = unit_items(unit)  # type: ignore[arg-type]

    async def read(done: int, most: int | None) -> list[str]:
        items = open_unit(unit, chunk_rows=1_000)  # type: ignore[arg-type]
        try:
            return [i.key for b in [b async for b in in_order_streamed(items, Checkpoint(done), 400, most)]
                    for i in b]
        finally:
            items.close()

    assert asyncio.run(read(0, 1_000)) == [i.key for i in every[:1_000]]
    assert asyncio.run(read(1_000, None)) == [i.key for i in every[1_000:]]


# --- the rule for words without part of speech ---


def test_choose_takes_the_one_part_of_speech_else_the_lowest_category_code() -> None:
    assert choose({"noun": 1}) == ("noun", "one part of speech")
    assert choose({"verb": 1, "noun": 2, "adjective": 1}) == ("noun", "several: lowest category code")
    assert choose({"adverb": 1, "adjective": 1}) == ("adjective", "several: lowest category code")
    assert choose({"inflected_form": 1, "verb": 1}) == ("verb", "one part of speech")
    assert choose({"inflected_form": 2}) == ("inflected_form", "only an inflected form")
    assert choose({"unknown": 1}) is None and choose({}) is None


def test_swadesh_words_attach_to_the_german_sample_and_share_concepts(dsn: str) -> None:
    asyncio.run(_attach(dsn))


async def _attach(dsn: str) -> None:
    conn = await connect(dsn)
    await migrate(conn)
    pool = await create_pool(dsn, 2)
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=parser_process_init)
    try:
        await _extract("wiktionary-dump", str(DE_DUMP), "de", pool, conn, executor)
        german = {line for line in _swadesh_words("deu-000")}
        typed = await conn.fetch("SELECT lemma, array_agg(DISTINCT pos) AS pos FROM aqea_entries WHERE language = 'de' "
                                 "AND lemma = ANY($1::text[]) AND category IS NOT NULL AND deleted_at IS NULL "
                                 "GROUP BY lemma", sorted(german))
        expected = {r["lemma"]: r["pos"] for r in typed}
        assert len(expected) >= 10 and any(len(p) > 1 for p in expected.values())  # the sample has both cases

        first = await _extract("panlex", str(SAMPLE), "swadesh", pool, conn, executor)
        views = await conn.fetch("SELECT e.lemma, e.pos, v.meta->'attached' AS attached FROM entry_sources v "
                                 "JOIN aqea_entries e ON e.id = v.entry_id WHERE v.source = 'panlex-swadesh' "
                                 "AND e.language = 'de'")
        assert {r["lemma"] for r in views} == set(expected)  # every German word with a typed entry, no other
        for r in views:
            attached = r["attached"] if isinstance(r["attached"], dict) else json.loads(r["attached"])
            candidates = expected[r["lemma"]]
            assert attached["candidates"] == sorted(candidates)
            assert r["pos"] == choose(dict.fromkeys(candidates, 1))[0]  # type: ignore[index]
            assert attached["rule"] == ("one part of speech" if len(candidates) == 1
                                        else "several: lowest category code") or "inflected_form" in candidates
        own = await conn.fetch("SELECT lemma, pos, address, unaddressed_reason FROM aqea_entries "
                               "WHERE source = 'panlex-swadesh' AND language = 'de'")
        assert {r["lemma"] for r in own} == german - set(expected)
        assert all(r["pos"] == "expression" and r["address"] is None and r["unaddressed_reason"] == UNTYPED_REASON
                   for r in own)

        # line 150 = water: German, English and French words link to one concept entry, art-012:150
        concept = await conn.fetchval("SELECT id FROM aqea_entries WHERE language = 'art' AND lemma = 'art-012:150'")
        assert concept is not None
        linked = await conn.fetch("SELECT f.language, f.lemma FROM relations r JOIN aqea_entries f ON f.id = "
                                  "r.from_entry WHERE r.kind = 'concept' AND r.to_entry = $1 ORDER BY 1", concept)
        assert [(r["language"], r["lemma"]) for r in linked] == [("de", "Wasser"), ("en", "water"), ("fr", "eau")]
        unresolved = await conn.fetchval("SELECT count(*) FROM relations WHERE source = 'panlex-swadesh' "
                                         "AND to_entry IS NULL")
        assert unresolved == 0

        again = await _extract("panlex", str(SAMPLE), "swadesh-again", pool, conn, executor)
        assert again["new"] == again["updated"] == 0 and again["pages"] == first["pages"]
    finally:
        executor.shutdown()
        await pool.close()
        await conn.close()


def _swadesh_words(uid: str) -> list[str]:
    read = swadesh.read_list(SAMPLE / "swadesh207" / f"{uid}.txt", 207)
    assert isinstance(read, swadesh.WordList)
    return [w for line in read.lines for w in line]
