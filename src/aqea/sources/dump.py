"""MediaWiki XML dump reader: plain ``.xml``, ``.xml.bz2`` and Wikimedia multistream dumps.

Everything streams: compressed bytes are read and decompressed in chunks of about 1 MB and fed
to an lxml pull parser; each ``<page>`` is turned into a :class:`~aqea.model.Page` and its
element freed at once, so memory stays flat whatever the dump size (bounded by the largest page).

A multistream dump (``*-multistream.xml.bz2`` plus ``*-multistream-index.txt.bz2``) is a
concatenation of independent bz2 streams: a header stream (``<mediawiki …><siteinfo>…``), one
stream per 100 pages, and a footer stream (``</mediawiki>``). The index lists
``offset:page_id:title`` per page, so :func:`plan_units` can cut the file into contiguous byte
ranges ("work units") that :func:`iter_unit_pages` reads independently, in parallel, anywhere.

Every problem surfaces as one :class:`~aqea.errors.DumpError` with a one-line message, raised
only after every page read completely before the problem has been yielded.
"""

from __future__ import annotations

import bisect
import bz2
import logging
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO, Literal

from lxml import etree

from aqea.errors import DumpError
from aqea.model import Page

__all__ = [
    "DumpKind",
    "DumpUnit",
    "SiteInfo",
    "default_index_path",
    "detect_kind",
    "iter_pages",
    "iter_unit_pages",
    "language_of_dbname",
    "plan_units",
    "read_siteinfo",
]

log = logging.getLogger(__name__)

DumpKind = Literal["plain", "bz2", "multistream"]

_CHUNK = 1 << 20  # bytes read from the file per call
_BZ2_IN = 16 << 10  # compressed bytes given to the decompressor per call
_OUT_CHUNK = 64 << 10  # most decompressed bytes produced per call: bounds memory on bz2 "bombs"
_UNIT_BYTES = 32 << 20  # default planning target: about 32 MB of compressed data per unit
_HEAD_LIMIT = 1 << 20  # the root element must start within the first MB
_BZ2_MAGIC = b"BZh"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WIKI_SUFFIXES = (
    "wiktionary", "wikibooks", "wikinews", "wikiquote", "wikisource", "wikiversity", "wikivoyage", "wiki",
)


# --------------------------------------------------------------------------- public shapes


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """The ``<siteinfo>`` header of a dump."""

    dbname: str  # "dewiktionary"
    language: str  # "de": from dbname, else the root's xml:lang
    sitename: str = ""
    base: str = ""
    generator: str = ""
    case: str = ""
    namespaces: dict[int, str] = field(default_factory=dict)  # {0: "", 14: "Kategorie", …}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["namespaces"] = {str(k): v for k, v in self.namespaces.items()}  # JSON keys are strings
        return data


@dataclass(frozen=True, slots=True)
class DumpUnit:
    """A contiguous part of a dump that can be read on its own (a Prefect flow parameter).

    ``start``/``end`` are byte offsets into the (compressed) file, ``end`` exclusive; both are
    None for a whole plain or bz2 file. A multistream unit always carries both.
    """

    unit_id: str  # stable: "dewiktionary-s000012-000023" (page-stream range) or "dewiktionary-all"
    path: str
    kind: DumpKind
    start: int | None = None
    end: int | None = None
    first_page_id: int | None = None  # from the index: checked when the unit is read
    last_page_id: int | None = None
    streams: int = 1  # bz2 page streams in the unit (1 for plain / bz2)
    pages_estimate: int | None = None  # pages listed in the index for these streams

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DumpUnit:
        names = {f.name for f in fields(cls)}
        missing = {"unit_id", "path", "kind"} - data.keys()
        if missing:
            raise DumpError(f"dump unit is missing {', '.join(sorted(missing))}: {data!r}")
        unit = cls(**{k: v for k, v in data.items() if k in names})
        if unit.kind not in ("plain", "bz2", "multistream"):
            raise DumpError(f"dump unit {unit.unit_id}: unknown kind {unit.kind!r}")
        return unit


