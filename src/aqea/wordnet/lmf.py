"""Streaming reader of WN-LMF XML (``english-wordnet-2025.xml.xz`` or ``.xml.gz``, plain ``.xml`` too) with an lxml
pull parser.

Yields a :class:`Lexicon` per ``<Lexicon>``, a :class:`LexicalEntry` per entry (lemma, part of speech, senses
with their sense relations) and a :class:`Synset` per synset (definitions, examples, ILI, lexicographer file,
members, synset relations). Each record's element is freed once read, so memory stays flat apart from one map
entry id → lemma per entry (to name a synset's members).

Bad input: an element that cannot make a record (a synset without id, a sense without synset …) is a
:class:`Rejection` with its line, and the reading goes on. A file that stops being readable (malformed XML,
a ``.gz`` or ``.xz`` cut short, a corrupt one) ends the reading with one final Rejection saying why and where, after
every record that ended before the fault. After a syntax error libxml2 ≥ 2.14 (lxml ≥ 6.2) reports the elements
it closes itself as ended: only records whose end tag was really in the text count then, so a cut synset is
never yielded half.
"""

from __future__ import annotations

import contextlib
import lzma
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from aqea.taxonomy import load_table
from aqea.wordnet.errors import WordnetError
from aqea.wordnet.model import (
    LexicalEntry,
    Lexicon,
    Rejection,
    Relation,
    RelationKind,
    Synset,
    WordnetRecord,
    WordSense,
)

_CHUNK = 1 << 18  # most uncompressed bytes fed to the parser per call
_GZ_CHUNK = 1 << 16  # compressed bytes read per call
_RECORDS = ("LexicalEntry", "Synset")
# WN-LMF relType → our kinds; names missing here are kept as "other" with their own name
REL_TYPES: dict[str, RelationKind] = {
    "hypernym": "hypernym", "hyponym": "hyponym",
    "instance_hypernym": "instance_hypernym", "instance_hyponym": "instance_hyponym",
    "mero_part": "part_meronym", "holo_part": "part_holonym", "mero_member": "member_meronym",
    "holo_member": "member_holonym", "mero_substance": "substance_meronym", "holo_substance": "substance_holonym",
    "antonym": "antonym", "similar": "similar", "derivation": "derivation", "pertainym": "pertainym",
    "participle": "participle", "attribute": "attribute", "also": "also",
    "entails": "entails", "is_entailed_by": "entailed_by", "causes": "causes", "is_caused_by": "caused_by",
    "domain_topic": "domain_topic", "has_domain_topic": "domain_topic_member",
    "domain_region": "domain_region", "has_domain_region": "domain_region_member",
    "exemplifies": "domain_usage", "is_exemplified_by": "domain_usage_member",
}


def lexfile_numbers() -> dict[str, int]:
    """Lexicographer file name → number, from the concept layout table (the 45 ``lexnames`` of WordNet 3.0)."""
    return {f["name"]: f["lexfile"] for f in load_table("concept_blocks")["fields"]}


def read_lmf(path: Path) -> Iterator[WordnetRecord]:
    """Every record of a WN-LMF file in document order; see the module docstring for bad input."""
    if not path.is_file():
        raise WordnetError(f"{path}: WN-LMF file not found")
    return _Reader(path).records()


