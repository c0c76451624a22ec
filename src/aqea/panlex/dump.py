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
The tables are read whole, denotations last: memory grows with the dump (the full one needs a partition by
meaning, docs/panlex.md). A row that cannot be used (wrong column count, invalid JSON, a value that is no number,
an unknown variety, an expression or meaning that is not in its table) is a rejection, counted, and the reading
goes on; a compressed table cut short ends the reading with one DamagedFile after what was read before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aqea.panlex.files import COMPRESSED, DamagedFile, PanlexError
from aqea.panlex.langvar import Varieties
from aqea.panlex.lexemes import Word
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


def read_dump(folder: Path, varieties: Varieties) -> DumpRead:
    out = DumpRead()
    tables = dump_tables(folder)
    sources: dict[int, tuple[str, int]] = {}
    meanings: dict[int, int] = {}
    exprs: dict[int, tuple[str, str, str]] = {}  # id → (language, text, uid)
    by_meaning: dict[int, list[int]] = defaultdict(list)
    try:
        for row in _rows(tables["source"], out):
            sources[integer(row, "id")] = (str(row.values["label"]), integer(row, "quality"))
        for row in _rows(tables["meaning"], out):
            meaning, source = integer(row, "id"), integer(row, "source")
            if source not in sources:
                out.rejections.append(_reject(tables["meaning"], row, "unknown source", f"source {source}"))
            else:
                meanings[meaning] = source
        for row in _rows(tables["expr"], out):
            uid = _expr(row, varieties, exprs)
            if isinstance(uid, Rejection):
                out.rejections.append(_reject(tables["expr"], row, uid.reason, uid.detail))
        for row in _rows(tables["denotation"], out):
            meaning, expr = integer(row, "meaning"), integer(row, "expr")
            if meaning not in meanings:
                out.rejections.append(_reject(tables["denotation"], row, "unknown meaning", f"meaning {meaning}"))
            elif expr not in exprs:
                out.rejections.append(_reject(tables["denotation"], row, "unknown expression", f"expr {expr}"))
            else:
                by_meaning[meaning].append(expr)
    except DamagedFile as exc:
        out.fault = str(exc)
    _translations(out, by_meaning, meanings, sources, exprs)
    return out


def _rows(path: Path, out: DumpRead) -> Iterator[Row]:
    """The table's usable rows; unreadable ones and values that are no integers go to ``out.rejections``."""
    for row in read_rows(path, TABLES[_name(path)]):
        if isinstance(row, Rejection):
            out.rejections.append(row)
            continue
        try:
            for column in TABLES[_name(path)]:
                if column not in ("label", "txt"):
                    integer(row, column)
        except ValueError as exc:
            out.rejections.append(_reject(path, row, "bad value", str(exc)))
            continue
        out.counts[_name(path)] += 1
        yield row


def _name(path: Path) -> str:
    return path.name.partition(".")[0]


def _reject(path: Path, row: Row, reason: str, detail: str) -> Rejection:
    return Rejection(path.name, f"line {row.line}", reason, detail)


def _expr(row: Row, varieties: Varieties, exprs: dict[int, tuple[str, str, str]]) -> str | Rejection:
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
    exprs[integer(row, "id")] = (language, text, variety.uid)
    return variety.uid


def _translations(out: DumpRead, by_meaning: dict[int, list[int]], meanings: dict[int, int],
                  sources: dict[int, tuple[str, int]], exprs: dict[int, tuple[str, str, str]]) -> None:
    """Every expression with a meaning becomes a word; each pair of one meaning a link, best quality kept."""
    best: dict[tuple[str, str, str, str, str], tuple[int, str]] = {}  # (lang, text, kind, target lang, text)
    for meaning in sorted(by_meaning):
        label, quality = sources[meanings[meaning]]
        members = [exprs[e] for e in by_meaning[meaning]]
        for language, text, uid in members:
            out.words.setdefault((language, text), Word()).seen_in(uid)
        for language, text, _ in members:
            for other_language, other_text, _ in members:
                if (language, text) == (other_language, other_text):
                    continue
                kind = "translation" if language != other_language else "synonym"
                key = (language, text, kind, other_language, other_text)
                if key not in best or quality > best[key][0]:
                    best[key] = (quality, f"quality {quality}: {label}")
    for (language, text, kind, other_language, other_text), (_, note) in best.items():
        out.words[(language, text)].link((kind, other_text, other_language, "", note))
