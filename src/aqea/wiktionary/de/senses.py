"""Bedeutungen and Beispiele: numbered senses (``:[1]``, sub-senses ``::[a]`` → "1a"), their labels
(``{{K|…}}``, label templates, italic labels, label lines) and the examples each marker names."""

from __future__ import annotations

import re

from aqea.model import Sense
from aqea.wiktionary.de.common import _LIST_LINES_RE, _MARKUP_CHAR_RE, _plain, sense_numbers
from aqea.wiktionary.markup import LABEL_LIST_TEMPLATES, LABELS, iter_templates, strip_markup, strip_refs, template_args
from aqea.wiktionary.sections import fast_constructor

_SENSE = fast_constructor(Sense)  # Lexeme(...) with every field given, without the generated __init__
# every list line of a Bedeutungen block: prefix, marker (None when there is none), rest. A sense
# is ":[1] …", "::[2a] …", ":[1, 2] …"; "[[" is a link at the start of an unnumbered line, not a number
_SENSE_LINE_RE = re.compile(r"^([:*#]+)[ \t]*(?:\[(?!\[)([^\[\]\n]*)\])?[ \t]*(.*)$", re.M)
# an italic label that starts a sense: "''gegenständlich:''", "''[[Optik]]'':", or several italic
# spans before the colon: "''Technik'', ''Ingenieurwesen'':" (group 1: the spans before the last)
_ITALIC_LABEL_RE = re.compile(r"((?:''[^'\n]{1,80}?''[ \t]*[,;][ \t]*)*)''([^'\n]{1,80}?)(?::''|'':)[ \t]*")
_ITALIC_SPAN_RE = re.compile(r"''([^'\n]{1,80}?)''")
_LABEL_SPLIT_RE = re.compile(r"[,;]")
_LABEL_NO_SPLIT_RE = re.compile(r"[()„“”‚‘\"]")
# Leading run of a sense line made of label templates, quotes, blanks and separators: it is
# the label prefix ("{{K|Zoologie}}", "''{{ugs.}}, ''") and goes to Sense.labels, not the gloss.
_PREFIX_JUNK = frozenset(" \t',;:")