class _ReadError(Exception):
    """The bytes stopped being readable (a cut or corrupt .gz or .xz)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(slots=True)
class _EndCounter:
    """Counts record ends (``</Synset>``, ``</LexicalEntry>``, or a self-closed ``<Synset …/>``) in the text fed
    to the parser, and the lines: after an error only that many record ends are genuine."""

    ends: int = 0
    lines: int = 0
    tail: bytes = b""  # an unfinished tag at the end of the previous chunk
    _pattern: re.Pattern[bytes] = field(
        default=re.compile(rb"</(?:Synset|LexicalEntry)\s*>|<(?:Synset|LexicalEntry)\b[^<>]*/>"))

    def feed(self, data: bytes) -> None:
        buffer = self.tail + data
        cut = buffer.rfind(b"<")
        if cut == -1 or buffer.find(b">", cut) != -1:
            cut = len(buffer)
        self.ends += len(self._pattern.findall(buffer, 0, cut))
        self.tail = buffer[cut:]
        self.lines += data.count(b"\n")

    def ends_before(self, chunk: bytes, line: int, column: int) -> int:
        """Record ends up to (line, column) of the document when ``chunk`` is the last text fed (already
        counted): the ends after the error point were never parsed."""
        lines_before = self.lines - chunk.count(b"\n")
        position = 0
        for _ in range(max(line - 1 - lines_before, 0)):
            position = chunk.find(b"\n", position) + 1
            if position == 0:
                return self.ends
        error_at = min(position + max(column - 1, 0), len(chunk))
        return self.ends - len(self._pattern.findall(chunk, error_at))


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.taken = 0  # record ends read from the parser
        self.entry_lemmas: dict[str, str] = {}  # entry id → lemma, for synset members
        self.synset_lemmas: dict[str, list[str]] = {}  # synset id → lemmas, when <Synset> has no members=
        self.lexfiles = lexfile_numbers()

    def records(self) -> Iterator[WordnetRecord]:
        parser = etree.XMLPullParser(events=("start", "end"), tag=("Lexicon", *_RECORDS),
                                     resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
        counter = _EndCounter()
        chunk = b""
        try:
            for chunk in self._chunks():
                counter.feed(chunk)
                parser.feed(chunk)
                yield from self._take(parser, None)
            chunk = b""
            parser.close()
            yield from self._take(parser, None)
        except _ReadError as exc:
            yield from self._drain_after_error(parser, counter.ends)
            yield Rejection(self.name, f"after record {self.taken}", exc.reason, exc.detail)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (0, 0)
            genuine = counter.ends_before(chunk, line, column) if chunk else counter.ends
            yield from self._take(parser, genuine)
            cut = not chunk  # the text ended inside an element: a cut file, not a syntax error
            yield Rejection(self.name, f"line {line}", "truncated file" if cut else "malformed XML",
                            f"{exc.msg}; {self.taken} records read before it")

    def _drain_after_error(self, parser: Any, genuine: int) -> Iterator[WordnetRecord]:
        with contextlib.suppress(etree.XMLSyntaxError):
            parser.close()  # the bytes read so far may still hold complete records
        yield from self._take(parser, genuine)

    def _chunks(self) -> Iterable[bytes]:
        with open(self.path, "rb") as fh:
            if self.path.suffix == ".xz":
                yield from _xz_chunks(fh)
                return
            if self.path.suffix != ".gz":
                while data := fh.read(_CHUNK):
                    yield data
                return
            # zlib rather than gzip.open: every byte that decompresses reaches the parser, even from a cut file
            inflater = zlib.decompressobj(wbits=31)
            open_member = False  # bytes of a gzip member were fed and its end has not come yet
            while raw := fh.read(_GZ_CHUNK):
                while raw:
                    try:
                        data = inflater.decompress(raw, _CHUNK)
                    except zlib.error as exc:
                        raise _ReadError("corrupt gzip", f"{exc}, near compressed byte {fh.tell()}") from None
                    open_member = not inflater.eof
                    if data:
                        yield data
                    raw = inflater.unconsumed_tail
                    if inflater.eof:  # another gzip member may follow (concatenated .gz)
                        raw = inflater.unused_data
                        inflater = zlib.decompressobj(wbits=31)
            if open_member:
                raise _ReadError("truncated file", f"the gzip stream stops early, at compressed byte {fh.tell()}")

    def _take(self, parser: Any, genuine: int | None) -> Iterator[WordnetRecord]:
        for event, elem in parser.read_events():
            tag = elem.tag
            if event == "start":
                if tag == "Lexicon":
                    yield self._lexicon(elem)
                continue
            if tag == "Lexicon":
                elem.clear()
                continue
            if genuine is not None and self.taken >= genuine:
                _free(elem)  # closed by the parser after an error, not by the text: never a record
                continue
            self.taken += 1
            try:
                yield self._entry(elem) if tag == "LexicalEntry" else self._synset(elem)
            except _ElementError as exc:
                yield Rejection(self.name, f"<{tag}> at line {elem.sourceline}", exc.reason,
                                elem.get("id") or "")
            _free(elem)

    def _lexicon(self, elem: Any) -> Lexicon:
        get = elem.get
        return Lexicon(get("id", ""), get("label", ""), get("language", ""), get("version", ""),
                       get("license", ""), get("url", ""))

    def _entry(self, elem: Any) -> LexicalEntry:
        entry_id = elem.get("id")
        lemma_elem = elem.find("Lemma")
        if not entry_id or lemma_elem is None:
            raise _ElementError("entry without id or <Lemma>")
        lemma, pos = lemma_elem.get("writtenForm"), lemma_elem.get("partOfSpeech")
        if not lemma or not pos:
            raise _ElementError("<Lemma> without writtenForm or partOfSpeech")
        senses = []
        for number, sense in enumerate(elem.iterfind("Sense"), 1):
            sense_id, synset = sense.get("id"), sense.get("synset")
            if not sense_id or not synset:
                raise _ElementError("<Sense> without id or synset")
            relations = tuple(_relation(r, sense_id, lexical=True) for r in sense.iterfind("SenseRelation"))
            examples = tuple(t for e in sense.iterfind("Example") if (t := (e.text or "").strip()))
            n = sense.get("n")  # WN-LMF 1.1+: an explicit sense order
            senses.append(WordSense(lemma, pos, synset, sense_id, int(n) if n and n.isdigit() else number,
                                    examples, relations, adjposition=sense.get("adjposition", "")))
            self.synset_lemmas.setdefault(synset, []).append(lemma)
        forms = tuple(f.get("writtenForm", "") for f in elem.iterfind("Form"))
        prons = tuple(((p.text or "").strip(), p.get("variety", "")) for p in lemma_elem.iterfind("Pronunciation"))
        self.entry_lemmas[entry_id] = lemma
        return LexicalEntry(entry_id, lemma, pos, tuple(senses), forms, prons)

    def _synset(self, elem: Any) -> Synset:
        synset_id, pos = elem.get("id"), elem.get("partOfSpeech")
        if not synset_id or not pos:
            raise _ElementError("synset without id or partOfSpeech")
        lexfile = elem.get("lexfile") or _subject(elem)
        ili = elem.get("ili") or None
        members_attr = elem.get("members")
        if members_attr:
            members = tuple(self.entry_lemmas.get(m, m) for m in members_attr.split())
        else:
            members = tuple(self.synset_lemmas.get(synset_id, ()))
        self.synset_lemmas.pop(synset_id, None)
        return Synset(
            id=synset_id, pos=pos, lexfile=lexfile, lexfile_number=self.lexfiles.get(lexfile),
            ili=None if ili == "in" else ili,
            definitions=tuple(t for d in elem.iterfind("Definition") if (t := (d.text or "").strip())),
            examples=tuple(t for e in elem.iterfind("Example") if (t := (e.text or "").strip())),
            members=members,
            relations=tuple(_relation(r, synset_id, lexical=False) for r in elem.iterfind("SynsetRelation")),
            ili_definition=(elem.findtext("ILIDefinition") or "").strip(),
        )


def _xz_chunks(fh: BinaryIO) -> Iterator[bytes]:
    """The decompressed bytes of an ``.xz`` file, as far as they go; a cut or corrupt stream raises _ReadError
    after them. LZMADecompressor rather than lzma.open, for the same reason as zlib for ``.gz``."""
    decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    open_stream = False  # bytes of an xz stream were fed and its end has not come yet
    raw = b""
    while True:
        if decompressor.needs_input and not raw:
            raw = fh.read(_GZ_CHUNK)
            if not raw:
                break
        try:
            # with max_length the decompressor keeps unread input itself; needs_input says when it wants more
            data = decompressor.decompress(raw, _CHUNK)
        except lzma.LZMAError as exc:
            raise _ReadError("corrupt xz", f"{exc}, near compressed byte {fh.tell()}") from None
        raw = b""
        open_stream = not decompressor.eof
        if data:
            yield data
        if decompressor.eof:  # another xz stream may follow (concatenated .xz); stream padding is not supported
            raw = decompressor.unused_data
            decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    if open_stream:
        raise _ReadError("truncated file", f"the xz stream stops early, at compressed byte {fh.tell()}")


class _ElementError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _relation(elem: Any, source: str, lexical: bool) -> Relation:
    rel_type, target = elem.get("relType"), elem.get("target")
    if not rel_type or not target:
        raise _ElementError(f"<{elem.tag}> without relType or target")
    kind = REL_TYPES.get(rel_type, "other")
    name = rel_type
    if rel_type == "other":  # WN-LMF puts the real name in dc:type ("agent", "result" …)
        subtype = _dc(elem, "type")
        name = f"other:{subtype}" if subtype else rel_type
    return Relation(kind, name, source, target, lexical)


def _subject(elem: Any) -> str:
    return _dc(elem, "subject")


def _dc(elem: Any, local: str) -> str:
    """A Dublin Core attribute, whatever namespace URI the file binds ``dc:`` to (it differs between versions)."""
    for name, value in elem.attrib.items():
        if name.endswith("}" + local):
            return str(value)
    return ""


def _free(elem: Any) -> None:
    """Drop a finished record and its earlier siblings, so the tree never grows."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