# --------------------------------------------------------------------------- public functions


def iter_pages(path: str | Path) -> Iterator[Page]:
    """Yield every page of a dump of any kind (plain, bz2, multistream read whole), in file order."""
    path = _existing(path)
    kind = detect_kind(path)
    unit = DumpUnit(unit_id=f"{path.name}-all", path=str(path), kind=kind)
    return iter_unit_pages(unit)


def iter_unit_pages(unit: DumpUnit, skip: int = 0) -> Iterator[Page]:
    """Yield the pages of one unit in file order, after skipping the first ``skip`` of them.

    Skipped pages are parsed (so the XML is still checked) but no Page is built for them.
    Raises DumpError after yielding every page read completely before a problem.
    """
    path = _existing(unit.path)
    size = path.stat().st_size
    start = unit.start or 0
    end = size if unit.end is None else unit.end
    if unit.kind == "plain" and (start or end != size):
        raise DumpError(f"{path}: a plain XML dump can only be read whole (unit {unit.unit_id})")
    if not 0 <= start <= end:
        raise DumpError(f"{path}: unit {unit.unit_id} has an invalid byte range {start}..{end}")
    if end > size:
        raise DumpError(
            f"{path}: unit {unit.unit_id} ends at byte {end} but the file has only {size} bytes "
            "(truncated download, or an index of another dump?)"
        )
    return _iter_unit(unit, path, start, end, size, skip)


def read_siteinfo(path: str | Path) -> SiteInfo:
    """Read only the dump header (for a multistream dump: only its first bz2 stream)."""
    path = _existing(path)
    kind = detect_kind(path)
    size = path.stat().st_size
    cursor = _Cursor(path=path, size=size)
    parser = _new_parser(events=("start", "end"), tag=("{*}mediawiki", "{*}siteinfo", "{*}page"))
    lang = ""
    with open(path, "rb") as fh:
        try:
            chunks = _raw_chunks(fh, kind, 0, size, cursor, out_chunk=64 << 10)
            _, chunks = _check_prologue(chunks, cursor)
            for data in chunks:
                parser.feed(data)
                for event, elem in parser.read_events():
                    name = _local(elem.tag)
                    if event == "start":
                        if name == "mediawiki":
                            lang = elem.get(_XML_LANG, "")
                        continue
                    if name == "siteinfo":
                        return _siteinfo_of(elem, lang)
                    if name == "page":  # pages before any siteinfo: the dump has none
                        return SiteInfo(dbname="", language=lang)
            parser.close()
        except etree.XMLSyntaxError as exc:
            raise DumpError(f"{path}: malformed XML in the dump header: {_xml_error(exc)}") from None
        except _ReadError as exc:
            raise DumpError(f"{path}: {exc.describe(0, None)}") from None
    return SiteInfo(dbname="", language=lang)  # a well-formed dump without siteinfo or pages


