"""German-edition (de.wiktionary.org) page parser: one module per concern.

Page layout::

    == Hallo ({{Sprache|Deutsch}}) ==                 language section (level 2)
    === {{Wortart|Substantiv|Deutsch}}, {{n}} ===      part-of-speech section (level 3) → one Lexeme
    {{Deutsch Substantiv Übersicht|Genus=n|…}}         preamble: inflection table
    {{Worttrennung}} / {{Aussprache}} / {{Bedeutungen}} / …   blocks
    ==== {{Übersetzungen}} ====

What a Lexeme gets: POS (pos_class: the first {{Wortart}} name's class, made finer by a later
name — "Substantiv, Vorname" is a proper_noun), gender, IPA (the headword's Lautschrift only, not
the forms' after {{Pl.}}, {{Prät.}}, … — see pronunciation.py), senses with labels and their examples
({{Beispiele}} ":[1, 2] …" → Sense.examples of senses 1 and 2), relations, and in ``extra``:
sounds (every pronunciation and rhyme, the forms' too: {"ipa" | "rhymes": …, "tags": [form tags,
qualifiers], "note"?}), hyphenation (the headword's) and form_hyphenations ({"hyphenation": …,
"tags": […]} for the forms after their markers), rhymes (the headword's), forms (the inflection table read into
the one forms shape of every edition, ``[{"form", "tags", "raw_tags"?, "article"?}]``: inflection_table.py,
wiktionary/form_tags.py) and inflection_template (the table's template name), etymology ({{Herkunft}} as plain
text), grammatical_features, examples_unattached (marker names no sense:
"[?]", "[*]", none, or a number the page does not have), translation_redirects
({{Übersetzungen umleiten|…}}).

Senses: labels come from {{K|…}} and label templates, from an italic label that starts the
sense ("''gegenständlich:''"), and from a label line above the senses ("*{{trans.|:}}",
"*''Hilfsverb [[sein]]:''"), which covers the senses below it. Unnumbered lines deeper than a
sense ("::— …", "::* …") continue its gloss.

A page without a "== … ({{Sprache|…}}) ==" heading still gives entries for its POS headings
that name their language ("=== {{Wortart|Substantiv|Deutsch}} ==="; lemma = page title).

Relation semantics (model.Relation):
  * word lists ({{Synonyme}} synonym, {{Gegenwörter}} antonym, {{Oberbegriffe}} hypernym,
    {{Unterbegriffe}} hyponym, {{Wortbildungen}}/{{Abgeleitete Begriffe}} derived, and
    RELATION_BLOCKS' "related" blocks noted with their block name): one Relation per word and
    per sense number its line names — ":[1, 2] [[Fichte]]" gives Fichte/"1" and Fichte/"2",
    "[1–3]" is expanded; no marker, "[*]" or "[?]" give sense "". Language = the lexeme's.
  * translations: one Relation per {{Ü…|code|word}} and sense. The sense is the inline marker
    before the word on its line ("*{{en}}: [3] {{Ü|en|home}}"), else the {{Ü-Tabelle|n|…}}
    number, else "" (never guessed). Note = "gender; Umschrift: transliteration; G-gloss".
    A line without any {{Ü}} gives its links ("*{{de}}: [1] [[Brust]]", foreign entries).
  * {{Grundformverweis…|X}} → form_of X, one per Grammatische-Merkmale line naming X (the line
    is the note); {{Lemmaverweis|X}} → related X; {{Alte Schreibweise|X|…}} and {{Schweizer und
    Liechtensteiner Schreibweise|X}} in a POS section → related X noted with the template name.
  * Sub-senses "::[a]" under ":[1]" are numbered "1a": that is how examples and relations name them.

Speed (compiled with Cython by `make install` when a C compiler is there: aqea/compiled.py; ~13% faster, the
same results): the page is split with line regexes (sections.py) and only the few lines we need are
looked at (markup.py); no parse tree is built. parse_pages (the pipeline's entry point) builds a
batch's entries field by field rather than entry by entry (~11% faster, same results).
Translation lists, most of a page's bytes, are read in one regex pass (a {{Ü-Tabelle}} and its
end in another). Blocks of a line kind (word lists, examples, Herkunft) are read with one findall
each. Relations are plain tuples (model.RelationRow) from start to store: building Relation
objects cost ~8% of the time.

Modules (page.py imports the others; of those only translations.py imports a sibling, relations.py, besides
common.py: no cycles)::

    page.py            sections, POS headings, homographs, the batch driver parse_pages / parse_page
    pronunciation.py   Aussprache (IPA, rhymes, sounds), Worttrennung (hyphenation, forms' hyphenation)
    senses.py          Bedeutungen (senses, labels), Beispiele (examples attached to senses)
    forms.py           gender, inflection table (its template), Grammatische Merkmale, form-of relations
    inflection_table.py  the inflection table's cells → forms with tags (taxonomy/inflection_tables_de.json)
    etymology.py       Herkunft
    relations.py       word-list blocks (Synonyme, …) and the words of a list line
    translations.py    Übersetzungen
    common.py          shared shapes: relation/block tuples, sense markers, plain text, link targets
"""

from aqea.compiled import use_compiled

use_compiled(__name__, __path__)  # the modules below compiled, while they match their sources (aqea/compiled.py)

from aqea.wiktionary.de.common import GENDER_TEMPLATES, sense_numbers  # noqa: E402
from aqea.wiktionary.de.etymology import _etymology  # noqa: E402
from aqea.wiktionary.de.page import (  # noqa: E402
    LANGUAGES,
    POS,
    POS_REFINE,
    SOURCE,
    parse_page,
    parse_pages,
    pos_class,
)
from aqea.wiktionary.de.pronunciation import _hyphenation  # noqa: E402
from aqea.wiktionary.de.relations import RELATION_BLOCKS, line_targets  # noqa: E402

__all__ = [
    "GENDER_TEMPLATES",
    "LANGUAGES",
    "POS",
    "POS_REFINE",
    "RELATION_BLOCKS",
    "SOURCE",
    "_etymology",
    "_hyphenation",
    "line_targets",
    "parse_page",
    "parse_pages",
    "pos_class",
    "sense_numbers",
]
