"""Topic categories (``{{C|en|…}}``, ``[[Category:en:…]]``) per POS."""

from __future__ import annotations

import re

from aqea.wiktionary.en.headings import _LangContext, _Sub

_TOPIC_TEMPLATE_RE = re.compile(r"\{\{\s*(?:C|c|topics|topic)\s*\|([^{}]*)\}\}")
_TOPIC_CATEGORY_RE = re.compile(r"\[\[\s*[Cc]ategory\s*:\s*([a-z]{2,3}(?:-[a-z]{2,8})*):([^\]|]+)(?:\|[^\]]*)?\]\]")


def _topics(ctx: _LangContext, pos_subs: list[_Sub]) -> dict[int, list[str]]:
    """Topic categories per POS (index): on a sense line or in the POS intro → that POS;
    elsewhere in the language section → every POS."""
    text = ctx.text
    lang = ctx.lang_section
    body_start = lang.body_start
    seg = text[body_start : lang.end]
    found: list[tuple[int, list[str]]] = []
    if "{{C|" in seg or "{{c|" in seg or "{{topic" in seg:
        for m in _TOPIC_TEMPLATE_RE.finditer(seg):
            args = m.group(1)
            parts = [x.strip() for x in args.split("|")]
            if "lang=" not in args:
                parts = parts[1:]  # the language code
            found.append((m.start(), [x for x in parts if x and "=" not in x]))
    if "ategory" in seg:
        for m in _TOPIC_CATEGORY_RE.finditer(seg):
            found.append((m.start(), [m.group(2).strip()]))
    if not found:
        return {}
    found.sort(key=lambda f: f[0])
    spans = [(p.section.start, p.intro_end, p.index) for p in pos_subs]
    per: dict[int, list[str]] = {}
    common: list[str] = []
    for offset, names in found:
        at = body_start + offset
        target = common
        for start, end, idx in spans:
            if start <= at < end:
                target = per.setdefault(idx, [])
                break
        for n in names:
            if n not in target:
                target.append(n)
    out: dict[int, list[str]] = {}
    for p in pos_subs:
        merged = list(dict.fromkeys([*per.get(p.index, []), *common]))
        if merged:
            out[p.index] = merged
    return out
