"""Übersetzungen: translation lists (``{{Ü-Tabelle}}``, ``{{Ü|code|word}}`` and its family, gender and
transliteration notes, inline sense markers), read in one regex pass per list."""

from __future__ import annotations

import re
from typing import Any

from aqea.model import RelationRow
from aqea.wiktionary.de.common import (
    _MARKUP_CHAR_RE,
    _NO_TARGET,
    GENDER_TEMPLATES,
    BlockTuple,
    RelationTuple,
    _link_target,
    sense_numbers,
)
from aqea.wiktionary.de.relations import _ITALIC_RE, _split_items, line_targets
from aqea.wiktionary.markup import split_params, strip_markup, strip_refs, template_args
from aqea.wiktionary.sections import DE_BLOCK_NAMES

# a translation list found and not read yet: (text, {{Ü-Tabelle}} sense, G= gloss, relations to extend)
PendingList = tuple[str, str, str, list[RelationRow]]

# Where the target word (the link) and its transliteration are in the {{Ü…|code|…}} family:
#   Ü, Ü?        code|word|display              Üt, Üt?   code|word|translit|display
#   Üxx, Üxx?    code|translit|native           Üxx4      code|word|v=vocalised|d=translit
#   Üxx5         code|translit|display|link     Üxx3      code|word|display
_TRANSLATION_LIST_PARAMS = ("Ü-Liste", "Ü-links", "Ü-rechts")  # not Dialekttabelle / D-rechts
# (no "\s*" after a variable-length name: backtracking over blank runs would be quadratic)
# A template with at most two levels of templates nested in it, matched in one regex pass:
# unrolled loops ("text (template text)*"), possessive (no backtracking). Single braces are text,
# as for _BRACES_RE ("}}}" is "}}" + "}").
_NESTED_0 = r"[^{}]*+(?:(?:\{(?!\{)|\}(?!\}))[^{}]*+)*+"
_NESTED_1 = _NESTED_0 + r"(?:\{\{" + _NESTED_0 + r"\}\}" + _NESTED_0 + r")*+"
_NESTED_2 = _NESTED_1 + r"(?:\{\{" + _NESTED_1 + r"\}\}" + _NESTED_1 + r")*+"
_TEMPLATE_RE = re.compile(r"\{\{" + _NESTED_2 + r"\}\}")
# {{Ü-Tabelle…}} / {{Dialekt…}} and, in the same pass, the rest of it up to its closing braces
# (group 3; None when it is nested deeper or unclosed: then _template_end counts the braces)
_TRANSLATION_SPECIAL_RE = re.compile(
    r"\{\{\s*(?:(Ü-Tabelle)[ \t]*|(Dialekt)[^|{}\n]*)(?=[|}])(?:(" + _NESTED_2 + r"\}\})|)"
)
_TRANSLATION_REDIRECT_RE = re.compile(r"\{\{\s*Übersetzungen umleiten\s*\|([^{}]*)\}\}")
_TABLE_PARAM_RE = re.compile(r"\|\s*(Ü-links|Ü-rechts|Ü-Liste|Dialekttabelle|D-links|D-rechts|D-Liste|G)\s*=")
_BRACES_RE = re.compile(r"\{\{|\}\}")
# The tokens of a translation list: a translation template (one level of nested templates
# allowed in its parameters), a gender template, an inline sense marker "[1, 2]" (not a link's
# bracket, not "[http://…]"), a line end. Every branch starts with a literal ("{{" factored
# out), and the line end is not a group: then the regex engine skips plain text with a
# first-character test instead of trying every branch at every offset (30% faster). Few groups:
# findall builds every token's tuple of all groups (a slice per group, matched or not), and with
# a group per field that was half the regex's time; the rare kinds are told apart in Python.
_WORD_CHARS = r"[^|{}\n\[\]'<&#=]+"  # a parameter without any markup
_TRANSLATION_TOKEN_RE = re.compile(
    r"\{\{(?:"
    # 1, 2: the common case {{Ü|en|house}} without any markup (no Python-level parameter split)
    r"Ü\|([a-z][a-z-]*)\|(" + _WORD_CHARS + r")\}\}"
    # 3: the next most common, no markup: "Üt|bg|здравей|zdravej", "Üxx|bg|dekemwri|декември"
    r"|((?:Üt|Üxx)\|[a-z][a-z-]*\|" + _WORD_CHARS + r"\|" + _WORD_CHARS + r")\}\}"
    # 4: the text inside the braces of any other template token:
    r"|("
    # {{Ü…|params}} (one level of nested templates allowed in the params),
    r"[ \t]*(?:Üxx[345]\??|Üxx\??|Üt\??|Ü\??)[ \t]*\|(?:[^{}\n]|\{\{[^{}\n]*\}\})*"
    # a gender template after a word, a script template used as a translation ({{Hebr|אם|v=…|Ü}})
    r"|(?:" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")[ \t]*"
    r"|(?:Hebr|Farsi|Arab)[ \t]*\|[^{}\n]*"
    r")\}\})"
    # 5: inline sense marker "[1, 2]" (not a link bracket, not "[http://…]")
    r"|\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])"
    # no group: line end (no other token spans one, so counting them gives the line of a token)
    r"|\n"
)
_SCRIPT_TEMPLATE_START = frozenset("HFA")  # Hebr, Farsi, Arab (a {{Ü…}} starts with "Ü" or a blank)
_LINE_LANG_RE = re.compile(r"[ \t]*\*+[ \t]*\{\{([a-z]{2,3}(?:-[a-z]{2,8})*)\}\}")  # "*{{en}}:", "**{{li}}:"
_FAST_WORD_RE = re.compile(r"[\[\]{}'<&#=]")
_INLINE_MARKER_RE = re.compile(r"\[(?<!\[\[)(?!\[)([0-9a-z*?(][0-9a-z ,;/–—.()*?-]{0,40})\](?!\])")
_INTERWIKI_LINK_RE = re.compile(r"\[\[:[^\[\]]*\]\]")
_GENDER_IN_TEXT_RE = re.compile(r"\{\{\s*(" + "|".join(sorted(GENDER_TEMPLATES, key=len, reverse=True)) + r")\s*\}\}")


