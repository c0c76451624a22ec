"""English-edition head templates rendered into named forms (wiktionary/en/head_forms.py), on real sample pages.

Each expected value was written by hand from the page's head line (quoted above each assertion) and the template's
documented rules, not from parser output. Forms are compared as (form, "tag tag …") or, with qualifiers, as
(form, "tags", (raw_tags…)).
"""

from __future__ import annotations

import pytest

from aqea.model import Lexeme, Page
from aqea.sources.dump import iter_pages
from aqea.wiktionary.en import parse_page
from aqea.wiktionary.en.head_forms import FORM_TAGS, HEAD_TAGS, head_info
from tests.samples import EN_DUMP
from tests.test_parse_en import forms

P3 = "third-person singular present"
PP = "present participle"
PAST = "past"
PPP = "past participle"


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


def entry(pages: dict[str, Page], title: str, pos: str, language: str = "en", n: int = 0) -> Lexeme:
    found = [lx for lx in parse_page(pages[title]).lexemes if lx.language == language and lx.pos == pos]
    return found[n]


# --------------------------------------------------------------------------- {{en-verb}}


def test_verb_without_parameters_takes_the_regular_forms(pages: dict[str, Page]) -> None:
    # dictionary ===Verb=== {{en-verb}}: consonant + y → -ies, -ied; -ing keeps the y
    assert forms(entry(pages, "dictionary", "verb")) == [
        ("dictionaries", P3), ("dictionarying", PP), ("dictionaried", PAST), ("dictionaried", PPP)
    ]
    # on ===Verb=== {{en-verb}}: a one-syllable consonant-vowel-consonant verb doubles its last consonant
    assert forms(entry(pages, "on", "verb")) == [("ons", P3), ("onning", PP), ("onned", PAST), ("onned", PPP)]


def test_verb_one_parameter_codes_and_stems(pages: dict[str, Page]) -> None:
    # cat {{en-verb|catt}}: a stem for -ing/-ed, the third person from the headword
    assert forms(entry(pages, "cat", "verb")) == [("cats", P3), ("catting", PP), ("catted", PAST), ("catted", PPP)]
    # march {{en-verb|es}}
    assert forms(entry(pages, "march", "verb"))[:3] == [("marches", P3), ("marching", PP), ("marched", PAST)]
    # free {{en-verb|d}}
    assert forms(entry(pages, "free", "verb")) == [("frees", P3), ("freeing", PP), ("freed", PAST), ("freed", PPP)]


def test_verb_old_stem_and_ending(pages: dict[str, Page]) -> None:
    # place {{en-verb|plac|ing}}
    assert forms(entry(pages, "place", "verb")) == [("places", P3), ("placing", PP), ("placed", PAST), ("placed", PPP)]
    # quiz {{en-verb|quizz|es}}
    assert forms(entry(pages, "quiz", "verb"))[:3] == [("quizzes", P3), ("quizzing", PP), ("quizzed", PAST)]


def test_verb_explicit_forms_and_past_participle_defaulting_to_the_past(pages: dict[str, Page]) -> None:
    # cod {{en-verb|cods|codding|codded}}: no 4th → the past participle is the past
    assert forms(entry(pages, "cod", "verb")) == [("cods", P3), ("codding", PP), ("codded", PAST), ("codded", PPP)]
    # eagle {{en-verb|eagles|eagling|eagled|eagled}}
    assert forms(entry(pages, "eagle", "verb"))[3] == ("eagled", PPP)


def test_verb_more_forms_with_qualifiers(pages: dict[str, Page]) -> None:
    # abide {{en-verb|abides|abiding|abode|past2=abided|abode|past_ptc2=abided|past_ptc3=abidden|past_ptc3_qual=rare}}
    assert forms(entry(pages, "abide", "verb"), qualifiers=True) == [
        ("abides", P3, ()), ("abiding", PP, ()), ("abode", PAST, ()), ("abided", PAST, ()),
        ("abode", PPP, ()), ("abided", PPP, ()), ("abidden", PPP, ("rare",)),
    ]  # fmt: skip
    # pencil {{en-verb|pencils|pencilling|pres_ptc_qual=UK|pres_ptc2=penciling|pres_ptc2_qual=US|pencilled|
    #   past_qual=UK|past2=penciled|past2_qual=US}}: the past participle repeats the pasts with their qualifiers
    assert forms(entry(pages, "pencil", "verb"), qualifiers=True)[1:] == [
        ("pencilling", PP, ("UK",)), ("penciling", PP, ("US",)), ("pencilled", PAST, ("UK",)),
        ("penciled", PAST, ("US",)), ("pencilled", PPP, ("UK",)), ("penciled", PPP, ("US",)),
    ]  # fmt: skip


