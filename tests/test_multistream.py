"""Multistream dumps: writing them from real pages, planning units, reading units, broken indexes."""

from __future__ import annotations

import bz2
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest

from aqea.errors import DumpError
from aqea.model import Page
from aqea.sources.dump import DumpUnit, iter_pages, iter_unit_pages, plan_units, read_siteinfo
from aqea.sources.multistream import index_path_for, siteinfo_xml_of, write_multistream
from tests.samples import DE_DUMP, EN_DUMP


@pytest.fixture(scope="module")
def de_pages() -> list[Page]:
    return list(iter_pages(DE_DUMP))


@pytest.fixture(scope="module")
def de_multistream(tmp_path_factory: pytest.TempPathFactory, de_pages: list[Page]) -> Path:
    """The de sample as a multistream dump with 10 pages per stream: 22 page streams."""
    path = tmp_path_factory.mktemp("ms") / "dewiktionary-20240601-pages-articles-multistream.xml.bz2"
    assert write_multistream(de_pages, path, siteinfo_xml=siteinfo_xml_of(DE_DUMP), pages_per_stream=10) == 220
    return path


def _index_lines(path: Path) -> list[tuple[int, int, str]]:
    with bz2.open(index_path_for(path), "rt", encoding="utf-8") as fh:
        return [(int(o), int(i), t) for o, i, t in (line.rstrip("\n").split(":", 2) for line in fh)]


def _streams(path: Path) -> list[tuple[int, int]]:
    """(start, end) of every bz2 stream in the file, found by decompressing it."""
    data = path.read_bytes()
    spans, pos = [], 0
    while pos < len(data):
        dec = bz2.BZ2Decompressor()
        dec.decompress(data[pos:])
        end = len(data) - len(dec.unused_data)
        spans.append((pos, end))
        pos = end
    return spans


# --------------------------------------------------------------------------- the writer


def test_written_dump_reads_back_exactly(de_multistream: Path, de_pages: list[Page]) -> None:
    assert list(iter_pages(de_multistream)) == de_pages
    assert read_siteinfo(de_multistream) == read_siteinfo(DE_DUMP)
    assert not list(de_multistream.parent.glob("*.part"))


