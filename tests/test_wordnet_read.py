"""The WordNet readers on the real data (tests/data/wordnet and Debian's /usr/share/wordnet, see
tests/wordnet_data.py): counts from the data READMEs, the ILI joins, and what bad input does (records before the
fault kept, the fault reported once with its reason)."""

from __future__ import annotations

import gzip
import lzma
import shutil
import tarfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aqea.wordnet.errors import WordnetError
from aqea.wordnet.files import WNDB_FILES, WordnetFiles, extract_wndb
from aqea.wordnet.ili import IliMap, load_ili_map
from aqea.wordnet.lmf import lexfile_numbers, read_lmf
from aqea.wordnet.model import LexicalEntry, Lexicon, OmwLemma, Rejection, Synset
from aqea.wordnet.omw import read_omw
from aqea.wordnet.wndb import (
    princeton_offset,
    princeton_synset,
    read_data_file,
    read_lexnames,
    read_sense_index,
    read_wndb,
)
from tests.wordnet_data import pwn_files, wordnet_files

WATER_ILI = "i115069"


@pytest.fixture(scope="module")
def files() -> WordnetFiles:
    return wordnet_files()


@pytest.fixture(scope="module")
def pwn_source() -> WordnetFiles:
    """The data with a Princeton database: Debian's /usr/share/wordnet (or the shared tarball)."""
    return pwn_files()


@pytest.fixture(scope="module")
def ili30(files: WordnetFiles) -> IliMap:
    return load_ili_map(files.ili_map("30"))


@dataclass
class PwnRead:
    """One pass over PWN 3.0, kept small: counts and the few synsets the tests look at."""

    by_pos: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    without_ili: list[str] = field(default_factory=list)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sense_keys: set[str] = field(default_factory=set)
    synsets: dict[str, Synset] = field(default_factory=dict)
    index_lines: int = 0


@pytest.fixture(scope="module")
def pwn(pwn_source: WordnetFiles, ili30: IliMap, tmp_path_factory: pytest.TempPathFactory) -> PwnRead:
    db = extract_wndb(pwn_source.wndb, tmp_path_factory.mktemp("wndb"))
    senses, bad_index = read_sense_index(pwn_source.index_sense)
    result = PwnRead(rejections=list(bad_index), index_lines=len(senses))
    for record in read_wndb(db, read_lexnames(pwn_source.lexnames), senses, ili30):
        if isinstance(record, Rejection):
            result.rejections.append(record)
            continue
        result.by_pos[record.pos] += 1
        result.members[record.id] = record.members
        result.sense_keys.update(s.key for s in record.senses)
        if record.ili is None:
            result.without_ili.append(record.id)
        if record.id in ("14845743-n", "01021146-v"):
            result.synsets[record.id] = record
    return result


def test_pwn30_has_the_readmes_synsets_per_part_of_speech(pwn: PwnRead) -> None:
    assert pwn.rejections == []
    assert (pwn.by_pos["n"], pwn.by_pos["v"], pwn.by_pos["a"] + pwn.by_pos["s"], pwn.by_pos["r"]) == (
        82_115, 13_767, 18_156, 3_621)
    assert sum(pwn.by_pos.values()) == 117_659
    assert (pwn.by_pos["a"], pwn.by_pos["s"]) == (7_463, 10_693)  # as cili/README.md counts them


