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
