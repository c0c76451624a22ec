"""Records → entries for one batch: the CPU-bound step, run in worker processes.

Nothing here knows about Prefect or the database, so it pickles cheaply and can be benchmarked alone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from aqea.convert import to_entry
from aqea.model import UNTYPED_POS, Entry, Lexeme, Link, Page, ParseResult, Rejection
from aqea.sources.base import Record, WorkUnit
from aqea.sources.registry import load_source
from aqea.wiktionary.editions import parser_for

# Stored in every entry's meta: a dump re-run skips a page whose revision is stored *by this parser version*.
# Bump it whenever a parser change should reach pages that did not change.
# 4: pronunciations tagged by form; 5: translation senses, English head forms; 6: English quotations;
# 7: one forms shape, German labels, etymology names, plain and old-language translation rows (issue 13)
PARSER_VERSION = "10"


@dataclass(slots=True)
class BatchOutcome:
    entries: list[Entry] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    pages: int = 0
    text_bytes: int = 0
    lexemes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    record_keys: list[str] = field(default_factory=list)  # every record parsed (their entries are reconciled)
    unknown_pos: Counter[str] = field(default_factory=Counter)
    links: list[Link] = field(default_factory=list)  # stated by a link source (ConceptNet): aqea.store.links
    link_words: list[Entry] = field(default_factory=list)  # the words they name, stored where no entry holds them


def process_batch(unit: WorkUnit, records: Sequence[Record]) -> BatchOutcome:
    """Parse and convert a batch of a unit's records with its source's parser (in a worker process: the
    source is found by name here). Never raises for a bad record: it becomes a rejection."""
    return convert_results(records, load_source(unit.source).parse(unit, records), unit.edition)


def process_pages(pages: Sequence[Page], edition: str) -> BatchOutcome:
    """``process_batch`` for Wiktionary pages parsed by an edition's parser (sync, ``aqea parse``)."""
    return convert_results(pages, parser_for(edition)(pages, edition), edition)


def convert_results(records: Sequence[Record], results: Sequence[ParseResult], source: str) -> BatchOutcome:
    """Lexemes → entries, counting every record; a conversion bug costs one rejection, not the batch."""
    outcome = BatchOutcome()
    for record, result in zip(records, results, strict=True):
        outcome.record_keys.append(record.record_key)
        outcome.pages += 1
        outcome.text_bytes += record.text_bytes
        outcome.unknown_pos.update(result.unknown_pos)
        if result.skipped:
            outcome.skipped[result.skipped.split(" ", 1)[0]] += 1
            continue
        if result.rejection is not None:
            outcome.rejections.append(result.rejection)
        outcome.links.extend(result.links)
        for lexeme in result.lexemes:
            outcome.lexemes += 1
            try:
                outcome.entries.append(to_entry(lexeme, title=record.record_label, parser_version=PARSER_VERSION))
            except Exception as exc:  # a conversion bug must not lose the rest of the batch
                outcome.rejections.append(
                    Rejection(source, record.record_label, "conversion error", f"{type(exc).__name__}: {exc}",
                              record.record_key, record.record_version)
                )
    outcome.link_words = link_words(outcome.links, source)
    return outcome


# a word a link source names has no record of its own: its version is the link source's, so a re-run finds it unchanged
LINK_WORD_VERSION = "link-word-1"


def link_words(links: Sequence[Link], source: str) -> list[Entry]:
    """The words the links name (both ends, but no concept and no word of a language AQEA does not know), once
    each, as entries of ``source`` keyed ``language:pos:lemma``: stored only where no entry holds the word."""
    words: dict[tuple[str, str, str], None] = {}
    for link in links:
        words[(link.from_language, link.from_lemma, link.from_pos)] = None
        if link.target_pos:
            words[(link.target_language, link.target_lemma, link.target_pos)] = None
    entries = []
    for language, lemma, pos in words:
        lexeme = Lexeme(language, lemma, pos, (pos if pos != UNTYPED_POS else "none given",), 1, source,
                        f"{language}:{pos}:{lemma}", LINK_WORD_VERSION)
        entries.append(to_entry(lexeme))
    return entries


def parser_process_init() -> None:
    """Initializer of a parser process. A Ctrl-C reaches the terminal's whole process group, but stopping is the
    main process's call (it marks the run interrupted, then ends its parsers): ignore it. And end with the main
    process when that is killed outright (SIGKILL), instead of waiting forever for batches that never come."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def exit_with_parent() -> None:
        while os.getppid() == parent:  # a dead parent's children are handed to init or a subreaper
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=exit_with_parent, name="exit-with-parent", daemon=True).start()
