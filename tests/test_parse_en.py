"""English-edition parser against real en.wiktionary pages (tests/data sample) and odd input.

Expected values were written by hand from each page's wikitext (quoted in the comments where it
helps), not from parser output.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from aqea.model import RELATION_KINDS, Lexeme, Page, ParseResult, Relation
from aqea.sources.dump import iter_pages
from aqea.taxonomy import load_table
from aqea.wiktionary import en
from aqea.wiktionary.en import parse_page
from tests.samples import EN_DUMP

POS_VOCABULARY = set(load_table("pos_de")["pos"].values())


def named(lx: Lexeme) -> list[Relation]:
    """The entry's relation rows with their fields named (rows are plain (kind, target, language, sense, note))."""
    return [Relation(*r) for r in lx.relations]


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(EN_DUMP) if p.namespace == 0}


@pytest.fixture(scope="module")
def all_pages() -> list[Page]:
    return list(iter_pages(EN_DUMP))


@pytest.fixture(scope="module")
def results(all_pages: list[Page]) -> list[tuple[Page, ParseResult]]:
    return [(p, parse_page(p)) for p in all_pages]


def parsed(pages: dict[str, Page], title: str) -> ParseResult:
    r = parse_page(pages[title])
    assert r.rejection is None, r.rejection
    assert r.skipped is None
    return r


def entries(pages: dict[str, Page], title: str, language: str) -> list[Lexeme]:
    return [lx for lx in parsed(pages, title).lexemes if lx.language == language]


def forms(lx: Lexeme, qualifiers: bool = False) -> list[tuple[Any, ...]]:
    """The entry's head-template forms as (form, "tag tag …"), with the qualifiers as a third item if asked."""
    out: list[tuple[Any, ...]] = []
    for f in lx.extra.get("forms", []):
        row: tuple[Any, ...] = (f["form"], " ".join(f["tags"]))
        out.append((*row, tuple(f.get("raw_tags", ()))) if qualifiers else row)
    return out


def key(lx: Lexeme) -> tuple[str, str, str, tuple[str, ...], int, tuple[str, ...]]:
    return (lx.language, lx.lemma, lx.pos, lx.pos_names, lx.homograph, lx.gender)


