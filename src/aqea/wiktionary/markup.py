"""Wiki markup → plain text, and small template helpers.

Everything here is regex / linear scanning on purpose: mwparserfromhell's pure-Python tree
builder runs at ~1 MB/s, an order of magnitude below what the pipeline needs. The helpers are
meant for short snippets (one line, one template); they never raise on odd input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# Templates whose rendering is a visible word: name → 1-based positional parameter to show,
# or a fixed text. Every other template renders as nothing.
TEMPLATE_TEXT: dict[str, int | str] = {
    # translations: {{Ü|en|house}} → house; {{Üt|bg|здравей|zdravej}} → здравей;
    # {{Üxx|ja|matsu|松}} shows the native script (3rd param) first
    "Ü": 2,
    "Üt": 2,
    "Üxx": 3,
    "Üxx4": 2,
    "Üt?": 2,
    "Ü?": 2,
    "Üxx?": 3,
    "Üxx3": 2,
    "Üxx5": 3,  # {{Üxx5|ar|translit|vocalised display|link target}}
    "L": 1,
    "Lautschrift": 1,
    "lang": 2,
    "Polytonisch": 1,
    "Hebr": 1,
    "Arab": 1,
    "Unicode": 1,
    "Schrift": 2,
    "w": 1,
    "WP": 1,
    # grammatical markers used in running text (Worttrennung, Aussprache, …)
    "Pl.": "Plural",
    "Pl.1": "Plural 1",
    "Pl.2": "Plural 2",
    "Pl.3": "Plural 3",
    "Pl.4": "Plural 4",
    "Sg.": "Singular",
    "Sg.1": "Singular 1",
    "Sg.2": "Singular 2",
    "kPl.": "kein Plural",
    "kSg.": "kein Singular",
    "kSt.": "keine Steigerung",
    "Gen.": "Genitiv",
    "Dat.": "Dativ",
    "Akk.": "Akkusativ",
    "Nom.": "Nominativ",
    "Fem.": "Femininum",
    "Mask.": "Maskulinum",
    "Neutr.": "Neutrum",
    "Prät.": "Präteritum",
    "Part.": "Partizip II",
    "Komp.": "Komparativ",
    "Sup.": "Superlativ",
    "Ggs.": "Gegensatz",
    "m": "m",
    "f": "f",
    "n": "n",
    "mf": "m, f",
    "fm": "f, m",
    "mn": "m, n",
    "nm": "n, m",
    "fn": "f, n",
    "nf": "n, f",
    "mfn": "m, f, n",
    # language abbreviations of etymologies: "von {{gmh.}} ''tier''" → "von mittelhochdeutsch tier"
    "ahd.": "althochdeutsch",
    "goh.": "althochdeutsch",
    "goh": "althochdeutsch",
    "mhd.": "mittelhochdeutsch",
    "gmh.": "mittelhochdeutsch",
    "gmh": "mittelhochdeutsch",
    "gem.": "germanisch",
    "ine.": "indogermanisch",
    "lat.": "lateinisch",
    "en.": "englisch",
    "IPA": "IPA:",
    "Reime": "Reime:",
    "Hörbeispiele": "Hörbeispiele:",
    "fehlend": "",
}

# Usage/topic label abbreviations: as stand-alone templates ({{ugs.}}, {{trans.|:}}) and as
# parameters of {{K|…}} ({{K|ugs.|österr.}}). Value = the label shown to readers.
LABELS: dict[str, str] = {
    "allg.": "allgemein",
    "abw.": "abwertend",
    "abwertend": "abwertend",
    "bildungsspr.": "bildungssprachlich",
    "bes.": "besonders",
    "derb": "derb",
    "dichter.": "dichterisch",
    "fachspr.": "fachsprachlich",
    "fam.": "familiär",
    "fig.": "figurativ",
    "gehoben": "gehoben",
    "geh.": "gehoben",
    "hist.": "historisch",
    "intrans.": "intransitiv",
    "iron.": "ironisch",
    "jugendspr.": "jugendsprachlich",
    "kinderspr.": "kindersprachlich",
    "landsch.": "landschaftlich",
    "mdal.": "mundartlich",
    "meist Pl.": "meist im Plural",
    "nordd.": "norddeutsch",
    "norddt.": "norddeutsch",
    "nur Pl.": "nur Plural",
    "nur Sg.": "nur Singular",
    "kPl.": "kein Plural",
    "österr.": "österreichisch",
    "ostd.": "ostdeutsch",
    "poet.": "poetisch",
    "refl.": "reflexiv",
    "reg.": "regional",
    "regional": "regional",
    "reziprok": "reziprok",
    "salopp": "salopp",
    "scherzh.": "scherzhaft",
    "schweiz.": "schweizerisch",
    "schweizer.": "schweizerisch",
    "selten": "selten",
    "südd.": "süddeutsch",
    "süddt.": "süddeutsch",
    "trans.": "transitiv",
    "übertr.": "übertragen",
    "ugs.": "umgangssprachlich",
    "umgangssprachlich": "umgangssprachlich",
    "unpers.": "unpersönlich",
    "va.": "veraltet",
    "veraltet": "veraltet",
    "veraltend": "veraltend",
    "vul.": "vulgär",
    "vulg.": "vulgär",
    "westd.": "westdeutsch",
    "vatd.": "veraltend",
    "amer.": "amerikanisch",
    "brit.": "britisch",
    "euph.": "euphemistisch",
    "Amtsspr.": "Amtssprache",
}

# Context-label templates whose positional parameters are the labels themselves.
LABEL_LIST_TEMPLATES = frozenset({"K", "Kontext"})

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# <ref …/>, or <ref …> up to the first </ref> (or the end): "ref" in any case. The content is
# scanned with an unrolled possessive loop, not ".*?": a lazy dot tries the closing tag at every
# character of long citations.
_REF_RE = re.compile(r"<(?i:ref)\b[^<>]*/>|<(?i:ref)\b[^<>]*>[^<]*+(?:<(?!/(?i:ref)\s*>)[^<]*+)*+(?:</(?i:ref)\s*>|\Z)")
_NOWIKI_RE = re.compile(r"</?nowiki\s*/?>", re.I)
_INNER_TEMPLATE_RE = re.compile(r"\{\{([^{}]*)\}\}")
_INNER_LINK_RE = re.compile(r"\[\[([^\[\]]*)\]\]")
# an innermost link without pipe, namespace or surrounding blanks renders as its target
_PLAIN_INNER_LINK_RE = re.compile(r"\[\[([^\[\]|:\s](?:[^\[\]|:]*[^\[\]|:\s])?)\]\]")
_EXT_LINK_RE = re.compile(r"\[(?:https?:)?//[^\s\[\]]*[ \t]*([^\[\]\n]*)\]", re.I)
_BR_RE = re.compile(r"<br\s*/?>", re.I)
# numeric superscripts keep their meaning as "^n" (10<sup>9</sup> → 10^9, not 109)
_SUP_NUM_RE = re.compile(r"<sup>\s*([0-9+\-−]{1,12})\s*</sup>", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_QUOTES_RE = re.compile(r"''+")  # = '{2,}, but with a literal prefix the engine can skip to
_STRAY_BRACES_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]")
_TOKEN_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|\||=")
_BRACES_RE = re.compile(r"\{\{|\}\}")

# Link targets that render as nothing (media, categories) unless prefixed with ":".
_HIDDEN_NAMESPACES = frozenset({"bild", "datei", "file", "image", "kategorie", "category", "media", "medium"})
_INTERLANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8})*$")
_VISIBLE_INTERWIKI = frozenset({"w", "wikipedia", "wikt", "wiktionary", "commons", "s", "b", "q", "v"})

_MAX_PASSES = 30  # nesting depth bound for the innermost-first template/link passes


def split_params(inner: str) -> list[str]:
    """Split template text (without the outer braces) on top-level ``|``.

    Pipes inside nested ``{{…}}`` or ``[[…]]`` do not split, so
    ``K|intrans.|[[a|b]]`` → ``["K", "intrans.", "[[a|b]]"]``.
    """
    if "{{" not in inner and "[[" not in inner:
        return inner.split("|")  # common case: no nesting at all
    parts: list[str] = []
    depth = 0
    last = 0
    for m in _TOKEN_RE.finditer(inner):
        tok = m.group()
        if tok in ("{{", "[["):
            depth += 1
        elif tok in ("}}", "]]"):
            depth = max(0, depth - 1)
        elif tok == "|" and depth == 0:
            parts.append(inner[last : m.start()])
            last = m.end()
    parts.append(inner[last:])
    return parts


def _top_level_eq(param: str) -> int:
    """Index of the first ``=`` outside nested templates/links, or -1."""
    if "{{" not in param and "[[" not in param:
        return param.find("=")
    depth = 0
    for m in _TOKEN_RE.finditer(param):
        tok = m.group()
        if tok in ("{{", "[["):
            depth += 1
        elif tok in ("}}", "]]"):
            depth = max(0, depth - 1)
        elif tok == "=" and depth == 0:
            return m.start()
    return -1


def template_args(inner: str) -> tuple[str, list[str], dict[str, str]]:
    """Parse ``name|a|k=v|b`` into (name, positional, named); values are stripped.

    ``inner`` is a template without its outer ``{{ }}``. Positional parameters keep their order;
    named ones (``ft=``, ``t7=_``, ``Genus=``) go to the dict, last one wins as in MediaWiki.
    """
    positional: list[str] = []
    named: dict[str, str] = {}
    if "{{" not in inner and "[[" not in inner:
        # common case, no nesting: every "|" splits and the first "=" names (inlined for speed)
        name, bar, rest = inner.partition("|")
        if bar:
            for part in rest.split("|"):
                key, eq, value = part.partition("=")
                if eq:
                    named[key.strip()] = value.strip()
                else:
                    positional.append(part.strip())
        return name.strip(), positional, named
    parts = split_params(inner)
    name = parts[0].strip()
    for part in parts[1:]:
        eq = _top_level_eq(part)
        if eq >= 0:
            named[part[:eq].strip()] = part[eq + 1 :].strip()
        else:
            positional.append(part.strip())
    return name, positional, named


def positional_params(template: str) -> list[str]:
    """Positional parameters of one template, e.g. ``{{K|Zoologie|ft=x|Biologie}}`` → ["Zoologie", "Biologie"].

    Accepts the template with or without its outer braces.
    """
    t = template.strip()
    if t.startswith("{{") and t.endswith("}}"):
        t = t[2:-2]
    return template_args(t)[1]


def iter_templates(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each top-level ``{{…}}`` in order; ``text[start:end]`` includes the braces.

    Unclosed ``{{`` are treated as literal text (as MediaWiki does), so templates nested inside
    an unclosed one are still found. Linear in the text length.
    """
    if "{{" not in text:
        return
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for m in _BRACES_RE.finditer(text):
        if m.group() == "{{":
            stack.append(m.start())
        elif stack:
            pairs.append((stack.pop(), m.end()))
    pairs.sort()
    last_end = -1
    for start, end in pairs:
        if start >= last_end:
            yield start, end
            last_end = end