def test_verb_dash_means_no_such_form(pages: dict[str, Page]) -> None:
    # may {{en-verb|may|-|might|-|past_ptc2=mought|past_ptc2_qual=obsolete}}: no participles but the obsolete one
    assert forms(entry(pages, "may", "verb"), qualifiers=True) == [
        ("may", P3, ()), ("might", PAST, ()), ("mought", PPP, ("obsolete",))
    ]
    # can {{en-verb|can|-|could|couth|past_ptc_qual=obsolete except in adjectival use}}
    assert forms(entry(pages, "can", "verb"), qualifiers=True) == [
        ("can", P3, ()), ("could", PAST, ()), ("couth", PPP, ("obsolete except in adjectival use",))
    ]


def test_verb_multiword_with_head_and_inf(pages: dict[str, Page]) -> None:
    # {{en-verb|head=[[rain]] [[cat]]s and [[dog]]s|rains cats and dogs|raining cats and dogs|rained cats and dogs}}:
    # the head shows the headword itself (no canonical form)
    assert forms(entry(pages, "rain cats and dogs", "verb"))[:3] == [
        ("rains cats and dogs", P3), ("raining cats and dogs", PP), ("rained cats and dogs", PAST)
    ]
    # {{en-verb|inf=to [[shut]] [[up]]|shuts up|shutting up|shut up|shut up}}: inf= is display only
    lx = entry(pages, "shut up", "verb")
    assert forms(lx) == [("shuts up", P3), ("shutting up", PP), ("shut up", PAST), ("shut up", PPP)]
    assert "head_args" not in lx.extra


# --------------------------------------------------------------------------- {{en-noun}} and friends


def test_noun_default_plural(pages: dict[str, Page]) -> None:
    assert forms(entry(pages, "dictionary", "noun")) == [("dictionaries", "plural")]  # {{en-noun}}: -y → -ies
    noun = entry(pages, "pie", "noun")  # {{en-noun|~}}: countable and uncountable, default plural
    assert forms(noun) == [("pies", "plural")] and noun.extra["head_tags"] == ["countable", "uncountable"]


def test_noun_uncountable_codes(pages: dict[str, Page]) -> None:
    # cat (Etymology: "{{en-noun|-}}"): uncountable, no plural
    uncountable = [lx for lx in parse_page(pages["cat"]).lexemes if lx.extra.get("head_tags") == ["uncountable"]]
    assert len(uncountable) == 1 and "forms" not in uncountable[0].extra
    # GDP {{en-noun|-|s}}: usually uncountable, plural GDPs
    gdp = entry(pages, "GDP", "noun")
    assert forms(gdp) == [("GDPs", "plural")] and gdp.extra["head_tags"] == ["uncountable", "usually"]
    # wallpaper {{en-noun|s|-}}: countable and uncountable
    wallpaper = entry(pages, "wallpaper", "noun")
    assert forms(wallpaper) == [("wallpapers", "plural")]
    assert wallpaper.extra["head_tags"] == ["countable", "uncountable"]
    # f {{en-noun|?}}: plural unknown
    assert entry(pages, "f", "noun").extra["head_tags"] == ["plural-unknown"]


def test_noun_explicit_plurals_and_endings(pages: dict[str, Page]) -> None:
    # thesaurus {{en-noun|thesauri|thesauruses}}
    assert forms(entry(pages, "thesaurus", "noun")) == [("thesauri", "plural"), ("thesauruses", "plural")]
    # portmanteau {{en-noun|s|portmanteaux}}
    assert forms(entry(pages, "portmanteau", "noun")) == [("portmanteaus", "plural"), ("portmanteaux", "plural")]
    # English {{en-noun|~|English|es}}
    assert forms(entry(pages, "English", "noun")) == [("English", "plural"), ("Englishes", "plural")]
    # cod {{en-noun|-|cod|cods}}: usually uncountable, two plurals
    assert forms(entry(pages, "cod", "noun", n=1)) == [("cod", "plural"), ("cods", "plural")]


def test_noun_named_plurals_and_qualifiers(pages: dict[str, Page]) -> None:
    assert forms(entry(pages, "batsman", "noun")) == [("batsmen", "plural")]  # {{en-noun|pl=batsmen}}
    # plant {{en-noun|pl2=plantæ}}: the default plural first, then the second
    assert forms(entry(pages, "plant", "noun")) == [("plants", "plural"), ("plantæ", "plural")]
    # bass {{en-noun|es|pl2=bass}}
    assert forms(entry(pages, "bass", "noun", n=1)) == [("basses", "plural"), ("bass", "plural")]
    # month {{en-noun|months|month|pl2qual=rare}}
    assert forms(entry(pages, "month", "noun"), qualifiers=True) == [
        ("months", "plural", ()), ("month", "plural", ("rare",))
    ]


