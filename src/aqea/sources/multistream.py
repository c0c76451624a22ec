"""Write Wikimedia-style multistream dumps (for tests and benchmarks built from real pages).

Layout, as on dumps.wikimedia.org: one bz2 stream with ``<mediawiki …>`` and ``<siteinfo>``,
then one bz2 stream per ``pages_per_stream`` pages holding bare ``<page>`` fragments, then one
stream with ``</mediawiki>``; the index (``X-multistream-index.txt.bz2``) lists
``offset:page_id:title`` for every page, ``offset`` being where the page's stream starts.
"""

from __future__ import annotations

import bz2
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from aqea.errors import DumpError
from aqea.model import Page
from aqea.sources.dump import (
    _check_prologue,
    _Cursor,
    _raw_chunks,
    _ReadError,
    default_index_path,
    detect_kind,
    language_of_dbname,
)

__all__ = ["index_path_for", "siteinfo_xml_of", "write_multistream"]

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"
_ROOT = (
    f'<mediawiki xmlns="{EXPORT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-0.11.xsd" '
    'version="0.11" xml:lang="{lang}">\n'
)
# characters XML 1.0 cannot carry at all; a page holding one could not be read back
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ENTITIES = {"\r": "&#13;"}  # a raw CR would be normalised away by the reader
_SITEINFO = re.compile(rb"<siteinfo>.*?</siteinfo>", re.S)
_DBNAME = re.compile(r"<dbname>([^<]*)</dbname>")


def index_path_for(out_path: str | Path) -> Path:
    """``X-multistream.xml.bz2`` → ``X-multistream-index.txt.bz2``; other names: ``X-index.txt.bz2``."""
    out_path = Path(out_path)
    derived = default_index_path(out_path)
    if derived is not None:
        return derived
    stem = out_path.name.removesuffix(".bz2").removesuffix(".xml")
    return out_path.with_name(stem + "-index.txt.bz2")


def write_multistream(
    pages: Iterable[Page],
    out_path: str | Path,
    index_path: str | Path | None = None,
    siteinfo_xml: str | None = None,
    pages_per_stream: int = 100,
    compresslevel: int = 9,
) -> int:
    """Write ``pages`` as a multistream dump plus its index; returns the number of pages written.

    Both files are written under a temporary name and renamed at the end, so a crash never
    leaves a half-written dump that looks complete.
    """
    if pages_per_stream < 1:
        raise ValueError(f"pages_per_stream must be at least 1, not {pages_per_stream}")
    out_path = Path(out_path)
    index_path = Path(index_path) if index_path is not None else index_path_for(out_path)
    dbname = _DBNAME.search(siteinfo_xml or "")
    lang = language_of_dbname(dbname.group(1)) if dbname else ""
    header = _ROOT.replace("{lang}", lang or "en")
    if siteinfo_xml:
        header += "  " + siteinfo_xml.strip() + "\n"

    tmp_out = out_path.with_name(out_path.name + ".part")
    tmp_index = index_path.with_name(index_path.name + ".part")
    written = 0
    try:
        with open(tmp_out, "wb") as out, bz2.open(tmp_index, "wt", encoding="utf-8") as index:
            out.write(bz2.compress(header.encode("utf-8"), compresslevel))
            batch: list[Page] = []

            def flush() -> None:
                offset = out.tell()
                out.write(bz2.compress("".join(map(_page_xml, batch)).encode("utf-8"), compresslevel))
                index.write("".join(f"{offset}:{p.page_id}:{p.title}\n" for p in batch))
                batch.clear()

            for page in pages:
                batch.append(page)
                written += 1
                if len(batch) == pages_per_stream:
                    flush()
            if batch:
                flush()
            out.write(bz2.compress(b"</mediawiki>\n", compresslevel))
        os.replace(tmp_index, index_path)
        os.replace(tmp_out, out_path)
    finally:
        for tmp in (tmp_out, tmp_index):
            tmp.unlink(missing_ok=True)
    return written


def siteinfo_xml_of(path: str | Path) -> str:
    """The raw ``<siteinfo>…</siteinfo>`` block of an existing dump (reads only its head)."""
    path = Path(path)
    kind = detect_kind(path)
    size = path.stat().st_size
    cursor = _Cursor(path=path, size=size)
    head = b""
    with open(path, "rb") as fh:
        try:
            _, chunks = _check_prologue(_raw_chunks(fh, kind, 0, size, cursor, out_chunk=64 << 10), cursor)
            for data in chunks:
                # the whole head is kept, so a tag cut between two chunks is still found
                head += data
                found = _SITEINFO.search(head)
                if found:
                    return found.group(0).decode("utf-8")
                if b"<page>" in head or len(head) > 16 << 20:
                    break
        except _ReadError as exc:
            raise DumpError(f"{path}: {exc.describe(0, None)}") from None
    raise DumpError(f"{path}: no <siteinfo> block at the start of the dump")


def _page_xml(page: Page) -> str:
    """One ``<page>`` element, laid out as MediaWiki's exporter does."""
    for value in (page.title, page.text, page.redirect or ""):
        if _NOT_XML.search(value):
            raise ValueError(f"page {page.title!r} (id {page.page_id}) holds a character XML cannot carry")
    text_bytes = len(page.text.encode("utf-8"))
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect is not None else ""
    return (
        "  <page>\n"
        f"    <title>{escape(page.title)}</title>\n"
        f"    <ns>{page.namespace}</ns>\n"
        f"    <id>{page.page_id}</id>\n"
        f"{redirect}"
        "    <revision>\n"
        f"      <id>{page.revision_id}</id>\n"
        f"      <timestamp>{escape(page.timestamp)}</timestamp>\n"
        "      <model>wikitext</model>\n"
        "      <format>text/x-wiki</format>\n"
        f'      <text bytes="{text_bytes}" xml:space="preserve">{escape(page.text, _TEXT_ENTITIES)}</text>\n'
        f"      <sha1>{_sha1_base36(page.text)}</sha1>\n"
        "    </revision>\n"
        "  </page>\n"
    )


def _sha1_base36(text: str) -> str:
    """MediaWiki's revision checksum: SHA-1 of the text in base 36, 31 digits."""
    number = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest(), "big")
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append("0123456789abcdefghijklmnopqrstuvwxyz"[digit])
    return "".join(reversed(digits)).rjust(31, "0")
