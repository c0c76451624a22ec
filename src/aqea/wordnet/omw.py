"""Reader of OMW 1.x tab files (``omw/wn-wikt-deu.tab``, ``wn-cldr-fra.tab`` …): words of one language hung on
Princeton WordNet 3.0 synsets, each joined to its ILI.

Line 1 is a header ``# <project><TAB><lang><TAB><url><TAB><licence>``; every other line is
``<offset>-<pos><TAB><lang>:lemma<TAB><lemma>``. The ``wikt`` files write satellites as ``-a``; the ILI map's
fallback finds them as ``-s``. A row with a wrong column count or a synset the map does not know becomes a
:class:`Rejection` (with its line number) and the reading goes on; empty lines are skipped. Files may be plain,
``.xz`` or ``.gz``; a compressed one cut short or corrupt ends with one Rejection after its last whole row.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

from aqea.taxonomy import load_table
from aqea.wordnet.files import DamagedFile, text_lines
from aqea.wordnet.ili import IliMap
from aqea.wordnet.model import OmwLemma, Rejection


def our_language(iso639_3: str) -> str:
    """Our language code for an ISO 639-3 code (``deu`` → ``de``); unknown codes stay as they are."""
    codes: dict[str, str] = load_table("iso639_3")["codes"]
    return codes.get(iso639_3, iso639_3)


def read_omw(path: Path, ili_map: IliMap) -> Iterator[OmwLemma | Rejection]:
    """Yield one OmwLemma per row, or a Rejection for a row that cannot be used."""
    name = str(path)
    number = 0  # the line read last, for a fault of the file itself
    with contextlib.closing(text_lines(path, "OMW file")) as lines:
        try:
            header = next(lines, "")
            language = _header_language(header)
            rows: Iterable[str] = lines
            if language is None:
                yield Rejection(name, "line 1", "no header", header.rstrip("\n")[:200])
                rows = itertools.chain([header], lines)  # treat line 1 as data: the rows still carry their language
            else:
                number = 1
            for number, line in enumerate(rows, 2 if language is not None else 1):
                yield from _row(name, number, line, language, ili_map)
        except DamagedFile as exc:
            yield Rejection(name, f"after line {number}", exc.reason, exc.detail)


def _row(name: str, number: int, line: str, language: str | None, ili_map: IliMap) -> Iterator[OmwLemma | Rejection]:
    line = line.rstrip("\n").rstrip("\r")
    if not line.strip():
        return
    columns = line.split("\t")
    if len(columns) != 3:
        yield Rejection(name, f"line {number}", "wrong column count",
                        f"{len(columns)} columns, expected 3: {line[:200]!r}")
        return
    synset, kind, lemma = columns
    lang, _, field = kind.partition(":")
    if field != "lemma":  # OMW 1.x also has "def" and "exe" rows in other files; these hold lemmas only
        yield Rejection(name, f"line {number}", "not a lemma row", line[:200])
        return
    resolved = ili_map.resolve(synset)
    if resolved is None:
        yield Rejection(name, f"line {number}", "unknown synset", f"{synset!r} is not in {ili_map.source}")
        return
    if not lemma.strip():
        yield Rejection(name, f"line {number}", "empty lemma", line[:200])
        return
    yield OmwLemma(our_language(lang or language or ""), lemma.strip(), resolved, ili_map.by_synset[resolved][0])


def _header_language(header: str) -> str | None:
    if not header.startswith("#"):
        return None
    parts = header[1:].strip().split("\t")
    return parts[1] if len(parts) >= 2 else None
