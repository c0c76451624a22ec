"""The PanLex database dump (CSV or JSON, one file per table), the tables a translation needs:

| table | columns read | what |
| --- | --- | --- |
| ``langvar`` | ``id, lang_code, var_code`` | language varieties (``aqea.panlex.langvar``) |
| ``source`` | ``id, label, quality`` | the dictionaries PanLex read; ``quality`` 0–9, PanLex's rating of a source |
| ``meaning`` | ``id, source`` | one meaning of one source |
| ``expr`` | ``id, langvar, txt`` | an expression: a text in a variety (``txt_degr`` is not needed) |
| ``denotation`` | ``id, meaning, expr`` | an expression denoting a meaning |

Two expressions denoting one meaning translate each other (``translation`` between languages, ``synonym`` within
one), with the source's quality: per pair the best quality's source is kept (``note``: ``quality 7: <label>``).
The tables are read streaming and joined through sorts with bounded memory (:class:`DumpWords`); a unit may
read one part of the words (``lexemes.part_of``). A row that cannot be used (wrong column count, invalid JSON,
a value that is no number, an unknown variety, an expression or meaning that is not in its table) is a
rejection, counted, and the reading goes on; a compressed table cut short ends the reading with one DamagedFile
after what was read before.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aqea.panlex.files import COMPRESSED, DamagedFile, PanlexError
from aqea.panlex.langvar import Varieties
from aqea.panlex.lexemes import Word, part_of
from aqea.panlex.spool import CHUNK_ROWS, SortedRows, SpooledWords
from aqea.panlex.tables import Rejection, Row, integer, read_rows

TABLES = {"source": ("id", "label", "quality"), "meaning": ("id", "source"), "expr": ("id", "langvar", "txt"),
          "denotation": ("id", "meaning", "expr")}


def table_path(folder: Path, name: str) -> Path | None:
    for fmt in ("csv", "json", "jsonl"):
        for suffix in ("", *COMPRESSED):
            path = folder / f"{name}.{fmt}{suffix}"
            if path.is_file():
                return path
    return None


def dump_tables(folder: Path) -> dict[str, Path]:
    """Each table's file in a dump folder; a folder lacking one is a PanlexError naming them."""
    found = {name: table_path(folder, name) for name in TABLES}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise PanlexError(f"{folder}: not a PanLex dump: no {', '.join(missing)} table (.csv or .json)")
    return {name: path for name, path in found.items() if path is not None}


@dataclass(slots=True)
class DumpRead:
    words: dict[tuple[str, str], Word] = field(default_factory=dict)  # (language, text) → what it carries
    rejections: list[Rejection] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # rows read per table
    fault: str | None = None  # the damage that ended the reading early


def read_dump(folder: Path, varieties: Varieties, chunk_rows: int = CHUNK_ROWS) -> DumpRead:
    """The whole dump gathered in memory (tests, small dumps); a unit streams :class:`DumpWords` instead."""
    read = DumpWords(folder, varieties, chunk_rows=chunk_rows)
    try:
        words = {(language, text): word for language, text, word in read.words()}
        return DumpRead(words, list(read.rejections()), read.counts, read.fault)
    finally:
        read.close()


