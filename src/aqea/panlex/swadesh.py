"""The PanLex Swadesh corpus (``panlex_swadesh/``): per list folder (``swadesh207/``, ``swadesh110/``) one file per
language variety, named by its uid (``deu-000.txt``); line N = concept N, synonyms separated by TAB, an empty
line = no expression known. The list's concepticon is the ``art-*`` file whose lines are the concept numbers
(``art-012``: ``001`` … ``207``; ``art-277`` for the 110 list). ``langs<N>.txt`` beside the folders gives each
uid's ISO 639 code and type (TAB-separated, 6 columns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aqea.panlex.files import text_lines
from aqea.panlex.langvar import UID
from aqea.panlex.tables import Rejection

FILE = re.compile(r"^(?P<uid>[a-z]{3}-\d{3})\.txt$")
LANGS_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class WordList:
    uid: str
    lines: tuple[tuple[str, ...], ...]  # per concept (line N = concept N), the expressions, synonyms in order


def list_files(folder: Path) -> list[Path]:
    """The variety files of one list folder, by uid."""
    return sorted(p for p in folder.iterdir() if FILE.match(p.name))


def list_size(folder: Path) -> int | None:
    """Concepts of a list, from its name (``swadesh207`` → 207), else None."""
    match = re.search(r"(\d+)$", folder.name)
    return int(match.group(1)) if match else None


def concepticon_of(folder: Path) -> tuple[str, int] | None:
    """(uid, concepts) of the list's concepticon: the ``art-*`` file whose lines are ``001``, ``002`` …"""
    for path in list_files(folder):
        if not path.name.startswith("art-"):
            continue
        lines = [line.rstrip("\n") for line in text_lines(path)]
        if lines and all(line == f"{n:03d}" for n, line in enumerate(lines, 1)):
            return path.name[:-4], len(lines)
    return None


def read_list(path: Path, concepts: int) -> WordList | Rejection:
    """One variety's list; a file without exactly ``concepts`` lines cannot be aligned and is rejected whole."""
    uid = path.name[:-4]
    lines = [line.rstrip("\n").rstrip("\r") for line in text_lines(path)]
    if len(lines) != concepts:
        return Rejection(path.name, "file", "wrong line count", f"{len(lines)} lines, the list has {concepts} "
                         "concepts: line N must be concept N")
    return WordList(uid, tuple(tuple(e.strip() for e in line.split("\t") if e.strip()) for line in lines))


def read_langs(path: Path) -> Iterator[tuple[str, str, str] | Rejection]:
    """``langs<N>.txt``: (uid, ISO 639 code, ISO type) per row; a row of another width is a rejection."""
    for number, line in enumerate(text_lines(path), 1):
        fields = line.rstrip("\n").rstrip("\r").split("\t")
        if fields == [""]:
            continue
        if len(fields) != LANGS_COLUMNS or not UID.match(fields[0]):
            yield Rejection(path.name, f"line {number}", "wrong column count",
                            f"{len(fields)} columns, expected {LANGS_COLUMNS}: {line.strip()[:200]!r}")
            continue
        yield fields[0], fields[1], fields[2]
