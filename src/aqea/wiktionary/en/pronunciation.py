"""IPA, rhymes and hyphenation from the Pronunciation section that applies to a POS.

Every ``{{IPA}}`` value becomes a sound ``{"ipa": …, "tags": […]}`` (extra["sounds"], the shape of the
German edition): the tags are the accents of its line (``* {{a|UK}} {{IPA|en|/…/}}``, named as
taxonomy/accents_en.json says: RP → "Received Pronunciation", GA/GenAm → "General American"), the
qualifiers (``{{q|…}}``, ``{{sense|…}}``, ``a=``/``q=`` and ``<a:…>``/``<q:…>`` of the value) and its
notation: "phonemic" for ``/…/``, "phonetic" for ``[…]``. Lexeme.ipa holds the transcriptions without
their delimiters (the notation of both editions), once each; empty values ("//", "[]") are dropped, and
partial ones ("/ə-/", a variant of the word's start) are only sounds, tagged "partial".
"""

from __future__ import annotations

import re
from typing import Any

from aqea.taxonomy import load_table
from aqea.wiktionary.en.common import _PLAIN_SUFFIX_RE, LANGUAGE_NAMES, _norm_name, _targs
from aqea.wiktionary.en.headings import _ancestors, _LangContext, _Sub
from aqea.wiktionary.markup import iter_templates

_ACCENTS: dict[str, str] = load_table("accents_en")["accents"]
_ACCENT_TEMPLATES = frozenset({"a", "accent", "lb-accent"})
_QUALIFIER_TEMPLATES = frozenset({"q", "qualifier", "qual", "i", "qf", "sense", "s"})
_INLINE_MODIFIER_RE = re.compile(r"<(a|aa|q|qq):([^<>]*)>")


def _notation(value: str) -> tuple[str, str]:
    """``"/kæt/"`` → ("kæt", "phonemic"); ``"[kʰæt]"`` → ("kʰæt", "phonetic"); else (value, "")."""
    if len(value) > 1 and value[0] == "/" and value[-1] == "/":
        return value[1:-1].strip(), "phonemic"
    if len(value) > 1 and value[0] == "[" and value[-1] == "]":
        return value[1:-1].strip(), "phonetic"
    return value, ""


def _accent_tags(values: list[str]) -> list[str]:
    return [_ACCENTS.get(v.strip(), v.strip()) for v in values if v.strip()]


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


def _language_less(positional: list[str], named: dict[str, str]) -> bool:
    """True when the template's positional arguments are all values: ``lang=`` names the language, or the old
    language-less form (``{{IPA|/dɪd/}}``, ``{{rhymes|ɪd}}``) whose first argument is a transcription or no
    language code."""
    if "lang" in named:
        return True
    first = positional[0].strip() if positional else ""
    return first.startswith(("/", "[")) or (len(positional) == 1 and first not in LANGUAGE_NAMES)


def _pron_from(found: list[_Sub], ctx: _LangContext) -> tuple[tuple[str, ...], dict[str, Any]]:
    key = found[0].index
    cached = ctx.pron_cache.get(key)
    if cached is not None:
        return cached[0], dict(cached[1])
    ipa: list[str] = []
    extra: dict[str, Any] = {}
    rhymes: list[str] = []
    sounds: list[dict[str, Any]] = []
    for s in found:
        body = ctx.text[s.section.body_start : s.intro_end]
        if "{{" not in body:
            continue
        line_end = -1
        line_tags: list[str] = []  # accents and qualifiers met so far on the current line
        for start, end in iter_templates(body):
            if start > line_end:
                line_end = body.find("\n", start)
                line_end = len(body) if line_end < 0 else line_end
                line_tags = []
            name, positional, named = _targs(body[start + 2 : end - 2])
            name = _norm_name(name)
            if name in _ACCENT_TEMPLATES:
                line_tags.extend(_accent_tags(positional[1:] if name == "lb-accent" else positional))
            elif name in _QUALIFIER_TEMPLATES:
                line_tags.extend(v.strip() for v in positional if v.strip())
            elif name == "IPA":
                template_tags = _accent_tags([*named.get("a", "").split(","), *named.get("aa", "").split(",")])
                template_tags += [named[k].strip() for k in ("q", "qq") if named.get(k, "").strip()]
                for raw in positional if _language_less(positional, named) else positional[1:]:
                    value_tags = []
                    for kind, text in _INLINE_MODIFIER_RE.findall(raw):
                        value_tags.extend(_accent_tags(text.split(",")) if kind in ("a", "aa") else [text.strip()])
                    bare, notation = _notation(_PLAIN_SUFFIX_RE.sub("", raw).strip())
                    if not bare:
                        continue  # "", "//", "[]": an empty slot, not a pronunciation
                    # "/ə-/" after "/ɔːˈɡʌst/": a variant of one part of the word, not a whole pronunciation
                    partial = bare.startswith("-") or bare.endswith("-")
                    if bare not in ipa and not partial:
                        ipa.append(bare)
                    tags = [*line_tags, *template_tags, *value_tags, *([notation] if notation else [])]
                    if partial:
                        tags.append("partial")
                    sound = {"ipa": bare, "tags": tags}
                    if sound not in sounds:
                        sounds.append(sound)
            elif name in ("rhymes", "rhyme") or name == "rhymes-lite":
                for v in positional if _language_less(positional, named) else positional[1:]:
                    v = _PLAIN_SUFFIX_RE.sub("", v).strip()
                    if v and v not in rhymes:
                        rhymes.append(v)
                        sounds.append({"rhymes": v, "tags": list(line_tags)})
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
    if sounds:
        extra["sounds"] = sounds
    result = (tuple(ipa), extra)
    ctx.pron_cache[key] = result
    return result[0], dict(extra)
