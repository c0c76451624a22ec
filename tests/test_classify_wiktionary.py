"""EE (semantic subcategory) of real Wiktionary entries: first sense first, set topics only for nouns, and the
hypernym table's fixes — each rule from an error of the judged sample (docs/quality.md, "Semantic subcategory (EE)
precision"; docs/data/ee-judgements-wiktionary.tsv)."""

from __future__ import annotations

from functools import cache

from aqea.classify import SubcategoryChoice, assign_subcategory
from aqea.model import Lexeme
from aqea.sources.dump import iter_pages
from aqea.wiktionary.de import parse_page as parse_de
from aqea.wiktionary.en import parse_page as parse_en
from tests.samples import DE_DUMP, EN_DUMP

_DE_TITLES = frozenset({"Zug", "Kleid", "Haus", "Kartoffel", "Tag", "Herz"})
_EN_TITLES = frozenset({"cat", "be", "market", "slow"})


@cache
def _lexemes() -> tuple[Lexeme, ...]:
    found: list[Lexeme] = []
    for dump, parse, titles in ((DE_DUMP, parse_de, _DE_TITLES), (EN_DUMP, parse_en, _EN_TITLES)):
        for page in iter_pages(dump):
            if page.title in titles:
                found += parse(page).lexemes
    return tuple(found)


def _choices(lemma: str, language: str, pos: str) -> list[tuple[Lexeme, SubcategoryChoice]]:
    got = [(lx, assign_subcategory(lx)) for lx in _lexemes()
           if (lx.lemma, lx.language, lx.pos) == (lemma, language, pos)]
    assert got, (lemma, language, pos)
    return got


def _one(lemma: str, language: str, pos: str, first_gloss: str = "") -> SubcategoryChoice:
    got = [c for lx, c in _choices(lemma, language, pos) if first_gloss in lx.senses[0].gloss]
    assert len(got) == 1, (lemma, first_gloss, got)
    return got[0]


def test_a_later_senses_hypernym_does_not_file_the_train_under_games() -> None:
    # Zug [1] "hintereinandergekoppelte Fahrzeuge" (hypernym Fortbewegungsmittel); [5] a move, hypernym Spiel
    choice = _one("Zug", "de", "noun")
    assert (choice.name, choice.signal) == ("transport", "hypernym:Fortbewegungsmittel")


def test_a_later_senses_label_does_not_decide() -> None:
    # Kleid [1] a dress (no signal); [3] {{K|Biologie}} plumage: not science
    assert _one("Kleid", "de", "noun").code == 0x00
    # slow (noun) [1] a sluggard; [2] (music) a slow song: not arts
    assert _one("slow", "en", "noun").code == 0x00


def test_the_first_senses_signals_beat_a_later_senses() -> None:
    # Haus [1] building (Bau, Gebäude) outvoted before by Personengruppe of senses 4-7
    assert _one("Haus", "de", "noun").name == "home_objects"
    # Kartoffel [1] {{K|Botanik}} the plant; [2] the tuber, hypernym Nahrungsmittel
    assert _one("Kartoffel", "de", "noun").name == "plants"
    # a first sense's own label beats the language section's topics: cat (computing), topics Cats, Felids …
    assert _one("cat", "en", "noun", "command in Unix").name == "technology"
    assert _one("Herz", "de", "noun").name == "body_health"  # [1] {{K|Anatomie}}, hypernym Organ: unchanged


def test_element_is_no_science_hypernym() -> None:
    # Tag [1] a markup tag, hypernym Element: an element of anything, not a chemical element
    assert _one("Tag", "de", "noun", "Auszeichnungssprachen").code == 0x00
    assert _one("Tag", "de", "noun", "Sonnenaufgang").name == "time"


def test_a_set_topic_says_what_a_noun_is_never_what_a_verb_does() -> None:
    # Vietnamese "be": the section's topic Colors (its noun "beige") is no signal for its verbs
    assert {c.code for _lx, c in _choices("be", "vi", "verb")} == {0x00}
    assert {c.name for _lx, c in _choices("be", "vi", "noun")} == {"colors"}
    # a field topic (Economics) still counts for a verb
    assert _one("market", "en", "verb").name == "economy"
