"""English etymologies read with language names, not raw codes (real pages of the tests/data sample).

Expected texts were written from each page's wikitext (quoted in the comments)."""

from __future__ import annotations

import pytest

from aqea.model import Page
from aqea.sources.dump import iter_pages
from aqea.wiktionary.en import parse_page
from tests.samples import EN_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


def etymology(pages: dict[str, Page], title: str, language: str = "en") -> str:
    lx = next(lx for lx in parse_page(pages[title]).lexemes if lx.language == language)
    return lx.extra["etymology"]


def test_abbreviated_etymology_codes_show_their_language_name(pages: dict[str, Page]) -> None:
    # "From {{der|en|LL.|abecedarius}} (from the first four letters …"
    assert etymology(pages, "abecedarian").startswith("From Late Latin abecedarius (from the first four letters")
    # "From {{der|en|NL.|encyclopaedia||general education}}, from …"
    assert etymology(pages, "encyclopedia").startswith("From New Latin encyclopaedia (“general education”)")
    # "{{der|en|ML.|abecedarium||alphabet, primer}}, from {{der|en|LL.|abecedarius||of the alphabet}}"
    text = etymology(pages, "abecedary")
    assert "Medieval Latin abecedarium (“alphabet, primer”)" in text
    assert "Late Latin abecedarius (“of the alphabet”)" in text
    assert "LL." not in text and "ML." not in text


def test_old_reconstruction_templates_show_the_reconstructed_word(pages: dict[str, Page]) -> None:
    # "from {{etyl|gem-pro|en}} {{recons|dedǭ|lang=gem-pro}}, … {{recons|dōnan||to do|lang=gem-pro}}"
    text = etymology(pages, "did")
    assert "from Proto-Germanic *dedǭ, first and third person" in text
    assert "of Proto-Germanic *dōnan (“to do”)" in text
    # "from {{proto|Germanic|kūz|lang=en}} (compare …), from {{proto|Indo-European|gʷōus|lang=en}}"
    text = etymology(pages, "cow")
    assert "from Proto-Germanic *kūz (compare" in text
    assert "from Proto-Indo-European *gʷōus (compare" in text
