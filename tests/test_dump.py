"""The dump reader on the real de/en samples, and every way a dump can be broken."""

from __future__ import annotations

import bz2
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import unescape

import pytest
from lxml import etree

from aqea.errors import DumpError
from aqea.model import Page
from aqea.sources.dump import (
    DumpUnit,
    _new_parser,
    detect_kind,
    iter_pages,
    iter_unit_pages,
    language_of_dbname,
    plan_units,
    read_siteinfo,
)
from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from tests.hang_guard import no_hang
from tests.samples import DE_DUMP, EN_DUMP

NS = "http://www.mediawiki.org/xml/export-0.11/"


@pytest.fixture(scope="module")
def de_pages() -> list[Page]:
    return list(iter_pages(DE_DUMP))


@pytest.fixture(scope="module")
def en_pages() -> list[Page]:
    return list(iter_pages(EN_DUMP))


@pytest.fixture(scope="module")
def de_xml() -> bytes:
    return subprocess.run(["bzcat", str(DE_DUMP)], check=True, capture_output=True).stdout


def _bzcat_pages(path: Path) -> list[dict[str, object]]:
    """The samples' pages read with regular expressions from bzcat's output: an independent oracle."""
    xml = subprocess.run(["bzcat", str(path)], check=True, capture_output=True).stdout.decode("utf-8")
    entities = {"&quot;": '"', "&#039;": "'", "&#39;": "'", "&#13;": "\r"}
    pages = []
    for block in re.findall(r"<page>(.*?)</page>", xml, re.S):
        revision = block[block.index("<revision>") :]
        text = re.search(r"<text[^>]*?(?:/>|>(.*?)</text>)", revision, re.S)
        redirect = re.search(r'<redirect title="([^"]*)"', block)
        pages.append({
            "title": unescape(re.search(r"<title>(.*?)</title>", block).group(1), entities),
            "namespace": int(re.search(r"<ns>(-?\d+)</ns>", block).group(1)),
            "page_id": int(re.search(r"</ns>\s*<id>(\d+)</id>", block).group(1)),
            "revision_id": int(re.search(r"<revision>\s*<id>(\d+)</id>", block).group(1)),
            "timestamp": re.search(r"<timestamp>(.*?)</timestamp>", revision).group(1),
            "text": unescape(text.group(1) or "", entities),
            "redirect": unescape(redirect.group(1), entities) if redirect else None,
        })
    return pages


# --------------------------------------------------------------------------- real samples


def test_de_sample_pages(de_pages: list[Page]) -> None:
    assert len(de_pages) == 220
    assert sum(p.namespace == 0 for p in de_pages) == 202
    first = de_pages[0]
    assert first == Page(
        title="MediaWiki:Linktrail", namespace=8, page_id=6, revision_id=65608,
        timestamp="2004-06-05T22:14:21Z", text="/^([ä|ö|ü|ß|a-z]+)(.*)$/sD", redirect=None,
    )
    # the contributor's <id>12</id> must not be taken for the revision id
    assert first.revision_id != 12


def test_en_sample_pages(en_pages: list[Page]) -> None:
    assert len(en_pages) == 1432
    redirects = [p for p in en_pages if p.redirect is not None]
    assert len(redirects) == 15
    grain = next(p for p in en_pages if p.title == "grain of salt")
    assert (grain.page_id, grain.revision_id, grain.redirect) == (121, 46068729, "with a grain of salt")
    assert en_pages[-1].text.endswith("[[zh:women]]\n")


@pytest.mark.parametrize("dump", [DE_DUMP, EN_DUMP], ids=["de", "en"])
def test_every_page_matches_the_xml(dump: Path) -> None:
    expected = _bzcat_pages(dump)
    got = [
        {"title": p.title, "namespace": p.namespace, "page_id": p.page_id, "revision_id": p.revision_id,
         "timestamp": p.timestamp, "text": p.text, "redirect": p.redirect}
        for p in iter_pages(dump)
    ]
    assert len(got) == len(expected)
    assert got == expected


