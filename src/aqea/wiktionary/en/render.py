"""What a template shows in running text (glosses, etymologies, examples): the template tables,
labels, link/etymology/affix/form-of templates. Which templates are form-of templates and how they
name the form ("plural of", tags) is here too: rendering them needs it, and forms.py builds on it."""

from __future__ import annotations

import re

from aqea.wiktionary.en.common import LANGUAGE_NAMES, _needs_plain, _norm_name, _targs
from aqea.wiktionary.markup import iter_templates, strip_markup

# Sense-line label templates: positional parameters (after the language) are the labels.
_LABEL_TEMPLATES = frozenset({"lb", "lbl", "label", "context", "cx", "tlb", "term-label", "i-lb"})
# Label "joiners": dropped ("_" joins two labels with a space, "or"/"and" join alternatives).
_LABEL_JOINERS = frozenset({"_", "or", "and", ",", ";"})
# Labels that qualify the next one and render without a comma ("chiefly British").
_LABEL_PREFIXES = frozenset(
    {
        "chiefly", "mainly", "mostly", "primarily", "usually", "often", "sometimes", "especially",
        "particularly", "now", "originally", "also", "of", "of a", "of an", "with", "in", "except",
        "except in", "outside", "than", "by", "esp.", "frequently", "rarely", "generally",
    }
)  # fmt: skip
# Qualifier templates: "(…)" in running text, labels when they open a sense line.
_QUALIFIER_TEMPLATES = frozenset({"q", "qual", "qualifier", "i", "qf", "qq", "qualifier-lite", "q-lite"})
# Templates that render as nothing in a gloss (dates, anchors, cleanup requests, references).
_DROP_TEMPLATES = frozenset(
    {
        "defdate", "senseid", "sid", "anchor", "rfquotek", "rfdef", "rfex", "rfgloss", "attention",
        "attn", "rfv-sense", "rfd-sense", "rfc-sense", "rfclarify", "rfe", "rfp", "rfinfl", "rfm-sense",
        "c", "C", "topics", "topic", "top", "catlangname", "cln", "categorize", "cat", "catlangcode",
        "rfquote", "rfcite", "rfdatek", "rfdate", "checksense", "rfscript", "tea room sense",
        "wikipedia", "wp", "slim-wikipedia", "pedia", "pedialite", "picdic", "picdicimg",
        "picdiclabel", "picdiclabel/new", "color panel", "colour panel", "was wotd", "was fwotd",
        "cite-book", "cite-web", "ISBN", "gbooks", "seeCites", "seemoreCites", "examples-right",
        "number box", "cardinalbox", "ordinalbox", "stub-gloss", "gloss-stub", "rfdef-lite",
        "+obj", "used in phrasal verbs", "trans-see", "syn", "ant", "hyper", "hypo", "coord",
        "synonyms", "antonyms", "hypernyms", "hyponyms", "cot", "holo", "mero", "tro", "comero",
        "ux", "uxi", "usex", "quote-book", "quote-journal", "quote-magazine", "quote-news",
        "quote-text", "quote-web", "quote-song", "quote-video", "quote-newsgroup", "quote",
        "nonlemma", "also", "audio", "homophones", "hyphenation", "hyph", "rhymes", "enPR", "a",
        "accent", "tlb", "defn", "rfv", "rfd", "rfc", "rfap", "rfi", "sense stub", "trreq",
    }
)  # fmt: skip
# Link-like templates: (lang, term, alt, gloss) → alt or term.
_LINK_TEMPLATES = frozenset({"l", "ll", "l-self", "link", "l-lite", "m", "mention", "m-self", "m-lite"})
# Etymology templates with a source language: (lang, source, term, alt, gloss).
_SOURCE_TEMPLATES = frozenset(
    {
        "inh", "inh+", "inh-lite", "der", "der+", "der-lite", "bor", "bor+", "lbor", "slbor", "obor",
        "ubor", "uder", "calque", "cal", "clq", "semantic loan", "sl", "psm", "partial calque",
        "pcal", "learned borrowing", "orthographic borrowing", "lbor+", "translit",
        "unadapted borrowing", "transliteration", "phono-semantic matching", "derived",
        "inherited", "borrowed",
    }
)  # fmt: skip
# Cognate-like templates: (source, term, alt, gloss), no entry language.
_COGNATE_TEMPLATES = frozenset({"cog", "cognate", "noncog", "ncog", "noncognate", "cog-lite"})
_AFFIX_TEMPLATES = frozenset(
    {"prefix", "pre", "suffix", "suf", "confix", "con", "compound", "com", "affix", "af", "blend", "circumfix", "infix"}
)
# Translation templates: (lang, term, genders…).
_TRANSLATION_TEMPLATES = frozenset(
    {"t", "t+", "tt", "tt+", "t-check", "t+check", "t-simple", "tø", "t0", "t-egy", "t-", "tt-check"}
)
_TOPIC_TEMPLATES = frozenset({"c", "C", "topics", "topic"})
_EXAMPLE_TEMPLATES = frozenset({"ux", "uxi", "usex", "eg", "ja-usex", "zh-x", "ko-usex", "th-usex", "ja-x", "zh-usex"})
# Templates that show one positional parameter: name → index (0-based, counting every
# positional parameter; the language is not skipped here).
_SHOW_PARAM: dict[str, int] = {
    "w": 0, "taxlink": 0, "taxlink2": 0, "vern": 0, "non-gloss definition": 0, "non-gloss": 0,
    "n-g": 0, "ngd": 0, "n-g-lite": 0, "IPAchar": 0, "smallcaps": 0, "small": 0, "upright": 0,
    "nowrap": 0, "unsupported": 0, "tooltip": 0, "zh-l": 0, "zh-m": 0, "ja-r": 0, "ja-l": 0,
    "ko-l": 0, "vi-l": 0, "lang": 1, "sub": 0, "keyword": 0, "smc": 0, "underline": 0,
    "nb...": 0, "overline": 0, "spelink": 0, "taxfmt": 0, "mono": 0, "gloss-lite": 0,
    "l-sense": 0, "lw": 1, "ipa": 0, "math": 0, "chem": 0, "vern2": 0,
}  # fmt: skip
_FIXED_TEXT: dict[str, str] = {
    "...": "[…]",
    "…": "[…]",
    ",": ",",
    "nbsp": " ",
    "=": "=",
    "!": "|",
    "'": "'",
    "sumti": "x",
    "†": "†",
    "&oth": "Used in other senses",
    "CURRENTYEAR": "",
    "-": "—",
}
# Inflection tags of {{inflection of}} → words.
_TAGS: dict[str, str] = {
    "1": "first-person", "2": "second-person", "3": "third-person", "s": "singular", "sg": "singular",
    "p": "plural", "pl": "plural", "d": "dual", "m": "masculine", "f": "feminine", "n": "neuter",
    "c": "common", "nom": "nominative", "gen": "genitive", "dat": "dative", "acc": "accusative",
    "voc": "vocative", "abl": "ablative", "loc": "locative", "ins": "instrumental", "ess": "essive",
    "par": "partitive", "pres": "present", "past": "past", "pret": "preterite", "impf": "imperfect",
    "fut": "future", "perf": "perfect", "plup": "pluperfect", "aor": "aorist", "ind": "indicative",
    "sub": "subjunctive", "subj": "subjunctive", "imp": "imperative", "cond": "conditional",
    "inf": "infinitive", "part": "participle", "ptcp": "participle", "ger": "gerund",
    "act": "active", "pass": "passive", "mid": "middle", "def": "definite", "indef": "indefinite",
    "str": "strong", "wk": "weak", "mix": "mixed", "comd": "comparative", "comp": "comparative",
    "sup": "superlative", "supd": "superlative", "poss": "possessive", "an": "animate",
    "in": "inanimate", "pos": "positive", "attr": "attributive", "pred": "predicative",
    "sup1": "supine", "short": "short", "long": "long", "neg": "negative", "aff": "affirmative",
    "cont": "contrastive", "refl": "reflexive", "pfv": "perfective", "impfv": "imperfective",
    "spl": "simple", "prog": "progressive", "hab": "habitual", "obj": "objective", "subjv": "subjunctive",
    "actv": "active", "pasv": "passive", "indc": "indicative", "impr": "imperative", "futr": "future",
    "prev": "preverbal", "ppart": "past participle", "presp": "present participle", "pastp": "past participle",
    "infl": "inflected", "nomacc": "nominative/accusative", "mpl": "masculine plural",
    "fpl": "feminine plural", "spast": "simple past",
    ";": "and", "//": "/",
}  # fmt: skip
_FORM_OF_NAMES = frozenset(
    {
        "form of",
        "alt form",
        "altform",
        "alt sp",
        "alt-sp",
        "short for",
        "clipping",
        "ellipsis",
        "synof",
        "abbrev of",
        "alt case",
        "inflected form",
        "alternative spelling",
    }
)
# language-specific form templates without "of": {{nl-verb-form|…|planten}}, {{lt-form-noun|l|s|abatas}}
_LANG_FORM_RE = re.compile(r"^[a-z]{2,3}-(?:[a-z]+-)*form(?:-[a-z0-9 -]+)?$|^[a-z]{2,3}-[a-z]+-form(?:-[a-z0-9 -]+)?$")
_LANG_PREFIX_RE = re.compile(r"^([a-z]{2,3}(?:-[a-z]{2,3})?)-(.+)$")