def _translations(
    blocks: list[BlockTuple], out: list[RelationTuple], pending: list[PendingList]
) -> list[dict[str, str]]:
    """Find the translation lists of the Übersetzungen block(s): append ``(text, table sense,
    gloss, out)`` to ``pending`` (for _translation_list, which appends to ``out``); return the
    ``{{Übersetzungen umleiten|…}}`` pointers (translations kept on another page).

    A translation block runs from an "Übersetzungen" block over the sub-heading blocks under it
    ("===== ''alte Sprachen'' =====") up to the next named block (Referenzen, …).
    """
    redirects: list[dict[str, str]] = []
    inside = False
    for name, body, _start, _end in blocks:
        if name == "Übersetzungen":
            inside = True
        elif name in DE_BLOCK_NAMES or not name:
            inside = False
        if inside and "{{" in body:
            _translation_block(body, out, redirects, pending)
    return redirects


def _translation_block(
    body: str,
    out: list[RelationTuple],
    redirects: list[dict[str, str]],
    pending: list[PendingList],
) -> None:
    body = strip_refs(body)
    if "umleiten" in body:
        for m in _TRANSLATION_REDIRECT_RE.finditer(body):
            p = [x.strip() for x in m.group(1).split("|")]
            if len(p) >= 2 and p[1]:
                target = _link_target(p[1]) or p[1]
                redirects.append({"sense": p[0], "target": target, "target_sense": p[2] if len(p) > 2 else ""})
    outside: list[str] = []  # old layout: {{Ü-links}} … {{Ü-rechts}} lines outside any table
    pos = 0
    for m in _TRANSLATION_SPECIAL_RE.finditer(body):
        start = m.start()
        if start < pos:
            continue  # inside a table already handled
        end = m.end() if m.group(3) is not None else _template_end(body, start)
        outside.append(body[pos:start])
        outside.append("\n")
        pos = end
        if m.group(1):
            _translation_table(body[start + 2 : end - 2 if body.endswith("}}", 0, end) else end], out, pending)
        # else {{Dialektausdrücke (Deutsch)|…}}: German dialect words, not translations
    if not outside:
        if "{{Ü" in body:
            pending.append((body, "", "", out))
        return
    outside.append(body[pos:])
    rest = "".join(outside)
    if "{{Ü" in rest:
        pending.append((rest, "", "", out))


