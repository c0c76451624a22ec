"""English translation tables put on their sense (issue 13, point 2), on real pages of the English sample.

Each expected sense was read by hand from the page's wikitext (quoted in the comments); the rules are in
aqea/wiktionary/en/sense_match.py (``_SenseIndex.table_match``).
"""

from __future__ import annotations

import pytest

from aqea.model import Lexeme, Page
from aqea.sources.dump import iter_pages
from aqea.wiktionary.en import parse_page
from aqea.wiktionary.en.senses import _senses
from tests.samples import EN_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


def entry(pages: dict[str, Page], title: str, pos: str) -> Lexeme:
    (lx,) = [lx for lx in parse_page(pages[title]).lexemes if lx.language == "en" and lx.pos == pos]
    return lx


def table_senses(lx: Lexeme, gloss: str) -> set[str]:
    """The senses the translations of the table glossed ``gloss`` were stored on."""
    return {sense for kind, _t, _l, sense, note in lx.relations if kind == "translation" and note.endswith(gloss)}


def test_senseid_is_read_from_the_definition_line(pages: dict[str, Page]) -> None:
    # # {{senseid|en|Q23622}} A [[reference work]] with a list of [[word]]s …
    text = pages["dictionary"].text
    body = text[text.index("===Noun===") : text.index("====Translations====")]
    senses, _relations = _senses(body, "en", "dictionary")
    assert senses[0].ids == ["Q23622"]
    assert senses[0].gloss.startswith("A reference work with a list of words")  # the template shows nothing
    assert senses[1].ids == []


def test_trans_top_id_picks_the_sense_with_that_senseid(pages: dict[str, Page]) -> None:
    # # {{senseid|en|Q8171}} The smallest unit of language that has a particular meaning …
    # ## The smallest discrete unit of spoken language … / ## … of written language … / ## A discrete, meaningful
    # unit of language approved by an authority …: the gloss alone fits four senses;
    # {{trans-top|id=Q8171|unit of language}} names the first
    word = entry(pages, "word", "noun")
    assert table_senses(word, "unit of language") == {"1"}


def test_the_only_sense_of_a_pos_takes_its_tables(pages: dict[str, Page]) -> None:
    # ===Proper noun=== # A country in the North Atlantic Ocean. …; {{trans-top|country in Europe}}
    iceland = entry(pages, "Iceland", "proper_noun")
    assert [s.number for s in iceland.senses] == ["1"]
    assert table_senses(iceland, "country in Europe") == {"1"}
    # ===Verb=== of cow: # {{transitive}} To [[intimidate]]. …; {{trans-top|to intimidate}}
    assert table_senses(entry(pages, "cow", "verb"), "to intimidate") == {"1"}


def test_tolerant_gloss_match_on_shared_content_words(pages: dict[str, Page]) -> None:
    # {{trans-top|fictitious narration to enforce some useful truth or precept}} →
    # # A fictitious narrative intended to enforce some useful truth or precept, usually with animals, …
    fable = entry(pages, "fable", "noun")
    assert table_senses(fable, "fictitious narration to enforce some useful truth or precept") == {"1"}
    cow = entry(pages, "cow", "noun")
    # {{trans-top|female of various species of mammal}} → # The female of larger species of mammal, including …
    # (sense 1 "A female domesticated ox …" shares only "female")
    assert table_senses(cow, "female of various species of mammal") == {"4"}
    # {{trans-top|derogatory: despicable woman}} → # {{context|British|derogatory|informal}} A woman who is
    # considered despicable in some way, …
    assert table_senses(cow, "derogatory: despicable woman") == {"5"}
    season = entry(pages, "season", "noun")
    # {{trans-top|part of year with something special}} → # A part of a year when something particular happens
    assert table_senses(season, "part of year with something special") == {"2"}


def test_ties_and_weak_overlaps_stay_unattached(pages: dict[str, Page]) -> None:
    # {{trans-top|to impose and collect a tax}}: # {{lb|en|transitive}} To impose and collect a tax from (a person).
    # # {{lb|en|transitive}} To impose and collect a tax on (something). – both hold every word: no sense
    assert table_senses(entry(pages, "tax", "verb"), "to impose and collect a tax") == {""}
    # {{trans-top|quarter of a year}}: "quarter" is in no sense; "year" is in senses 1 and 2 – no sense
    assert table_senses(entry(pages, "season", "noun"), "quarter of a year") == {""}
    # {{trans-top|somewhere to stand}}: no such sense; "Somewhere for a person to sit." shares one word of two
    assert table_senses(entry(pages, "place", "noun"), "somewhere to stand") == {""}
    # {{trans-top|fruit}}: "The fruit of the Tree of Knowledge …" starts with it (articles aside), but "A common,
    # round fruit …" and "Any of various tree-borne fruits …" are fruits too – no sense
    assert table_senses(entry(pages, "apple", "noun"), "fruit") == {""}