def test_every_index_sense_line_is_a_sense_of_a_synset(pwn_source: WordnetFiles, pwn: PwnRead) -> None:
    with open(pwn_source.index_sense, encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == 206_941 == pwn.index_lines
    assert len(pwn.sense_keys) == 206_941


def test_every_pwn30_synset_maps_to_an_ili_after_the_offset_shift(pwn: PwnRead, ili30: IliMap) -> None:
    assert pwn.without_ili == []
    moved = [s for s in pwn.members if princeton_synset(s) != s]
    assert len(moved) == 17_972  # 9,026 verbs + 8,946 adjectives (README)
    # a plain offset join misses exactly those, and never lands on another synset's ILI
    assert sum(1 for s in moved if ili30.ili(s) is None) == 17_972 - sum(
        1 for s in moved if ili30.ili(s) is not None)


def test_debian_offsets_turn_into_princeton_ones_as_the_readme_says(pwn: PwnRead, ili30: IliMap) -> None:
    assert princeton_synset("01021146-v") == "01021128-v"  # exemplify, illustrate
    assert pwn.synsets["01021146-v"].members[:2] == ("exemplify", "illustrate")
    assert pwn.synsets["01021146-v"].ili == ili30.ili("01021128-v")
    assert princeton_offset("v", 613_035) == 613_035 and princeton_offset("v", 613_036) == 613_018
    assert princeton_offset("v", 2_422_967) == 2_422_967  # "quench": the first verb after the moved range
    assert princeton_offset("a", 1_681_478) == 1_681_477 and princeton_offset("s", 1_681_477) == 1_681_477
    assert princeton_offset("n", 14_845_743) == 14_845_743


def test_water_sense_key_gives_the_substance_synset_with_its_hypernyms(pwn: PwnRead) -> None:
    water = pwn.synsets["14845743-n"]
    sense = next(s for s in water.senses if s.key == "water%1:27:00::")
    assert (sense.lemma, sense.number, sense.synset) == ("water", 1, "14845743-n")
    assert (water.lexfile, water.lexfile_number, water.ili) == ("noun.substance", 27, WATER_ILI)
    assert water.members == ("water", "H2O")
    hypernyms = [pwn.members[r.target] for r in water.relations if r.kind == "hypernym"]
    assert any("binary compound" in m for m in hypernyms) and any("liquid" in m for m in hypernyms)
    assert water.definitions[0].startswith("binary compound that occurs at room temperature")


def test_lexnames_file_and_the_concept_layout_agree(files: WordnetFiles) -> None:
    assert {name: number for number, name in read_lexnames(files.lexnames).items()} == lexfile_numbers()


@dataclass
class OewnRead:
    counts: Counter[str] = field(default_factory=Counter)
    senses: int = 0
    ilis: set[str] = field(default_factory=set)
    water: Synset | None = None
    lexicon: Lexicon | None = None
    rejections: list[Rejection] = field(default_factory=list)


@pytest.fixture(scope="module")
def oewn(files: WordnetFiles) -> OewnRead:
    result = OewnRead()
    for record in read_lmf(files.oewn_lmf):
        result.counts[type(record).__name__] += 1
        if isinstance(record, LexicalEntry):
            result.senses += len(record.senses)
        elif isinstance(record, Synset):
            if record.ili:
                result.ilis.add(record.ili)
            if record.id == "oewn-14869913-n":
                result.water = record
        elif isinstance(record, Lexicon):
            result.lexicon = record
        else:
            result.rejections.append(record)
    return result


def test_oewn_has_the_readmes_synsets_senses_and_entries(oewn: OewnRead) -> None:
    assert oewn.rejections == []
    assert oewn.counts["Synset"] == 107_525
    assert oewn.counts["LexicalEntry"] == 135_997
    assert oewn.senses == 185_152
    assert len(oewn.ilis) == 104_314  # the other 3,211 synsets are new concepts (ili="in")
    assert oewn.lexicon is not None and (oewn.lexicon.id, oewn.lexicon.version) == ("oewn", "2025")


def test_pwn30_and_oewn_meet_on_the_ili_of_water(oewn: OewnRead, ili30: IliMap) -> None:
    assert oewn.water is not None
    assert (oewn.water.ili, oewn.water.lexfile, oewn.water.lexfile_number) == (WATER_ILI, "noun.substance", 27)
    assert oewn.water.members == ("water", "H2O")
    assert ili30.ili("14845743-n") == WATER_ILI == oewn.water.ili
    assert oewn.ilis <= set(ili30.synsets_by_ili())  # every OEWN ILI is a PWN 3.0 concept


def test_ili_map_of_pwn31_keeps_synsets_with_several_ilis(files: WordnetFiles) -> None:
    ili31 = load_ili_map(files.ili_map("31"))
    assert sum(len(ilis) for ilis in ili31.by_synset.values()) == 117_583
    assert len(ili31) == 117_517
    assert sum(1 for ilis in ili31.by_synset.values() if len(ilis) > 1) == 58


def test_mini_lmf_reads_both_lexicons_with_dc_subject_and_sense_members(files: WordnetFiles) -> None:
    records = list(read_lmf(files.mini_lmf))
    lexicons = [r for r in records if isinstance(r, Lexicon)]
    assert [lx.id for lx in lexicons] == ["test-en", "test-es"]
    synsets = {r.id: r for r in records if isinstance(r, Synset)}
    entries = [r for r in records if isinstance(r, LexicalEntry)]
    assert len(synsets) == 12 and len(entries) == 15 and sum(len(e.senses) for e in entries) == 16
    info = synsets["test-en-0001-n"]
    assert (info.lexfile, info.lexfile_number, info.ili, info.members) == (
        "noun.cognition", 9, "i67447", ("information",))
    assert synsets["test-en-0002-n"].members == ("example", "illustration")  # no members=: from the senses
    illustrate = next(e for e in entries if e.id == "test-en-illustrate-v")
    assert [r.source_name for r in illustrate.senses[0].relations] == ["derivation", "other:result", "other:event"]
    exemplify = next(e for e in entries if e.id == "test-en-exemplify-v")
    assert exemplify.forms == ("exemplifies", "exemplified", "exemplifying")


def _plain(path: Path) -> str:
    """The file name without a compression suffix: the repository stores the tab files as .tab.xz."""
    return path.name.removesuffix(".xz").removesuffix(".gz")


def test_omw_rows_all_join_an_ili_and_satellites_written_a_are_found_as_s(
        files: WordnetFiles, ili30: IliMap) -> None:
    rows = {_plain(path): list(read_omw(path, ili30)) for path in files.omw_files()}
    assert len(rows) == 8
    rejected = Counter((_plain(Path(r.file)), r.reason) for rs in rows.values() for r in rs if isinstance(r, Rejection))
    # not in the README: 56 rows of wn-wikt-eng.tab have an empty lemma ("00503321-a<TAB>eng:lemma<TAB>")
    assert rejected == {("wn-wikt-eng.tab", "empty lemma"): 56}
    deu = rows["wn-wikt-deu.tab"]
    assert len(deu) == 29_616 and len(rows["wn-wikt-spa.tab"]) == 25_310  # spa ends with an empty line
    assert sum(1 for r in deu if isinstance(r, OmwLemma) and r.synset.endswith("-s")) == 1_987
    water = {r.language: r.lemma for rs in rows.values() for r in rs
             if isinstance(r, OmwLemma) and r.ili == WATER_ILI and r.lemma in ("Wasser", "eau", "agua", "acqua")}
    assert water == {"de": "Wasser", "fr": "eau", "es": "agua", "it": "acqua"}


# --------------------------------------------------------------------------- bad input


def _only_rejection_last(records: list) -> Rejection:
    rejections = [r for r in records if isinstance(r, Rejection)]
    assert len(rejections) == 1 and records[-1] is rejections[0]
    return rejections[0]


@pytest.fixture(scope="module")
def oewn_xml(files: WordnetFiles) -> bytes:
    """The OEWN XML, uncompressed (the repository ships it as .xml.xz; the shared folder as .xml.gz)."""
    data = files.oewn_lmf.read_bytes()
    return lzma.decompress(data) if files.oewn_lmf.suffix == ".xz" else gzip.decompress(data)


def _compressed(files: WordnetFiles, xml: bytes, suffix: str) -> bytes:
    """The OEWN file as stored when it has this suffix, else the XML compressed so (gzip -6: 1 s for 89 MB)."""
    if files.oewn_lmf.suffix == suffix:
        return files.oewn_lmf.read_bytes()
    return lzma.compress(xml, preset=6) if suffix == ".xz" else gzip.compress(xml, compresslevel=6, mtime=0)


@pytest.mark.parametrize("suffix", [".xz", ".gz"])
def test_oewn_cut_in_the_middle_keeps_complete_records_and_says_truncated(
        files: WordnetFiles, oewn_xml: bytes, suffix: str, tmp_path: Path) -> None:
    data = _compressed(files, oewn_xml, suffix)
    cut = tmp_path / f"cut.xml{suffix}"
    cut.write_bytes(data[: len(data) // 2])  # past every entry (the first half of the XML), inside the synsets
    records = list(read_lmf(cut))
    rejection = _only_rejection_last(records)
    assert rejection.reason == "truncated file"
    synsets = [r for r in records if isinstance(r, Synset)]
    assert len(synsets) > 10_000 and sum(isinstance(r, LexicalEntry) for r in records) == 135_997
    # the last synset yielded is whole: as many relations as its element holds in the full file
    start = oewn_xml.index(f'<Synset id="{synsets[-1].id}"'.encode())
    element = oewn_xml[start: oewn_xml.index(b"</Synset>", start)]
    assert len(synsets[-1].relations) == element.count(b"<SynsetRelation")


MINI_CUT_AT = "<Definition>something that exemplifies</Definition>"


@pytest.mark.parametrize("suffix", [".xz", ".gz"])
def test_compressed_lmf_cut_anywhere_ends_with_one_rejection_and_never_half_a_record(
        files: WordnetFiles, suffix: str, tmp_path: Path) -> None:
    """Every cut of the compressed mini lexicon: the records yielded are the full file's first ones, unchanged
    (a half synset would lack members, relations or its definition), then one "truncated file"."""
    full = list(read_lmf(files.mini_lmf))
    text = files.mini_lmf.read_bytes()
    data = lzma.compress(text, preset=9) if suffix == ".xz" else gzip.compress(text, compresslevel=9, mtime=0)
    cut = tmp_path / f"cut.xml{suffix}"
    seen_partial = 0
    for end in range(1, len(data), 37):
        cut.write_bytes(data[:end])
        records = list(read_lmf(cut))
        assert _only_rejection_last(records).reason == "truncated file", end
        read = records[:-1]
        assert read == full[: len(read)], end
        seen_partial += 0 < sum(isinstance(r, Synset) for r in read) < 12
    assert seen_partial > 3  # the cuts did land between synsets, not only before or after all of them


def test_lmf_cut_inside_a_synset_never_yields_it_half(files: WordnetFiles, tmp_path: Path) -> None:
    text = files.mini_lmf.read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index(MINI_CUT_AT) + len(MINI_CUT_AT)], encoding="utf-8")
    records = list(read_lmf(cut))
    assert _only_rejection_last(records).reason == "truncated file"
    assert [r.id for r in records if isinstance(r, Synset)] == ["test-en-0001-n"]  # not test-en-0002-n
    assert sum(isinstance(r, LexicalEntry) for r in records) == 9


def test_malformed_xml_keeps_what_came_before_and_stops_with_one_rejection(
        files: WordnetFiles, tmp_path: Path) -> None:
    text = files.mini_lmf.read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace(MINI_CUT_AT, "<Definition>something that exemplifies</Definitio>"),
                      encoding="utf-8")
    records = list(read_lmf(broken))
    rejection = _only_rejection_last(records)
    assert rejection.reason == "malformed XML" and rejection.where.startswith("line ")
    assert [r.id for r in records if isinstance(r, Synset)] == ["test-en-0001-n"]


