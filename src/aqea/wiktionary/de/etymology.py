"""Herkunft: the etymology as plain text."""

from __future__ import annotations

from aqea.wiktionary.de.common import _LIST_LINES_RE, _plain
from aqea.wiktionary.markup import strip_refs


def _etymology(body: str) -> str:
    """Plain text of the Herkunft block, lines joined with a blank. ``[n]`` markers are kept
    (``[1] … [4] …``) only when the block names more than one sense."""
    lines: list[tuple[str, str]] = []
    for _depth, marker, rest in _LIST_LINES_RE.findall(strip_refs(body)):
        text = _plain(rest) if rest else ""
        if text:
            lines.append((marker[1:-1].strip(), text))
    if not lines:
        return ""
    if len({marker for marker, _t in lines if marker}) > 1:
        return " ".join(f"[{marker}] {text}" if marker else text for marker, text in lines)
    return " ".join(text for _marker, text in lines)
