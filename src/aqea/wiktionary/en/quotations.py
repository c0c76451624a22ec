"""Quotations: a definition's ``#*`` citation line (``{{quote-book|…}}``, ``{{RQ:…}}``, ``{{Q|…}}`` or plain text
"'''1998''', Author, ''Title'':") and its ``#*:`` passage lines (``#*::`` a translation), kept as
:class:`~aqea.model.Quotation` with author, year and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aqea.model import Quotation
from aqea.wiktionary.en.common import LANGUAGE_NAMES, _close_line, _norm_name, _targs, _template_end
from aqea.wiktionary.en.render import _EXAMPLE_TEMPLATES, _plain, _render

# Positional layouts of the quote-* templates (Module:quote), after the language code; the old layout, without the
# language code (it sits in lang=), differs for periodicals (a month after the year).
_BOOK = ("year", "author", "title", "url", "page", "passage", "translation")
_PERIODICAL = ("year", "author", "title", "work", "url", "page", "passage", "translation")
_LAYOUTS: dict[str, tuple[str, ...]] = {
    "quote-book": _BOOK, "quote-text": _BOOK, "quote-journal": _PERIODICAL, "quote-magazine": _PERIODICAL,
    "quote-news": _PERIODICAL,
}  # fmt: skip
_OLD_LAYOUTS: dict[str, tuple[str, ...]] = {
    "quote-book": ("year", "author", "title", "url", "page", "passage"),
    "quote-journal": ("year", "month", "author", "title", "work", "url", "page", "passage"),
}
_AUTHOR_PARAMS = ("author", "authors", "by", "author2", "author3", "author4", "writer", "writers", "artist", "lyricist")
_WORK_PARAMS = ("work", "journal", "magazine", "newspaper", "site", "album", "newsgroup", "series")
_TEXT_PARAMS = ("passage", "text", "quote")
_TRANSLATION_PARAMS = ("translation", "t", "trans")
# a plain-text citation: a leading bold date ("'''1603'''", "'''5th century AD'''") or a bare one ("c. 1600")
_BOLD_YEAR_RE = re.compile(r"\s*((?:c\.|ca\.|circa|a\.|p\.)?\s*)'''(?!')([^'\n]*?\d[^'\n]*?)'''(?!')")
_BARE_YEAR_RE = re.compile(
    r"\s*((?:c\.|ca\.|circa|a\.|p\.)?\s*\d{3,4}s?(?:\s*[-–—]\s*\d{1,4})?"
    r"|\d{1,2}(?:st|nd|rd|th) century(?: [A-Z]{2,3})?)"
    r"(?=[\s,;:]|$)"
)
_LEADING_NOTE_RE = re.compile(r"^\s*\([^()]*\)")
_BRACES_RE = re.compile(r"\{\{|\}\}")
_CIRCA_RE = re.compile(r"\{\{\s*(?:circa2?|c\.|C\.|ca\.)\s*\|\s*([^|{}]*)[^{}]*\}\}")
_RFDATEK_RE = re.compile(r"\{\{\s*rfdatek\s*\|\s*([^|{}]*)[^{}]*\}\}")
_YEAR_IN_DATE_RE = re.compile(r"\b(\d{3,4})\b")
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_QUOTE_RUN_RE = re.compile(r"'{2,}")


@dataclass(slots=True)
class _Draft:
    """A quotation being read: its citation line, then its passage and translation lines."""

    author: str = ""
    year: str = ""
    title: str = ""
    work: str = ""
    source: str = ""
    text: list[str] = field(default_factory=list)
    translation: list[str] = field(default_factory=list)
    text_from_line: bool = False  # the passage came from "#*:" lines (more such lines continue it)
    inline: str = ""  # a plain "#*" line with no date: the quotation itself, unless passage lines follow

    def freeze(self) -> Quotation:
        if not self.text and self.inline and not self.source:
            # "#* Hogsheads of ale were set '''abroach'''. - Sir W. Scott": the line is the passage
            return Quotation(text=self.inline)
        return Quotation(
            text=" / ".join(self.text),  # one passage line each, as verse is written
            author=self.author,
            year=self.year,
            title=self.title,
            work=self.work,
            source=self.source,
            translation=" ".join(self.translation),
        )


def line_content(body: str, start: int, end: int) -> str:
    """``body[start:end]``, a citation line, with the lines a template opened there runs over
    (``#* {{quote-web`` then ``|date=…`` lines)."""
    depth = 0
    for m in _BRACES_RE.finditer(body, start, min(len(body), start + 20000)):
        depth += 1 if m.group() == "{{" else -1
        if depth <= 0 and m.end() > end:
            stop = body.find("\n", m.end())
            return body[start : len(body) if stop < 0 else stop]
    return body[start:end]


def quotation_line(drafts: list[_Draft], open_draft: _Draft | None, marker: str, content: str) -> _Draft | None:
    """Read one ``#*``-family line of a sense whose quotations are ``drafts``; return the quotation now open
    (the one a following ``#*:`` line continues), or None."""
    content = content.strip()
    if not content:
        return open_draft
    if marker == "*":
        draft = _citation(content)
        if draft is not None:
            drafts.append(draft)
        return draft
    text, translation = _passage(content)
    if not text and not translation:
        return open_draft
    if marker.startswith("*::"):  # the translation of the passage above
        if open_draft is not None:
            open_draft.translation.append(text or translation)
        return open_draft
    draft = open_draft
    if draft is None:  # a passage under no citation line: a quotation all the same
        draft = _Draft()
        drafts.append(draft)
    if draft.text and not draft.text_from_line and not draft.translation:
        draft.translation.append(text)  # the template gave the passage: this line is its translation
    elif text:
        draft.text.append(text)
        draft.text_from_line = True
    if translation:
        draft.translation.append(translation)
    return draft


def _citation(content: str) -> _Draft | None:
    content = _close_line(content)
    if content.startswith("{{"):
        end = _template_end(content)
        if end > 0:
            name, positional, named = _targs(content[2 : end - 2])
            name = _norm_name(name)
            if _is_quote_template(name):
                return _from_template(name, positional, named)
            if name in _EXAMPLE_TEMPLATES or name == "quote":
                text, translation = _example_parts(name, positional, named)
                return _Draft(text=[text] if text else [], translation=[translation] if translation else [])
            if end >= len(content.rstrip(" :")):
                return None  # a lone other template ({{seemoreCites}}, {{rfquotek|…}}): no quotation
    return _from_text(content)


def _is_quote_template(name: str) -> bool:
    return name.startswith(("quote-", "RQ:")) or name == "Q" or "-cite-" in name


def _from_template(name: str, positional: list[str], named: dict[str, str]) -> _Draft:
    args = _named_args(name, positional, named)
    draft = _Draft(source=name)
    year = args.get("year", "")
    if not year and args.get("date"):
        m = _YEAR_IN_DATE_RE.search(args["date"])
        year = m.group(1) if m else args["date"]
    draft.year = _plain(year)
    authors = [a for a in (_plain(args.get(k, "")) for k in _AUTHOR_PARAMS) if a]
    if not authors and (args.get("last") or args.get("first")):
        authors = [_plain(f"{args.get('first', '')} {args.get('last', '')}")]
    draft.author = ", ".join(dict.fromkeys(authors))
    draft.title = _plain(args.get("title", ""))
    draft.work = next((w for w in (_plain(args.get(k, "")) for k in _WORK_PARAMS) if w), "")
    text = next((args[k] for k in _TEXT_PARAMS if args.get(k)), "")
    translation = next((args[k] for k in _TRANSLATION_PARAMS if args.get(k)), "")
    if not text and (name.startswith("RQ:") or "-cite-" in name):
        text, translation = _passage_argument(positional, translation)
    if text:
        draft.text.append(_text(text))
    if translation:
        draft.translation.append(_text(translation))
    return draft


def _named_args(name: str, positional: list[str], named: dict[str, str]) -> dict[str, str]:
    """The template's parameters by name, its positional ones named by the template's layout."""
    if name == "Q":  # {{Q|la|Cicero|In Verrem|II|4|35|quote=…|trans=…}}
        layout: tuple[str, ...] = ("lang", "author", "title")
    elif "lang" not in named and positional and positional[0].strip() in LANGUAGE_NAMES:
        layout = ("lang", *_LAYOUTS.get(name, ()))
    else:
        layout = _OLD_LAYOUTS.get(name, ())
    if not layout:
        return named
    args = dict(named)
    for key, value in zip(layout, positional, strict=False):
        if value.strip():
            args.setdefault(key, value)
    return args


def _passage_argument(positional: list[str], translation: str) -> tuple[str, str]:
    """An ``{{RQ:…}}`` template's passage given positionally: the argument with the headword in bold, else the
    first long one (chapter, page and verse numbers are short); the next long one is its translation."""
    long = [i for i, a in enumerate(positional) if "'''" in a or len(a.split()) >= 4]
    if not long:
        return "", translation
    bold = [i for i in long if "'''" in positional[i]]
    first = bold[0] if bold else long[0]
    later = [i for i in long if i > first]
    if not translation and later:
        translation = positional[later[0]]
    return positional[first], translation


def _from_text(content: str) -> _Draft:
    """A plain citation line: "'''1918''', {{w|George W. E. Russell}}, ''Prime Ministers and Some Others'':"."""
    line = _CIRCA_RE.sub(r"c. \1", content)
    line = _RFDATEK_RE.sub(r"\1", line)
    line = _render(line)  # templates shown as text; links and bold/italic quotes left in place
    draft = _Draft(inline=_text(content))
    m = _BOLD_YEAR_RE.match(line) or _BARE_YEAR_RE.match(line)
    rest = line
    if m:
        draft.year = _plain("".join(m.groups("")))
        rest = _LEADING_NOTE_RE.sub("", line[m.end() :])  # "'''1948''' (revised 1952), Robert Graves, …"
    span = _first_italic(rest)
    if span is not None:
        start, end = span
        draft.title = _plain(rest[start:end])
        draft.author = _plain(rest[:start]).strip(" ,;:-–—")
    else:
        draft.author = _plain(rest).strip(" ,;:").split(",", 1)[0].strip()
    if m:
        draft.inline = ""  # a dated line is a citation, never the passage
    return draft


def _first_italic(text: str) -> tuple[int, int] | None:
    """Offsets of the first ''italic'' span's content, bold runs inside it allowed (''The '''foo''' Book'')."""
    if "''" not in text:
        return None
    italic = False
    start = 0
    for m in _QUOTE_RUN_RE.finditer(text):
        n = len(m.group())
        if n == 3 or n == 4:
            continue  # bold (4: an apostrophe before it)
        if not italic:
            italic, start = True, m.end()
        else:
            return start, m.start()
    return None


def _passage(content: str) -> tuple[str, str]:
    """A "#*:" line's passage, and the translation when an example template carries one."""
    content = _close_line(content)
    if content.startswith("{{"):
        end = _template_end(content)
        if end >= len(content.rstrip()):
            name, positional, named = _targs(content[2 : end - 2])
            name = _norm_name(name)
            if name in _EXAMPLE_TEMPLATES or name == "quote":
                return _example_parts(name, positional, named)
    return _text(content), ""


def example_args(name: str, positional: list[str], named: dict[str, str]) -> tuple[str, str]:
    """Text and translation (wikitext) of ``{{ux|pt|text|translation}}``, ``{{quote|sga|text|translation}}``,
    ``{{ja-x|…}}``: usage examples and quotation passages name them alike."""
    if name in ("ja-usex", "ja-x", "ko-usex", "th-usex"):
        text = positional[0] if positional else ""
        trans = positional[2] if len(positional) > 2 else named.get("t", "")
    else:
        args = positional if "lang" in named else positional[1:]
        text = args[0] if args else ""
        trans = named.get("t") or named.get("translation") or (args[1] if len(args) > 1 else "")
    return text, trans


def _example_parts(name: str, positional: list[str], named: dict[str, str]) -> tuple[str, str]:
    text, trans = example_args(name, positional, named)
    return _text(text), _text(trans)


def _text(wikitext: str) -> str:
    """Plain text of a passage; line breaks of verse become " / "."""
    if "<" in wikitext:
        wikitext = _BR_RE.sub(" / ", wikitext)
    return _plain(wikitext)
