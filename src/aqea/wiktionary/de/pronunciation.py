"""Aussprache and Worttrennung: IPA (every ``{{Lautschrift}}``), rhymes (``{{Reim}}``) and the
hyphenated form and its plural."""

from __future__ import annotations

import re

from aqea.wiktionary.de.common import _NO_TARGET, BlockTuple
from aqea.wiktionary.markup import LABELS, TEMPLATE_TEXT, strip_markup

# First positional parameter of a simple template (stripped in code, not in the pattern).
_LAUTSCHRIFT_RE = re.compile(r"\{\{\s*Lautschrift\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_REIM_RE = re.compile(r"\{\{\s*Reim\s*\|([^|{}]*)(?:\|[^{}]*)?\}\}")
_PLACEHOLDER_IPA = frozenset({"", "...", "…", "-", "—", "?"})

_IPA_LINE_RE = re.compile(r"^[:*]*[ \t]*\{\{\s*(?:IPA|Reime)\s*\}\}.*$", re.M)
_IPA_FALLBACK_BLOCKS = frozenset({"", "Worttrennung", "Silbentrennung"})


def _pronunciation(
    blocks: list[BlockTuple], lang_preamble: list[BlockTuple] | None
) -> tuple[tuple[str, ...], list[str]]:
    """IPA and rhymes: every ``{{Lautschrift|…}}`` / ``{{Reim|…}}`` of every Aussprache block.

    Fallbacks when the section has no Aussprache block, in order: an Aussprache block written
    once before the language section's first POS heading; ``:{{IPA}} …`` / ``:{{Reime}} …`` lines
    whose marker line was forgotten (they then sit in the preamble or the Worttrennung block). Translation tables,
    which also carry Lautschrift for foreign words, are never looked at.
    """
    texts = [b[1] for b in blocks if b[0] == "Aussprache"]
    if not texts and lang_preamble is not None:
        texts = [b[1] for b in lang_preamble if b[0] == "Aussprache"]
    if not texts:
        texts = [
            m.group()
            for name, body, _start, _end in blocks
            if name in _IPA_FALLBACK_BLOCKS and ("{{IPA" in body or "{{Reime" in body)
            for m in _IPA_LINE_RE.finditer(body)
        ]
    if not texts:
        return (), []
    text = texts[0] if len(texts) == 1 else "\n".join(texts)
    found = (v.strip() for v in _LAUTSCHRIFT_RE.findall(text))
    ipa = tuple(dict.fromkeys(v for v in found if v not in _PLACEHOLDER_IPA))
    rhymes = list(dict.fromkeys(v.strip() for v in _REIM_RE.findall(text) if v.strip()))
    return ipa, rhymes


_LEADING_ITALIC_LABEL_RE = re.compile(r"^''[^'\n]*?:''\s*")
# Worttrennung: a grammatical marker before the first form (":{{kSg.}}, {{Pl.}} Hän·del"), and
# the plural form after {{Pl.}} / {{Pl.1}}
_LEADING_MARKER_RE = re.compile(r"\{\{([^{}|]+)(?:\|[^{}]*)?\}\}[ \t,;:]*")
_PLURAL_MARKERS = frozenset({"Pl.", "Pl.1"})
_PLURAL_HYPHENATION_RE = re.compile(r"\{\{Pl\.1?\}\}[ \t]*([^{}\n,;'<]*)")


def _hyphenation(body: str, lemma: str) -> tuple[str, str]:
    """First hyphenated form of the Worttrennung block and the plural's: ``":Hal·lo, {{Pl.}}
    Hal·los"`` → ("Hal·lo", "Hal·los"). Grammatical markers that start the line are skipped:
    ``":{{kSg.}}, {{Pl.}} Hän·del"`` → ("Hän·del", "Hän·del") (a plural-only word)."""
    for line in body.splitlines():
        line = line.strip().lstrip(":").strip()
        if not line:
            continue
        line = _LEADING_ITALIC_LABEL_RE.sub("", line)  # ":''Neue Rechtschreibung:'' gut, …"
        plural_first = False
        pos = 0
        while line.startswith("{{", pos):
            m = _LEADING_MARKER_RE.match(line, pos)
            name = m.group(1).strip() if m else ""
            if m is None or not (isinstance(TEMPLATE_TEXT.get(name), str) or name in LABELS):
                break  # not a grammatical marker ({{Pl.}}, {{kSg.}}, {{va.|:}}): no form here
            plural_first = plural_first or name in _PLURAL_MARKERS
            pos = m.end()
        line = line[pos:]
        # the form ends where the first grammatical marker ({{Pl.}}, {{Prät.}}, …) or note starts
        cut = len(line)
        for marker in ("{{", "''", "<"):
            i = line.find(marker)
            if i >= 0:
                cut = min(cut, i)
        form = line[:cut].rstrip(" \t,;:(")
        if not form:
            return "", ""
        # "kein, kei·ne, kei·ner": keep only the first form when it is the lemma itself
        first = re.split(r"[,;]\s", form, maxsplit=1)[0]
        if first != form and first.replace("·", "").replace(" ", "").lower() == lemma.replace(" ", "").lower():
            form = first
        if "[" in form:
            form = strip_markup(form)
        if plural_first:
            return form, form
        plural = ""
        if "{{Pl." in line:
            pm = _PLURAL_HYPHENATION_RE.search(line)
            if pm is not None:
                plural = pm.group(1).split(" (", 1)[0].strip(" \t,;:(")
                if plural in _NO_TARGET or "[" in plural:
                    plural = strip_markup(plural) if "[" in plural else ""
        return form, plural
    return "", ""
