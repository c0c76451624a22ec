"""English edition: per-accent IPA as tagged sounds; Lexeme.ipa without delimiters (the German edition's notation).

Real pages of tests/data; expected values read by hand from each page's Pronunciation section (quoted).
"""

from __future__ import annotations

import pytest

from aqea.model import Lexeme, Page
from aqea.sources.dump import iter_pages
from aqea.wiktionary.en import parse_page
from tests.samples import EN_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP)}


def entry(pages: dict[str, Page], title: str) -> Lexeme:
    return parse_page(pages[title]).lexemes[0]


def ipa_sounds(lx: Lexeme) -> list[tuple[str, list[str]]]:
    return [(s["ipa"], s["tags"]) for s in lx.extra["sounds"] if "ipa" in s]


def test_each_accent_tags_its_lines_ipa(pages: dict[str, Page]) -> None:
    # "* {{a|GA}} {{IPA|/ˌkɑnəˈteɪʃən/|lang=en}}" / "* {{a|RP}} {{IPA|/ˌkɒnəˈteɪʃən/|lang=en}}"
    lx = entry(pages, "connotation")
    assert lx.ipa == ("ˌkɑnəˈteɪʃən", "ˌkɒnəˈteɪʃən")
    assert ipa_sounds(lx) == [
        ("ˌkɑnəˈteɪʃən", ["General American", "phonemic"]),
        ("ˌkɒnəˈteɪʃən", ["Received Pronunciation", "phonemic"]),
    ]
    assert {"rhymes": "eɪʃən", "tags": []} in lx.extra["sounds"]
    # "* {{a|UK}} {{IPA|/ˈd͡ʒænjʊəɹi/|lang=en}} …" / "* {{a|US}} {{enPR|…}}, {{IPA|/ˈd͡ʒænjuˌɛɹi/|/ˈd͡ʒænjuˌæɹi/|lang=en}}"
    jan = entry(pages, "January")
    assert ipa_sounds(jan) == [
        ("ˈd͡ʒænjʊəɹi", ["UK", "phonemic"]),
        ("ˈd͡ʒænjuˌɛɹi", ["US", "phonemic"]),
        ("ˈd͡ʒænjuˌæɹi", ["US", "phonemic"]),
    ]


def test_phonemic_and_phonetic_stay_apart(pages: dict[str, Page]) -> None:
    # "* {{a|US|UK}} {{IPA|/kæt/|[kʰæt]|[kʰæt̚]|lang=en}}"
    cat = entry(pages, "cat")
    assert cat.ipa == ("kæt", "kʰæt", "kʰæt̚")
    assert ipa_sounds(cat) == [
        ("kæt", ["US", "UK", "phonemic"]),
        ("kʰæt", ["US", "UK", "phonetic"]),
        ("kʰæt̚", ["US", "UK", "phonetic"]),
    ]


def test_partial_variant_is_not_a_pronunciation_of_the_word(pages: dict[str, Page]) -> None:
    # "* {{a|RP}} {{IPA|/əbˈstɹuːs/|lang=en}}" / "* {{a|GA}} {{IPA|/æbˈstɹus/|/əb-/|lang=en}}"
    lx = entry(pages, "abstruse")
    assert lx.ipa == ("əbˈstɹuːs", "æbˈstɹus")
    assert ("əb-", ["General American", "phonemic", "partial"]) in ipa_sounds(lx)


def test_no_empty_items(pages: dict[str, Page]) -> None:
    for page in pages.values():
        if page.namespace != 0:
            continue
        for lx in parse_page(page).lexemes:
            assert all(v for v in lx.ipa)
            assert all(s.get("ipa", s.get("rhymes")) for s in lx.extra.get("sounds", []))
