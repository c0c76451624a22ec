"""The contract every edition parser shares: skip what is not an article, never raise."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

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


def parse_batch_guarded(
    pages: Sequence[Page], source: str, parse_batch: Callable[[Sequence[Page], str], list[ParseResult]]
) -> list[ParseResult]:
    """:func:`parse_guarded` for a parser that takes many pages at once: when the batch raises,
    its pages are parsed again one by one, so that only the bad page becomes a ``parser error``."""
    try:
        return parse_batch(pages, source)
    except Exception as e:  # a bad page must not stop a dump run
        if len(pages) == 1:
            return [error_result(pages[0], source, e)]
        return [parse_batch_guarded([page], source, parse_batch)[0] for page in pages]


def reject(page: Page, source: str, reason: str, detail: str = "") -> ParseResult:
    """A page that yields nothing, with the reason (stored in rejected_pages)."""
    return ParseResult(rejection=Rejection(source=source, title=page.title, reason=reason, detail=detail,
                                           record_key=page.record_key, record_version=page.record_version))
