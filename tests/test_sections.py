"""Heading splitter (edition-independent) and German block splitter."""

from __future__ import annotations

import dataclasses

import pytest

from aqea.model import Lexeme, Sense
from aqea.wiktionary.sections import (
    Block,
    Section,
    block_tuples,
    children,
    fast_constructor,
    first_block,
    split_blocks,
    split_sections,
)

PAGE = """{{Siehe auch|[[hallo]]}}
== Hallo ({{Sprache|Deutsch}}) ==
=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===
body A
==== {{Übersetzungen}} ====
trans
=== {{Wortart|Interjektion|Deutsch}} ===
body B
== Hallo ({{Sprache|Englisch}}) ==
=== {{Wortart|Interjektion|Englisch}} ===
body C
"""


def test_split_sections_levels_titles_spans() -> None:
    secs = split_sections(PAGE)
    assert [(s.level, s.title) for s in secs] == [
        (2, "Hallo ({{Sprache|Deutsch}})"),
        (3, "{{Wortart|Substantiv|Deutsch}}, {{n}}"),
        (4, "{{Übersetzungen}}"),
        (3, "{{Wortart|Interjektion|Deutsch}}"),
        (2, "Hallo ({{Sprache|Englisch}})"),
        (3, "{{Wortart|Interjektion|Englisch}}"),
    ]
    de, noun, trans, interj, en, en_interj = secs
    assert interj.end == en.start
    # a section runs up to the next heading of the same or higher rank, subsections included
    assert PAGE[noun.body_start : noun.end] == "body A\n==== {{Übersetzungen}} ====\ntrans\n"
    assert PAGE[trans.body_start : trans.end] == "trans\n"
    assert de.end == en.start
    assert en_interj.end == len(PAGE)
    assert PAGE[de.start : de.body_start] == "== Hallo ({{Sprache|Deutsch}}) ==\n"


def test_children() -> None:
    secs = split_sections(PAGE)
    de, en = secs[0], secs[4]
    assert [s.title for s in children(secs, de, level=3)] == [
        "{{Wortart|Substantiv|Deutsch}}, {{n}}",
        "{{Wortart|Interjektion|Deutsch}}",
    ]
    assert len(children(secs, de)) == 3  # any depth
    assert [s.title for s in children(secs, en)] == ["{{Wortart|Interjektion|Englisch}}"]
    assert children(secs, secs[5]) == []


def test_unbalanced_and_odd_headings() -> None:
    text = "=== a ==\n==b===\n=c=\n== x == trailing text\nnot = a heading =\n======= seven =======\n"
    secs = split_sections(text)
    # MediaWiki: the shorter "=" run decides the level, the surplus stays in the title
    assert [(s.level, s.title) for s in secs] == [
        (2, "= a"),
        (2, "b="),
        (1, "c"),
        (6, "= seven ="),
    ]
    assert split_sections("") == []
    assert split_sections("no headings at all") == []


def test_split_blocks_markers_and_headings() -> None:
    body = (
        "{{Deutsch Substantiv Übersicht\n|Genus=n\n}}\n"
        "{{Worttrennung}}\n:Hal·lo\n"
        "{{Silbentrennung}} Mönch, {{Pl.}} Mön·che\n"
        "{{Ü-links}}\n"  # not a block marker: stays inside the previous block
        "{{Anmerkung|zur Aussprache}}\n:note\n"
        "{{Bedeutungen}}\n:[1] eins\n"
        "==== {{Übersetzungen}} ====\n*{{en}}: x\n"
        "==== Übersetzungen ====\nalt\n"
    )
    blocks = split_blocks(body)
    assert [b.name for b in blocks] == [
        "",
        "Worttrennung",
        "Silbentrennung",
        "Anmerkung",
        "Bedeutungen",
        "Übersetzungen",
        "Übersetzungen",
    ]
    assert blocks[0].body.startswith("{{Deutsch Substantiv Übersicht")
    assert blocks[1].body == ":Hal·lo\n"
    assert blocks[2].body == "Mönch, {{Pl.}} Mön·che\n{{Ü-links}}\n"
    assert blocks[4].body == ":[1] eins\n"
    assert blocks[5].body == "*{{en}}: x\n"
    assert first_block(blocks, "Worttrennung", "Silbentrennung") is blocks[1]
    assert first_block(blocks, "Silbentrennung") is blocks[2]
    assert first_block(blocks, "Herkunft") is None


def test_split_blocks_custom_names_and_empty() -> None:
    blocks = split_blocks("pre\n{{Foo}}\nx\n{{Bedeutungen}}\ny\n", names={"Foo"})
    assert [(b.name, b.body) for b in blocks] == [("", "pre\n"), ("Foo", "x\n{{Bedeutungen}}\ny\n")]
    assert [(b.name, b.body) for b in split_blocks("")] == [("", "")]


def test_heading_and_marker_on_the_first_line() -> None:
    # the line regexes start at the newline before a line; the text's first line is matched apart
    secs = split_sections("== a ==\nx\n=== b ===\ny")
    assert [(s.level, s.title, s.start, s.body_start) for s in secs] == [(2, "a", 0, 8), (3, "b", 10, 20)]
    assert split_sections("=== a ==") == [Section(2, "= a", 0, 8, 8)]
    blocks = split_blocks("{{Bedeutungen}}\n:[1] a\n  {{Beispiele}} b\n== x ==\n")
    assert [(b.name, b.body) for b in blocks] == [
        ("", ""),
        ("Bedeutungen", ":[1] a\n"),
        ("Beispiele", "b\n"),
        ("x", ""),
    ]
    assert blocks[1].start == 0 and blocks[2].start == 23
    assert [(b.name, b.body) for b in split_blocks("{{Foo}}\n")] == [("", "{{Foo}}\n")]  # not a block name


def test_block_tuples_are_split_blocks_without_objects() -> None:
    text = PAGE.split("=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n", 1)[1]
    assert [tuple(dataclasses.astuple(b)) for b in split_blocks(text)] == block_tuples(text)
    assert block_tuples("") == [("", "", 0, 0)]


def test_fast_constructor_builds_equal_objects() -> None:
    make = fast_constructor(Block)
    assert make("Name", "body", 1, 2) == Block("Name", "body", 1, 2)
    assert make(name="n", body="b", start=0, end=1) == Block("n", "b", 0, 1)  # keywords work too
    made = fast_constructor(Sense)("1", "ein Haus", ("Bauwesen",), ("Das Haus steht.",))
    assert made == Sense("1", "ein Haus", ("Bauwesen",), ("Das Haus steht.",)) and hash(made) == hash(
        Sense(*dataclasses.astuple(made))
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.gloss = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        make("too", "few")
    # the fields' defaults, a default_factory called anew each time
    assert fast_constructor(Sense)("2", "Bau") == Sense("2", "Bau", (), ())
    make_lexeme = fast_constructor(Lexeme)
    a, b = (make_lexeme("de", "X", "noun", ("Substantiv",), 1, "s", 1, 2) for _ in range(2))
    assert a == Lexeme("de", "X", "noun", ("Substantiv",), 1, "s", 1, 2) and a.extra == {} and a.extra is not b.extra

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:  # an __init__ that does more: the class itself is used
            if self.x < 0:
                raise ValueError(self.x)

    assert fast_constructor(Checked) is Checked
