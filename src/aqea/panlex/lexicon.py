"""Bilingual lexicons extracted from PanLex (``zho_eng_lexicon.txt``): ``source expression<TAB>target
expression`` per line, UTF-8; the file name gives the two ISO 639-3 codes (``<src>_<tgt>_lexicon.txt``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aqea.panlex.files import COMPRESSED, text_lines
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
