"""German-edition parser against real de.wiktionary pages (tests/data sample) and odd input.

Expected values were written by hand from each page's wikitext, not from parser output.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from aqea.model import Lexeme, Page, ParseResult
from aqea.sources.dump import iter_pages
from aqea.wiktionary import de
from aqea.wiktionary.de import parse_page
from tests.samples import DE_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(DE_DUMP)}


def parsed(pages: dict[str, Page], title: str) -> ParseResult:
    r = parse_page(pages[title])
    assert r.rejection is None, r.rejection
    assert r.skipped is None
    return r


def lexemes(pages: dict[str, Page], title: str) -> list[Lexeme]:
    return list(parsed(pages, title).lexemes)


def key(lx: Lexeme) -> tuple[str, str, str, tuple[str, ...], int, tuple[str, ...]]:
    return (lx.language, lx.lemma, lx.pos, lx.pos_names, lx.homograph, lx.gender)


def page(text: str, title: str = "X", ns: int = 0, redirect: str | None = None) -> Page:
    return Page(title=title, namespace=ns, page_id=7, revision_id=8, timestamp="", text=text, redirect=redirect)


# --------------------------------------------------------------------------- real pages


def test_hallo(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Hallo")
    assert key(lx) == ("de", "Hallo", "noun", ("Substantiv",), 1, ("n",))
    assert lx.source == "dewiktionary"
    assert lx.page_id == pages["Hallo"].page_id and lx.revision_id == pages["Hallo"].revision_id
    assert lx.ipa == ("haˈloː",)
    assert [(s.number, s.gloss, s.labels) for s in lx.senses] == [
        ("1", "lautes Rufen; fröhliches, lautes Durcheinander", ())
    ]
    assert lx.extra["hyphenation"] == "Hal·lo"
    assert lx.extra["rhymes"] == ["oː"]
    assert lx.extra["inflection_template"] == "Deutsch Substantiv Übersicht"
    inflection = lx.extra["inflection"]
    assert inflection["Genus"] == "n"
    assert inflection["Nominativ Plural"] == "Hallos"
    assert inflection["Dativ Singular"] == "Hallo"
    assert len(inflection) == 9


def test_kiefer_homographs_with_different_gender(pages: dict[str, Page]) -> None:
    first, second = lexemes(pages, "Kiefer")
    assert key(first) == ("de", "Kiefer", "noun", ("Substantiv",), 1, ("f",))
    # second heading is the old "{{Wortart|Substantiv}}" without a language parameter
    assert key(second) == ("de", "Kiefer", "noun", ("Substantiv",), 2, ("m",))
    assert first.ipa == ("'kiːfɐ", "'kiːfɐn")
    assert second.ipa == ("ˈkiːfɐ",)  # singular and plural are written identically: kept once
    assert [(s.number, s.gloss) for s in first.senses] == [
        ("1", "Nadelbaum der Gattung Pinus (zum Beispiel Pinus sylvestris, Kiefer oder Föhre)"),
        ("2", "Holz aus Kiefern"),
    ]
    assert second.senses[0].gloss == (
        "Anatomie: zum Kauen dienender knöcherner Teil des Gesichtschädels, Träger der Zähne"
    )
    # old marker {{Silbentrennung}} instead of {{Worttrennung}}
    assert first.extra["hyphenation"] == "Kie·fer"
    assert second.extra["hyphenation"] == "Kie·fer"
    assert first.extra["inflection_template"] == "Substantiv-Tabelle"
    assert first.extra["inflection"]["Wer oder was? (Mehrzahl)"] == "die Kiefern"


def test_sein_multi_pos_multi_language_lowercase(pages: dict[str, Page]) -> None:
    verb, pron, fr = lexemes(pages, "sein")
    assert key(verb) == ("de", "sein", "verb", ("Hilfsverb",), 1, ())
    # heading "{{Wortart|Possessivpronomen|Deutsch}}, 3. Person Singular {{m}}, {{n}}===" (no blank)
    assert key(pron) == ("de", "sein", "pronoun", ("Possessivpronomen",), 1, ("m", "n"))
    assert key(fr) == ("fr", "sein", "noun", ("Substantiv",), 1, ("m",))
    assert verb.ipa[:3] == ("ˈzaɪ̯n", "bɪn", "ˈbɪst")
    assert pron.ipa == ("ˈzaɪ̯n",)
    assert fr.ipa == ("sɛ̃",)
    assert verb.extra["hyphenation"] == "sein"
    assert pron.extra["hyphenation"] == "sein"  # ":sein, sei·ne": first form is the lemma
    assert [s.number for s in verb.senses] == ["1", "2", "3", "4", "5"]
    # trailing HTML comment on the line is not part of the gloss
    assert verb.senses[3].gloss == "in der Wendung dran sein: beim Spielen an der Reihe sein"
    assert fr.senses[0].gloss == "veraltet oder literarisch: Brust als vorderer Oberkörper"


def test_lieben_label_templates(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "lieben")
    assert key(lx) == ("de", "lieben", "verb", ("Verb",), 1, ())
    assert lx.ipa == ("ˈliːbən", "ˈliːptə", "ɡəˈliːpt")
    assert lx.extra["hyphenation"] == "lie·ben"
    s1, s2, s3 = lx.senses
    assert (s1.number, s1.labels) == ("1", ("transitiv",))
    assert s1.gloss == "eine innige, gefühlsmäßige Zuneigung für jemanden oder etwas empfinden"
    # ":[2] ''{{trans.}}, {{refl.}}, [[poetisch]] für:'' …": the leading labels leave the gloss
    assert s2.labels == ("transitiv", "reflexiv")
    assert s2.gloss == "poetisch für: Geschlechtsverkehr haben, koitieren, kopulieren"
    assert s3.labels == ("intransitiv",)
    assert s3.gloss.startswith("(meist Personen bezogen) starke Zuneigung")


def test_haus_labels_and_refs(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Haus")
    assert key(lx) == ("de", "Haus", "noun", ("Substantiv",), 1, ("n",))
    assert lx.ipa == ("haʊ̯s", "ˈhɔɪ̯zɐ")
    assert lx.extra["rhymes"] == ["aʊ̯s"]
    assert lx.extra["hyphenation"] == "Haus"
    assert [s.number for s in lx.senses] == [str(i) for i in range(1, 16)]
    by_number = {s.number: s for s in lx.senses}
    assert by_number["4"].labels == ("umgangssprachlich",)
    assert by_number["4"].gloss == "Gesamtheit der Bewohner in dem unter [2] beschriebenen Gebäude"
    assert by_number["10"].labels == ("umgangssprachlich", "scherzhaft")
    assert by_number["10"].gloss == "Mensch, Person"
    assert by_number["11"].labels == ("umgangssprachlich", "veraltet", "fachsprachlich")
    # <ref name="DudenOnline">{{Ref-Duden}}</ref> is not gloss text
    assert by_number["12"].gloss == "(Astrologie): Tierkreiszeichen in seiner Zuordnung zu einem Planeten"
    assert by_number["13"].gloss == "(Astrologie): einer der zwölf Abschnitte, in die der Tierkreis eingeteilt ist"


def test_tier_k_template(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Tier")
    assert key(lx) == ("de", "Tier", "noun", ("Substantiv",), 1, ("n",))
    assert lx.ipa == ("tiːɐ̯", "ˈtiːʀə")
    assert lx.extra["rhymes"] == ["iːɐ̯"]
    assert lx.extra["hyphenation"] == "Tier"
    assert lx.senses[0].gloss == (
        "eukaryotische Lebewesen, die ihre Energie nicht durch Photosynthese gewinnen und "
        "Sauerstoff zur Atmung benötigen, aber keine Pilze sind"
    )
    assert (lx.senses[1].number, lx.senses[1].labels, lx.senses[1].gloss) == (
        "2",
        ("Jägersprache",),
        "Hirschkuh",
    )


def test_januar_k_named_params_ignored(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Januar")
    # {{K|gemeindeutsch|österr.|t2=_|selten}}: named t2= is layout; österr. is expanded
    assert lx.senses[0].labels == ("gemeindeutsch", "österreichisch", "selten")
    assert lx.senses[0].gloss == "erster, 31-tägiger Monat im Kalenderjahr"
    assert lx.gender == ("m",)
    assert lx.ipa == ("ˈjanuaːɐ̯",)
    assert lx.extra["hyphenation"] == "Ja·nu·ar"


def test_welt_toponym_second_pos_name_and_comment_in_gloss(pages: dict[str, Page]) -> None:
    planet, town = lexemes(pages, "Welt")
    assert key(planet) == ("de", "Welt", "noun", ("Substantiv",), 1, ("f",))
    assert key(town) == ("de", "Welt", "noun", ("Substantiv", "Toponym"), 2, ("n",))
    assert planet.ipa == ("vɛlt", "ˈvɛltn̩, ˈvɛltən")  # one Lautschrift holding two variants
    assert town.ipa == ("vɛlt",)
    assert planet.senses[0].gloss == "Astronomie, Geografie: der Planet Erde"
    # ":[10] ''<!--[[ostdeutsch]], -- nur? -->[[Jugendsprache]] der …"
    assert planet.senses[9].number == "10"
    assert planet.senses[9].gloss == (
        "Jugendsprache der 1970er und 1980er Jahre: spontaner Ausruf der Begeisterung und Zustimmung"
    )
    assert town.senses[0].gloss == ("eine Gemeinde auf der Halbinsel Eiderstedt in Schleswig-Holstein, Deutschland")


def test_fragen_verb(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "fragen")
    assert key(lx) == ("de", "fragen", "verb", ("Verb",), 1, ())
    assert lx.ipa == ("ˈfʀaːɡn̩", "ˈfʀaːɡŋ̩", "ˈfʀaːktə", "fʀuːk", "ɡəˈfʀaːkt")
    assert lx.extra["hyphenation"] == "fra·gen"
    assert lx.extra["rhymes"] == ["aːɡn̩"]
    assert [(s.number, s.labels, s.gloss) for s in lx.senses] == [
        ("1", ("transitiv",), "eine Auskunft erbitten, um eine Auskunft bitten, eine Frage stellen")
    ]
    assert lx.extra["inflection_template"] == "Deutsch Verb Übersicht"


def test_staat_label_inside_gloss_stays_visible(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Staat")
    assert key(lx) == ("de", "Staat", "noun", ("Substantiv",), 1, ("m",))
    assert lx.ipa == ("ʃtaːt", "ˈʃtaːtn̩", "ˈʃtaːtən", "ˈʃtɛːtə", "ˈʃtaːtə")
    assert lx.extra["hyphenation"] == "Staat"
    s = {x.number: x for x in lx.senses}
    assert s["3"].labels == ("umgangssprachlich",)
    assert s["3"].gloss == "nur Plural: die Vereinigten Staaten von Amerika"
    # "''[[ohne]] [[Plural]]; {{veraltet|:}}'' Gesamtheit …": label not leading → rendered in place
    assert s["7"].labels == ("veraltet",)
    assert s["7"].gloss == (
        "ohne Plural; veraltet: Gesamtheit der Personen, die das Gefolge einer höherstehenden Persönlichkeit bilden"
    )


def test_der_five_lexemes_three_languages(pages: dict[str, Page]) -> None:
    lxs = lexemes(pages, "der")
    assert [key(x) for x in lxs] == [
        ("de", "der", "article", ("Artikel",), 1, ()),
        ("de", "der", "pronoun", ("Relativpronomen",), 1, ("m", "f")),
        ("de", "der", "pronoun", ("Demonstrativpronomen",), 2, ("m",)),
        ("la", "der", "inflected_form", ("Konjugierte Form",), 1, ()),
        ("nl", "der", "article", ("Artikel",), 1, ()),
    ]
    assert lxs[0].ipa == ("deːɐ̯", "diː", "das")
    assert lxs[0].senses[0].gloss == "definiter Artikel (bestimmtes Geschlechtswort)"
    assert [s.gloss for s in lxs[1].senses] == [
        "Nominativ Singular maskulin des Relativpronomens der/die/das",
        "Dativ Singular feminin des Relativpronomens der/die/das",
    ]
    assert lxs[4].ipa == ()  # {{Lautschrift|…}} is a placeholder
    assert lxs[0].extra["hyphenation"] == "der"


def test_aal_surname_proper_noun(pages: dict[str, Page]) -> None:
    fish, name = lexemes(pages, "Aal")
    assert key(fish) == ("de", "Aal", "noun", ("Substantiv",), 1, ("m",))
    assert key(name) == ("de", "Aal", "proper_noun", ("Nachname",), 1, ())
    assert fish.ipa == ("aːl", "ˈaːlə")
    assert name.ipa == ("aːl", "aːls")
    assert len(fish.senses) == 4
    assert fish.senses[0].gloss == (
        "Zoologie: schlangenförmiger Süßwasser- und Meerwasserfisch aus der Ordnung der Aalartigen (Anguilliformes)"
    )
    assert fish.senses[1].labels == ("umgangssprachlich",)
    assert fish.senses[1].gloss == "und in Zusammensetzungen: Fische und Wassertiere von länglicher Gestalt"
    assert fish.extra["hyphenation"] == "Aal"


def test_pkw_abbreviation_and_bold_in_link(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Pkw")
    assert key(lx) == ("de", "Pkw", "noun", ("Substantiv", "Abkürzung"), 1, ("m",))
    assert lx.ipa == ("ˈpeːkaveː", "peːkaˈveː")
    assert lx.extra["hyphenation"] == "Pkw"  # ":Pkw (''auch:'' PKW); {{Pl.}} …"
    assert [s.gloss for s in lx.senses] == ["Personenkraftwagen", "Postkraftwagen"]


def test_english_sections(pages: dict[str, Page]) -> None:
    (boulder,) = lexemes(pages, "boulder")
    assert key(boulder) == ("en", "boulder", "noun", ("Substantiv",), 1, ())
    assert boulder.ipa == ("ˈbəʊldəʳ", "ˈbəʊldəʳs")
    assert boulder.extra["hyphenation"] == "boul·der"
    assert [s.gloss for s in boulder.senses] == [
        "einzelner Felsbrocken/Felsblock, theoretisch beweglich, mehr oder weniger rund",
        "Geröll",
    ]
    (harness,) = lexemes(pages, "harness")
    assert key(harness) == ("en", "harness", "noun", ("Substantiv",), 1, ())
    assert harness.ipa == ("ˈhɑ:nɪs", "ˈhɑ:rnɪs")  # the plural's "…" placeholder is dropped
    assert len(harness.senses) == 8
    # italic prefix is text, not a label template
    assert (harness.senses[6].labels, harness.senses[6].gloss) == (
        (),
        "umgangssprachlich: täglliche Routine, Alltagstrott",
    )


def test_april_english_homographs(pages: dict[str, Page]) -> None:
    de_month, en_month, en_name = lexemes(pages, "April")
    assert key(de_month) == ("de", "April", "noun", ("Substantiv",), 1, ("m",))
    assert key(en_month) == ("en", "April", "noun", ("Substantiv",), 1, ())
    assert key(en_name) == ("en", "April", "noun", ("Substantiv", "Vorname"), 2, ("f",))
    assert de_month.extra["hyphenation"] == "Ap·ril"
    assert "hyphenation" not in en_month.extra  # ":, {{kPl.}}" holds no form
    assert en_month.ipa == ()
    assert en_name.extra["hyphenation"] == "April"
    assert en_name.senses[0].gloss == "englischer weiblicher Vorname"


def test_moench_heading_comment_and_inline_marker(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Mönch")
    # "=== {{Wortart|Substantiv|Deutsch}}, {{m}} === <!-- … -->" is still a heading
    assert key(lx) == ("de", "Mönch", "noun", ("Substantiv",), 1, ("m",))
    # "{{Silbentrennung}} Mönch, {{Pl.}} Mön·che" on one line
    assert lx.extra["hyphenation"] == "Mönch"
    assert lx.ipa == ("ˈmœnç", "ˈmœnçə")
    assert [s.number for s in lx.senses] == ["1", "2", "3", "4", "5"]
    assert lx.senses[3].gloss == "die Mönchsgrasmücke (Sylvia atricapilla), ein Singvogel"


def test_thor_sections_without_meanings(pages: dict[str, Page]) -> None:
    god, old1, old2 = lexemes(pages, "Thor")
    assert key(god) == ("de", "Thor", "noun", ("Substantiv", "Eigenname"), 1, ("m",))
    assert key(old1) == ("de", "Thor", "noun", ("Substantiv",), 2, ("m",))
    assert key(old2) == ("de", "Thor", "noun", ("Substantiv",), 3, ("n",))
    assert god.ipa == ("toːɐ̯", "toːɐ̯s")
    assert god.extra["hyphenation"] == "Thor"
    assert "Bild" not in god.extra["inflection"]
    assert old1.senses == () and old1.ipa == ()


def test_ordo_lemma_from_heading_and_sub_senses(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "ordo")
    assert key(lx) == ("la", "ōrdo", "noun", ("Substantiv",), 1, ("m",))  # heading "== ōrdo (…) =="
    assert [s.number for s in lx.senses] == ["1", "2", "3", "4", "5", "5a", "5b", "5c", "6"]
    assert lx.senses[5].gloss == "Ordensgemeinschaft von Mönchen"
    assert lx.extra["hyphenation"] == "ōr·do"


def test_index_sub_senses_with_k(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Index")
    s = {x.number: x for x in lx.senses}
    assert (s["3a"].labels, s["3a"].gloss) == (("Mathematik", "Naturwissenschaft"), "gleichartiger Größen")
    assert s["3b"].gloss == "von Homographen o. Ä."  # &nbsp; is a blank
    assert s["4"].labels == ("Medizin",) and s["4"].gloss == "Zeigefinger"


def test_gut_lowercase_adjective_and_english_noun(pages: dict[str, Page]) -> None:
    adj, noun = lexemes(pages, "gut")
    assert key(adj) == ("de", "gut", "adjective", ("Adjektiv",), 1, ())
    assert key(noun) == ("en", "gut", "noun", ("Substantiv",), 1, ())
    # ":''Neue Rechtschreibung:'' gut, {{Komp.}} bes·ser, …"
    assert adj.extra["hyphenation"] == "gut"
    assert adj.ipa == ("ɡuːt", "ˈbɛsɐ", "ˈbɛstən", "ˈbɛstn̩")
    # "::[a]" sub-senses keep their number as written
    assert [s.number for s in adj.senses][:4] == ["1", "a", "b", "2"]
    assert noun.senses[2].labels == ("umgangssprachlich",)
    assert noun.senses[2].gloss == "nur Plural: Mut, Schneid"


def test_ich_many_languages_and_form_page_features(pages: dict[str, Page]) -> None:
    lxs = lexemes(pages, "ich")
    assert [(x.language, x.pos) for x in lxs] == [
        ("de", "pronoun"),
        ("li", "pronoun"),
        ("enm", "pronoun"),
        ("gmh", "pronoun"),
        ("pl", "pronoun"),
        ("sk", "pronoun"),
    ]
    pl = lxs[4]
    assert pl.ipa == ("ix",)
    assert pl.extra["rhymes"] == ["ix"]
    assert pl.senses == ()  # no {{Bedeutungen}}: the form is described in Grammatische Merkmale
    assert pl.extra["grammatical_features"] == [
        "Genitiv Plural des Personalpronomens oni",
        "Genitiv Plural des Personalpronomens one",
        "Akkusativ Plural des Personalpronomens oni",
    ]
    assert lxs[0].ipa[:2] == ("ɪç", "ɪx")


def test_blabla_unknown_language_and_pos_name(pages: dict[str, Page]) -> None:
    r = parsed(pages, "Blabla")
    assert [key(x) for x in r.lexemes] == [
        ("de", "Blabla", "noun", ("Substantiv",), 1, ("n",)),
        ("de", "Blabla", "noun", ("Substantiv", "Vorname"), 2, ("f",)),
        ("und:English", "Blabla", "noun", ("Substantiv",), 1, ("m",)),
        ("und:English", "Blabla", "noun", ("Substantiv", "Familiename"), 2, ("n",)),
        ("de", "BlueBlubd", "noun", ("Substantiv",), 1, ("n",)),
        ("de", "BlueBlubd", "noun", ("Substantiv", "Nachname"), 2, ("f",)),
    ]
    assert r.unknown_pos == ("Familiename",)


def test_rejections_on_real_pages(pages: dict[str, Page]) -> None:
    r = parse_page(pages["Nomen proprium"])  # POS heading but no "== … ({{Sprache|…}}) =="
    assert r.lexemes == () and r.rejection is not None
    assert r.rejection.reason == "no language section"
    assert r.rejection.title == "Nomen proprium"
    assert r.rejection.page_id == pages["Nomen proprium"].page_id
    for title in ("Abschluß", "Tolpatsch", "Komputer", "Zeitprozentverfahren"):
        r = parse_page(pages[title])  # "{{Alte Schreibweise|…}}" pages: language, no Wortart
        assert r.rejection is not None and r.rejection.reason == "no part-of-speech section", title


# --------------------------------------------------------------------------- whole sample


def test_whole_sample(pages: dict[str, Page]) -> None:
    lexeme_count = 0
    rejections: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for p in pages.values():
        r = parse_page(p)
        if p.namespace != 0:
            assert r.skipped == f"namespace {p.namespace}" and not r.lexemes and r.rejection is None
            skipped[r.skipped] += 1
            continue
        assert r.skipped is None
        assert bool(r.lexemes) != (r.rejection is not None), p.title  # exactly one of the two
        if r.rejection:
            rejections[p.title] = r.rejection.reason
        unknown.update(r.unknown_pos)
        lexeme_count += len(r.lexemes)
        seen: Counter[tuple[str, str, str]] = Counter()
        for lx in r.lexemes:
            seen[(lx.language, lx.lemma, lx.pos)] += 1
            assert lx.homograph == seen[(lx.language, lx.lemma, lx.pos)]
            assert lx.pos in set(de.POS.values()) | {"unknown"}
            assert lx.language in set(de.LANGUAGES.values()) or lx.language.startswith("und:")
            assert lx.lemma and lx.pos_names
            for s in lx.senses:
                assert "{{" not in s.gloss and "[[" not in s.gloss and "''" not in s.gloss, (p.title, s)
    assert rejections == {
        "Nomen proprium": "no language section",
        "Abschluß": "no part-of-speech section",
        "Tolpatsch": "no part-of-speech section",
        "Komputer": "no part-of-speech section",
        "Zeitprozentverfahren": "no part-of-speech section",
    }
    assert skipped == {"namespace 4": 13, "namespace 8": 3, "namespace 12": 2}
    assert unknown == {"Familiename": 1}
    assert lexeme_count > 250


# --------------------------------------------------------------------------- odd input

HEAD = "== X ({{Sprache|Deutsch}}) ==\n"


def test_skipped_namespace_and_redirect() -> None:
    assert parse_page(page("whatever", ns=4)).skipped == "namespace 4"
    assert parse_page(page("#WEITERLEITUNG [[Y]]", redirect="Y")).skipped == "redirect"
    assert parse_page(page("#REDIRECT [[Y]]")).skipped == "redirect"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "Nur Text ohne Überschrift.", "\x00\x01\ufffd\udcff garbage ]]}}{{[[", "== ==\n=== ===\n"],
)
def test_no_language_section(text: str) -> None:
    r = parse_page(page(text))
    assert r.lexemes == ()
    assert r.rejection is not None and r.rejection.reason == "no language section"


def test_heading_without_wortart() -> None:
    r = parse_page(page(HEAD + "=== Substantiv, m ===\n{{Bedeutungen}}\n:[1] x\n"))
    assert r.rejection is not None and r.rejection.reason == "no part-of-speech section"
    assert "Deutsch" in r.rejection.detail


def test_unclosed_templates_do_not_break_parsing() -> None:
    text = (
        HEAD + "=== {{Wortart|Substantiv|Deutsch}}, {{f}} ===\n"
        "{{Deutsch Substantiv Übersicht\n|Genus=f\n"  # never closed
        "{{Bedeutungen}}\n:[1] {{K|Zoologie}} ein {{unclosed Tier [[Fisch]]\n:[2] zweite {{ugs.}}\n"
    )
    r = parse_page(page(text))
    (lx,) = r.lexemes
    assert lx.gender == ("f",)
    assert [s.number for s in lx.senses] == ["1", "2"]
    assert lx.senses[0].labels == ("Zoologie",)
    assert lx.senses[0].gloss == "ein unclosed Tier Fisch"
    assert lx.senses[1].labels == ("umgangssprachlich",)


def test_unknown_pos_and_language_are_reported_not_guessed() -> None:
    text = "== X ({{Sprache|Klingonisch-Alt}}) ==\n=== {{Wortart|Quatschwort|Klingonisch-Alt}} ===\n"
    r = parse_page(page(text))
    (lx,) = r.lexemes
    assert lx.language == "und:Klingonisch-Alt"
    assert lx.pos == "unknown" and lx.pos_names == ("Quatschwort",)
    assert r.unknown_pos == ("Quatschwort",)


def test_gender_falls_back_to_genus_and_homographs_count_per_pos() -> None:
    text = (
        HEAD
        + "=== {{Wortart|Substantiv|Deutsch}} ===\n{{Deutsch Substantiv Übersicht\n|Genus 1=m\n|Genus 2=n\n}}\n"
        + "=== {{Wortart|Verb|Deutsch}} ===\n"
        + "=== {{Wortart|Substantiv|Deutsch}}, {{f}} ===\n{{Deutsch Substantiv Übersicht\n|Genus=n\n}}\n"
    )
    a, b, c = parse_page(page(text)).lexemes
    assert (a.pos, a.homograph, a.gender) == ("noun", 1, ("m", "n"))
    assert (b.pos, b.homograph) == ("verb", 1)
    assert (c.pos, c.homograph, c.gender) == ("noun", 2, ("f",))  # heading wins over the table


def test_lemma_falls_back_to_title() -> None:
    r = parse_page(page("== ({{Sprache|Deutsch}}) ==\n=== {{Wortart|Adverb|Deutsch}} ===\n", title="hier"))
    assert r.lexemes[0].lemma == "hier" and r.lexemes[0].pos == "adverb"


def test_internal_error_becomes_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(de, "split_sections", boom)
    r = parse_page(page(HEAD + "=== {{Wortart|Verb|Deutsch}} ===\n"))
    assert r.rejection is not None
    assert r.rejection.reason == "parser error"
    assert r.rejection.detail == "RuntimeError: kaputt"
    assert (r.rejection.page_id, r.rejection.revision_id) == (7, 8)


@pytest.mark.parametrize(
    "body",
    [
        "{{Aussprache}}\n:{{Lautschrift|" + " " * 200_000 + "x\n",
        ":[1] " + "{{" * 100_000,
        ":[1] " + "<ref" * 100_000,
        ":[1] " + "[http://x " * 50_000,
        ":[1] {{K|x}}" + " " * 200_000 + "{{ugs.}} y",
        "{{Worttrennung}}\n:" + " " * 200_000 + "x{{Pl.}}\n",
        ":[1] " + "[[" * 50_000 + "]]" * 50_000,
        ("=" * 7 + " " * 1000 + "x\n") * 200,
    ],
)
def test_adversarial_input_stays_fast(body: str) -> None:
    # guards against quadratic regex backtracking: each case takes milliseconds when linear
    text = HEAD + "=== {{Wortart|Substantiv|Deutsch}} ===\n{{Bedeutungen}}\n" + body
    t = time.perf_counter()
    r = parse_page(page(text))
    assert time.perf_counter() - t < 3.0
    assert r.rejection is None or r.rejection.reason != "parser error"
