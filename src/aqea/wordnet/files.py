"""Where the WordNet files are: one data directory given by the caller (a setting or a CLI argument), laid out
as ``shared/data/wordnet`` is, optionally a plain Princeton database directory (Debian's ``/usr/share/wordnet``
from ``wordnet-base`` + ``wordnet-sense-index``) instead of the tarball, and a cache directory for extraction.

Text files may be stored plain, ``.xz`` or ``.gz`` (the repository keeps its copies xz-compressed): each path
property gives the first of ``name``, ``name.xz``, ``name.gz`` that exists, and :func:`open_text` opens any of them.
"""

from __future__ import annotations

import gzip
import lzma
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aqea import compressed
from aqea.wordnet.errors import WordnetError

WNDB_TARBALL = "wordnet-3.0-debian-wordnet-base_3.0-37.dict.tar.xz"
WNDB_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")
COMPRESSED = (".xz", ".gz")  # suffixes open_text and the LMF reader decompress


def stored(path: Path) -> Path:
    """``path`` itself, else ``path.xz`` or ``path.gz`` when only that exists; else ``path`` (errors name it)."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in COMPRESSED)):
        if candidate.is_file():
            return candidate
    return path


@dataclass(frozen=True, slots=True)
class WordnetFiles:
    """The files of one WordNet data directory; ``wndb_dir`` (e.g. ``/usr/share/wordnet``) replaces the tarball
    and ``index.sense`` of ``root`` when given. ``lexnames`` always comes from ``root``: Debian does not ship it."""

    root: Path
    wndb_dir: Path | None = None

    @property
    def wndb_tarball(self) -> Path:
        return self.root / WNDB_TARBALL

    @property
    def wndb(self) -> Path:
        """What :func:`extract_wndb` takes: the plain database directory if given, else the tarball."""
        return self.wndb_dir if self.wndb_dir is not None else self.wndb_tarball

    @property
    def index_sense(self) -> Path:
        return stored((self.wndb_dir or self.root) / "index.sense")

    @property
    def lexnames(self) -> Path:
        return self.root / "lexnames"

    @property
    def oewn_lmf(self) -> Path:
        """The OEWN WN-LMF file, ``.xml.gz`` or ``.xml.xz`` (the repository's copy: 8.4 MB against 11.1 MB)."""
        return stored(self.root / "oewn-lmf" / "english-wordnet-2025.xml")

    @property
    def mini_lmf(self) -> Path:
        return stored(self.root / "oewn-lmf" / "mini-lmf-1.0.xml")

    def ili_map(self, version: str = "30") -> Path:
        """The data directory's CILI map, else the copy shipped with the package (:func:`bundled_ili_map`)."""
        own = stored(self.root / "cili" / f"ili-map-pwn{version}.tab")
        return own if own.is_file() else bundled_ili_map(version)

    def omw(self, project: str, language: str) -> Path:
        """``omw("wikt", "deu")`` → ``omw/wn-wikt-deu.tab`` (or ``.tab.xz``, ``.tab.gz``)."""
        return stored(self.root / "omw" / f"wn-{project}-{language}.tab")

    def omw_files(self) -> list[Path]:
        folder = self.root / "omw"
        names = {p.name.partition(".tab")[0] for p in folder.glob("wn-*.tab*")}
        return sorted(stored(folder / f"{name}.tab") for name in names)


BUNDLED = Path(__file__).resolve().parent / "data"


def bundled_ili_map(version: str = "30") -> Path:
    """The CILI map for Princeton WordNet 3.0 or 3.1 shipped as package data (``aqea/wordnet/data/cili``, CC BY 4.0,
    globalwordnet/cili @ dfc99e1): every WordNet source joins on the ILI, so it must work without a data folder."""
    return stored(BUNDLED / "cili" / f"ili-map-pwn{version}.tab")


def extract_wndb(source: Path, cache_dir: Path) -> Path:
    """The folder holding the four ``data.*`` files of the Princeton database in ``source``.

    ``source`` is either a plain directory (Debian's ``/usr/share/wordnet``), returned as it is: read-only use,
    nothing is copied; or the Debian ``wordnet-base`` tarball, extracted once into ``cache_dir`` and its
    ``wordnet/`` folder returned. A folder that already holds the four files is reused (extraction takes ~1 s,
    but runs repeat).
    """
    if source.is_dir():
        missing = [name for name in WNDB_FILES if not (source / name).is_file()]
        if missing:
            raise WordnetError(f"{source}: no {', '.join(missing)} in the WordNet database directory")
        return source
    tarball = source
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
    """Open a UTF-8 text file of the data directory, decompressing ``.xz`` and ``.gz``; a missing or unreadable
    one is a WordnetError naming it. A compressed file cut short or corrupt fails only while it is read: see
    :func:`text_lines`."""
    try:
        return compressed.open_text(path)
    except OSError as exc:
        raise WordnetError(f"{path}: cannot read the {what}: {exc.strerror}") from None


class DamagedFile(WordnetError):
    """A compressed file stopped being readable part way; ``reason`` is "truncated file" or "corrupt file"."""

    def __init__(self, path: Path, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {reason}: {detail}")
        self.reason = reason
        self.detail = detail


def text_lines(path: Path, what: str) -> Iterator[str]:
    """The lines of :func:`open_text`; a compressed file that ends early or does not decompress raises
    :class:`DamagedFile` after the last whole line (a cut line is never yielded: the text layer holds it back
    until its newline arrives)."""
    with open_text(path, what) as fh:
        try:
            yield from fh
        except EOFError as exc:  # lzma/gzip: the stream ends before its end marker
            raise DamagedFile(path, "truncated file", str(exc)) from None
        except (lzma.LZMAError, gzip.BadGzipFile, zlib.error) as exc:
            raise DamagedFile(path, "corrupt file", str(exc)) from None
