"""Word-list blocks ({{Synonyme}}, {{Gegenwörter}}, {{Oberbegriffe}}, …): one relation per word and
sense number of its line, and the words of a list line (:func:`line_targets`)."""

from __future__ import annotations

import re

from aqea.wiktionary.de.common import (
    _LIST_LINES_RE,
    _MARKUP_CHAR_RE,
    _NO_TARGET,
    RelationTuple,
    _link_target,
    sense_numbers,
)
from aqea.wiktionary.markup import LABELS, TEMPLATE_TEXT, iter_templates, strip_markup, strip_refs

# Block → relation kind. "related" relations keep their block's name as note.
RELATION_BLOCKS: dict[str, str] = {
    "Synonyme": "synonym",
    "Gegenwörter": "antonym",
    "Gegenworte": "antonym",
    "Oberbegriffe": "hypernym",
    "Unterbegriffe": "hyponym",
    "Wortbildungen": "derived",
    "Abgeleitete Begriffe": "derived",
    "Sinnverwandte Wörter": "related",
    "Wortfamilie": "related",
    "Verkleinerungsformen": "related",
    "Vergrößerungsformen": "related",
    "Weibliche Wortformen": "related",
    "Männliche Wortformen": "related",
    "Koseformen": "related",
    "Kurzformen": "related",
    "Nebenformen": "related",
    "Alternative Schreibweisen": "related",
    "Abkürzungen": "related",
    "Namensvarianten": "related",
    "Männliche Namensvarianten": "related",
    "Weibliche Namensvarianten": "related",
}

# a bold line inside a word-list block that opens another list ("'''Verwandte Begriffe'''" under {{Unterbegriffe}})
_BOLD_SUBHEADING_RE = re.compile(r"^'''([^'\n]+?)'''[ \t]*:?[ \t]*$", re.M)
_SUBHEADING_KINDS: dict[str, str] = {**RELATION_BLOCKS, "Verwandte Begriffe": "related"}


def word_list_parts(name: str, kind: str, block: str) -> list[tuple[str, str, str]]:
    """The block's word lists as (kind, list name, text): one, unless a bold line names another list
    (its words are not the block's kind: on "Wisent" the related hybrids below the hyponyms)."""
    if "\n'''" not in block and not block.startswith("'''"):
        return [(kind, name, block)]
    parts: list[tuple[str, str, str]] = []
    start = 0
    for m in _BOLD_SUBHEADING_RE.finditer(block):
        sub_kind = _SUBHEADING_KINDS.get(m.group(1).strip())
        if sub_kind is None:
            continue
        parts.append((kind, name, block[start : m.start()]))
        kind, name, start = sub_kind, m.group(1).strip(), m.end()
    parts.append((kind, name, block[start:]))
    return parts


_ITALIC_RE = re.compile(r"''.*?''")
# a line that is nothing but plain links separated by commas (fast path)
_PLAIN_LINK = r"\[\[[^\[\]{}|#:()'<>&_,]+\]\]"
_PLAIN_LINK_LIST_RE = re.compile(rf"[ \t]*{_PLAIN_LINK}(?:[ \t]*,[ \t]*{_PLAIN_LINK})*[ \t]*$")
_PLAIN_LINK_RE = re.compile(r"\[\[([^\[\]]*)\]\]")  # the targets are stripped in code (no lazy "\s*" scan)
_SIMPLE_LINK_RE = re.compile(r"\[\[[^\[\]]*\]\]")
# links (atomic), unmatched link brackets, and the characters that split items or open notes
_ITEM_TOKEN_SPLIT_RE = re.compile(r"(\[\[[^\[\]]*\]\]|\[\[|\]\]|[(),;/\[\]])")
_SUP_RE = re.compile(r"<sup\b[^<>]*>.*?(?:</sup\s*>|\Z)", re.I | re.S)  # unclosed: to the end, once
_MARKER_PREFIX_RE = re.compile(r"^\s*\[(?!\[)([^\[\]\n]*)\](?!\])\s*")
# link targets in other namespaces (thesaurus, help, Wikipedia) are no words
_NAMESPACE_RE = re.compile(
    r"^(?:WikiSaurus|Verzeichnis|Wiktionary|Hilfe|Kategorie|Datei|Bild|Reim|Flexion|w|Wikipedia):", re.I
)
_MAX_PLAIN_WORDS = 6  # a longer item without links is a remark, not a word
_MAX_LINKED_WORDS = 10  # … and one with links
_MAX_WORDS_AROUND_LINK = 2  # "… auch die Nebenform [[kiesen]]" → kiesen; "französisches [[Kabriolett]]" stays
# words that qualify the word after them ("umgangssprachlich auch [[fledern]]")
_QUALIFIER_WORDS = frozenset(LABELS.values()) | {"auch", "meist", "oft", "sonst", "seltener", "eher", "bzw."}
_SPACED_DASH_RE = re.compile(r"\s[–—]\s")
# one link, maybe after an article or "sich", maybe with an inflection ending as link trail
# ("[[Dritte]]r" → Dritte); a longer trail makes a new word ("[[Bio-]]Joghurt": plain text)
_SINGLE_LINK_RE = re.compile(r"^(?:(?:der|die|das|sich)\s+)?\[\[([^\[\]|]*[^\[\]|-])(?:\|[^\[\]]*)?\]\][^\W\d_]{0,3}$")
# an item that is one plain link "[[Agrarstaat]]", to be taken as it is (no dash, colon, pipe,
# anchor, note, link trail, trailing "-": those need the full treatment in line_targets)
_PLAIN_ITEM_RE = re.compile(r"\s*\[\[([^\[\]{}|#:()'<>&_,–—]*[^\[\]{}|#:()'<>&_,–—-])\]\]\s*")
_ALNUM_RE = re.compile(r"[^\W_]")  # str.isalnum() for one character
# characters outside links that make _split_items count nesting; without them a regex split does
_ITEM_SPECIAL_RE = re.compile(r"[()\[\]/]")
_TOP_SPLIT_RE = re.compile(r"[,;](?![^\[]*\]\])")  # a comma or semicolon that is not inside a link