def _render_template(m: re.Match[str]) -> str:
    inner = m.group(1)
    name, sep, rest = inner.partition("|")
    name = name.strip()
    label = LABELS.get(name)
    if label is not None:
        # {{ugs.|:}} renders "umgangssprachlich:" — the parameter is the trailing punctuation
        tail = rest.strip() if sep else ""
        return label + (tail if tail in (":", ",", ";", ".") else "")
    if name in LABEL_LIST_TEMPLATES:
        labels = [LABELS.get(p, p) for p in template_args(inner)[1] if p]
        return (", ".join(labels) + ":") if labels else ""
    show = TEMPLATE_TEXT.get(name)
    if show is None:
        return ""
    if isinstance(show, str):
        return show
    params = template_args(inner)[1]
    return params[show - 1] if len(params) >= show else ""


def _render_link(m: re.Match[str]) -> str:
    inner = m.group(1)
    target, sep, label = inner.partition("|")
    target = target.strip()
    colon = target.startswith(":")
    if colon:
        target = target[1:].lstrip()
    prefix, has_ns, rest = target.partition(":")
    if has_ns and not colon:
        p = prefix.strip().lower()
        if p in _HIDDEN_NAMESPACES:
            return ""  # images and category links are not text
        if not sep and _INTERLANGUAGE_RE.match(p) and p not in _VISIBLE_INTERWIKI:
            return ""  # interlanguage link [[en:Kiefer]]: rendered in the sidebar, not inline
    if sep:
        label = label.strip()
        if label:
            return label
        # pipe trick [[Kiefer (Baum)|]] → "Kiefer"
        base = rest if has_ns else target
        return re.sub(r"\s*\([^()]*\)\s*$", "", base).strip()
    return target


