"""Head templates rendered into named forms, as the templates document them: ``{{en-verb}}``, ``{{en-noun}}``,
``{{en-proper noun}}``, ``{{en-plural noun}}``, ``{{en-adj}}``, ``{{en-adv}}``, ``{{head|en|…}}``, the English
edition's ``{{de-noun}}`` and the other head templates whose positional parameters have names.

What a head gives is a :class:`HeadInfo`, stored in ``Lexeme.extra`` as

* ``forms``: a list of ``{"form": …, "tags": [...]}`` (plus ``"raw_tags": [...]`` for the template's own
  qualifiers, "UK", "rare", …), the one forms shape of every edition (wiktionary/form_tags.py); tags come from
  its vocabulary :data:`FORM_TAGS` (taxonomy/form_tags.json);
* ``head_tags``: what the head says of the word itself (:data:`HEAD_TAGS`: countable, uncountable, …);
* ``head_args``: the parameters of a head template we have no rules for, kept as written (counted as raw in
  docs/quality.md).

Rules (Module:en-headword, which the templates call): a verb's regular forms are -s/-es/-ies, -ing (final
silent -e dropped, -ie → -ying) and -ed/-d/-ied; ``+`` is that default, ``++`` doubles the final consonant
(``++*``/``*``: the same on the first word of a multi-word verb), ``-`` means "no such form". A noun's default
plural is -s/-es/-ies; ``-`` first means uncountable (usually uncountable when plurals follow), ``~``
countable and uncountable. An adjective's default is more/most; ``er`` gives -er/-est (-ier/-iest, -r/-st),
an explicit comparative in -er gets its superlative in -est; ``-`` means not comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aqea.wiktionary.en.common import _needs_plain
from aqea.wiktionary.en.render import _plain
from aqea.wiktionary.form_tags import FORM_TAGS, HEAD_TAGS, Form

__all__ = ["FORM_TAGS", "HEAD_TAGS", "Form", "HeadInfo", "head_info"]


@dataclass(slots=True)
class HeadInfo:
    forms: list[Form] = field(default_factory=list)
    head_tags: list[str] = field(default_factory=list)
    head_args: dict[str, str] = field(default_factory=dict)

    def add(self, form: str, tags: tuple[str, ...], qualifier: str = "") -> None:
        form = _text(form)
        if not form or form == "-":
            return
        for f in self.forms:
            if f["form"] == form and tuple(f["tags"]) == tags:
                return
        entry: Form = {"form": form, "tags": list(tags)}
        if qualifier:
            entry["raw_tags"] = [_text(qualifier)]
        self.forms.append(entry)

    def tag(self, *tags: str) -> None:
        for t in tags:
            if t not in self.head_tags:
                self.head_tags.append(t)


def _text(value: str) -> str:
    value = value.strip()
    return _plain(value) if _needs_plain(value) else value


_PRES_3SG = ("third-person", "singular", "present")
_PRES_PTC = ("present", "participle")
_PAST = ("past",)
_PAST_PTC = ("past", "participle")
_PLURAL = ("plural",)
_COMPARATIVE = ("comparative",)
_SUPERLATIVE = ("superlative",)
# {{en-verb}} slots: positional index, named parameter stem, tags.
_VERB_SLOTS = ((0, "pres_3sg", _PRES_3SG), (1, "pres_ptc", _PRES_PTC), (2, "past", _PAST), (3, "past_ptc", _PAST_PTC))
_VOWELS = "aeiouáéíóúàèìòùâêîôûäëïöüæœø"
_UL_VOWELS = _VOWELS + _VOWELS.upper()
_ES_END_RE = re.compile(r"(?:[sxz]|[cs]h)$")
_CONS_Y_RE = re.compile(r"[^aeiou]y$")
# C*VC verbs double their last consonant (flip → flipping); not -y/-w/-h/-x nor an uppercase consonant (XOR).
_CVC_RE = re.compile(rf"^[^{_UL_VOWELS}yY]*[{_UL_VOWELS}yY]([^A-Z{_VOWELS}ywxh])$")
_Y_CVC_RE = re.compile(rf"^[Yy][{_VOWELS}y]([^A-Z{_VOWELS}ywxh])$")
_DROP_E_RE = re.compile(rf"^(.*[{_UL_VOWELS}yY][^{_VOWELS}y]+)e$")  # rake → raking (not be, referee, hoe)
_CONS_Y_STEM_RE = re.compile(rf"^(.*[^{_UL_VOWELS}yY])y$")
_FINAL_CONS_RE = re.compile(r"[bcdfghjklmnpqrstvwxyzBCDFGHJKLMNPQRSTVWXYZ]$")


def _verb_defaults(verb: str) -> tuple[str, str, str]:
    """Regular third-person singular, present participle and past of a one-word verb."""
    if _ES_END_RE.search(verb):
        s_form = verb + "es"
    elif _CONS_Y_RE.search(verb):
        s_form = verb[:-1] + "ies"
    else:
        s_form = verb + "s"
    m = _Y_CVC_RE.match(verb) or _CVC_RE.match(verb)
    if m:
        return s_form, verb + m.group(1) + "ing", verb + m.group(1) + "ed"
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("ue"):
        ing = verb[:-1] + "ing"
    else:
        m = _DROP_E_RE.match(verb)
        ing = m.group(1) + "ing" if m else verb + "ing"
    if verb.endswith("e"):
        ed = verb + "d"
    else:
        m = _CONS_Y_STEM_RE.match(verb)
        ed = m.group(1) + "ied" if m else verb + "ed"
    return s_form, ing, ed


def _verb_doubled(verb: str) -> tuple[str, str, str] | None:
    """``++``: the last consonant doubled before -ing/-ed (and -es after a doubled s/z: gasses)."""
    if not _FINAL_CONS_RE.search(verb):
        return None
    stem = verb + verb[-1]
    s_form = stem + "es" if verb[-1] in "sz" else _verb_defaults(verb)[0]
    return s_form, stem + "ing", stem + "ed"


def _verb_special(code: str, lemma: str) -> tuple[str, str, str] | None:
    """The three regular forms a special value stands for (``+``, ``++``, ``*``, ``++*``), or None."""
    star = code.endswith("*") and " " in lemma
    base = code[:-1] if code.endswith("*") else code
    if base not in ("+", "++", ""):
        return None
    word, rest = lemma.split(" ", 1) if star else (lemma, "")
    rest = " " + rest if star else ""
    forms = _verb_doubled(word) if base == "++" else _verb_defaults(word)
    if forms is None:
        forms = _verb_defaults(word)
    return forms[0] + rest, forms[1] + rest, forms[2] + rest


def _en_verb(info: HeadInfo, positional: list[str], named: dict[str, str], lemma: str) -> None:
    params = [p.strip() for p in positional[:4]] + [""] * (4 - min(len(positional), 4))
    for i, stem, _tags in _VERB_SLOTS:
        params[i] = params[i] or named.get(stem, "").strip() or named.get(stem + "1", "").strip()
    p1, p2, p3, p4 = params
    default = _verb_defaults(lemma)
    firsts: list[str] = list(default)
    if p1 and not p2 and not p3 and p1 != "-":
        # one-parameter codes and the old stem form: {{en-verb|es}}, {{en-verb|d}}, {{en-verb|catt}}
        special = _verb_special(p1, lemma)
        if special:
            firsts = list(special)
        elif p1 == "es":
            firsts = [lemma + "es", lemma + "ing", lemma + "ed"]
        elif p1 == "ies" and lemma.endswith("y"):
            firsts = [lemma[:-1] + "ies", lemma[:-1] + "ying", lemma[:-1] + "ied"]
        elif p1 == "d":
            firsts = [lemma + "s", lemma + "ing", lemma + "d"]
        else:
            firsts = [lemma + "s", p1 + "ing", p1 + "ed"]
    elif p1 and p2 in ("es", "ies", "ing", "ed", "d") and not p3:
        # the old stem + ending form: {{en-verb|plac|ing}}, {{en-verb|quizz|es}}, {{en-verb|tr|ies}}
        if p2 == "es":
            firsts = [p1 + "es", p1 + "ing", p1 + "ed"]
        elif p2 == "ies":
            firsts = [p1 + "ies", p1 + "ying", p1 + "ied"]
        elif p2 == "d":
            firsts = [lemma + "s", p1 + "ing", p1 + "d"]
        else:
            firsts = [lemma + "s", p1 + "ing", p1 + "ed"]
    else:
        # one form per slot; empty → the default, a special value → what it stands for
        for i in range(3):
            value = params[i]
            special = _verb_special(value, lemma) if value else None
            firsts[i] = special[i] if special else (value or default[i])
    per_slot: list[list[tuple[str, str]]] = []
    for i, stem, _tags in _VERB_SLOTS:
        first = firsts[i] if i < 3 else p4
        if i == 3 and p4:
            special = _verb_special(p4, lemma)
            first = special[2] if special else p4
        qual = named.get(f"{stem}_qual", "") or named.get(f"{stem}1_qual", "")
        values = [(first, qual)] if first else []
        n = 2
        while f"{stem}{n}" in named:
            values.append((named[f"{stem}{n}"], named.get(f"{stem}{n}_qual", "")))
            n += 1
        per_slot.append(values)
    if not per_slot[3]:
        per_slot[3] = per_slot[2]  # the past participle is the past unless given
    for (_i, _stem, tags), values in zip(_VERB_SLOTS, per_slot, strict=True):
        for form, qual in values:
            info.add(form, tags, qual)


def _noun_default_plural(lemma: str) -> str:
    if _ES_END_RE.search(lemma):
        return lemma + "es"
    if _CONS_Y_RE.search(lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _en_noun(info: HeadInfo, positional: list[str], named: dict[str, str], lemma: str, proper: bool) -> None:
    params = [p.strip() for p in positional]
    plurals: list[str] = []
    # every positional parameter is a plural or a code: {{en-noun|abatis|es}} = abatis or abatises
    for k, p in enumerate(params):
        if p == "-":
            info.tag("uncountable") if k == 0 else info.tag("countable", "uncountable")
        elif p == "~":
            info.tag("countable", "uncountable")
        elif p == "?":
            info.tag("plural-unknown")
        elif p == "!":
            info.tag("plural-not-attested")
        elif p in ("s", "es"):
            plurals.append(lemma + p)
        elif p == "+":
            plurals.append(_noun_default_plural(lemma))
        elif p:
            plurals.append(p)
    if params and params[0] == "-" and plurals:
        info.tag("usually")
    for key in ("pl", "pl1"):
        if named.get(key):
            plurals.append(named[key])
    if not plurals and not proper and (not info.head_tags or params[:1] == ["~"]):
        # {{en-noun}}, {{en-noun|~}}, {{en-noun|pl2=plantæ}}: the default plural comes first
        plurals.append(_noun_default_plural(lemma))
    n = 2
    while f"pl{n}" in named:
        plurals.append(named[f"pl{n}"])
        n += 1
    for n, form in enumerate(plurals, 1):
        qual = named.get(f"pl{n}qual", "") or named.get(f"pl{n}_qual", "")
        info.add(form, _PLURAL, qual or (named.get("plqual", "") if n == 1 else ""))


def _en_plural_noun(info: HeadInfo, named: dict[str, str]) -> None:
    for key in ("sg", "sg2", "sg3"):
        if named.get(key):
            info.add(named[key], ("singular",))


def _comparative_superlative(comp: str, lemma: str) -> tuple[str, str]:
    """One comparative code or form → (comparative, superlative); "" where the template shows none."""
    if comp in ("more", "+", ""):
        return f"more {lemma}", f"most {lemma}"
    if comp == "er":
        if lemma.endswith("e"):
            return lemma + "r", lemma + "st"
        if _CONS_Y_RE.search(lemma):
            return lemma[:-1] + "ier", lemma[:-1] + "iest"
        return lemma + "er", lemma + "est"
    if comp.startswith("more "):
        return comp, "most " + comp[5:]
    if comp.endswith("er"):
        return comp, comp[:-2] + "est"
    return comp, ""


def _en_comparison(info: HeadInfo, positional: list[str], named: dict[str, str], lemma: str) -> None:
    params = [p.strip() for p in positional if p.strip()]
    if not params:
        params = ["more"] if not any(k.startswith(("comp", "sup")) for k in named) else []
    pairs: list[tuple[str, str]] = []
    for k, p in enumerate(params):
        if p == "-":
            info.tag("not-comparable") if k == 0 else info.tag("not-comparable", "sometimes")
        elif p == "?":
            info.tag("comparative-unknown")
        elif p == "!":
            continue
        else:
            pairs.append(_comparative_superlative(p, lemma))
    if params[:1] == ["-"] and pairs:
        info.tag("usually")
    # comp=, comp2=… add comparatives; sup=, sup2=… set the superlative of the n-th comparative
    for n in range(1, 5):
        suffix = "" if n == 1 else str(n)
        comp = named.get(f"comp{suffix}", "").strip()
        if comp:
            if n <= len(pairs):
                pairs[n - 1] = (comp, pairs[n - 1][1])
            else:
                pairs.append((comp, ""))
    comparatives = [c for c, _ in pairs]
    superlatives = [s for _, s in pairs]
    for n in range(1, 5):
        suffix = "" if n == 1 else str(n)
        sup = named.get(f"sup{suffix}", "").strip()
        if sup:
            if n <= len(superlatives):
                superlatives[n - 1] = sup
            else:
                superlatives.append(sup)
    for n, c in enumerate(comparatives, 1):
        info.add(c, _COMPARATIVE, named.get(f"comp{n}_qual", "") or (named.get("comp_qual", "") if n == 1 else ""))
    for n, s in enumerate(superlatives, 1):
        info.add(s, _SUPERLATIVE, named.get(f"sup{n}_qual", "") or (named.get("sup_qual", "") if n == 1 else ""))


# {{head|en|…}} labels: words that are not tags (dropped), and spellings of tags.
_LABEL_NOISE = frozenset({"case", "form", "forms", "or", "and", "tense", "simple"})
_LABEL_ALIASES = {"third-person singular": "third-person singular present", "3rd": "third-person"}


def _label_tags(label: str) -> tuple[tuple[str, ...], str]:
    """A {{head}} label → (tags, the label as written when some word of it is not a tag)."""
    label = _LABEL_ALIASES.get(label, label)
    words = [w for w in label.replace("-", " - ").replace(" - ", "-").split() if w not in _LABEL_NOISE]
    tags = tuple(w for w in words if w in FORM_TAGS)
    return tags, ("" if len(tags) == len(words) and tags else label)


def _head_labels(info: HeadInfo, positional: list[str]) -> None:
    """``{{head|en|noun|plural|houses|or|housen}}``: label/form pairs after language and POS ("or": the same label)."""
    rest = positional[2:]
    label = ""
    for k in range(0, len(rest) - 1, 2):
        new_label, form = _text(rest[k]), rest[k + 1]
        if new_label != "or":
            label = new_label
        if not label or not form.strip():
            continue
        tags, raw = _label_tags(label)
        entry_tags = tags
        before = len(info.forms)
        info.add(form, entry_tags)
        if raw and len(info.forms) > before:
            info.forms[-1]["raw_tags"] = [raw]


# Head templates whose positional parameters have names: name → (names; "gender" is the word's, not a form).
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
# A named form parameter's stem → tags; numbered ones ("pl2", "gen2", "dim2", "sup2") are more of the same.
_NAMED_FORM_TAGS: dict[str, tuple[str, ...]] = {
    "genitive": ("genitive",), "gen": ("genitive",), "plural": _PLURAL, "pl": _PLURAL,
    "diminutive": ("diminutive",), "dim": ("diminutive",), "comparative": _COMPARATIVE, "comp": _COMPARATIVE,
    "superlative": _SUPERLATIVE, "sup": _SUPERLATIVE, "f": ("feminine",), "m": ("masculine",),
    "fem": ("feminine",), "masc": ("masculine",),
}  # fmt: skip
_SHORT_NAMES = {"genitive": "gen", "plural": "pl", "diminutive": "dim", "comparative": "comp", "superlative": "sup"}
_NUMBERED_RE = re.compile(r"^([a-z]+?)(\d*)$")
_DE_ENDINGS = frozenset(
    {"s", "es", "(e)s", "ens", "n", "en", "e", "er", "ern", "se", "sen", "nen", "-", "sten", "esten", "st", "est", "r"}
)
# Parameters that are about layout or the word itself, never forms.
_LAYOUT_PARAMS = frozenset(
    {"sc", "sort", "nolink", "nolinkhead", "id", "cat", "cat2", "cat3", "lang", "g", "g1", "g2", "g3", "g4",
     "inf", "nocat", "new", "pagename", "tr", "ts"}
)  # fmt: skip


def _named_positional(info: HeadInfo, name: str, positional: list[str], named: dict[str, str], lemma: str) -> None:
    names = _HEAD_PARAM_NAMES[name]
    values = list(positional)
    if name.startswith("de-") and values and "," in values[0]:
        values = values[0].split(",") + values[1:]  # new {{de-noun|n,es,Häuser}}
    gender = values[0].strip() if values and names[0] == "gender" else ""
    for k, v in enumerate(values):
        v = v.strip()
        key = names[k] if k < len(names) else ""
        if key == "gender":
            continue
        if not key:
            if v:
                info.head_args[str(k + 1)] = v
            continue
        if name.startswith("de-") and key == "genitive" and not v and gender.startswith("f"):
            v = lemma  # feminine nouns do not inflect in the genitive singular: the template shows the headword
        if name.startswith("de-") and key == "plural" and v == "-":
            info.tag("no-plural")
            continue
        if name.startswith("de-") and v in _DE_ENDINGS and v != "-":
            v = lemma + v.replace("(", "").replace(")", "")
        if v:
            info.add(v, _NAMED_FORM_TAGS[key])
        # more of the same after the slot's own form: gen2=, pl2=, pl3=, dim2=, sup2= …
        short = _SHORT_NAMES.get(key, key)
        n = 2
        while f"{short}{n}" in named:
            info.add(named[f"{short}{n}"], _NAMED_FORM_TAGS[key])
            n += 1


# Other names of the same templates (redirects on Wiktionary).
_ALIASES = {"en-prop": "en-proper noun", "en-adverb": "en-adv", "en-adjective": "en-adj"}


def head_info(name: str, positional: list[str], named: dict[str, str], lemma: str) -> HeadInfo:
    """The forms, word tags and unread parameters of one head template (``name`` normalised)."""
    info = HeadInfo()
    name = _ALIASES.get(name, name)
    display = named.get("head", "") or (named.get("sg", "") if name in ("en-noun", "en-proper noun") else "")
    if display:
        shown = _text(display)
        if shown and shown != lemma:
            info.add(shown, ("canonical",))
    read: set[str] = {"head"}
    if name in ("head", "head-lite"):
        _head_labels(info, positional)
    elif name == "en-verb":
        _en_verb(info, positional, named, lemma)
        read |= {k for k in named if k.startswith(("pres_3sg", "pres_ptc", "past"))}
    elif name in ("en-noun", "en-proper noun"):
        _en_noun(info, positional, named, lemma, proper=name == "en-proper noun")
        read |= {k for k in named if k.startswith(("pl", "sg"))}
    elif name == "en-plural noun":
        _en_plural_noun(info, named)
        read |= {k for k in named if k.startswith("sg")}
    elif name in ("en-adj", "en-adv"):
        _en_comparison(info, positional, named, lemma)
        read |= {k for k in named if k.startswith(("comp", "sup"))}
    elif name in _HEAD_PARAM_NAMES:
        _named_positional(info, name, positional, named, lemma)
        read |= {k for k in named if _NUMBERED_RE.match(k) and k[-1:].isdigit() and k[-1] != "1"}
    else:
        for k, v in enumerate(positional):
            if v.strip():
                info.head_args[str(k + 1)] = _text(v)
    for k, v in named.items():
        if k in read or k in _LAYOUT_PARAMS or not v.strip():
            continue
        m = _NUMBERED_RE.match(k)
        tags = _NAMED_FORM_TAGS.get(m.group(1)) if m and name not in ("head", "head-lite") else None
        if tags and name not in ("en-verb", "en-noun", "en-proper noun", "en-adj", "en-adv", "en-plural noun"):
            info.add(v, tags)
        else:
            info.head_args[k] = _text(v)
    return info