def _labels(positional: list[str], named: dict[str, str]) -> list[str]:
    values = positional if "lang" in named else positional[1:]
    out: list[str] = []
    pending = ""
    for v in values:
        v = v.strip()
        if not v or v in _LABEL_JOINERS:
            continue
        if "{{" in v or "[[" in v or "'" in v:
            v = _plain(v)
            if not v:
                continue
        if v in _LABEL_PREFIXES:
            pending = f"{pending} {v}".strip()
            continue
        out.append(f"{pending} {v}" if pending else v)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _is_form_of(name: str) -> bool:
    return (
        name in _FORM_OF_NAMES
        or name.endswith((" of", "-of"))
        or (_LANG_FORM_RE.match(name) is not None and name.split("-", 1)[0] in LANGUAGE_NAMES)
    )


_FORM_TAGS = frozenset(_TAGS) | {
    "1st", "2nd", "3rd", "pr", "infl", "onlym", "onlyf", "v", "l", "i", "g", "d", "a", "pro",
    "pos", "noun", "verb", "adj", "sup", "fut", "ind", "nom", "pl", "sg", "impf", "perf",
}  # fmt: skip


def _form_desc(rest: str) -> str:
    """Description of a language-specific form template from its name without the language:
    "verb form of", "third-person singular of", "form-verb" → "verb form of"."""
    desc = rest if " " in rest else rest.replace("-", " ")
    if desc.startswith("form ") and not desc.endswith(" of"):
        desc = desc[5:] + " form"
    return desc if desc.endswith(" of") else desc + " of"


