"""The contract every edition parser shares: skip what is not an article, never raise."""

from __future__ import annotations

import re
from collections.abc import Callable

from aqea.model import Page, ParseResult, Rejection


def parse_guarded(
    page: Page, source: str, parse: Callable[[Page, str], ParseResult], redirect_re: re.Pattern[str]
) -> ParseResult:
    """Skip other namespaces and redirects; turn any internal error into a ``parser error`` rejection."""
    try:
        if page.namespace != 0:
            return ParseResult(skipped=f"namespace {page.namespace}")
        if page.redirect is not None or redirect_re.match(page.text or ""):
            return ParseResult(skipped="redirect")
        return parse(page, source)
    except Exception as e:  # a bad page must not stop a dump run
        return ParseResult(
            rejection=Rejection(
                source=source,
                title=str(getattr(page, "title", "")),
                reason="parser error",
                detail=f"{type(e).__name__}: {e}",
                page_id=getattr(page, "page_id", None),
                revision_id=getattr(page, "revision_id", None),
            )
        )


def reject(page: Page, source: str, reason: str, detail: str = "") -> ParseResult:
    """A page that yields nothing, with the reason (stored in rejected_pages)."""
    return ParseResult(rejection=Rejection(source=source, title=page.title, reason=reason, detail=detail,
                                           page_id=page.page_id, revision_id=page.revision_id))