def test_malformed_lmf_element_is_rejected_and_reading_goes_on(files: WordnetFiles, tmp_path: Path) -> None:
    text = files.mini_lmf.read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace('<Synset id="test-en-0002-n"', "<Synset", 1), encoding="utf-8")
    records = list(read_lmf(bad))
    rejection = _only_rejection_last([r for r in records if isinstance(r, Rejection)])
    assert rejection.reason == "synset without id or partOfSpeech" and rejection.where.startswith("<Synset> at line")
    assert sum(isinstance(r, Synset) for r in records) == 11  # every other synset, in both lexicons


@pytest.mark.parametrize(("suffix", "reason"), [(".gz", "corrupt gzip"), (".xz", "corrupt xz")])
def test_corrupt_compressed_lmf_is_one_rejection(
        files: WordnetFiles, oewn_xml: bytes, suffix: str, reason: str, tmp_path: Path) -> None:
    not_compressed = tmp_path / f"plain.xml{suffix}"
    not_compressed.write_bytes(files.mini_lmf.read_bytes())
    assert [(r.reason, r.where) for r in read_lmf(not_compressed)] == [(reason, "after record 0")]
    # damage inside the compressed stream: the decoder may notice, or put out garbage that the XML parser refuses
    head = oewn_xml[:3_000_000]
    data = bytearray(lzma.compress(head, preset=6) if suffix == ".xz" else gzip.compress(head, mtime=0))
    data[100_000:100_200] = b"\x00" * 200
    damaged = tmp_path / f"damaged.xml{suffix}"
    damaged.write_bytes(bytes(data))
    records = list(read_lmf(damaged))
    assert _only_rejection_last(records).reason in (reason, "malformed XML")
    assert sum(isinstance(r, LexicalEntry) for r in records) > 100


