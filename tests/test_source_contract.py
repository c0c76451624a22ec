"""The contract every registered source must pass (docs/sources.md): plan → read → parse → store → re-run
unchanged → resume after a stop → malformed input.

Runs each source through the Prefect-free unit runner (``aqea.unit_run``) with a real PostgreSQL and parser
processes (records and units must pickle). The example source ``examples/aqea-source-wordlist`` is installed
here as a separate distribution, into a temporary folder, and found through its entry point like any plug-in.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aqea.errors import AqeaError
from aqea.pipeline import parser_process_init
from aqea.settings import Settings
from aqea.sources import registry
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, RunPlan, WorkUnit
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect, create_pool
from aqea.store.migrate import migrate
from aqea.store.runs import register_units, start_run, store_batch, unit_row_id
from aqea.unit_run import StoreRequest, UnitFailed, run_unit
from tests.mediawiki_server import mediawiki  # noqa: F401  (fixture)
from tests.samples import DE_DUMP

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "aqea-source-wordlist"


@pytest.fixture(scope="module")
def example_installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``pip install`` the example as its own distribution into a folder put on sys.path (and so on the
    parser processes' path: spawn hands sys.path on)."""
    target = tmp_path_factory.mktemp("plugins")
    build = tmp_path_factory.mktemp("build") / "src"
    shutil.copytree(EXAMPLE, build)  # build in a copy: no egg-info or build/ left in the repository
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(target), str(build)], check=True)
    sys.path.insert(0, str(target))
    registry.installed_sources.cache_clear()
    registry.load_source.cache_clear()
    yield target
    sys.path.remove(str(target))
    registry.installed_sources.cache_clear()
    registry.load_source.cache_clear()


@dataclass(frozen=True)
class Case:
    source: str
    good: str  # an input (file or URL) every record of which parses
    records: int  # records in it
    malformed: str | None = None  # an input the source must report, keeping what came before
    edition: str | None = None


def _cut_dump(tmp: Path) -> Path:
    """The German sample cut in the middle of its XML: pages before the cut are read, then one clear error."""
    import bz2

    data = bz2.decompress(DE_DUMP.read_bytes())
    cut = tmp / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    return cut


def _bad_word_list(tmp: Path) -> Path:
    """The example list with a line that is not UTF-8 in the middle."""
    lines = (EXAMPLE / "words.tsv").read_bytes().splitlines(keepends=True)
    bad = tmp / "bad.tsv"
    bad.write_bytes(b"".join([*lines[:4], b"de\tStra\xdfe\tnoun\tLatin-1, not UTF-8\n", *lines[4:]]))
    return bad


CASES = ["wiktionary-dump", "wiktionary-api", "wordnet-oewn", "wordnet-omw", "wordnet-pwn30", "conceptnet", "panlex",
         "wordlist"]
# 764 real rows of the release format (tests/data/README.md)
CONCEPTNET = Path(__file__).resolve().parent / "data" / "conceptnet" / "assertions.csv"
# real Open English WordNet entries for the excerpt (each with its synsets): common words of several kinds
OEWN_WORDS = frozenset({"water", "house", "dog", "drink", "bank", "tree", "run", "red", "quickly", "bread"})


def _oewn_excerpt(tmp: Path) -> Path:
    from tests.wordnet_data import oewn_excerpt

    return oewn_excerpt(tmp, OEWN_WORDS)


# real German words of the OMW Wiktionary list for its excerpt: nouns, verbs, adjectives, an adverb; "laufen"
# is also a noun there (written in lower case: stored as "Laufen")
OMW_WORDS = frozenset({"Wasser", "Haus", "Hund", "trinken", "Bank", "Baum", "laufen", "rot", "schnell", "Brot",
                       "gut", "Zug", "Feuer", "groß"})