def _translation_table(
    inner: str, out: list[RelationTuple], pending: list[PendingList]
) -> None:
    """``Ü-Tabelle|1|G=…|Ü-Liste=…`` (or ``|Ü-links=…|Ü-rechts=…``) without its braces.

    The list parameters are found by name (``|Ü-links=`` …), not by a full parameter split: the
    lists are most of a page's bytes and their names occur nowhere else. Dialect tables
    (``|Dialekttabelle=``, ``|D-rechts=``) are skipped.
    """
    params = list(_TABLE_PARAM_RE.finditer(inner))
    head = inner[: params[0].start()] if params else inner
    positional = (split_params(head) if "{{" in head or "[[" in head else head.split("|"))[1:]
    # {{Ü-Tabelle|1|G=…}}: the number names the sense; kept exactly, never guessed
    table_sense = next((p.strip() for p in positional if p.strip() and "=" not in p), "")
    gloss = ""
    values: list[str] = []
    for i, pm in enumerate(params):
        value = inner[pm.end() : params[i + 1].start() if i + 1 < len(params) else len(inner)]
        key = pm.group(1)
        if key == "G":
            gloss = strip_markup(value) if _MARKUP_CHAR_RE.search(value) else " ".join(value.split())
        elif key in _TRANSLATION_LIST_PARAMS:
            values.append(value)
    for value in values:
        pending.append((value, table_sense, gloss, out))


def _template_end(text: str, start: int) -> int:
    """End offset of the template opening at ``start`` (matching braces; the text's end when unclosed)."""
    m = _TEMPLATE_RE.match(text, start)
    if m is not None:
        return m.end()
    depth = 0  # deeper nesting, or unclosed: count the braces
    for m in _BRACES_RE.finditer(text, start):
        if m.group() == "{{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


# "*Alt-{{ga}}: [1] {{Ü|ga|é}}": a row of the older stage of a language, written with the modern
# language's code; its words get the old language's ISO 639 code
_OLD_STAGE_ROW_RE = re.compile(r"^([ \t]*\*+[ \t]*(Alt|Mittel)-\{\{([a-z]{2,3})\}\}[^\n]*)$", re.M)
_OLD_STAGE_CODES: dict[tuple[str, str], str] = {
    ("Alt", "en"): "ang", ("Alt", "fr"): "fro", ("Alt", "nl"): "odt", ("Alt", "de"): "goh",
    ("Alt", "ga"): "sga", ("Alt", "fy"): "ofs", ("Mittel", "en"): "enm", ("Mittel", "fr"): "frm",
    ("Mittel", "nl"): "dum", ("Mittel", "de"): "gmh", ("Mittel", "ga"): "mga",
}  # fmt: skip


def _old_stage_row(m: re.Match[str]) -> str:
    old = _OLD_STAGE_CODES.get((m.group(2), m.group(3)))
    if old is None:
        return m.group(1)
    return m.group(1).replace(f"|{m.group(3)}|", f"|{old}|")