class DumpWords(SpooledWords):
    """One part of a dump (``lexemes.part_of``), joined and sorted with bounded memory: :meth:`words` then
    :meth:`rejections` (both once); ``counts`` rows read per table, ``fault`` the damage that ended the reading.

    Only the ``source`` table is held (thousands of rows). The others go through sorts (``aqea.panlex.spool``):
    denotations by meaning, joined with the meanings (unknown meaning → rejection); by expression, joined with
    the expressions (unknown expression → rejection); by meaning again, where each meaning's expressions make
    the pairs; those by word, where each word gathers its varieties and its links, best quality per pair.
    Every row carries its order of reading, so ties keep the dump's order and the result is the one reading
    every table into memory gives."""

    def __init__(self, folder: Path, varieties: Varieties, *, part: int = 0, parts: int = 1,
                 folder_for_sorting: Path | None = None, chunk_rows: int = CHUNK_ROWS) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.fault: str | None = None
        self._part, self._parts = part, parts
        self._spool = lambda: SortedRows(folder_for_sorting, chunk_rows)
        self._order = itertools.count()  # order of reading: of rows and of their rejections
        self._rejected = self._spool()  # (order, file, where, reason, detail)
        self._sources: dict[int, tuple[str, int]] = {}
        # (record key, meaning, order of the word's denotation, order of the other's or -1, uid or kind,
        #  other text, other language, source id): a word's varieties (-1) and its pairs, in the order read
        self._sides = self._spool()
        tables = dump_tables(folder)
        meanings, exprs, denotations = self._spool(), self._spool(), self._spool()
        try:
            self._read(tables, varieties, meanings, exprs, denotations)
            self._pairs(tables["denotation"], meanings, exprs, denotations)
        except BaseException:
            for rows in (meanings, exprs, denotations):
                rows.close()
            self.close()
            raise

    def _read(self, tables: dict[str, Path], varieties: Varieties, meanings: SortedRows, exprs: SortedRows,
              denotations: SortedRows) -> None:
        try:
            for _, row in self._rows(tables["source"]):
                self._sources[integer(row, "id")] = (str(row.values["label"]), integer(row, "quality"))
            for order, row in self._rows(tables["meaning"]):
                meaning, source = integer(row, "id"), integer(row, "source")
                if source not in self._sources:
                    self._reject(order, tables["meaning"], row, "unknown source", f"source {source}")
                else:
                    meanings.add((meaning, order, source))
            for order, row in self._rows(tables["expr"]):
                expr = _expr(row, varieties)
                if isinstance(expr, Rejection):
                    self._reject(order, tables["expr"], row, expr.reason, expr.detail)
                else:
                    exprs.add((integer(row, "id"), order, *expr))
            for order, row in self._rows(tables["denotation"]):
                denotations.add((integer(row, "meaning"), order, integer(row, "expr"), row.line))
        except DamagedFile as exc:
            self.fault = str(exc)  # what was read before it is joined as usual

    def _rows(self, path: Path) -> Iterator[tuple[int, Row]]:
        """The table's usable rows with their order of reading; unreadable ones and values that are no integers
        are rejections."""
        for row in read_rows(path, TABLES[_name(path)]):
            order = next(self._order)
            if isinstance(row, Rejection):
                self._record(order, row)
                continue
            try:
                for column in TABLES[_name(path)]:
                    if column not in ("label", "txt"):
                        integer(row, column)
            except ValueError as exc:
                self._reject(order, path, row, "bad value", str(exc))
                continue
            self.counts[_name(path)] += 1
            yield order, row

    def _reject(self, order: int, path: Path, row: Row | int, reason: str, detail: str) -> None:
        line = row.line if isinstance(row, Row) else row
        self._record(order, Rejection(path.name, f"line {line}", reason, detail))

    def _record(self, order: int, rejection: Rejection) -> None:
        if self._part == 0:  # a bad row belongs to no word: the first part records it
            self._rejected.add((order, rejection.file, rejection.where, rejection.reason, rejection.detail))

    def _pairs(self, path: Path, meanings: SortedRows, exprs: SortedRows, denotations: SortedRows) -> None:
        with meanings, exprs, denotations, self._spool() as known, self._spool() as members:
            sources = _last_per_id(meanings)  # a meaning read twice: the last row holds, as a dict would
            current = next(sources, None)
            for meaning, order, expr, line in denotations:
                while current is not None and current[0] < meaning:
                    current = next(sources, None)
                if current is None or current[0] != meaning:
                    self._reject(order, path, line, "unknown meaning", f"meaning {meaning}")
                else:
                    known.add((expr, order, meaning, line, current[2]))
            texts = _last_per_id(exprs)
            current = next(texts, None)
            for expr, order, meaning, line, source in known:
                while current is not None and current[0] < expr:
                    current = next(texts, None)
                if current is None or current[0] != expr:
                    self._reject(order, path, line, "unknown expression", f"expr {expr}")
                else:
                    _, _, language, text, uid = current
                    members.add((meaning, order, language, text, uid, source))
            for meaning, group in itertools.groupby(members, key=lambda row: row[0]):
                self._meaning(meaning, list(group))

    def _meaning(self, meaning: int, members: list[tuple[int, int, str, str, str, int]]) -> None:
        """A meaning's expressions (in the dump's order): each one of this part a variety seen, and a pair with
        every other expression of the meaning that is another word."""
        for _, order, language, text, uid, source in members:
            if part_of(language, text, self._parts) != self._part:
                continue
            key = f"{language}:{text}"
            self._sides.add((key, meaning, order, -1, uid, "", "", source))
            for _, other_order, other_language, other_text, _, _ in members:
                if (language, text) != (other_language, other_text):
                    kind = "translation" if language != other_language else "synonym"
                    self._sides.add((key, meaning, order, other_order, kind, other_text, other_language, source))

    def words(self) -> Iterator[tuple[str, str, Word]]:
        """(language, text, word) in record-key order: every expression with a meaning, a link per other word
        it shares a meaning with, the best quality's source kept (the first read on a tie)."""
        language = text = ""
        for _, rows in itertools.groupby(self._sides, key=lambda row: row[0]):
            word = Word()
            best: dict[tuple[str, str, str], tuple[int, str]] = {}  # (kind, other text, other language)
            for key, _, _, other_order, uid_or_kind, other_text, other_language, source in rows:
                language, _, text = key.partition(":")
                if other_order < 0:
                    word.seen_in(uid_or_kind)
                    continue
                label, quality = self._sources[source]
                pair = (uid_or_kind, other_text, other_language)
                if pair not in best or quality > best[pair][0]:
                    best[pair] = (quality, f"quality {quality}: {label}")
            for (kind, other_text, other_language), (_, note) in best.items():
                word.link((kind, other_text, other_language, "", note))
            yield language, text, word



def _last_per_id(rows: SortedRows) -> Iterator[tuple[Any, ...]]:
    """Rows sorted by (id, order): the last one read of each id."""
    for _, group in itertools.groupby(rows, key=lambda row: row[0]):
        *_, last = group
        yield last


def _name(path: Path) -> str:
    return path.name.partition(".")[0]


def _expr(row: Row, varieties: Varieties) -> tuple[str, str, str] | Rejection:
    """(language, text, uid) of an expression row, or why it has none."""
    langvar = integer(row, "langvar")
    variety = varieties.by_id.get(langvar)
    if variety is None:
        return Rejection("", "", "unknown language variety", f"langvar {langvar} is not in {varieties.source}")
    language = varieties.language(variety.uid)
    if isinstance(language, Rejection):
        return language
    text = str(row.values["txt"]).strip()
    if not text:
        return Rejection("", "", "empty expression", f"expr {row.values['id']}")
    return language, text, variety.uid