def _omw_excerpt(tmp: Path) -> tuple[Path, Path]:
    """The header and every row of OMW_WORDS of the real wn-wikt-deu.tab, plain; and the same xz-compressed and
    cut at two thirds, under a name that is not an OMW one (the source reads its header to know it)."""
    import lzma

    from aqea.wordnet.files import open_text
    from tests.wordnet_data import wordnet_files

    with open_text(wordnet_files().omw("wikt", "deu"), "OMW file") as fh:  # plain, .xz or .gz
        lines = fh.readlines()
    rows = [lines[0], *(line for line in lines[1:] if line.rstrip("\n").split("\t")[2] in OMW_WORDS)]
    out = tmp / "wn-wikt-deu.tab"
    out.write_text("".join(rows), encoding="utf-8")
    packed = lzma.compress(out.read_bytes())
    cut = tmp / "cut-excerpt.tab.xz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    return out, cut


def _count_omw_words(path: Path) -> int:
    """Records of an OMW file, counted independently: one per (lemma, part of speech), satellites adjectives."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
    return len({(lemma, {"s": "a"}.get(synset[-1], synset[-1])) for synset, _, lemma in rows})


def _cut(path: Path, tmp: Path) -> Path:
    data = path.read_bytes()
    cut = tmp / f"cut-{path.name}"
    cut.write_bytes(data[: len(data) * 2 // 3])
    return cut


def _case(name: str, tmp: Path, request: pytest.FixtureRequest) -> Case:
    if name == "wiktionary-dump":
        return Case(name, str(DE_DUMP), 220, str(_cut_dump(tmp)))
    if name == "wiktionary-api":  # a real MediaWiki with the German sample (its broken answers: test_mediawiki)
        wiki = request.getfixturevalue("mediawiki")
        return Case(name, wiki.api_url, 202, None, edition="dewiktionary")
    if name == "wordnet-oewn":
        excerpt = _oewn_excerpt(tmp)
        return Case(name, str(excerpt), _count_items(excerpt), str(_cut(excerpt, tmp)))
    if name == "wordnet-omw":
        excerpt, cut = _omw_excerpt(tmp)
        return Case(name, str(excerpt), _count_omw_words(excerpt), str(cut))
    if name == "wordnet-pwn30":  # the real synsets of a few common words; malformed: data.noun.xz cut short
        from tests.pwn_excerpt import count_records, cut_compressed, write_excerpt

        database = write_excerpt(tmp / "pwn")
        return Case(name, str(database), sum(count_records(database)), str(cut_compressed(database, tmp / "cut")))
    if name == "conceptnet":  # the real rows, plain (cut into byte ranges); malformed: gzipped and cut at 2/3
        import gzip

        packed = tmp / "assertions.csv.gz"
        packed.write_bytes(gzip.compress(CONCEPTNET.read_bytes()))
        return Case(name, str(CONCEPTNET), 764, str(_cut(packed, tmp)))
    if name == "panlex":  # real Swadesh 207 lists of deu/eng/fra; malformed: a real lexicon excerpt, gzip cut
        return _panlex_case(tmp)
    words = EXAMPLE / "words.tsv"
    return Case(name, str(words), len(words.read_text(encoding="utf-8").splitlines()), str(_bad_word_list(tmp)))


def _panlex_case(tmp: Path) -> Case:
    import gzip

    sample = ROOT / "tests" / "data" / "panlex"
    words = {(uid, w) for uid in ("deu", "eng", "fra")
             for line in (sample / "swadesh207" / f"{uid}-000.txt").read_text(encoding="utf-8").splitlines()
             for w in line.split("\t") if w.strip()}
    concepts = len((sample / "swadesh207" / "art-012.txt").read_text(encoding="utf-8").splitlines())
    shutil.copy(sample / "langvar.json", tmp)
    packed = gzip.compress((sample / "zho_eng_lexicon.txt").read_bytes())
    cut = tmp / "zho_eng_lexicon.txt.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    return Case("panlex", str(sample), len(words) + concepts, str(cut))


def test_every_registered_source_is_covered_and_listed(example_installed: Path) -> None:
    names = set(registry.installed_sources())
    assert registry.installed_sources()["wordlist"].distribution == "aqea-source-wordlist"
    assert names <= set(CASES), f"a registered source without a contract case: {names - set(CASES)}"
    for name in names:
        src = registry.load_source(name)
        assert src.name == name and src.license and src.attribution and src.description


@pytest.mark.parametrize("name", CASES)
def test_source_contract(name: str, example_installed: Path, dsn: str, tmp_path: Path,
                         request: pytest.FixtureRequest) -> None:
    asyncio.run(_contract(_case(name, tmp_path, request), dsn))


async def _contract(case: Case, dsn: str) -> None:
    settings = Settings().with_overrides(batch_pages=40, parse_workers=1)
    src = registry.load_source(case.source)

    # plan: typed units that survive JSON (a deployment run's parameters) and cover the input once
    plan = await src.plan(PlanRequest(location=case.good, units=2, edition=case.edition), settings)
    assert plan.units and len({u.unit_id for u in plan.units}) == len(plan.units)
    for unit in plan.units:
        again = registry.typed_unit(WorkUnit.model_validate_json(unit.model_dump_json()))
        assert again == unit and type(again) is src.unit_type

    # read: every record once, in a fixed order, in batches
    keys: list[int] = []
    for unit in plan.units:
        async for batch in src.read(unit, Checkpoint(), batch_records=40, max_records=None,
                                    context=ReadContext(settings)):
            assert 0 < len(batch) <= 40
            keys += [r.record_key for r in batch]
    assert len(keys) == len(set(keys)) == case.records

    conn = await connect(dsn)
    await migrate(conn)
    pool = await create_pool(dsn, 2)
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=parser_process_init)
    try:
        # parse → store (in a parser process), then address
        first = await _run(src, plan, "first", pool, conn, executor, settings)
        assert first["pages"] == case.records and first["new"] > 0 and first["updated"] == 0
        entries = await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE source = $1", plan.edition)
        assert entries == first["new"]
        await allocate_pending(conn)
        addresses = dict(await conn.fetch("SELECT id, address FROM aqea_entries WHERE source = $1", plan.edition))

        # re-run unchanged: nothing new, nothing rewritten, every address where it was
        second = await _run(src, plan, "second", pool, conn, executor, settings)
        assert second["pages"] == case.records and second["new"] == second["updated"] == 0
        assert dict(await conn.fetch("SELECT id, address FROM aqea_entries WHERE source = $1",
                                     plan.edition)) == addresses

        # resume after a stop: the writer dies right after a batch is committed; the next attempt goes on
        # from the checkpoint, and the unit's records are counted once
        unit = plan.units[0]
        small = settings.with_overrides(batch_pages=2)  # several batches in every unit
        await _register(conn, "resume", plan)
        stored: list[int] = []

        async def dying_store(request: StoreRequest) -> dict[str, int]:
            result = await _store(pool, "resume", unit, request)
            stored.append(result["pages"])
            raise _Stop

        with pytest.raises(_Stop):
            await run_unit(src, unit, pool=pool, settings=small, row=unit_row_id("resume", unit.unit_id),
                           attempt=None, executor=executor, store=dying_store, context=ReadContext(small))
        rest = await run_unit(src, unit, pool=pool, settings=small, row=unit_row_id("resume", unit.unit_id),
                              attempt=None, executor=executor, store=lambda r: _store(pool, "resume", unit, r),
                              context=ReadContext(small))
        # the first batch: batch_pages records, times the source's batch_scale (WordNet's records are small)
        assert rest["resumed_from"] == stored[0] == 2 * getattr(src, "batch_scale", 1)
        assert stored[0] + rest["pages"] == await _count(src, unit, settings)
        assert await conn.fetchval("SELECT count(*) FROM aqea_entries WHERE source = $1", plan.edition) == entries

        # malformed input: what came before the fault is stored, the fault is one recorded reason
        if case.malformed is not None:
            bad = await src.plan(PlanRequest(location=case.malformed, edition=case.edition), settings)
            await _register(conn, "bad", bad)
            failed = 0
            for u in bad.units:
                try:
                    await run_unit(src, u, pool=pool, settings=settings, row=unit_row_id("bad", u.unit_id),
                                   attempt=None, executor=executor, store=lambda r, u=u: _store(pool, "bad", u, r),
                                   context=ReadContext(settings))
                except UnitFailed:
                    failed += 1
            done = await conn.fetch("SELECT pages_processed, status FROM work_units WHERE run_id = 'bad'")
            assert failed == 1 and sorted(r["status"] for r in done).count("failed") == 1
            assert 0 < sum(r["pages_processed"] for r in done) < case.records + 1
            reasons = [r["reason"] for r in await conn.fetch(
                "SELECT reason FROM rejected_pages WHERE work_unit LIKE 'bad/%'")]
            assert sum(r in ("dump error", "source error") for r in reasons) == 1, reasons
    finally:
        executor.shutdown()
        await pool.close()
        await conn.close()


class _Stop(AqeaError):
    """The writer dies after a commit."""


async def _register(conn: Any, run_id: str, plan: RunPlan) -> None:
    await start_run(conn, run_id, source=plan.edition, language=plan.language, dump=plan.origin, flow_run_id=None,
                    units=len(plan.units))
    await register_units(conn, run_id, [(u.unit_id, u.model_dump(mode="json")) for u in plan.units],
                         source=plan.edition, language=plan.language)


async def _store(pool: Any, run_id: str, unit: WorkUnit, request: StoreRequest) -> dict[str, int]:
    async with pool.acquire() as conn:
        stored = await store_batch(
            conn, unit_row=unit_row_id(run_id, unit.unit_id), source=unit.edition,
            entries=request.outcome.entries, rejections=request.outcome.rejections, pages=request.outcome.pages,
            text_bytes=request.outcome.text_bytes, provenance={}, record_keys=request.outcome.record_keys,
            unchanged_pages_entries=request.unchanged_entries, checkpoint_key=request.checkpoint_label,
            pages_before=request.records_before, links=request.outcome.links,
            link_words=request.outcome.link_words)
    return {"pages": stored.pages, "new": stored.new, "updated": stored.updated, "unchanged": stored.unchanged,
            "db_ms": 0}


async def _run(src: Any, plan: RunPlan, run_id: str, pool: Any, conn: Any, executor: Any,
               settings: Settings) -> dict[str, int]:
    await _register(conn, run_id, plan)
    totals = {"pages": 0, "new": 0, "updated": 0, "unchanged": 0}
    for unit in plan.units:
        summary = await run_unit(src, unit, pool=pool, settings=settings, row=unit_row_id(run_id, unit.unit_id),
                                 attempt=None, executor=executor, store=lambda r, u=unit: _store(pool, run_id, u, r),
                                 context=ReadContext(settings))
        assert summary["status"] == "completed"
        for key in totals:
            totals[key] += summary.get(key, 0)
    return totals


def _count_items(path: Path) -> int:
    """Records the WordNet source makes of a file, counted independently: one per (lemma, part of speech) —
    adjective satellites are adjectives — among entries whose senses name a synset in the file, and one per
    distinct ILI of its synsets."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    synsets = {s.get("id"): s.get("ili") for s in root.iter("Synset")}
    words = set()
    for entry in root.iter("LexicalEntry"):
        lemma = entry.find("Lemma")
        if any(s.get("synset") in synsets for s in entry.iter("Sense")):
            words.add((lemma.get("writtenForm"), {"s": "a"}.get(lemma.get("partOfSpeech"), lemma.get("partOfSpeech"))))
    return len(words) + len({ili for ili in synsets.values() if ili and ili != "in"})


async def _count(src: Any, unit: WorkUnit, settings: Settings) -> int:
    n = 0
    async for batch in src.read(unit, Checkpoint(), batch_records=100, max_records=None,
                                context=ReadContext(settings)):
        n += len(batch)
    return n
