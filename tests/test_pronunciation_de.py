"""German edition: the headword's pronunciation, rhymes and hyphenation apart from its forms'.

Real pages of tests/data; every expected value was read by hand from the page's {{Aussprache}} /
{{Worttrennung}} lines (quoted next to each assertion).
"""

from __future__ import annotations

import pytest

from aqea.model import Lexeme, Page
from aqea.sources.dump import iter_pages
from aqea.wiktionary.de import parse_page
from tests.samples import DE_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(DE_DUMP)}


def entry(pages: dict[str, Page], title: str, index: int = 0) -> Lexeme:
    return parse_page(pages[title]).lexemes[index]


def sounds(lx: Lexeme) -> list[tuple[str, list[str]]]:
    return [(s["ipa"], s["tags"]) for s in lx.extra["sounds"] if "ipa" in s]


def test_forms_ipa_is_not_the_headwords(pages: dict[str, Page]) -> None:
    # lieben: ":{{IPA}} {{Lautschrift|ˈliːbən}}, {{Prät.}} {{Lautschrift|ˈliːptə}}, {{Part.}} {{Lautschrift|ɡəˈliːpt}}"
    lieben = entry(pages, "lieben")
    assert lieben.ipa == ("ˈliːbən",)
    assert sounds(lieben) == [("ˈliːbən", []), ("ˈliːptə", ["past"]), ("ɡəˈliːpt", ["past", "participle"])]
    # doll: ":{{IPA}} {{Lautschrift|dɔl}}, {{Komp.}} {{Lautschrift|ˈdɔlɐ}}, {{Sup.}} {{Lautschrift|ˈdɔlstn̩}}"
    doll = entry(pages, "doll")
    assert doll.ipa == ("dɔl",)
    assert sounds(doll) == [("dɔl", []), ("ˈdɔlɐ", ["comparative"]), ("ˈdɔlstn̩", ["superlative"])]
    # Aas: ":{{IPA}} {{Lautschrift|aːs}}, {{Pl.1}} {{Lautschrift|ˈaːzə}}, {{Pl.2}} {{Lautschrift|ˈɛːzɐ}}"
    aas = entry(pages, "Aas")
    assert aas.ipa == ("aːs",)
    assert sounds(aas) == [("aːs", []), ("ˈaːzə", ["plural"]), ("ˈɛːzɐ", ["plural"])]
    # der (article): ":{{IPA}} {{Lautschrift|deːɐ̯}}, {{Fem.}} {{Lautschrift|diː}}, {{Neutr.}} …das…, {{Pl.}} …diː…"
    der = entry(pages, "der")
    assert der.ipa == ("deːɐ̯",)
    assert sounds(der)[1:] == [("diː", ["feminine"]), ("das", ["neuter"]), ("diː", ["plural"])]


def test_a_case_after_the_plural_marker_is_the_plurals_and_labels_qualify(pages: dict[str, Page]) -> None:
    # du: "duː, {{Gen.}} ˈdaɪ̯nɐ, ''veraltet:'' daɪ̯n, {{Dat.}} diːɐ̯, {{Akk.}} dɪç, {{Pl.}} iːɐ̯, {{Gen.}} ˈɔjɐ, …"
    du = entry(pages, "du")
    assert du.ipa == ("duː",)
    assert sounds(du)[:7] == [
        ("duː", []),
        ("ˈdaɪ̯nɐ", ["genitive"]),
        ("daɪ̯n", ["genitive", "veraltet"]),
        ("diːɐ̯", ["dative"]),
        ("dɪç", ["accusative"]),
        ("iːɐ̯", ["plural"]),
        ("ˈɔjɐ", ["plural", "genitive"]),
    ]


