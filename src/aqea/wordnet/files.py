"""Where the WordNet files are: one data directory given by the caller (a setting or a CLI argument), laid out
as ``shared/data/wordnet`` is, and a cache directory for the extracted Princeton database."""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aqea.wordnet.errors import WordnetError

WNDB_TARBALL = "wordnet-3.0-debian-wordnet-base_3.0-37.dict.tar.xz"
WNDB_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")


@dataclass(frozen=True, slots=True)
class WordnetFiles:
    """The files of one WordNet data directory."""

    root: Path

    @property
    def wndb_tarball(self) -> Path:
        return self.root / WNDB_TARBALL

    @property
    def index_sense(self) -> Path:
        return self.root / "index.sense"

    @property
    def lexnames(self) -> Path:
        return self.root / "lexnames"

    @property
    def oewn_lmf(self) -> Path:
        return self.root / "oewn-lmf" / "english-wordnet-2025.xml.gz"

    @property
    def mini_lmf(self) -> Path:
        return self.root / "oewn-lmf" / "mini-lmf-1.0.xml"

    def ili_map(self, version: str = "30") -> Path:
        return self.root / "cili" / f"ili-map-pwn{version}.tab"

    def omw(self, project: str, language: str) -> Path:
        """``omw("wikt", "deu")`` → ``omw/wn-wikt-deu.tab``."""
        return self.root / "omw" / f"wn-{project}-{language}.tab"

    def omw_files(self) -> list[Path]:
        return sorted((self.root / "omw").glob("wn-*.tab"))


def extract_wndb(tarball: Path, cache_dir: Path) -> Path:
    """Extract the Debian ``wordnet-base`` tarball once into ``cache_dir`` and return its ``wordnet/`` folder.

    A folder that already holds the four ``data.*`` files is reused (extraction takes ~1 s, but runs repeat).
    """
    target = cache_dir / "wordnet"
    if all((target / name).is_file() for name in WNDB_FILES):
        return target
    if not tarball.is_file():
        raise WordnetError(f"{tarball}: Princeton WordNet tarball not found")
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(tarball, "r:*") as tar:
            # only regular files under wordnet/: the tarball is data, never a way to write elsewhere
            members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith("wordnet/")]
            tar.extractall(cache_dir, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise WordnetError(f"{tarball}: cannot extract the WordNet database: {exc}") from None
    missing = [name for name in WNDB_FILES if not (target / name).is_file()]
    if missing:
        raise WordnetError(f"{tarball}: no {', '.join(missing)} in the tarball")
    return target


def open_text(path: Path, what: str) -> TextIO:
    """Open a UTF-8 text file of the data directory; a missing or unreadable one is a WordnetError naming it."""
    try:
        return open(path, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise WordnetError(f"{path}: cannot read the {what}: {exc.strerror}") from None