def _translation_list(text: str, table_sense: str, gloss: str, out: list[RelationTuple]) -> None:
    """One relation per ``{{Ü|code|word}}`` and sense. The senses are those of the inline marker
    before it on its line (``*{{la}}: [1, 2] {{Ü|la|anguilla}}``), else the table's number, else
    none (""). Gender templates after a word (``{{Ü|fr|salut}} {{m}}``) go to its note. A line
    without any ``{{Ü}}`` gives its linked words, in the language of its ``*{{de}}:`` prefix
    (foreign entries often write ``*{{de}}: [1] [[Brust]]``).

    One ``findall`` over the list: translation tables are most of a page's bytes, and tuples of
    a few groups are cheaper than match objects. Each word is emitted when it is met; a gender
    template after it rewrites the note of the word's relations (``out[last:]``). No token spans
    a line end, so the line a token is on is known by counting the newline tokens (its text is
    needed only for the rare lines written with plain links, and for script templates).
    """
    if "Alt-{{" in text or "Mittel-{{" in text:
        text = _OLD_STAGE_ROW_RE.sub(_old_stage_row, text)
    default = (table_sense,) if table_sense else ()
    senses = default
    templated = False  # the line has {{Ü}} words
    line_no = 0
    lines: list[str] | None = None  # text.split("\n"), made when a token needs its line's text
    last = -1  # index in ``out`` of the first relation of the line's last word; -1: none yet
    last_translit = ""
    last_genders: list[str] = []
    links = "[[" in text  # once, not at every line end: lines without {{Ü}} give their links
    append = out.append
    for code, word, plain, template, marker in _TRANSLATION_TOKEN_RE.findall(text):
        if word:  # {{Ü|en|house}}
            templated = True
            word = word.strip()
            if word in _NO_TARGET:
                continue
            last, last_translit, last_genders = len(out), "", []
            if not senses:
                append(("translation", word, code, "", gloss))
            elif len(senses) == 1:
                append(("translation", word, code, senses[0], gloss))
            else:
                out.extend([("translation", word, code, n, gloss) for n in senses])
        elif marker:
            senses = sense_numbers(marker)
        elif plain or template:
            w: list[Any] | None
            if plain:  # {{Üt|code|word|translit}}, {{Üxx|code|translit|native}}
                templated = True
                fname, fcode, fa, fb = plain.split("|")
                target, translit = (fa.strip(), fb.strip()) if fname == "Üt" else (fb.strip(), fa.strip())
                w = [fcode, target, translit, senses, []] if target not in _NO_TARGET else None
            elif template[0] in _SCRIPT_TEMPLATE_START:  # {{Hebr|…|Ü}}
                templated = True
                if lines is None:
                    lines = text.split("\n")
                lang = _LINE_LANG_RE.match(lines[line_no])
                w = _script_word(template.partition("|")[2], lang.group(1) if lang else "", senses)
            elif "|" in template:  # {{Ü…|params}}
                templated = True
                name, _bar, params = template.partition("|")
                w = _translation_word(name.strip(" \t"), params, senses)
            else:  # gender template after a word: {{m}}
                if last >= 0:
                    new = [g for g in GENDER_TEMPLATES[template.rstrip(" \t")] if g not in last_genders]
                    if new:
                        last_genders = last_genders + new
                        note = _translation_note(last_genders, last_translit, gloss)
                        out[last:] = [(k, t, c, n, note) for k, t, c, n, _note in out[last:]]
                continue
            if w is not None:
                last, last_translit, last_genders = len(out), w[2], w[4]
                _emit_word(w, gloss, out)
        else:  # line end
            if not templated and links:
                if lines is None:
                    lines = text.split("\n")
                words: list[list[Any]] = []
                _link_line(lines[line_no], default, words)
                for w in words:
                    _emit_word(w, gloss, out)
            templated = False
            senses = default
            last = -1
            line_no += 1
    if not templated and links:
        words = []
        _link_line(text[text.rfind("\n") + 1 :], default, words)
        for w in words:
            _emit_word(w, gloss, out)


def _translation_note(genders: list[str], translit: str, gloss: str) -> str:
    """ "gender; Umschrift: translit; G-gloss", each part only when present."""
    if not genders and not translit:
        return gloss
    parts = (", ".join(genders), f"Umschrift: {translit}" if translit else "", gloss)
    return "; ".join([part for part in parts if part])


def _emit_word(word: list[Any], gloss: str, out: list[RelationTuple]) -> None:
    """One relation tuple per sense of ``[code, target, translit, senses, genders]``."""
    code, target, translit, senses, genders = word
    note = _translation_note(genders, translit, gloss)
    if len(senses) == 1:
        out.append(("translation", target, code, senses[0], note))
    elif senses:
        out.extend([("translation", target, code, n, note) for n in senses])
    else:
        out.append(("translation", target, code, "", note))


