"""German sense labels read from real pages (tests/data sample), expected values from the wikitext."""

from __future__ import annotations

import pytest

from aqea.model import Page, Sense
from aqea.sources.dump import iter_pages
from aqea.wiktionary.de import parse_page
from tests.samples import DE_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(DE_DUMP) if p.namespace == 0}


def senses(pages: dict[str, Page], title: str) -> list[Sense]:
    return [s for lx in parse_page(pages[title]).lexemes if lx.language == "de" for s in lx.senses]


def test_separate_italic_label_spans_are_labels_not_gloss(pages: dict[str, Page]) -> None:
    # Parameter: "::[1b] ''Technik'', ''Ingenieurwesen'': bestimmte [[Eigenschaft]]en [[technisch]]er [[Anlage]]n"
    sense = next(s for s in senses(pages, "Parameter") if s.gloss.startswith("bestimmte Eigenschaften"))
    assert sense.labels == ("Technik", "Ingenieurwesen")
    assert "Technik" not in sense.gloss and "''" not in sense.gloss


def test_k_labels_joined_by_t_underscore_are_one_label(pages: dict[str, Page]) -> None:
    # Januar: ":[1] {{K|gemeindeutsch|österr.|t2=_|selten}} erster, 31-tägiger Monat im Kalenderjahr"
    first = senses(pages, "Januar")[0]
    assert first.labels == ("gemeindeutsch", "österreichisch selten")
    assert first.gloss.startswith("erster, 31-tägiger Monat")