def strip_refs(text: str) -> str:
    """Remove ``<ref>…</ref>`` / ``<ref …/>`` footnotes (also multi-line ones) and leave the rest untouched.

    Blocks whose footnotes span lines must lose them before they are split into lines; an
    unclosed ``<ref>`` swallows the rest of the text, as in :func:`strip_markup`.
    """
    if "<" not in text or ("<ref" not in text and "<REF" not in text and "<Ref" not in text):
        return text  # (one scan for the common text without any tag)
    return _REF_RE.sub("", text)


def strip_markup(text: str) -> str:
    """Plain text of a wikitext snippet, as a reader would see it (approximately).

    ``[[a|b]]``→b, ``[[a]]``→a, quotes, refs, comments and images removed, HTML tags unwrapped,
    templates removed except those in :data:`TEMPLATE_TEXT` / :data:`LABELS`, whitespace collapsed.
    """
    if not text:
        return ""
    if "<" in text:
        if "<!--" in text:
            text = _COMMENT_RE.sub("", text)
        if "<ref" in text or "<REF" in text or "<Ref" in text:
            text = _REF_RE.sub("", text)
        text = _NOWIKI_RE.sub("", text)
    if "{{" in text:
        for _ in range(_MAX_PASSES):  # innermost first, so nested templates resolve outward
            text, n = _INNER_TEMPLATE_RE.subn(_render_template, text)
            if not n or "{{" not in text:
                break
    if "[[" in text:
        # plain links ([[Haus]]) in one C-level pass (split + join: a "\1" template would call
        # Python code per match); piped, prefixed or nested ones below
        text = "".join(_PLAIN_INNER_LINK_RE.split(text))
    if "[[" in text:
        for _ in range(_MAX_PASSES):
            text, n = _INNER_LINK_RE.subn(_render_link, text)
            if not n or "[[" not in text:
                break
    if "[" in text:
        text = "".join(_EXT_LINK_RE.split(text))  # = .sub(r"\1", text)
    if "<" in text:
        text = _SUP_NUM_RE.sub(r"^\1", text)
        text = _BR_RE.sub(" ", text)
        text = _TAG_RE.sub("", text)
    if "''" in text:
        # runs of exactly two quotes (italics) are the common case: a C-level replace; longer runs need the regex
        text = _QUOTES_RE.sub("", text) if "'''" in text else text.replace("''", "")
    if "{{" in text or "}}" in text or "[[" in text or "]]" in text:
        text = _STRAY_BRACES_RE.sub("", text)  # leftovers of unclosed markup
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # whitespace runs → one blank, ends stripped