def _form_word(positional: list[str]) -> str:
    """The base word among a language-specific form template's parameters (the first one that
    is not a grammatical tag; the first one when all look like tags)."""
    words = [x.strip() for x in positional if x.strip()]
    for w in words:
        if w not in _FORM_TAGS:
            return w
    return words[0] if words else ""


def _plain(text: str) -> str:
    """Plain text of a snippet: English templates rendered, then markup stripped."""
    if not text:
        return ""
    if "{{" in text:
        text = _render(text)
    return strip_markup(text) if _needs_plain(text) else " ".join(text.split())


def _render(text: str) -> str:
    """Templates of ``text`` replaced by the text they show (links and quotes left for strip_markup)."""
    if "{{" not in text:
        return text
    out: list[str] = []
    pos = 0
    for start, end in iter_templates(text):
        out.append(text[pos:start])
        name, positional, named = _targs(text[start + 2 : end - 2])
        out.append(_render_template(_norm_name(name), positional, named))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _lang_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.strip(), code.strip())


def _arg(args: list[str], i: int) -> str:
    return args[i] if len(args) > i else ""


def _term(term: str, alt: str, gloss: str, with_gloss: bool) -> str:
    shown = _render(alt or term)
    if "#" in shown and "[[" not in shown:
        shown = shown.split("#", 1)[0]
    if with_gloss and gloss:
        shown = f"{shown} (“{_render(gloss)}”)" if shown else f"“{_render(gloss)}”"
    return shown


