"""The inflection table of a German-edition entry as forms in the one shape (wiktionary/form_tags.py).

``{{Deutsch Substantiv Übersicht|Genitiv Singular=des Hauses, des Haus'|…}}`` →
``[{"form": "Hauses", "tags": ["genitive", "singular"], "article": "des"}, {"form": "Haus'", …}]``.
A parameter name gives the tags (taxonomy/inflection_tables_de.json: "Präsens_er, sie, es" → present
third-person singular); a cell gives one form per item: items are split at ``<br />``, line breaks, ", ",
";", "/" and sense markers ("[1, 2] das Tag [3] der Tag"); optional letters are written out ("des Zug(e)s" →
"Zuges", "Zugs"); the definite article before a form goes to ``article``, a qualifier ("''auch:''",
"''selten:''") or sense marker to ``raw_tags``; a dash ("—", "-") is "no such form" and gives none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aqea.taxonomy import load_table
from aqea.wiktionary.form_tags import Form
from aqea.wiktionary.markup import strip_markup

_TABLES = load_table("inflection_tables_de")
_PHRASES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _TABLES["phrases"].items()}
# longest phrase first, each ending at a word boundary ("Partizip II" before "Partizip I", "Maskulinum" before "m")
_PHRASE_RE = re.compile(
    "(" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")(?![^\W_])"
)
_SEPARATORS_RE = re.compile(r"[\s_()]*")
_VARIANT_RE = re.compile(r"(?:\s*(?:\d+|\*+|\?))+$")  # "Genitiv Singular 2*", "Dativ Singular*", "BBezug1"
_VARIANT_NUMBER_RE = re.compile(r"\d+")
_NOT_FORMS = frozenset(_TABLES["not_forms"])
_STEM_TABLES: dict[str, str] = _TABLES["stem_tables"]
_GENDER_TAGS = {"m": "masculine", "f": "feminine", "n": "neuter"}
_SUPERLATIVE_AM = ("Deutsch Adjektiv Übersicht", "Adjektiv-Tabelle (Deklination)")

_NEEDS_READING_RE = re.compile(r"[<\[{'&(,/:;\n!]|\s\s")  # else: one form, maybe after an article
_PART_SPLIT_RE = re.compile(r"<br\s*/?>|\n", re.I)
_MARKUP_RE = re.compile(r"[\[\]{}'<&]")
_SENSE_MARKER_RE = re.compile(r"\[([^\[\]]*)\]")
_ITEM_SPLIT_RE = re.compile(r",(?=\s|$)|;")
_QUALIFIER_RE = re.compile(r"^((?:[^\W\d_]+\.?\s?){1,3}):\s*")


def _article_re(words: list[str]) -> re.Pattern[str]:
    """``"(der/die) Aas"``, ``"der / die Aal"``, ``"l'homme"``: the article(s) before a form."""
    spaced = "|".join(re.escape(w) for w in words if not w.endswith("'"))
    elided = "|".join(re.escape(w[:-1]) + "['’]" for w in words if w.endswith("'"))
    one = f"(?:{spaced})"
    pattern = rf"^\(?({one}(?:\s*/\s*{one})*)\)?\s+(?=\S)"
    if elided:
        pattern = rf"{pattern}|^({elided})(?=\w)"
    return re.compile(pattern)


_ARTICLE_RES: dict[str, re.Pattern[str]] = {lang: _article_re(words) for lang, words in _TABLES["articles"].items()}
_TRAILING_ALTERNATIVE_RE = re.compile(r"^([^()]*\S)\s+\(([^\W\d_][^()\s]*)\)$")
_SLASH_RE = re.compile(r"\s*/\s*")
_OPTIONAL_LETTERS_RE = re.compile(r"(?<=[^\W\d_])\(([^\W\d_]+)\)|\(([^\W\d_]+)\)(?=[^\W\d_])")
_NO_FORM = frozenset({"", "-", "–", "—", "−", "?", "…", "–/–"})


@lru_cache(maxsize=1024)
def key_tags(key: str) -> tuple[tuple[str, ...], str] | None:
    """A parameter name → (its tags, its variant number or ""); () tags when a word of it is not a phrase
    (the form keeps the name as a raw tag); None for a parameter that is no form (``Genus``, ``Bild``)."""
    base = _VARIANT_RE.sub("", key).strip()
    if not base or base in _NOT_FORMS or base.startswith("Bild"):
        return None
    suffix = key[len(base) :]
    number = m.group(0) if (m := _VARIANT_NUMBER_RE.search(suffix)) else ""
    tags: list[str] = []
    pos = _SEPARATORS_RE.match(base, 0).end()  # type: ignore[union-attr]
    while pos < len(base):
        m = _PHRASE_RE.match(base, pos)
        if m is None:
            return (), number
        for t in _PHRASES[m.group(1)]:
            if t not in tags:
                tags.append(t)
        pos = _SEPARATORS_RE.match(base, m.end()).end()  # type: ignore[union-attr]
    return tuple(tags), number


def table_forms(template: str, table: dict[str, str]) -> list[Form]:
    """The forms of one inflection-table template (``table``: its named parameters, raw wikitext)."""
    if template in _STEM_TABLES:
        return _stem_table_forms(_STEM_TABLES[template], table)
    out: list[Form] = []
    # a form named twice in a cell or table counts once, unless the two name different articles ("der / die")
    seen: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
    articles = _articles(template)
    for key, value in table.items():
        read = key_tags(key)
        if read is None:
            continue
        tags, number = read
        if number and "singular" in tags and not any(t in tags for t in _GENDER_TAGS.values()):
            # "Nominativ Singular 2" is the singular of the word's second gender ("Genus 2=f")
            gender = _GENDER_TAGS.get(table.get(f"Genus {number}", "").strip())
            if gender:
                tags = (*tags, gender)
        am = "superlative" in tags and template in _SUPERLATIVE_AM
        if " " in value or value in _NO_FORM or _NEEDS_READING_RE.search(value):
            found = cell_forms(value, articles)
        else:
            found = [(value, "", [])]  # most cells: one word (checked here: this runs for every cell of the sample)
        for form, article, raw_tags in found:
            if am and not form.startswith("am "):
                form = "am " + form  # the table shows "am dollsten" for "Superlativ=dollsten"
            if not tags:
                raw_tags = [key, *raw_tags]
            named = seen.setdefault((form, tags, tuple(raw_tags) if raw_tags else ()), [])
            if named and (not article or article in named or "" in named):
                continue
            named.append(article)
            entry: Form = {"form": form, "tags": list(tags)}
            if raw_tags:
                entry["raw_tags"] = list(raw_tags)
            if article:
                entry["article"] = article
            out.append(entry)
    return out


def _articles(template: str) -> re.Pattern[str]:
    """The article pattern of a table's language (the first word of its name; German by default)."""
    return _ARTICLE_RES.get(template.partition(" ")[0], _ARTICLE_RES["Deutsch"])