def test_siteinfo_of_samples() -> None:
    de, en = read_siteinfo(DE_DUMP), read_siteinfo(EN_DUMP)
    assert (de.dbname, de.language, de.sitename) == ("dewiktionary", "de", "Wiktionary")
    assert (en.dbname, en.language) == ("enwiktionary", "en")
    assert de.base == "https://de.wiktionary.org/wiki/Wiktionary:Hauptseite"
    assert de.generator.startswith("MediaWiki 1.43")
    assert de.case == "case-sensitive"
    assert de.namespaces[0] == "" and de.namespaces[14] == "Kategorie" and de.namespaces[-2] == "Medium"
    assert en.namespaces[118] == "Reconstruction"
    assert json.loads(json.dumps(de.to_dict()))["namespaces"]["14"] == "Kategorie"


def test_siteinfo_reads_only_the_header(tmp_path: Path, de_pages: list[Page]) -> None:
    # a multistream dump whose page streams are garbage: the header stream alone must suffice
    dump = tmp_path / "x-multistream.xml.bz2"
    write_multistream(de_pages[:5], dump, siteinfo_xml=siteinfo_xml_of(DE_DUMP))
    data = dump.read_bytes()
    header_end = bz2.BZ2Decompressor()
    header_end.decompress(data)
    cut = len(data) - len(header_end.unused_data)
    dump.write_bytes(data[:cut] + b"\x00" * 1000)
    assert read_siteinfo(dump).dbname == "dewiktionary"
    with pytest.raises(DumpError, match="corrupt bz2 data"):
        list(iter_pages(dump))


@pytest.mark.parametrize(
    ("dbname", "language"),
    [("dewiktionary", "de"), ("enwiktionary", "en"), ("zh_min_nanwiktionary", "zh-min-nan"),
     ("frwiki", "fr"), ("wiktionary", ""), ("", "")],
)
def test_language_of_dbname(dbname: str, language: str) -> None:
    assert language_of_dbname(dbname) == language


def test_plain_xml_and_bz2_give_the_same_pages(tmp_path: Path, de_xml: bytes, de_pages: list[Page]) -> None:
    plain = tmp_path / "de.xml"
    plain.write_bytes(de_xml)
    assert detect_kind(plain) == "plain" and detect_kind(DE_DUMP) == "bz2"
    assert list(iter_pages(plain)) == de_pages
    (unit,) = plan_units(plain)
    assert (unit.kind, unit.unit_id, unit.start, unit.end) == ("plain", "dewiktionary-all", None, None)
    assert list(iter_unit_pages(unit, skip=200)) == de_pages[200:]


def test_skip_on_a_single_stream_bz2(de_pages: list[Page]) -> None:
    (unit,) = plan_units(DE_DUMP)
    assert unit.kind == "bz2"
    for skip in (0, 1, 99, 219, 220, 500):
        assert list(iter_unit_pages(unit, skip=skip)) == de_pages[skip:]


def test_dump_unit_json_round_trip() -> None:
    (unit,) = plan_units(EN_DUMP)
    again = DumpUnit.from_dict(json.loads(json.dumps(unit.to_dict())))
    assert again == unit
    with pytest.raises(DumpError, match="missing"):
        DumpUnit.from_dict({"unit_id": "x"})
    with pytest.raises(DumpError, match="unknown kind"):
        DumpUnit.from_dict({"unit_id": "x", "path": str(EN_DUMP), "kind": "zip"})


# --------------------------------------------------------------------------- page shapes


def _doc(pages: str, root: str = f'<mediawiki xmlns="{NS}" version="0.11" xml:lang="de">') -> bytes:
    siteinfo = "<siteinfo><dbname>dewiktionary</dbname><namespaces><namespace key=\"0\"/></namespaces></siteinfo>"
    close = "</" + root[1:].split()[0].rstrip(">") + ">"
    return f"{root}{siteinfo}{pages}{close}".encode()


