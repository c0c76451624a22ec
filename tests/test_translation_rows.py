"""Translation rows kept as written (real pages of the tests/data samples, read by hand): Baltic words keep
their macrons, rows written as plain links or plain text are kept, rows of older languages get the old
language's code."""

from __future__ import annotations

import pytest

from aqea.model import Page, Relation
from aqea.sources.dump import iter_pages
from aqea.wiktionary import de, en
from tests.samples import DE_DUMP, EN_DUMP


@pytest.fixture(scope="module")
def en_pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


@pytest.fixture(scope="module")
def de_pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(DE_DUMP) if p.namespace == 0}


def en_translations(pages: dict[str, Page], title: str, pos: str = "") -> list[Relation]:
    return [
        Relation(*r)
        for lx in en.parse_page(pages[title]).lexemes
        if lx.language == "en" and (not pos or lx.pos == pos)
        for r in lx.relations
        if r[0] == "translation"
    ]


def de_translations(pages: dict[str, Page], title: str) -> list[Relation]:
    return [
        Relation(*r)
        for lx in de.parse_page(pages[title]).lexemes
        if lx.language == "de"
        for r in lx.relations
        if r[0] == "translation"
    ]


def words(rows: list[Relation], language: str) -> set[str]:
    return {r.target for r in rows if r.language == language}


def test_latvian_and_lithuanian_words_keep_their_macrons(en_pages: dict[str, Page]) -> None:
    # free: "* Latvian: {{t|lv|brīvs}}"; pond: "* Lithuanian: … {{t|lt|kūdra}}"
    assert "brīvs" in words(en_translations(en_pages, "free", "adjective"), "lv")
    assert "kūdra" in words(en_translations(en_pages, "pond"), "lt")


def test_lithuanian_stress_marks_are_dropped_as_in_entry_names(en_pages: dict[str, Page]) -> None:
    # antonym: "* Lithuanian: {{t+|lt|antonìmas|m}}" links to the entry "antonimas"
    assert words(en_translations(en_pages, "antonym"), "lt") == {"antonimas"}


def test_rows_of_plain_links_and_plain_text_are_kept(en_pages: dict[str, Page]) -> None:
    # women: "* [[Interlingua]]: [[feminas]]", "* [[Tswana]]: basadi"
    rows = en_translations(en_pages, "women")
    assert "feminas" in words(rows, "ia")
    assert "basadi" in words(rows, "tn")
    # pond: "* German: Der [[groß|Große]] [[Teich]]" is one phrase, not two words
    assert "Der Große Teich" in words(en_translations(en_pages, "pond"), "de")


def test_rows_of_older_languages_get_the_old_language_code(en_pages: dict[str, Page]) -> None:
    # ten: "* Old English: [[tien|tīen, tēn]]" is one link to "tien" (Old English entry names drop macrons)
    assert "tien" in words(en_translations(en_pages, "ten"), "ang")
    # noun: under "* German:", "*: Middle High German or Early New High German (ca. 1500): [[nam]] {{g|m}}"
    # (the row above it, "*: Middle High German: {{t|gmh|nam}}", gives the same word without a gender)
    rows = [r for r in en_translations(en_pages, "noun") if r.target == "nam"]
    assert {(r.language, r.note) for r in rows} == {
        ("gmh", "grammatical category (broad sense)"),
        ("gmh", "m; grammatical category (broad sense)"),
    }


def test_german_rows_of_older_languages_get_the_old_language_code(de_pages: dict[str, Page]) -> None:
    # er: "*Alt-{{fy}}: [1] {{Ü|fy|hī}}", "*Alt-{{ga}}: [1] {{Ü|ga|é}}",
    # "*Alt-{{nl}}: [1] {{Ü|nl|hie}}, {{Ü|nl|hē}}, he"
    rows = de_translations(de_pages, "er")
    assert words(rows, "ofs") == {"hī"}
    assert words(rows, "sga") == {"é"}
    assert words(rows, "odt") == {"hie", "hē"}
    assert not {"hī", "é", "hie", "hē"} & (words(rows, "fy") | words(rows, "ga") | words(rows, "nl"))