def _word_relations(body: str, kind: str, language: str, note: str = "") -> list[RelationTuple]:
    """Relations of a word-list block: ``:[1, 2] [[Gebäude]], [[Bau]]`` → one Relation per word
    and per sense number the line names (no marker, ``[*]``, ``[?]`` → sense "")."""
    out: list[RelationTuple] = []
    if "<" in body:
        body = strip_refs(body)
    for _depth, marker, rest in _LIST_LINES_RE.findall(body):  # one pass over the block
        if not rest:
            continue
        if marker:
            marker = marker[1:-1]
        elif rest.startswith("{{"):
            # ":{{Wortbildung|Adjektive|:}} [6] [[indexikalisch]]": marker after a heading template
            rest = _drop_templates(rest)
            mk = _MARKER_PREFIX_RE.match(rest)
            if mk:
                marker, rest = mk.group(1), rest[mk.end() :]
        senses = sense_numbers(marker) if marker else ()
        if _PLAIN_LINK_LIST_RE.match(rest):  # the common case: ":[1] [[Gebäude]], [[Bau]]"
            targets = [t for t in map(str.strip, _PLAIN_LINK_RE.findall(rest)) if t not in _NO_TARGET]
        else:
            targets = line_targets(rest)
        if not senses:
            out.extend([(kind, target, language, "", note) for target in targets])
        elif len(senses) == 1:
            n = senses[0]
            out.extend([(kind, target, language, n, note) for target in targets])
        else:
            out.extend([(kind, target, language, n, note) for target in targets for n in senses])
    return out


def line_targets(text: str) -> list[str]:
    """The words of one list line, in order.

    Comments are dropped: ``''…''`` spans, ``(…)``/``[…]`` notes, label templates, footnote marks,
    a leading ``qualifier:`` or qualifier word ("umgangssprachlich auch …") and a trailing
    `` — remark``. An item that is one link (maybe after an article or "sich", maybe with a link
    trail) gives the linked page (``[[x|y]]`` → x); an item of several words (``sich [[befinden]]``,
    ``französisches [[Kabriolett]]``) its plain text. A remark (a long item) ends the line.
    """
    if _PLAIN_LINK_LIST_RE.match(text):
        # the common case: ":[1] [[Gebäude]], [[Bau]]"
        return [t for t in map(str.strip, _PLAIN_LINK_RE.findall(text)) if t not in _NO_TARGET]
    if "{{" in text:
        text = _drop_templates(text)
    if "''" in text:
        text = _ITALIC_RE.sub("", text.replace("'''", ""))
    if "<sup" in text or "<SUP" in text:
        text = _SUP_RE.sub("", text)  # footnote marks: "Zug<sup>[2]</sup>"
    out: list[str] = []
    for item in _split_items(text):
        plain = _PLAIN_ITEM_RE.fullmatch(item)
        if plain is not None:
            # "[[Agrarstaat]]": what the steps below make of it, without them
            target = plain.group(1).strip()
            if target:
                if target not in _NO_TARGET and _ALNUM_RE.search(target):
                    out.append(target)
                continue
        d = _SPACED_DASH_RE.search(item)
        if d:
            item = item[: d.start()]  # "[[Pudel]] — siehe unten: …"
        if ":" in item:
            masked = _SIMPLE_LINK_RE.sub(lambda lm: "_" * len(lm.group()), item)
            colon = masked.rfind(":")
            if colon >= 0:
                # "Singular: [[dieser]]" is qualifier: word; "[[Zubron]]: Hybrid aus …" is word: remark
                item = item[:colon] if "[[" in item[:colon] else item[colon + 1 :]
        item = item.strip().lstrip("-–—→ \t")
        if not item:
            continue
        targets = _item_targets(item)
        if targets is None:
            break  # a remark: the rest of the line is commentary too
        out.extend([t for t in targets if t not in _NO_TARGET and any(c.isalnum() for c in t)])
    return out


