"""Paths to the real Wiktionary samples shipped in tests/data (copied from shared/data, CC BY-SA)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from aqea.model import Page
from aqea.sources.dump import iter_pages

DATA = Path(__file__).parent / "data"
DE_DUMP = DATA / "dewiktionary-sample.xml.bz2"
EN_DUMP = DATA / "enwiktionary-sample.xml.bz2"
FR_DUMP = DATA / "frwiktionary-sample.xml.bz2"


def replicated_pages(n: int, sample: Path = DE_DUMP) -> Iterator[Page]:
    """``n`` real main-namespace pages for runs at scale: copy k of a page is renamed "<title> k" in its title and
    language headings, so every copy is a distinct entry (bench/bench_pipeline.py, interrupt and restart tests)."""
    originals = [p for p in iter_pages(sample) if p.namespace == 0 and p.redirect is None]
    for i, page in enumerate(itertools.islice(itertools.cycle(originals), n)):
        copy = i // len(originals)
        if copy == 0:
            yield replace(page, page_id=i + 1)
            continue
        title = f"{page.title} {copy}"
        text = page.text.replace(f"== {page.title} (", f"== {title} (")
        yield replace(page, title=title, text=text, page_id=i + 1, revision_id=page.revision_id + copy)