def _render_template(name: str, positional: list[str], named: dict[str, str]) -> str:
    """Text one template shows (approximately; nested templates rendered recursively)."""
    if name in _DROP_TEMPLATES or name in _TOPIC_TEMPLATES or name in _TRANSLATION_TEMPLATES:
        return ""
    if name.startswith(("R:", "RQ:", "U:", "list:", "table:")):
        return ""
    fixed = _FIXED_TEXT.get(name)
    if fixed is not None:
        return fixed
    lang_first = "lang" not in named
    if name in _LINK_TEMPLATES or name.startswith("l/"):
        args = positional if (not lang_first or name.startswith("l/")) else positional[1:]
        gloss = _arg(args, 2) or named.get("t", "") or named.get("gloss", "")
        return _term(_arg(args, 0), _arg(args, 1) or named.get("alt", ""), gloss, name.startswith("m"))
    if name == "term":
        gloss = _arg(positional, 2) or named.get("t", "") or named.get("gloss", "")
        return _term(_arg(positional, 0), _arg(positional, 1), gloss, True)
    if name in _SOURCE_TEMPLATES:
        args = positional if not lang_first else positional[1:]
        src = _arg(args, 0)
        term = _arg(args, 1)
        gloss = _arg(args, 3) or named.get("t", "") or named.get("gloss", "")
        shown = _term(term, _arg(args, 2) or named.get("alt", ""), gloss, True) if term not in ("", "-") else ""
        return f"{_lang_name(src)} {shown}".strip() if src else shown
    if name in _COGNATE_TEMPLATES:
        src = _arg(positional, 0)
        term = _arg(positional, 1)
        gloss = _arg(positional, 3) or named.get("t", "") or named.get("gloss", "")
        shown = _term(term, _arg(positional, 2) or named.get("alt", ""), gloss, True) if term not in ("", "-") else ""
        return f"{_lang_name(src)} {shown}".strip()
    if name == "etyl":
        return _lang_name(_arg(positional, 0))
    if name in ("recons", "proto"):
        # old reconstructed terms: {{recons|dōnan||to do|lang=gem-pro}}, {{proto|Germanic|kūz|lang=en}}
        family = f"Proto-{_arg(positional, 0)}" if name == "proto" else ""
        args = positional[1:] if name == "proto" else positional
        gloss = _arg(args, 2) or named.get("t", "") or named.get("gloss", "")
        term, alt = _arg(args, 0), _arg(args, 1)
        shown = _term(term if term.startswith("*") else f"*{term}", f"*{alt}" if alt else "", gloss, True)
        return f"{family} {shown}".strip() if term else family
    if name in _AFFIX_TEMPLATES:
        parts = [_render(p) for p in (positional if not lang_first else positional[1:]) if p]
        if not parts:
            return ""
        if name in ("prefix", "pre") and len(parts) >= 1 and not parts[0].endswith("-"):
            parts[0] += "-"
        if name in ("suffix", "suf") and len(parts) >= 2 and not parts[-1].startswith("-"):
            parts[-1] = "-" + parts[-1]
        return " + ".join(parts)
    if name in ("doublet", "dbt"):
        args = positional if not lang_first else positional[1:]
        return "Doublet of " + ", ".join(_render(a) for a in args if a)
    if name in ("gloss", "gl"):
        return f"({_render(_arg(positional, 0))})"
    if name in _QUALIFIER_TEMPLATES or name in ("sense", "s"):
        vals = [_render(p) for p in positional if p]
        return f"({', '.join(vals)})" if vals else ""
    if name in _LABEL_TEMPLATES:
        labels = _labels(positional, named)
        return f"({', '.join(labels)})" if labels else ""
    if name == "w" or name == "wikipedia link":
        return _render(_arg(positional, 1) or _arg(positional, 0))
    show = _SHOW_PARAM.get(name)
    if show is not None:
        return _render(_arg(positional, show))
    if name == "sup":
        return "^" + _render(_arg(positional, 0))
    if name in _EXAMPLE_TEMPLATES:
        args = positional if not lang_first else positional[1:]
        return _render(_arg(args, 0))
    if name in ("given name", "surname", "patronymic"):
        if name == "surname":
            return "A surname"
        # modern {{given name|en|female}}; old {{given name|female|lang=en}} / {{given name|female}}
        args = positional[1:] if lang_first and positional and positional[0] in LANGUAGE_NAMES else positional
        gender = _arg(args, 0) or named.get("gender", "")
        return f"A {gender} given name".replace("  ", " ")
    if name == "place":
        return _place(positional if not lang_first else positional[1:])
    if name == "taxon" and len(positional) >= 3:
        # {{taxon|genus|family|Malvaceae|broadleaf flowering plants …}}
        desc = _render(_arg(positional, 3))
        head = f"A taxonomic {positional[0]} within the {positional[1]} {_render(positional[2])}"
        return f"{head} – {desc}" if desc else head
    if name == "Latn-def":
        return _latn_def(positional, named)
    if name == "&lit":
        args = positional if not lang_first else positional[1:]
        terms = ", ".join(_render(a) for a in args if a)
        return f"Used other than figuratively or idiomatically: see {terms}." if terms else ""
    if name == "only used in":
        args = positional if not lang_first else positional[1:]
        return f"Only used in {_render(_arg(args, 0))}"
    if name == "IPA":
        args = positional if not lang_first else positional[1:]
        return ", ".join(a for a in args if a)
    if _is_form_of(name):
        return _render_form_of(name, positional, named)
    return ""