def test_revisions_deleted_text_and_redirects(tmp_path: Path) -> None:
    pages = """
      <page><title>A &amp; B</title><ns>0</ns><id>1</id><redirect title="C &quot;D&quot;"/>
        <revision><id>10</id><timestamp>2020-01-01T00:00:00Z</timestamp>
          <contributor><username>x</username><id>999</id></contributor><text>#REDIRECT [[C "D"]]</text></revision>
      </page>
      <page><title>Old</title><ns>0</ns><id>2</id>
        <revision><id>20</id><timestamp>2001-01-01T00:00:00Z</timestamp><text>first</text></revision>
        <revision><id>21</id><timestamp>2002-01-01T00:00:00Z</timestamp><text>second &lt;b&gt;</text></revision>
      </page>
      <page><title>Gone</title><ns>1</ns><id>3</id>
        <revision><id>30</id><timestamp>2003-01-01T00:00:00Z</timestamp><text deleted="deleted"/></revision>
      </page>
      <page><title>Empty</title><ns>0</ns><id>4</id>
        <revision><id>40</id><timestamp>2004-01-01T00:00:00Z</timestamp><text bytes="0" /></revision>
      </page>"""
    for name, root in [
        ("ns.xml", f'<mediawiki xmlns="{NS}" version="0.11">'),
        ("bare.xml", "<mediawiki>"),
        ("prefixed.xml", f'<mw:mediawiki xmlns:mw="{NS}">'),
    ]:
        body = pages if name != "prefixed.xml" else re.sub(r"<(/?)(?=[a-z])", r"<\1mw:", pages)
        path = tmp_path / name
        path.write_bytes(_doc(body, root) if name != "prefixed.xml" else
                         f"{root}{body}</mw:mediawiki>".encode())
        got = list(iter_pages(path))
        assert [(p.title, p.page_id, p.revision_id, p.text, p.redirect) for p in got] == [
            ("A & B", 1, 10, '#REDIRECT [[C "D"]]', 'C "D"'),
            ("Old", 2, 21, "second <b>", None),
            ("Gone", 3, 30, "", None),
            ("Empty", 4, 40, "", None),
        ], name
        assert got[1].timestamp == "2002-01-01T00:00:00Z" and got[2].namespace == 1


def test_page_text_over_ten_megabytes(tmp_path: Path) -> None:
    # libxml2 refuses text nodes over 10 MB unless huge_tree is on
    text = "x" * 12_000_000
    path = tmp_path / "huge.xml"
    path.write_bytes(_doc(f"<page><title>Big</title><ns>0</ns><id>1</id><revision><id>2</id>"
                          f"<timestamp>t</timestamp><text>{text}</text></revision></page>"))
    (page,) = iter_pages(path)
    assert len(page.text) == 12_000_000


def test_memory_stays_flat(tmp_path: Path) -> None:
    # 100 MB of pages; the reader in a fresh process must not grow by anything like that
    path = tmp_path / "big.xml"
    body = "<text>" + "Wort und Bedeutung. " * 250 + "</text>"
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'<mediawiki xmlns="{NS}">')
        for i in range(20_000):
            out.write(f"<page><title>T{i}</title><ns>0</ns><id>{i}</id><revision><id>{i}</id>"
                      f"<timestamp>t</timestamp>{body}</revision></page>\n")
        out.write("</mediawiki>")
    assert path.stat().st_size > 100_000_000
    script = (
        "import resource, sys\n"
        "from aqea.sources.dump import iter_pages\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in iter_pages(sys.argv[1]))\n"
        "print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], check=True, capture_output=True, text=True)
    pages, grown_mb = map(int, out.stdout.split())
    assert pages == 20_000
    assert grown_mb < 30, f"reading 100 MB grew the process by {grown_mb} MB"


# --------------------------------------------------------------------------- errors


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for call in (iter_pages, read_siteinfo, plan_units):
        with pytest.raises(DumpError, match=r"dump not found: .*nope\.xml\.bz2"):
            call(tmp_path / "nope.xml.bz2")
    with pytest.raises(DumpError, match="not a file"):
        iter_pages(tmp_path)


def test_wrong_root_and_not_xml(tmp_path: Path) -> None:
    html = tmp_path / "page.xml"
    html.write_bytes(b'<?xml version="1.0"?>\n<!-- saved page -->\n<html><body><page/></body></html>')
    with pytest.raises(DumpError, match=r"not a MediaWiki export \(root element <html>"):
        list(iter_pages(html))
    with pytest.raises(DumpError, match="not a MediaWiki export"):
        read_siteinfo(html)
    compressed = tmp_path / "page.xml.bz2"
    compressed.write_bytes(bz2.compress(html.read_bytes()))
    with pytest.raises(DumpError, match="root element <html>"):
        list(iter_pages(compressed))
    text = tmp_path / "notes.xml"
    text.write_bytes(b"just some text\n")
    with pytest.raises(DumpError, match="not a MediaWiki export"):
        list(iter_pages(text))
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(DumpError, match="empty"):
        list(iter_pages(empty))
    gz = tmp_path / "dump.xml.gz"
    gz.write_bytes(gzip.compress(b"<mediawiki/>"))
    with pytest.raises(DumpError, match="gzip-compressed dumps are not supported"):
        list(iter_pages(gz))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>\n<mediawiki><page><title>&lol9;</title><ns>0</ns><id>1</id>"
    b"<revision><id>1</id><timestamp>t</timestamp><text>&lol9;</text></revision></page></mediawiki>\n"
)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lol.xml"
    path.write_bytes(BILLION_LAUGHS)
    compressed = tmp_path / "lol.xml.bz2"
    compressed.write_bytes(bz2.compress(BILLION_LAUGHS))
    with no_hang():  # expanded, the entities would be 10^9 "lol"s
        with pytest.raises(DumpError, match="refusing a document with a DOCTYPE"):
            list(iter_pages(path))
        with pytest.raises(DumpError, match="DOCTYPE"):
            read_siteinfo(path)
        with pytest.raises(DumpError, match="DOCTYPE"):
            list(iter_pages(compressed))


