"""English-edition (en.wiktionary.org) page parser.

Page layout::

    ==English==                                    language section (level 2) → language code
    ===Etymology 1===                              optional; numbered etymologies → homographs
    ===Pronunciation===                            level 3 (whole language) or 4 (under Etymology N)
    ====Noun====                                   part-of-speech section (level 3/4/5) → one Lexeme
    {{en-noun|s}}                                  head template: gender, inflection
    # {{lb|en|zoology}} An animal …                senses ("#", "##" subsenses)
    #: {{ux|en|…}}  /  #: {{syn|en|…}}             example / sense-level relations
    =====Synonyms===== / =====Translations=====    relation sections of that POS

Only the sections of interest are looked at; the page is split once with line regexes
(sections.py) and templates are found with the brace-counting scanner of markup.py. No parse
tree is built.

Decisions (documented for users of the output):

* Sense numbers are dotted paths of the ``#`` nesting as a reader sees them: ``#`` lines are
  "1", "2", …, ``##`` lines under sense 2 are "2.1", "2.2", …, ``###`` → "2.1.1". Every ``#``
  line takes a number (as on the rendered page) even when it yields no Sense (no gloss, no
  labels); a ``##`` line without a parent is treated as top level.
* Glosses of translation tables (``{{trans-top|…}}``) and of ``{{sense|…}}`` prefixes in
  synonym-style sections are attached to a sense only when the match is unique. Glosses and
  senses are compared as lower-cased word sequences (punctuation and markup dropped), in this
  order; the first rule that matches any sense decides, and two or more senses matching it
  give "" (no fall-through to weaker rules):
  1. exact: the gloss equals the sense gloss, or "labels gloss" ("slang: to leave");
  2. clause: the gloss equals one clause of the sense gloss (split at ";" and ",");
  3. prefix: the sense gloss starts with the gloss (whole words);
  4. word overlap: every content word of the gloss (light stemming, stop words dropped) occurs
     in the sense gloss or its labels;
  otherwise sense = "" (whole entry). A wrong attachment is worse than none: a looser
  "most words in common" rule was tried on the sample and attached about one gloss in twelve
  to the wrong sense (e.g. "right-hand side of a vessel" to "the left-hand side …"), so it is
  not used.
* Form-of senses (``{{plural of|en|pie}}``, ``{{inflection of|…}}``, ``{{past of|…}}``,
  ``{{de-verb form of|…}}``, ``{{alternative form of|…}}``, …) give a Relation kind "form_of"
  (target = base word, sense = that sense, note = "plural of", "second-person singular
  imperative of", …). When *every* sense of a POS section is an inflectional form-of, the
  lexeme's pos becomes "inflected_form" (the heading's POS is kept in
  ``extra["heading_pos"]``); alternative forms, abbreviations etc. keep the heading's POS.
  ``{{synonym of|…}}`` gives a "synonym" relation instead.
* Relation/translation sections nested under a POS heading belong to that POS. Such sections at
  the POS headings' own level (siblings, e.g. ``===Derived terms===`` after two POS sections)
  belong, by Wiktionary convention, to every POS of their etymology (or language) scope; their
  ``{{sense|…}}`` glosses are not attached to senses (which POS they mean is unknown).
* Headings: the table ``pos_en.json`` maps POS headings (a trailing number, "Noun 2", is
  ignored) and lists the structural ones; any other heading is reported in ``unknown_pos``,
  never guessed. If such a heading holds "#" definition lines it still yields a lexeme with
  pos "unknown" (as the German parser does for unknown {{Wortart}} names).
* Topics: ``{{C|…}}``/``{{topics|…}}`` and ``[[Category:xx:Topic]]`` on a sense line or in the
  POS intro apply to that POS; anywhere else in the language section to all its POS.
* Translation targets are normalised as Wiktionary's own links do for a few languages whose
  display form carries diacritics that entry names do not (Russian stress marks, Latin
  macrons, Arabic/Hebrew vowel points, …); "cmn" (Mandarin) is reported as "zh", matching the
  ``==Mandarin==`` heading mapping. Translation note = "gender; trans-top gloss" (either part
  may be missing).
* IPA values are kept with their delimiters ("/haʊs/", "[hɐʊs]"): phonemic vs phonetic. The
  Pronunciation section that applies is the one under the POS, else under the nearest
  enclosing heading (Etymology N, Pronunciation N), else the language-level one.
* ``Lexeme.extra`` keys: ``head_template`` (name), ``inflection`` (head-template parameters;
  named where the template is known — "plural", "genitive", "comparative", "gender", … with
  en-noun/en-adj shortcuts such as "s"/"er" expanded — else by position "1", "2", …),
  ``hyphenation`` ("dic·tion·ar·y", first alternative), ``rhymes`` (list), ``etymology``
  (first paragraph, plain text), ``etymology_number`` (N of "Etymology N"), ``topics`` (list),
  ``heading_pos`` (only when pos was changed to "inflected_form").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aqea.model import Lexeme, Page, ParseResult, Rejection, RelationRow, Sense
from aqea.taxonomy import load_table
from aqea.wiktionary.guard import parse_guarded
from aqea.wiktionary.guard import reject as _reject
from aqea.wiktionary.markup import iter_templates, strip_markup, template_args
from aqea.wiktionary.sections import Section, split_sections

SOURCE = "enwiktionary"

# Loaded once per process: name → code tables (aqea/taxonomy/*.json).
_LANG_TABLE = load_table("languages_en")
LANGUAGES: dict[str, str] = _LANG_TABLE["languages"]
LANGUAGE_NAMES: dict[str, str] = _LANG_TABLE["names"]  # code → canonical English name
_POS_TABLE = load_table("pos_en")
POS: dict[str, str] = _POS_TABLE["pos"]
NON_POS: frozenset[str] = frozenset(_POS_TABLE["non_pos"])
_POS_CF: dict[str, str] = {k.casefold(): v for k, v in POS.items()}
_NON_POS_CF: frozenset[str] = frozenset(k.casefold() for k in NON_POS)
_LANGUAGES_CF: dict[str, str] = {k.casefold(): v for k, v in LANGUAGES.items()}

MAX_EXAMPLES = 3

# Section headings (casefolded, trailing number removed) that carry relations.
RELATION_SECTIONS: dict[str, str] = {
    "synonyms": "synonym",
    "synonym": "synonym",
    "antonyms": "antonym",
    "antonym": "antonym",
    "hypernyms": "hypernym",
    "hypernym": "hypernym",
    "hyponyms": "hyponym",
    "hyponym": "hyponym",
    "derived terms": "derived",
    "compounds": "derived",
    "related terms": "related",
}
_TRANSLATION_SECTIONS = frozenset({"translations", "translation"})
_ETYMOLOGY_SECTIONS = frozenset({"etymology"})
_PRONUNCIATION_SECTIONS = frozenset({"pronunciation", "ipa"})

# --------------------------------------------------------------------------- template tables

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
# Relation templates on sense lines ("#: {{syn|en|a|b}}") and in relation sections.
_NYM_TEMPLATES: dict[str, str] = {
    "syn": "synonym",
    "synonyms": "synonym",
    "syn-lite": "synonym",
    "ant": "antonym",
    "antonyms": "antonym",
    "ant-lite": "antonym",
    "hyper": "hypernym",
    "hypernyms": "hypernym",
    "hyper-lite": "hypernym",
    "hypo": "hyponym",
    "hyponyms": "hyponym",
    "hypo-lite": "hyponym",
}
# Column/list templates of relation sections: every positional parameter is an item.
_COLUMN_TEMPLATE_RE = re.compile(
    r"^(?:col|der|rel|hyp|syn|ant|desc|term|top)[1-5]?(?:-u|-auto)?$|^col-auto$|^col-u$|^columns$|^(?:der|rel)-lite$"
)
# Translation templates: (lang, term, genders…).
_TRANSLATION_TEMPLATES = frozenset(
    {"t", "t+", "tt", "tt+", "t-check", "t+check", "t-simple", "tø", "t0", "t-egy", "t-", "tt-check"}
)
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
_BRACES_RE = re.compile(r"\{\{|\}\}")
_ITEM_SPECIAL_RE = re.compile(r"[\\[{(,;<'&#:]")
_TARGET_SPECIAL_RE = re.compile(r"[\[{'&<#:]")
_REL_LINE_RE = re.compile(r"^(?:\*|\{\{)[^\n]*", re.M)
# One plain link template and nothing else: "{{l|en|pastie}}" (item fast path).
_SIMPLE_LINK_RE = re.compile(r"\{\{(?:l|l-self|ll)\|[a-z-]+\|([^{}|=\[\]<#:]+)(?:\|[^{}]*)?\}\}")
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

_INFLECTIONAL_RE = re.compile(
    r"inflect|plural|singular|past|participle|person|comparative|superlative|tense|imperative|"
    r"supine|conjugat|gerund|infinitive|verb[ -]form|noun[ -]form|adj(?:ective)?[ -]form|"
    r"^[a-z]{2,3}-form of$|mutation|genitive|nominative|dative|accusative|vocative|"
    r"\bcase\b|feminine singular|masculine singular|neuter singular|feminine plural|"
    r"masculine plural|neuter plural|definite|indefinite|lenition|prothesis|aspirate"
)
_NON_INFLECTIONAL_RE = re.compile(
    r"alternative|alt[ -]?form|altform|spelling|abbreviation|initialism|acronym|clipping|ellipsis|"
    r"short for|contraction|misspelling|eye dialect|romani[sz]ation|reading of|pronunciation|"
    r"former name|synonym|synof|obsolete form|archaic form|dated form|nonstandard form|"
    r"rare form|euphemistic|female equivalent|male equivalent|diminutive|augmentative|"
    r"apocopic|aphetic|honorific|standard form|superseded|informal form|abbrev|syncopic|"
    r"only used in|agent noun|verbal noun|abstract noun|^feminine of$|^masculine of$"
)
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
_PLAIN_SUFFIX_RE = re.compile(r"<[^<>\n]*>")  # inline modifiers "word<q:dated>"
_TRAILING_NUMBER_RE = re.compile(r"\s+\d+$")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_REDIRECT_RE = re.compile(r"\A\s*#\s*REDIRECT\b", re.I)
_SENSE_LINE_RE = re.compile(r"^(#+)([:*]*)[ \t]*(.*)$", re.M)
_LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_TOPIC_TEMPLATE_RE = re.compile(r"\{\{\s*(?:C|c|topics|topic)\s*\|([^{}]*)\}\}")
_TOPIC_CATEGORY_RE = re.compile(r"\[\[\s*[Cc]ategory\s*:\s*([a-z]{2,3}(?:-[a-z]{2,8})*):([^\]|]+)(?:\|[^\]]*)?\]\]")
_GENDER_TOKEN_RE = re.compile(r"[,/ ]+")
_WORD_RE = re.compile(r"\w+")
_CLAUSE_RE = re.compile(r"[;,]")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:])")
_OLD_SENSE_PREFIX_RE = re.compile(r"^\(([^()]*)\)\s*:?\s*")
_EMPTY_PARENS_RE = re.compile(r"\(\s*[,;]?\s*\)")
_PARENS_RE = re.compile(r"\([^()]*\)")
_HEAD_NAME_RE = re.compile(r"^(?:head|head-lite|[a-z]{2,3}(?:-[a-z]{2,4}){0,2}-[a-z][\w .-]*)$")
_NOT_HEAD_RE = re.compile(r"-(?:IPA|pron|decl|conj|infl|see|wp|ipa|mut|mutation|audio|usex|x|rfc|rfe|kanjitab)\b")

_LINK_NAMESPACES = frozenset(
    {
        "category", "file", "image", "media", "w", "wikipedia", "thesaurus", "wikisaurus", "appendix",
        "wikt", "citations", "reconstruction", "s", "commons", "wikispecies", "species", "q",
        "wikiquote", "wiktionary", "special", "template", "help", "index", "rhymes", "user",
    }
)  # fmt: skip

_STOPWORDS = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "or", "and",
        "be", "is", "are", "that", "which", "who", "whom", "something", "someone", "somebody", "one",
        "etc", "its", "it", "into", "any", "some", "used", "e", "g", "eg", "ie", "i", "this", "such",
        "other", "being", "has", "have", "having", "especially", "usually", "often", "also", "very",
    }
)  # fmt: skip

# Entry-name normalisation of translation targets: combining marks removed per language.
_STRESS = "\u0300\u0301"
_ENTRY_NAME_MARKS: dict[str, str] = {
    **dict.fromkeys(("ru", "uk", "be", "rue", "orv", "bg", "mk", "cu"), _STRESS),
    **dict.fromkeys(("sh", "sr", "hr", "bs", "sl"), _STRESS + "\u030f\u0311\u0304\u0306"),
    **dict.fromkeys(("la", "ang", "lt", "lv"), "\u0304\u0306" + _STRESS),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "arz", "apc", "ary", "acw", "afb", "ajp"),
                    "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"),
    "he": "".join(chr(c) for c in range(0x0591, 0x05BE)) + "\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7",
}  # fmt: skip
_LANGUAGE_ALIASES: dict[str, str] = {"cmn": "zh"}

_GENDERS: dict[str, tuple[str, ...]] = {
    "m": ("m",),
    "f": ("f",),
    "n": ("n",),
    "c": ("c",),
    "mf": ("m", "f"),
    "fm": ("f", "m"),
    "mfbysense": ("m", "f"),
    "mn": ("m", "n"),
    "mfn": ("m", "f", "n"),
}
_GENDER_TEMPLATES = frozenset({"m", "f", "n", "c", "g", "mf", "fm", "mn"})

# Head templates whose positional parameters have names.
_HEAD_PARAM_NAMES: dict[str, tuple[str, ...]] = {
    "de-noun": ("gender", "genitive", "plural", "diminutive"),
    "de-proper noun": ("gender", "genitive", "plural"),
    "de-adj": ("comparative", "superlative"),
    "de-adv": ("comparative", "superlative"),
    "fr-noun": ("gender", "plural"),
    "fr-proper noun": ("gender",),
    "es-noun": ("gender", "plural"),
    "es-proper noun": ("gender",),
    "pt-noun": ("gender", "plural"),
    "pt-proper noun": ("gender",),
    "it-noun": ("gender", "plural"),
    "ca-noun": ("gender", "plural"),
    "nl-noun": ("gender", "plural", "diminutive"),
    "nl-proper noun": ("gender",),
    "sv-noun": ("gender",),
    "da-noun": ("gender",),
}
_DE_ENDINGS = frozenset(
    {"s", "es", "(e)s", "ens", "n", "en", "e", "er", "ern", "se", "sen", "nen", "-", "sten", "esten", "st", "est", "r"}
)
_LAYOUT_PARAMS = frozenset({"sc", "sort", "nolink", "nolinkhead", "id", "cat", "cat2", "cat3", "lang"})


# --------------------------------------------------------------------------- public API


def parse_page(page: Page, source: str = SOURCE) -> ParseResult:
    """Parse one English Wiktionary page into lexemes. Never raises.

    Non-article namespaces and redirects are ``skipped``; pages without a ``==Language==``
    section or without a part-of-speech heading get a ``rejection``; any internal error becomes
    a ``Rejection(reason="parser error")``.
    """
    return parse_guarded(page, source, _parse, _REDIRECT_RE)


def parse_pages(pages: Sequence[Page], source: str = SOURCE) -> list[ParseResult]:
    """:func:`parse_page` of each page, in order (the pipeline's entry point, as in the German parser)."""
    return [parse_guarded(page, source, _parse, _REDIRECT_RE) for page in pages]


def language_code(name: str) -> str:
    """``"German"`` → ``"de"``; unknown names → ``"und:<name>"`` (counted, never guessed)."""
    code = LANGUAGES.get(name) or _LANGUAGES_CF.get(name.casefold())
    return code or f"und:{name}"


def heading_pos(title: str) -> str | None:
    """Normalised POS of a heading ("Proper noun" → "proper_noun", "Noun 2" → "noun");
    "" for known non-POS headings ("Etymology 1", "Translations"); None when unknown."""
    key = _heading_key(title)
    pos = _POS_CF.get(key)
    if pos is not None:
        return pos
    if key in _NON_POS_CF:
        return ""
    return None


# --------------------------------------------------------------------------- page level




def _heading_text(title: str) -> str:
    """Heading text with links resolved ("[[Low Saxon]]" → "Low Saxon"); templates kept."""
    if "[[" in title or "'" in title or "<" in title:
        plain = strip_markup(title)
        if plain:
            return plain
    return title.strip()


def _heading_key(title: str) -> str:
    return _TRAILING_NUMBER_RE.sub("", _heading_text(title)).casefold()


@dataclass(slots=True)
class _Sub:
    """One heading inside a language section, classified."""

    section: Section
    index: int
    kind: str  # "pos", "etymology", "pronunciation", "relation", "translations", "other"
    name: str  # heading text as written (links resolved)
    pos: str = ""  # normalised POS for kind "pos" ("unknown" when not in the table)
    relation: str = ""  # relation kind for kind "relation"
    parent: int = -1  # index of the enclosing heading inside the language section (-1 = language)
    intro_end: int = 0  # end of the text before the first subheading
    end_index: int = 0  # index after the last descendant


def _parse(page: Page, source: str) -> ParseResult:
    text = page.text or ""
    if "<!--" in text:
        # comments hide headings' tails and list content; drop them once for the whole page
        text = _COMMENT_RE.sub("", text)
    sections = split_sections(text)
    lang_idx = [i for i, s in enumerate(sections) if s.level == 2]
    if not lang_idx:
        n_pos = sum(1 for s in sections if s.level > 2 and heading_pos(s.title))
        detail = f"{n_pos} part-of-speech heading(s) outside any language section" if n_pos else ""
        return _reject(page, source, "no language section", detail)

    lemma = page.title
    lexemes: list[Lexeme] = []
    unknown: dict[str, None] = {}  # ordered set
    seen: Counter[tuple[str, str, str]] = Counter()
    names: list[str] = []
    for n, i in enumerate(lang_idx):
        lang_section = sections[i]
        j = lang_idx[n + 1] if n + 1 < len(lang_idx) else len(sections)
        name = _heading_text(lang_section.title)
        names.append(name)
        language = language_code(name)
        for lx in _language_lexemes(text, lang_section, sections[i + 1 : j], language, lemma, page, source, unknown):
            key = (lx.language, lx.lemma, lx.pos)
            seen[key] += 1
            lexemes.append(_with_homograph(lx, seen[key]))

    if not lexemes:
        langs = ", ".join(dict.fromkeys(names))
        return ParseResult(
            rejection=Rejection(
                source=source,
                title=page.title,
                reason="no part-of-speech section",
                detail=f"language sections: {langs}",
                page_id=page.page_id,
                revision_id=page.revision_id,
            ),
            unknown_pos=tuple(unknown),
        )
    return ParseResult(lexemes=tuple(lexemes), unknown_pos=tuple(unknown))


def _with_homograph(lx: Lexeme, homograph: int) -> Lexeme:
    if lx.homograph == homograph:
        return lx
    return Lexeme(
        language=lx.language,
        lemma=lx.lemma,
        pos=lx.pos,
        pos_names=lx.pos_names,
        homograph=homograph,
        source=lx.source,
        page_id=lx.page_id,
        revision_id=lx.revision_id,
        gender=lx.gender,
        ipa=lx.ipa,
        senses=lx.senses,
        relations=lx.relations,
        extra=lx.extra,
    )


def _classify(text: str, lang_section: Section, secs: list[Section], unknown: dict[str, None]) -> list[_Sub]:
    subs: list[_Sub] = []
    stack: list[int] = []
    n = len(secs)
    for i, s in enumerate(secs):
        while stack and secs[stack[-1]].end <= s.start:
            stack.pop()
        parent = stack[-1] if stack else -1
        stack.append(i)
        intro_end = secs[i + 1].start if i + 1 < n else lang_section.end
        name = _heading_text(s.title)
        key = _TRAILING_NUMBER_RE.sub("", name).casefold()
        sub = _Sub(section=s, index=i, kind="other", name=name, parent=parent, intro_end=intro_end)
        pos = _POS_CF.get(key)
        if pos is not None:
            sub.kind, sub.pos = "pos", pos
        elif key in _ETYMOLOGY_SECTIONS:
            sub.kind = "etymology"
        elif key in _PRONUNCIATION_SECTIONS:
            sub.kind = "pronunciation"
        elif key in _TRANSLATION_SECTIONS:
            sub.kind = "translations"
        elif key in RELATION_SECTIONS:
            sub.kind, sub.relation = "relation", RELATION_SECTIONS[key]
        elif key not in _NON_POS_CF:
            unknown[name] = None
            if _has_definitions(text, s.body_start, intro_end):
                sub.kind, sub.pos = "pos", "unknown"  # an entry under a heading we do not know
        subs.append(sub)
    # descendants: indices up to the first heading starting at or after the section's end
    for i, sub in enumerate(subs):
        j = i + 1
        end = sub.section.end
        while j < n and secs[j].start < end:
            j += 1
        sub.end_index = j
    return subs


def _has_definitions(text: str, start: int, end: int) -> bool:
    i = text.find("\n#", start - 1 if start > 0 else 0, end)
    while i >= 0:
        nxt = text[i + 2 : i + 3]
        if nxt not in (":", "*"):
            return True
        i = text.find("\n#", i + 2, end)
    return False


def _owner_pos(subs: list[_Sub], sub: _Sub) -> int:
    """Index of the nearest enclosing POS heading (-1 when none): a mis-levelled POS nested in
    another keeps its own relation sections."""
    p = sub.parent
    while p >= 0:
        if subs[p].kind == "pos":
            return p
        p = subs[p].parent
    return -1


def _ancestors(subs: list[_Sub], sub: _Sub) -> list[_Sub]:
    out: list[_Sub] = []
    p = sub.parent
    while p >= 0:
        out.append(subs[p])
        p = subs[p].parent
    return out


def _language_lexemes(
    text: str,
    lang_section: Section,
    secs: list[Section],
    language: str,
    lemma: str,
    page: Page,
    source: str,
    unknown: dict[str, None],
) -> list[Lexeme]:
    subs = _classify(text, lang_section, secs, unknown)
    pos_subs = [s for s in subs if s.kind == "pos"]
    if not pos_subs:
        return []
    ctx = _LangContext(text=text, lang_section=lang_section, subs=subs, language=language, lemma=lemma)
    topics_for = _topics(ctx, pos_subs)
    shared = _shared_sections(subs, pos_subs)
    out: list[Lexeme] = []
    for p in pos_subs:
        lx = _lexeme(ctx, p, shared.get(p.index, []), topics_for.get(p.index, []), page, source)
        out.append(lx)
    return out


@dataclass(slots=True)
class _LangContext:
    text: str
    lang_section: Section
    subs: list[_Sub]
    language: str
    lemma: str
    pron_cache: dict[int, tuple[tuple[str, ...], dict[str, Any]]] = field(default_factory=dict)
    ety_cache: dict[int, tuple[int, str]] = field(default_factory=dict)
    shared_cache: dict[int, list[RelationRow]] = field(default_factory=dict)
    _pron_children: dict[int, list[_Sub]] | None = None
    _loose_ety: list[_Sub | None] | None = None

    def pron_children(self) -> dict[int, list[_Sub]]:
        """Pronunciation headings by the index of their parent heading (-1 = the language)."""
        if self._pron_children is None:
            out: dict[int, list[_Sub]] = {}
            for s in self.subs:
                if s.kind == "pronunciation":
                    out.setdefault(s.parent, []).append(s)
            self._pron_children = out
        return self._pron_children

    def loose_etymology(self) -> _Sub | None:
        """The first Etymology heading with no POS heading under it (the language's own)."""
        if self._loose_ety is None:
            holds_pos: set[int] = set()
            for s in self.subs:
                if s.kind == "pos":
                    holds_pos.update(a.index for a in _ancestors(self.subs, s))
            first = next((s for s in self.subs if s.kind == "etymology" and s.index not in holds_pos), None)
            self._loose_ety = [first]
        return self._loose_ety[0]


def _shared_sections(subs: list[_Sub], pos_subs: list[_Sub]) -> dict[int, list[_Sub]]:
    """Relation/translation sections that sit beside POS headings (not under one): they belong
    to every POS of their scope (the enclosing etymology/pronunciation heading, or the language)."""
    out: dict[int, list[_Sub]] = {}
    loose = [s for s in subs if s.kind in ("relation", "translations") and _owner_pos(subs, s) < 0]
    if not loose:
        return out
    scopes = {p.index: {a.index for a in _ancestors(subs, p)} | {-1} for p in pos_subs}
    for s in loose:
        for p in pos_subs:
            if s.parent in scopes[p.index]:
                out.setdefault(p.index, []).append(s)
    return out


# --------------------------------------------------------------------------- one lexeme


@dataclass(slots=True)
class _MSense:
    number: str
    gloss: str
    labels: list[str]
    examples: list[str] = field(default_factory=list)
    form_of: bool = False
    inflectional: bool = False


def _lexeme(ctx: _LangContext, p: _Sub, shared: list[_Sub], topics: list[str], page: Page, source: str) -> Lexeme:
    text = ctx.text
    intro = text[p.section.body_start : p.intro_end]
    extra: dict[str, Any] = {}
    language, lemma = ctx.language, ctx.lemma

    gender: tuple[str, ...] = ()
    head_end = _first_definition(intro)
    head = intro[:head_end]
    if "{{" in head:
        gender, head_name, inflection = _head(head, lemma, p.pos)
        if head_name:
            extra["head_template"] = head_name
        if inflection:
            extra["inflection"] = inflection

    senses, relations = _senses(intro[head_end:], language, lemma)

    ipa, pron_extra = _pronunciation(ctx, p)
    extra.update(pron_extra)

    ety = _etymology(ctx, p)
    if ety:
        number, ety_text = ety
        if number:
            extra["etymology_number"] = number
        if ety_text:
            extra["etymology"] = ety_text

    # relation sections under this POS, then the shared ones of its scope
    sense_index = _SenseIndex(senses)
    rel_subs = [
        s
        for s in ctx.subs[p.index + 1 : p.end_index]
        if s.kind in ("relation", "translations") and _owner_pos(ctx.subs, s) == p.index
    ]
    for s in rel_subs:
        relations.extend(_section_relations(ctx, s, sense_index))
    for s in shared:
        # parsed once for all POS of the scope, and not attached to senses: which POS a
        # "{{sense|…}}" there means is not known
        cached = ctx.shared_cache.get(s.index)
        if cached is None:
            cached = ctx.shared_cache[s.index] = _section_relations(ctx, s, _NO_SENSES)
        relations.extend(cached)

    if topics:
        extra["topics"] = topics

    pos = p.pos
    if senses and pos not in ("inflected_form", "participle", "unknown") and all(s.inflectional for s in senses):
        extra["heading_pos"] = pos
        pos = "inflected_form"

    return Lexeme(
        language=language,
        lemma=lemma,
        pos=pos,
        pos_names=(p.name,),
        homograph=1,
        source=source,
        page_id=page.page_id,
        revision_id=page.revision_id,
        gender=gender,
        ipa=ipa,
        senses=tuple(
            Sense(number=s.number, gloss=s.gloss, labels=tuple(s.labels), examples=tuple(s.examples))
            for s in senses
            if s.gloss or s.labels
        ),
        relations=_dedupe(relations),
        extra=extra,
    )


def _section_relations(ctx: _LangContext, s: _Sub, senses: _SenseIndex) -> list[RelationRow]:
    body = ctx.text[s.section.body_start : s.intro_end]
    if s.kind == "translations":
        return _translations(body, senses)
    return _relation_section(body, s.relation, ctx.language, ctx.lemma, senses)


def _dedupe(relations: list[RelationRow]) -> tuple[RelationRow, ...]:
    return tuple(dict.fromkeys(relations))  # first occurrence kept, in order


def _first_definition(intro: str) -> int:
    """Offset of the first "#" line of a POS intro (the head part ends there)."""
    if intro.startswith("#"):
        return 0
    i = intro.find("\n#")
    return len(intro) if i < 0 else i + 1


# --------------------------------------------------------------------------- head template


def _head(head: str, lemma: str, pos: str) -> tuple[tuple[str, ...], str, dict[str, str]]:
    """Gender, head template name and its parameters (named where we know the template)."""
    gender: list[str] = []
    found_name = ""
    inflection: dict[str, str] = {}
    for start, end in iter_templates(head):
        name, positional, named = _targs(head[start + 2 : end - 2])
        name = _norm_name(name)
        if not found_name and _HEAD_NAME_RE.match(name) and not _NOT_HEAD_RE.search(name):
            found_name = name
            gender = list(_head_gender(name, positional, named))
            inflection = _inflection(name, positional, named, lemma)
            if gender:
                break
        elif name in _GENDER_TEMPLATES and not gender:
            # old style "'''Haus''' {{n}}" or "{{g|m}}"
            values = positional if name == "g" else [name]
            for v in values:
                for g in _gender_values(v):
                    if g not in gender:
                        gender.append(g)
    return tuple(gender), found_name, inflection


def _gender_values(value: str) -> tuple[str, ...]:
    out: list[str] = []
    for token in _GENDER_TOKEN_RE.split(value.strip()):
        base = token.split("-", 1)[0]
        for g in _GENDERS.get(base, ()):
            if g not in out:
                out.append(g)
    return tuple(out)


_GENDER_OK: dict[str, bool] = {}


def _is_gender(value: str) -> bool:
    """Whether a translation parameter is a gender/number spec ("m", "f-p", "m,f", "p")."""
    ok = _GENDER_OK.get(value)
    if ok is None:
        ok = value in _GENDER_SPECS or (len(value) <= 12 and bool(_gender_values(value)))
        if len(_GENDER_OK) < 4096:
            _GENDER_OK[value] = ok
    return ok


def _head_gender(name: str, positional: list[str], named: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    candidates: list[str] = []
    for k in ("g", "g1", "g2", "g3", "g4", "gen", "gen1", "gen2"):
        if k in named and not (k.startswith("gen") and name.startswith("de-")):
            candidates.append(named[k])
    nounish = "noun" in name or (name in ("head", "head-lite") and len(positional) > 1 and "noun" in positional[1])
    if nounish and name not in ("head", "head-lite", "en-noun", "en-proper noun") and positional:
        first = positional[0]
        if name.startswith("de-") and "," in first:
            first = first.split(",", 1)[0]  # new de-noun: "n,es,Häuser"
        candidates.append(first)
    for c in candidates:
        for g in _gender_values(c):
            if g not in out:
                out.append(g)
    return tuple(out)


def _inflection(name: str, positional: list[str], named: dict[str, str], lemma: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if name in ("head", "head-lite"):
        # {{head|en|noun|plural|houses|…}}: label/form pairs after language and POS
        rest = positional[2:]
        for k in range(0, len(rest) - 1, 2):
            label, form = _plain(rest[k]), _plain(rest[k + 1])
            if label and form:
                out[label] = form if label not in out else f"{out[label]}, {form}"
    elif name == "en-noun":
        out.update(_en_noun(positional, lemma))
    elif name == "en-proper noun":
        plurals = [_plain(p) for p in positional if p.strip() and p.strip() not in ("-", "~", "!", "?")]
        if plurals:
            out["plural"] = ", ".join(dict.fromkeys(plurals))
    elif name in ("en-adj", "en-adv"):
        out.update(_en_comparison(positional, lemma))
    else:
        names = _HEAD_PARAM_NAMES.get(name)
        values = list(positional)
        if name.startswith("de-") and values and "," in values[0]:
            values = values[0].split(",") + values[1:]
        for k, v in enumerate(values):
            v = v.strip()
            if not v:
                continue
            key = names[k] if names and k < len(names) else str(k + 1)
            if name.startswith("de-") and key != "gender" and v in _DE_ENDINGS:
                v = "-" if v == "-" else lemma + v.replace("(", "").replace(")", "")
            out[key] = _plain(v) if _needs_plain(v) else v
    for k, v in named.items():
        if k in _LAYOUT_PARAMS or not v:
            continue
        out[k] = _plain(v) if _needs_plain(v) else v
    return out


def _en_comparison(params: list[str], lemma: str) -> dict[str, str]:
    """Comparative/superlative of {{en-adj}}/{{en-adv}} ("er", "more", "-" shortcuts expanded)."""
    params = [p.strip() for p in params if p.strip()]
    if not params:
        return {}
    first = params[0]
    if first == "-":
        return {"comparison": "not comparable"}
    if first in ("?", "!"):
        return {}
    if first == "more" or first == "+":
        comp, sup = f"more {lemma}", f"most {lemma}"
    elif first == "er":
        if lemma.endswith("e"):
            stem, comp_end, sup_end = lemma, "r", "st"
        elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            stem, comp_end, sup_end = lemma[:-1], "ier", "iest"
        else:
            stem, comp_end, sup_end = lemma, "er", "est"
        comp, sup = stem + comp_end, stem + sup_end
    else:
        comp = _plain(first) if _needs_plain(first) else first
        sup = ""
    if len(params) > 1 and params[1] not in ("er", "more", "+", "-", "?", "!"):
        sup = _plain(params[1]) if _needs_plain(params[1]) else params[1]
    elif not sup and comp.startswith("more "):
        sup = "most " + comp[5:]
    out = {"comparative": comp}
    if sup:
        out["superlative"] = sup
    return out


def _en_noun(params: list[str], lemma: str) -> dict[str, str]:
    """Plural forms of {{en-noun}} ("s", "es", "~", "-" shortcuts expanded)."""
    params = [p.strip() for p in params]
    out: dict[str, str] = {}
    forms: list[str] = []
    if len(params) == 2 and params[0] and lemma.startswith(params[0]) and params[1] in ("s", "es", "ies", "ves"):
        forms.append(params[0] + params[1])  # old {{en-noun|pon|ies}} stem + ending
    elif len(params) == 2 and params[0] == lemma and params[1] not in ("", "s", "es", "-", "~", "!", "?"):
        forms.append(params[1])  # old {{en-noun|pie|pies}} singular, plural
    else:
        for k, p in enumerate(params):
            if p == "-":
                out["countability"] = "uncountable" if k == 0 else out.get("countability", "")
            elif p == "~":
                out["countability"] = "countable and uncountable"
            elif p in ("s", "es"):
                forms.append(lemma + p)
            elif p == "+":
                forms.append(lemma + "s")
            elif p in ("!", "?", ""):
                if p == "!":
                    out["plural"] = "not attested"
                elif p == "?":
                    out["plural"] = "unknown"
            else:
                forms.append(_plain(p) if _needs_plain(p) else p)
        if not params or (not forms and out.get("countability") == "countable and uncountable"):
            forms.append(lemma + "s")
    if forms:
        out["plural"] = ", ".join(dict.fromkeys(forms))
    if not out.get("countability"):
        out.pop("countability", None)
    return out


# --------------------------------------------------------------------------- senses


def _senses(body: str, language: str, lemma: str) -> tuple[list[_MSense], list[RelationRow]]:
    senses: list[_MSense] = []
    relations: list[RelationRow] = []
    counters: list[int] = []
    open_senses: list[_MSense] = []  # the current sense at each depth
    for m in _SENSE_LINE_RE.finditer(body):
        hashes, marker, content = m.group(1), m.group(2), m.group(3)
        depth = len(hashes)
        if not marker:
            depth = min(depth, len(counters) + 1)
            del counters[depth:]
            if len(counters) < depth:
                counters.append(0)
            counters[depth - 1] += 1
            number = ".".join(map(str, counters))
            sense = _sense(number, content, language, relations)
            senses.append(sense)
            del open_senses[depth - 1 :]
            open_senses.append(sense)
            continue
        if marker != ":" or not open_senses:
            continue  # quotations ("#*", "#*:") and continuation lines ("#::")
        owner = open_senses[min(depth, len(open_senses)) - 1]
        _sense_subline(owner, content.strip(), language, lemma, relations)
    return senses, relations


def _sense(number: str, content: str, language: str, relations: list[RelationRow]) -> _MSense:
    labels: list[str] = []
    if "{{" not in content:
        return _MSense(number, _clean_gloss(strip_markup(content)), labels)
    content = _close_line(content)
    pieces: list[str] = []
    pos = 0
    leading = True  # still in the leading run of labels
    form_done = False
    sense = _MSense(number, "", labels)
    for start, end in iter_templates(content):
        between = content[pos:start]
        if leading and between.strip(" \t'\",:;"):
            leading = False
        pieces.append(between)
        pos = end
        name, positional, named = _targs(content[start + 2 : end - 2])
        name = _norm_name(name)
        if name in _LABEL_TEMPLATES:
            labels.extend(lb for lb in _labels(positional, named) if lb not in labels)
            continue
        if leading and name in _QUALIFIER_TEMPLATES:
            labels.extend(q for q in (_plain(x) for x in positional) if q and q not in labels)
            continue
        if leading and not positional and _is_old_label(name) and not _render_template(name, positional, named):
            if name not in labels:
                labels.append(name)  # old context templates: {{transitive}}, {{botany}}
            continue
        if name in _DROP_TEMPLATES or name in _TOPIC_TEMPLATES:
            continue
        if not form_done and _is_form_of(name):
            form_done = True
            rel = _form_of(name, positional, named, language, number)
            if rel is not None:
                relations.append(rel)
                sense.form_of = True
                sense.inflectional = rel[0] == "form_of" and _is_inflectional(name, rel[4])
        rendered = _render_template(name, positional, named)
        if rendered.strip():
            leading = False
        pieces.append(rendered)
    pieces.append(content[pos:])
    sense.gloss = _clean_gloss(strip_markup("".join(pieces)))
    return sense


def _clean_gloss(gloss: str) -> str:
    if "()" in gloss or "( )" in gloss:
        gloss = _EMPTY_PARENS_RE.sub("", gloss)
    return gloss.strip(" ,;:").strip()


def _is_old_label(name: str) -> bool:
    return (
        bool(name)
        and name[0].islower()
        and name not in _DROP_TEMPLATES
        and name not in _FIXED_TEXT
        and name not in _SHOW_PARAM
        and "-" not in name
        and " of" not in name
    )


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


def _sense_subline(owner: _MSense, content: str, language: str, lemma: str, relations: list[RelationRow]) -> None:
    """A "#:" line: sense-level relations ({{syn|…}}) or a usage example."""
    if not content:
        return
    if content.startswith("{{"):
        content = _close_line(content)
        end = _template_end(content)
        if end > 0:
            name, positional, named = _targs(content[2 : end - 2])
            name = _norm_name(name)
            kind = _NYM_TEMPLATES.get(name)
            if kind is not None:
                for start, stop in iter_templates(content):
                    n2, pos2, named2 = _targs(content[start + 2 : stop - 2])
                    k2 = _NYM_TEMPLATES.get(_norm_name(n2))
                    if k2 is None:
                        continue
                    for t in _nym_terms(pos2, named2):
                        if t != lemma:
                            relations.append((k2, t, language, owner.number, ""))
                return
            if name in _EXAMPLE_TEMPLATES:
                ex = _example(name, positional, named)
                if ex and len(owner.examples) < MAX_EXAMPLES:
                    owner.examples.append(ex)
                return
            if end >= len(content.rstrip()):
                return  # a lone other template ({{rfquotek|…}}, {{seeCites}}): not an example
    if len(owner.examples) >= MAX_EXAMPLES:
        return
    ex = _plain(content)
    if ex and any(c.isalpha() for c in ex):
        owner.examples.append(ex)


def _template_end(text: str, start: int = 0, limit: int = 20000) -> int:
    """End offset of the template opening at ``start`` (``text[start:start+2] == "{{"``), or -1
    when it is not closed within ``limit`` characters (then it is literal text, as MediaWiki
    treats unclosed braces)."""
    depth = 0
    stop = min(len(text), start + limit)
    for m in _BRACES_RE.finditer(text, start, stop):
        if m.group() == "{{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return -1


def _example(name: str, positional: list[str], named: dict[str, str]) -> str:
    if name in ("ja-usex", "ja-x", "ko-usex", "th-usex"):
        text = positional[0] if positional else ""
        trans = positional[2] if len(positional) > 2 else named.get("t", "")
    else:
        args = positional if "lang" in named else positional[1:]
        text = args[0] if args else ""
        trans = named.get("t") or named.get("translation") or (args[1] if len(args) > 1 else "")
    out = _plain(text)
    if trans:
        t = _plain(trans)
        if t:
            out = f"{out} ― {t}"
    return out


def _nym_terms(positional: list[str], named: dict[str, str]) -> list[str]:
    terms = positional if "lang" in named else positional[1:]
    out: list[str] = []
    for t in terms:
        t = _clean_target(t)
        if t:
            out.append(t)
    return out


# --------------------------------------------------------------------------- form-of


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


def _is_inflectional(name: str, note: str) -> bool:
    if _LANG_FORM_RE.match(name):
        return not _NON_INFLECTIONAL_RE.search(name)
    probe = note if name == "form of" else name
    return bool(_INFLECTIONAL_RE.search(probe)) and not _NON_INFLECTIONAL_RE.search(probe)


def _form_of(name: str, positional: list[str], named: dict[str, str], language: str, number: str) -> RelationRow | None:
    m = _LANG_PREFIX_RE.match(name)
    if m and m.group(1) in LANGUAGE_NAMES and name not in _FORM_OF_NAMES:
        # language-specific: {{de-verb form of|gehen|1|s|g}}, {{es-verb form of|…|hablar}}
        lang = m.group(1)
        desc = _form_desc(m.group(2))
        # the word is the first parameter that is not a grammatical tag: {{de-verb form of|gehen|1|s|g}},
        # {{nl-noun form of|pl|raaf}}, {{lt-form-noun|l|s|abatas}}, {{liv-conjugation of|1st|sg|pr|vȱlda}}
        target = _form_word(positional)
        args: list[str] = positional[1:]
    else:
        if "lang" in named:
            lang, args = named["lang"], list(positional)
        else:
            lang, args = (positional[0] if positional else language), positional[1:]
        desc = name
        if name == "form of":
            # {{form of|en|obsolete plural|foo}}: description first, then the target
            desc = (_plain(args[0]) + " of") if args else name
            args = args[1:]
        target = args[0] if args else ""
        if name in ("inflection of", "infl of", "inflected form of") and len(args) > 2:
            tags = " ".join(_TAGS.get(t.strip(), t.strip()) for t in args[2:] if t.strip())
            if tags:
                desc = f"{tags} of"
    if name in ("synonym of", "synof"):
        kind = "synonym"
        desc = ""
    else:
        kind = "form_of"
    target = _clean_target(target)
    if not target:
        return None
    return (kind, target, _LANGUAGE_ALIASES.get(lang, lang) or language, number, desc)


# --------------------------------------------------------------------------- pronunciation, etymology


def _pronunciation(ctx: _LangContext, p: _Sub) -> tuple[tuple[str, ...], dict[str, Any]]:
    """IPA and rhymes/hyphenation from the Pronunciation section that applies: one under the
    POS itself, else the nearest enclosing heading's (etymology, language)."""
    subs = ctx.subs
    children = ctx.pron_children()
    # a Pronunciation heading under the POS itself
    for s in subs[p.index + 1 : p.end_index]:
        if s.kind == "pronunciation":
            return _pron_from([s], ctx)
    for a in _ancestors(subs, p):
        if a.kind == "pronunciation":
            return _pron_from([a], ctx)
        found = children.get(a.index)
        if found:
            return _pron_from(found, ctx)
    found = children.get(-1)
    if found:
        return _pron_from(found, ctx)
    return (), {}


def _pron_from(found: list[_Sub], ctx: _LangContext) -> tuple[tuple[str, ...], dict[str, Any]]:
    key = found[0].index
    cached = ctx.pron_cache.get(key)
    if cached is not None:
        return cached[0], dict(cached[1])
    ipa: list[str] = []
    extra: dict[str, Any] = {}
    rhymes: list[str] = []
    for s in found:
        body = ctx.text[s.section.body_start : s.intro_end]
        if "{{" not in body:
            continue
        for start, end in iter_templates(body):
            name, positional, named = _targs(body[start + 2 : end - 2])
            name = _norm_name(name)
            if name == "IPA":
                for v in positional if "lang" in named else positional[1:]:
                    v = _PLAIN_SUFFIX_RE.sub("", v).strip()
                    if v and v not in ipa and v not in ("/", "[]", "//"):
                        ipa.append(v)
            elif name in ("rhymes", "rhyme") or name == "rhymes-lite":
                for v in positional if "lang" in named else positional[1:]:
                    v = _PLAIN_SUFFIX_RE.sub("", v).strip()
                    if v and v not in rhymes:
                        rhymes.append(v)
            elif name in ("hyphenation", "hyph") and "hyphenation" not in extra:
                parts = positional if "lang" in named else positional[1:]
                first: list[str] = []
                for v in parts:
                    if not v.strip():
                        break  # "||" separates alternative hyphenations
                    first.append(v.strip())
                if first:
                    extra["hyphenation"] = "·".join(first)
    if rhymes:
        extra["rhymes"] = rhymes
    result = (tuple(ipa), extra)
    ctx.pron_cache[key] = result
    return result[0], dict(extra)


def _etymology(ctx: _LangContext, p: _Sub) -> tuple[int, str] | None:
    """(number of "Etymology N" or 0, first paragraph as plain text) of the etymology that applies."""
    subs = ctx.subs
    ety: _Sub | None = None
    for a in _ancestors(subs, p):
        if a.kind == "etymology":
            ety = a
            break
    if ety is None:
        ety = ctx.loose_etymology()  # an "===Etymology===" that holds no POS heading of its own
    if ety is None:
        return None
    cached = ctx.ety_cache.get(ety.index)
    if cached is not None:
        return cached
    m = re.search(r"(\d+)$", ety.name)
    number = int(m.group(1)) if m else 0
    body = ctx.text[ety.section.body_start : ety.intro_end].strip()
    para = re.split(r"\n[ \t]*\n", body, maxsplit=1)[0] if body else ""
    result = (number, _SPACE_BEFORE_PUNCT_RE.sub(r"\1", _plain(para)) if para else "")
    ctx.ety_cache[ety.index] = result
    return result


# --------------------------------------------------------------------------- sense matching


def _stem(word: str) -> str:
    """Very light stemming so that "places", "placed", "placing" and "place" compare equal."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


class _SenseIndex:
    """Normalised sense glosses for matching translation-table / {{sense}} glosses (rules in the
    module docstring). Built lazily: most sections never need it."""

    def __init__(self, senses: list[_MSense]) -> None:
        self.senses = senses
        self._entries: list[tuple[str, str, str, list[str]]] | None = None
        self._content: list[set[str]] | None = None
        self.cache: dict[str, str] = {}

    @property
    def entries(self) -> list[tuple[str, str, str, list[str]]]:
        """(number, gloss words, "labels gloss" words, clauses) per sense with a gloss."""
        if self._entries is None:
            entries: list[tuple[str, str, str, list[str]]] = []
            for s in self.senses:
                if not s.gloss:
                    continue
                norm = " ".join(_tokens(s.gloss))
                labelled = f"{' '.join(_tokens(' '.join(s.labels)))} {norm}" if s.labels else norm
                clauses = (
                    [" ".join(_tokens(c)) for c in _CLAUSE_RE.split(s.gloss)] if _CLAUSE_RE.search(s.gloss) else []
                )
                entries.append((s.number, norm, labelled, clauses))
            self._entries = entries
        return self._entries

    @property
    def content(self) -> list[set[str]]:
        """Stemmed content words (gloss and labels) per entry."""
        if self._content is None:
            self._content = [
                {_stem(t) for t in labelled.split() if t not in _STOPWORDS}
                for _number, _norm, labelled, _clauses in self.entries
            ]
        return self._content

    def match(self, gloss: str) -> str:
        """Sense number the gloss identifies uniquely, else "" (see the module docstring)."""
        if not gloss or not self.senses:
            return ""
        hit = self.cache.get(gloss)
        if hit is not None:
            return hit
        result = self._match(gloss) if self.entries else ""
        self.cache[gloss] = result
        return result

    def _match(self, gloss: str) -> str:
        toks = _tokens(gloss)
        if not toks:
            return ""
        norm = " ".join(toks)
        entries = self.entries
        exact = [e[0] for e in entries if e[1] == norm or e[2] == norm]
        if exact:
            return exact[0] if len(exact) == 1 else ""
        clause = [e[0] for e in entries if norm in e[3]]
        if clause:
            return clause[0] if len(clause) == 1 else ""
        prefix = norm + " "
        pref = [e[0] for e in entries if e[1].startswith(prefix)]
        if pref:
            return pref[0] if len(pref) == 1 else ""
        words = {_stem(t) for t in toks if t not in _STOPWORDS}
        if not words:
            return ""
        full = [e[0] for e, content in zip(entries, self.content, strict=True) if words <= content]
        return full[0] if len(full) == 1 else ""


_NO_SENSES = _SenseIndex([])

# --------------------------------------------------------------------------- relation sections


def _translations(body: str, senses: _SenseIndex) -> list[RelationRow]:
    """Translation relations of a Translations section; each ``{{trans-top|gloss}}`` table's
    gloss is matched to a sense (see :class:`_SenseIndex`)."""
    out: list[RelationRow] = []
    if "{{" not in body:
        return out
    gloss = ""
    sense = ""
    notes: dict[str, str] = {}  # gender text → note, for the current table
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
                    sense = senses.match(gloss)
                notes = {}
                continue
            if name in _TRANS_BOTTOM_TEMPLATES:
                gloss, sense, notes = "", "", {}
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
    return out


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


def _relation_section(body: str, kind: str, language: str, lemma: str, senses: _SenseIndex) -> list[RelationRow]:
    """Relations of a Synonyms/Antonyms/Hypernyms/Hyponyms/Derived terms/Related terms section:
    list lines ("* {{sense|gloss}} {{l|en|word}}, [[other]]"), column templates
    ({{der3|en|a|b}}, {{col3|…}}, {{rel4|lang=en|…}}) and nym templates ({{syn|en|a|b}})."""
    out: list[RelationRow] = []

    def add(targets: list[str], sense: str) -> None:
        for t in targets:
            if t and t != lemma:
                out.append((kind, t, language, sense, ""))

    skip_to = 0
    for m in _REL_LINE_RE.finditer(body):
        at = m.start()
        if at < skip_to:
            continue  # inside a multi-line template handled already
        line = m.group()
        if line.startswith("{{"):
            end = _template_end(body, at)
            if end < 0:
                continue
            skip_to = end
            name, positional, named = _targs(body[at + 2 : end - 2])
            name = _norm_name(name)
            if _COLUMN_TEMPLATE_RE.match(name):
                items = (
                    positional if ("lang" in named or not _looks_like_lang(positional, language)) else positional[1:]
                )
                for item in items:
                    add(_item_targets(item), "")
            elif name in _NYM_TEMPLATES:
                add(_nym_terms(positional, named), "")
            continue
        line = line.lstrip("*:# \t")
        if not line:
            continue
        sense = ""
        if line.startswith("{{"):
            end = _template_end(line)
            if end > 0:
                name, positional, named = _targs(line[2 : end - 2])
                name = _norm_name(name)
                if name in ("sense", "s", "senseno"):
                    sense = senses.match(_plain(positional[0]) if positional else "")
                    line = line[end:].lstrip(" :")
                elif name in _NYM_TEMPLATES:
                    add(_nym_terms(positional, named), "")
                    continue
        else:
            old = _OLD_SENSE_PREFIX_RE.match(line)
            if old:
                sense = senses.match(_plain(old.group(1)))
                line = line[old.end() :]
        add(_item_targets(line), sense)
    return out


def _looks_like_lang(positional: list[str], language: str) -> bool:
    """Whether a column template's first parameter is its language ({{col3|en|…}}) rather than
    the first item of an old-style list ({{der4|-pounder|…}})."""
    if not positional:
        return False
    first = positional[0].strip()
    return first == language or first in LANGUAGE_NAMES


def _line_start(text: str, offset: int) -> bool:
    i = text.rfind("\n", 0, offset) + 1
    return not text[i:offset].strip(" *:#\t")


def _item_targets(text: str) -> list[str]:
    """Target words of one list item / column parameter."""
    text = text.strip()
    if not text:
        return []
    if _ITEM_SPECIAL_RE.search(text) is None:
        return [] if text in ("-", "—", "?") or len(text) > 60 else [text]
    simple = _SIMPLE_LINK_RE.fullmatch(text)
    if simple is not None:
        t = simple.group(1).strip()
        return [t] if t else []
    if "(" in text:
        # "(compare [[x]])", "(i.e. [[tiger]], [[lion]])": asides, not items
        text = _drop_parens(text).strip()
        if not text:
            return []
    out: list[str] = []
    rest = text
    if "{{" in text:
        pieces: list[str] = []
        pos = 0
        for start, end in iter_templates(text):
            pieces.append(text[pos:start])
            pos = end
            name, positional, named = _targs(text[start + 2 : end - 2])
            name = _norm_name(name)
            if name in _LINK_TEMPLATES or name.startswith("l/") or name in ("zh-l", "ja-r", "ja-l", "ko-l", "vi-l"):
                if name.startswith("l/") or name in ("zh-l", "ja-r", "ja-l", "ko-l", "vi-l"):
                    args = positional
                else:
                    args = positional if "lang" in named else positional[1:]
                t = _clean_target(args[0]) if args else ""
                if t:
                    out.append(t)
            elif name in _NYM_TEMPLATES:
                out.extend(_nym_terms(positional, named))
            elif name in ("vern", "taxlink", "w"):
                t = _clean_target(positional[0]) if positional else ""
                if t:
                    out.append(t)
        pieces.append(text[pos:])
        rest = "".join(pieces)
        if out and "[[" not in rest:
            return out
    if "[[" in rest:
        for m in _LINK_RE.finditer(rest):
            target = m.group(1).strip()
            if ":" in target:
                ns = target.split(":", 1)[0].strip().casefold()
                if ns in _LINK_NAMESPACES or ns == "":
                    continue
            t = _clean_target(target.split("#", 1)[0])
            if t:
                out.append(t)
        return out
    if out:
        return out
    # plain text: "foo, bar (dated)"
    plain = _plain(_PARENS_RE.sub("", rest))
    for item in re.split(r"[,;]", plain):
        t = _clean_target(item)
        if t and len(t) <= 60:
            out.append(t)
    return out


def _drop_parens(text: str) -> str:
    """``text`` without its parenthesised asides; parentheses inside ``[[…]]`` links and
    ``{{…}}`` templates are kept (they belong to a target or a parameter)."""
    out: list[str] = []
    i = 0
    n = len(text)
    nest = 0  # inside [[ ]] or {{ }}
    paren = 0
    start = 0
    while i < n:
        two = text[i : i + 2]
        if two in ("[[", "{{"):
            nest += 1
            i += 2
            continue
        if two in ("]]", "}}") and nest:
            nest -= 1
            i += 2
            continue
        c = text[i]
        if not nest:
            if c == "(":
                if paren == 0:
                    out.append(text[start:i])
                paren += 1
            elif c == ")" and paren:
                paren -= 1
                if paren == 0:
                    start = i + 1
        i += 1
    if paren == 0:
        out.append(text[start:])
    return "".join(out)


def _clean_target(value: str) -> str:
    """A relation target as plain text: markup, inline modifiers ("word<q:dated>") and anchors
    removed; "" for thesaurus/appendix pages and placeholders."""
    v = value.strip()
    if not v:
        return ""
    if _TARGET_SPECIAL_RE.search(v) is None:
        return "" if v in ("-", "—", "?") else v.strip(" ,;:")
    if "<" in v:
        v = _PLAIN_SUFFIX_RE.sub("", v).strip()
    if "#" in v and "[[" not in v and "{{" not in v:
        v = v.split("#", 1)[0].strip()
    if any(c in v for c in "[{'&"):
        v = _plain(v)
    if v.startswith(("Thesaurus:", "Wikisaurus:", "Appendix:", "Category:", "Reconstruction:")):
        return ""
    if v in ("-", "—", "?"):
        return ""
    return v.strip(" ,;:")


# --------------------------------------------------------------------------- topics


def _topics(ctx: _LangContext, pos_subs: list[_Sub]) -> dict[int, list[str]]:
    """Topic categories per POS (index): on a sense line or in the POS intro → that POS;
    elsewhere in the language section → every POS."""
    text = ctx.text
    lang = ctx.lang_section
    body_start = lang.body_start
    seg = text[body_start : lang.end]
    found: list[tuple[int, list[str]]] = []
    if "{{C|" in seg or "{{c|" in seg or "{{topic" in seg:
        for m in _TOPIC_TEMPLATE_RE.finditer(seg):
            args = m.group(1)
            parts = [x.strip() for x in args.split("|")]
            if "lang=" not in args:
                parts = parts[1:]  # the language code
            found.append((m.start(), [x for x in parts if x and "=" not in x]))
    if "ategory" in seg:
        for m in _TOPIC_CATEGORY_RE.finditer(seg):
            found.append((m.start(), [m.group(2).strip()]))
    if not found:
        return {}
    found.sort(key=lambda f: f[0])
    spans = [(p.section.start, p.intro_end, p.index) for p in pos_subs]
    per: dict[int, list[str]] = {}
    common: list[str] = []
    for offset, names in found:
        at = body_start + offset
        target = common
        for start, end, idx in spans:
            if start <= at < end:
                target = per.setdefault(idx, [])
                break
        for n in names:
            if n not in target:
                target.append(n)
    out: dict[int, list[str]] = {}
    for p in pos_subs:
        merged = list(dict.fromkeys([*per.get(p.index, []), *common]))
        if merged:
            out[p.index] = merged
    return out


# --------------------------------------------------------------------------- rendering


def _targs(inner: str) -> tuple[str, list[str], dict[str, str]]:
    """:func:`template_args`, with explicitly numbered parameters ("1=…") put back among the
    positional ones, as MediaWiki treats them."""
    name, positional, named = template_args(inner)
    if named and any(k.isdigit() for k in named):
        slots: dict[int, str] = dict(enumerate(positional, 1))
        for k in [k for k in named if k.isdigit()]:
            slots[int(k)] = named.pop(k)
        if slots:
            positional = [slots.get(i, "") for i in range(1, max(slots) + 1)]
    return name, positional, named


def _close_line(line: str) -> str:
    """One line with its unclosed templates closed at the end of the line (a common slip)."""
    if "{{" in line:
        missing = line.count("{{") - line.count("}}")
        if missing > 0:
            return line + "}}" * missing
    return line


def _norm_name(name: str) -> str:
    name = name.strip()
    if "_" in name:
        name = name.replace("_", " ")
    if name.startswith(("Template:", "template:")):
        name = name[9:]
    return name


def _needs_plain(value: str) -> bool:
    return any(c in value for c in "[{'<&")


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


def _render_form_of(name: str, positional: list[str], named: dict[str, str]) -> str:
    m = _LANG_PREFIX_RE.match(name)
    if m and m.group(1) in LANGUAGE_NAMES and name not in _FORM_OF_NAMES:
        desc = _form_desc(m.group(2))
        target = _form_word(positional)
    else:
        args = positional if "lang" in named else positional[1:]
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
