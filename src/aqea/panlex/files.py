"""Text lines of a PanLex file as published: plain, ``.gz``, ``.bz2`` or ``.xz``.

A compressed file that ends early or does not decompress raises :class:`DamagedFile` after the last whole line
(a cut line is never yielded: the text layer holds it back until its newline arrives).
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from aqea import compressed
from aqea.errors import SourceError

COMPRESSED = (".gz", ".bz2", ".xz")


class PanlexError(SourceError):
    """A PanLex input cannot be read (further); what was read before it is kept."""


class DamagedFile(PanlexError):
    """A compressed file stopped being readable part way; ``reason`` is "truncated file" or "corrupt file"."""

    def __init__(self, path: Path, reason: str, detail: str, after_line: int) -> None:
        super().__init__(f"{path}: {reason} after line {after_line}: {detail}")
        self.path = path
        self.damage = reason
        self.after_line = after_line


def open_text(path: Path) -> TextIO:
    try:
        return compressed.open_text(path)
    except OSError as exc:
        raise PanlexError(f"{path}: cannot read it: {exc.strerror}") from None


def text_lines(path: Path) -> Iterator[str]:
    """Every whole line of the file, newline kept; :class:`DamagedFile` where a compressed stream breaks off."""
    number = 0
    with open_text(path) as fh:
        try:
            for number, line in enumerate(fh, 1):  # noqa: B007 (number is reported after the loop)
                yield line
        except EOFError as exc:  # gzip/bz2/lzma: the stream ends before its end marker
            raise DamagedFile(path, "truncated file", str(exc) or "compressed stream ended early", number) from None
        except (OSError, lzma.LZMAError, zlib.error, UnicodeDecodeError) as exc:
            raise DamagedFile(path, "corrupt file", str(exc), number) from None


def stem(path: Path) -> str:
    """The file name without its compression suffix and extension: ``expr.csv.gz`` → ``expr``."""
    name = path.name
    for suffix in COMPRESSED:
        name = name.removesuffix(suffix)
    return name.partition(".")[0]
