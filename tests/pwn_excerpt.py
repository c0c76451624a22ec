"""Small Princeton WordNet 3.0 databases cut from the real one (Debian's files), for the source tests.

An excerpt keeps every synset line with one of the chosen words as a member, in all four data files, and the
``index.sense`` lines of those synsets; offsets stay as Debian wrote them (the CILI join needs them, and the
reader never seeks), so pointers to synsets outside the excerpt dangle, as in any subset.
"""

from __future__ import annotations

import lzma
import re
import shutil
from pathlib import Path

from aqea.wordnet.files import extract_wndb, text_lines
from aqea.wordnet.wndb import FILES
from tests.wordnet_data import pwn_files

# common words of every part of speech, the same as the OEWN excerpt's
WORDS = frozenset({"water", "house", "dog", "drink", "bank", "tree", "run", "red", "quickly", "bread"})
_MARKER = re.compile(r"\((a|p|ip)\)$")


def members(line: str) -> list[str]:
    """The lemmas of a data file line as written (adjective markers dropped, ``_`` → space)."""
    tokens = line.partition(" | ")[0].split()
    count = int(tokens[3], 16)
    return [_MARKER.sub("", word).replace("_", " ") for word in tokens[4:4 + 2 * count:2]]


def write_excerpt(target: Path, words: frozenset[str] = WORDS) -> Path:
    """A database folder (``data.*``, ``index.sense``; no ``lexnames``) with the synsets of ``words``."""
    files = pwn_files()
    database = extract_wndb(files.wndb, target.parent / f"{target.name}-full")
    target.mkdir(parents=True)
    kept: set[tuple[str, str]] = set()  # (file letter, offset)
    for letter, name in FILES.items():
        lines = [line for line in (database / name).read_text(encoding="utf-8").splitlines(keepends=True)
                 if not line.startswith("  ") and {m.lower() for m in members(line)} & words]
        kept.update((letter, line[:8]) for line in lines)
        (target / name).write_text("".join(lines), encoding="utf-8")
    text = "".join(text_lines(files.index_sense, "sense index"))
    (target / "index.sense").write_text(
        "".join(line + "\n" for line in text.splitlines()
                if ("-nvara"[int(line.partition("%")[2][0])], line.split()[1]) in kept), encoding="utf-8")
    return target


def cut_compressed(database: Path, target: Path, name: str = "data.noun") -> Path:
    """A copy of ``database`` whose ``name`` is stored xz-compressed and cut at two thirds."""
    shutil.copytree(database, target)
    data = lzma.compress((target / name).read_bytes())
    (target / name).unlink()
    (target / f"{name}.xz").write_bytes(data[: len(data) * 2 // 3])
    return target


def count_records(database: Path) -> tuple[int, int]:
    """(word records, concept records) the source should make of a folder, counted apart from its code: one
    word per distinct (lemma, part of speech) among the synsets' members — satellites are adjectives, so the
    file decides — and one concept per synset (every PWN 3.0 synset has its own ILI)."""
    words: set[tuple[str, str]] = set()
    synsets = 0
    for letter, name in FILES.items():
        for line in (database / name).read_text(encoding="utf-8").splitlines():
            if not line.startswith("  "):
                synsets += 1
                words.update((m, letter) for m in members(line))
    return len(words), synsets
