"""What the German edition's concern modules share: the tuple shapes relations and blocks travel in,
the gender templates, list lines and their ``[1, 2]`` sense markers, plain text and link targets."""

from __future__ import annotations

import re
from functools import lru_cache

from aqea.model import RelationRow
from aqea.wiktionary.markup import strip_markup, strip_refs

# (kind, target, language, sense, note): model.Relation's fields, as plain tuples end to end.
RelationTuple = RelationRow
# (name, body, start, end) of a block: sections.block_tuples, plain tuples for speed
BlockTuple = tuple[str, str, int, int]

# Gender templates in POS headings ({{m}}, {{mf}}, …); "u" (utrum) is common gender "c".
GENDER_TEMPLATES: dict[str, tuple[str, ...]] = {
    "m": ("m",),
    "f": ("f",),
    "n": ("n",),
    "mf": ("m", "f"),
    "fm": ("f", "m"),
    "mn": ("m", "n"),
    "nm": ("n", "m"),
    "fn": ("f", "n"),
    "nf": ("n", "f"),
    "mfn": ("m", "f", "n"),
    "u": ("c",),
    "c": ("c",),
}

# placeholders written where a word is missing: they name no target
_NO_TARGET = frozenset({"", "…", "...", "-", "–", "—", "?"})

# characters that mean a value has markup for strip_markup to remove
_MARKUP_CHAR_RE = re.compile(r"[\[\]{}'<&]")

_RANGE_RE = re.compile(r"^(\d+)([a-z]?)\s*[–—-]\s*(\d*)([a-z]?)$")
_MAX_RANGE = 60
_MARKER_SPLIT_RE = re.compile(r"[,/;]")


@lru_cache(maxsize=4096)
def sense_numbers(marker: str) -> tuple[str, ...]:
    """The sense numbers a ``[…]`` marker names, as written: ``"1, 2"`` → ("1", "2"),
    ``"1–3"`` → ("1", "2", "3"), ``"2a–c"`` → ("2a", "2b", "2c"), ``"1, (2, 4)"`` → ("1", "2", "4").

    ``[*]`` (all senses), ``[?]`` (unknown) and empty markers name no sense: ().
    """
    out: dict[str, None] = {}
    for part in _MARKER_SPLIT_RE.split(marker.replace("(", "").replace(")", "")):
        part = part.strip().rstrip(".")
        if not part or part in ("*", "?", "…", "..."):
            continue
        m = _RANGE_RE.match(part)
        if m:
            a, a_letter, b, b_letter = m.groups()
            if not a_letter and not b_letter and b and int(a) <= int(b) <= int(a) + _MAX_RANGE:
                for i in range(int(a), int(b) + 1):
                    out[str(i)] = None
                continue
            if a_letter and b_letter and (not b or b == a) and a_letter <= b_letter:
                for c in range(ord(a_letter), ord(b_letter) + 1):
                    out[f"{a}{chr(c)}"] = None
                continue
        out[part] = None  # anything else is kept exactly as written
    return tuple(out)


# ":[1, 2] text", "::[a] text", ":text", "*text": every list line of a block in one findall:
# (depth, marker with its brackets or "", rest)
_LIST_LINES_RE = re.compile(r"^([:*#]+)[ \t]*(\[(?!\[)[^\[\]\n]*\](?!\]))?[ \t]*(.*)$", re.M)


def _plain(text: str) -> str:
    """strip_markup, and footnotes the page wrote escaped (``&lt;ref&gt;…&lt;/ref&gt;``) go too."""
    text = strip_markup(text)
    return strip_refs(text).strip() if "<ref" in text or "<Ref" in text else text


def _link_target(target: str) -> str:
    """``"oni#Polnisch"`` → "oni"; ``"#April (Englisch)"`` (a section of this page) → ""."""
    target = target.split("#", 1)[0].strip()
    if target.startswith(":"):
        target = target[1:].strip()
    return target.replace("_", " ")
