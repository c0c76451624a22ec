"""Text files as released: plain, or compressed as data sets ship them (.gz, .bz2, .xz), opened by suffix."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path
from typing import TextIO

_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def open_text(path: Path) -> TextIO:
    """The file as UTF-8 text, lines ending at "\\n" only; decompressed by its suffix. Raises OSError (missing,
    unreadable); a compressed stream cut short fails only while it is read."""
    opener = _OPENERS.get(path.suffix)
    if opener is None:
        return open(path, encoding="utf-8", newline="\n")
    return opener(path, "rt", encoding="utf-8", newline="\n")  # type: ignore[no-any-return]
