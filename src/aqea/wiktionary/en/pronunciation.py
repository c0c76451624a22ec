"""IPA, rhymes and hyphenation from the Pronunciation section that applies to a POS."""

from __future__ import annotations

from typing import Any

from aqea.wiktionary.en.common import _PLAIN_SUFFIX_RE, _norm_name, _targs
from aqea.wiktionary.en.headings import _ancestors, _LangContext, _Sub
from aqea.wiktionary.markup import iter_templates


def _pronunciation(ctx: _LangContext, p: _Sub) -> tuple[tuple[str, ...], dict[str, Any]]:
    """IPA and rhymes/hyphenation from the Pronunciation section that applies: one under the
    POS itself, else the nearest enclosing heading's (etymology, language)."""
    subs = ctx.subs
    children = ctx.pron_children()
    # a Pronunciation heading under the POS itself
    for s in subs[p.index + 1 : p.end_index]:
        if s.kind == "pronunciation":
            return _pron_from([s], ctx)
    for a in _ancestors(subs, p):
        if a.kind == "pronunciation":
            return _pron_from([a], ctx)
        found = children.get(a.index)
        if found:
            return _pron_from(found, ctx)
    found = children.get(-1)
    if found:
        return _pron_from(found, ctx)
    return (), {}


def _pron_from(found: list[_Sub], ctx: _LangContext) -> tuple[tuple[str, ...], dict[str, Any]]:
    key = found[0].index
    cached = ctx.pron_cache.get(key)
    if cached is not None:
        return cached[0], dict(cached[1])
    ipa: list[str] = []
    extra: dict[str, Any] = {}
    rhymes: list[str] = []
    for s in found:
        body = ctx.text[s.section.body_start : s.intro_end]
        if "{{" not in body:
            continue
        for start, end in iter_templates(body):
            name, positional, named = _targs(body[start + 2 : end - 2])
            name = _norm_name(name)
            if name == "IPA":
                for v in positional if "lang" in named else positional[1:]:
                    v = _PLAIN_SUFFIX_RE.sub("", v).strip()
                    if v and v not in ipa and v not in ("/", "[]", "//"):
                        ipa.append(v)
            elif name in ("rhymes", "rhyme") or name == "rhymes-lite":
                for v in positional if "lang" in named else positional[1:]:
                    v = _PLAIN_SUFFIX_RE.sub("", v).strip()
                    if v and v not in rhymes:
                        rhymes.append(v)
            elif name in ("hyphenation", "hyph") and "hyphenation" not in extra:
                parts = positional if "lang" in named else positional[1:]
                first: list[str] = []
                for v in parts:
                    if not v.strip():
                        break  # "||" separates alternative hyphenations
                    first.append(v.strip())
                if first:
                    extra["hyphenation"] = "·".join(first)
    if rhymes:
        extra["rhymes"] = rhymes
    result = (tuple(ipa), extra)
    ctx.pron_cache[key] = result
    return result[0], dict(extra)
