"""The one definition of a run's throughput, shared by the progress bar, the run summary and `aqea status`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Throughput:
    pages_per_s: float
    entries_per_s: float
    mb_per_s: float  # page text, 10^6 bytes


def throughput(progress: dict[str, Any]) -> Throughput:
    """Pages, entries and page text stored per second of the run (``run_progress``: its units' totals over
    ``elapsed_s``, the seconds since the run was recorded as started, by the database's clock)."""
    elapsed = progress["elapsed_s"]
    if elapsed <= 0:
        return Throughput(0.0, 0.0, 0.0)
    return Throughput(progress["pages"] / elapsed, progress["entries"] / elapsed,
                      progress["text_bytes"] / 1e6 / elapsed)


def format_throughput(rate: Throughput, noun: str = "pages") -> str:
    """``noun``: what the source reads — "pages" (Wiktionary: with their text's MB/s) or "records" (no text)."""
    text = f" · {rate.mb_per_s:,.2f} MB/s" if noun == "pages" else ""
    return f"{rate.pages_per_s:,.0f} {noun}/s{text} · {rate.entries_per_s:,.0f} entries/s"
