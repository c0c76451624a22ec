"""Pages → entries for one batch: the CPU-bound step, run in worker processes.

Nothing here knows about Prefect or the database, so it pickles cheaply and can be benchmarked alone.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from aqea.convert import to_entry
from aqea.errors import ConfigError
from aqea.model import Entry, Page, ParseResult, Rejection

# pages → one result per page, in order (see wiktionary.de.parse_pages: a batch parses faster than its pages one by one)
Parser = Callable[[Sequence[Page], str], list[ParseResult]]

# Stored in every entry's meta: a dump re-run skips a page whose revision is stored *by this parser version*.
# Bump it whenever a parser change should reach pages that did not change.
PARSER_VERSION = "3"


# Editions with a parser (src/aqea/wiktionary/<lang>/): checked before a run starts, so a typo is one line
SUPPORTED_EDITIONS = ("dewiktionary", "enwiktionary", "frwiktionary")


def parser_for(source: str) -> Parser:
    """The wikitext parser of an edition (dbname, e.g. "dewiktionary")."""
    if source == "dewiktionary":
        from aqea.wiktionary import de

        return de.parse_pages
    if source == "enwiktionary":
        from aqea.wiktionary import en

        return en.parse_pages
    if source == "frwiktionary":
        from aqea.wiktionary import fr

        return fr.parse_pages
    raise ConfigError(f"no parser for {source!r} yet (supported: {', '.join(SUPPORTED_EDITIONS)})")


def choose_edition(asked: str | None, site_edition: str, origin: str, *, force: bool = False) -> str:
    """The edition whose parser reads ``origin``: ``asked`` (``--edition``) or else the site's own (its
    ``<siteinfo>`` dbname). Refused when no parser exists, or when ``asked`` contradicts a Wiktionary site
    (German pages read by the English parser give nonsense rejections) unless ``force``.
    """
    edition = asked or site_edition
    if edition not in SUPPORTED_EDITIONS:
        whose = "" if asked else f" ({origin} is {site_edition!r}; name one with --edition)"
        raise ConfigError(f"no parser for edition {edition!r}{whose}; supported: {', '.join(SUPPORTED_EDITIONS)}")
    if asked and asked != site_edition and site_edition.endswith("wiktionary") and not force:
        raise ConfigError(f"{origin} is {site_edition}, not {asked}: its pages would be parsed with the wrong "
                          f"edition's rules (pass --force-edition to do it anyway)")
    return edition


@dataclass(slots=True)
class BatchOutcome:
    entries: list[Entry] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    pages: int = 0
    text_bytes: int = 0
    lexemes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    page_ids: list[int] = field(default_factory=list)  # every page parsed (for reconciling their entries)
    unknown_pos: Counter[str] = field(default_factory=Counter)


def process_pages(pages: Sequence[Page], source: str) -> BatchOutcome:
    """Parse and convert a batch of pages. Never raises for a bad page: it becomes a rejection."""
    parse = parser_for(source)
    outcome = BatchOutcome()
    for page, result in zip(pages, parse(pages, source), strict=True):
        outcome.page_ids.append(page.page_id)
        outcome.pages += 1
        outcome.text_bytes += page.text_bytes
        outcome.unknown_pos.update(result.unknown_pos)
        if result.skipped:
            outcome.skipped[result.skipped.split(" ", 1)[0]] += 1
            continue
        if result.rejection is not None:
            outcome.rejections.append(result.rejection)
        for lexeme in result.lexemes:
            outcome.lexemes += 1
            try:
                outcome.entries.append(to_entry(lexeme, title=page.title, parser_version=PARSER_VERSION))
            except Exception as exc:  # a conversion bug must not lose the rest of the batch
                outcome.rejections.append(
                    Rejection(source, page.title, "conversion error", f"{type(exc).__name__}: {exc}",
                              page.page_id, page.revision_id)
                )
    return outcome


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


def batched(pages: Iterable[Page], max_pages: int, max_bytes: int = 4 << 20) -> Iterator[list[Page]]:
    """Group pages into batches bounded by count and by text size (keeps memory flat)."""
    batch: list[Page] = []
    size = 0
    try:
        for page in pages:
            batch.append(page)
            size += len(page.text)
            if len(batch) >= max_pages or size >= max_bytes:
                yield batch
                batch, size = [], 0
    except Exception:
        # The source failed (e.g. truncated dump): hand out the pages read before it, then re-raise.
        if batch:
            yield batch
        raise
    if batch:
        yield batch