def form_of_args(positional: list[str], named: dict[str, str]) -> list[str]:
    """A form-of template's arguments after its language: ``{{plural of|en|cat}}``, ``{{plural of|cat|lang=en}}``
    and the old language-less ``{{simple past of|do}}`` (one argument that is no language code)."""
    if "lang" in named or (len(positional) == 1 and positional[0].strip() not in LANGUAGE_NAMES):
        return list(positional)
    return positional[1:]


def _render_form_of(name: str, positional: list[str], named: dict[str, str]) -> str:
    m = _LANG_PREFIX_RE.match(name)
    if m and m.group(1) in LANGUAGE_NAMES and name not in _FORM_OF_NAMES:
        desc = _form_desc(m.group(2))
        target = _form_word(positional)
    else:
        args = form_of_args(positional, named)
        desc = name
        if name == "form of":
            desc = _render(_arg(args, 0)) + " of"
            args = args[1:]
        target = _arg(args, 0)
        alt = _arg(args, 1)
        if name in ("inflection of", "infl of") and len(args) > 2:
            tags = " ".join(_TAGS.get(t.strip(), t.strip()) for t in args[2:] if t.strip())
            if tags:
                desc = f"{tags} of"
        if alt:
            target = alt
    if target.startswith("[[") or "{{" in target:
        target = _render(target)
    return f"{desc} {target}".strip()


_ORDINALS: tuple[str, ...] = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second",
    "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
)  # fmt: skip


def _latn_def(positional: list[str], named: dict[str, str]) -> str:
    lang = _arg(positional, 0)
    kind = _arg(positional, 1)
    arg = _arg(positional, 2)
    if kind == "letter" and arg.isdigit() and int(arg) < len(_ORDINALS):
        return f"The {_ORDINALS[int(arg)]} letter of the {_lang_name(lang)} alphabet, written in the Latin script."
    if kind == "ordinal" and arg.isdigit() and int(arg) < len(_ORDINALS):
        return f"The ordinal number {_ORDINALS[int(arg)]}, derived from this letter of the {_lang_name(lang)} alphabet."
    if kind == "name" and arg:
        return f"The name of the Latin-script letter {arg}."
    return ""


def _place(args: list[str]) -> str:
    if not args:
        return ""
    kind = args[0].split("/", 1)[0]
    where: list[str] = []
    for a in args[1:]:
        if not a or a.startswith(";"):
            continue
        value = a.split("/", 1)[-1]
        value = value.split("/", 1)[-1]
        if value:
            where.append(_render(value))
    article = "An" if kind[:1].lower() in "aeiou" else "A"
    return f"{article} {kind} in {', '.join(where)}" if where else f"{article} {kind}"
