"""Definitions: ``#`` lines numbered as dotted paths ("2.1"), their labels and gloss, form-of
relations, their ``#:`` lines (usage examples, sense-level ``{{syn|…}}`` relations) and ``#*`` quotations."""

from __future__ import annotations

import re

from aqea.model import RelationRow
from aqea.wiktionary.en.common import _close_line, _MSense, _norm_name, _targs, _template_end
from aqea.wiktionary.en.forms import _form_of, _is_inflectional
from aqea.wiktionary.en.quotations import _Draft, example_args, line_content, quotation_line
from aqea.wiktionary.en.relations import _NYM_TEMPLATES, _nym_terms
from aqea.wiktionary.en.render import (
    _DROP_TEMPLATES,
    _EXAMPLE_TEMPLATES,
    _FIXED_TEXT,
    _LABEL_TEMPLATES,
    _QUALIFIER_TEMPLATES,
    _SHOW_PARAM,
    _TOPIC_TEMPLATES,
    _is_form_of,
    _labels,
    _plain,
    _render_template,
)
from aqea.wiktionary.markup import iter_templates, strip_markup

MAX_EXAMPLES = 3
_SENSE_LINE_RE = re.compile(r"^(#+)([:*]*)[ \t]*(.*)$", re.M)
_EMPTY_PARENS_RE = re.compile(r"\(\s*[,;]?\s*\)")
_SENSE_ID_TEMPLATES = frozenset({"senseid", "sid"})


def _senses(body: str, language: str, lemma: str) -> tuple[list[_MSense], list[RelationRow]]:
    senses: list[_MSense] = []
    relations: list[RelationRow] = []
    counters: list[int] = []
    open_senses: list[_MSense] = []  # the current sense at each depth
    quoting: _MSense | None = None  # the sense whose quotation lines are being read
    open_quote: _Draft | None = None  # its quotation that a following "#*:" line continues
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
        if not open_senses:
            continue
        owner = open_senses[min(depth, len(open_senses)) - 1]
        if marker[0] == "*":  # a quotation: its citation ("#*"), passage ("#*:") or translation ("#*::")
            if owner is not quoting:
                quoting, open_quote = owner, None
            if "{{" in content and content.count("{{") > content.count("}}"):
                content = line_content(body, m.start(3), m.end(3))
            open_quote = quotation_line(owner.quotations, open_quote, marker, content)
            continue
        if marker != ":":
            continue  # continuation lines ("#::", "#:*")
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
        if name in _SENSE_ID_TEMPLATES:
            if len(positional) > 1 and positional[1].strip():
                sense.ids.append(positional[1].strip())  # {{senseid|en|Q8171}}: matched by {{trans-top|id=…}}
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


def _example(name: str, positional: list[str], named: dict[str, str]) -> str:
    text, trans = example_args(name, positional, named)
    out = _plain(text)
    if trans:
        t = _plain(trans)
        if t:
            out = f"{out} ― {t}"
    return out