def test_noun_head_and_sg_show_the_headword(pages: dict[str, Page]) -> None:
    # X-ray {{en-noun|sg=[[X]]-[[ray]]}}: sg= is the displayed headword, no form of its own
    assert forms(entry(pages, "X-ray", "noun")) == [("X-rays", "plural")]
    # {{en-noun|head=[[define|defining]] [[vocabulary]]|defining vocabularies}}
    assert forms(entry(pages, "defining vocabulary", "noun")) == [("defining vocabularies", "plural")]


def test_proper_and_plural_nouns(pages: dict[str, Page]) -> None:
    assert "forms" not in entry(pages, "Pope Julius", "proper_noun").extra  # {{en-proper noun}}: no plural
    assert forms(entry(pages, "September", "proper_noun")) == [("Septembers", "plural")]  # {{en-proper noun|s}}
    china = entry(pages, "China", "proper_noun")  # {{en-proper noun|-|Chinas}}
    assert forms(china) == [("Chinas", "plural")] and china.extra["head_tags"] == ["uncountable", "usually"]
    # {{en-plural noun|sg=current event}}
    assert forms(entry(pages, "current events", "noun")) == [("current event", "singular")]


# --------------------------------------------------------------------------- {{en-adj}} / {{en-adv}}


def test_adjective_default_is_more_most(pages: dict[str, Page]) -> None:
    # nonsense {{en-adj}}
    assert forms(entry(pages, "nonsense", "adjective")) == [
        ("more nonsense", "comparative"), ("most nonsense", "superlative")
    ]
    # able-bodied {{en-adj|head=[[able]]-[[body|bodied]]}}
    assert forms(entry(pages, "able-bodied", "adjective"))[0] == ("more able-bodied", "comparative")


def test_adjective_codes(pages: dict[str, Page]) -> None:
    # free {{en-adj|er}}: -e → -r/-st
    assert forms(entry(pages, "free", "adjective")) == [("freer", "comparative"), ("freest", "superlative")]
    # brown {{en-adj|er|more}}
    assert forms(entry(pages, "brown", "adjective")) == [
        ("browner", "comparative"), ("more brown", "comparative"),
        ("brownest", "superlative"), ("most brown", "superlative"),
    ]  # fmt: skip
    # abrupt {{en-adj|more|er}}
    abrupt = entry(pages, "abrupt", "adjective")
    assert forms(abrupt)[:2] == [("more abrupt", "comparative"), ("abrupter", "comparative")]
    # crap {{en-adj|crapper}}: an explicit -er comparative gets its -est superlative
    assert forms(entry(pages, "crap", "adjective")) == [("crapper", "comparative"), ("crappest", "superlative")]


def test_adjective_not_comparable_and_sup(pages: dict[str, Page]) -> None:
    portmanteau = entry(pages, "portmanteau", "adjective")  # {{en-adj|-}}
    assert "forms" not in portmanteau.extra and portmanteau.extra["head_tags"] == ["not-comparable"]
    odd = entry(pages, "odd", "adjective")  # {{en-adj|-|er}}: not generally comparable
    assert forms(odd) == [("odder", "comparative"), ("oddest", "superlative")]
    assert odd.extra["head_tags"] == ["not-comparable", "usually"]
    # German {{en-adj|more|-|sup2=Germanest}}
    german = entry(pages, "German", "adjective")
    assert forms(german) == [
        ("more German", "comparative"), ("most German", "superlative"), ("Germanest", "superlative")
    ]
    assert german.extra["head_tags"] == ["not-comparable", "sometimes"]
    # first {{en-adj|-|sup=firstmost}}
    assert forms(entry(pages, "first", "adjective")) == [("firstmost", "superlative")]
    # acaroid {{en-adj|?}}
    assert entry(pages, "acaroid", "adjective").extra["head_tags"] == ["comparative-unknown"]


def test_adverbs(pages: dict[str, Page]) -> None:
    assert forms(entry(pages, "free", "adverb")) == [("more free", "comparative"), ("most free", "superlative")]
    assert forms(entry(pages, "slow", "adverb")) == [("slower", "comparative"), ("slowest", "superlative")]  # er
    assert forms(entry(pages, "big", "adverb")) == [("bigger", "comparative"), ("biggest", "superlative")]
    assert entry(pages, "gratis", "adverb").extra["head_tags"] == ["not-comparable"]  # {{en-adv|-}}


# --------------------------------------------------------------------------- {{head|en|…}}, {{de-noun}}