def plan_units(
    path: str | Path, units: int | None = None, index_path: str | Path | None = None
) -> list[DumpUnit]:
    """Cut a dump into work units that together cover every page exactly once, in file order.

    A multistream dump with an index (next to it, or ``index_path``) is split into ``units``
    contiguous runs of bz2 streams of about equal compressed size (default: 4 per core, at
    least one per 32 MB). Any other dump is one unit.
    """
    path = _existing(path)
    kind = detect_kind(path)
    size = path.stat().st_size
    if units is not None and units < 1:
        raise DumpError(f"units must be at least 1, not {units}")
    if index_path is None and kind == "bz2":
        candidate = default_index_path(path)
        if candidate is not None and candidate.is_file():
            index_path = candidate
        elif candidate is not None:
            log.warning("%s: no index %s next to it; reading it as one unit", path, candidate.name)
    db = _dbname_for_ids(path)
    if index_path is None:
        return [DumpUnit(unit_id=f"{db}-all", path=str(path), kind=kind)]
    if kind != "bz2":
        raise DumpError(f"{path}: an index was given but the dump is {kind}, not bz2 multistream")

    index_path = Path(index_path)
    if not index_path.is_file():
        raise DumpError(f"index not found: {index_path}")
    streams = _read_index(index_path)
    if not streams:
        return [DumpUnit(f"{db}-all", str(path), "multistream", 0, size, None, None, 0, 0)]
    _check_index(path, index_path, streams, size)

    wanted = units or max((os.cpu_count() or 1) * 4, math.ceil(size / _UNIT_BYTES))
    cuts = _balanced_cuts([s.offset for s in streams], size, min(wanted, len(streams)))
    plan: list[DumpUnit] = []
    for i, first in enumerate(cuts):
        last = (cuts[i + 1] if i + 1 < len(cuts) else len(streams)) - 1
        run = streams[first : last + 1]
        plan.append(
            DumpUnit(
                unit_id=f"{db}-all" if len(cuts) == 1 else f"{db}-s{first:06d}-{last:06d}",
                path=str(path),
                kind="multistream",
                start=0 if i == 0 else run[0].offset,  # the first unit also reads the header stream
                end=size if last == len(streams) - 1 else streams[last + 1].offset,  # last: + footer
                first_page_id=run[0].first_id,
                last_page_id=run[-1].last_id,
                streams=len(run),
                pages_estimate=sum(s.pages for s in run),
            )
        )
    with open(path, "rb") as fh:  # every unit must start a bz2 stream, or the index is not this dump's
        for unit in plan:
            _check_magic(fh, unit.start or 0, path, index_path)
    return plan


def detect_kind(path: str | Path) -> DumpKind:
    """"bz2" or "plain" by the file's magic bytes ("multistream" needs an index: see plan_units)."""
    path = _existing(path)
    with open(path, "rb") as fh:
        head = fh.read(6)
    if head.startswith(_BZ2_MAGIC):
        return "bz2"
    for magic, name in ((b"\x1f\x8b", "gzip"), (b"7z\xbc\xaf", "7z"), (b"\xfd7zXZ", "xz"), (b"PK", "zip")):
        if head.startswith(magic):
            raise DumpError(f"{path}: {name}-compressed dumps are not supported; use .xml or .xml.bz2")
    return "plain"


def default_index_path(path: str | Path) -> Path | None:
    """``X-multistream.xml.bz2`` → ``X-multistream-index.txt.bz2``; None for other names."""
    path = Path(path)
    if not path.name.endswith("multistream.xml.bz2"):
        return None
    return path.with_name(path.name[: -len(".xml.bz2")] + "-index.txt.bz2")


def language_of_dbname(dbname: str) -> str:
    """"dewiktionary" → "de", "zh_min_nanwiktionary" → "zh-min-nan"; "" when not a wiki dbname."""
    for suffix in _WIKI_SUFFIXES:
        if dbname.endswith(suffix) and len(dbname) > len(suffix):
            return dbname[: -len(suffix)].replace("_", "-")
    return ""


# --------------------------------------------------------------------------- reading bytes


@dataclass(slots=True)
class _Cursor:
    """Where reading stands, for error messages."""

    path: Path
    size: int
    pos: int = 0  # compressed bytes of the file consumed so far (file offset)
    stream_start: int = 0  # file offset of the bz2 stream being decompressed


class _ReadError(Exception):
    """Raised by the byte layer; turned into a DumpError that knows how many pages were read."""

    def __init__(self, what: str, cursor: _Cursor, detail: str = "") -> None:
        super().__init__(what)
        self.what, self.detail = what, detail
        self.pos, self.size, self.stream_start = cursor.pos, cursor.size, cursor.stream_start

    def describe(self, pages: int, unit: str | None) -> str:
        where = f" of unit {unit}" if unit else ""
        if self.what == "truncated":
            return (
                f"compressed data ends early (truncated download?) after {pages} pages{where}, "
                f"at compressed byte {self.pos} of {self.size}"
            )
        return (
            f"corrupt bz2 data ({self.detail}) after {pages} pages{where}, in the bz2 stream "
            f"starting at compressed byte {self.stream_start} (read up to byte {self.pos} of {self.size})"
        )


