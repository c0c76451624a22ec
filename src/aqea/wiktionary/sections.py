"""Cheap structural splitting of page wikitext: heading sections, and German "blocks".

Only line regexes, no parse tree: a page is split once into headings (edition-independent,
reused by every edition's parser), and a German part-of-speech section into the blocks its
``{{Bedeutungen}}``-style marker lines introduce.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import types
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import starmap
from typing import Any, TypeVar

T = TypeVar("T")


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A constructor for a frozen, slotted dataclass that sets the slots through their
    descriptors. The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__`` once
    per field, which makes it ~3x slower; parsers build thousands of these per page.

    Only for classes whose ``__init__`` does nothing else (no ``__post_init__``, no
    ``InitVar``/``init=False``/keyword-only fields, every field a slot); for any other class ``cls`` itself is
    returned. Called like the class: by position or by name, with the fields' defaults.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in fields]
    slots = [cls.__dict__.get(n) for n in names]
    if (
        hasattr(cls, "__post_init__")
        or not all(f.init and not f.kw_only for f in fields)
        or len(names) != len(getattr(cls, "__dataclass_fields__", ()))
        or not all(isinstance(d, types.MemberDescriptorType) for d in slots)
    ):
        return cls
    env: dict[str, Any] = {"__new": object.__new__, "__cls": cls, "__missing": dataclasses.MISSING}
    params: list[str] = []
    body: list[str] = []
    for i, (f, d) in enumerate(zip(fields, slots, strict=True)):
        env[f"__set{i}"] = d.__set__  # type: ignore[union-attr]
        if f.default is not dataclasses.MISSING:
            env[f"__default{i}"] = f.default
            params.append(f"{f.name}=__default{i}")
        elif f.default_factory is not dataclasses.MISSING:
            env[f"__factory{i}"] = f.default_factory
            params.append(f"{f.name}=__missing")
            body.append(f"    if {f.name} is __missing:\n        {f.name} = __factory{i}()\n")
        else:
            params.append(f.name)
        body.append(f"    __set{i}(__o, {f.name})\n")
    # parameters named after the fields, with their defaults: called as the class would be
    exec(f"def make({', '.join(params)}):\n    __o = __new(__cls)\n{''.join(body)}    return __o\n", env)
    make = env["make"]
    make.__doc__ = f"{cls.__name__}({', '.join(names)}), built without the generated __init__."
    return make  # type: ignore[no-any-return]


# MediaWiki heading: "=" run, title, the same "=" run, optional trailing blanks. The lazy title
# and the backreference reproduce MediaWiki's rule for unbalanced runs ("=== x ==" is a level-2
# heading titled "= x"). The pattern starts with the newline before the line, not with "^": a
# literal first character lets the regex engine skip to candidate positions instead of trying
# every offset (4x faster on real pages); a heading on the text's first line is matched apart.
_HEADING_RE = re.compile(r"\n=(={0,5})(.+?)=\1[ \t]*$", re.M)  # "\n=" is the literal prefix
_FIRST_HEADING_RE = re.compile(r"(={1,6})(.+?)\1[ \t]*$", re.M)


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
    found = [(len(m.group(1)) + 1, m.group(2).strip(), m.start() + 1, m.end()) for m in _HEADING_RE.finditer(text)]
    if text.startswith("="):
        m = _FIRST_HEADING_RE.match(text)
        if m is not None:
            found.insert(0, (len(m.group(1)), m.group(2).strip(), 0, m.end()))
    n = len(found)
    ends = [len(text)] * n
    stack: list[int] = []  # indices of open sections, levels strictly increasing
    for i, (level, _title, start, _end) in enumerate(found):
        while stack and found[stack[-1]][0] >= level:
            ends[stack.pop()] = start
        stack.append(i)
    n_text = len(text)
    return [
        _section(level, title, start, min(line_end + 1, n_text), ends[i])
        for i, (level, title, start, line_end) in enumerate(found)
    ]


_section = fast_constructor(Section)


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
# Like _HEADING_RE, it starts with the newline before the line (a first line is matched apart).
_BLOCK_LINE = r"(?:[ \t]*\{\{([^{}|\n]+)(?:\|[^{}\n]*)?\}\}[ \t]*([^\n]*)|(={1,6})(.+?)\3[ \t]*)$"
# the lookahead is a prefilter (a block line starts with one of _FIRST_CHARS): most lines fail on it
_BLOCK_LINE_RE = re.compile(r"\n(?=[ \t{=])" + _BLOCK_LINE, re.M)
_FIRST_BLOCK_LINE_RE = re.compile(_BLOCK_LINE, re.M)
_FIRST_CHARS = frozenset(" \t{=")


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
    return list(starmap(_block, block_tuples(text, names)))


def block_tuples(text: str, names: Collection[str] = DE_BLOCK_NAMES) -> list[tuple[str, str, int, int]]:
    """:func:`split_blocks` as plain ``(name, body, start, end)`` tuples, for callers that split
    many sections and need no objects."""
    blocks: list[tuple[str, str, int, int]] = []
    cur_name = ""
    cur_body_start = 0
    cur_start = 0
    n_text = len(text)
    first = _FIRST_BLOCK_LINE_RE.match(text) if text[:1] in _FIRST_CHARS else None
    for m in _BLOCK_LINE_RE.finditer(text) if first is None else (first, *_BLOCK_LINE_RE.finditer(text)):
        name, rest, _run, title = m.groups()
        if name is not None:
            name = name.strip()
            if name not in names:
                continue
            # text after the marker on the same line is the block's first line
            body_start = m.start(2) if rest.strip() else m.end() + 1
        else:
            name = title.strip()
            if name.startswith("{{") and name.endswith("}}") and "|" not in name:
                name = name[2:-2].strip()
            body_start = m.end() + 1
        line_start = m.start() if m is first else m.start() + 1
        if body_start > n_text:
            body_start = n_text
        blocks.append((cur_name, text[cur_body_start:line_start], cur_start, line_start))
        cur_name, cur_body_start, cur_start = name, body_start, line_start
    blocks.append((cur_name, text[cur_body_start:], cur_start, n_text))
    return blocks


_block = fast_constructor(Block)


def first_block(blocks: Sequence[Block], *names: str) -> Block | None:
    """The first block whose name is one of ``names`` (synonymous markers such as
    ``Worttrennung``/``Silbentrennung``), or None."""
    for b in blocks:
        if b.name in names:
            return b
    return None
