"""Translations sections: ``{{trans-top|gloss}}`` tables matched to a sense, ``{{t|de|Haus|n}}`` →
translation relations with genders; target words normalised to entry names."""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import NamedTuple

from aqea.model import RelationRow
from aqea.wiktionary.en.common import _LANGUAGE_ALIASES, _targs, _template_end, language_code
from aqea.wiktionary.en.forms import _gender_values
from aqea.wiktionary.en.relations import _LINK_RE, _TARGET_SPECIAL_RE, _clean_target
from aqea.wiktionary.en.render import _plain
from aqea.wiktionary.en.sense_match import _SenseIndex

_TRANS_TOP_TEMPLATES = frozenset({"trans-top", "trans-top-also", "checktrans-top", "ttbc-top", "trans-top-see"})
_TRANS_BOTTOM_TEMPLATES = frozenset({"trans-bottom", "checktrans-bottom"})
_TRANS_NAMES = (
    r"t\+?|tt\+?|t-check|t\+check|t-simple|tø|t0|t-|tt-check|t-egy|trans-top|trans-top-also|"
    r"checktrans-top|ttbc-top|trans-top-see|trans-bottom|checktrans-bottom"
)
# Either a whole simple translation template without nested markup ({{t+|de|Haus|n|tr=…}},
# groups 1–4), or the opening of any other translation-table template (group 5), which is then
# delimited by brace counting.
_TRANS_RE = re.compile(
    r"\{\{\s*(?:(t\+?|tt\+?|t-check|t\+check|t-simple|tø|t0|t-|tt-check)\|([^{}|=\[\]]+)\|([^{}|=\[\]]+)"
    r"((?:\|[^{}|\[\]]*)*)\}\}|(" + _TRANS_NAMES + r")\s*(?=[|}]))"
)
_GENDER_SPECS = frozenset({"p", "s", "d"})
# Entry-name normalisation of translation targets: combining marks removed per language.
_STRESS = "\u0300\u0301"
_ENTRY_NAME_MARKS: dict[str, str] = {
    **dict.fromkeys(("ru", "uk", "be", "rue", "orv", "bg", "mk", "cu"), _STRESS),
    **dict.fromkeys(("sh", "sr", "hr", "bs", "sl"), _STRESS + "\u030f\u0311\u0304\u0306"),
    **dict.fromkeys(("la", "ang"), "\u0304\u0306" + _STRESS),
    # Baltic: macrons (ā ē ī ū) and ė, č, ę … are letters of the entry name; only accent marks go
    "lt": _STRESS + "\u0303",
    "lv": _STRESS + "\u0302\u0303",
    **dict.fromkeys(("ar", "fa", "ur", "ps", "arz", "apc", "ary", "acw", "afb", "ajp"),
                    "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"),
    "he": "".join(chr(c) for c in range(0x0591, 0x05BE)) + "\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7",
}  # fmt: skip
_GENDER_OK: dict[str, bool] = {}


def _is_gender(value: str) -> bool:
    """Whether a translation parameter is a gender/number spec ("m", "f-p", "m,f", "p")."""
    ok = _GENDER_OK.get(value)
    if ok is None:
        ok = value in _GENDER_SPECS or (len(value) <= 12 and bool(_gender_values(value)))
        if len(_GENDER_OK) < 4096:
            _GENDER_OK[value] = ok
    return ok


class TranslationTable(NamedTuple):
    """One table of a Translations section: its wikitext from its ``{{trans-top}}`` on (the text before the
    first table is a table without gloss), the gloss and ``id=`` it is matched to a sense by."""

    text: str
    gloss: str
    table_id: str


_TABLE_START_RE = re.compile(r"\{\{\s*(?:" + "|".join(map(re.escape, sorted(_TRANS_TOP_TEMPLATES))) + r")\s*[|}]")


def split_tables(body: str) -> list[TranslationTable]:
    """The section's tables in page order (checked-translation tables have no gloss: they match no sense)."""
    starts = [m.start() for m in _TABLE_START_RE.finditer(body)]
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    tables: list[TranslationTable] = []
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        text = body[start:end]
        gloss, table_id = "", ""
        template_end = _template_end(text, 0) if _TABLE_START_RE.match(text) else -1
        if template_end > 0:
            name, positional, named = _targs(text[2 : template_end - 2])
            if not name.strip().startswith(("checktrans", "ttbc")):
                gloss = _plain(positional[0]) if positional else ""
                table_id = named.get("id", "").strip()
        tables.append(TranslationTable(text, gloss, table_id))
    return tables