def cell_forms(value: str, articles: re.Pattern[str] | None = None) -> list[tuple[str, str, list[str]]]:
    """The forms one table cell names: (form, article, raw tags) each, in order (``articles``: the
    pattern of the table language's definite articles, German by default)."""
    articles = articles or _ARTICLE_RES["Deutsch"]
    value = value.strip()
    if not _NEEDS_READING_RE.search(value):
        if value in _NO_FORM:
            return []
        if " " not in value:
            return [(value, "", [])]
        m = articles.match(value)
        if m is None:
            return [(value, "", [])]
        return [(value[m.end() :], _article(m), [])]
    out: list[tuple[str, str, list[str]]] = []
    for part in _PART_SPLIT_RE.split(value):
        text = strip_markup(part) if _MARKUP_RE.search(part) else part.strip()
        sense = ""
        pos = 0
        segments: list[tuple[str, str]] = []
        for m in _SENSE_MARKER_RE.finditer(text):
            segments.append((sense, text[pos : m.start()]))
            sense, pos = m.group(0), m.end()
        segments.append((sense, text[pos:]))
        for sense, segment in segments:
            for item in _ITEM_SPLIT_RE.split(segment):
                out.extend(_item_forms(item, [sense] if sense else [], articles))
    return out


def _item_forms(item: str, raw_tags: list[str], articles: re.Pattern[str]) -> list[tuple[str, str, list[str]]]:
    item = item.strip()
    m = _QUALIFIER_RE.match(item)
    if m:
        raw_tags = [*raw_tags, m.group(1).strip()]
        item = item[m.end() :]
    if item.startswith("(") and item.endswith(")") and item.count("(") == 1:
        item = item[1:-1].strip()  # "(die Maie)": a rarer form, shown in parentheses
    elif item.endswith(")") and (m := _TRAILING_ALTERNATIVE_RE.match(item)):
        # "rēgnōrum (rēgnūm)": a second form in parentheses after the first
        return [*_item_forms(m.group(1), raw_tags, articles), *_item_forms(m.group(2), raw_tags, articles)]
    article = ""
    m = articles.match(item)
    if m:
        article = _article(m)
        item = item[m.end() :]
    out: list[tuple[str, str, list[str]]] = []
    for piece in _SLASH_RE.split(item) if "/" in item else (item,):
        own = articles.match(piece)
        piece_article = _article(own) if own else article
        piece = piece[own.end() :] if own else piece
        piece = piece.strip().rstrip("!").strip()
        if piece in _NO_FORM:
            continue
        out.extend((form, piece_article, raw_tags) for form in _spelled_out(piece))
    return out


def _article(m: re.Match[str]) -> str:
    """The article(s) an article pattern matched, slashes without spaces ("der / die" → "der/die")."""
    article = m.group(1) or m.group(2)
    return _SLASH_RE.sub("/", article) if "/" in article else article


def _spelled_out(form: str) -> list[str]:
    """``"Zug(e)s"`` → ``["Zuges", "Zugs"]``: a word with optional letters is two forms."""
    if "(" not in form:
        return [form]
    m = _OPTIONAL_LETTERS_RE.search(form)
    if m is None:
        return [form]
    letters = m.group(1) or m.group(2)
    head, tail = form[: m.start()], form[m.end() :]
    return [*_spelled_out(head + letters + tail), *_spelled_out(head + tail)]


_CASES = ("nominative", "genitive", "dative", "accusative")


def _stem_table_forms(kind: str, table: dict[str, str]) -> list[Form]:
    """``{{Deutsch Substantiv m stark|SINGULAR=Tag|PLURAL=Tage|GENITIV-E=0}}``: the cells the template builds."""
    singular, plural = table.get("SINGULAR", "").strip(), table.get("PLURAL", "").strip()
    out: list[Form] = []
    if singular:
        for case in _CASES:
            forms = [singular]
            if case == "genitive" and kind == "genitive_s":
                with_e = table.get("GENITIV-E", "").strip() != "0" and not singular.endswith(("s", "ß", "x", "z"))
                forms = [singular + "es", singular + "s"] if with_e else [singular + "s"]
                if singular.endswith(("s", "ß", "x", "z")):
                    forms = [singular + "es"]
            out.extend({"form": f, "tags": [case, "singular"]} for f in forms)
    if plural and plural not in _NO_FORM:
        for case in _CASES:
            form = plural + "n" if case == "dative" and not plural.endswith(("n", "s")) else plural
            out.append({"form": form, "tags": [case, "plural"]})
    return out