def test_written_layout_is_wikimedia_multistream(de_multistream: Path, de_pages: list[Page]) -> None:
    streams = _streams(de_multistream)
    assert len(streams) == 1 + 22 + 1  # header, 22 × 10 pages, footer
    header = bz2.decompress(de_multistream.read_bytes()[: streams[0][1]]).decode()
    assert header.startswith('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"')
    assert 'xml:lang="de"' in header and "<dbname>dewiktionary</dbname>" in header
    assert "<page>" not in header
    footer = bz2.decompress(de_multistream.read_bytes()[streams[-1][0] :]).decode()
    assert footer.strip() == "</mediawiki>"
    fragment = bz2.decompress(de_multistream.read_bytes()[slice(*streams[1])]).decode()
    assert fragment.startswith("  <page>\n    <title>MediaWiki:Linktrail</title>") and fragment.count("<page>") == 10

    lines = _index_lines(de_multistream)
    assert [(i, t) for _, i, t in lines] == [(p.page_id, p.title) for p in de_pages]
    offsets = sorted({o for o, _, _ in lines})
    assert offsets == [start for start, _ in streams[1:-1]]
    assert all(lines[n][0] == offsets[n // 10] for n in range(len(lines)))


def test_siteinfo_xml_is_copied_verbatim() -> None:
    xml = subprocess.run(["bzcat", str(EN_DUMP)], check=True, capture_output=True).stdout.decode()
    expected = re.search(r"<siteinfo>.*?</siteinfo>", xml, re.S).group(0)
    assert siteinfo_xml_of(EN_DUMP) == expected


def test_escaping_round_trip(tmp_path: Path) -> None:
    pages = [
        Page("A & B <c> \"d\" 'e'", 0, 1, 11, "2020-01-01T00:00:00Z", "x < y && y > z ]]> &amp; \r\n end", None),
        Page("Weiterleitung", 0, 2, 12, "2020-01-01T00:00:00Z", "#WEITERLEITUNG [[Ziel]]", 'Ziel "mit" <Zeichen> & so'),
        Page("Leer", 1, 3, 13, "2020-01-01T00:00:00Z", "", None),
        Page("Ünïcödé 漢字 🙂", 0, 4, 14, "2020-01-01T00:00:00Z", "  leading and trailing blanks \t\n\n", None),
        Page("Title: with: colons", 4, 5, 15, "2020-01-01T00:00:00Z", "colons go into the index", None),
    ]
    path = tmp_path / "t-multistream.xml.bz2"
    assert write_multistream(pages, path, pages_per_stream=2) == 5
    assert list(iter_pages(path)) == pages
    assert [u for unit in plan_units(path, 3) for u in iter_unit_pages(unit)] == pages
    assert _index_lines(path)[-1][1:] == (5, "Title: with: colons")
    with pytest.raises(ValueError, match="character XML cannot carry"):
        write_multistream([Page("Bad", 0, 9, 9, "t", "bell \x07", None)], tmp_path / "b-multistream.xml.bz2")
    assert not (tmp_path / "b-multistream.xml.bz2").exists()
    assert not list(tmp_path.glob("*.part"))


def test_index_naming(tmp_path: Path) -> None:
    assert index_path_for(tmp_path / "dewiktionary-20240601-pages-articles-multistream.xml.bz2").name == (
        "dewiktionary-20240601-pages-articles-multistream-index.txt.bz2"
    )
    assert index_path_for(tmp_path / "other.xml.bz2").name == "other-index.txt.bz2"


# --------------------------------------------------------------------------- planning and units


@pytest.mark.parametrize("units", [1, 3, 7])
def test_units_cover_every_page_once_in_order(de_multistream: Path, de_pages: list[Page], units: int) -> None:
    plan = plan_units(de_multistream, units)
    assert len(plan) == units
    size = de_multistream.stat().st_size
    assert plan[0].start == 0 and plan[-1].end == size
    assert all(a.end == b.start for a, b in itertools.pairwise(plan))  # contiguous
    assert all(u.kind == "multistream" and u.start < u.end for u in plan)
    assert sum(u.streams for u in plan) == 22
    assert sum(u.pages_estimate or 0 for u in plan) == 220
    assert len({u.unit_id for u in plan}) == units

    read = [list(iter_unit_pages(u)) for u in plan]
    assert [p for pages in read for p in pages] == de_pages  # titles, ids, texts, order
    for unit, pages in zip(plan, read, strict=True):
        assert len(pages) == unit.pages_estimate
        assert (pages[0].page_id, pages[-1].page_id) == (unit.first_page_id, unit.last_page_id)
        assert DumpUnit.from_dict(json.loads(json.dumps(unit.to_dict()))) == unit


def test_unit_ids_and_balance(de_multistream: Path) -> None:
    plan = plan_units(de_multistream, 7)
    assert plan[0].unit_id == "dewiktionary-s000000-" + f"{plan[0].streams - 1:06d}"
    assert [u.unit_id for u in plan_units(de_multistream, 7)] == [u.unit_id for u in plan]  # stable
    assert plan_units(de_multistream, 1)[0].unit_id == "dewiktionary-all"
    sizes = [u.end - u.start for u in plan]
    assert max(sizes) < 2.5 * (sum(sizes) / len(sizes))
    # more units than streams: one stream each
    many = plan_units(de_multistream, 500)
    assert len(many) == 22 and all(u.streams == 1 for u in many)


def test_default_unit_count(de_multistream: Path) -> None:
    plan = plan_units(de_multistream)
    assert 1 <= len(plan) <= 22
    assert sum(u.pages_estimate or 0 for u in plan) == 220


def test_skip_resumes_exactly(de_multistream: Path) -> None:
    for unit in plan_units(de_multistream, 3):
        pages = list(iter_unit_pages(unit))
        for skip in (0, 1, 9, 10, 11, len(pages) - 1, len(pages), len(pages) + 5):
            assert list(iter_unit_pages(unit, skip=skip)) == pages[skip:], (unit.unit_id, skip)


def test_en_sample_multistream(tmp_path: Path) -> None:
    pages = list(iter_pages(EN_DUMP))
    path = tmp_path / "enwiktionary-x-multistream.xml.bz2"
    write_multistream(pages, path, siteinfo_xml=siteinfo_xml_of(EN_DUMP))  # 100 pages per stream
    plan = plan_units(path, 4)
    read = [p for unit in plan for p in iter_unit_pages(unit)]
    assert read == pages
    assert sum(p.redirect is not None for p in read) == 15
    assert read_siteinfo(path).language == "en"


def test_explicit_index_and_missing_index(tmp_path: Path, de_pages: list[Page]) -> None:
    path = tmp_path / "dump.xml.bz2"
    index = tmp_path / "elsewhere.txt.bz2"
    write_multistream(de_pages, path, index_path=index, pages_per_stream=50)
    (whole,) = plan_units(path)  # no index next to it: one bz2 unit, still every page
    assert whole.kind == "bz2" and list(iter_unit_pages(whole)) == de_pages
    plan = plan_units(path, 5, index_path=index)
    assert len(plan) == 5 and [p for u in plan for p in iter_unit_pages(u)] == de_pages
    with pytest.raises(DumpError, match="index not found"):
        plan_units(path, 2, index_path=tmp_path / "nope.txt.bz2")


def test_empty_dump(tmp_path: Path) -> None:
    path = tmp_path / "e-multistream.xml.bz2"
    assert write_multistream([], path) == 0
    (unit,) = plan_units(path)
    assert unit.pages_estimate == 0 and list(iter_unit_pages(unit)) == []
    assert list(iter_pages(path)) == []


# --------------------------------------------------------------------------- broken dumps and indexes


def _rewrite_index(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    lines = _index_lines(path)
    with bz2.open(index_path_for(path), "wt", encoding="utf-8") as fh:
        fh.writelines(f"{o}:{i}:{t}\n" for o, i, t in map(change, lines))


def _copy(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    dst.write_bytes(src.read_bytes())
    index_path_for(dst).write_bytes(index_path_for(src).read_bytes())
    return dst


def test_index_past_the_end_of_the_file(tmp_path: Path, de_multistream: Path) -> None:
    path = _copy(de_multistream, tmp_path)
    size = path.stat().st_size
    last = max(o for o, _, _ in _index_lines(path))
    _rewrite_index(path, lambda line: (line[0] + size if line[0] == last else line[0], *line[1:]))
    with pytest.raises(DumpError, match=rf"index does not match the dump .*: stream offset {last + size} .* "
                                        rf"beyond the end of the file \({size} bytes"):
        plan_units(path, 3)


def test_index_offsets_not_at_stream_starts(tmp_path: Path, de_multistream: Path) -> None:
    path = _copy(de_multistream, tmp_path)
    _rewrite_index(path, lambda line: (line[0] + 7, *line[1:]))
    with pytest.raises(DumpError, match=r"index does not match the dump .*: no bz2 stream starts at byte \d+"):
        plan_units(path, 3)


def test_index_of_another_dump(tmp_path: Path, de_multistream: Path) -> None:
    path = _copy(de_multistream, tmp_path)
    _rewrite_index(path, lambda line: (line[0], line[1] + 1, line[2]))  # right offsets, wrong page ids
    plan = plan_units(path, 3)
    with pytest.raises(DumpError, match=r"index does not match the dump: unit .* should start with page id"):
        list(iter_unit_pages(plan[1]))


def test_malformed_index_line(tmp_path: Path, de_multistream: Path) -> None:
    path = _copy(de_multistream, tmp_path)
    index_path_for(path).write_bytes(bz2.compress(b"646:6:ok\nnot an index line\n"))
    with pytest.raises(DumpError, match=r"line 2 is not 'offset:page_id:title'"):
        plan_units(path)


def test_dump_truncated_after_planning(tmp_path: Path, de_multistream: Path) -> None:
    path = _copy(de_multistream, tmp_path)
    plan = plan_units(path, 3)
    path.write_bytes(path.read_bytes()[: plan[2].start + 100])
    with pytest.raises(DumpError, match=r"ends at byte \d+ but the file has only"):
        iter_unit_pages(plan[2])


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.55, 0.9, 0.995])
def test_truncated_multistream(tmp_path: Path, de_multistream: Path, de_pages: list[Page], fraction: float) -> None:
    data = de_multistream.read_bytes()
    cut = int(len(data) * fraction)
    streams = _streams(de_multistream)
    assert all(cut != end for _, end in streams)  # cut inside a stream, not between two
    path = tmp_path / "cut-multistream.xml.bz2"
    path.write_bytes(data[:cut])
    complete_streams = sum(end <= cut for _, end in streams[1:-1])
    got: list[Page] = []
    with pytest.raises(DumpError) as err:
        got.extend(iter_pages(path))
    assert got == de_pages[: 10 * complete_streams]  # every page of every complete stream, no more
    assert str(err.value).endswith(
        f"compressed data ends early (truncated download?) after {len(got)} pages, at compressed byte {cut} of {cut}"
    )


def test_truncated_between_streams(tmp_path: Path, de_multistream: Path, de_pages: list[Page]) -> None:
    streams = _streams(de_multistream)
    cut = streams[12][1]  # after the 12th page stream: the bz2 data is fine, the XML is not finished
    path = tmp_path / "cut-multistream.xml.bz2"
    path.write_bytes(de_multistream.read_bytes()[:cut])
    got: list[Page] = []
    with pytest.raises(DumpError, match=r"XML ends early \(truncated file\?\) after 120 pages"):
        got.extend(iter_pages(path))
    assert got == de_pages[:120]


def test_corrupt_stream_in_a_unit(tmp_path: Path, de_multistream: Path, de_pages: list[Page]) -> None:
    path = _copy(de_multistream, tmp_path)
    streams = _streams(path)
    data = bytearray(path.read_bytes())
    start, end = streams[5]  # the 5th page stream (pages 41..50)
    middle = (start + end) // 2
    data[middle : middle + 32] = bytes(32)
    path.write_bytes(bytes(data))
    plan = plan_units(path, 22)
    got: list[Page] = []
    for unit in plan:
        try:
            got.extend(iter_unit_pages(unit))
        except DumpError as err:
            assert unit.start == start
            assert re.search(rf"corrupt bz2 data \(Invalid data stream\) after 0 pages of unit {unit.unit_id}, "
                             rf"in the bz2 stream starting at compressed byte {start}", str(err))
    # every other unit is unaffected: corruption costs exactly the damaged stream's pages
    assert got == de_pages[:40] + de_pages[50:]


def test_corrupt_whole_multistream(tmp_path: Path, de_multistream: Path, de_pages: list[Page]) -> None:
    path = _copy(de_multistream, tmp_path)
    streams = _streams(path)
    data = bytearray(path.read_bytes())
    start = streams[8][0]
    data[start + 40 : start + 60] = b"\xff" * 20
    path.write_bytes(bytes(data))
    got: list[Page] = []
    with pytest.raises(DumpError, match=rf"corrupt bz2 data .* after 70 pages, in the bz2 stream starting at "
                                        rf"compressed byte {start}"):
        got.extend(iter_pages(path))
    assert got == de_pages[:70]


def test_doctype_inside_a_fragment_is_malformed(tmp_path: Path) -> None:
    pages = [Page("A", 0, 1, 1, "t", "a", None), Page("B", 0, 2, 2, "t", "b", None)]
    path = tmp_path / "x-multistream.xml.bz2"
    write_multistream(pages, path, pages_per_stream=1)
    streams = _streams(path)
    evil = bz2.compress(b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><page><title>&a;</title></page>')
    data = path.read_bytes()
    # swap the second page stream for the evil one, and fix the index offsets after it
    new = data[: streams[2][0]] + evil + data[streams[2][1] :]
    path.write_bytes(new)
    _rewrite_index(path, lambda line: line)  # offsets of stream 2 unchanged (it is the one replaced)
    plan = plan_units(path, 2)
    assert list(iter_unit_pages(plan[0])) == pages[:1]
    with pytest.raises(DumpError, match="malformed XML after 0 pages of unit"):
        list(iter_unit_pages(plan[1]))