def test_words_before_a_value_make_it_not_the_headwords(pages: dict[str, Page]) -> None:
    # sein: "{{Lautschrift|ˈzaɪ̯n}} (bin: {{Lautschrift|bɪn}}, bist: …), {{Prät.}} {{Lautschrift|ˈvaːɐ̯}}, …"
    sein = entry(pages, "sein")
    assert sein.ipa == ("ˈzaɪ̯n",)
    assert {"ipa": "bɪn", "tags": [], "note": "bin"} in sein.extra["sounds"]
    # er: "{{Lautschrift|eːɐ̯}}, als [[Klitikon]] {{Lautschrift|ɐ}} (zum Beispiel „was er“ {{Lautschrift|ˈvas‿ɐ}})"
    er = entry(pages, "er")
    assert er.ipa == ("eːɐ̯",)
    assert {"ipa": "ɐ", "tags": [], "note": "als Klitikon"} in er.extra["sounds"]


def test_region_qualifiers_hold_for_their_line_and_refs_are_dropped(pages: dict[str, Page]) -> None:
    # Joghurt: ":{{IPA}} {{Dtld.|,}} {{Schweiz|:}} {{Lautschrift|ˈjoːɡʊʁt}}, {{Pl.}} {{Lautschrift|ˈjoːɡʊʁʦ}}<ref …/>"
    #          "::{{Österr.|:}} {{Lautschrift|ˈjoːkʊʁt}}, {{Pl.}} {{Lautschrift|ˈjoːkʊʁts}}"
    joghurt = entry(pages, "Joghurt")
    assert joghurt.ipa == ("ˈjoːɡʊʁt", "ˈjoːkʊʁt")
    assert sounds(joghurt) == [
        ("ˈjoːɡʊʁt", ["Deutschland", "Schweiz"]),
        ("ˈjoːɡʊʁʦ", ["plural", "Deutschland", "Schweiz"]),
        ("ˈjoːkʊʁt", ["Österreich"]),
        ("ˈjoːkʊʁts", ["plural", "Österreich"]),
    ]
    # Mail: "{{Lautschrift|mɛɪ̯l}}<ref>{{Lit-…}} …</ref>, {{Lautschrift|meːl}}<ref>…</ref>; {{Pl.}} … mɛɪ̯ls …, … meːls …"
    mail = entry(pages, "Mail")
    assert mail.ipa == ("mɛɪ̯l", "meːl")
    assert mail.extra["rhymes"] == ["eːl", "ɛɪ̯l"]


def test_plural_only_word_keeps_its_plural_as_the_headwords(pages: dict[str, Page]) -> None:
    # Händel #1 (Streit, kein Singular): ":{{IPA}} {{Pl.}} {{Lautschrift|ˈhɛndl̩}}"
    streit, name = parse_page(pages["Händel"]).lexemes[:2]
    assert streit.ipa == ("ˈhɛndl̩",)
    # Händel #2 (the composer): ":{{IPA}} {{Lautschrift|ˈhɛndl̩}}, {{Pl.}} {{Lautschrift|ˈhɛndl̩s}}"
    assert name.ipa == ("ˈhɛndl̩",)
    assert sounds(name) == [("ˈhɛndl̩", []), ("ˈhɛndl̩s", ["plural"])]


def test_forms_hyphenation_is_tagged(pages: dict[str, Page]) -> None:
    # werden: ":wer·den, {{Prät.}} wur·de, ''(veraltet)'' ward, {{Part.}} ge·wor·den, wor·den"
    werden = entry(pages, "werden")
    assert werden.extra["hyphenation"] == "wer·den"
    assert werden.extra["form_hyphenations"] == [
        {"hyphenation": "wur·de", "tags": ["past"]},
        {"hyphenation": "ward", "tags": ["past", "veraltet"]},
        {"hyphenation": "ge·wor·den", "tags": ["past", "participle"]},
        {"hyphenation": "wor·den", "tags": ["past", "participle"]},
    ]
    # ich: ":ich, {{Gen.}} mei·ner, {{va.|:}} mein, {{Dat.}} mir, {{Akk.}} mich; {{Pl.}} wir, {{Gen.}} un·ser, …"
    ich = entry(pages, "ich")
    assert ich.extra["form_hyphenations"][:2] == [
        {"hyphenation": "mei·ner", "tags": ["genitive"]},
        {"hyphenation": "mein", "tags": ["genitive", "veraltet"]},
    ]
    assert {"hyphenation": "un·ser", "tags": ["plural", "genitive"]} in ich.extra["form_hyphenations"]