def _translations(body: str, senses: _SenseIndex) -> list[RelationRow]:
    """Translation relations of a Translations section; each ``{{trans-top|gloss}}`` table's
    gloss is matched to a sense (see :class:`_SenseIndex`)."""
    out: list[RelationRow] = []
    if "{{" not in body:
        return out
    gloss = ""
    sense = ""
    notes: dict[str, str] = {}  # gender text → note, for the current table
    tables: list[tuple[int, str, str]] = []  # (offset, gloss, sense) from each table's start or end on
    for m in _TRANS_RE.finditer(body):
        simple, lang, raw_target, tail, name = m.groups()
        if simple is not None:
            # simple translation template, matched whole: {{t+|de|Haus|n}}
            if tail:
                gtext = _TAIL_GENDERS.get(tail)
                if gtext is None:
                    gtext = _genders_text(tail.split("|")[1:])
                    if len(_TAIL_GENDERS) < 20000:
                        _TAIL_GENDERS[tail] = gtext
            else:
                gtext = ""
        else:
            start = m.start()
            end = _template_end(body, start)
            if end < 0:
                continue
            _n, positional, named = _targs(body[start + 2 : end - 2])
            if name in _TRANS_TOP_TEMPLATES:
                if name.startswith(("checktrans", "ttbc")):
                    gloss, sense = "", ""
                else:
                    gloss = _plain(positional[0]) if positional else ""
                    sense = senses.match_table(gloss, named.get("id", "").strip())
                notes = {}
                tables.append((start, gloss, sense))
                continue
            if name in _TRANS_BOTTOM_TEMPLATES:
                gloss, sense, notes = "", "", {}
                tables.append((start, "", ""))
                continue
            if name == "t-egy":
                positional = ["egy", *positional]  # {{t-egy|transliteration|h=hieroglyphs}}
            if len(positional) < 2:
                continue
            lang, raw_target = positional[0], positional[1]
            gtext = _genders_text(positional[2:] + [f"g={named[k]}" for k in ("g", "g1", "g2", "g3") if k in named])
        lang = lang.strip()
        target = raw_target.strip()
        if _TARGET_SPECIAL_RE.search(target) is not None:
            target = _clean_target(target)
        if not lang or not target or target in ("-", "—", "?"):
            continue
        if lang in _LANGUAGE_ALIASES:
            lang = _LANGUAGE_ALIASES[lang]
        marks = _ENTRY_NAME_MARKS.get(lang)
        if marks is not None:
            target = _entry_name(target, marks)
        note = notes.get(gtext)
        if note is None:
            note = notes[gtext] = f"{gtext}; {gloss}" if gtext and gloss else (gtext or gloss)
        out.append(("translation", target, lang, sense, note))
    if "\n*" in body:
        _untemplated_rows(body, tables, out)
    return out


# A language row: "* Latin: …", "*: Old Irish: …", "* [[Interlingua]]: …" (groups: depth marker, name, rest)
# whose words do not start with a template (those rows are read by _TRANS_RE)
_ROW_RE = re.compile(r"^\*(:?)[ \t]*((?:\[\[)?[^:\n{}\[\]]{1,60}?(?:\]\])?)[ \t]*:[ \t]*((?!\{\{)[^\n]+)$", re.M)
# cheap first pass: a colon followed by text that is not a template (a literal first character, so the
# regex engine skips ahead; most rows' colons are followed by "{{t|")
_ROW_CANDIDATE_RE = re.compile(r":[ \t]*[^{\s]")
_PARENT_ROW_RE = re.compile(r"\n\*[ \t]*(?:\[\[)?([^:\n{}\[\]]{1,60}?)(?:\]\])?[ \t]*:")
_ROW_TEMPLATE_RE = re.compile(r"\{\{([^{}|]*)(\|[^{}]*)?\}\}")
_ROW_ITEM_SPLIT_RE = re.compile(r"[,;](?![^\[\]]*\]\])")  # not inside a link: "[[tien|tīen, tēn]]"
_ROW_NAME_ALTERNATIVES_RE = re.compile(r" or | / |/")
_ROW_PARENS_RE = re.compile(r"\([^()]*\)")