def test_head_labels_with_or(pages: dict[str, Page]) -> None:
    # few {{head|en|determiner|comparative|fewer|or|less|superlative|fewest|or|least}}
    assert forms(entry(pages, "few", "determiner")) == [
        ("fewer", "comparative"), ("less", "comparative"), ("fewest", "superlative"), ("least", "superlative")
    ]
    # thou {{head|en|pronoun|plural|ye|objective case|thee|reflexive|thyself|possessive determiner|thy|or|thine|…}}
    thou = entry(pages, "thou", "pronoun")
    assert forms(thou)[:3] == [("ye", "plural"), ("thee", "objective"), ("thyself", "reflexive")]
    # GUI: "{{rfc-header|Initialism}}" before {{head|en|initialism|plural|GUIs}} is not the head
    gui = entry(pages, "GUI", "abbreviation")
    assert gui.extra["head_template"] == "head" and forms(gui) == [("GUIs", "plural")]


def test_de_noun(pages: dict[str, Page]) -> None:
    # Haus {{de-noun|n|Hauses|Häuser|Häuschen|dim2=Häuslein}}
    assert forms(entry(pages, "Haus", "noun", "de")) == [
        ("Hauses", "genitive"), ("Häuser", "plural"), ("Häuschen", "diminutive"), ("Häuslein", "diminutive")
    ]
    # April {{de-noun|m|Aprils|gen2=April|Aprile|pl2=Aprils}}: each slot's further forms after its first
    assert forms(entry(pages, "April", "noun", "de")) == [
        ("Aprils", "genitive"), ("April", "genitive"), ("Aprile", "plural"), ("Aprils", "plural")
    ]
    # DVD {{de-noun|f||DVDs}}: a feminine noun's genitive is the headword
    assert forms(entry(pages, "DVD", "noun", "de")) == [("DVD", "genitive"), ("DVDs", "plural")]
    # SMS {{de-noun|f|g2=n|SMS|SMS|pl2=SMSen|pl3=SMSe}}: g2 is a gender, not a form
    sms = entry(pages, "SMS", "noun", "de")
    assert set(sms.gender) == {"f", "n"}
    assert forms(sms) == [("SMS", "genitive"), ("SMS", "plural"), ("SMSen", "plural"), ("SMSe", "plural")]
    # Aborigine {{de-noun|m||Aborigines|f=Aborigine}}: the feminine counterpart
    assert forms(entry(pages, "Aborigine", "noun", "de")) == [("Aborigines", "plural"), ("Aborigine", "feminine")]


def test_every_head_form_and_word_tag_is_in_the_vocabulary(pages: dict[str, Page]) -> None:
    seen = 0
    for page in pages.values():
        for lx in parse_page(page).lexemes:
            for f in lx.extra.get("forms", []):
                assert f["form"] and set(f["tags"]) <= FORM_TAGS, (page.title, f)
                assert "," not in f["form"] or " " in f["form"], (page.title, f)  # one form per item
                seen += 1
            assert set(lx.extra.get("head_tags", [])) <= HEAD_TAGS
    assert seen > 3000


def test_documented_special_values_not_in_the_sample() -> None:
    """``+``, ``++`` and ``*`` of {{en-verb}} (Module:en-headword), which no sample page uses."""

    def verb(lemma: str, *params: str) -> list[str]:
        return [f["form"] for f in head_info("en-verb", list(params), {}, lemma).forms][:3]

    assert verb("bake", "+") == ["bakes", "baking", "baked"]
    assert verb("tie", "+") == ["ties", "tying", "tied"]
    assert verb("argue", "+") == ["argues", "arguing", "argued"]
    assert verb("gas", "++") == ["gasses", "gassing", "gassed"]
    assert verb("pencil", "++") == ["pencils", "pencilling", "pencilled"]
    assert verb("look up", "*") == ["looks up", "looking up", "looked up"]
    assert verb("dip in", "++*") == ["dips in", "dipping in", "dipped in"]


def test_lookup_text_view_shows_the_forms(pages: dict[str, Page], monkeypatch: pytest.MonkeyPatch) -> None:
    """`aqea lookup` prints an English entry's forms (meta holds Lexeme.extra: aqea.convert)."""
    from rich.console import Console

    from aqea import cli
    from aqea.convert import lexeme_meta

    console = Console(record=True, width=200)
    monkeypatch.setattr(cli, "out", console)
    verb = entry(pages, "crow", "verb")
    cli._print_entry({
        "meta": lexeme_meta(verb), "address": "0x1", "unaddressed_reason": None, "label": "crow", "language": "en",
        "pos": "verb", "homograph": 1, "description": "", "subcategory": 0, "source": "enwiktionary",
        "record_key": "1", "record_version": "1",
    })  # fmt: skip
    text = console.export_text()
    assert "forms: third-person singular present: crows; present participle: crowing; past: crowed; " \
           "past: crew (UK); past participle: crowed" in text
