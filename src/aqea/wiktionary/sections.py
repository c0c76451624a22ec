"""Cheap structural splitting of page wikitext: heading sections, and German "blocks".

Only line regexes, no parse tree: a page is split once into headings (edition-independent,
reused by every edition's parser), and a German part-of-speech section into the blocks its
``{{Bedeutungen}}``-style marker lines introduce.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

# MediaWiki heading: "=" run, title, the same "=" run, optional trailing blanks. The lazy title
# and the backreference reproduce MediaWiki's rule for unbalanced runs ("=== x ==" is a level-2
# heading titled "= x").
_HEADING_RE = re.compile(r"^(={1,6})(.+?)\1[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Section:
    """One heading and the text it governs (offsets into the text that was split)."""

    level: int
    title: str  # heading text, stripped, markup untouched ("Hallo ({{Sprache|Deutsch}})")
    start: int  # offset of the heading line
    body_start: int  # offset just after the heading line
    end: int  # where the next heading of the same or a higher rank starts (subsections included)


def split_sections(text: str) -> list[Section]:
    """All headings of ``text`` in document order, each with the span it governs.

    Text before the first heading belongs to no section. Comments are not removed here: callers
    that care (``=== x === <!-- … -->``) strip them first.
    """
    found = [(len(m.group(1)), m.group(2).strip(), m.start(), m.end()) for m in _HEADING_RE.finditer(text)]
    n = len(found)
    ends = [len(text)] * n
    stack: list[int] = []  # indices of open sections, levels strictly increasing
    for i, (level, _title, start, _end) in enumerate(found):
        while stack and found[stack[-1]][0] >= level:
            ends[stack.pop()] = start
        stack.append(i)
    return [
        Section(level=level, title=title, start=start, body_start=min(line_end + 1, len(text)), end=ends[i])
        for i, (level, title, start, line_end) in enumerate(found)
    ]


def children(sections: Sequence[Section], parent: Section, level: int | None = None) -> list[Section]:
    """Sections inside ``parent`` (optionally only those of one ``level``), in order.

    ``sections`` must be in document order, as :func:`split_sections` returns them.
    """
    out: list[Section] = []
    # bisect, not a scan: pages with thousands of headings must stay linear overall
    i = bisect.bisect_right(sections, parent.start, key=_start)
    while i < len(sections) and sections[i].start < parent.end:
        s = sections[i]
        if level is None or s.level == level:
            out.append(s)
        i += 1
    return out


def _start(s: Section) -> int:
    return s.start


# Block markers of the German edition (a line "{{Bedeutungen}}" opens the meanings block …).
DE_BLOCK_NAMES: frozenset[str] = frozenset(
    {
        "Abgeleitete Begriffe",
        "Abkürzungen",
        "Alternative Schreibweisen",
        "Anmerkung",
        "Anmerkungen",
        "Aussprache",
        "Bedeutung",
        "Bedeutungen",
        "Beispiele",
        "Bekannte Namensträger",
        "Charakteristische Wortkombinationen",
        "Entlehnungen",
        "Gegenworte",
        "Gegenwörter",
        "Geflügelte Worte",
        "Grammatische Merkmale",
        "Herkunft",
        "Koseformen",
        "Kurzformen",
        "Lesungen",
        "Männliche Namensvarianten",
        "Männliche Wortformen",
        "Namensvarianten",
        "Nebenformen",
        "Nicht mehr gültige Schreibweisen",
        "Oberbegriffe",
        "Quellen",
        "Redewendungen",
        "Referenzen",
        "Schreibweisen",
        "Silbentrennung",
        "Sinnverwandte Redewendungen",
        "Sinnverwandte Wörter",
        "Sprichwörter",
        "Steigerung",
        "Symbole",
        "Synonyme",
        "Übersetzungen",
        "Umschrift",
        "Unterbegriffe",
        "Varianten",
        "Veraltete Schreibweisen",
        "Verkleinerungsformen",
        "Vergrößerungsformen",
        "Weibliche Namensvarianten",
        "Weibliche Wortformen",
        "Wortbildungen",
        "Wortfamilie",
        "Worttrennung",
        "Ähnlichkeiten",
    }
)

# A marker line "{{Name}}" or "{{Name|note}}" (optionally followed by text on the same line, as
# in "{{Silbentrennung}} Mönch, {{Pl.}} Mön·che"), or any heading line; headings always open a
# block, named by their title without "{{ }}" ("==== {{Übersetzungen}} ====" → "Übersetzungen").
_BLOCK_LINE_RE = re.compile(
    r"^(?:[ \t]*\{\{([^{}|\n]+?)(?:\|[^{}\n]*)?\}\}[ \t]*([^\n]*)|(={1,6})(.+?)\3[ \t]*)$",
    re.M,
)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a German POS section; name "" is the preamble before the first marker."""

    name: str
    body: str  # text after the marker (rest of the marker line, then the following lines)
    start: int  # offsets into the text that was split
    end: int


def split_blocks(text: str, names: Collection[str] = DE_BLOCK_NAMES) -> list[Block]:
    """Split a section body into blocks opened by marker lines ``{{Name}}`` (``Name`` in ``names``)
    or by heading lines. Always returns at least the (possibly empty) preamble block.
    """
    blocks: list[Block] = []
    cur_name = ""
    cur_body_start = 0
    cur_start = 0
    for m in _BLOCK_LINE_RE.finditer(text):
        if m.group(1) is not None:
            name = m.group(1).strip()
            if name not in names:
                continue
            # text after the marker on the same line is the block's first line
            body_start = m.start(2) if m.group(2).strip() else m.end() + 1
        else:
            name = m.group(4).strip()
            if name.startswith("{{") and name.endswith("}}") and "|" not in name:
                name = name[2:-2].strip()
            body_start = m.end() + 1
        body_start = min(body_start, len(text))
        blocks.append(Block(cur_name, text[cur_body_start : m.start()], cur_start, m.start()))
        cur_name, cur_body_start, cur_start = name, body_start, m.start()
    blocks.append(Block(cur_name, text[cur_body_start:], cur_start, len(text)))
    return blocks


def first_block(blocks: Sequence[Block], *names: str) -> Block | None:
    """The first block whose name is one of ``names`` (synonymous markers such as
    ``Worttrennung``/``Silbentrennung``), or None."""
    for b in blocks:
        if b.name in names:
            return b
    return None
