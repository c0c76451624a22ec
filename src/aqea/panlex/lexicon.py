"""Bilingual lexicons extracted from PanLex (``zho_eng_lexicon.txt``): ``source expression<TAB>target
expression`` per line, UTF-8; the file name gives the two ISO 639-3 codes (``<src>_<tgt>_lexicon.txt``).

A word's record carries all its translations, which may be anywhere in the file: :func:`lexicon_words` sorts the
pairs' two sides by word with bounded memory (``aqea.panlex.spool``) and yields each word once, in record-key
order, with its translations in file order. With ``parts`` > 1 it keeps only the words of one part
(``lexemes.part_of``): the parts of a large lexicon are separate work units, each word in exactly one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aqea.panlex.files import COMPRESSED, PanlexError, text_lines
from aqea.panlex.lexemes import Word, part_of
from aqea.panlex.spool import CHUNK_ROWS, SortedRows, SpooledWords
from aqea.panlex.tables import Rejection

NAME = re.compile(r"^(?P<source>[a-z]{3})_(?P<target>[a-z]{3})_lexicon\.txt$")


@dataclass(frozen=True, slots=True)
class Pair:
    line: int
    source: str
    target: str


def languages_of(path: Path) -> tuple[str, str] | None:
    """The ISO 639-3 codes a lexicon's name gives (``zho_eng_lexicon.txt`` → zho, eng)."""
    name = path.name
    for suffix in COMPRESSED:
        name = name.removesuffix(suffix)
    match = NAME.match(name)
    return (match["source"], match["target"]) if match else None


def read_pairs(path: Path) -> Iterator[Pair | Rejection]:
    for number, line in enumerate(text_lines(path), 1):
        text = line.rstrip("\n").rstrip("\r")
        if not text.strip():
            continue
        fields = text.split("\t")
        if len(fields) != 2:
            yield Rejection(path.name, f"line {number}", "wrong column count",
                            f"{len(fields)} columns, expected 2: {text[:200]!r}")
        elif not fields[0].strip() or not fields[1].strip():
            yield Rejection(path.name, f"line {number}", "empty expression", repr(text[:200]))
        else:
            yield Pair(number, fields[0].strip(), fields[1].strip())


class LexiconWords(SpooledWords):
    """One part of a lexicon, read and sorted: :meth:`words` then :meth:`rejections` (both once), ``fault`` the
    damage that ended the file early (the pairs before it are kept). ``close()`` removes the sort's files."""

    def __init__(self, path: Path, languages: tuple[str, str], *, part: int = 0, parts: int = 1,
                 folder: Path | None = None, chunk_rows: int = CHUNK_ROWS) -> None:
        codes = languages_of(path)
        assert codes is not None
        # (record key, line, side, language, text, the side's ISO code, the other text, the other's language)
        self._sides = SortedRows(folder, chunk_rows)
        self._rejected = SortedRows(folder, chunk_rows)  # (order read, file, where, reason, detail)
        self.fault: str | None = None
        try:
            for number, pair in enumerate(read_pairs(path)):
                if isinstance(pair, Rejection):
                    if part == 0:  # a bad row belongs to no word: the first part records it
                        self._rejected.add((number, pair.file, pair.where, pair.reason, pair.detail))
                    continue
                for side, (text, other) in enumerate(((pair.source, pair.target), (pair.target, pair.source))):
                    if part_of(languages[side], text, parts) == part:
                        self._sides.add((f"{languages[side]}:{text}", pair.line, side, languages[side], text,
                                         codes[side], other, languages[1 - side]))
        except PanlexError as exc:
            self.fault = str(exc)

    def words(self) -> Iterator[tuple[str, str, Word]]:
        """(language, text, word) in record-key order."""
        for _, rows in itertools.groupby(self._sides, key=lambda row: row[0]):
            word, language, text = Word(), "", ""
            for row in rows:
                language, text, code, other, other_language = row[3:]
                word.seen_in(code)
                word.link(("translation", other, other_language, "", ""))
            yield language, text, word

