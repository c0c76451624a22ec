"""English-edition quotations (wiktionary/en/quotations.py): "#*" citation lines and their "#*:" passages kept as
Sense.quotations, on real sample pages. Expected values were read by hand from each page's wikitext (quoted)."""

from __future__ import annotations

import pickle

import pytest

from aqea.convert import lexeme_meta
from aqea.model import Lexeme, Page, Quotation
from aqea.sources.dump import iter_pages
from aqea.wiktionary.en import parse_page
from tests.samples import EN_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


def entry(pages: dict[str, Page], title: str, pos: str, language: str = "en") -> Lexeme:
    return next(lx for lx in parse_page(pages[title]).lexemes if lx.pos == pos and lx.language == language)


def quotes(lx: Lexeme, number: str) -> list[Quotation]:
    return list(next(s for s in lx.senses if s.number == number).quotations)


def test_quote_template_spread_over_lines_is_read_whole(pages: dict[str, Page]) -> None:
    # crow, verb 2: "#* {{quote-web\n|date=2017-09-27\n|author=Julianne Tveten\n|title=Zucktown, USA\n
    # |work=The Baffler\n|url=…\n|passage=Touting its sponsorship … Amazon '''crows''' about such “investments” …}}"
    [q] = quotes(entry(pages, "crow", "verb"), "2")
    assert (q.author, q.year, q.title, q.work, q.source) == (
        "Julianne Tveten", "2017", "Zucktown, USA", "The Baffler", "quote-web")
    assert q.text.startswith("Touting its sponsorship of local engineering and sustainability programs, Amazon crows "
                             "about such “investments”")


def test_quote_song_keeps_album_as_work_and_headword_bold_as_plain_text(pages: dict[str, Page]) -> None:
    # crow, verb 1: {{quote-song|year=1962|author={{w|Bob Dylan}}|title={{w|Don't Think Twice, It's All Right}}|
    # passage=When your rooster '''crows''' at the break o' dawn / Look out …|album=The Freewheelin' Bob Dylan}}
    q = quotes(entry(pages, "crow", "verb"), "1")[1]
    assert q == Quotation(
        text="When your rooster crows at the break o' dawn / Look out your window and I'll be gone.",
        author="Bob Dylan", year="1962", title="Don't Think Twice, It's All Right",
        work="The Freewheelin' Bob Dylan", source="quote-song")


def test_q_template_positional_author_and_title(pages: dict[str, Page]) -> None:
    # crow, verb 3: {{Q|en|Anthony Trollope|He Knew He Was Right|year=1868|XI|quote=The child was at this time …}}
    q = quotes(entry(pages, "crow", "verb"), "3")[1]
    assert (q.author, q.title, q.year, q.source) == ("Anthony Trollope", "He Knew He Was Right", "1868", "Q")
    assert q.text.startswith("The child was at this time about ten months old")


def test_plain_text_citation_then_passage_and_translation_lines(pages: dict[str, Page]) -> None:
    # trade (Galician): "#* '''1448''', X. Ferro Couselo (ed.), ''A vida e a fala dos devanceiros''. Vigo: …:"
    # "#*: ''quatro '''traados''' et hua segur et hua aixola montisca''" "#*:: four '''augers''' and a hatchet …"
    [q] = [q for s in entry(pages, "trade", "noun", "gl").senses for q in s.quotations]
    assert q == Quotation(
        text="quatro traados et hua segur et hua aixola montisca", author="X. Ferro Couselo (ed.)", year="1448",
        title="A vida e a fala dos devanceiros", translation="four augers and a hatchet and an adze")


def test_plain_text_dates_circa_and_notes(pages: dict[str, Page]) -> None:
    # a-, sense 5: "#* circa '''1850''', ''{{w|Here We Come A-wassailing}}/Here We Come A-caroling''" and four
    # "#*:" verse lines; sense 1: "#* '''1948''' (revised 1952), {{w|Robert Graves}}, ''The White Goddess'' …"
    affixes = [lx for lx in parse_page(pages["a-"]).lexemes if lx.language == "en"]
    everywhere = [(s.number, q) for lx in affixes for s in lx.senses for q in s.quotations]
    [wassail] = [q for number, q in everywhere if number == "5" and q.year == "circa 1850"]
    assert wassail.title == "Here We Come A-wassailing/Here We Come A-caroling"
    assert wassail.author == ""
    assert wassail.text == ("Here we come a-wassailing / Among the leaves so green; / Here we come a-wand’ring / "
                            "So fair to be seen.")
    [graves] = [q for number, q in everywhere if number == "1" and q.year == "1948"]
    assert (graves.year, graves.author, graves.title) == ("1948", "Robert Graves", "The White Goddess")


def test_rq_template_passage_given_positionally(pages: dict[str, Page]) -> None:
    # abide, verb 3: {{RQ:Shakespeare Julius Caesar|III|ii|122|1|If it be found ſo, ſome will deere '''abide''' it.}}
    q = quotes(entry(pages, "abide", "verb"), "3")[1]
    assert q == Quotation(text="If it be found ſo, ſome will deere abide it.", source="RQ:Shakespeare Julius Caesar")
    # die (Middle Dutch): {{RQ:dum:Schepenbrief|Descepenen van bochouta … '''die''' dese lettren …|The aldermen …}}
    [q] = [q for s in entry(pages, "die", "determiner", "dum").senses for q in s.quotations]
    assert q.source == "RQ:dum:Schepenbrief"
    assert q.text.startswith("Descepenen van bochouta quedden alle degene die dese lettren")
    assert q.translation == "The aldermen of Bochoute address all who will see this letter by our lord."


def test_undated_line_without_passage_is_the_quotation_itself(pages: dict[str, Page]) -> None:
    # abroach, adverb 1: "#* Hogsheads of ale were set '''abroach'''. - [[w:Sir W. Scott|Sir W. Scott]]"
    [q] = quotes(entry(pages, "abroach", "adverb"), "1")
    assert q == Quotation(text="Hogsheads of ale were set abroach. - Sir W. Scott")


def test_quotations_reach_meta_and_pickle(pages: dict[str, Page]) -> None:
    lx = entry(pages, "crow", "verb")
    sense = lexeme_meta(lx)["senses"][1]
    assert sense["quotations"] == [{
        "text": sense["quotations"][0]["text"], "author": "Julianne Tveten", "year": "2017", "title": "Zucktown, USA",
        "work": "The Baffler", "source": "quote-web", "translation": ""}]  # fmt: skip
    assert pickle.loads(pickle.dumps(lx)) == lx
    without = lexeme_meta(entry(pages, "crow", "noun"))["senses"]
    assert all("quotations" not in s for s in without if not any(
        x.quotations for x in entry(pages, "crow", "noun").senses if x.number == s["number"]))


def test_lookup_text_view_shows_one_quotation(pages: dict[str, Page], monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from aqea import cli

    console = Console(record=True, width=400)
    monkeypatch.setattr(cli, "out", console)
    cli._print_entry({
        "meta": lexeme_meta(entry(pages, "crow", "verb")), "address": "0x1", "unaddressed_reason": None,
        "label": "crow", "language": "en", "pos": "verb", "homograph": 1, "description": "", "subcategory": 0,
        "source": "enwiktionary", "record_key": "1", "record_version": "1",
    })  # fmt: skip
    text = console.export_text()
    assert "“The morning cock crew loud.” — Shakespeare" in text
    assert "Bob Dylan" not in text  # one quotation a sense