def senses(lx: Lexeme, n: int | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    out = [(s.number, s.gloss, s.labels) for s in lx.senses]
    return out if n is None else out[:n]


def rels(lx: Lexeme, kind: str) -> list[Relation]:
    return [r for r in named(lx) if r.kind == kind]


def targets(lx: Lexeme, kind: str, sense: str | None = None) -> list[str]:
    return [r.target for r in rels(lx, kind) if sense is None or r.sense == sense]


def translation(lx: Lexeme, language: str, target: str) -> list[tuple[str, str]]:
    """(sense, note) of every translation of ``lx`` into ``language`` spelled ``target``."""
    return [(r.sense, r.note) for r in rels(lx, "translation") if r.language == language and r.target == target]


def page(text: str, title: str = "X", ns: int = 0, redirect: str | None = None) -> Page:
    return Page(title=title, namespace=ns, page_id=7, revision_id=8, timestamp="", text=text, redirect=redirect)


# --------------------------------------------------------------------------- free (English)


def test_free_adjective(pages: dict[str, Page]) -> None:
    lxs = entries(pages, "free", "en")
    assert [key(lx) for lx in lxs] == [
        ("en", "free", "adjective", ("Adjective",), 1, ()),
        ("en", "free", "adverb", ("Adverb",), 1, ()),
        ("en", "free", "verb", ("Verb",), 1, ()),
        ("en", "free", "noun", ("Noun",), 1, ()),
    ]
    adj = lxs[0]
    assert adj.source == "enwiktionary"
    assert adj.record_key == str(pages["free"].page_id) and adj.record_version == str(pages["free"].revision_id)
    # * {{IPA|/fɹiː/|lang=en}} … * {{rhymes|iː|lang=en}}
    assert adj.ipa == ("fɹiː",)
    assert adj.extra["rhymes"] == ["iː"]
    # {{en-adj|er}}
    assert adj.extra["head_template"] == "en-adj"
    assert forms(adj) == [("freer", "comparative"), ("freest", "superlative")]
    # # {{lb|en|social}} [[unconstrained|Unconstrained]].
    # ## Not [[imprisoned]] or [[enslaved]].
    # ## Unconstrained by [[timidity]] or [[distrust]]
    assert senses(adj, 3) == [
        ("1", "Unconstrained.", ("social",)),
        ("1.1", "Not imprisoned or enslaved.", ()),
        ("1.2", "Unconstrained by timidity or distrust", ()),
    ]
    by_number = {s.number: s for s in adj.senses}
    # #: {{ux|en|He was given '''free''' rein to do whatever he wanted.}} (a "#*" quotation follows)
    assert by_number["1"].examples == ("He was given free rein to do whatever he wanted.",)
    assert by_number["1.1"].examples == ("a free man",)
    # ## {{lb|en|by extension|chiefly|advertising slang}} [[complimentary]]
    assert (by_number["2.1"].gloss, by_number["2.1"].labels) == (
        "complimentary",
        ("by extension", "chiefly advertising slang"),
    )
    assert by_number["3.2"].labels == ("mathematics", "logic")
    assert by_number["9"].gloss == "Privileged or individual; the opposite of common."
    assert len(adj.senses) == 27  # 9 top-level senses, 18 subsenses
    # #: {{syn|en|unconstrained|unfettered|unhindered}} / #: {{ant|en|constrained|restricted}} under sense 1
    assert targets(adj, "synonym", "1") == ["unconstrained", "unfettered", "unhindered"]
    assert targets(adj, "antonym", "1") == ["constrained", "restricted"]
    assert targets(adj, "antonym", "1.1") == ["bound", "enslaved", "imprisoned"]
    assert targets(adj, "synonym", "2") == ["free of charge", "gratis"]
    # ====Antonyms==== * {{l|en|unfree}}   ====Hyponyms==== * {{l|en|-free}}
    assert targets(adj, "antonym", "") == ["unfree"]
    assert targets(adj, "hyponym") == ["-free"]
    # {{der4|lang=en|cloud-free|freeball|…|freewheel}}: 14 items
    derived = targets(adj, "derived")
    assert derived[:3] == ["cloud-free", "freeball", "freebooter"] and derived[-1] == "freewheel"
    assert len(derived) == 14
    # {{rel4|…|[[free Abelian group]], [[free abelian group]]|…|[[friend]]}}
    related = targets(adj, "related")
    assert related[:2] == ["free Abelian group", "free abelian group"] and "friend" in related
    # [[Category:en:Money]] at the end of the English section
    assert adj.extra["topics"] == ["Money"]
    assert adj.extra["etymology"].startswith("From Middle English free, fre, freo, from Old English frēo (“free”)")


def test_free_translations_and_sense_attachment(pages: dict[str, Page]) -> None:
    adj = entries(pages, "free", "en")[0]
    # {{trans-top|not imprisoned}} → "## Not [[imprisoned]] or [[enslaved]]." (1.1, prefix)
    assert translation(adj, "de", "frei")[0] == ("1.1", "not imprisoned")
    assert translation(adj, "de", "ungebunden")[0] == ("1.1", "not imprisoned")
    # * Galician: {{t+|gl|ceibo|m}}: gender first in the note
    assert translation(adj, "gl", "ceibo") == [("1.1", "m; not imprisoned")]
    # Russian {{t+|ru|свобо́дный}}: stress mark dropped like Wiktionary's own link target
    assert ("1.1", "not imprisoned") in translation(adj, "ru", "свободный")
    # Latin {{t+|la|līber}} → liber; Mandarin {{t+|cmn|自由|…}} → language "zh"
    assert ("1.1", "not imprisoned") in translation(adj, "la", "liber")
    assert ("1.1", "not imprisoned") in translation(adj, "zh", "自由")
    # {{trans-top|unconstrained}}: senses 1, 3 and 4 are all "Unconstrained." → not attached
    assert ("", "unconstrained") in translation(adj, "fr", "libre")
    # {{trans-top|unobstructed}} → "## Unobstructed, without [[blockage]]s." (4.1)
    assert ("4.1", "unobstructed") in translation(adj, "fr", "libre")
    # {{trans-top|not in use}} → "## Not currently in use; not taken; unoccupied." (4.3, all words)
    assert translation(adj, "de", "unbesetzt") == [("4.3", "not in use")]
    # {{trans-top|without obligations}} → "## Without [[obligation]]s." (1.5, exact)
    assert ("1.5", "without obligations") in translation(adj, "fr", "libre")
    # {{trans-top|without}} → "# Without; not containing …" (5, first clause), not 1.5
    assert ("5", "without") in translation(adj, "fr", "sans")
    # {{trans-top|programming: not bound}} → "## {{lb|en|programming}} Of [[identifier]]s, not [[bound]]." (3.3)
    assert {r.sense for r in rels(adj, "translation") if r.note.endswith("programming: not bound")} == {"3.3"}
    # {{trans-top|mathematics: unconstrained}}: 3.1 and 3.2 both "mathematics … Unconstrained" → ""
    assert {r.sense for r in rels(adj, "translation") if r.note.endswith("mathematics: unconstrained")} == {""}
    # {{checktrans-top}} tables: unchecked, no gloss, no sense
    assert translation(adj, "de", "entlassen") == [("", "")]


def test_free_other_pos(pages: dict[str, Page]) -> None:
    _adj, adv, verb, noun = entries(pages, "free", "en")
    assert senses(adv) == [("1", "Without needing to pay.", ()), ("2", "Freely; willingly.", ("obsolete",))]
    assert adv.extra["head_template"] == "en-adv"
    # {{trans-top|without needing to pay}} → exact match of sense 1
    assert translation(adv, "fr", "gratuitement") == [("1", "without needing to pay")]
    assert targets(adv, "synonym", "1") == ["for free", "for nothing"]
    assert senses(verb)[0][2] == ("transitive",)
    assert senses(verb)[0][1].startswith("To make free; set at liberty; release;")
    # {{trans-top|make free}}: both content words in the only sense
    assert translation(verb, "de", "befreien") == [("1", "make free")]
    # # {{lb|en|Australian rules football|Gaelic football}} {{abbreviation of|free kick|lang=en}}.
    assert senses(noun, 1) == [("1", "abbreviation of free kick.", ("Australian rules football", "Gaelic football"))]
    assert rels(noun, "form_of") == [Relation("form_of", "free kick", "en", "1", "abbreviation of")]
    assert noun.pos == "noun"  # an abbreviation sense is not an inflected form
    assert forms(noun) == [("frees", "plural")]  # {{en-noun}} without parameters


# --------------------------------------------------------------------------- German-language sections


def test_frei_german_adjective(pages: dict[str, Page]) -> None:
    (adj,) = entries(pages, "frei", "de")
    assert key(adj) == ("de", "frei", "adjective", ("Adjective",), 1, ())
    # * {{IPA|lang=de|/fraɪ̯/}}  * {{rhymes|aɪ̯|lang=de}}
    assert adj.ipa == ("fraɪ̯",)
    assert adj.extra["rhymes"] == ["aɪ̯"]
    # {{de-adj|er|sten|sup2=freiesten}}
    assert forms(adj) == [("freier", "comparative"), ("freisten", "superlative"), ("freiesten", "superlative")]
    assert senses(adj, 3) == [
        ("1", "free; unenslaved; unimprisoned", ()),
        ("2", "free; unrestricted; more negative also: unrestrained; licentious", ()),
        ("3", "unblocked; free for passage", ()),
    ]
    # # {{lb|de|with {{m|de|von}}}} [[free]] of {{gloss|not containing or unaffected by}}
    assert senses(adj)[4] == ("5", "free of (not containing or unaffected by)", ("with von",))
    assert senses(adj)[6] == ("7", "free of charge, gratis", ("not freely applicable; see usage notes",))
    assert targets(adj, "antonym") == ["unfrei"]
    assert rels(adj, "antonym")[0].sense == "1" and rels(adj, "antonym")[0].language == "de"
    assert targets(adj, "synonym", "2") == ["ungezwungen", "ungebunden"]
    assert targets(adj, "synonym", "7") == ["kostenlos", "gratis"]
    assert len(targets(adj, "derived")) == 11 and "Freizeit" in targets(adj, "derived")
    assert adj.extra["etymology"] == (
        "From Middle High German, Old High German frī, from Proto-Germanic *frijaz, from "
        "Proto-Indo-European *preyH- (“to be fond of”). Compare Dutch vrij, English free, Danish fri."
    )


def test_frei_other_languages(pages: dict[str, Page]) -> None:
    r = parsed(pages, "frei")
    assert [(lx.language, lx.pos, lx.pos_names) for lx in r.lexemes] == [
        ("de", "adjective", ("Adjective",)),
        ("lb", "inflected_form", ("Verb",)),
        ("pdc", "adjective", ("Adjective",)),
        ("pt", "noun", ("Noun",)),
        ("sco", "adjective", ("Adjective",)),
    ]
    _de, lb, pdc, pt, sco = r.lexemes
    # {{head|lb|verb form}} # {{inflection of|freien||2|s|imp|lang=lb}}
    assert lb.extra["heading_pos"] == "verb"
    assert rels(lb, "form_of") == [Relation("form_of", "freien", "lb", "1", "second-person singular imperative of")]
    assert [s.gloss for s in pdc.senses] == ["free", "exempt", "clear"]
    # {{pt-noun|m|freis}} # {{alternative form of|freire|lang=pt}}
    assert pt.gender == ("m",)
    assert forms(pt) == [("freis", "plural")]
    assert senses(pt) == [("1", "alternative form of freire", ())]
    assert pt.senses[0].examples == ("Frei Luís de Sousa ― Brother Luís de Sousa.",)
    assert pt.ipa == ("ˈfɾɐj", "ˈfɾej")
    # # {{lb|sco|South Scots|archaic}} [[free]]
    assert senses(sco) == [("1", "free", ("South Scots", "archaic"))]


def test_umsonst(pages: dict[str, Page]) -> None:
    (adv,) = parsed(pages, "umsonst").lexemes
    assert key(adv) == ("de", "umsonst", "adverb", ("Adverb",), 1, ())
    assert adv.ipa == ("ʊmˈzɔnst",)
    assert senses(adv) == [
        ("1", "free of charge, gratis", ()),
        ("2", "in vain, without success", ()),
        ("3", "for nothing; for the sake of doing it (without expecting reply)", ()),
    ]
    # #: {{syn|de|gratis|kostenlos|kostenfrei}} / #: {{syn|de|erfolglos}}
    assert targets(adv, "synonym", "1") == ["gratis", "kostenlos", "kostenfrei"]
    assert targets(adv, "synonym", "2") == ["erfolglos"]
    # {{prefix|um|sonst|lang=de}}, compare {{cog|da|omsonst}}.
    assert adv.extra["etymology"] == "um- + sonst, compare Danish omsonst."
    assert "hyphenation" not in adv.extra and "rhymes" not in adv.extra


def test_haus(pages: dict[str, Page]) -> None:
    de_noun, de_proper = entries(pages, "Haus", "de")
    assert key(de_noun) == ("de", "Haus", "noun", ("Noun",), 1, ("n",))
    assert key(de_proper) == ("de", "Haus", "proper_noun", ("Proper noun",), 1, ("n",))
    # {{de-noun|n|Hauses|Häuser|Häuschen|dim2=Häuslein}}
    assert forms(de_noun) == [
        ("Hauses", "genitive"),
        ("Häuser", "plural"),
        ("Häuschen", "diminutive"),
        ("Häuslein", "diminutive"),
    ]
    assert de_noun.ipa == ("haʊ̯s",)
    assert senses(de_noun) == [("1", "house", ()), ("2", "theatre", ())]
    assert de_noun.senses[0].examples == (
        "In dem Haus haben wir mal gewohnt. ― We used to live in that house.",
        "Mein Großvater starb in dem Haus, wo ich geboren wurde. ― My grandfather died in the house where I was born.",
    )
    hyponyms = targets(de_noun, "hyponym")
    assert hyponyms[:2] == ["Armenhaus", "Atriumhaus"] and hyponyms[-1] == "Zwerchhaus" and len(hyponyms) == 70
    assert {"hausgemacht", "nachhause", "zuhause"} <= set(targets(de_noun, "derived"))
    # {{de-proper noun|n|Haus'}} # A [[municipality]] …
    assert forms(de_proper) == [("Haus'", "genitive")]
    assert de_proper.senses[0].gloss.startswith("A municipality")
    # ==Luxembourgish== {{lb-noun|n|Haiser}}; ==Pennsylvania German== {{head|pdc|noun|g=n|plural|Heiser}}
    (lb,) = entries(pages, "Haus", "lb")
    assert key(lb) == ("lb", "Haus", "noun", ("Noun",), 1, ("n",))
    (pdc,) = entries(pages, "Haus", "pdc")
    assert pdc.gender == ("n",)
    assert forms(pdc) == [("Heiser", "plural")]


def test_uhr(pages: dict[str, Page]) -> None:
    (uhr,) = entries(pages, "Uhr", "de")
    assert key(uhr) == ("de", "Uhr", "noun", ("Noun",), 1, ("f",))
    # * {{IPA|/uːr/|[ʔu(ː)ɐ̯]||lang=de}} (empty parameter ignored)
    assert uhr.ipa == ("uːr", "ʔu(ː)ɐ̯")
    # {{de-noun|f||Uhren}}: no genitive given; a feminine noun's genitive singular is the headword
    assert forms(uhr) == [("Uhr", "genitive"), ("Uhren", "plural")]
    assert senses(uhr) == [
        ("1", "hour as a unit of clock time; o'clock", ("invariable",)),
        ("2", "clock, watch (timing device)", ()),
        (
            "3",
            "meter; gauge (a kind of measuring instrument, typically for water and gas consumption)",
            ("in compounds",),
        ),
    ]
    assert uhr.senses[0].examples[0] == "Es ist vier Uhr. ― It is four o'clock."
    assert len(uhr.senses[0].examples) == 3  # three {{ux}} lines
    # {{der4|Analoguhr|…|[[Kontrolluhr]], [[Stechuhr]], [[Stempeluhr]]|…}} (no language parameter)
    derived = targets(uhr, "derived")
    assert derived[0] == "Analoguhr" and {"Kontrolluhr", "Stechuhr", "Stempeluhr"} <= set(derived)
    assert uhr.extra["topics"] == ["Time"]  # [[Category:de:Time]]


def test_zwei(pages: dict[str, Page]) -> None:
    (num,) = entries(pages, "zwei", "de")
    assert key(num) == ("de", "zwei", "numeral", ("Numeral",), 1, ())
    assert num.extra["head_template"] == "head"
    assert num.ipa == ("t͡svaɪ̯", "t͡sʋaɪ̯")
    assert senses(num) == [
        (
            "1",
            "two (numerical value represented by the Arabic numeral 2; or describing a set with two components)",
            (),
        )
    ]
    assert targets(num, "synonym") == ["zwo"]
    assert targets(num, "related") == ["zwanzig", "zwölf"]
    # ==Alemannic German== ===Number===
    assert [lx.pos for lx in entries(pages, "zwei", "gsw")] == ["numeral"]


# --------------------------------------------------------------------------- several etymologies


def test_pie_homographs(pages: dict[str, Page]) -> None:
    lxs = entries(pages, "pie", "en")
    assert [(lx.pos, lx.homograph, lx.extra.get("etymology_number")) for lx in lxs] == [
        ("noun", 1, 1),
        ("verb", 1, 1),
        ("noun", 2, 2),
        ("noun", 3, 3),
    ]
    noun1, verb, noun2, noun3 = lxs
    # the language-level ===Pronunciation=== applies to every etymology
    assert {lx.ipa for lx in lxs} == {("paɪ",)}
    # {{en-noun|~}}
    assert forms(noun1) == [("pies", "plural")] and noun1.extra["head_tags"] == ["countable", "uncountable"]
    assert senses(noun1, 3) == [
        ("1", "A type of pastry that consists of an outer crust and a filling.", ()),
        (
            "2",
            "Any of various other, non-pastry dishes that maintain the general concept of a shell with a filling.",
            (),
        ),
        ("3", "Pizza.", ("Northeastern US",)),
    ]
    assert noun1.senses[1].examples == ("Shepherd's pie is made of mince covered with mashed potato.",)
    # {{trans-top|type of pastry}} → sense 1 (all words); * German: {{t+|de|Torte|f}}
    assert translation(noun1, "de", "Torte") == [("1", "f; type of pastry")]
    # {{der3|apple pie|…|who ate all the pies|lang=en}}: 32 items, language named after them
    assert len(targets(noun1, "derived")) == 32 and targets(noun1, "derived")[0] == "apple pie"
    assert senses(verb, 1) == [
        (
            "1",
            "To hit in the face with a pie, either for comic effect or as a means of protest (see also pieing).",
            ("transitive",),
        )
    ]
    assert translation(verb, "de", "torten") == [("1", "to hit in the face with a pie")]
    # ===Etymology 2=== … # {{lb|en|obsolete}} [[magpie|Magpie]].
    assert senses(noun2) == [("1", "Magpie.", ("obsolete",))]
    assert targets(noun2, "derived") == ["piebald"]
    assert noun2.extra["etymology"].startswith("From Middle English pye, from Old French pie, from Latin pīca")
    # ===Etymology 3=== {{en-noun|pie|pies}}; * Hindi: {{t+|hi|पाई|m|sc=Deva}}
    # (each parameter is a plural: "plural pie or pies", the coin's plural is also "pie")
    assert forms(noun3) == [("pie", "plural"), ("pies", "plural")]
    assert senses(noun3)[0][2] == ("historical",)
    assert translation(noun3, "hi", "पाई") == [("1", "m; unit of currency")]
    # {{topics|en|Currency|Desserts|Foods|Pies|Corvids}} sits in Etymology 3's Translations
    # section, outside any POS intro: it applies to the whole English section
    assert all(lx.extra["topics"] == ["Currency", "Desserts", "Foods", "Pies", "Corvids"] for lx in lxs)
    # ==Middle English== ===Etymology 1/2=== ====Noun==== # {{alternative form of|pye|lang=enm}}
    enm = entries(pages, "pie", "enm")
    assert [(lx.pos, lx.homograph) for lx in enm] == [("noun", 1), ("noun", 2)]
    assert rels(enm[0], "form_of") == [Relation("form_of", "pye", "enm", "1", "alternative form of")]


def test_pound_translation_glosses(pages: dict[str, Page]) -> None:
    lxs = entries(pages, "pound", "en")
    assert [(lx.pos, lx.homograph) for lx in lxs] == [
        ("noun", 1),
        ("noun", 2),
        ("verb", 1),
        ("verb", 2),
        ("noun", 3),
    ]
    noun1 = lxs[0]
    assert noun1.ipa == ("paʊnd",)
    # # {{lb|en|US}} The symbol {{unsupported|#}} ([[octothorpe]], [[hash]])
    assert senses(noun1)[2] == ("3", "The symbol # (octothorpe, hash)", ("US",))
    # {{trans-top|unit of mass (16 ounces avoirdupois)}} → sense 1 only (sense 2 is troy ounces)
    # {{trans-top|unit of currency}} → senses 4, 5, 6 all "units of currency" → not attached
    glosses = {(r.sense, r.note.split("; ")[-1]) for r in rels(noun1, "translation")}
    assert ("1", "unit of mass (16 ounces avoirdupois)") in glosses
    assert ("2", "unit of mass (12 troy-ounces)") in glosses
    assert ("", "unit of currency") in glosses
    assert not any(s for s, g in glosses if g == "unit of currency")
    assert targets(noun1, "synonym", "4") == ["£", "pound sterling", "GBP", "quid", "nicker"]
    verb2 = lxs[3]
    assert verb2.extra["etymology_number"] == 3
    # {{trans-top|slang: eat or drink quickly}} → "# {{lb|en|transitive|slang}} To eat or drink very quickly."
    assert {r.sense for r in rels(verb2, "translation") if r.note.endswith("slang: eat or drink quickly")} == {"3"}


def test_crow(pages: dict[str, Page]) -> None:
    noun, verb = entries(pages, "crow", "en")
    assert key(noun) == ("en", "crow", "noun", ("Noun",), 1, ())
    assert key(verb) == ("en", "crow", "verb", ("Verb",), 1, ())
    # * {{a|RP}} {{IPA|/kɹəʊ/|lang=en}}  * {{a|US}} … {{IPA|/kɹoʊ/|lang=en}}
    assert noun.ipa == ("kɹəʊ", "kɹoʊ") == verb.ipa
    assert senses(noun, 2) == [
        (
            "1",
            "A bird, usually black, of the genus Corvus, having a strong conical beak, with projecting "
            "bristles; it has a harsh, croaking call.",
            (),
        ),
        ("2", "A bar of iron with a beak, crook, or claw; a bar of iron used as a lever; a crowbar.", ()),
    ]
    assert senses(noun)[4] == ("5", "The mesentery of an animal.", ("among butchers",))
    # {{trans-top|any bird of the genus ''Corvus''}}: * German: {{t+|de|Krähe|f}}, {{t|de|Krähenvogel|m}}
    assert translation(noun, "de", "Krähe") == [("1", "f; any bird of the genus Corvus")]
    assert translation(noun, "de", "Krähenvogel") == [("1", "m; any bird of the genus Corvus")]
    # {{trans-top|bar of iron}} / {{trans-top|cry of the rooster}}
    assert translation(noun, "de", "Brecheisen") == [("2", "n; bar of iron")]
    assert translation(noun, "fr", "chant") == [("3", "m; cry of the rooster")]
    assert targets(noun, "synonym") == ["crowbar", "cock-a-doodle-doo"]
    assert [r.sense for r in rels(noun, "synonym")] == ["2", "3"]
    # ===Etymology 2=== {{en-verb|crows|crowing|crowed|past2=crew|past2_qual=UK|crowed}}
    assert ("crew", "past", ("UK",)) in forms(verb, qualifiers=True)
    assert verb.senses[1].gloss == "To shout in exultation or defiance; to brag."
    # the "#:" example after a "#*" quotation still belongs to sense 2
    assert verb.senses[1].examples == ("He's been crowing all day about winning the game of cards.",)
    assert targets(verb, "synonym", "2") == ["brag"]
    # {{trans-top|to shout or brag}}: * German: {{t+|de|krähen}}, {{t|de|herauskrähen}}, …
    assert translation(verb, "de", "herauskrähen") == [("2", "to shout or brag")]
    assert translation(verb, "de", "krähen") == [("1", "to make the sound of a rooster"), ("2", "to shout or brag")]


def test_book(pages: dict[str, Page]) -> None:
    noun, verb, past = entries(pages, "book", "en")
    assert [(lx.pos, lx.homograph, lx.pos_names) for lx in (noun, verb, past)] == [
        ("noun", 1, ("Noun",)),
        ("verb", 1, ("Verb",)),
        ("inflected_form", 1, ("Verb",)),
    ]
    assert noun.ipa == ("bʊk", "buːk")
    assert noun.senses[0].examples[0] == "She opened the book to page 37 and began to read aloud."
    # # {{lb|en|usually|in the plural}} Records of the accounts of a business.
    assert senses(noun)[7] == ("8", "Records of the accounts of a business.", ("usually in the plural",))
    # {{trans-top|usually in plural: records of the accounts of a business}} → 8 (all content words)
    assert {r.sense for r in rels(noun, "translation") if "records of the accounts" in r.note} == {"8"}
    # {{trans-top|major division of a published work, larger than a chapter}}: "published",
    # "chapter" are not in "A major division of a long work." → not attached
    assert {r.sense for r in rels(noun, "translation") if "major division" in r.note} == {""}
    assert targets(noun, "synonym", "4") == ["tome", "volume"]
    # ===Etymology 2=== verb: #: {{syn|en|[[make]] a [[note]] of|[[note]] [[down]]|record|write down}}
    assert targets(verb, "synonym", "2") == ["make a note of", "note down", "record", "write down"]
    assert senses(verb)[2][2] == ("law enforcement", "transitive")
    assert {r.sense for r in rels(verb, "translation") if r.note.endswith("slang: to leave")} == {"8"}
    assert {r.sense for r in rels(verb, "translation") if r.note.endswith("to reserve")} == {"1"}
    # ===Etymology 3=== a past tense form: kept as a verb heading, pos inflected_form
    assert past.extra["heading_pos"] == "verb"
    assert [r.target for r in rels(past, "form_of")] == ["bake"]


def test_cat(pages: dict[str, Page]) -> None:
    noun, verb = entries(pages, "cat", "en")[:2]
    assert key(noun) == ("en", "cat", "noun", ("Noun",), 1, ())
    # {{IPA|/kæt/|[kʰæt]|[kʰæt̚]|lang=en}}
    assert noun.ipa == ("kæt", "kʰæt", "kʰæt̚")
    assert senses(noun, 3) == [
        ("1", "An animal of the family Felidae", ()),
        (
            "1.1",
            "A domesticated subspecies (Felis silvestris catus) of feline animal, commonly kept as a house pet.",
            (),
        ),
        ("1.2", "Any similar animal of the family Felidae, which includes lions, tigers, bobcats, etc.", ()),
    ]
    assert senses(noun)[3:5] == [("2", "A person", ()), ("2.1", "A spiteful or angry woman.", ("offensive",))]
    # # {{lb|en|chiefly|nautical}} {{non-gloss definition|Short form of}} [[cat-o'-nine-tails]].
    assert ("4", "Short form of cat-o'-nine-tails.", ("chiefly nautical",)) in senses(noun)
    # ##: {{syn|en|puss|pussy|malkin|kitty|pussy-cat|grimalkin}} under 1.1
    assert targets(noun, "synonym", "1.1") == ["puss", "pussy", "malkin", "kitty", "pussy-cat", "grimalkin"]
    assert targets(noun, "synonym", "2.1") == ["bitch"]
    # =====Synonyms===== lines: asides in parentheses ("(compare [[Caniformia]], …)") are not synonyms
    section = targets(noun, "synonym", "")
    assert {"feliform", "feloid", "feline cat", "panther"} <= set(section)
    assert not {"Caniformia", "Canoidea", "tiger", "cat-like"} & set(section)
    assert targets(noun, "hyponym") == ["housecat", "malkin", "kitten", "mouser", "tomcat"]
    assert senses(verb, 1)[0][2] == ("nautical", "transitive")


def test_dictionary(pages: dict[str, Page]) -> None:
    noun, verb = entries(pages, "dictionary", "en")
    assert noun.senses[0].gloss.startswith("A reference work with a list of words from one or more languages")
    # # {{lb|en|preceded by {{m|en|the}}}} A [[synchronic]] dictionary …
    assert noun.senses[1].labels == ("preceded by the",)
    assert senses(verb) == [
        ("1", "To look up in a dictionary.", ("transitive",)),
        ("2", "To add to a dictionary.", ("transitive",)),
        ("3", "To compile a dictionary.", ("intransitive", "rare")),
    ]
    # {{trans-top|publication that explains the meanings of an ordered list of words}}: no literal match, but
    # 5 of its 6 content words ("list", "words", "ordered", "explaining", "meanings") are in sense 1 ("A reference
    # work with a list of words … ordered alphabetically, explaining each word's meanings"), 1 in sense 2
    assert translation(noun, "fr", "dictionnaire") == [
        ("1", "m; publication that explains the meanings of an ordered list of words")
    ]
    assert "hash table" in targets(noun, "hyponym", "4")


# --------------------------------------------------------------------------- form-of pages, proper nouns, adverbs


def test_pies_inflected_forms(pages: dict[str, Page]) -> None:
    noun, verb = entries(pages, "pies", "en")
    assert (noun.pos, noun.pos_names, noun.homograph, noun.extra["heading_pos"]) == (
        "inflected_form",
        ("Noun",),
        1,
        "noun",
    )
    # same normalised POS on the page → homograph 2
    assert (verb.pos, verb.pos_names, verb.homograph) == ("inflected_form", ("Verb",), 2)
    assert senses(noun) == [("1", "plural of pie", ())]
    assert rels(noun, "form_of") == [Relation("form_of", "pie", "en", "1", "plural of")]
    assert [(r.target, r.sense) for r in rels(verb, "form_of")] == [("pie", "1"), ("pi", "2")]
    # ==French== # {{plural of|pie|lang=fr}}
    (fr,) = entries(pages, "pies", "fr")
    assert (fr.pos, fr.gender) == ("inflected_form", ("f",))
    # ==Dutch== an alternative form stays a noun
    (nl,) = entries(pages, "pies", "nl")
    assert nl.pos == "noun" and rels(nl, "form_of")[0].note == "alternative form of"


def test_old_language_less_templates(pages: dict[str, Page]) -> None:
    # "did" is written in the old style: {{IPA|/dɪd/}}, {{rhymes|ɪd}}, {{simple past of|do}} name no language
    (did,) = entries(pages, "did", "en")
    assert (did.pos, did.ipa, did.extra["rhymes"]) == ("inflected_form", ("dɪd",), ["ɪd"])
    assert senses(did) == [("1", "simple past of do", ())]
    assert rels(did, "form_of") == [Relation("form_of", "do", "en", "1", "simple past of")]
    # the same templates with a language keep reading it first: {{plural of|i|lang=en}}, {{IPA|en|/aɪz/}}
    _verb_form, noun_form = entries(pages, "is", "en")
    assert rels(noun_form, "form_of") == [Relation("form_of", "i", "en", "1", "plural of")]
    assert noun_form.ipa == ("aɪz",)


def test_translations_section_mislevelled_under_a_relation_section(pages: dict[str, Page]) -> None:
    # "is": "=====Translations=====" sits under "====Synonyms====", a sibling of "====Verb====" in Etymology 1;
    # it belongs to the verb (and not to the noun of Etymology 2)
    verb_form, noun_form = entries(pages, "is", "en")
    assert translation(verb_form, "de", "ist") == [("", "")]
    assert translation(verb_form, "fr", "est") == [("", "")]
    assert not rels(noun_form, "translation")


def test_translations_beside_several_pos_are_divided_table_by_table(pages: dict[str, Page]) -> None:
    # "quarter": one Translations section shared by the adjective, the noun and the verb; its verb tables
    # name verb senses only, so they go to the verb, on their senses, and not to the others
    adjective, noun, verb = (lx for lx in entries(pages, "quarter", "en") if lx.homograph == 1)
    assert (adjective.pos, noun.pos, verb.pos) == ("adjective", "noun", "verb")
    assert {r.sense for r in rels(verb, "translation") if r.note.endswith("to divide by four")} == {"1"}
    assert {r.sense for r in rels(verb, "translation") if r.note.endswith("to provide housing")} == {"2"}
    assert not [r for r in rels(noun, "translation") if r.note.endswith("to divide by four")]
    assert not [r for r in rels(adjective, "translation") if r.note.endswith("to divide by four")]
    # "leap": the verb's "to jump" table stood beside the verb and the noun; only the verb has the sense
    leap_verb, leap_noun = (lx for lx in entries(pages, "leap", "en") if lx.homograph == 1)
    assert {r.sense for r in rels(leap_verb, "translation") if r.note.endswith("to jump")} == {"1"}
    assert not [r for r in rels(leap_noun, "translation") if r.note.endswith("to jump")]


def test_etymology_hyphenation_and_translation_tables(pages: dict[str, Page]) -> None:
    (noun,) = entries(pages, "etymology", "en")
    assert key(noun) == ("en", "etymology", "noun", ("Noun",), 1, ())
    # * {{a|RP}} … {{IPA|/ˌɛt.ɪˈmɒl.ə.dʒi/|lang=en}}  * {{a|GenAm}} … {{IPA|/ˌɛtəˈmɑlədʒi/|lang=en}}
    assert noun.ipa == ("ˌɛt.ɪˈmɒl.ə.dʒi", "ˌɛtəˈmɑlədʒi")
    # * {{hyphenation|e|ty|mo|lo|gy|lang=en}}  * {{rhymes|ɒlədʒi|lang=en}}
    assert noun.extra["hyphenation"] == "e·ty·mo·lo·gy"
    assert noun.extra["rhymes"] == ["ɒlədʒi"]
    assert forms(noun) == [("etymologies", "plural")]  # {{en-noun|etymologies}}
    assert senses(noun) == [
        (
            "1",
            "The study of the historical development of languages, particularly as manifested in individual words.",
            ("uncountable",),
        ),
        ("2", "An account of the origin and historical development of a word.", ("countable",)),
    ]
    # From {{der|en|enm|-}} , from {{der|en|fro|ethimologie}}, …
    assert noun.extra["etymology"].startswith("From Middle English, from Old French ethimologie, from Latin etymologia")
    # {{trans-top|study of the historical development of languages, particularly of individual words}} → 1
    # {{trans-top|account of the origin and historical development of a word}} → 2
    assert translation(noun, "de", "Etymologie") == [
        ("1", "f; study of the historical development of languages, particularly of individual words"),
        ("2", "f; account of the origin and historical development of a word"),
    ]
    assert translation(noun, "de", "Wortherkunft") == [
        ("2", "f; account of the origin and historical development of a word")
    ]
    # Bulgarian {{t+|bg|етимоло́гия|f}} in both tables → entry name without the stress mark
    assert [sense for sense, _note in translation(noun, "bg", "етимология")] == ["1", "2"]
    assert targets(noun, "hyponym") == ["onomastics"]
    assert targets(noun, "related") == ["etymon", "etymologist", "etymologize"]
    # * {{hyphenation|en|dic|tion|a|ry||dic|tion|ary}}: the first of two alternatives
    assert entries(pages, "dictionary", "en")[0].extra["hyphenation"] == "dic·tion·a·ry"


def test_raven_dutch_and_middle_dutch(pages: dict[str, Page]) -> None:
    verb, noun = entries(pages, "raven", "nl")
    # ===Etymology 1=== Borrowed from {{bor|nl|en|rave}}. ====Pronunciation==== {{IPA|lang=nl|/ˈreːvə(n)/}}
    assert (verb.pos, verb.ipa, verb.extra["etymology"]) == ("verb", ("ˈreːvə(n)",), "Borrowed from English rave.")
    assert senses(verb) == [("1", "to (hold a) rave, to party wildly", ())]
    # ===Etymology 2=== its own Pronunciation; {{head|nl|noun plural form}} # {{nl-noun form of|pl|raaf}}
    assert (noun.pos, noun.pos_names, noun.homograph) == ("inflected_form", ("Noun",), 1)
    assert (noun.ipa, noun.extra["rhymes"]) == (("ˈraːvə(n)",), ["aːvən"])
    assert rels(noun, "form_of") == [Relation("form_of", "raaf", "nl", "1", "noun form of")]
    # ==Middle Dutch== {{dum-noun|head=rāven|m}} # {{topics|dum|Birds}} {{l|en|raven}}
    (dum,) = entries(pages, "raven", "dum")
    assert key(dum) == ("dum", "raven", "noun", ("Noun",), 1, ("m",))
    assert senses(dum) == [("1", "raven", ())]
    assert dum.extra["topics"] == ["Birds"]
    assert dum.extra["etymology"] == "From Old Dutch *ravan, from Proto-Germanic *hrabnaz."


def test_january_and_monday(pages: dict[str, Page]) -> None:
    (jan,) = entries(pages, "January", "en")
    assert key(jan) == ("en", "January", "proper_noun", ("Proper noun",), 1, ())
    # {{en-proper noun|Januaries|Januarys}}
    assert forms(jan) == [("Januaries", "plural"), ("Januarys", "plural")]
    assert jan.ipa == ("ˈd͡ʒænjʊəɹi", "ˈd͡ʒænjuˌɛɹi", "ˈd͡ʒænjuˌæɹi")
    # # {{lb|en|rare}} {{given name|female|from=English}}.
    assert senses(jan)[1] == ("2", "A female given name.", ("rare",))
    # #: ''01/01/09'' : [[Thursday]], 1st '''January'''(,) 2009.  (the "#::" line is not a new example)
    assert jan.senses[0].examples == ("01/01/09 : Thursday, 1st January(,) 2009.",)
    assert targets(jan, "derived")[0] == "Black January" and len(targets(jan, "derived")) == 12
    assert targets(jan, "related") == ["Janus"]

    noun, adv = entries(pages, "Monday", "en")
    assert noun.ipa == ("ˈmʌn.deɪ", "ˈmʌn.di")
    # * {{rhymes|ʌndeɪ|lang=en}} ''or'' {{rhymes|ʌndi|lang=en}}
    assert noun.extra["rhymes"] == ["ʌndeɪ", "ʌndi"]
    assert targets(noun, "hypernym") == ["day"]
    assert targets(noun, "hyponym")[:2] == ["Ash Monday", "Black Monday"]
    assert translation(noun, "de", "Montag")[0][0] == "1"  # {{trans-top|day of the week}}: the only sense
    assert senses(adv) == [("1", "on Monday", ("US", "Canada"))]
    assert "forms" not in adv.extra and adv.extra["head_tags"] == ["not-comparable"]  # {{en-adv|-}}


def test_gratis(pages: dict[str, Page]) -> None:
    adj, adv = entries(pages, "gratis", "en")
    assert (adj.pos, adv.pos) == ("adjective", "adverb")
    # {{a|UK}} {{IPA|/ˈɡɹɑː.tɪs/|lang=en}}  {{a|US}} {{IPA|/ˈɡɹætɪs/|lang=en}}
    assert adj.ipa == ("ˈɡɹɑː.tɪs", "ˈɡɹætɪs")
    assert senses(adj) == [("1", "Free, without charge.", ())]
    assert adj.extra["etymology"] == "Borrowed from Latin gratis."
    # ====Synonyms==== * {{l|en|free as in beer}} {{qualifier|…}}
    assert targets(adj, "synonym") == ["free as in beer"]
    # {{trans-see|…}} only: no translations
    assert rels(adj, "translation") == []
    assert targets(adv, "related") == ["gratuity", "gratuitous"]
    assert adj.extra["topics"] == ["Economics"] == adv.extra["topics"]
    # ==Catalan== ===Etymology 2=== ====Verb==== # {{ca-verb form of|p=2|n=sg|t=pres|m=sub|gratar}}
    catalan = entries(pages, "gratis", "ca")
    assert [(lx.pos, lx.homograph) for lx in catalan] == [("adverb", 1), ("inflected_form", 1)]
    assert targets(catalan[0], "synonym", "1") == ["de franc", "gratuïtament"]
    assert [(r.target, r.language, r.sense) for r in rels(catalan[1], "form_of")] == [("gratar", "ca", "1")]


# --------------------------------------------------------------------------- the whole sample


def test_whole_sample_never_raises_and_accounts_for_every_page(results: list[tuple[Page, ParseResult]]) -> None:
    outcomes: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    assert len(results) == 1432
    for p, r in results:
        assert isinstance(r, ParseResult)
        if p.namespace != 0:
            assert r.skipped == f"namespace {p.namespace}"
            continue
        assert (r.skipped is not None) + (r.rejection is not None) + bool(r.lexemes) == 1, p.title
        assert r.rejection is None or r.rejection.reason != "parser error", (p.title, r.rejection)
        if r.skipped:
            outcomes["skipped"] += 1
            assert r.skipped == "redirect" and p.redirect is not None
        elif r.rejection:
            outcomes[r.rejection.reason] += 1
        else:
            outcomes["parsed"] += 1
        unknown.update(r.unknown_pos)
        for lx in r.lexemes:
            languages[lx.language] += 1
            assert lx.lemma == p.title and lx.source == "enwiktionary"
            assert lx.pos in POS_VOCABULARY or lx.pos == "unknown"
            assert lx.homograph >= 1
            assert all(type(r) is tuple and len(r) == 5 for r in lx.relations)  # plain rows
            for rel in named(lx):
                assert rel.kind in RELATION_KINDS and rel.target and rel.language
                assert "{{" not in rel.target and "[[" not in rel.target
            for s in lx.senses:
                assert "{{" not in s.gloss and "}}" not in s.gloss and "[[" not in s.gloss
    assert outcomes["parsed"] >= 1360
    assert outcomes["skipped"] == 6
    assert languages["en"] > 1800 and languages["de"] > 100
    # all language headings of the sample are known except a few rare ones
    unmapped = [lang for lang in languages if lang.startswith("und:")]
    assert len(unmapped) <= 10, unmapped
    assert unknown["Definitions"] >= 1 and "Noun" not in unknown and "Etymology" not in unknown


def test_sense_numbers_are_unique_and_dotted(results: list[tuple[Page, ParseResult]]) -> None:
    for p, r in results:
        for lx in r.lexemes:
            numbers = [s.number for s in lx.senses]
            assert len(numbers) == len(set(numbers)), (p.title, numbers)
            assert all(n and all(part.isdigit() for part in n.split(".")) for n in numbers)
            own = set(numbers)
            for rel in named(lx):
                assert rel.sense == "" or rel.sense in own or rel.kind == "form_of", (p.title, rel)


# --------------------------------------------------------------------------- skips, rejections, odd input


def test_namespace_and_redirect_are_skipped() -> None:
    assert parse_page(page("==English==\n===Noun===\n# x", ns=4)).skipped == "namespace 4"
    assert parse_page(page("#REDIRECT [[house]]")).skipped == "redirect"
    assert parse_page(page("==English==", redirect="house")).skipped == "redirect"


def test_rejections() -> None:
    r = parse_page(page("Just some text without headings."))
    assert r.rejection is not None and r.rejection.reason == "no language section"
    assert (r.rejection.record_key, r.rejection.record_version, r.rejection.source) == ("7", "8", "enwiktionary")
    r = parse_page(page("===Noun===\n# a thing"))
    assert r.rejection is not None and r.rejection.reason == "no language section"
    assert "1 part-of-speech heading" in r.rejection.detail
    r = parse_page(page("==English==\n===Etymology===\nFrom somewhere.\n===Anagrams===\n* x"))
    assert r.rejection is not None and r.rejection.reason == "no part-of-speech section"
    assert r.rejection.detail == "language sections: English"
    r = parse_page(page(""))
    assert r.rejection is not None and r.rejection.reason == "no language section"


def test_unknown_heading_is_reported_not_guessed() -> None:
    text = "==English==\n===Gizmo===\n{{head|en|gizmo}}\n# a sense\n===Widget list===\n* x\n"
    r = parse_page(page(text))
    assert r.unknown_pos == ("Gizmo", "Widget list")
    (lx,) = r.lexemes  # the heading with definitions still gives an entry, pos unknown
    assert (lx.pos, lx.pos_names, lx.senses[0].gloss) == ("unknown", ("Gizmo",), "a sense")
    # a language name we do not know is kept, marked, not guessed
    r = parse_page(page("==Klingonese==\n===Noun===\n# thing"))
    assert r.lexemes[0].language == "und:Klingonese"


def test_parser_error_becomes_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(en.page, "_language_lexemes", boom)
    r = parse_page(page("==English==\n===Noun===\n# x"))
    assert r.rejection is not None and r.rejection.reason == "parser error"
    assert "RuntimeError: kaputt" in r.rejection.detail


@pytest.mark.parametrize(
    "text",
    [
        "",
        "==",
        "====",
        "== ==\n=== ===\n# x",
        "==English==\n===Noun===\n{{en-noun\n# {{lb|en|x\n# [[a|b\n#: {{ux|en|unclosed",
        "==English==\n===Noun===\n# }}}} ]] {{ {{ [[ ||| \n## ### #### ##### x",
        "==English==\n====Translations====\n{{trans-top|x}}\n* German: {{t|de|}} {{t|}} {{t}}\n{{trans-bottom}}",
        "==English==\n===Noun===\n# a\n====Translations====\n{{trans-top|a\n* German: {{t+|de|Haus|n}}",
        "=English=\n==\n===Noun===\n==English==\n=====Noun=====\n# deep\n==German==\n===Verb===",
        "==English==\n" + "===Noun===\n# x\n" * 300,
        "==English==\n===Noun===\n" + "{{" * 5000 + "# x",
        "==English==\n===Noun===\n# " + "[[" * 3000 + "x" + "}}" * 3000,
        "\x00==English==\x00\n===Noun===\n#\x00",
        "==English==\n===Etymology 1===\n===Etymology 2===\n====Pronunciation====\n====Noun====\n# n\n"
        "=====Synonyms=====\n* {{sense|n}} [[m]]\n===Derived terms===\n* [[z]]",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    r = parse_page(page(text))
    assert isinstance(r, ParseResult)
    assert r.rejection is None or r.rejection.reason != "parser error", r.rejection
    assert (r.rejection is not None) != bool(r.lexemes)


def test_heading_soup_levels() -> None:
    text = (
        "==English==\n"
        "===Pronunciation===\n* {{IPA|en|/a/}}\n"
        "===Etymology 1===\nFrom [[a]].\n"
        "====Pronunciation====\n* {{IPA|en|/b/}}\n"
        "====Noun====\n{{en-noun}}\n# first\n"
        "=====Translations=====\n{{trans-top|first}}\n* German: {{t|de|erst|n}}\n{{trans-bottom}}\n"
        "===Etymology 2===\nFrom [[b]].\n"
        "====Noun====\n# second\n# {{lb|en|rare}} third\n"
        "===Related terms===\n* [[shared]]\n"
        "==German==\n===Noun===\n{{de-noun|f|,|-en}}\n# x\n"
    )
    lxs = parse_page(page(text, title="x")).lexemes
    assert [(lx.language, lx.pos, lx.homograph) for lx in lxs] == [
        ("en", "noun", 1),
        ("en", "noun", 2),
        ("de", "noun", 1),
    ]
    first, second, german = lxs
    assert first.ipa == ("b",)  # the Pronunciation under its own etymology
    assert second.ipa == ("a",)  # the language-level one
    assert (first.extra["etymology"], second.extra["etymology"]) == ("From a.", "From b.")
    assert rels(first, "translation") == [Relation("translation", "erst", "de", "1", "n; first")]
    assert senses(second) == [("1", "second", ()), ("2", "third", ("rare",))]
    # a Related terms section beside the etymologies belongs to every POS of the language
    assert targets(first, "related") == ["shared"] == targets(second, "related")
    assert german.gender == ("f",)


def test_sense_matching_rules() -> None:
    text = (
        "==English==\n===Noun===\n"
        "# A large house.\n# {{lb|en|slang}} To leave.\n# A small house; a hut.\n# A place of worship.\n"
        "====Translations====\n"
        "{{trans-top|a large house}}\n* German: {{t|de|A}}\n{{trans-bottom}}\n"  # exact → 1
        "{{trans-top|slang: to leave}}\n* German: {{t|de|B}}\n{{trans-bottom}}\n"  # labels + gloss → 2
        "{{trans-top|a hut}}\n* German: {{t|de|C}}\n{{trans-bottom}}\n"  # clause → 3
        "{{trans-top|a small}}\n* German: {{t|de|D}}\n{{trans-bottom}}\n"  # prefix → 3
        "{{trans-top|worship places}}\n* German: {{t|de|E}}\n{{trans-bottom}}\n"  # all words → 4
        "{{trans-top|house}}\n* German: {{t|de|F}}\n{{trans-bottom}}\n"  # 1 and 3 → ambiguous
        "{{trans-top|a spaceship}}\n* German: {{t|de|G}}\n{{trans-bottom}}\n"  # nothing
        "* German: {{t|de|H}}\n"  # outside any table
    )
    (lx,) = parse_page(page(text)).lexemes
    got = {r.target: r.sense for r in named(lx)}
    assert got == {"A": "1", "B": "2", "C": "3", "D": "3", "E": "4", "F": "", "G": "", "H": ""}


def test_examples_labels_and_markup() -> None:
    text = (
        "==English==\n===Verb===\n{{en-verb}}\n"
        "# {{lb|en|transitive|_|chiefly|UK|or|US}} To [[test]] {{w|Something|something}}; {{l|en|try}}. "
        "{{defdate|from 15th c.}}\n"
        "#: {{ux|en|I '''test''' it.}}\n#: ''I test again.''\n#: {{syn|en|try|Thesaurus:test|check<q:rare>}}\n"
        "#* {{quote-book|en|passage=Not an example.}}\n#: {{ux|en|three}}\n#: {{ux|en|four}}\n"
        "# {{q|informal}} {{gloss|by extension}} To check.\n"
        "# {{transitive}} {{plural of|en|tests}}\n"
    )
    (lx,) = parse_page(page(text, title="test")).lexemes
    one, two, three = lx.senses
    assert (one.gloss, one.labels) == ("To test something; try.", ("transitive", "chiefly UK", "US"))
    assert one.examples == ("I test it.", "I test again.", "three")  # at most 3
    assert targets(lx, "synonym", "1") == ["try", "check"]
    assert (two.gloss, two.labels) == ("(by extension) To check.", ("informal",))
    assert (three.gloss, three.labels) == ("plural of tests", ("transitive",))
    assert rels(lx, "form_of") == [Relation("form_of", "tests", "en", "3", "plural of")]
    assert lx.pos == "verb"  # only one of three senses is a form of another word


def test_tables_are_consistent() -> None:
    langs = load_table("languages_en")
    assert len(langs["languages"]) >= 150
    for name, code in {
        "German": "de",
        "English": "en",
        "French": "fr",
        "Spanish": "es",
        "Italian": "it",
        "Portuguese": "pt",
        "Russian": "ru",
        "Chinese": "zh",
        "Mandarin": "zh",
        "Japanese": "ja",
        "Arabic": "ar",
        "Latin": "la",
        "Dutch": "nl",
        "Norwegian Bokmål": "nb",
        "Serbo-Croatian": "sh",
        "Translingual": "mul",
    }.items():
        assert langs["languages"][name] == code
    assert langs["names"]["gem-pro"] == "Proto-Germanic"
    pos = load_table("pos_en")
    assert set(pos["pos"].values()) <= POS_VOCABULARY
    assert not set(pos["pos"]) & set(pos["non_pos"])
    for name, norm in {
        "Noun": "noun",
        "Proper noun": "proper_noun",
        "Prepositional phrase": "phrase",
        "Proverb": "phrase",
        "Idiom": "phrase",
        "Prefix": "affix",
        "Initialism": "abbreviation",
        "Acronym": "abbreviation",
        "Number": "numeral",
        "Participle": "participle",
    }.items():
        assert pos["pos"][name] == norm
    assert en.heading_pos("Noun 2") == "noun"
    assert en.heading_pos("Etymology 3") == ""
    assert en.heading_pos("Translations") == ""
    assert en.heading_pos("Gallery of things") is None
