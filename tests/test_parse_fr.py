"""French-edition parser against real fr.wiktionary pages (tests/data sample) and odd input.

Expected values were written by hand from each page's wikitext, not from parser output.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from aqea.model import RELATION_KINDS, Lexeme, Page, ParseResult, Relation
from aqea.sources.dump import iter_pages
from aqea.taxonomy import domain_of
from aqea.wiktionary import fr
from aqea.wiktionary.editions import parser_for, supported_editions
from aqea.wiktionary.fr import parse_page, parse_pages
from tests.samples import FR_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(FR_DUMP)}


def parsed(pages: dict[str, Page], title: str) -> ParseResult:
    r = parse_page(pages[title])
    assert r.rejection is None, r.rejection
    assert r.skipped is None
    return r


def french(pages: dict[str, Page], title: str) -> list[Lexeme]:
    return [lx for lx in parsed(pages, title).lexemes if lx.language == "fr"]


def rels(lx: Lexeme, kind: str) -> list[Relation]:
    return [Relation(*r) for r in lx.relations if r[0] == kind]


def page(text: str, title: str = "X", ns: int = 0, redirect: str | None = None) -> Page:
    return Page(title=title, namespace=ns, page_id=7, revision_id=8, timestamp="", text=text, redirect=redirect)


# --------------------------------------------------------------------------- pages, languages, POS


def test_chat_language_sections_and_homographs(pages: dict[str, Page]) -> None:
    r = parsed(pages, "chat")
    # == {{langue|…}} == of the page, in order; "gallo" has no ISO code (English edition: roa-gal)
    languages = list(dict.fromkeys(lx.language for lx in r.lexemes))
    assert languages == ["fr", "fro", "en", "gcr", "ht", "roa-gal", "nl", "cs"]
    nouns = [lx for lx in r.lexemes if lx.language == "fr" and lx.pos == "noun"]
    # === {{S|nom|fr|num=1}} === … num=3: three homographs, all '''chat''' … {{m}}
    assert [(lx.homograph, lx.extra["homograph_num"], lx.gender, lx.ipa) for lx in nouns] == [
        (1, "1", ("m",), ("ʃa",)),
        (2, "2", ("m",), ("ʃa",)),
        (3, "3", ("m",), ("tʃat",)),
    ]
    assert all(lx.lemma == "chat" and lx.pos_names == ("nom",) and lx.source == "frwiktionary" for lx in nouns)
    assert nouns[0].record_key == pages["chat"].record_key
    # {{S|verbe|nl|flexion}} and {{S|nom|cs|flexion}}: inflected forms in their languages
    assert [(lx.language, lx.pos_names) for lx in r.lexemes if lx.pos == "inflected_form"] == [
        ("nl", ("verbe", "flexion")),
        ("cs", ("nom", "flexion")),
    ]


def test_headword_ipa_is_kept_apart_from_the_pronunciation_section(pages: dict[str, Page]) -> None:
    first, _second, third = (lx for lx in french(pages, "chat") if lx.pos == "noun")
    # the section lists Canadian {{pron|ʃɑ|fr}} and {{phon|ʃɒ|fr}} too: not the headword's
    assert first.ipa == ("ʃa",)
    assert first.extra["pronunciation_section_ipa"] == ["ʃa", "ʃɑ", "ʃɒ", "tʃat"]
    assert third.ipa == ("tʃat",)
    # {{pron||fro}}: not filled in yet → no IPA
    fro = [lx for lx in parsed(pages, "chat").lexemes if lx.language == "fro"]
    assert len(fro) == 2 and all(lx.ipa == () for lx in fro)


def test_base_gender_ipa_and_sub_sense_numbers(pages: dict[str, Page]) -> None:
    noun, verb_form = french(pages, "base")
    assert verb_form.pos_names == ("verbe", "flexion")
    assert (noun.pos, noun.gender, noun.ipa) == ("noun", ("f",), ("bɑz",))
    by_number = {s.number: s for s in noun.senses}
    assert by_number["1"].gloss == "Partie inférieure d’un corps quelconque qui lui sert de soutien."
    assert by_number["1"].examples[2].startswith("Rarement un édifice plus laid fut élevé sur une place publique.")
    # "# {{en particulier}} {{lexique|architecture|fr}} Ce qui soutient le fût de la colonne."
    assert by_number["2"].labels == ("en particulier", "architecture")
    assert by_number["2"].gloss == "Ce qui soutient le fût de la colonne."
    assert by_number["2"].examples[:2] == ("Base dorique.", "Base ionique.")
    # "# {{lexique|mathématiques|fr}}" holds only a label; "##" and "###" lines below it
    assert (by_number["4"].gloss, by_number["4"].labels) == ("", ("mathématiques",))
    assert by_number["4a"].labels == ("géométrie",)
    assert by_number["4a.1"].gloss == "Côté du triangle opposé à l’angle qui est regardé comme le sommet."
    assert by_number["4a.1"].examples == ("La base du triangle.",)
    assert by_number["4b"].labels == ("algèbre linéaire",)
    assert by_number["18"].labels == ("argot",)
    assert [s.number for s in noun.senses][-3:] == ["16", "17", "18"]
    # {{exemple|lang=fr}} without text is no example
    assert by_number["13"].examples == ()


def test_adjective_and_verb(pages: dict[str, Page]) -> None:
    adjective = next(lx for lx in french(pages, "bleu") if lx.pos == "adjective")
    assert (adjective.gender, adjective.ipa) == ((), ("blø",))
    cooked = adjective.senses[4]
    assert (cooked.number, cooked.labels) == ("5", ("cuisine",))
    assert cooked.gloss == "Très peu cuit, en parlant d’une viande grillée."
    assert cooked.examples == ("On m’a servi un bifteck bleu.",)
    (verb,) = french(pages, "employer")
    assert (verb.pos, verb.ipa, verb.gender) == ("verb", ("ɑ̃.plwa.je",), ())
    assert verb.senses[0].gloss == "Utiliser ; user ; se servir de."
    assert verb.senses[1].labels == ("spécialement", "grammaire")


# --------------------------------------------------------------------------- translations


def test_translations_take_the_sense_of_their_box(pages: dict[str, Page]) -> None:
    first, _second, _third = (lx for lx in french(pages, "chat") if lx.pos == "noun")
    translations = rels(first, "translation")
    # {{trad-début|Chat domestique|1}} … {{trad+|de|Katze|f}}; {{trad-début|Chat mâle|2}} … Kater;
    # {{trad-début|Félin|3}} … Katze again: one relation per box
    assert ("translation", "Katze", "de", "1", "f; Chat domestique") in translations
    assert ("translation", "cat", "en", "1", "Chat domestique") in translations
    assert ("translation", "Kater", "de", "2", "m; Chat mâle") in translations
    assert ("translation", "Katze", "de", "3", "f; Félin") in translations
    # {{trad-|yi|קאץ|f|tr=kats}}; {{T|conv}} : ''{{trad+|conv|Felis silvestris catus}}'' → mul
    assert ("translation", "קאץ", "yi", "1", "f; tr: kats; Chat domestique") in translations
    assert ("translation", "Felis silvestris catus", "mul", "1", "Chat domestique") in translations
    assert Counter(t.sense for t in translations)["2"] == 24  # 24 {{trad…}} in the "Chat mâle" box (19 lines)


def test_translation_gloss_is_matched_to_a_definition_or_left_empty(pages: dict[str, Page]) -> None:
    (verb,) = french(pages, "employer")
    translations = rels(verb, "translation")
    # "Utiliser" starts sense 1 ("Utiliser ; user ; se servir de.")
    assert ("translation", "benutzen", "de", "1", "Utiliser") in translations
    # "Donner un métier" matches no definition ("Pourvoir d’une occupation …"): whole entry
    donner = [t for t in translations if t.note.endswith("Donner un métier")]
    assert donner and {t.sense for t in donner} == {""}
    noun = french(pages, "base")[0]
    # {{trad-début|solution ayant un pH supérieur à 7}}: only sense 9 (chimie) says "ayant un pH supérieur à 7"
    chemistry = [t for t in rels(noun, "translation") if t.note.endswith("solution ayant un pH supérieur à 7")]
    assert chemistry and {t.sense for t in chemistry} == {"9"}
    socle = [t for t in rels(noun, "translation") if t.note.endswith("socle")]
    assert socle and {t.sense for t in socle} == {""}
    # bleu (adjective): {{trad-début|Couleur.}} — senses 1–4 all speak of a colour: not one of them
    adjective = next(lx for lx in french(pages, "bleu") if lx.pos == "adjective")
    colour = [t for t in rels(adjective, "translation") if t.note.endswith("Couleur.")]
    assert colour and {t.sense for t in colour} == {""}


# --------------------------------------------------------------------------- word lists and forms


def test_synonyms_antonyms_and_related(pages: dict[str, Page]) -> None:
    noun = french(pages, "base")[0]
    synonyms = [r.target for r in rels(noun, "synonym")]
    assert synonyms[:4] == ["support", "soutien", "appui", "socle"]
    assert "assiette" in synonyms
    # ''Chimie :'' heading line above [[acide]]
    assert rels(noun, "antonym") == [("antonym", "acide", "fr", "", "Chimie")]
    assert ("derived", "base de données", "fr", "", "") in rels(noun, "derived")
    first = next(lx for lx in french(pages, "chat") if lx.pos == "noun")
    # {{(|Chat domestique|1}} … [[greffier]]; {{(|Chat mâle|2}} … [[matou]]
    assert ("synonym", "greffier", "fr", "1", "") in first.relations
    assert ("synonym", "matou", "fr", "2", "") in first.relations
    (verb,) = french(pages, "employer")
    assert ("related", "employeur", "fr", "", "apparentés") in verb.relations


def test_flexion_sections_are_inflected_forms_of_their_lemma(pages: dict[str, Page]) -> None:
    noun_form, verb_form = french(pages, "minutes")
    assert (noun_form.pos, noun_form.extra["heading_pos"], noun_form.gender) == ("inflected_form", "noun", ("f",))
    assert rels(noun_form, "form_of") == [("form_of", "minute", "fr", "1", "Pluriel de")]
    assert (verb_form.pos, verb_form.extra["heading_pos"], verb_form.homograph) == ("inflected_form", "verb", 2)
    assert [(r.target, r.sense) for r in rels(verb_form, "form_of")] == [("minuter", "1"), ("minuter", "2")]
    (form,) = french(pages, "colligeait")
    assert rels(form, "form_of") == [
        ("form_of", "colliger", "fr", "1", "Troisième personne du singulier de l’indicatif imparfait du verbe")
    ]
    assert form.senses[0].examples[0].startswith("Chazelle colligeait les prospectus de librairie")
    # {{S|verbe|fr|flexion|num=1}} and num=2
    suis = french(pages, "suis")
    assert [(lx.pos, lx.homograph, lx.extra["homograph_num"]) for lx in suis] == [
        ("inflected_form", 1, "1"),
        ("inflected_form", 2, "2"),
    ]
    assert {r.target for lx in suis for r in rels(lx, "form_of")} == {"être", "suivre"}


def test_pages_without_french_keep_their_languages(pages: dict[str, Page]) -> None:
    r = parsed(pages, "π")
    # == {{caractère}} == is no language section; {{langue|gaulois}} is Gaulish
    assert [(lx.language, lx.pos) for lx in r.lexemes] == [
        ("mul", "symbol"),
        ("cel-gau", "letter"),
        ("el", "letter"),
        ("grc", "letter"),
    ]
    assert [lx.ipa for lx in r.lexemes] == [(), (), ("p",), ()]  # {{pron-recons}} is no attested IPA


# --------------------------------------------------------------------------- the whole sample

_FRENCH_POS_HEADING = re.compile(r"^=+ *\{\{S\|([^|}]+)\|fr(\|flexion)?(?:\|num=\d+)? *\}\} *=+ *$", re.M)


def test_every_page_parses_and_pos_counts_match_the_headings(pages: dict[str, Page]) -> None:
    results = parse_pages(list(pages.values()))
    assert len(results) == 50
    assert [r.rejection for r in results if r.rejection is not None] == []
    assert all(r.unknown_pos == () for r in results)
    counted: Counter[str] = Counter()
    for r in results:
        for lx in r.lexemes:
            assert set(k for k, *_ in lx.relations) <= RELATION_KINDS
            if lx.language == "fr":
                counted[lx.pos] += 1
    # independent count over the wikitext: French POS headings, "|flexion" ones apart
    heads: Counter[str] = Counter()
    for p in pages.values():
        for name, flexion in _FRENCH_POS_HEADING.findall(p.text):
            heads["flexion" if flexion else name] += 1
    assert heads["nom"] == counted["noun"] == 38
    assert heads["verbe"] == counted["verb"] == 5
    assert heads["adjectif"] == counted["adjective"] == 7
    assert heads["adverbe"] == counted["adverb"] == 2
    assert heads["nom propre"] + heads["nom de famille"] == counted["proper_noun"]
    assert heads["flexion"] == counted["inflected_form"] == 19
    # and French lexemes on exactly the pages that have a French section (47 of 50, README)
    with_fr = {p.title for p in pages.values() if "{{langue|fr}}" in p.text}
    assert len(with_fr) == 47
    assert {t for t, r in zip(pages, results, strict=True) if any(lx.language == "fr" for lx in r.lexemes)} == with_fr


def test_french_has_a_domain_and_the_pipeline_knows_the_edition() -> None:
    assert domain_of("fr") is not None
    assert "frwiktionary" in supported_editions()
    assert parser_for("frwiktionary") is fr.parse_pages


# --------------------------------------------------------------------------- odd input


def test_cut_off_page_is_a_partial_result_not_an_exception(pages: dict[str, Page]) -> None:
    text = pages["base"].text
    cut = text[: text.index("{{exemple", text.index("# {{lexique|militaire|fr}}")) + 20]  # inside a template
    r = parse_page(page(cut, title="base"))
    assert r.rejection is None
    (noun,) = r.lexemes
    assert noun.senses[-1].number == "7" and noun.senses[-1].labels == ("militaire",)
    # a cut inside {{trad-début|…: translations read up to there, no error
    text = pages["employer"].text
    r = parse_page(page(text[: text.index("{{trad-début|Donner") + 14], title="employer"))
    assert r.rejection is None and rels(r.lexemes[0], "translation")


def test_rejections_and_skips() -> None:
    assert parse_page(page("{{voir|Hafnium}}")).rejection.reason == "no language section"  # type: ignore[union-attr]
    r = parse_page(page("== {{langue|fr}} ==\n=== {{S|étymologie}} ===\n: Du latin."))
    assert r.rejection is not None and r.rejection.reason == "no part-of-speech section"
    assert parse_page(page("#REDIRECTION [[chat]]")).skipped == "redirect"
    assert parse_page(page("== {{langue|fr}} ==", ns=10)).skipped == "namespace 10"
    # a POS name the tables do not know is reported, not guessed; with definitions it is pos "unknown"
    r = parse_page(page("== {{langue|fr}} ==\n=== {{S|machin|fr}} ===\n'''X'''\n# Un sens.\n"))
    assert r.unknown_pos == ("machin",)
    assert [(lx.pos, lx.senses[0].gloss) for lx in r.lexemes] == [("unknown", "Un sens.")]
    # {{genre ?}} on the headword line: no gender, flagged
    r = parse_page(page("== {{langue|fr}} ==\n=== {{S|nom|fr}} ===\n'''X''' {{pron|iks|fr}} {{genre ?}}\n# Sens.\n"))
    (lx,) = r.lexemes
    assert (lx.gender, lx.ipa, lx.extra["gender_unknown"]) == ((), ("iks",), True)


def test_a_parser_error_is_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_text: str) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr("aqea.wiktionary.fr.page.parse_senses", boom)
    good = page("{{voir|x}}", title="A")
    bad = page("== {{langue|fr}} ==\n=== {{S|nom|fr}} ===\n# x\n", title="B")
    a, b = parse_pages([good, bad])
    assert a.rejection is not None and a.rejection.reason == "no language section"
    assert b.rejection is not None and b.rejection.reason == "parser error" and "boom" in b.rejection.detail