def test_compressed_omw_file_cut_short_keeps_whole_rows_then_one_rejection(
        files: WordnetFiles, ili30: IliMap, tmp_path: Path) -> None:
    source = files.omw("wikt", "ita")
    full = list(read_omw(source, ili30))
    text = lzma.decompress(source.read_bytes()) if source.suffix == ".xz" else source.read_bytes()
    data = lzma.compress(text, preset=9)
    cut = tmp_path / "wn-wikt-ita.tab.xz"
    cut.write_bytes(data[: len(data) // 2])
    records = list(read_omw(cut, ili30))
    rejection = _only_rejection_last(records)
    assert rejection.reason == "truncated file" and rejection.where.startswith("after line ")
    assert 1_000 < len(records) - 1 < len(full) and records[:-1] == full[: len(records) - 1]  # no half row
    assert rejection.where == f"after line {len(records)}"  # header + rows, no rejected row in this file


def test_compressed_ili_map_cut_short_is_an_error_not_half_a_map(files: WordnetFiles, tmp_path: Path) -> None:
    data = files.ili_map("30").read_bytes()
    cut = tmp_path / "ili-map-pwn30.tab.xz"
    cut.write_bytes((data if files.ili_map("30").suffix == ".xz" else lzma.compress(data))[:50_000])
    with pytest.raises(WordnetError, match="truncated file"):
        load_ili_map(cut)


def test_debian_directory_and_tarball_give_the_same_database(
        pwn_source: WordnetFiles, tmp_path_factory: pytest.TempPathFactory) -> None:
    """extract_wndb takes a plain directory as it is (nothing copied) and a tarball of it alike."""
    db = extract_wndb(pwn_source.wndb, tmp_path_factory.mktemp("wndb-source"))
    if pwn_source.wndb_dir is not None:
        assert db == pwn_source.wndb_dir
    tarball = tmp_path_factory.mktemp("wndb-tar") / "wordnet.tar"
    with tarfile.open(tarball, "w") as tar:
        for name in WNDB_FILES:
            tar.add(db / name, arcname=f"wordnet/{name}")
    extracted = extract_wndb(tarball, tmp_path_factory.mktemp("wndb-extracted"))
    assert all((extracted / n).read_bytes() == (db / n).read_bytes() for n in WNDB_FILES)
    half = tmp_path_factory.mktemp("half")
    (half / "data.noun").touch()
    with pytest.raises(WordnetError, match=r"no data\.verb, data\.adj, data\.adv"):
        extract_wndb(half, half)


def test_data_noun_line_cut_short_is_one_rejection_and_the_file_goes_on(
        pwn_source: WordnetFiles, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = extract_wndb(pwn_source.wndb, tmp_path_factory.mktemp("wndb-cut"))
    work = tmp_path_factory.mktemp("wndb-copy")  # the database may be /usr/share/wordnet: edit a copy
    shutil.copy(db / "data.noun", work / "data.noun")
    lines = (work / "data.noun").read_text(encoding="utf-8").splitlines(keepends=True)
    water = next(i for i, line in enumerate(lines) if line.startswith("14845743 "))
    lines[water] = lines[water][:60] + "\n"
    (work / "data.noun").write_text("".join(lines), encoding="utf-8")
    senses, _ = read_sense_index(pwn_source.index_sense)
    records = list(read_data_file(work / "data.noun", "n", read_lexnames(pwn_source.lexnames), senses))
    rejections = [r for r in records if isinstance(r, Rejection)]
    assert len(rejections) == 1
    assert rejections[0].where == f"line {water + 1}" and rejections[0].reason in (
        "no gloss separator '|'", "line cut short")
    assert len(records) - 1 == 82_114  # every other noun synset


def test_omw_row_with_two_columns_or_unknown_synset_is_rejected_and_reading_goes_on(
        ili30: IliMap, tmp_path: Path) -> None:
    tab = tmp_path / "wn-wikt-deu.tab"
    tab.write_text("# Wiktionary\tdeu\thttp://wiktionary.org/\tCC BY-SA\n"
                   "14845743-n\tdeu:lemma\tWasser\n"
                   "14845743-n\tWasser\n"
                   "99999999-n\tdeu:lemma\tQuatsch\n"
                   "00004171-a\tdeu:lemma\tmoribund\n", encoding="utf-8")
    records = list(read_omw(tab, ili30))
    assert records[0] == OmwLemma("de", "Wasser", "14845743-n", WATER_ILI)
    assert [(r.where, r.reason) for r in records if isinstance(r, Rejection)] == [
        ("line 3", "wrong column count"), ("line 4", "unknown synset")]
    assert isinstance(records[-1], OmwLemma) and records[-1].synset == "00004171-s"
