"""Rows sorted with bounded memory: an external merge sort for the PanLex readers (docs/panlex.md, "Memory").

Rows (tuples) are buffered up to ``chunk_rows``; a full buffer is sorted and written to a run file (pickled blocks
of ``BLOCK_ROWS``) in a temporary folder; iterating merges the runs (``heapq.merge``), holding one block per run,
``FAN_IN`` runs at a time. Python's own tuple order throughout, so the rows come out exactly as ``sorted(rows)``
would give them, whatever the texts hold (no locale, no escaping: a tab or newline in a text is just a character).
An input that fits in one buffer never touches the disk.
"""

from __future__ import annotations

import heapq
import itertools
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from aqea.panlex.tables import Rejection

CHUNK_ROWS = 50_000  # rows held before a run is written: some 10–20 MB of small tuples
BLOCK_ROWS = 1_000  # rows per pickled block: what a run's reader holds
FAN_IN = 64  # runs merged at once; more are merged into bigger runs first (open files stay few)


class SortedRows:
    """Add rows, then iterate them sorted (once). ``close()`` (or ``with``) removes the run files."""

    def __init__(self, folder: Path | None = None, chunk_rows: int = CHUNK_ROWS) -> None:
        self._folder = folder
        self._chunk_rows = max(1, chunk_rows)
        self._buffer: list[tuple[Any, ...]] = []
        self._runs: list[Path] = []
        self._work: Path | None = None
        self.spilled = 0  # run files written (tests: the input did not fit one buffer)

    def add(self, row: tuple[Any, ...]) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= self._chunk_rows:
            self._spill()

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        if not self._runs:
            self._buffer.sort()
            rows, self._buffer = self._buffer, []
            yield from rows
            return
        if self._buffer:
            self._spill()
        while len(self._runs) > FAN_IN:
            merged = self._new_run()
            _write(merged, heapq.merge(*(_read(p) for p in self._runs[:FAN_IN])))
            for path in self._runs[:FAN_IN]:
                path.unlink()
            self._runs = [*self._runs[FAN_IN:], merged]
        yield from heapq.merge(*(_read(p) for p in self._runs))

    def close(self) -> None:
        self._buffer = []
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def __enter__(self) -> SortedRows:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _spill(self) -> None:
        self._buffer.sort()
        path = self._new_run()
        _write(path, self._buffer)
        self._runs.append(path)
        self._buffer = []
        self.spilled += 1

    def _new_run(self) -> Path:
        if self._work is None:
            if self._folder is not None:
                self._folder.mkdir(parents=True, exist_ok=True)
            self._work = Path(tempfile.mkdtemp(prefix="aqea-sort-", dir=self._folder))
        handle, name = tempfile.mkstemp(suffix=".run", dir=self._work)
        os.close(handle)  # written and read by name
        return Path(name)


def _write(path: Path, rows: Iterable[tuple[Any, ...]]) -> None:
    with path.open("wb") as fh:
        iterator = iter(rows)
        while block := list(itertools.islice(iterator, BLOCK_ROWS)):
            pickle.dump(block, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _read(path: Path) -> Iterator[tuple[Any, ...]]:
    with path.open("rb") as fh:
        while True:
            try:
                block = pickle.load(fh)
            except EOFError:
                return
            yield from block


class SpooledWords:
    """What a sorted reading of words (a lexicon's, a dump's) keeps on disk: ``_sides``, the rows words are made
    of, and ``_rejected``, the rejections as (order read, file, where, reason, detail); ``close()`` removes both."""

    _sides: SortedRows
    _rejected: SortedRows

    def rejections(self) -> Iterator[Rejection]:
        for _, file, where, reason, detail in self._rejected:
            yield Rejection(file, where, reason, detail)

    def close(self) -> None:
        self._sides.close()
        self._rejected.close()
