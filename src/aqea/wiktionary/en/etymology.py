"""The etymology that applies to a POS: its number ("Etymology 2") and first paragraph."""

from __future__ import annotations

import re

from aqea.wiktionary.en.headings import _ancestors, _LangContext, _Sub
from aqea.wiktionary.en.render import _plain

_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:])")


def _etymology(ctx: _LangContext, p: _Sub) -> tuple[int, str] | None:
    """(number of "Etymology N" or 0, first paragraph as plain text) of the etymology that applies."""
    subs = ctx.subs
    ety: _Sub | None = None
    for a in _ancestors(subs, p):
        if a.kind == "etymology":
            ety = a
            break
    if ety is None:
        ety = ctx.loose_etymology()  # an "===Etymology===" that holds no POS heading of its own
    if ety is None:
        return None
    cached = ctx.ety_cache.get(ety.index)
    if cached is not None:
        return cached
    m = re.search(r"(\d+)$", ety.name)
    number = int(m.group(1)) if m else 0
    body = ctx.text[ety.section.body_start : ety.intro_end].strip()
    para = re.split(r"\n[ \t]*\n", body, maxsplit=1)[0] if body else ""
    result = (number, _SPACE_BEFORE_PUNCT_RE.sub(r"\1", _plain(para)) if para else "")
    ctx.ety_cache[ety.index] = result
    return result
