"""Definitions (``#``), their examples (``#*``) and labels, numbered as a reader sees them.

Numbers: ``#`` lines are "1", "2", …; ``##`` lines under sense 3 are "3a", "3b", …; ``###`` under
"3a" are "3a.1", "3a.2" (the page's own references read "3a": ``{{trad-début|matériau alvéolaire|3a}}``).
Every ``#`` line takes a number, also one holding only labels (``# {{lexique|mathématiques|fr}}``
above its sub-senses). ``#*:`` lines (translations of foreign examples) are not kept.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from aqea.model import Sense
from aqea.wiktionary.fr.text import leading_labels, plain
from aqea.wiktionary.markup import template_args

# a definition line "#", "##" … not followed by "*" (example) or ":" (example translation, note)
_LINE_RE = re.compile(r"(#+)([*:]*)[ \t]*(.*)")
_NOT_CONTINUED = ("#", "*", "=", "{{")  # line starts that are never the rest of an open template


def logical_lines(body: str) -> Iterator[str]:
    """Lines of ``body``, a list line joined with the lines that continue its open template
    (``#* {{exemple | lang=fr`` … `` | source=…}}``). A continuation never starts with "#", "*",
    "=" or "{{": a cut-off template stops there instead of swallowing the page."""
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("#"):
            while line.count("{{") > line.count("}}") and i < len(lines) and not lines[i].startswith(_NOT_CONTINUED):
                line += " " + lines[i].strip()
                i += 1
        yield line


def parse_senses(body: str) -> list[Sense]:
    """The senses of a part-of-speech section's own text (before its subsections)."""
    senses: list[tuple[str, str, tuple[str, ...], list[str]]] = []  # number, gloss, labels, examples
    counters = [0, 0, 0]
    for line in logical_lines(body):
        if not line.startswith("#"):
            continue
        m = _LINE_RE.match(line)
        if m is None:
            continue
        depth, kind, content = len(m.group(1)), m.group(2), m.group(3)
        if kind.startswith("*"):
            if senses and kind == "*":  # "#*" is an example; "#*:" its translation (not kept)
                example = _example(content)
                if example:
                    senses[-1][3].append(example)
            continue
        if kind:
            continue  # "#:" notes
        number = _number(counters, depth)
        labels, rest = leading_labels(content)
        senses.append((number, plain(rest), tuple(labels), []))
    return [Sense(number=n, gloss=g, labels=lb, examples=tuple(ex)) for n, g, lb, ex in senses]


def _number(counters: list[int], depth: int) -> str:
    """Next sense number at ``depth`` (1-based); deeper counters restart."""
    level = min(depth, 3) - 1
    counters[level] += 1
    for i in range(level + 1, 3):
        counters[i] = 0
    for i in range(level):
        counters[i] = max(counters[i], 1)  # a "##" without a parent counts as under sense 1
    top = str(counters[0])
    if level == 0:
        return top
    letter = string.ascii_lowercase[(counters[1] - 1) % 26]
    if level == 1:
        return f"{top}{letter}"
    return f"{top}{letter}.{counters[2]}"


def _example(content: str) -> str:
    """Plain text of an example line: ``{{exemple|text|translation|source=…|lang=fr}}`` → text;
    an old-style ``''text'' {{source|…}}`` line → text (the source renders as nothing)."""
    content = content.strip()
    if content.startswith("{{exemple") or content.startswith("{{ exemple"):
        end = content.rfind("}}")
        inner = content[2:end] if end > 0 else content[2:]
        _name, positional, named = template_args(inner)
        text = named.get("1") or (positional[0] if positional else "")
        return plain(text)
    return plain(content)