def _row_language(name: str, parent: str, sub_row: bool) -> str:
    """Code of a row's language: its own name ("Old Irish"); for a sub-row (``*: Ancient:`` under
    Greek) the name completed by the language above ("Ancient Greek"), else that language's code
    (a dialect or script line: "*: [[Badiu]]:" under Kabuverdianu)."""
    code = language_code(name)
    if code.startswith("und:") and ("(" in name or "/" in name or " or " in name):
        # "Middle High German or Early New High German (ca. 1500)": the first language named
        first = _ROW_NAME_ALTERNATIVES_RE.split(_ROW_PARENS_RE.sub("", name), maxsplit=1)[0].strip()
        if not language_code(first).startswith("und:"):
            return language_code(first)
    if not code.startswith("und:") or not sub_row or not parent:
        return code
    longer = language_code(f"{name} {parent}")
    return longer if not longer.startswith("und:") else language_code(parent)


def _untemplated_rows(body: str, tables: list[tuple[int, str, str]], out: list[RelationRow]) -> None:
    """Rows whose words are plain links or plain text (``* Latin: [[aqua]]``, ``* Tswana: basadi``):
    one translation per comma-separated item, without template metadata; a link's target is the
    word, ``{{g|…}}`` its genders; parenthesised notes and other templates are dropped."""
    done = -1  # start of the last line read
    for c in _ROW_CANDIDATE_RE.finditer(body):
        line = body.rfind("\n", 0, c.start()) + 1
        if line == done or body[line : line + 1] != "*":
            continue
        done = line
        m = _ROW_RE.match(body, line)
        if m is None:
            continue
        sub, name, rest = m.groups()
        if "[[" in name:
            name = name.strip("[]")
        if "{{" in rest and _TRANS_RE.search(rest) is not None:
            continue  # templated row, read above
        genders: list[str] = []
        if "{{" in rest:
            for t in _ROW_TEMPLATE_RE.finditer(rest):
                if t.group(1).strip() == "g" and t.group(2):
                    genders.extend(g for g in t.group(2)[1:].split("|") if _is_gender(g.strip()))
            rest = _ROW_TEMPLATE_RE.sub("", rest)
        if "(" in rest:
            rest = _ROW_PARENS_RE.sub("", rest)
        targets: list[str] = []
        linked = "[[" in rest  # a row with links: its unlinked items are notes ("formality and animacy")
        for item in _ROW_ITEM_SPLIT_RE.split(rest):
            item = item.strip()
            if linked and "[[" not in item:
                continue
            link = _LINK_RE.fullmatch(item)
            target = link.group(1).split("#", 1)[0].strip() if link else _clean_target(item)
            if not target or target in ("-", "—", "?") or len(target) > 60 or any(c in target for c in "{/=\"“"):
                continue
            if not link and (target.count(" ") > 2 or (target.endswith((".", "!", "?")) and len(target) > 5)):
                continue  # a sentence or a usage note, not a word
            targets.append(target)
        if not targets:
            continue
        parent = ""
        if sub:  # the language row above: "* Greek:" over "*: Ancient: …"
            above = body.rfind("\n* ", 0, m.start())
            pm = _PARENT_ROW_RE.match(body, above) if above >= 0 else None
            parent = pm.group(1) if pm else ""
        lang = _row_language(name, parent, bool(sub))
        lang = _LANGUAGE_ALIASES.get(lang, lang)
        i = bisect.bisect_right(tables, m.start(), key=lambda t: t[0]) - 1
        gloss, sense = (tables[i][1], tables[i][2]) if i >= 0 else ("", "")
        gtext = ",".join(genders)
        note = f"{gtext}; {gloss}" if gtext and gloss else (gtext or gloss)
        marks = _ENTRY_NAME_MARKS.get(lang)
        for target in targets:
            out.append(("translation", _entry_name(target, marks) if marks else target, lang, sense, note))


_TAIL_GENDERS: dict[str, str] = {}  # "|m|tr=…" → "m" (bounded cache)


def _genders_text(params: list[str] | tuple[str, ...]) -> str:
    """ "m,f" from the parameters after a translation's word (genders; named g=, g2=)."""
    genders: list[str] = []
    for part in params:
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _eq, value = part.partition("=")
            if key.strip() in ("g", "g1", "g2", "g3") and _is_gender(value.strip()):
                genders.append(value.strip())
            continue
        if _is_gender(part):
            genders.append(part)
    return ",".join(genders)


def _entry_name(word: str, marks: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    if not any(c in marks for c in decomposed):
        return word
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in marks))
