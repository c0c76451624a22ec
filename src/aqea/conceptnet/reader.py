"""Streaming the assertions file: one line at a time, a unit being a byte range of the file aligned to line starts.

A plain file is cut into byte ranges: a line belongs to the range its first byte is in, so the ranges together
read every line once, whatever the cut points. A ``.gz`` or ``.bz2`` file cannot be entered in the middle: it is
one range (decompress it first, ``zcat … >file.csv``, to spread a run over workers). Memory stays flat: a line is
read, handed on and dropped.
"""

from __future__ import annotations

import bz2
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

COMPRESSED = (".gz", ".bz2")


class TruncatedInput(Exception):
    """A compressed file that stopped being readable part way; every whole line before it was yielded."""


@dataclass(frozen=True, slots=True)
class Line:
    offset: int  # of its first byte in the (uncompressed) stream
    text: bytes  # without its newline


def is_compressed(path: Path) -> bool:
    return path.suffix in COMPRESSED


def byte_ranges(path: Path, parts: int) -> list[tuple[int, int | None]]:
    """``parts`` ranges ``[start, end)`` covering the file (``end`` None: to its end); one for a compressed file or
    a file too small to share. Cut points need not be line starts: readers align them (:func:`lines`)."""
    if is_compressed(path):
        return [(0, None)]
    size = path.stat().st_size
    parts = max(1, min(parts, size // 4096 or 1))  # ranges under a page of text are not worth a unit
    step = size // parts
    cuts = [i * step for i in range(parts)]
    return [(start, cuts[i + 1] if i + 1 < len(cuts) else None) for i, start in enumerate(cuts)]


def _open(path: Path) -> BinaryIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def lines(path: Path, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """The lines whose first byte lies in ``[start, end)``, in file order. A compressed file that ends before its
    end marker or does not decompress raises TruncatedInput after the last whole line."""
    with _open(path) as fh:
        offset = start
        if start > 0:  # the line under way at ``start`` belongs to the range before: skip to the next line start
            fh.seek(start - 1)
            skipped = fh.readline()
            offset = start - 1 + len(skipped)
        try:
            while end is None or offset < end:
                raw = fh.readline()
                if not raw:
                    return
                yield Line(offset, raw.rstrip(b"\r\n"))
                offset += len(raw)
        except EOFError as exc:  # gzip/bz2: the stream ends before its end marker
            raise TruncatedInput(f"{path}: truncated {path.suffix} after byte {offset} of its text ({exc})") from None
        except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError; a damaged bz2 block too
            raise TruncatedInput(f"{path}: corrupt {path.suffix} after byte {offset} of its text ({exc})") from None
