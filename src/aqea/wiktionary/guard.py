"""The contract every edition parser shares: skip what is not an article, never raise."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from aqea.model import Page, ParseResult, Rejection


def skip_result(page: Page, redirect_re: re.Pattern[str]) -> ParseResult | None:
    """The ``skipped`` result of a page that is no article (other namespace, redirect), else None."""
    if page.namespace != 0:
        return ParseResult(skipped=f"namespace {page.namespace}")
    if page.redirect is not None or redirect_re.match(page.text or ""):
        return ParseResult(skipped="redirect")
    return None


def error_result(page: Page, source: str, exc: Exception) -> ParseResult:
    """A ``parser error`` rejection for a page the parser failed on (the error is its detail)."""
    return ParseResult(
        rejection=Rejection(
            source=source,
            title=str(getattr(page, "title", "")),
            reason="parser error",
            detail=f"{type(exc).__name__}: {exc}",
            record_key=getattr(page, "record_key", None),
            record_version=getattr(page, "record_version", None),
        )
    )


def parse_guarded(
    page: Page, source: str, parse: Callable[[Page, str], ParseResult], redirect_re: re.Pattern[str]
) -> ParseResult:
    """Skip other namespaces and redirects; turn any internal error into a ``parser error`` rejection."""
    try:
        return skip_result(page, redirect_re) or parse(page, source)
    except Exception as e:  # a bad page must not stop a dump run
        return error_result(page, source, e)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a batch is parsed, then one pass over what the batch made.

    A batch builds tens of thousands of small containers (tuples, lists, dicts of its results) and no reference
    cycles; with the collector on, its repeated passes over them as they accumulate cost ~5% of the German
    parse (tests/test_compiled_parsers.py's sample, bench/compare_wiktionary_de_parser.py). The one pass over the
    batch's new objects at the end (``gc.collect(0)``) does that work once, inside the parse's own time, and
    collects any cycle made meanwhile (an exception's traceback). Left alone when the collector is already off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def parse_batch_guarded(
    pages: Sequence[Page], source: str, parse_batch: Callable[[Sequence[Page], str], list[ParseResult]]
) -> list[ParseResult]:
    """:func:`parse_guarded` for a parser that takes many pages at once: when the batch raises,
    its pages are parsed again one by one, so that only the bad page becomes a ``parser error``.
    The collector is paused meanwhile (:func:`collector_paused`; not for one page: its final pass would cost
    about what the pause saves)."""
    if len(pages) < 2:
        return _parse_batch_guarded(pages, source, parse_batch)
    with collector_paused():
        return _parse_batch_guarded(pages, source, parse_batch)


def _parse_batch_guarded(
    pages: Sequence[Page], source: str, parse_batch: Callable[[Sequence[Page], str], list[ParseResult]]
) -> list[ParseResult]:
    try:
        return parse_batch(pages, source)
    except Exception as e:  # a bad page must not stop a dump run
        if len(pages) == 1:
            return [error_result(pages[0], source, e)]
        return [_parse_batch_guarded([page], source, parse_batch)[0] for page in pages]


def reject(page: Page, source: str, reason: str, detail: str = "") -> ParseResult:
    """A page that yields nothing, with the reason (stored in rejected_pages)."""
    return ParseResult(rejection=Rejection(source=source, title=page.title, reason=reason, detail=detail,
                                           record_key=page.record_key, record_version=page.record_version))