def _item_targets(item: str) -> list[str] | None:
    """One item → its word(s); None when the item is a remark rather than a word."""
    words = item.split()
    while len(words) > 1 and words[0] in _QUALIFIER_WORDS:
        words.pop(0)  # "umgangssprachlich auch [[fledern]]"
        item = " ".join(words)
    single = _SINGLE_LINK_RE.match(item)
    if single:
        target = _link_target(single.group(1))
        if target:
            return [] if _NAMESPACE_RE.match(target) else [target]
    links = _SIMPLE_LINK_RE.findall(item) if "[[" in item else []
    if links:
        around = _SIMPLE_LINK_RE.sub(" ", item).split()
        if not around and len(links) > 1:
            # "[[Stand]] [[Stellung]]": a comma is missing between two nouns; "[[sowohl]] [[als]]
            # [[auch]]", "[[von]] [[er|ihm]]" are one expression
            targets = [_link_target(lk[2:-2].split("|", 1)[0]) for lk in links]
            if all(t[:1].isupper() and " " not in t for t in targets):
                return [t for t in targets if not _NAMESPACE_RE.match(t)]
        if len(links) == 1 and len(around) > _MAX_WORDS_AROUND_LINK:
            # a sentence around one word: "in der Gegenwart auch die Nebenform [[kiesen]]"
            target = _link_target(links[0][2:-2].split("|", 1)[0])
            return [] if _NAMESPACE_RE.match(target) else [target]
    target = strip_markup(item) if _MARKUP_CHAR_RE.search(item) else " ".join(words)
    if target.count(" ") >= (_MAX_LINKED_WORDS if links else _MAX_PLAIN_WORDS):
        return None  # "[[spec.]] oder [[sp.]] steht hinter dem Gattungsnamen …"
    return [target.strip(" \t,;:")]


def _split_items(text: str) -> list[str]:
    """Split on top-level "," / ";" (and "/" between two links); drop ``(…)`` and ``[…]`` notes.
    Links are atomic, so ``[[Kiefer (Baum)|Kiefer]]`` survives."""
    if not _ITEM_SPECIAL_RE.search(_SIMPLE_LINK_RE.sub("", text)):
        # no note, no slash, no stray bracket outside the links: split at the commas and
        # semicolons outside links in one regex call
        return _TOP_SPLIT_RE.split(text)
    # [text, token, text, token, …, text]: a Python loop over strings, no match objects
    parts = _ITEM_TOKEN_SPLIT_RE.split(text)
    items: list[str] = []
    cur: list[str] = [parts[0]]
    depth = 0
    for i in range(1, len(parts), 2):
        tok = parts[i]
        if tok == "(" or tok == "[":
            depth += 1
        elif tok == ")" or tok == "]":
            if depth:
                depth -= 1
        elif depth:
            continue
        elif tok == "," or tok == ";":
            items.append("".join(cur))
            cur = []
        elif tok == "/":
            # "[[Eismonat]]/[[Eismond]]" are two words; "eine Erkältung/einen Schnupfen bekommen" is one
            if (
                "".join(cur).rstrip().endswith("]]")
                and not parts[i + 1].strip()
                and i + 2 < len(parts)
                and parts[i + 2].startswith("[[")
            ):
                items.append("".join(cur))
                cur = []
            else:
                cur.append(tok)
        else:
            cur.append(tok)
        if not depth:
            cur.append(parts[i + 1])
    items.append("".join(cur))
    return items


def _drop_templates(text: str) -> str:
    """Remove templates that show no word (labels, ``{{Wortbildung|…}}``, ``{{QS …}}``); keep the
    word-showing ones (``{{L|…}}``, ``{{Ü|…}}``)."""
    pieces: list[str] = []
    pos = 0
    for start, end in iter_templates(text):
        pieces.append(text[pos:start])
        name = text[start + 2 : end - 2].split("|", 1)[0].strip()
        if isinstance(TEMPLATE_TEXT.get(name), int):
            pieces.append(text[start:end])
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