def _raw_chunks(
    fh: BinaryIO, kind: DumpKind, start: int, end: int, cursor: _Cursor, out_chunk: int = _OUT_CHUNK
) -> Iterator[bytes]:
    """The decompressed bytes of ``[start, end)`` in chunks of at most ``out_chunk`` bytes."""
    if kind == "plain":
        fh.seek(start)
        while cursor.pos < end and (data := fh.read(min(out_chunk, end - cursor.pos))):
            cursor.pos += len(data)
            yield data
        return
    yield from _bz2_chunks(fh, start, end, cursor, out_chunk)


def _bz2_chunks(fh: BinaryIO, start: int, end: int, cursor: _Cursor, out_chunk: int) -> Iterator[bytes]:
    """Decompress the concatenated bz2 streams in ``[start, end)``, one decompressor per stream.

    Our own loop instead of bz2.open: it knows where each stream starts, notices a stream cut
    short (``eof`` still False when the input ends) and never produces more than ``out_chunk``
    bytes per step, however well the data compresses. Input goes in small slices and output
    comes out in small pieces because a decompress() call that meets corrupt data raises and
    loses whatever it had produced: small steps keep the good blocks before the damage.
    """
    fh.seek(start)
    read_to = start  # file offset up to which we have read
    buf = memoryview(b"")  # read, not yet handed to a decompressor
    carry = b""  # handed to the previous stream's decompressor but beyond its end
    dec: bz2.BZ2Decompressor | None = None

    def position() -> int:  # file offset of the next byte a decompressor will get
        return read_to - len(buf) - len(carry)

    while True:
        if not carry and not buf and read_to < end:
            data = fh.read(min(_CHUNK, end - read_to))
            read_to += len(data)
            buf = memoryview(data)
        if dec is None:  # at a stream boundary
            if not carry and not buf:
                return
            dec = bz2.BZ2Decompressor()
            cursor.stream_start = position()
        if not dec.needs_input:
            piece: bytes | memoryview = b""  # the decompressor still holds output for its input
        elif carry:
            piece, carry = carry, b""
        elif buf:
            piece, buf = buf[:_BZ2_IN], buf[_BZ2_IN:]
        else:
            cursor.pos = position()
            raise _ReadError("truncated", cursor)
        try:
            out = dec.decompress(piece, out_chunk)
        except (OSError, EOFError) as exc:
            cursor.pos = position()
            raise _ReadError("corrupt", cursor, str(exc)) from None
        if out:
            yield out
        if dec.eof:
            carry, dec = dec.unused_data, None


_PROLOGUE = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)  # XML decl, PIs, comments, blanks
_START_TAG = re.compile(rb"<([^\s/>!?]+)[\s/>]")


def _check_prologue(chunks: Iterator[bytes], cursor: _Cursor) -> tuple[str, Iterator[bytes]]:
    """Look at the document head: refuse a DOCTYPE, require a <mediawiki> root.

    A DTD is the only way to declare entities ("billion laughs"); MediaWiki exports never have
    one, so we refuse it before the parser sees a byte. Returns the root's qualified name and
    the chunks again (with the inspected head put back in front).
    """
    head = b""
    done = False
    while True:
        if not done:
            data = next(chunks, None)
            if data is None:
                done = True
            else:
                head += data
        body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
        rest = body[_PROLOGUE.match(body).end() :]  # type: ignore[union-attr]
        if rest.startswith(b"<!DOCTYPE"):
            raise DumpError(
                f"{cursor.path}: refusing a document with a DOCTYPE: MediaWiki exports have none, "
                "and its entity declarations could expand without bound"
            )
        tag = _START_TAG.match(rest)
        if tag:
            qname = tag.group(1).decode("utf-8", "replace")
            if qname.rpartition(":")[2] != "mediawiki":
                raise DumpError(
                    f"{cursor.path}: not a MediaWiki export (root element <{qname}>, expected <mediawiki>)"
                )
            return qname, _prepend(head, chunks)
        # undecided ("<" of a tag or comment not complete yet): read on, within reason
        undecided = not rest or rest.startswith(b"<")
        if done or not undecided or len(head) > _HEAD_LIMIT:
            if not body.strip():
                raise DumpError(f"{cursor.path}: the dump is empty")
            raise DumpError(
                f"{cursor.path}: not a MediaWiki export (no <mediawiki> root element; starts with "
                f"{body[:40]!r})"
            )