def test_parser_never_expands_entities_even_without_the_doctype_check() -> None:
    # second line of defence: the parser options alone keep entities from expanding
    parser = _new_parser()
    try:
        parser.feed(BILLION_LAUGHS)
        parser.close()
    except etree.XMLSyntaxError:
        return  # libxml2 refused the amplification outright: fine
    for _, page in parser.read_events():
        assert len(etree.tostring(page)) < 10_000


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(b'<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><mediawiki><page>'
                     b"<title>&x;</title></page></mediawiki>")
    with pytest.raises(DumpError, match="DOCTYPE"):
        list(iter_pages(path))


def test_undeclared_entity_is_malformed_xml(tmp_path: Path, de_xml: bytes, de_pages: list[Page]) -> None:
    # page 11's title gets "&lol9;": 10 pages, then an error naming the entity, nothing after it
    starts = [m.start() for m in re.finditer(rb"<page>", de_xml)]
    at = de_xml.index(b"</title>", starts[10])
    path = tmp_path / "ent.xml"
    path.write_bytes(de_xml[:at] + b"&lol9;" + de_xml[at:])
    got: list[Page] = []
    with pytest.raises(DumpError, match=r"malformed XML after 10 pages, .*: line \d+, column \d+: Entity 'lol9'"):
        got.extend(iter_pages(path))
    assert got == de_pages[:10]


def _page_ends(xml: bytes) -> list[int]:
    return [m.end() for m in re.finditer(rb"</page>", xml)]


@pytest.mark.parametrize("fraction", [0.05, 0.37, 0.5, 0.81, 1.0])
def test_xml_cut_off_mid_page(tmp_path: Path, de_xml: bytes, de_pages: list[Page], fraction: float) -> None:
    if fraction < 1:
        cut = de_xml.index(b"<title>", int(len(de_xml) * fraction)) + 4  # in the middle of a tag
    else:
        cut = de_xml.rindex(b"</mediawiki>") + 5  # every page complete, the root's end tag cut
    path = tmp_path / "cut.xml"
    path.write_bytes(de_xml[:cut])
    complete = sum(end <= cut for end in _page_ends(de_xml))
    got: list[Page] = []
    with pytest.raises(DumpError) as err:
        got.extend(iter_pages(path))
    assert got == de_pages[:complete]
    message = str(err.value)
    assert f"XML ends early (truncated file?) after {complete} pages" in message
    assert re.search(r"line \d+, column \d+: ", message)
    assert "\n" not in message


def test_malformed_xml_in_the_middle(tmp_path: Path, de_xml: bytes, de_pages: list[Page]) -> None:
    # page 51's </title> becomes </titel>: 50 pages, then the line of the broken tag
    starts = [m.start() for m in re.finditer(rb"<page>", de_xml)]
    at = de_xml.index(b"</title>", starts[50])
    broken = de_xml[:at] + b"</titel>" + de_xml[at + len(b"</title>") :]
    path = tmp_path / "broken.xml.bz2"
    path.write_bytes(bz2.compress(broken))
    got: list[Page] = []
    with pytest.raises(DumpError) as err:
        got.extend(iter_pages(path))
    assert got == de_pages[:50]
    line = de_xml[:at].count(b"\n") + 1
    assert f"malformed XML after 50 pages, last complete page {de_pages[49].title!r}" in str(err.value)
    assert f"line {line}, column " in str(err.value)
    assert "mismatch" in str(err.value)


