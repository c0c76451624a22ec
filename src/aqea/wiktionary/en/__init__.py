"""English-edition (en.wiktionary.org) page parser: one module per concern.

Page layout::

    ==English==                                    language section (level 2) → language code
    ===Etymology 1===                              optional; numbered etymologies → homographs
    ===Pronunciation===                            level 3 (whole language) or 4 (under Etymology N)
    ====Noun====                                   part-of-speech section (level 3/4/5) → one Lexeme
    {{en-noun|s}}                                  head template: gender, forms
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
  synonym-style sections are attached to a sense only when the match is unique (the rules, in
  order, are in sense_match.py); otherwise sense = "" (whole entry).
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
  may be missing). Rows written as plain links or plain text ("* Latin: [[aqua]]") give
  translations too, in the row's language ("*: Old Irish:" → sga).
* IPA values are kept without their delimiters ("haʊs", as the German edition's); each is also an
  ``extra["sounds"]`` item {"ipa", "tags"} tagged with its line's accents ({{a|UK}}, RP → "Received
  Pronunciation"), qualifiers and notation ("phonemic" for /…/, "phonetic" for […]); see pronunciation.py. The
  Pronunciation section that applies is the one under the POS, else under the nearest
  enclosing heading (Etymology N, Pronunciation N), else the language-level one.
* ``Lexeme.extra`` keys: ``head_template`` (name), ``forms`` (what the head template shows, by its
  documented rules: ``[{"form": "cats", "tags": ["plural"]}, …]``, ``raw_tags`` for its qualifiers;
  head_forms.py), ``head_tags`` (countable, uncountable, not-comparable, …), ``head_args`` (parameters of
  a head template without rules, as written),
  ``hyphenation`` ("dic·tion·ar·y", first alternative), ``rhymes`` (list), ``etymology``
  (first paragraph, plain text), ``etymology_number`` (N of "Etymology N"), ``topics`` (list),
  ``heading_pos`` (only when pos was changed to "inflected_form").

Modules (page.py imports the others; no cycles: common.py, headings.py at the bottom, then render.py,
sense_match.py, then relations.py ← forms.py ← senses.py / translations.py)::

    page.py            language sections, POS entries, homographs, shared relation sections, parse_page(s)
    headings.py        what each heading is (POS, etymology, pronunciation, relation, …) and their tree
    senses.py          "#" definitions: numbers, labels, glosses, examples, sense-level relations
    sense_match.py     a translation-table / {{sense}} gloss → one sense (the rules above)
    forms.py           head templates (gender) and form-of relations
    head_forms.py      head templates rendered into named forms (en-verb, en-noun, en-adj, … de-noun)
    pronunciation.py   IPA, rhymes, hyphenation
    etymology.py       etymology number and first paragraph
    relations.py       Synonyms, … Related terms sections; relation targets
    translations.py    Translations sections
    topics.py          topic categories per POS
    render.py          what a template shows in running text (incl. which templates are form-of)
    common.py          language tables, the sense being built, template-argument helpers
"""

from aqea.compiled import use_compiled

use_compiled(__name__, __path__)  # the modules below compiled, while they match their sources (aqea/compiled.py)

from aqea.wiktionary.en.common import LANGUAGE_NAMES, LANGUAGES, language_code  # noqa: E402
from aqea.wiktionary.en.headings import NON_POS, POS, RELATION_SECTIONS, heading_pos  # noqa: E402
from aqea.wiktionary.en.page import SOURCE, parse_page, parse_pages  # noqa: E402
from aqea.wiktionary.en.senses import MAX_EXAMPLES  # noqa: E402

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MAX_EXAMPLES",
    "NON_POS",
    "POS",
    "RELATION_SECTIONS",
    "SOURCE",
    "heading_pos",
    "language_code",
    "parse_page",
    "parse_pages",
]