def _senses(body: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Numbered senses. A letter-only sub-sense (``::[a]`` under ``:[1]``) is numbered "1a", as
    examples, relations and translations name it (``:[1a] …``).

    Two kinds of unnumbered lines count too:

    * a label line ("*{{trans.|:}}", ":{{K|österr.|t1=, sonst|regional}}", "*''Hilfsverb [[sein]]:''"):
      its labels go to the senses below it, up to the next label line or the first sense
      shallower than the first one it covers ("*''Als Hilfsverb'':" over "::[3]"–"::[5]" ends at ":[6]");
    * a line deeper than the sense above it ("::— ''(personifiziert)'' der [[Hauptmann]] selbst",
      "::*[[chromatisch]]e ''Aberration'': …"): its plain text is added to that sense's gloss,
      after "; " (after a blank when the gloss ends with ":").
    """
    rows: list[tuple[str, str, list[str], bool, int, list[str]]] = []  # number, gloss, labels, own, depth, more
    parent = ""
    group: list[str] = []  # labels of the label line above
    scope = 0  # depth of the first sense under that label line (0: none yet)
    for m in _SENSE_LINE_RE.finditer(body):
        prefix, marker, rest = m.groups()
        depth = len(prefix)
        if marker is not None and prefix.count(":") == depth:  # ":[1] …", "::[a] …"
            number = marker.strip()
            if depth == 1:
                parent = number
            elif parent and number.isalpha() and number.islower():
                number = parent + number
            labels, gloss = _labels_and_gloss(rest)
            own = bool(gloss or labels)
            if group:
                if not scope:
                    scope = depth
                if depth < scope:
                    group = []
                else:
                    labels = group + [label for label in labels if label not in group]
            rows.append((number, gloss, labels, own, depth, []))
            continue
        if marker is not None:
            rest = m.group()[len(prefix) :].lstrip(" \t")  # "*[1] …" is not a sense: keep the bracket
        if not rest:
            continue
        labels, gloss = _labels_and_gloss(rest)
        if labels and not gloss:
            group, scope = labels, 0
        elif rows and depth > rows[-1][4]:
            text = _plain(rest).lstrip("—–-−* \t")
            if text:
                rows[-1][5].append(text)
    senses: list[tuple[str, str, tuple[str, ...]]] = []  # (number, gloss, labels): Senses are made once,
    for number, gloss, labels, own, _depth, more in rows:  # with their examples (_attach_examples)
        if more:
            extra = "; ".join(more)
            gloss = extra if not gloss else f"{gloss} {extra}" if gloss.endswith(":") else f"{gloss}; {extra}"
        elif not own:
            continue  # ":[1]" placeholder without content (a label line above does not make one)
        senses.append((number, gloss, tuple(labels)))
    return senses


def _labels_and_gloss(line: str) -> tuple[list[str], str]:
    """Split one sense line into its labels and its plain-text gloss.

    Labels come from ``{{K|…}}``/``{{Kontext|…}}`` (positional parameters, abbreviations
    expanded) and from label templates such as ``{{ugs.}}`` anywhere in the line, and from an
    italic label that starts the gloss (``''gegenständlich:''``, ``''[[Optik]]'':``; its commas
    separate labels). The leading run of label templates is removed from the gloss; label
    templates later in the line stay visible ("''österreichisch,'' {{ugs.|:}} stehlen" →
    "österreichisch, umgangssprachlich: stehlen").
    """
    if "{{" not in line:
        if "''" in line:
            labels: list[str] = []
            rest = _italic_label(line.lstrip(" \t"), labels)
            if labels:
                return labels, strip_markup(rest)
        return [], strip_markup(line)
    labels = []
    pieces: list[str] = []
    pos = 0
    prefix = True  # still inside the leading label run
    for start, end in iter_templates(line):
        between = line[pos:start]
        if prefix and not all(c in _PREFIX_JUNK for c in between):
            prefix = False
        pieces.append(between)
        name, positional, named = template_args(line[start + 2 : end - 2])
        if name in LABEL_LIST_TEMPLATES:
            joined = ""  # labels joined by "tN=_" ({{K|österr.|t1=_|selten}}: one label "österreichisch selten")
            for i, p in enumerate(positional, 1):
                label = strip_markup(p) if any(c in p for c in "[{'<&") else p
                label = LABELS.get(label, label)
                if named and named.get(f"t{i}") == "_":
                    joined = f"{joined} {label}" if joined and label else joined or label
                    continue
                if joined:
                    label = f"{joined} {label}" if label else joined
                    joined = ""
                if label and label not in labels:
                    labels.append(label)
            if joined and joined not in labels:
                labels.append(joined)
            # K renders in front of the gloss; as structured labels it is not gloss text
        elif name in LABELS:
            if LABELS[name] not in labels:
                labels.append(LABELS[name])
            if not prefix:
                # shown as it renders ("{{veraltet|:}}" → "veraltet:"), so that inside a leading italic label
                # ("''[[ohne]] [[Plural]]; {{veraltet|:}}''") it ends the label like a written colon
                pieces.append(strip_markup(line[start:end]))
        else:
            prefix = False
            pieces.append(line[start:end])
        pos = end
    pieces.append(line[pos:])
    raw = "".join(pieces)
    if "''" in raw:
        raw = _italic_label(raw.lstrip(" \t,;:"), labels)
    gloss = strip_markup(raw)
    return labels, gloss.lstrip(",;: ").strip()


def _italic_label(text: str, labels: list[str]) -> str:
    """``"''[[Namibia]], [[Südwesterdeutsch]]:'' einen …"``: add "Namibia", "Südwesterdeutsch" to
    ``labels`` and return the text after the label; ``text`` unchanged when it does not start
    with an italic label."""
    m = _ITALIC_LABEL_RE.match(text)
    if m is None:
        return text
    found = False
    # "''Technik'', ''Ingenieurwesen'':": each italic span is read as a label text of its own
    spans = [*_ITALIC_SPAN_RE.findall(m.group(1)), m.group(2)] if m.group(1) else [m.group(2)]
    for inner in spans:
        inner = strip_markup(inner) if _MARKUP_CHAR_RE.search(inner) else " ".join(inner.split())
        if inner.startswith("(") and inner.endswith(")") and inner.count("(") == 1:
            inner = inner[1:-1]  # "''(Zoologie):''"
        # "Namibia, Südwesterdeutsch" and "transitiv; österreichisch" are several labels; "kirchlich
        # (mittellateinisch)" and "eine Form des Possessivpronomens „sein, seine, sein“" are one
        parts = [inner] if _LABEL_NO_SPLIT_RE.search(inner) else _LABEL_SPLIT_RE.split(inner)
        for part in parts:
            label = part.strip()
            if label:
                label = LABELS.get(label, label)
                found = True
                if label not in labels:
                    labels.append(label)
    return text[m.end() :] if found else text


def _examples(body: str) -> list[tuple[str, str]]:
    """``(marker, text)`` per example of a Beispiele block, refs and markup stripped.

    Deeper unnumbered lines (``::…`` after ``:[1] …``: verse lines, translations of foreign
    examples) continue the example above them and are joined to it with a newline.
    """
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None  # lines of the example that deeper lines continue
    for depth, marker, rest in _LIST_LINES_RE.findall(strip_refs(body)):  # one pass
        text = _plain(rest) if rest else ""
        if not marker and len(depth) > 1 and current is not None:
            if text:
                current.append(text)
            continue
        if not text:
            current = None  # ":[1]" placeholder: nothing to continue
            continue
        current = [text]
        out.append((marker[1:-1], current))
    return [(marker, "\n".join(lines)) for marker, lines in out]


def _attach_examples(
    senses: list[tuple[str, str, tuple[str, ...]]], examples: list[tuple[str, str]]
) -> tuple[tuple[Sense, ...], list[dict[str, str]]]:
    """The Senses of ``(number, gloss, labels)`` rows, each with the examples whose marker names
    it; the rest (marker names no existing sense, ``[?]``, ``[*]``, no marker) is returned as
    ``{"sense": marker, "text": …}``."""
    known = {s[0] for s in senses}
    by_sense: dict[str, list[str]] = {}
    unattached: list[dict[str, str]] = []
    for marker, text in examples:
        hit = False
        for n in sense_numbers(marker):
            if n in known:
                by_sense.setdefault(n, []).append(text)
                hit = True
        if not hit:
            unattached.append({"sense": marker, "text": text})
    return tuple([_SENSE(n, gloss, labels, tuple(by_sense.get(n, ()))) for n, gloss, labels in senses]), unattached