@pytest.mark.parametrize("where", [b"</text>", b"</revision>", b"</page>"])
def test_xml_cut_inside_a_page_never_yields_the_cut_page(
    tmp_path: Path, de_xml: bytes, de_pages: list[Page], where: bytes
) -> None:
    # lxml >= 6.2 reports the elements it closes itself after the error as ended: a page cut inside its
    # text would pass as a complete, shorter page. Cut just before page 31's closing tags.
    starts = [m.start() for m in re.finditer(rb"<page>", de_xml)]
    cut = de_xml.index(where, starts[30]) - (20 if where == b"</text>" else 0)
    path = tmp_path / "cut.xml"
    path.write_bytes(de_xml[:cut])
    got: list[Page] = []
    with pytest.raises(DumpError, match=r"XML ends early \(truncated file\?\) after 30 pages"):
        got.extend(iter_pages(path))
    assert got == de_pages[:30]


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.75, 0.99])
def test_truncated_single_stream_bz2(tmp_path: Path, de_pages: list[Page], fraction: float) -> None:
    data = DE_DUMP.read_bytes()
    cut = int(len(data) * fraction)
    path = tmp_path / "de.xml.bz2"
    path.write_bytes(data[:cut])
    got: list[Page] = []
    with pytest.raises(DumpError) as err:
        got.extend(iter_pages(path))
    assert got == de_pages[: len(got)]  # whatever came out is exact and in order
    if fraction > 0.75:
        assert got  # the first 900 kB block is complete by then
    assert str(err.value).endswith(
        f"compressed data ends early (truncated download?) after {len(got)} pages, at compressed byte {cut} of {cut}"
    )


def test_corrupt_single_stream_bz2(tmp_path: Path, de_pages: list[Page]) -> None:
    data = bytearray(DE_DUMP.read_bytes())
    middle = int(len(data) * 0.8)  # in the second bz2 block: the first block's pages come out
    data[middle : middle + 16] = bytes(16)
    path = tmp_path / "de.xml.bz2"
    path.write_bytes(bytes(data))
    got: list[Page] = []
    with pytest.raises(DumpError, match=r"corrupt bz2 data \(Invalid data stream\) after \d+ pages") as err:
        got.extend(iter_pages(path))
    assert got and got == de_pages[: len(got)]
    assert f"after {len(got)} pages" in str(err.value)


def test_unit_past_the_end_of_the_file(tmp_path: Path) -> None:
    unit = DumpUnit("x-s000001-000002", str(DE_DUMP), "multistream", 1000, DE_DUMP.stat().st_size + 10)
    with pytest.raises(DumpError, match=r"ends at byte .* but the file has only"):
        iter_unit_pages(unit)
    inside = DumpUnit("x-s000001-000002", str(DE_DUMP), "multistream", 1000, 2000)
    with pytest.raises(DumpError, match="no bz2 stream starts at byte 1000"):
        list(iter_unit_pages(inside))


def test_prologue_variants(tmp_path: Path) -> None:
    page = "<page><title>P</title><ns>0</ns><id>1</id><revision><id>2</id><timestamp>t</timestamp><text>x</text>" \
           "</revision></page>"
    path = tmp_path / "p.xml"
    path.write_bytes(b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>\n<!-- exported -->\n<?pi x?>\n"
                     + f'<mediawiki xml:lang="fr">{page}</mediawiki>'.encode())
    assert [p.title for p in iter_pages(path)] == ["P"]
    site = read_siteinfo(path)  # no siteinfo at all: the root's xml:lang still names the language
    assert (site.dbname, site.language) == ("", "fr")
    (unit,) = plan_units(path)
    assert unit.unit_id == "p-all"  # no dbname: named after the file


def test_skip_builds_no_pages(monkeypatch: pytest.MonkeyPatch, de_pages: list[Page]) -> None:
    import aqea.sources.dump as dump

    built = 0
    real = dump._page_of

    def counting(*args: object) -> Page:
        nonlocal built
        built += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dump, "_page_of", counting)
    (unit,) = plan_units(DE_DUMP)
    assert list(iter_unit_pages(unit, skip=200)) == de_pages[200:]
    assert built == 20


def test_plain_unit_cannot_be_cut(tmp_path: Path, de_xml: bytes) -> None:
    path = tmp_path / "de.xml"
    path.write_bytes(de_xml)
    with pytest.raises(DumpError, match="plain XML dump can only be read whole"):
        iter_unit_pages(DumpUnit("u", str(path), "plain", 10, 100))