def _script_word(params: str, language: str, senses: tuple[str, ...]) -> list[Any] | None:
    """``{{Hebr|אם|v=…|d-heb=ʾēm|Ü}}``: a script template flagged as translation (``Ü``)."""
    p = [x.strip() for x in params.split("|")]
    if not language or not p[0] or "Ü" not in p[1:]:
        return None
    translit = next((x.split("=", 1)[1].strip() for x in p if x.startswith(("d=", "d-heb="))), "")
    return [language, p[0], translit, senses, []]


def _link_line(line: str, default: tuple[str, ...], words: list[list[Any]]) -> None:
    """Words of a translation line written with plain links: ``*{{de}}: [1] der [[Darm]], [2] …``
    (only lines that start with a language code template)."""
    if "[[" not in line:
        return
    lang = _LINE_LANG_RE.match(line)
    if lang is None:
        return  # "*Ägyptisch: …", "*[[w:…|!Xũ]] …": no language code
    language = lang.group(1)
    colon = line.find(":", lang.end())
    rest = line[colon + 1 :] if colon >= 0 else ""
    rest = _INTERWIKI_LINK_RE.sub("", rest)  # "[[:da:munk|(da)]]"
    senses = default
    pos = 0
    for mk in _INLINE_MARKER_RE.finditer(rest):
        _link_segment(rest[pos : mk.start()], language, senses, words)
        senses = sense_numbers(mk.group(1))
        pos = mk.end()
    _link_segment(rest[pos:], language, senses, words)


def _link_segment(segment: str, language: str, senses: tuple[str, ...], words: list[list[Any]]) -> None:
    if "[[" not in segment:
        return
    if "''" in segment:
        segment = _ITALIC_RE.sub("", segment.replace("'''", ""))
    for item in _split_items(segment):
        if "[[" not in item:
            continue  # "skrupellos" alone is no translation; "(sufi)" is dropped as a note
        genders: list[str] = []
        for name in _GENDER_IN_TEXT_RE.findall(item):
            genders.extend(g for g in GENDER_TEMPLATES[name] if g not in genders)
        for target in line_targets(item):
            words.append([language, target, "", senses, genders])


def _translation_word(name: str, params: str, senses: tuple[str, ...]) -> list[Any] | None:
    """``params`` is the template text after its name: ``"en|house"``."""
    if name == "Ü" and params.count("|") == 1 and not _FAST_WORD_RE.search(params):
        code, _, target = params.partition("|")  # the common case: {{Ü|en|house}}
        code, target = code.strip(), target.strip()
        return [code, target, "", senses, []] if code and target not in _NO_TARGET else None
    if "=" in params or "[[" in params or "{{" in params:
        _, p, named = template_args("Ü|" + params)
    else:
        p = [x.strip() for x in params.split("|")]
        named = {}
    code = p[0] if p else ""
    translit = ""
    display = ""
    name = name.rstrip("?")  # "Üt?" etc.: the same template, marked as doubtful
    if name == "Üxx":
        translit = p[1] if len(p) > 1 else ""
        target = p[2] if len(p) > 2 else ""
    elif name == "Üxx5":
        translit = p[1] if len(p) > 1 else ""
        display = p[2] if len(p) > 2 else ""
        target = p[3] if len(p) > 3 and p[3] else display
    else:
        target = p[1] if len(p) > 1 else ""
        if name == "Üt":
            translit = p[2] if len(p) > 2 else ""
            display = p[3] if len(p) > 3 else ""
        elif name == "Üxx4":
            translit = named.get("d", "")
        else:
            display = p[2] if len(p) > 2 else ""
    if _MARKUP_CHAR_RE.search(target):
        target = strip_markup(target)
    if "#" in target:
        target = _link_target(target)  # "billion#billion (Englisch)" → "billion"
    if display and _MARKUP_CHAR_RE.search(display):
        display = strip_markup(display)
    if display and (not target or (target.endswith(")") and target.startswith(display + " ("))):
        # "{{Ü|en|#April_(Englisch)|April}}" links into a section; "Afrikaans (Niederländisch)"
        target = display
    target = target.strip()
    if not code or target in _NO_TARGET:
        return None
    if translit and _MARKUP_CHAR_RE.search(translit):
        translit = strip_markup(translit)
    return [code, target, translit, senses, []]