def _prepend(head: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from chunks


# --------------------------------------------------------------------------- XML → pages


_PARSER_OPTIONS: dict[str, Any] = {
    # No entity can ever be declared: a DOCTYPE is refused before parsing (_check_prologue) and
    # cannot occur inside the root. "internal" rather than False because with False an
    # undeclared "&x;" makes libxml2's push parser silently drop the rest of the page (later
    # feeds fail with misleading messages or even succeed); "internal" reports
    # "Entity 'x' not defined" with its line. External entities and DTDs are never loaded,
    # nothing is fetched; libxml2's amplification limit stays on even with huge_tree, which only
    # lifts the 10 MB text-node limit (real page texts can exceed it).
    "resolve_entities": "internal",
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
    "collect_ids": False,
}


def _new_parser(events: tuple[str, ...] = ("end",), tag: str | tuple[str, ...] = "{*}page") -> Any:
    return etree.XMLPullParser(events=events, tag=tag, **_PARSER_OPTIONS)


_NAMES: dict[Any, str] = {}  # tag (possibly namespaced) → local name; a few dozen entries


def _local(tag: Any) -> str:
    name = _NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""  # comments/PIs have no str tag
        if len(_NAMES) < 4096:
            _NAMES[tag] = name
    return name


@dataclass(slots=True)
class _Progress:
    pages: int = 0  # complete pages seen in the unit (skipped ones included)
    last: Page | None = None  # last page yielded


def _iter_unit(unit: DumpUnit, path: Path, start: int, end: int, size: int, skip: int) -> Iterator[Page]:
    cursor = _Cursor(path=path, size=size, pos=start, stream_start=start)
    label = unit.unit_id if unit.kind == "multistream" and (start > 0 or end < size) else None
    progress = _Progress()
    parser = _new_parser()
    ends = _PageEndCounter()

    def take(after_error: bool = False) -> Iterator[Page]:
        # the parser keeps the events it produced before an error, so this also drains after one. After an
        # error, libxml2 >= 2.14 (lxml >= 6.2) also reports an end event for every element it closes itself:
        # the page that was cut would pass as complete. Only pages whose </page> was in the text count then.
        for _, elem in parser.read_events():
            if after_error and progress.pages >= ends.count:
                _free(elem)
                continue
            progress.pages += 1
            if progress.pages > skip:
                page = _page_of(elem, path, progress.pages)
                if progress.pages == 1 and unit.first_page_id not in (None, page.page_id):
                    raise DumpError(
                        f"{path}: the index does not match the dump: unit {unit.unit_id} should start "
                        f"with page id {unit.first_page_id}, found {page.page_id} ({page.title!r})"
                    )
                progress.last = page
                yield page
            _free(elem)

    with open(path, "rb") as fh:
        if unit.kind == "multistream" and start < end:
            _check_magic(fh, start, path, None)
        at_end = False  # an XML error raised by close() means the text stopped too early
        try:
            chunks = _raw_chunks(fh, unit.kind, start, end, cursor)
            root = "mediawiki"
            if start == 0:
                root, chunks = _check_prologue(chunks, cursor)
            elif start < end:
                # a unit in the middle holds bare <page> fragments: give them a root to live in
                chunks = _prepend(b"<mediawiki>", chunks)
            if end < size:  # the real </mediawiki> is in the last stream, which this unit does not read
                chunks = _append(chunks, f"</{root}>".encode())
            for data in ends.counted(chunks):
                parser.feed(data)
                yield from take()
            at_end = True
            parser.close()
            yield from take()
        except _ReadError as exc:
            yield from take(after_error=True)
            raise DumpError(f"{path}: {exc.describe(progress.pages, label)}") from None
        except etree.XMLSyntaxError as exc:
            yield from take(after_error=True)
            raise DumpError(f"{path}: {_xml_problem(exc, progress, label, at_end)}") from None
    last = progress.last
    if unit.last_page_id is not None and last is not None and last.page_id != unit.last_page_id:
        raise DumpError(
            f"{path}: the index does not match the dump: unit {unit.unit_id} should end with page id "
            f"{unit.last_page_id}, found {last.page_id} ({last.title!r})"
        )


class _PageEndCounter:
    """Counts the ``</page>`` end tags in the text fed to the parser: the pages that really ended.

    Page text is escaped in a dump (``&lt;/page&gt;``), so the literal tag only ever closes a page. The count
    tells genuine page ends from the ones the parser makes up when it closes open elements after an error.
    """

    _TAG = b"</page>"

    def __init__(self) -> None:
        self.count = 0
        self._tail = b""  # the last bytes of the previous chunk: a tag may be split between two chunks

    def counted(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        keep = len(self._TAG) - 1
        for data in chunks:
            joined = self._tail + data[:keep]
            self.count += joined.count(self._TAG) + data.count(self._TAG)
            self._tail = data[-keep:] if len(data) >= keep else (self._tail + data)[-keep:]
            yield data


def _append(chunks: Iterable[bytes], tail: bytes) -> Iterator[bytes]:
    yield from chunks
    yield tail


def _free(elem: Any) -> None:
    """Drop a finished page and everything before it, so the tree never grows."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _page_of(elem: Any, path: Path, number: int) -> Page:
    title = ns = page_id = redirect = None
    revision = None
    for child in elem:
        name = _local(child.tag)
        if name == "title":
            title = child.text or ""
        elif name == "ns":
            ns = child.text
        elif name == "id":
            page_id = child.text
        elif name == "redirect":
            redirect = child.get("title", "")
        elif name == "revision":
            revision = child  # several revisions: the last one is the current text
    revision_id, timestamp, text = "0", "", ""
    if revision is not None:
        for child in revision:
            name = _local(child.tag)
            if name == "id":
                revision_id = child.text
            elif name == "timestamp":
                timestamp = child.text or ""
            elif name == "text":
                text = child.text or ""  # <text deleted="deleted"/> has none
    if title is None:
        raise DumpError(f"{path}: page #{number} has no <title>")
    try:
        return Page(
            title=title,
            namespace=int(ns) if ns is not None else 0,
            page_id=int(page_id),  # type: ignore[arg-type]
            revision_id=int(revision_id),  # type: ignore[arg-type]
            timestamp=timestamp,
            text=text,
            redirect=redirect,
        )
    except (TypeError, ValueError):
        raise DumpError(
            f"{path}: page #{number} ({title!r}) has a missing or non-numeric ns/id/revision id "
            f"(ns={ns!r}, id={page_id!r}, revision id={revision_id!r})"
        ) from None


def _xml_error(exc: etree.XMLSyntaxError) -> str:
    line, column = exc.position if exc.position else (exc.lineno, exc.offset)
    msg = re.sub(r", line \d+, column \d+$", "", (exc.msg or str(exc)).strip())  # lxml repeats them
    return f"line {line}, column {column}: {msg}"


def _xml_problem(exc: etree.XMLSyntaxError, progress: _Progress, unit: str | None, at_end: bool) -> str:
    after = f"after {progress.pages} pages" + (f" of unit {unit}" if unit else "")
    if progress.last is not None:
        after += f", last complete page {progress.last.title!r} (id {progress.last.page_id})"
    where = " of the unit's decompressed text" if unit else ""
    if at_end:
        return f"XML ends early (truncated file?) {after}: {_xml_error(exc)}{where}"
    return f"malformed XML {after}: {_xml_error(exc)}{where}"


# --------------------------------------------------------------------------- siteinfo, index


def _siteinfo_of(elem: Any, lang: str) -> SiteInfo:
    values: dict[str, str] = {}
    namespaces: dict[int, str] = {}
    for child in elem:
        name = _local(child.tag)
        if name == "namespaces":
            for ns in child:
                key = ns.get("key")
                if key is not None and key.lstrip("-").isdigit():
                    namespaces[int(key)] = ns.text or ""
        elif name:
            values[name] = child.text or ""
    dbname = values.get("dbname", "")
    return SiteInfo(
        dbname=dbname,
        language=language_of_dbname(dbname) or lang,
        sitename=values.get("sitename", ""),
        base=values.get("base", ""),
        generator=values.get("generator", ""),
        case=values.get("case", ""),
        namespaces=namespaces,
    )


def _dbname_for_ids(path: Path) -> str:
    """The dbname for unit ids; falls back to the file name's first part when there is none."""
    dbname = read_siteinfo(path).dbname
    return dbname or re.split(r"[-.]", path.name, maxsplit=1)[0] or "dump"


@dataclass(slots=True)
class _Stream:
    offset: int
    first_id: int
    last_id: int
    pages: int


def _read_index(index_path: Path) -> list[_Stream]:
    """Group ``offset:page_id:title`` lines by offset (titles may contain ':')."""
    streams: list[_Stream] = []
    opener = bz2.open if _is_bz2(index_path) else open
    current: _Stream | None = None
    try:
        with opener(index_path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                parts = line.split(b":", 2)
                try:
                    if len(parts) < 3:
                        raise ValueError
                    offset, page_id = int(parts[0]), int(parts[1])
                except ValueError:
                    if not line.strip():
                        continue
                    raise DumpError(
                        f"{index_path}: line {number} is not 'offset:page_id:title': {line[:80]!r}"
                    ) from None
                if current is not None and offset == current.offset:
                    current.last_id = page_id
                    current.pages += 1
                    continue
                if current is not None and offset < current.offset:
                    raise DumpError(
                        f"{index_path}: line {number}: offset {offset} is before {current.offset}"
                    )
                current = _Stream(offset, page_id, page_id, 1)
                streams.append(current)
    except (OSError, EOFError) as exc:
        raise DumpError(f"{index_path}: cannot read the index ({exc})") from None
    return streams


def _check_index(path: Path, index_path: Path, streams: list[_Stream], size: int) -> None:
    beyond = next((s for s in streams if s.offset >= size), None)
    if beyond is not None:
        raise DumpError(
            f"{index_path}: the index does not match the dump {path.name}: stream offset {beyond.offset} "
            f"(page id {beyond.first_id}) is beyond the end of the file ({size} bytes; truncated download?)"
        )


def _check_magic(fh: BinaryIO, offset: int, path: Path, index_path: Path | None) -> None:
    fh.seek(offset)
    magic = fh.read(3)
    if magic != _BZ2_MAGIC:
        source = f"{index_path}: the index" if index_path else f"{path}: the unit's byte range"
        raise DumpError(
            f"{source} does not match the dump {path.name}: no bz2 stream starts at byte {offset} "
            f"(found {magic!r})"
        )


def _balanced_cuts(offsets: list[int], size: int, units: int) -> list[int]:
    """Indices of the first stream of each unit, so units hold about equal compressed bytes."""
    total = size - offsets[0]
    cuts = [0]
    for k in range(1, units):
        target = offsets[0] + total * k / units
        i = _nearest(offsets, target)
        i = max(i, cuts[-1] + 1)  # at least one stream per unit
        i = min(i, len(offsets) - (units - k))  # and leave one for each unit still to come
        cuts.append(i)
    return cuts


def _nearest(offsets: list[int], target: float) -> int:
    i = bisect.bisect_left(offsets, target)
    if i > 0 and (i == len(offsets) or target - offsets[i - 1] <= offsets[i] - target):
        return i - 1
    return i


def _is_bz2(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == _BZ2_MAGIC


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise DumpError(f"dump not found: {path}")
    if not path.is_file():
        raise DumpError(f"dump is not a file: {path}")
    return path