def test_head_word_of_the_gloss_names_the_sense(pages: dict[str, Page]) -> None:
    # {{trans-top|tree}} / {{trans-top|fruit}} / {{trans-top|colour}} of orange: "tree", "fruit" and "colour" are
    # in several senses ("The fruit of an orange tree"), but each heads exactly one: # An evergreen tree of the
    # genus Citrus …; # The fruit of an orange tree; …; # The colour of a ripe fruit of an orange tree, …
    orange = entry(pages, "orange", "noun")
    assert table_senses(orange, "tree") == {"1"}
    assert table_senses(orange, "fruit") == {"2"}
    assert table_senses(orange, "colour") == {"3"}
    # {{trans-top|institution}} → # An institution where one can place and borrow money …, not # A branch office
    # of such an institution.
    nouns = [lx for lx in parse_page(pages["bank"]).lexemes if lx.pos == "noun"]
    (bank,) = [lx for lx in nouns if lx.senses[0].gloss.startswith("An institution")]
    assert table_senses(bank, "institution") == {"1"}
    # {{trans-top|spacious site for trading}} → # City square or other fairly spacious site where traders set up
    # stalls … ("or" does not end the head phrase), not # An organised, often periodic, trading event at such site.
    assert table_senses(entry(pages, "market", "noun"), "spacious site for trading") == {"1"}
    # {{trans-top|act of forcing sexual activity}} → # The act of forcing sexual intercourse upon another person …
    # ("act" says little alone, but only this sense is headed by it and it holds two more of the gloss's words)
    rape = next(lx for lx in parse_page(pages["rape"]).lexemes if lx.pos == "noun" and len(lx.senses) > 3)
    assert table_senses(rape, "act of forcing sexual activity") == {"3"}


def test_head_word_in_two_senses_stays_unattached(pages: dict[str, Page]) -> None:
    # {{trans-top|fruit}} of apple: "The fruit of the Tree of Knowledge …" is headed by "fruit", but "A common,
    # round fruit produced by the tree Malus domestica" names a fruit too – no sense
    assert table_senses(entry(pages, "apple", "noun"), "fruit") == {""}
    # {{trans-top|fruit of this plant}} of pumpkin: "The round yellow or orange fruit of this plant" is headed by
    # "fruit", but sense 1 lists "… foliage, flower, and fruit to the squash or melon" – no sense
    assert table_senses(entry(pages, "pumpkin", "noun"), "fruit of this plant") == {""}
    # {{trans-top|period of seven days}}: "Any period of seven consecutive days." and "A period of seven days
    # beginning with Sunday or Monday." are both headed by "period" – no sense
    assert table_senses(entry(pages, "week", "noun"), "period of seven days") == {""}


def test_sense_whose_whole_first_clause_is_in_the_gloss(pages: dict[str, Page]) -> None:
    # {{trans-top|figuratively: positive end result or reward of labour or effort}} → # An end result, effect, or
    # consequence; … (two of the gloss's six words, but the sense's whole first clause)
    fruit = entry(pages, "fruit", "noun")
    assert table_senses(fruit, "figuratively: positive end result or reward of labour or effort") == {"3"}
    # {{trans-top|system of beliefs dealing with soul, deity and/or life after death}} → # {{lb|en|countable}} A
    # particular system of such belief, and the rituals …
    religion = entry(pages, "religion", "noun")
    assert table_senses(religion, "system of beliefs dealing with soul, deity and/or life after death") == {"2"}


def test_gloss_label_names_the_one_sense_with_that_label(pages: dict[str, Page]) -> None:
    # {{trans-top|typography: unit of size}} → ## {{lb|en|typography}} a unit of measure equal to 1/12 of a pica
    point = entry(pages, "point", "noun")
    assert table_senses(point, "typography: unit of size") == {"1.20"}
    # {{trans-top|economics: unit of change}} → ## {{lb|en|economics}} A unit used to express differences in prices
    assert table_senses(point, "economics: unit of change") == {"1.19"}
    # {{trans-top|arithmetic: decimal point …}}: no sense is labelled "arithmetic" (## {{lb|en|mathematics}} A
    # decimal point …) – no sense
    decimal = {sense for kind, _t, _l, sense, note in point.relations if "arithmetic: decimal point" in note}
    assert decimal == {""}


def test_words_derived_from_each_other_count_as_shared(pages: dict[str, Page]) -> None:
    # {{trans-top|small lake}} → # An inland body of standing water, …, that is smaller than a lake.
    assert table_senses(entry(pages, "pond", "noun"), "small lake") == {"1"}
    # {{trans-top|skillful}} → # Gifted with skill, intelligence, knowledge, or competence.
    assert table_senses(entry(pages, "able", "adjective"), "skillful") == {"8"}
    # {{trans-top|to inform on}} → # {{lb|en|transitive|intransitive|slang}} To act as a grass or informer, …
    assert table_senses(entry(pages, "grass", "verb"), "to inform on") == {"2"}


def test_derived_words_in_several_senses_stay_unattached(pages: dict[str, Page]) -> None:
    # {{trans-top|direct}} of the verb point: # To direct toward an object; …, # To direct or encourage (someone) in
    # a particular direction., # … To direct the central processing unit …, # … To direct requests … – no sense
    assert table_senses(entry(pages, "point", "verb"), "direct") == {""}
