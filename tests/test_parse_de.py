"""German-edition parser against real de.wiktionary pages (tests/data sample) and odd input.

Expected values were written by hand from each page's wikitext, not from parser output.
"""

from __future__ import annotations

from collections import Counter

import pytest

from aqea.model import RELATION_KINDS, Lexeme, Page, ParseResult, Relation
from aqea.sources.dump import iter_pages
from aqea.wiktionary import de
from aqea.wiktionary.de import parse_page
from tests.hang_guard import no_hang
from tests.samples import DE_DUMP


def named(lx: Lexeme) -> list[Relation]:
    """The entry's relation rows with their fields named (rows are plain (kind, target, language, sense, note))."""
    return [Relation(*r) for r in lx.relations]


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


def forms(lx: Lexeme, *tags: str) -> list[str]:
    """The forms the entry's table names with exactly these tags (extra["forms"], wiktionary/form_tags.py)."""
    return [f["form"] for f in lx.extra.get("forms", []) if set(f["tags"]) == set(tags)]


def key(lx: Lexeme) -> tuple[str, str, str, tuple[str, ...], int, tuple[str, ...]]:
    return (lx.language, lx.lemma, lx.pos, lx.pos_names, lx.homograph, lx.gender)


def page(text: str, title: str = "X", ns: int = 0, redirect: str | None = None) -> Page:
    return Page(title=title, namespace=ns, page_id=7, revision_id=8, timestamp="", text=text, redirect=redirect)


# --------------------------------------------------------------------------- real pages


def test_hallo(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Hallo")
    assert key(lx) == ("de", "Hallo", "noun", ("Substantiv",), 1, ("n",))
    assert lx.source == "dewiktionary"
    assert lx.record_key == str(pages["Hallo"].page_id) and lx.record_version == str(pages["Hallo"].revision_id)
    assert lx.ipa == ("haˈloː",)
    assert [(s.number, s.gloss, s.labels) for s in lx.senses] == [
        ("1", "lautes Rufen; fröhliches, lautes Durcheinander", ())
    ]
    assert lx.extra["hyphenation"] == "Hal·lo"
    assert lx.extra["rhymes"] == ["oː"]
    assert lx.extra["inflection_template"] == "Deutsch Substantiv Übersicht"
    assert "inflection" not in lx.extra  # the raw table is read into forms
    # "Genus=n" is the gender, not a form; 8 cells, one form each
    assert [(f["form"], f["tags"]) for f in lx.extra["forms"]] == [
        ("Hallo", ["nominative", "singular"]), ("Hallos", ["nominative", "plural"]),
        ("Hallos", ["genitive", "singular"]), ("Hallos", ["genitive", "plural"]),
        ("Hallo", ["dative", "singular"]), ("Hallos", ["dative", "plural"]),
        ("Hallo", ["accusative", "singular"]), ("Hallos", ["accusative", "plural"]),
    ]  # fmt: skip


def test_kiefer_homographs_with_different_gender(pages: dict[str, Page]) -> None:
    first, second = lexemes(pages, "Kiefer")
    assert key(first) == ("de", "Kiefer", "noun", ("Substantiv",), 1, ("f",))
    # second heading is the old "{{Wortart|Substantiv}}" without a language parameter
    assert key(second) == ("de", "Kiefer", "noun", ("Substantiv",), 2, ("m",))
    assert first.ipa == ("'kiːfɐ",)  # the plural's "'kiːfɐn" is in extra["sounds"]
    assert second.ipa == ("ˈkiːfɐ",)  # singular and plural are written identically: kept once
    assert [(s.number, s.gloss) for s in first.senses] == [
        ("1", "Nadelbaum der Gattung Pinus (zum Beispiel Pinus sylvestris, Kiefer oder Föhre)"),
        ("2", "Holz aus Kiefern"),
    ]
    # ":[1] ''[[Anatomie]]:'' zum Kauen …": an italic label that starts the sense (''X:'') is a
    # label now, not gloss text
    assert second.senses[0].labels == ("Anatomie",)
    assert second.senses[0].gloss == "zum Kauen dienender knöcherner Teil des Gesichtschädels, Träger der Zähne"
    # old marker {{Silbentrennung}} instead of {{Worttrennung}}
    assert first.extra["hyphenation"] == "Kie·fer"
    assert second.extra["hyphenation"] == "Kie·fer"
    assert first.extra["inflection_template"] == "Substantiv-Tabelle"
    # "Wer oder was? (Mehrzahl)=die Kiefern": the old table's question names the case, the article is apart
    assert {"form": "Kiefern", "tags": ["nominative", "plural"], "article": "die"} in first.extra["forms"]
    assert forms(first, "genitive", "singular") == ["Kiefer"]
    # {{Deutsch Substantiv m stark|SINGULAR=Kiefer|PLURAL=Kiefer|GENITIV-E=0}}: the cells the template builds
    assert second.extra["inflection_template"] == "Deutsch Substantiv m stark"
    assert forms(second, "genitive", "singular") == ["Kiefers"]
    assert forms(second, "dative", "plural") == ["Kiefern"]
    assert forms(second, "nominative", "plural") == ["Kiefer"]


def test_sein_multi_pos_multi_language_lowercase(pages: dict[str, Page]) -> None:
    verb, pron, fr = lexemes(pages, "sein")
    assert key(verb) == ("de", "sein", "verb", ("Hilfsverb",), 1, ())
    # heading "{{Wortart|Possessivpronomen|Deutsch}}, 3. Person Singular {{m}}, {{n}}===" (no blank)
    assert key(pron) == ("de", "sein", "pronoun", ("Possessivpronomen",), 1, ("m", "n"))
    assert key(fr) == ("fr", "sein", "noun", ("Substantiv",), 1, ("m",))
    assert verb.ipa == ("ˈzaɪ̯n",)  # "(bin: …, bist: …)" and {{Prät.}}/{{Part.}} are forms
    assert pron.ipa == ("ˈzaɪ̯n",)
    assert fr.ipa == ("sɛ̃",)
    assert verb.extra["hyphenation"] == "sein"
    assert pron.extra["hyphenation"] == "sein"  # ":sein, sei·ne": first form is the lemma
    assert [s.number for s in verb.senses] == ["1", "2", "3", "4", "5"]
    # trailing HTML comment on the line is not part of the gloss
    assert verb.senses[3].gloss == "in der Wendung dran sein: beim Spielen an der Reihe sein"
    # an italic label that starts the sense (''X:'') is a label now, not gloss text
    assert (fr.senses[0].labels, fr.senses[0].gloss) == (
        ("veraltet oder literarisch",),
        "Brust als vorderer Oberkörper",
    )


def test_lieben_label_templates(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "lieben")
    assert key(lx) == ("de", "lieben", "verb", ("Verb",), 1, ())
    assert lx.ipa == ("ˈliːbən",)
    assert lx.extra["hyphenation"] == "lie·ben"
    s1, s2, s3 = lx.senses
    assert (s1.number, s1.labels) == ("1", ("transitiv",))
    assert s1.gloss == "eine innige, gefühlsmäßige Zuneigung für jemanden oder etwas empfinden"
    # ":[2] ''{{trans.}}, {{refl.}}, [[poetisch]] für:'' …": the leading labels leave the gloss, and
    # the rest of the italic label (", [[poetisch]] für:") is a label too now
    assert s2.labels == ("transitiv", "reflexiv", "poetisch für")
    assert s2.gloss == "Geschlechtsverkehr haben, koitieren, kopulieren"
    assert s3.labels == ("intransitiv",)
    assert s3.gloss.startswith("(meist Personen bezogen) starke Zuneigung")


def test_haus_labels_and_refs(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Haus")
    assert key(lx) == ("de", "Haus", "noun", ("Substantiv",), 1, ("n",))
    assert lx.ipa == ("haʊ̯s",)
    assert lx.extra["rhymes"] == ["aʊ̯s"]
    assert lx.extra["hyphenation"] == "Haus"
    assert [s.number for s in lx.senses] == [str(i) for i in range(1, 16)]
    by_number = {s.number: s for s in lx.senses}
    assert by_number["4"].labels == ("umgangssprachlich",)
    assert by_number["4"].gloss == "Gesamtheit der Bewohner in dem unter [2] beschriebenen Gebäude"
    assert by_number["10"].labels == ("umgangssprachlich", "scherzhaft")
    assert by_number["10"].gloss == "Mensch, Person"
    # "''(Zoologie):''" etc.: the italic label (its brackets dropped) is a label now, not gloss text
    assert by_number["11"].labels == ("umgangssprachlich", "veraltet", "fachsprachlich", "Zoologie")
    # <ref name="DudenOnline">{{Ref-Duden}}</ref> is not gloss text
    assert by_number["12"].labels == ("fachsprachlich", "Astrologie")
    assert by_number["12"].gloss == "Tierkreiszeichen in seiner Zuordnung zu einem Planeten"
    assert by_number["13"].gloss == "einer der zwölf Abschnitte, in die der Tierkreis eingeteilt ist"
    assert by_number["15"].labels == ("fachsprachlich", "Sport", "speziell Curling")


def test_tier_k_template(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Tier")
    assert key(lx) == ("de", "Tier", "noun", ("Substantiv",), 1, ("n",))
    assert lx.ipa == ("tiːɐ̯",)
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


def test_januar_k_joined_labels(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Januar")
    # {{K|gemeindeutsch|österr.|t2=_|selten}}: t2=_ joins label 2 and 3 by a space; österr. is expanded
    assert lx.senses[0].labels == ("gemeindeutsch", "österreichisch selten")
    assert lx.senses[0].gloss == "erster, 31-tägiger Monat im Kalenderjahr"
    assert lx.gender == ("m",)
    assert lx.ipa == ("ˈjanuaːɐ̯",)
    assert lx.extra["hyphenation"] == "Ja·nu·ar"


def test_welt_toponym_second_pos_name_and_comment_in_gloss(pages: dict[str, Page]) -> None:
    planet, town = lexemes(pages, "Welt")
    assert key(planet) == ("de", "Welt", "noun", ("Substantiv",), 1, ("f",))
    # "Substantiv, Toponym" is a proper noun (the name type refines the class): the first proper
    # noun on the page, so homograph 1 (it was noun #2 when only the first name counted)
    assert key(town) == ("de", "Welt", "proper_noun", ("Substantiv", "Toponym"), 1, ("n",))
    assert planet.ipa == ("vɛlt",)
    assert town.ipa == ("vɛlt",)
    # ":[1] ''[[Astronomie]], [[Geografie]]:'' der [[Planet]] [[Erde]]": an italic label that starts
    # the sense (''X:'') is a label now, not gloss text; commas separate labels
    assert (planet.senses[0].labels, planet.senses[0].gloss) == (("Astronomie", "Geografie"), "der Planet Erde")
    # ":[10] ''<!--[[ostdeutsch]], -- nur? -->[[Jugendsprache]] der …"
    assert planet.senses[9].number == "10"
    assert planet.senses[9].labels == ("Jugendsprache der 1970er und 1980er Jahre",)
    assert planet.senses[9].gloss == "spontaner Ausruf der Begeisterung und Zustimmung"
    assert town.senses[0].gloss == ("eine Gemeinde auf der Halbinsel Eiderstedt in Schleswig-Holstein, Deutschland")


def test_fragen_verb(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "fragen")
    assert key(lx) == ("de", "fragen", "verb", ("Verb",), 1, ())
    assert lx.ipa == ("ˈfʀaːɡn̩", "ˈfʀaːɡŋ̩")
    assert lx.extra["hyphenation"] == "fra·gen"
    assert lx.extra["rhymes"] == ["aːɡn̩"]
    assert [(s.number, s.labels, s.gloss) for s in lx.senses] == [
        ("1", ("transitiv",), "eine Auskunft erbitten, um eine Auskunft bitten, eine Frage stellen")
    ]
    assert lx.extra["inflection_template"] == "Deutsch Verb Übersicht"
    # "Präsens_er, sie, es=fragt" and "…*=frägt": both, in the table's order
    assert forms(lx, "present", "third-person", "singular") == ["fragt", "frägt"]
    assert forms(lx, "past", "first-person", "singular") == ["fragte", "frug"]
    assert forms(lx, "imperative", "singular") == ["frag", "frage"]
    assert forms(lx, "past", "participle") == ["gefragt"]
    assert forms(lx, "auxiliary") == ["haben"]


def test_staat_label_inside_gloss_stays_visible(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Staat")
    assert key(lx) == ("de", "Staat", "noun", ("Substantiv",), 1, ("m",))
    assert lx.ipa == ("ʃtaːt",)
    assert lx.extra["hyphenation"] == "Staat"
    s = {x.number: x for x in lx.senses}
    # ":[3] ''{{ugs.}}, nur Plural:'' die …": the rest of the italic label is a label now too
    assert s["3"].labels == ("umgangssprachlich", "nur Plural")
    assert s["3"].gloss == "die Vereinigten Staaten von Amerika"
    # "''[[ohne]] [[Plural]]; {{veraltet|:}}'' Gesamtheit …": the template ends the italic label span as a
    # written colon would (the hand-read sample, docs/quality.md): both are labels, the gloss starts after them
    assert s["7"].labels == ("veraltet", "ohne Plural")
    assert s["7"].gloss == "Gesamtheit der Personen, die das Gefolge einer höherstehenden Persönlichkeit bilden"


def test_bold_subheading_inside_a_word_list_opens_another_list(pages: dict[str, Page]) -> None:
    # Wisent, under {{Unterbegriffe}}: "'''Verwandte Begriffe'''" then ":[1] [[Bisent]]: Hybrid aus …" — related
    # words, not hyponyms
    (wisent,) = lexemes(pages, "Wisent")
    hyponyms = [r.target for r in named(wisent) if r.kind == "hyponym"]
    assert hyponyms[:2] == ["Bergwisent", "Flachlandwisent"] and "Bisent" not in hyponyms and "Zubron" not in hyponyms
    related = [(r.target, r.note) for r in named(wisent) if r.kind == "related"]
    assert ("Bisent", "Verwandte Begriffe") in related and ("Zubron", "Verwandte Begriffe") in related


def test_der_five_lexemes_three_languages(pages: dict[str, Page]) -> None:
    lxs = lexemes(pages, "der")
    assert [key(x) for x in lxs] == [
        ("de", "der", "article", ("Artikel",), 1, ()),
        ("de", "der", "pronoun", ("Relativpronomen",), 1, ("m", "f")),
        ("de", "der", "pronoun", ("Demonstrativpronomen",), 2, ("m",)),
        ("la", "der", "inflected_form", ("Konjugierte Form",), 1, ()),
        ("nl", "der", "article", ("Artikel",), 1, ()),
    ]
    assert lxs[0].ipa == ("deːɐ̯",)
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
    assert fish.ipa == ("aːl",)
    assert name.ipa == ("aːl",)
    assert len(fish.senses) == 4
    # an italic label that starts the sense (''X:'') is a label now, not gloss text
    assert fish.senses[0].labels == ("Zoologie",)
    assert fish.senses[0].gloss == (
        "schlangenförmiger Süßwasser- und Meerwasserfisch aus der Ordnung der Aalartigen (Anguilliformes)"
    )
    # ":[2] ''{ugs.} und in [[Zusammensetzung]]en:'' …"
    assert fish.senses[1].labels == ("umgangssprachlich", "und in Zusammensetzungen")
    assert fish.senses[1].gloss == "Fische und Wassertiere von länglicher Gestalt"
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
    assert boulder.ipa == ("ˈbəʊldəʳ",)
    assert boulder.extra["hyphenation"] == "boul·der"
    assert [s.gloss for s in boulder.senses] == [
        "einzelner Felsbrocken/Felsblock, theoretisch beweglich, mehr oder weniger rund",
        "Geröll",
    ]
    (harness,) = lexemes(pages, "harness")
    assert key(harness) == ("en", "harness", "noun", ("Substantiv",), 1, ())
    assert harness.ipa == ("ˈhɑ:nɪs", "ˈhɑ:rnɪs")  # the plural's "…" placeholder is dropped
    assert len(harness.senses) == 8
    # ":[7] ''umgangssprachlich:'' …": an italic label that starts the sense (''X:'') is a label now, not gloss text
    assert (harness.senses[6].labels, harness.senses[6].gloss) == (
        ("umgangssprachlich",),
        "täglliche Routine, Alltagstrott",
    )


def test_april_english_homographs(pages: dict[str, Page]) -> None:
    de_month, en_month, en_name = lexemes(pages, "April")
    assert key(de_month) == ("de", "April", "noun", ("Substantiv",), 1, ("m",))
    assert key(en_month) == ("en", "April", "noun", ("Substantiv",), 1, ())
    # "Substantiv, Vorname" is a proper noun now (homograph 1 among the proper nouns, it was noun #2)
    assert key(en_name) == ("en", "April", "proper_noun", ("Substantiv", "Vorname"), 1, ("f",))
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
    assert lx.ipa == ("ˈmœnç",)
    assert [s.number for s in lx.senses] == ["1", "2", "3", "4", "5"]
    assert lx.senses[3].gloss == "die Mönchsgrasmücke (Sylvia atricapilla), ein Singvogel"


def test_thor_sections_without_meanings(pages: dict[str, Page]) -> None:
    god, old1, old2 = lexemes(pages, "Thor")
    # "Substantiv, Eigenname" is a proper noun now; the two old spellings stay nouns, #1 and #2
    assert key(god) == ("de", "Thor", "proper_noun", ("Substantiv", "Eigenname"), 1, ("m",))
    assert key(old1) == ("de", "Thor", "noun", ("Substantiv",), 1, ("m",))
    assert key(old2) == ("de", "Thor", "noun", ("Substantiv",), 2, ("n",))
    assert god.ipa == ("toːɐ̯",)
    assert god.extra["hyphenation"] == "Thor"
    assert not any("Bild" in f["form"] or f.get("raw_tags") for f in god.extra["forms"])  # pictures are no forms
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
    assert adj.ipa == ("ɡuːt",)
    # "::[a]" under ":[1]" is sense "1a", the number examples and relations use (":[1a] …")
    assert [s.number for s in adj.senses] == ["1", "1a", "1b", "2", "2a", "2b", "3", "4", "5", "6"]
    assert adj.senses[1].gloss == "prädikativ oder attributiv gebraucht"
    # ":[3] {{ugs.}}, ''nur Plural:'' Mut, [[Schneid]]": the italic label is a label now
    assert noun.senses[2].labels == ("umgangssprachlich", "nur Plural")
    assert noun.senses[2].gloss == "Mut, Schneid"
    ex = examples(adj)
    assert ex["1a"] == ("„Das Gute, dieser Satz steht fest / Ist stets das Böse, was man lässt.“",)
    assert ex["1b"] == ("„Gut gebrüllt, Löwe!“",)
    assert len(ex["6"]) == 3 and "examples_unattached" not in adj.extra
    assert rels(adj, "synonym") == [
        ("schön", "1"), ("fein", "1"), ("O. K.", "1"), ("okay", "1"), ("wohl", "1b"), ("Gut", "2")
    ]  # fmt: skip
    assert rels(adj, "antonym") == [("schlecht", "1"), ("negativ", "1"), ("böse", "1"), ("übel", "1")]
    assert adj.extra["etymology"].startswith("entstammt dem Germanischen *gōda (Adjektiv);")
    # an English entry: "::" lines are the German translation of the example
    assert examples(noun) == {
        "2": ("Today we dissected a frog and looked at its guts.\n"
              "Heute haben wir einen Frosch seziert und seine Innereien betrachtet.",),
        "3": ("This step took some guts.\nFür diesen Schritt hat es Mut gebraucht.",),
    }  # fmt: skip
    # "*{{de}}: [1] der [[Darm]], [2] [[Gedärm]], [[Innereien]], [3] [[Mut]], [4] [[Instinkt]]"
    assert trs(noun) == {
        ("de", "Darm", "1", ""),
        ("de", "Gedärm", "2", ""),
        ("de", "Innereien", "2", ""),
        ("de", "Mut", "3", ""),
        ("de", "Instinkt", "4", ""),
    }


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
        # "Substantiv, Vorname/Nachname" is a proper noun now (homograph 1 of its class); the
        # unknown "Familiename" refines nothing, so that entry stays a noun
        ("de", "Blabla", "proper_noun", ("Substantiv", "Vorname"), 1, ("f",)),
        ("und:English", "Blabla", "noun", ("Substantiv",), 1, ("m",)),
        ("und:English", "Blabla", "noun", ("Substantiv", "Familiename"), 2, ("n",)),
        ("de", "BlueBlubd", "noun", ("Substantiv",), 1, ("n",)),
        ("de", "BlueBlubd", "proper_noun", ("Substantiv", "Nachname"), 1, ("f",)),
    ]
    assert r.unknown_pos == ("Familiename",)


def test_rejections_on_real_pages(pages: dict[str, Page]) -> None:
    for title in ("Abschluß", "Tolpatsch", "Komputer", "Zeitprozentverfahren"):
        r = parse_page(pages[title])  # "{{Alte Schreibweise|…}}" pages: language, no Wortart
        assert r.rejection is not None and r.rejection.reason == "no part-of-speech section", title


# --------------------------------------------------------------------------- whole sample


def test_whole_sample(pages: dict[str, Page]) -> None:
    lexeme_count = 0
    rejections: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    attached: Counter[bool] = Counter()  # translations with / without a sense number
    etymologies = 0
    duplicate_senses: Counter[tuple[str, str]] = Counter()
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
                for e in s.examples:
                    assert e and "{{" not in e and "[[" not in e and "<ref" not in e, (p.title, e)
            numbers = Counter(s.number for s in lx.senses)
            duplicate_senses.update((p.title, n) for n, c in numbers.items() if c > 1)
            # plain (kind, target, language, sense, note) rows, cheap to build and to pickle
            assert all(type(r) is tuple and len(r) == 5 and all(type(f) is str for f in r) for r in lx.relations)
            for rel in named(lx):
                kinds[rel.kind] += 1
                assert rel.kind in RELATION_KINDS
                assert rel.target == rel.target.strip() and rel.target, (p.title, rel)
                assert not any(m in rel.target for m in ("[[", "]]", "{{", "}}", "''", "<", "|")), (p.title, rel)
                assert rel.language and " " not in rel.language, (p.title, rel)
                if rel.kind != "translation":
                    assert rel.language == lx.language, (p.title, rel)
                else:
                    attached[bool(rel.sense)] += 1
            assert len(set(lx.relations)) == len(lx.relations), p.title  # no duplicates
            etymologies += "etymology" in lx.extra
    assert rejections == {  # "Nomen proprium" is parsed now (language from its {{Wortart}})
        "Abschluß": "no part-of-speech section",
        "Tolpatsch": "no part-of-speech section",
        "Komputer": "no part-of-speech section",
        "Zeitprozentverfahren": "no part-of-speech section",
    }
    assert skipped == {"namespace 4": 13, "namespace 8": 3, "namespace 12": 2}
    assert unknown == {"Familiename": 1}
    assert lexeme_count > 250
    # lower bounds, far below what the sample gives (~6,300 translations, ~98.8 % with a sense)
    assert kinds["translation"] > 5_000 and attached[True] > 50 * attached[False]
    assert kinds["synonym"] > 400 and kinds["antonym"] > 300 and kinds["hypernym"] > 250
    assert kinds["hyponym"] > 900 and kinds["derived"] > 1_500 and kinds["form_of"] > 40
    assert etymologies > 150
    # sub-senses "::[a]" are numbered "1a" under ":[1]"; that makes no number twice, only the page
    # itself does ("::[1b]" written twice on Parameter)
    assert duplicate_senses == {("Parameter", "1b"): 1}


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

    monkeypatch.setattr(de.page, "split_sections", boom)
    r = parse_page(page(HEAD + "=== {{Wortart|Verb|Deutsch}} ===\n"))
    assert r.rejection is not None
    assert r.rejection.reason == "parser error"
    assert r.rejection.detail == "RuntimeError: kaputt"
    assert (r.rejection.record_key, r.rejection.record_version) == ("7", "8")


def test_batch_gives_the_results_of_page_by_page(pages: dict[str, Page]) -> None:
    # parse_pages builds all entries of a batch field by field; the results must not depend on it
    sample = list(pages.values())
    assert de.parse_pages(sample) == [parse_page(p) for p in sample]
    assert de.parse_pages([]) == []
    # a page's entries do not change with its neighbours
    assert de.parse_pages(sample[5:9])[1] == de.parse_pages([sample[6]])[0] == parse_page(sample[6])


def test_a_failing_page_in_a_batch_is_rejected_alone(pages: dict[str, Page], monkeypatch: pytest.MonkeyPatch) -> None:
    etymology = de.page._etymology

    def fails_on_haus(body: str) -> str:
        if "seit dem 8. Jahrhundert" in body:
            raise RuntimeError("kaputt")
        return etymology(body)

    sample = [pages["Hallo"], pages["Haus"], pages["Kiefer"]]
    expected = [parse_page(p) for p in sample]
    monkeypatch.setattr(de.page, "_etymology", fails_on_haus)
    hallo, haus, kiefer = de.parse_pages(sample)
    assert haus.rejection is not None and haus.lexemes == ()
    assert (haus.rejection.reason, haus.rejection.detail, haus.rejection.title) == (
        "parser error", "RuntimeError: kaputt", "Haus")
    assert [hallo, kiefer] == [expected[0], expected[2]]  # the other pages of the batch are whole


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
        # relations, examples, translations
        "==== {{Übersetzungen}} ====\n" + "{{Ü-Tabelle|" * 50_000,
        "==== {{Übersetzungen}} ====\n" + "{{Übersetzungen umleiten|" * 50_000,
        "==== {{Übersetzungen}} ====\n" + ("{{Dialekt" + " " * 5_000) * 40,
        "==== {{Übersetzungen}} ====\n{{Ü-Tabelle" + "|" + " " * 100_000 + "Ü-Liste=x}}",
        "==== {{Übersetzungen}} ====\n*{{en}}: " + "{{Ü|en|" * 50_000,
        "==== {{Übersetzungen}} ====\n*{{en}}: " + ("{{Ü|en|" + "a" * 1_000) * 200,
        "==== {{Übersetzungen}} ====\n*{{de}}: " + "[[a]] [1] (" * 30_000,
        "==== {{Übersetzungen}} ====\n" + "===== a =====\n*{{en}}: {{Ü|en|x}}\n" * 20_000,
        "{{Synonyme}}\n:[1] " + "<sup>" * 50_000,
        "{{Synonyme}}\n:[1] " + "''x" * 100_000,
        "{{Synonyme}}\n:[1] " + "(" * 100_000 + "[[a]]",
        "{{Synonyme}}\n:[1] " + "[[a]]: " * 50_000,
        "{{Synonyme}}\n:[1] " + "[[a]], " * 50_000,
        "{{Beispiele}}\n:[1–999999999] x\n:[" + "1," * 100_000 + "] y\n" + ":[1] x\n::y\n" * 20_000,
        "{{Grammatische Merkmale}}\n" + "*Nominativ [[X]]\n" * 20_000 + "{{Grundformverweis|X}}\n" * 2_000,
        "{{Grundformverweis|" + "x" * 200_000,
        "{{Herkunft}}\n" + ":[1] x\n:[2] y\n" * 25_000,
        # label lines, italic labels, continuation lines, leading hyphenation markers, footnotes
        "*{{trans.|:}}\n" * 20_000 + ":[1] x\n" + "::— y\n" * 20_000,
        ":[1] ''" + "a" * 200_000 + ":'' x\n" + ":[2] " + "''a:'' " * 50_000,
        "*''x:''\n" * 20_000 + "::[a] y\n" * 20_000,
        "{{Worttrennung}}\n:" + "{{Pl.}}, " * 50_000 + "x\n",
        "{{Worttrennung}}\n:x, {{Pl.}} " + "a" * 200_000,
        "{{Beispiele}}\n:[1] a<ref>" + "<" * 100_000 + "\n:[2] b<ref>x" + "</re" * 50_000,
        "==== {{Übersetzungen}} ====\n" + "{{Ü-Tabelle|Ü-Liste=" + "{{x|" * 3 + "}}" * 50_000,
    ],
)
def test_adversarial_input_does_not_hang(body: str) -> None:
    # guards against quadratic regex backtracking: each case takes milliseconds when linear
    text = HEAD + "=== {{Wortart|Substantiv|Deutsch}} ===\n{{Bedeutungen}}\n" + body
    with no_hang():
        r = parse_page(page(text))
    assert r.rejection is None or r.rejection.reason != "parser error"


# --------------------------------------------------------------------------- every field, with relations
#
# Relation semantics under test: one Relation per word and per sense number its line names
# (":[1, 2] [[Fichte]]" → Fichte/1 and Fichte/2; "[1–3]" is expanded); no marker, "[*]" and "[?]"
# → sense "". Translations take the inline marker before them, else the Ü-Tabelle's number,
# else "". Translation notes are "gender; Umschrift: transliteration; G-gloss" (parts present).


def rels(lx: Lexeme, kind: str) -> list[tuple[str, str]]:
    """(target, sense) of one kind, in page order; every relation's language is the lexeme's own."""
    out = [(r.target, r.sense) for r in named(lx) if r.kind == kind]
    assert all(r.language == lx.language for r in named(lx) if r.kind == kind and kind != "translation")
    return out


def trs(lx: Lexeme) -> set[tuple[str, str, str, str]]:
    """(language, target, sense, note) of every translation."""
    return {(r.language, r.target, r.sense, r.note) for r in named(lx) if r.kind == "translation"}


def examples(lx: Lexeme) -> dict[str, tuple[str, ...]]:
    return {s.number: s.examples for s in lx.senses if s.examples}


def test_hallo_relations_examples_etymology(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Hallo")
    assert lx.extra["etymology"] == "Substantivierung des Grußworts hallo"
    ex = examples(lx)
    assert list(ex) == ["1"] and len(ex["1"]) == 3
    assert ex["1"][0] == "Als er die Treppe hinaufkam, wurde er mit großem Hallo empfangen."
    # the <ref>…</ref> after the quotation (with a link and a template inside) is gone
    assert ex["1"][1].startswith("„Da gab es keine Möglichkeit, mich von vielen Leuten (…) zu verabschieden.")
    assert ex["1"][1].endswith("des großen Hallos und des offiziellen Abschieds werden.“")
    assert rels(lx, "synonym") == [("Gejohle", "1")]
    assert rels(lx, "antonym") == rels(lx, "hypernym") == rels(lx, "hyponym") == []
    gloss = "lautes Rufen; fröhliches, lautes Durcheinander"  # {{Ü-Tabelle|1|G=…}}
    assert trs(lx) == {
        ("bg", "здравей", "1", gloss),  # {{Üt|bg|здравей|}}: empty transliteration
        ("en", "hallo", "1", gloss),
        ("fr", "Allô", "1", f"m; {gloss}"),
        ("fr", "Hello", "1", f"m; {gloss}"),
        ("fr", "salut", "1", f"m; {gloss}"),
        ("fr", "bonjour", "1", f"m; {gloss}"),
        ("cs", "haló", "1", f"n; {gloss}"),
    }
    assert "examples_unattached" not in lx.extra


def test_kiefer_relations_per_sense_and_old_translation_layout(pages: dict[str, Page]) -> None:
    tree, jaw = lexemes(pages, "Kiefer")
    assert tree.extra["etymology"] == "von Kien und Föhre"
    assert rels(tree, "synonym") == [("Föhre", "1")]
    # ":[1, 2] [[Fichte]], [[Tanne]], [[Eibe]]": one relation per word and sense
    assert rels(tree, "antonym") == [
        ("Fichte", "1"), ("Fichte", "2"), ("Tanne", "1"), ("Tanne", "2"), ("Eibe", "1"), ("Eibe", "2")
    ]  # fmt: skip
    assert rels(tree, "hypernym") == [("Nadelbaum", "1"), ("Baum", "1"), ("Holzart", "2"), ("Holz", "2")]
    # "[[Latsche]] ''(P. mugo)'', [[Pinie]] ([[Schirmkiefer]], ''P. pinea''), …": notes dropped
    assert rels(tree, "hyponym") == [("Latsche", "1"), ("Pinie", "1"), ("Schwarzkiefer", "1")]
    assert rels(tree, "derived") == [("Kiefernnadel", "1"), ("Kiefernzapfen", "1")]
    # {{Abkürzungen}} ":[[Ki]]": related, unnumbered → whole entry, block name as note
    assert [(r.kind, r.target, r.sense, r.note) for r in named(tree) if r.kind == "related"] == [
        ("related", "Ki", "", "Abkürzungen")
    ]
    assert examples(tree) == {}  # ":[1] " placeholder
    assert "examples_unattached" not in tree.extra
    t = trs(tree)
    assert {
        ("en", "pine", "1", ""),
        ("pl", "sosna", "1", "f"),  # "[1, 2] {{Ü|pl|sosna}} {{f}}, [2] {{Ü|pl|sośnina}} {{f}}"
        ("pl", "sosna", "2", "f"),
        ("pl", "sośnina", "2", "f"),
        ("es", "pino", "2", "m"),
        ("ja", "松", "1", "Umschrift: マツ, matsu"),  # {{Üxx|ja|マツ, matsu|松}}: native script is the word
        ("ca", "pi roig", "1", "m"),
        ("cz", "borovice", "1", ""),  # "{{Ü|cz|…}}" under {{cs}}: the code is kept as written
    } <= t
    assert len(t) == 28
    assert all(r.sense for r in named(tree) if r.kind == "translation")

    assert "etymology" not in jaw.extra
    assert rels(jaw, "synonym") == [("Kieferknochen", "1")]
    assert rels(jaw, "hypernym") == [("Schädelknochen", "1"), ("Knochen", "1"), ("Körperteil", "1")]
    assert rels(jaw, "hyponym") == [("Oberkiefer", "1"), ("Unterkiefer", "1")]
    derived = rels(jaw, "derived")  # unnumbered line → sense ""
    assert len(derived) == 9 and derived[2] == ("Kiefergelenk", "") and derived[-1] == ("Kiefersprerre", "")
    assert examples(jaw) == {"1": ("Ich bin am Kiefer operiert worden.",)}
    assert trs(jaw) == {
        ("en", "jaw", "1", ""),
        ("en", "jowl", "1", ""),
        ("fr", "mâchoire", "1", "m"),
        ("ca", "mandíbula", "1", "f"),
        ("ko", "턱", "1", "Umschrift: toek"),
        ("pl", "szczęka", "1", "f"),
        ("ru", "челюсть", "1", "f; Umschrift: tschéljust’"),
        ("es", "mandíbula", "1", "f"),
        ("es", "maxilar", "1", "m"),
        ("tr", "çene", "1", ""),
    }


def test_sein_relations_examples_and_translation_markers(pages: dict[str, Page]) -> None:
    verb, pron, fr = lexemes(pages, "sein")
    assert verb.extra["etymology"] == "ahd., mhd. sīn"
    # ":[2] sich [[befinden]], [[anwesend]] sein": "sich" + one link → the linked verb
    assert rels(verb, "synonym") == [("befinden", "2"), ("anwesend sein", "2"), ("bestehen", "3"), ("leben", "3")]
    ex = examples(verb)
    assert sorted(ex) == ["1", "2", "3", "5"]
    assert ex["2"] == ("Wir waren in Paris.",)
    assert ex["3"] == ("Gott war und ist.", "Solange der Opa noch ist, können wir das Haus nicht verkaufen.")
    assert ex["1"][0].startswith("Er ist 30 Jahre alt. Sie ist schön.")
    t = trs(verb)
    assert {
        ("en", "be", "1", ""),  # "[1, 2] {{Ü|en|be}}; [3]{{Ü|en|exist}} ; [4] be {{Ü|en|it}}"
        ("en", "be", "2", ""),
        ("en", "exist", "3", ""),
        ("en", "it", "4", ""),
        ("fr", "être", "5", ""),  # "[1–3, 5] {{Ü|fr|être}}"
        ("fr", "avoir", "5", ""),
        ("eu", "izan", "", ""),  # "[?]": no sense
        ("zh", "是", "1", "Umschrift: shì"),
        ("el", "είμαι", "1", ""),  # {{Üxx|el||είμαι}}
        ("ja", "有る", "2", "Umschrift: ある, aru"),  # marker [2] in the middle of the line
        ("it", "toccare", "4", ""),
        ("ru", "быть", "1", "Umschrift: byt"),  # "[(1), 2] {{Üxx|ru|byt|быть}}"
        ("ru", "быть", "2", "Umschrift: byt"),
    } <= t
    assert ("fr", "être", "4", "") not in t

    assert pron.extra["etymology"].startswith("germanisch *sīna- „sein“, ahd., mhd. sīn;")
    # ":[1] ''umgangssprachlich:'' [[von]] [[er|ihm]]": one expression of two links
    assert rels(pron, "synonym") == [("von ihm", "1")]
    assert examples(pron) == {"1": ("„Wie schön das Kind doch mit seinen Bauklötzen spielt!“",)}
    assert {
        ("en", "his", "1", "m"),
        ("en", "her", "1", "f"),
        ("en", "its", "1", "n"),
        ("pl", "jego", "1", "m, n"),  # "{{Ü|pl|jego}} {{m}} {{n}}"
        ("sv", "hennes", "1", "f"),
        ("hu", "-ja", "1", ""),
    } <= trs(pron)

    assert rels(fr, "synonym") == [("torse", "1"), ("nichon", "2"), ("nibard", "2")]
    # ":[1] [[partie]] du [[corps]] (''[[Körperteil]]'')"
    assert rels(fr, "hypernym") == [("partie du corps", "1"), ("organe", "2")]
    # "::" lines under an example are its German translation
    assert examples(fr) == {
        "1": ("Il pressa son enfant contre son sein.\nEr drückte sein Kind an seine Brust.",),
        "2": ("L'enfant tète le sein de sa mère.\nDas Kind saugt an der Brust seiner Mutter.",),
    }
    # "*{{de}}: [1, 2] [[Brust]]": a line without {{Ü}} gives its links
    assert trs(fr) == {("de", "Brust", "1", ""), ("de", "Brust", "2", "")}


def test_haus_relations_examples_translations(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Haus")
    assert lx.extra["etymology"].startswith(
        "Bei dem Wort handelt es sich um ein seit dem 8. Jahrhundert bezeugtes Erbwort, dessen althochdeutsche "
        "Form hūs lautete"
    )
    assert forms(lx, "nominative", "plural") == ["Häuser"]
    assert forms(lx, "genitive", "singular") == ["Hauses"]
    assert forms(lx, "dative", "singular") == ["Haus", "Hause"]  # "Dativ Singular*=Hause": a second form
    assert {n: len(e) for n, e in examples(lx).items()} == {
        "1": 6, "2": 4, "3": 5, "4": 1, "5": 3, "6": 1, "7": 4, "8": 2,
        "9": 2, "10": 6, "11": 4, "12": 1, "13": 2, "14": 2, "15": 5,
    }  # fmt: skip
    assert examples(lx)["1"][5] == examples(lx)["2"][0] == "Das Haus steht seit 1898."  # ":[1, 2] …"
    assert examples(lx)["11"][0] == "Die Schnecke trägt ihr Haus mit sich."
    # ":[1, 2] {{ugs.}}<ref …>…</ref>'':'' [[Winde]]" and friends
    assert rels(lx, "synonym") == [
        ("Winde", "1"), ("Winde", "2"), ("Affenkasten", "1"), ("Affenkasten", "2"), ("Kasten", "1"),
        ("Kasten", "2"), ("Wohnhaus", "2"), ("Wohngebäude", "2"), ("Heim", "3"), ("Wohnung", "3"),
        ("Zuhause", "3"), ("Tempel", "2"), ("Tempel", "3"), ("Kammer", "6"), ("Familie", "7"), ("Gepäck", "7"),
        ("Mischpoke", "7"), ("Haushalt", "8"), ("Hausstand", "8"), ("Domizil", "12"),
    ]  # fmt: skip
    # ":[14] [[Auge]], [[Bahn]], [[Finne]]/[[Pinne]]/[[Schmalbahn]]"
    assert rels(lx, "antonym") == [(w, "14") for w in ("Auge", "Bahn", "Finne", "Pinne", "Schmalbahn")]
    hyper = rels(lx, "hypernym")
    assert len(hyper) == 28  # ranges expanded: "[1–3] [[Ort]]" is three relations
    assert {("Ort", "1"), ("Ort", "2"), ("Ort", "3"), ("Personenkreis", "7"), ("Hammer", "14")} <= set(hyper)
    hypo = set(rels(lx, "hyponym"))
    assert {("Doppelhaus", "1"), ("Durchhaus", "1"), ("Schneckenhaus", "11"), ("Erstes Haus", "13")} <= hypo
    assert not any(t == "Doppelhaushälfte" for t, _s in hypo)  # "(→ [[Doppelhaushälfte]])" is a note
    t = trs(lx)
    for n in ("1", "2", "4", "6", "9", "12", "13", "15"):
        assert ("en", "house", n, "") in t
    assert {
        ("en", "home", "3", ""),
        ("fr", "maison", "15", "f"),
        ("fr", "chambre", "6", "f"),
        ("fr", "zig", "10", "m"),  # {{Ü|fr|zig#zig (Französisch)|zig}}
        ("it", "casa", "11", "f"),
        ("es", "cámara", "6", "f"),
        ("da", "hus", "12", "n"),
        ("grc", "δόμος", "8", "m; Umschrift: dómos"),
        ("ar", "بيت", "11", "m; Umschrift: bayt"),  # {{Üxx4|ar|بيت|v=…|d=bayt|DMG=0}}
    } <= t
    assert ("fr", "maison", "6", "f") not in t


def test_tier_relations(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "Tier")
    assert forms(lx, "nominative", "plural") == ["Tiere"]
    # two numbered Herkunft lines keep their markers
    assert lx.extra["etymology"].startswith("[1] von mittelhochdeutsch")
    assert "[2] spezialisierte Beibehaltung der älteren Bedeutung „Wildtier, Wild“" in lx.extra["etymology"]
    assert rels(lx, "synonym") == [("Biest", "1"), ("Viech", "1"), ("Hinde", "2"), ("Hindin", "2")]
    assert rels(lx, "antonym") == [("Pflanze", "1"), ("Pilz", "1")]
    assert rels(lx, "hypernym") == [("Eukaryot", "1"), ("Lebewesen", "1")]
    hypo = rels(lx, "hyponym")
    assert hypo[:3] == [("Schwamm", "1"), ("Wurm", "1"), ("Amöbe", "1")]
    assert ("Wappentier", "1") in hypo and hypo[-1] == ("Rentier", "2")
    assert examples(lx) == {
        "1": ("Der Löwe ist der König der Tiere.",),
        "2": ("Der Platzhirsch bewachte ein Rudel von zehn Tieren.",),
    }
    assert {
        ("af", "dier", "1", ""),
        ("af", "bees", "1", ""),
        ("grc", "ζῷον", "1", "Umschrift: zṓon"),
        ("amu", "kió'", "1", ""),
        ("ar", "الحيوان", "1", "m; Umschrift: al-hayawān"),
        ("fr", "animal", "1", "m"),
        ("fr", "bête", "1", ""),
        ("it", "bestia", "1", "f"),
    } <= trs(lx)


def test_zug_sub_senses_and_markers_naming_no_sense(pages: dict[str, Page]) -> None:
    train, town = lexemes(pages, "Zug")
    assert key(train) == ("de", "Zug", "noun", ("Substantiv",), 1, ("m",))
    assert train.extra["hyphenation"] == "Zug"
    assert train.ipa == ("ʦuːk",)
    # "Wessen? (Einzahl)=des Zug(e)s": optional letters are two forms
    assert forms(train, "genitive", "singular") == ["Zuges", "Zugs"]
    assert {f.get("article") for f in train.extra["forms"] if "genitive" in f["tags"]} == {"des", "der"}
    assert [s.number for s in train.senses] == [
        "1", "2", "3", "4", "5", "6", "6a", "6b", "6c", "6d", "7", "7a", "8", "9", "10", "10a", "10b", "10c",
        "11", "12", "13",
    ]  # fmt: skip
    assert train.extra["etymology"] == "von ziehen ([10] im Sinne von zeichnen)"
    syn = rels(train, "synonym")
    assert syn[:2] == [("Eisenbahn", "1"), ("Bahn", "1")]
    assert ("Vogelzug", "7a") in syn and ("Wesenszug", "10c") in syn
    # {{Gegenworte}} is the older name of {{Gegenwörter}}
    assert rels(train, "antonym") == [
        ("Auto", "1"), ("Druckkraft", "2"), ("Druck", "3"), ("Schub", "3"), ("Windstille", "4"),
        ("Aussetzen", "5"), ("Trupp", "6a"), ("Gruppe", "6a"), ("Stellungskrieg", "7"),
    ]  # fmt: skip
    assert ("Teileinheit", "6a") in rels(train, "hypernym")
    assert ("Durchzug", "7a") in rels(train, "hyponym")
    # ":[2] [[Zugkraft]] [[Zugbelastung]]": a missing comma between two nouns
    assert {("Zugkraft", "2"), ("Zugbelastung", "2"), ("zugig", "4")} <= set(rels(train, "derived"))
    ex = examples(train)
    assert sorted(ex, key=lambda n: (int(n.rstrip("a")), n)) == [
        "1", "2", "3", "4", "5", "6", "7", "7a", "8", "9", "10", "11", "13"
    ]  # fmt: skip
    assert ex["7a"] == ("Störche sieht man auf dem Zuge über dem Bosporus.",)
    assert ex["13"] == ("Karls der Große und der Zug gegen die Sachsen",)
    assert "examples_unattached" not in train.extra
    assert {
        ("en", "train", "1", ""),
        ("en", "breath", "4", ""),
        ("fr", "courant d'air", "4", ""),
        ("fr", "migration", "7a", ""),
        ("ca", "tren", "1", "m"),  # "[1,6a] {{Ü|ca|tren}} {{m}}"
        ("ca", "tren", "6a", "m"),
        ("ja", "電車", "1", "Umschrift: でんしゃ, densha"),
        ("pt", "comboio", "1", ""),
    } <= trs(train)

    # "Substantiv, Eigenname, Toponym, …" is a proper noun now: homograph 1 of its class (was noun #2)
    assert key(town) == (
        "de",
        "Zug",
        "proper_noun",
        ("Substantiv", "Eigenname", "Toponym", "Singularetantum"),
        1,
        ("n",),
    )
    assert rels(town, "hyponym") == [("Zug", "1")]  # "Zug<sup>[2]</sup>": the footnote mark goes
    assert rels(town, "derived") == [("Zuger Kirschtorte", "2")]  # plain text, no link
    assert examples(town) == {
        "1": ("Der Hauptort des Kantons Zug heißt Zug.",),
        "2": ("Er hat vier Jahre in Zug gewohnt.",),  # ":[2-4] …"
        "3": ("Er hat vier Jahre in Zug gewohnt.",),
        "4": ("Er hat vier Jahre in Zug gewohnt.",),
    }
    assert trs(town) == {
        ("es", "cantón de Zug", "1", ""),
        ("fr", "Zoug", "1", ""),
        ("it", "Zugo", "1", ""),
        ("lt", "Tugium", "1", ""),  # "*{{la}}: [1,2] {{Ü|lt|Tugium}}": the template's code counts
        ("lt", "Tugium", "2", ""),
    }


def test_lieben_fragen_rennen_helfen_verbs(pages: dict[str, Page]) -> None:
    (lieben,) = lexemes(pages, "lieben")
    assert rels(lieben, "synonym") == [
        ("kopulieren", "2"), ("auf Wolke sieben sein", "3"), ("auf Wolke sieben schweben", "3"), ("verliebt sein", "3")
    ]  # fmt: skip
    assert rels(lieben, "antonym") == [("hassen", "1"), ("verabscheuen", "1"), ("abstinieren", "2")]
    derived = rels(lieben, "derived")
    assert ("heiß geliebt", "") in derived and ("heißgeliebt", "") in derived  # "[[heiß geliebt]]/[[heißgeliebt]]"
    assert derived[0] == ("lieb", "")
    assert {n: len(e) for n, e in examples(lieben).items()} == {"1": 2, "2": 1, "3": 1}
    assert examples(lieben)["3"] == ("Ich liebe!",)
    assert "etymology" not in lieben.extra
    assert {
        ("ar", "حب", "1", ""),  # {{Üxx|ar||حب}}
        ("eu", "izan", "1", ""),  # "maite {{Ü|eu|izan}}": only the template is the word
        ("et", "armastama", "1", ""),
        ("et", "armastama", "3", ""),
        ("fi", "rakastaa", "2", ""),
        ("en", "love", "1", ""),
        ("zh", "爱", "1", "Umschrift: ài"),
    } <= trs(lieben)

    (fragen,) = lexemes(pages, "fragen")
    assert fragen.extra["etymology"].startswith(
        "mittelhochdeutsch: vrāgen, althochdeutsch: frāgēn, frāhēn (vergleiche niederländisch: vragen,"
    )
    assert rels(fragen, "synonym") == [("befragen", "1")]
    assert rels(fragen, "antonym") == [("antworten", "1")]
    derived = rels(fragen, "derived")
    assert derived[:3] == [("Frage", ""), ("Fragebogen", ""), ("Frager", "")]
    assert ("umfragen", "") in derived and ("Umfrage", "") not in derived  # "[[umfragen]] ([[Umfrage]])"
    assert derived[-1] == ("fraglich", "")
    ex = examples(fragen)["1"]
    assert len(ex) == 7 and ex[0] == "Ich frage nach dem Weg."
    assert ex[3] == "landschaftlich: „Dann frägt man nicht mehr, man weiß Bescheid.“"
    assert {
        ("ar", "سأل", "1", "Umschrift: saʾala"),  # {{Üxx5|ar|saʾala|سَأَلَ|سأل}}: the link target
        ("zh", "訊問", "1", "Umschrift: xùnwèn"),
        ("da", "spørge", "1", ""),
        ("en", "ask", "1", ""),
        ("en", "enquire", "1", ""),
        ("fi", "kysellä", "2", ""),  # the page names a sense 2 that it does not have: kept as written
        ("he", "לשאול", "1", "Umschrift: lishʾol"),
    } <= trs(fragen)

    (rennen,) = lexemes(pages, "rennen")
    assert rennen.extra["etymology"] == "Althochdeutsch rennen „laufen machen“, Kausativ zu rinnen"
    assert rennen.extra["rhymes"] == ["ɛnən"]
    assert forms(rennen, "past", "participle") == ["gerannt"]
    assert rels(rennen, "synonym") == [("laufen", "1")]
    assert rels(rennen, "antonym") == [("bummeln", "1"), ("schleichen", "1"), ("trödeln", "1")]
    assert rels(rennen, "hypernym") == [("fortbewegen", "1")]
    assert rels(rennen, "hyponym") == [("endspurten", "1"), ("wetzen", "1"), ("wieseln", "1")]
    assert examples(rennen) == {"1": ("So schnell wie Maik rennt niemand bei uns in der Klasse.",)}
    assert {
        ("ar", "ركض", "1", ""),
        ("zh", "跑", "1", "Umschrift: pǎo"),
        ("en", "run", "1", ""),
        ("en", "race", "1", ""),
        ("en", "sprint", "1", ""),
        ("ja", "走る", "1", "Umschrift: はしる, hashiru"),
        ("nl", "hollen", "1", ""),  # from the |Ü-rechts= half of the table
    } <= trs(rennen)

    (helfen,) = lexemes(pages, "helfen")
    assert helfen.ipa == ("ˈhɛlfn̩",)
    # "[1] {{gmh.}} ''helfen,'' {{goh.}} ''helfan.'' Aus [[germanisch]] ''*help-a-'' („helfen“) {{QS Herkunft|…}}"
    assert (
        helfen.extra["etymology"]
        == "mittelhochdeutsch helfen, althochdeutsch helfan. Aus germanisch *help-a- („helfen“)"
    )
    assert rels(helfen, "synonym") == [
        ("beitragen", "1"), ("unterstützen", "1"), ("zur Seite stehen", "1"), ("Hilfe leisten", "1"),
        ("wirken", "2"), ("behelfen", "3"),
    ]  # fmt: skip
    assert rels(helfen, "antonym") == [("im Stich lassen", "1"), ("hindern", "2")]
    assert {n: len(e) for n, e in examples(helfen).items()} == {"1": 2, "2": 2, "3": 2}
    assert {
        ("hy", "օգնել", "1", "Umschrift: ōgnel"),
        ("my", "ကူညီ", "1", ""),
        ("en", "help", "1", ""),
        ("fr", "aider", "1", ""),
        ("fr", "débrouiller", "3", ""),
        ("he", "לעזור", "1", "Umschrift: la'asor"),
    } <= trs(helfen)


def test_nord_ranges_and_rosa_homographs(pages: dict[str, Page]) -> None:
    (nord,) = lexemes(pages, "Nord")
    assert key(nord) == ("de", "Nord", "noun", ("Substantiv",), 1, ("m",))
    assert (nord.extra["hyphenation"], nord.ipa, nord.extra["rhymes"]) == ("Nord", ("nɔʁt",), ["ɔʁt"])
    assert nord.extra["etymology"] == "von Norden"
    assert rels(nord, "synonym") == [
        ("Nordwind", "2"), ("Nordsturm", "2"), ("Nordorkan", "2"), ("Nordhalbkugel", "3"), ("Nordhemisphäre", "3")
    ]  # fmt: skip
    # ":[1–5] [[Süd]], <small>''inkompatibel:''</small>  [[Ost]], [[West]]"
    assert rels(nord, "antonym") == [(w, str(n)) for w in ("Süd", "Ost", "West") for n in range(1, 6)]
    assert len(rels(nord, "hypernym")) == 8
    assert rels(nord, "hyponym")[:2] == [("Nordost", "1"), ("Nordost", "2")]
    assert rels(nord, "derived") == [("Nordmann", ""), ("Nordpol", "")]
    ex = examples(nord)
    assert ex["4"] == ("Nordbayern",) and len(ex["5"]) == 2
    assert {
        ("en", "north", "1", ""),
        ("en", "north", "3", ""),
        ("id", "utara", "5", ""),  # "[1-5]" with a hyphen
        ("ja", "北", "1", "Umschrift: きた, kita"),
        ("sv", "nordan", "2", ""),
        ("sv", "norr-", "4", ""),
        ("sv", "nord", "5", ""),
    } <= trs(nord)

    colour, name = lexemes(pages, "Rosa")
    assert key(colour) == ("de", "Rosa", "noun", ("Substantiv",), 1, ("n",))
    assert key(name) == ("de", "Rosa", "proper_noun", ("Substantiv", "Vorname"), 1, ("f",))  # was noun #2
    assert colour.extra["etymology"] == "Substantivierung des Adjektivs rosa durch Konversion"
    assert rels(colour, "synonym") == [("Pink", "1")]
    # ":[1] [[Weiß]]; [[Blau]], …": ";" separates words too
    antonyms = [t for t, _s in rels(colour, "antonym")]
    assert antonyms[:3] == ["Weiß", "Blau", "Braun"] and len(antonyms) == 13
    assert rels(colour, "hypernym") == [("Grundfarbe", "1"), ("Mischfarbe", "1"), ("Farbe", "1")]
    assert len(examples(colour)["1"]) == 3
    # empty {{Ü|en|}} give nothing; "{{Ü|pt|rosa#Substantivo2|rosa}} {{m}}"
    assert trs(colour) == {("pt", "rosa", "1", "m"), ("vi", "hồng", "1", "")}
    assert name.extra["hyphenation"] == "Ro·sa"
    assert name.extra["etymology"].startswith("abgeleitet vom lateinischen rosa (Rose), daneben auch als Kurzform")
    assert rels(name, "derived")[0] == ("Rosalind", "1") and len(rels(name, "derived")) == 7
    assert examples(name) == {"1": ("Ich komme gleich zu dir, Rosa.",)}
    assert trs(name) == {
        ("en", "Rose", "1", ""),
        ("fr", "Rose", "1", ""),
        ("ga", "Róis", "1", ""),
        ("it", "Rosa", "1", ""),
    }


def test_boot_three_homographs(pages: dict[str, Page]) -> None:
    boat, boots, surname = lexemes(pages, "Boot")
    assert key(boat) == ("de", "Boot", "noun", ("Substantiv",), 1, ("n",))
    assert boat.ipa == ("boːt",)
    assert boat.extra["hyphenation"] == "Boot"
    assert boat.extra["etymology"].startswith("im 15. Jahrhundert aus mittelniederdeutsch bōt entlehnt")
    assert rels(boat, "synonym") == [("Barke", "1"), ("Kahn", "1")]
    # "[[Inspektion]] (Ausbildungseinrichtungen)"
    assert rels(boat, "antonym") == [("Schiff", "1"), ("Batterie", "2"), ("Inspektion", "2"), ("Kompanie", "2")]
    assert rels(boat, "hypernym") == [("Wasserfahrzeug", "1"), ("Fahrzeug", "1"), ("Einheit", "2")]
    hypo = rels(boat, "hyponym")
    assert ("Beiboot", "1") in hypo and ("Minensucher", "2") in hypo
    assert ("Katboot", "") in hypo  # ":[?] [[Katboot]], …": no sense
    assert {n: len(e) for n, e in examples(boat).items()} == {"1": 1, "2": 2}
    assert {
        ("sq", "varkë", "1", "f"),
        ("sq", "barkë", "1", "f"),
        ("en", "boat", "1", ""),
        ("fr", "bateau", "1", "m"),
        ("el", "μπότα", "1", "Umschrift: mpota"),
    } <= trs(boat)

    assert key(boots) == ("de", "Boot", "noun", ("Substantiv",), 2, ("m",))
    assert boots.ipa == ("buːt",)
    assert boots.extra["etymology"] == "von englisch boot „Stiefel“ entlehnt, das auf mittelfranzösisch bote zurückgeht"
    assert rels(boots, "synonym") == [("Stiefel", "1")]
    assert rels(boots, "antonym") == [("Halbschuh", "1")]
    assert rels(boots, "hypernym") == [("Kleidung", "1"), ("Schuh", "1")]
    assert rels(boots, "hyponym") == [("Lederboot", "1"), ("Moonboot", "1"), ("Softboot", "1")]
    assert rels(boots, "derived") == [("booten", ""), ("Bootleg", "")]
    assert examples(boots) == {"1": ("Du solltest dir noch die Boots anziehen.",)}
    assert trs(boots) == {("en", "boot", "1", "")}

    assert key(surname) == ("de", "Boot", "proper_noun", ("Substantiv", "Nachname"), 1, ("m", "f"))  # was noun #3
    assert surname.extra["hyphenation"] == "Boots"  # ":Boots, {{Pl.}} Boo·ts" as the page writes it
    assert surname.relations == ()  # only empty {{Ü|en|}} / {{Ü|fr|}}


def test_keks_kleid_liebe(pages: dict[str, Page]) -> None:
    (keks,) = lexemes(pages, "Keks")
    assert key(keks) == ("de", "Keks", "noun", ("Substantiv",), 1, ("m", "n"))
    assert keks.extra["etymology"].startswith(
        "von englisch cakes, ein gängiges Fremdwort im Deutschen zu Beginn des 20. Jahrhunderts"
    )
    assert rels(keks, "synonym") == [("Biskuit", "1"), ("Plätzchen", "1")]
    assert rels(keks, "hypernym") == [("Dauergebäck", "1"), ("Feingebäck", "1"), ("Kleingebäck", "1")]
    assert ("Patisserie-Keks", "1") in rels(keks, "hyponym") and len(rels(keks, "hyponym")) == 6
    assert len(rels(keks, "derived")) == 8 and all(s == "" for _t, s in rels(keks, "derived"))
    assert len(examples(keks)["1"]) == 2
    assert {
        ("en", "biscuit", "1", ""),
        ("en", "cookie", "1", ""),  # after the label template {{amer.}}
        ("fr", "sec", "1", ""),  # "[[gâteau]]&nbsp;{{Ü|fr|sec}}": on a {{Ü}} line plain links are no words
        ("el", "μπισκότο", "1", "n; Umschrift: biskóto"),
        ("pl", "ciastko", "1", "n"),
        ("pt", "bolacha", "1", "f"),
        ("pt", "biscoito", "1", "m"),
        ("ru", "печенье", "1", "Umschrift: petschenje"),
    } <= trs(keks)
    assert not any(t == "gâteau" for _l, t, _s, _n in trs(keks))

    (kleid,) = lexemes(pages, "Kleid")
    assert kleid.extra["hyphenation"] == "Kleid"
    assert kleid.extra["etymology"].startswith("seit dem 12. Jahrhundert bezeugt; mittelhochdeutsch: kleit;")
    syn = rels(kleid, "synonym")
    assert len(syn) == 33 and syn[:2] == [("Putz", "1"), ("Tracht", "1")] and ("Tracht", "2") in syn
    assert syn[-4:] == [("Montur", "4"), ("Panzer", "4"), ("Uniform", "4"), ("Stoff", "4")]
    assert {("Abendkleid", "1"), ("Amtskleid", "2"), ("Taufkleid", "2")} <= set(rels(kleid, "hyponym"))
    # ":''metaphorisch'', (Körperteil) [[Beinkleid]], …": comment and notes dropped, no sense
    derived = rels(kleid, "derived")
    assert derived[:3] == [("Beinkleid", ""), ("Fußkleid", ""), ("Holzkleid", "")]
    assert {("Unschuldskleid", ""), ("Kleiderbügel", "1"), ("Kleidung", "2"), ("Tarnkleid", "3")} <= set(derived)
    assert list(examples(kleid)) == ["1"]
    assert {
        ("it", "vestito", "1", "m"),
        ("it", "abbigliamento", "2", "m"),
        ("ja", "ワンピース", "1", "Umschrift: wanpîsu"),
        ("ja", "衣装", "2", "Umschrift: いしょう、ishô"),
        ("ru", "платье", "1", "n"),
        ("ru", "костюм", "4", "m; Umschrift: kostjum"),
    } <= trs(kleid)

    love, river = lexemes(pages, "Liebe")
    assert love.extra["etymology"].startswith(
        "als Abstraktbildung zum Adjektiv lieb aus den althochdeutschen Begriffen liubī (9. Jahrhundert)"
    )
    assert rels(love, "synonym") == [
        ("Leidenschaft", "1"), ("Neigung", "1"), ("Beischlaf", "3"), ("Geschlechtsakt", "3"), ("Koitus", "3"),
        ("Sex", "3"),
    ]  # fmt: skip
    assert rels(love, "antonym") == [("Abneigung", "1"), ("Ekel", "1"), ("Gleichgültigkeit", "1"), ("Hass", "1")]
    assert rels(love, "hypernym") == [("Emotion", "1"), ("Gefühl", "1"), ("Gefühlsregung", "1")]
    assert {n: len(e) for n, e in examples(love).items()} == {str(n): 2 if n == 5 else 1 for n in range(1, 9)}
    t = trs(love)
    assert {
        ("sq", "dashuri", "", ""),  # "[?]"
        ("zh", "爱", "1", "Umschrift: aì"),
        ("en", "love", "1", ""),
        ("en", "love", "2", ""),
        ("fr", "amour", "", "m"),
        ("fi", "lempi", "", ""),
    } <= t
    assert {(lang, s) for lang, w, s, _n in t if w == "amor" and lang == "es"} == {("es", str(n)) for n in range(1, 9)}
    assert not any("mr-r-w-t" in w for _l, w, _s, _n in t)  # "*Ägyptisch: [?] mr-r-w-t": no language code
    assert key(river) == ("de", "Liebe", "proper_noun", ("Substantiv", "Toponym"), 1, ("f",))  # was noun #2
    assert river.ipa == () and examples(river) == {}
    assert trs(river) == {("pl", "Liwa", "1", "")}


def test_aal_herz_welt(pages: dict[str, Page]) -> None:
    fish, name = lexemes(pages, "Aal")
    assert fish.extra["etymology"] == (
        "ahd., mhd. âl, nnl. aal, ags. æl, engl. eel, altn. âll, schw. ål, dän. aal, wahrscheinlich entsprungen "
        "aus ahal (wie Luther noch ahl schreibt)."
    )
    assert rels(fish, "synonym") == [
        ("Torpedo", "3"),
        ("Brenner", "4"),
        ("Rotarsch", "4"),
        ("Sprutz", "4"),
        ("Zecke", "4"),
    ]
    hyper = rels(fish, "hypernym")
    # "aalartige Fische (''Anguilliformes''), [[Echter Aal|Echte Aale]] (''Anguillidae''), …"
    assert hyper[:3] == [("aalartige Fische", "1"), ("Echter Aal", "1"), ("Knochenfisch", "1")]
    assert len(hyper) == 7 + 3 + 2 + 3
    assert examples(fish) == {"1": ("Er hatte einen sehr großen Aal gefangen.",)}
    assert {
        ("af", "paling", "1", ""),
        ("ang", "æl", "1", "m"),
        ("ar", "الأنقليس", "1", "Umschrift: al-ʾānq?līs"),
        ("la", "anguilla", "2", ""),  # "[1, 2]"
        ("ru", "торпеда", "3", "f; Umschrift: torpéda"),  # "…, [3] {{Üxx|ru|torpéda|торпеда}} {{f}}"
        ("it", "capitone", "1", "m"),  # "(groß) {{Ü|it|capitone}} {{m}}"
        ("ja", "ウナギ", "1", ""),  # "''[[zoologisch]]:'' {{Ü|ja|ウナギ}}"
        ("li", "aol", "1", ""),  # sub-line "**{{li}}: …"
        ("he", "צלופח", "1", ""),  # the transliteration is an HTML comment
    } <= trs(fish)
    assert name.extra["etymology"].startswith(
        "von Aal; die ersten Namenträger glichen in Aussehen, Verhalten einem Aal"
    )
    assert len(examples(name)["1"]) == 4 and name.relations == ()

    (herz,) = lexemes(pages, "Herz")
    assert (herz.extra["hyphenation"], herz.ipa, herz.extra["rhymes"]) == ("Herz", ("hɛʁʦ",), ["ɛʁʦ"])
    assert herz.extra["etymology"] == (
        "mittelhochdeutsch „herz(e)“, althochdeutsch „herza“, germanisch „*herton“ „Herz“. "
        "Das Wort ist seit dem 8. Jahrhundert belegt."
    )
    # "''[[umgangssprachlich]]:'' die [[Pumpe]]", "[[Rot]] ''(im deutschen [[Blatt]])''"
    assert rels(herz, "synonym") == [("Pumpe", "1"), ("Liebe", "2"), ("Seele", "2"), ("Güte", "2"), ("Rot", "4")]
    assert rels(herz, "antonym") == [("Kopf", "2"), ("Bauch", "2")] + [
        (w, "4") for w in ("Karo", "Kreuz", "Pik", "Eichel", "Laub", "Schellen")
    ]
    assert rels(herz, "hypernym") == [
        ("Organ", "1"), ("Liebe", "2"), ("Symbol", "2"), ("Karte", "4"), ("Farbe", "4"), ("Innerei", "5"),
        ("fleischliche Nahrung", "5"),
    ]  # fmt: skip
    hypo = rels(herz, "hyponym")
    assert hypo[0] == ("Herzinnenhaut", "1") and hypo[-1] == ("Schweineherz", "5")
    assert {n: len(e) for n, e in examples(herz).items()} == {"1": 3, "2": 1, "3": 1, "4": 1, "5": 1}
    assert {
        ("sq", "zemër", "1", ""),
        ("grc", "καρδία", "1", "Umschrift: kardía"),
        ("fr", "cœur", "4", ""),
        ("it", "cuore", "3", "m"),  # "{{Ü|it|cuore}}, {{m}}"
        ("it", "cuori", "4", ""),
        ("es", "corazón", "1", "m"),
    } <= trs(herz)

    planet, town = lexemes(pages, "Welt")
    assert planet.extra["etymology"].startswith("von mittelhochdeutsch: werlt, [welt], althochdeutsch: weralt")
    syn = rels(planet, "synonym")
    assert syn[:2] == [("Erde", "1"), ("Erdball", "1")] and ("der blaue Planet", "1") in syn
    assert {("Lebensbereich", "4"), ("Lebensbereich", "5"), ("Reich", "8"), ("Sphäre", "5")} <= set(syn)
    ex = examples(planet)
    assert len(ex["1"]) == 2 and ex["5"] == ("Die Welt unter Wasser ist faszinierend.",)
    t = trs(planet)
    assert {
        ("bg", "свят", "1", "m; Umschrift: svjat"),
        ("zh", "世界", "1", "Umschrift: shì jiè"),
        ("zh", "界", "8", "Umschrift: jiè"),  # "… {{Üxx|zh|shì jiè|世界}} [5–8] {{Üxx|zh|jiè|界}}"
        ("en", "earth", "1", ""),
        ("eo", "universo", "2", ""),
        ("eo", "mondo", "9", ""),
        ("es", "tierra", "1", "f"),
    } <= t
    assert {s for lang, w, s, _n in t if (lang, w) == ("en", "world")} == {str(n) for n in range(1, 10)}
    assert town.extra["etymology"] == "früher: Wehldt, vermutlich von Wehle - Brack"
    assert rels(town, "hypernym") == [("Gemeinde", "1"), ("Ort", "1")]
    assert len(examples(town)["1"]) == 3
    assert trs(town) == {("da", "Velt", "1", ""), ("fy", "Wäilt", "1", "")}


def test_tag_staat_kartoffel(pages: dict[str, Page]) -> None:
    day, tag = lexemes(pages, "Tag")
    assert day.extra["etymology"].startswith(
        "mittelhochdeutsch tac, tag; althochdeutsch tag; altsächsisch dag. Aus germanisch *dagaz"
    )
    assert rels(day, "antonym") == [("Nacht", "1"), ("Jahr", "2"), ("Monat", "2"), ("Stunde", "2"), ("Woche", "2")]
    assert rels(day, "hypernym") == [("Zeitabschnitt", str(n)) for n in range(1, 5)]  # "[1–4]"
    assert {("Aufenthaltstag", "1"), ("Montag", "2"), ("Samstag", "2"), ("Sonnabend", "2")} <= set(rels(day, "hyponym"))
    assert len(examples(day)["2"]) == 3
    assert {
        ("grc", "ἡμέρα", "1", "f; Umschrift: hēmera"),
        ("grc", "ἡμέρα", "2", "f; Umschrift: hēmera"),
        ("ar", "يوم", "1", "m; Umschrift: jaum(un)"),  # {{Üxx5|ar|jaum(un)|يَوْمٌ|يوم}}
        ("ar", "نهار", "2", "m; Umschrift: naha:r(un)"),
        ("ay", "uru", "2", ""),
        ("bs", "dan", "1", "m"),
    } <= trs(day)
    assert key(tag) == ("de", "Tag", "noun", ("Substantiv",), 2, ("n", "m"))
    assert tag.ipa == ("tɛk", "tæɡ")
    assert (tag.senses[2].labels, tag.senses[2].gloss) == (("Musik",), "angehängter Schluss bei Jazzstücken")
    # two numbered Herkunft lines: the markers stay, as written ("[1, 3]")
    assert tag.extra["etymology"].startswith("[1, 3] englisch tag für „Schild(chen)“")
    assert "[4] englisch tag für „Anhänger“" in tag.extra["etymology"]
    assert rels(tag, "synonym") == [("Marke", "1"), ("Markierung", "1"), ("Auszeichnung", "1")]
    assert rels(tag, "hyponym") == [("HTML-Tag", "1"), ("XML-Tag", "1"), ("RFID-Tag", "2")]
    assert trs(tag) == {
        ("en", "tag", "1", ""),
        ("en", "tag", "2", ""),
        ("fr", "tag", "4", "m"),
        ("pt", "tag", "1", "f"),
        ("sv", "tag", "1", "n"),
    }

    (staat,) = lexemes(pages, "Staat")
    assert staat.extra["etymology"].startswith(
        "Staat leitet sich über das (nicht sicher belegte) mittelhochdeutsche stat (Ausstattung, rechtlicher Zustand)"
    )
    assert rels(staat, "synonym") == [("Kanton", "4"), ("Hofstaat", "7")]
    assert ("Bienenstaat", "5") in rels(staat, "hyponym")
    assert {n: len(e) for n, e in examples(staat).items()} == {str(n): 1 for n in range(1, 9)}
    assert examples(staat)["8"] == ("Mit diesem Kleid kannst du nicht viel Staat machen.",)
    assert {
        ("fr", "État", "1", "m"),  # "[1–2, 4] {{Ü|fr|État}} {{m}}"
        ("fr", "État", "2", "m"),
        ("fr", "État", "4", "m"),
        ("fr", "USA", "3", ""),  # {{mPl.}} is no gender template
        ("fr", "tenue", "6", "f"),
        ("hy", "պետություն", "1", ""),
        ("en", "state", "1", ""),
        ("es", "estado", "1", "m"),
    } <= trs(staat)

    (kartoffel,) = lexemes(pages, "Kartoffel")
    assert kartoffel.extra["etymology"].startswith(
        "über die noch im 18. Jahrhundert verbreiteten Bezeichnungen Tartuffel und Tartüffel abgeleitet vom "
        "italienischen"
    )
    syn = rels(kartoffel, "synonym")
    # ":[2] meist regional/dialektal: [[Arpern]], …, [[Pudel]]<!-- … --> — siehe unten: Dialektausdrücke"
    assert syn[0] == ("Arpern", "2") and ("Pudel", "2") in syn
    assert not any("Dialekt" in t for t, _s in syn)
    assert syn.count(("Erdbirne", "2")) == 1  # written twice on the page
    assert syn[-4:] == [("Kartoffelnase", "3"), ("Knollennase", "3"), ("Zwiebel", "4"), ("Kuhloch", "5")]
    assert rels(kartoffel, "hypernym") == [("Nachtschattengewächs", "1"), ("Nahrungsmittel", "2")]
    assert {n: len(e) for n, e in examples(kartoffel).items()} == {str(n): 1 for n in range(1, 6)}
    assert {
        ("af", "aartappel", "1", ""),  # "*{{af}}:[1] …" without a blank
        ("sq", "patate", "1", "f"),
        ("hy", "գետնախնձոր", "2", "Umschrift: getnachəndsor"),
        ("fr", "pomme de terre", "2", "f"),
        ("fr", "patate", "3", "f"),
        ("it", "patata", "1", "f"),
        ("es", "papa", "1", ""),
    } <= trs(kartoffel)


def test_wohnzimmer_teppich_joghurt_fels(pages: dict[str, Page]) -> None:
    (wz,) = lexemes(pages, "Wohnzimmer")
    assert (wz.extra["hyphenation"], wz.ipa) == ("Wohn·zim·mer", ("ˈvoːnˌt͡sɪmɐ",))
    assert wz.extra["etymology"] == "Determinativkompositum aus dem Stamm des Verbs wohnen und Zimmer"
    assert rels(wz, "synonym") == [("Wohnstube", "1"), ("Wohnzimmereinrichtung", "2")]
    assert rels(wz, "antonym") == [("Schlafzimmer", "1")]
    assert rels(wz, "hypernym") == [("Wohnraum", "1"), ("Raum", "1"), ("Zimmer", "1")]
    assert {n: len(e) for n, e in examples(wz).items()} == {"1": 6, "2": 1}
    assert {
        ("ar", "مجلس", "1", "m; Umschrift: maǧlis"),
        ("en", "living room", "1", ""),
        ("en", "parlor", "1", ""),  # "{{vatd.|:}} {{Ü|en|parlor}} / {{Ü|en|parlour}}"
        ("en", "parlour", "1", ""),
        ("fr", "salle de séjour", "1", "f"),
        ("fr", "vivoir", "1", "m"),
        ("el", "σαλόνι", "1", "n; Umschrift: salóni"),
    } <= trs(wz)

    (teppich,) = lexemes(pages, "Teppich")
    assert teppich.extra["rhymes"] == ["ɛpɪç"]
    assert teppich.extra["etymology"].startswith(
        "Mittelhochdeutsch tep[p]ich, althochdeutsch tep[p]ih, von gleichbedeutend lateinisch tapetum."
    )
    assert rels(teppich, "synonym") == [("Matte", "1"), ("Bodenbelag", "1")]
    hyper = rels(teppich, "hypernym")
    assert hyper[:2] == [("Bodenbelag", "1"), ("Textilie", "1")] and len(hyper) == 7 + 1 + 2
    hypo = rels(teppich, "hyponym")
    assert len(hypo) == 13 and hypo[-2:] == [("Bombenteppich", "1"), ("Ölteppich", "1")]  # after {{K|übertragen}}
    assert {n: len(e) for n, e in examples(teppich).items()} == {"1": 3, "3": 1}
    assert {
        ("bg", "килим", "1", "Umschrift: kilim"),
        ("zh", "地毯", "1", "Umschrift: dìtǎn"),
        ("en", "carpet", "1", ""),
        ("it", "arazzo", "2", "m"),  # "[2] (Wand) {{Ü|it|arazzo}} {{m}}"
        ("es", "alfombra", "1", ""),
        ("es", "tapiz", "2", ""),
    } <= trs(teppich)

    (joghurt,) = lexemes(pages, "Joghurt")
    assert joghurt.gender == ("m", "f", "n")
    assert joghurt.ipa == ("ˈjoːɡʊʁt", "ˈjoːkʊʁt")  # second ":: {{Österr.|:}}" line too
    assert joghurt.extra["etymology"].startswith(
        "seit dem 20. Jahrhundert bezeugt; Entlehnung aus dem Türkischen: yoğurt „Dickmilch, gegorene Milch"
    )
    assert rels(joghurt, "antonym") == [("Molke", "1"), ("Quark", "1")]
    assert rels(joghurt, "hypernym") == [("Milcherzeugnis", "1"), ("Milchprodukt", "1"), ("Molkereierzeugnis", "1")]
    hypo = rels(joghurt, "hyponym")
    # "[[Bio-]]Joghurt", "[[Functional-Food]]-Joghurt": the words the links are part of
    assert hypo[:2] == [("Bio-Joghurt", "1"), ("Erdbeerjoghurt", "1")] and ("Functional-Food-Joghurt", "1") in hypo
    derived = rels(joghurt, "derived")
    assert derived[:2] == [("Joghurtbecher", "1"), ("Joghurtbereiter", "1")]  # "(''auch'' Joghurt-[[Becher]])" dropped
    assert not any(t == "Becher" for t, _s in derived)
    ex = examples(joghurt)["1"]
    assert len(ex) == 4
    assert ex[0] == (
        '„Diese Produkte kennt fast jeder: die "Müller-Milch", den "Joghurt mit Ecke" oder den '
        '"Froop-Frucht auf Joghurt".“'
    )
    assert {
        ("af", "yoghurt", "1", ""),
        ("ar", "روب", "1", "m; Umschrift: raub"),  # {{Üxx4|ar|v=رَوْب|DMG=0|روب|d=raub}}: named params first
        ("ar", "لبن", "1", "m; Umschrift: laban"),
        ("bs", "jogurt", "1", "m"),
        ("bg", "кисело мляко", "1", "n; Umschrift: kiselo mljako"),
    } <= trs(joghurt)

    (fels,) = lexemes(pages, "Fels")
    assert fels.extra["etymology"] == "mittelhochdeutsch vels(e), althochdeutsch felis, belegt seit dem 8. Jahrhundert"
    assert rels(fels, "synonym") == [("Felsen", "2"), ("Fluh", "2")]  # "(schweizerisch) [[Fluh]]"
    assert len(rels(fels, "hyponym")) == 5
    derived = rels(fels, "derived")
    assert derived[0] == ("Felsabbruch", "") and ("felsig", "") in derived and derived[-1] == ("-fels", "")
    assert {n: len(e) for n, e in examples(fels).items()} == {"1": 2, "2": 2}
    assert {
        ("ar", "صخرة", "1", ""),
        ("zh", "岩石", "1", "Umschrift: yánshí"),
        ("en", "rock", "1", ""),
        ("fr", "rocher", "1", "m"),
        ("ka", "კლდე", "1", "Umschrift: klde"),
    } <= trs(fels)


def test_mutter_three_homographs_and_script_templates(pages: dict[str, Page]) -> None:
    mother, nut, mum = lexemes(pages, "Mutter")
    assert key(mother) == ("de", "Mutter", "noun", ("Substantiv",), 1, ("f",))
    assert (mother.extra["hyphenation"], mother.ipa, mother.extra["rhymes"]) == (
        "Mut·ter",
        ("ˈmʊtɐ",),
        ["ʊtɐ"],
    )
    assert forms(mother, "nominative", "plural") == ["Mütter"]
    assert mother.extra["etymology"].startswith(
        "mittelhochdeutsch muoter, althochdeutsch muoter, germanisch *mōder-, indogermanisch *mátēr „Mutter“"
    )
    assert rels(mother, "synonym")[:2] == [("Mama", "1"), ("Mami", "1")]
    assert rels(mother, "synonym")[-3:] == [("Muttertier", "2"), ("Gussform", "3"), ("Mutterform", "3")]
    assert rels(mother, "antonym") == [
        ("Kind", "1"), ("Sohn", "1"), ("Tochter", "1"), ("Vater", "1"), ("Junges", "2"), ("Patrize", "3"),
        ("Tochter", "4"),
    ]  # fmt: skip
    assert rels(mother, "hypernym") == [("Elternteil", "1"), ("Elternteil", "2"), ("Form", "3"), ("Unternehmen", "4")]
    assert {n: len(e) for n, e in examples(mother).items()} == {
        "1": 1,
        "2": 1,
        "5": 2,
        "8": 1,
        "9": 1,
    }  # ":[3]" is empty
    assert {
        ("akk", "𒌝𒈬", "5", "Umschrift: ummu"),
        ("grc", "μήτηρ", "1", "f; Umschrift: mētēr"),
        ("ar", "ام", "1", "f; Umschrift: ʾumm"),  # "*{{ar}}: [1] {{Arab|ام|v=أُمّ|d=ʾumm|Ü}} {{f}}"
        ("he", "אם", "1", "f; Umschrift: ʾēm"),  # {{Hebr|אם|v=אֵם|d-heb=ʾēm|Ü}}
        ("fa", "مادر", "1", "Umschrift: mādär"),
        ("eu", "ama", "1", ""),
    } <= trs(mother)

    assert key(nut) == ("de", "Mutter", "noun", ("Substantiv",), 2, ("f",))
    assert nut.ipa == ("ˈmʊtɐ",)
    assert nut.extra["etymology"].startswith("aufgrund der Funktion als Schraubengegenstück Mutter genannt")
    assert rels(nut, "synonym") == [("Schraubenmutter", "1")]
    assert rels(nut, "antonym") == [("Schraube", "1")]
    assert rels(nut, "hypernym") == [("Eisenware", "1")]
    assert rels(nut, "derived") == [("Mutternschlüssel", "1")]
    assert {
        ("en", "nut", "1", ""),
        ("eo", "ŝraŭbingo", "1", ""),
        ("fr", "écrou", "1", "m"),
        ("el", "παξιμάδι", "1", "n; Umschrift: paximádi"),
        ("ja", "ナット", "1", "Umschrift: natto"),
    } <= trs(nut)

    assert key(mum) == ("de", "Mutter", "proper_noun", ("Substantiv", "Eigenname"), 1, ("f",))  # was noun #3
    assert rels(mum, "synonym") == [("Mama", "1"), ("Mutti", "1")]
    assert len(examples(mum)["1"]) == 2
    assert trs(mum) == set()


def test_masse_index_familia(pages: dict[str, Page]) -> None:
    mass = lexemes(pages, "Masse")[0]
    assert mass.extra["etymology"].startswith(
        "seit dem 9. Jahrhundert bezeugt; althochdeutsch: massa; entlehnt aus dem lateinischen Substantiv massa"
    )
    assert rels(mass, "synonym") == [
        ("Ansammlung", "2"), ("Menge", "2"), ("Viele", "2"), ("Vielzahl", "2"), ("Unmenge", "2"), ("Unzahl", "2"),
        ("Erde", "3"), ("Grund", "3"),
    ]  # fmt: skip
    assert rels(mass, "antonym") == [
        ("Einzelne", "2"), ("Grüppchen", "2"), ("Unmasse", "2"), ("Wenige", "2"), ("in Maßen", "5")
    ]  # fmt: skip
    assert rels(mass, "hypernym") == [("Zahl", "2")]
    assert {n: len(e) for n, e in examples(mass).items()} == {"1": 1, "2": 1, "3": 1, "4": 3, "5": 1}
    assert examples(mass)["1"] == ("Die Erde hat eine Masse von 5,9736·10^24 kg.",)
    assert {
        ("en", "mass", "1", ""),
        ("en", "lot", "2", ""),  # "a {{Ü|en|lot}}"
        ("sv", "massa", "2", "c"),  # {{u}}: utrum
        ("sv", "jord", "3", "c"),
        ("tr", "kütle", "4", ""),
        ("fr", "foule", "2", ""),
    } <= trs(mass)

    (index,) = lexemes(pages, "Index")
    assert index.extra["etymology"].startswith('entlehnt von lateinisch index "Verzeichnis, Register, Katalog"')
    assert rels(index, "synonym") == [
        ("Register", "1a"), ("Kartenindex", "1b"), ("Indexblatt", "1b"), ("indexikalisches Zeichen", "6")
    ]  # fmt: skip
    assert rels(index, "hypernym") == [("Zeichen", "6"), ("Zeichen", "8")]
    # ":{{Wortbildung|Adjektive|:}} [6] [[indexikalisch]]": the marker after the heading template counts
    assert rels(index, "derived") == [
        ("indexikalisch", "6"),
        ("Indexierung", ""),
        ("indizieren", ""),
        ("indiziert sein", ""),
    ]
    assert {n: len(e) for n, e in examples(index).items()} == {"1": 2, "5": 1, "6": 1, "7": 2}
    assert {
        ("ar", "دليل", "1", "m; Umschrift: dali:l(un)"),
        ("fr", "index", "1", ""),
        ("fr", "indice", "2", "m"),  # "[1] {{Ü|fr|index}} [2] {{Ü|fr|indice}} {{m}}"
        ("it", "indice", "2", ""),
        ("nb", "index", "1", "m"),
        ("pl", "indeks", "1", ""),
    } <= trs(index)

    (familia,) = lexemes(pages, "familia")
    assert key(familia) == ("la", "familia", "noun", ("Substantiv",), 1, ("f",))
    assert familia.extra["grammatical_features"] == ["Genitiv Singular nach pater, mater, filius, filia: familiās"]
    assert familia.extra["etymology"].startswith("zu dem Adjektiv famulus „dienend“; ursprüngliche Bedeutung:")
    assert examples(familia) == {} and "examples_unattached" not in familia.extra  # {{Beispiele fehlen|spr=la}}
    # new layout: one {{Ü-Tabelle|n|G=…}} per sense; the number names the sense, G= is the note
    g1, g2 = "das Haus, der Hausstand (mit Sklaven)", "das Geschlecht, die Familie"
    assert trs(familia) == {
        ("de", "Hausstand", "1", g1),
        ("de", "Haus", "1", g1),
        ("de", "Geschlecht", "2", g2),
        ("de", "Familie", "2", g2),
        ("de", "Dienerschaft", "3", "die Dienerschaft"),
    }


def test_form_pages_and_lemma_pointers(pages: dict[str, Page]) -> None:
    (eingaben,) = lexemes(pages, "Eingaben")
    assert key(eingaben) == ("de", "Eingaben", "inflected_form", ("Deklinierte Form",), 1, ())
    assert (eingaben.extra["hyphenation"], eingaben.ipa) == ("Ein·ga·ben", ("ˈaɪ̯nˌɡaːbən", "ˈaɪ̯nˌɡaːbn̩"))
    assert eingaben.senses == ()
    # {{Grundformverweis Dekl|Eingabe}}: one form_of per reading in {{Grammatische Merkmale}}
    assert [(r.kind, r.target, r.language, r.sense, r.note) for r in named(eingaben)] == [
        ("form_of", "Eingabe", "de", "", f"{case} Plural des Substantivs Eingabe")
        for case in ("Nominativ", "Genitiv", "Dativ", "Akkusativ")
    ]

    adj, participle = lexemes(pages, "versprochen")
    assert key(adj) == ("de", "versprochen", "adjective", ("Adjektiv",), 1, ())
    assert adj.senses == ()  # ":[1]" without text
    # ":[?] „Und sie war ihm ''versprochen''.“<ref>…</ref>": names no sense, kept aside
    assert adj.extra["examples_unattached"] == [{"sense": "?", "text": "„Und sie war ihm versprochen.“"}]
    assert trs(adj) == {
        ("en", "promised", "1", ""),
        ("fr", "promis", "1", ""),
        ("it", "promesso", "1", ""),
        ("pt", "prometido", "1", ""),
        ("es", "prometido", "1", ""),
    }
    assert key(participle) == ("de", "versprochen", "participle", ("Partizip II",), 1, ())
    assert [(r.kind, r.target, r.note) for r in named(participle)] == [
        ("form_of", "versprechen", "Partizip Perfekt des Verbs versprechen")
    ]

    (pron,) = lexemes(pages, "demjenigen")
    assert rels(pron, "synonym") == [("dem", "1"), ("dem", "2")]
    assert sorted(examples(pron)) == ["1", "2"]
    # "*{{es}}: [1] {{Ü|es|a aquel}}, [2] {{Ü|es|a aquello}}"; empty {{Ü|en|}} give nothing
    assert trs(pron) == {
        ("sv", "den", "1", ""),
        ("sv", "det", "1", ""),
        ("es", "a aquel", "1", ""),
        ("es", "a aquello", "2", ""),
    }

    (ampelograph,) = lexemes(pages, "Ampelograph")
    assert ampelograph.extra["hyphenation"] == "Am·pe·lo·graph"
    assert forms(ampelograph, "genitive", "singular") == ["Ampelographen"]
    # {{Lemmaverweis|Ampelograf}}: the main entry of this spelling
    assert [(r.kind, r.target, r.sense, r.note) for r in named(ampelograph)] == [
        ("related", "Ampelograf", "", "Alternative Schreibweise von Ampelograf")
    ]

    pl = lexemes(pages, "ich")[4]  # Polish: {{Grundformverweis Dekl|oni|spr=pl}} sits in the Beispiele block
    assert {(r.kind, r.target, r.note) for r in named(pl)} == {
        ("form_of", "oni", "Genitiv Plural des Personalpronomens oni"),
        ("form_of", "oni", "Akkusativ Plural des Personalpronomens oni"),
        ("form_of", "one", "Genitiv Plural des Personalpronomens one"),
    }
    assert all(r.language == "pl" for r in named(pl))


def test_boulder_foreign_entry_translations_as_links(pages: dict[str, Page]) -> None:
    (lx,) = lexemes(pages, "boulder")
    # "*{{de}}: [1] [[Felsbrocken]], [[Felsblock]], [[Stein]] {{m}}; [2] [[Geröll]] {{n}}"
    assert trs(lx) == {
        ("de", "Felsbrocken", "1", ""),
        ("de", "Felsblock", "1", ""),
        ("de", "Stein", "1", "m"),
        ("de", "Geröll", "2", "n"),
    }
    derived = [t for t, _s in rels(lx, "derived")]
    assert derived == ["boulders", "bouldered", "bouldery", "boulder period", "boulder clay"]
    assert [(r.target, r.note) for r in named(lx) if r.kind == "related"] == [("bowlder", "Alternative Schreibweisen")]
    assert examples(lx) == {}


def test_der_relations_and_dialect_table_skipped(pages: dict[str, Page]) -> None:
    article, relative, demonstrative, la, nl = lexemes(pages, "der")
    assert [(r.kind, r.target, r.sense, r.note) for r in named(article) if r.kind != "translation"] == [
        ("related", "d.", "", "Abkürzungen")
    ]
    assert len(examples(article)["1"]) == 6
    t = trs(article)
    assert {
        ("grc", "ὁ", "1", "Umschrift: ho"),
        ("en", "the", "1", ""),
        ("oc", "eth", "1", ""),
        ("es", "el", "1", ""),
    } <= t
    # |Dialekttabelle= / |D-rechts= hold German dialect words, not translations
    assert len(t) == 15 and not any(lang == "bar" or w in ("dää", "de´r") for lang, w, _s, _n in t)
    # ":[1, 2] ''Singular:'' [[welcher]]" … the qualifier goes, the sense list is expanded
    assert rels(relative, "synonym") == [("welcher", "1"), ("welcher", "2"), ("welche", "1"), ("welchen", "2")]
    assert rels(relative, "derived") == [("derjenige", "1")]
    assert trs(relative) == {
        ("ban", "sane", "1", ""),
        ("en", "who", "1", ""),
        ("en", "which", "1", ""),
        ("fr", "qui", "1", ""),
        ("fr", "à", "2", ""),
        ("fr", "qui", "2", ""),
    }
    # "Singular: [[dieser]]" without italics is a qualifier too
    assert rels(demonstrative, "synonym")[-3:] == [("diesen", "2"), ("jenen", "2"), ("denjenigen", "2")]
    assert trs(demonstrative) == {("en", "that one", "1", ""), ("en", "that one", "2", "")}
    assert [(r.kind, r.target, r.language) for r in named(la)] == [("form_of", "dare", "la")]
    assert [(r.target, r.note) for r in named(nl)] == [
        ("de", "Genitiv Plural des definiten (bestimmten) Artikels de"),
        ("de", "Genitiv Weiblich des definiten (bestimmten) Artikels de"),
    ]


def test_er_translations_under_sub_headings(pages: dict[str, Page]) -> None:
    lx = lexemes(pages, "er")[0]
    t = trs(lx)
    # "===== ''alte Sprachen'' =====" and "===== ''neuzeitliche Sprachen'' =====" under "==== Übersetzungen ===="
    assert {("akk", "šū", "1", ""), ("goh", "ër", "1", ""), ("osx", "hi", "1", ""), ("cs", "on", "1", "")} <= t
    assert not any(w == "we'etu" for _l, w, _s, _n in t)  # "*Altäthiopisch (Ge'ez): [1] [[we'etu]]": no code
    assert not any(lang == "nds" for lang, _w, _s, _n in t)  # only in the {{Dialektausdrücke (Deutsch)|…}} table


def test_scheren_pronunciation_without_marker_line(pages: dict[str, Page]) -> None:
    lxs = lexemes(pages, "scheren")
    # the fourth section forgot its "{{Aussprache}}" line: ":{{IPA}} …" sits in the Worttrennung block
    assert lxs[3].ipa == ("ˈʃeːʀən",)
    assert lxs[3].extra["rhymes"] == ["eːʀən"]
    assert lxs[3].extra["hyphenation"] == "sche·ren"


# --------------------------------------------------------------------------- helpers on their own


@pytest.mark.parametrize(
    ("marker", "numbers"),
    [
        ("1", ("1",)),
        ("1, 2", ("1", "2")),
        ("1,2", ("1", "2")),
        ("1–3", ("1", "2", "3")),
        ("2-4", ("2", "3", "4")),
        ("1–3, 7, 9", ("1", "2", "3", "7", "9")),
        ("1, (2, 4)", ("1", "2", "4")),
        ("(1), 2", ("1", "2")),
        ("1/2", ("1", "2")),
        ("2a–c", ("2a", "2b", "2c")),
        ("1a", ("1a",)),
        ("a", ("a",)),
        ("1, 1", ("1",)),
        ("*", ()),
        ("?", ()),
        ("", ()),
        (" ", ()),
        ("3–1", ("3–1",)),  # not a range: kept as written
        ("1–100000", ("1–100000",)),  # absurd span: kept as written, not expanded
    ],
)
def test_sense_numbers(marker: str, numbers: tuple[str, ...]) -> None:
    assert de.sense_numbers(marker) == numbers


@pytest.mark.parametrize(
    ("line", "targets"),
    [
        ("[[Gebäude]], [[Bau]]", ["Gebäude", "Bau"]),
        ("[[Kiefer (Baum)|Kiefer]], [[x#Deutsch|x]]", ["Kiefer (Baum)", "x"]),  # [[x|y]] → x, anchors dropped
        ("Haus, Hof; Garten", ["Haus", "Hof", "Garten"]),  # plain words
        ("[[Latsche]] ''(P. mugo)'', [[Pinie]] ([[Schirmkiefer]])", ["Latsche", "Pinie"]),
        ("{{ugs.|:}} [[Biest]]", ["Biest"]),
        ("''[[veraltet]]:'' [[Julmond]]", ["Julmond"]),
        ("Singular: [[dieser]], Plural: [[diese]]", ["dieser", "diese"]),
        ("[[Zubron]]: Hybrid aus Wisent und [[Hausrind]]", ["Zubron"]),  # word: remark
        ("[[Eismonat]]/[[Eismond]]", ["Eismonat", "Eismond"]),
        ("eine Erkältung/einen Schnupfen bekommen", ["eine Erkältung/einen Schnupfen bekommen"]),
        ("[[Dritte]]r", ["Dritte"]),  # link trail: the linked page
        ("[[Bio-]]Joghurt", ["Bio-Joghurt"]),
        ("sich [[befinden]], die [[Pumpe]]", ["befinden", "Pumpe"]),
        ("französisches [[Kabriolett]]", ["französisches Kabriolett"]),
        ("[[sowohl]] [[als]] [[auch]]", ["sowohl als auch"]),
        ("[[Stand]] [[Stellung]]", ["Stand", "Stellung"]),  # missing comma between two nouns
        ("umgangssprachlich auch [[fledern]]", ["fledern"]),
        ("in der Gegenwart auch die Nebenform [[kiesen]] (veraltet)", ["kiesen"]),
        ("[[Pudel]] — siehe unten: Dialektausdrücke", ["Pudel"]),
        ("o. [für „ohne“]", ["o."]),
        ("Zug<sup>[2]</sup>", ["Zug"]),
        ("''siehe auch:'' [[WikiSaurus:Essen]]", []),
        (
            "[[spec.]] oder [[sp.]] steht hinter dem Gattungsnamen für eine nicht bestimmte [[Art]], beispielsweise x",
            [],
        ),
        ("[[…]], …, -", []),
        ("", []),
    ],
)
def test_line_targets(line: str, targets: list[str]) -> None:
    assert de.line_targets(line) == targets


# --------------------------------------------------------------------------- odd input: relations

POS = "=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n"


def test_examples_attach_to_every_named_sense_and_continue_on_deeper_lines() -> None:
    text = (
        HEAD + POS + "{{Bedeutungen}}\n:[1] eins\n:[2] zwei\n::[a] zwei a\n:[3] drei\n"
        "{{Beispiele}}\n"
        ":[1, 2] Beide.<ref>Quelle\nüber zwei Zeilen</ref>\n"
        ":[1–3] Alle.\n"
        "::Fortsetzung der Zeile.\n"
        ":[2a] Unter.\n"
        ":[4] Keiner.\n"
        ":Ohne.\n"
        ":[2]\n"
        "::nichts fortzusetzen\n"
    )
    (lx,) = parse_page(page(text)).lexemes
    assert [s.number for s in lx.senses] == ["1", "2", "2a", "3"]
    assert examples(lx) == {
        "1": ("Beide.", "Alle.\nFortsetzung der Zeile."),
        "2": ("Beide.", "Alle.\nFortsetzung der Zeile."),
        "2a": ("Unter.",),
        "3": ("Alle.\nFortsetzung der Zeile.",),
    }
    assert lx.extra["examples_unattached"] == [
        {"sense": "4", "text": "Keiner."},
        {"sense": "", "text": "Ohne."},
        {"sense": "", "text": "nichts fortzusetzen"},  # after an empty ":[2]": kept, not glued to "Ohne."
    ]


def test_word_relation_blocks_and_kinds() -> None:
    text = (
        HEAD + POS + "{{Bedeutungen}}\n:[1] eins\n:[2] zwei\n"
        "{{Synonyme}}\n:[1, 2] [[A]], [[b|B]]\n"
        "{{Gegenwörter}}\n:[1] [[C]]\n"
        "{{Oberbegriffe}}\n:[*] [[D]]\n"
        "{{Unterbegriffe}}\n:[2] [[E]] ''(Anmerkung)''\n"
        "{{Wortbildungen}}\n:[[F]]\n"
        "{{Sinnverwandte Wörter}}\n:[1] [[G]]\n"
        "{{Herkunft}}\n:[1] von ''[[x]]''<ref>Beleg</ref>\n:[2] von [[y]]\n"
    )
    (lx,) = parse_page(page(text)).lexemes
    assert [(r.kind, r.target, r.language, r.sense, r.note) for r in named(lx)] == [
        ("synonym", "A", "de", "1", ""),
        ("synonym", "A", "de", "2", ""),
        ("synonym", "b", "de", "1", ""),
        ("synonym", "b", "de", "2", ""),
        ("antonym", "C", "de", "1", ""),
        ("hypernym", "D", "de", "", ""),
        ("hyponym", "E", "de", "2", ""),
        ("derived", "F", "de", "", ""),
        ("related", "G", "de", "1", "Sinnverwandte Wörter"),
    ]
    assert lx.extra["etymology"] == "[1] von x [2] von y"
    assert {r.kind for r in named(lx)} <= RELATION_KINDS


def test_translation_layouts() -> None:
    text = (
        HEAD + POS + "{{Bedeutungen}}\n:[1] eins\n:[2] zwei\n"
        "==== {{Übersetzungen}} ====\n"
        "{{Ü-Tabelle|2|G=zweite Bedeutung|Ü-Liste=\n"
        "*{{en}}: {{Ü|en|two}} {{n}}, {{Ü|en|#Two (Englisch)|Two}}\n"
        "*{{ru}}: {{Üt|ru|два|dva}}\n"
        "|Dialekttabelle=\n*{{bar}}: {{Ü|bar|zwoa}}\n"
        "}}\n"
        "{{Ü-Tabelle|G=ohne Nummer|Ü-links=\n*{{fr}}: {{Ü|fr|un}} {{m}}\n|Ü-rechts=\n*{{it}}: [1] {{Ü|it|uno}}\n}}\n"
        "{{Ü-links}}\n*{{es}}: [1, 2] {{Ü|es|uno}}; [?] {{Ü|es|dos}}\n*{{nl}}: [2] [[twee]]\n{{Ü-rechts}}\n"
        "{{Dialektausdrücke (Deutsch)|\n*{{gsw}}: [1] {{Ü|gsw|eis}}\n}}\n"
        "*{{Übersetzungen umleiten|1|Eins|2}}\n"
        "{{Referenzen}}\n*{{en}}: {{Ü|en|not a translation}}\n"
    )
    (lx,) = parse_page(page(text)).lexemes
    assert trs(lx) == {
        ("en", "two", "2", "n; zweite Bedeutung"),  # the table's number, its gender and G= gloss
        ("en", "Two", "2", "zweite Bedeutung"),  # "#…" links into a section: the display text
        ("ru", "два", "2", "Umschrift: dva; zweite Bedeutung"),
        ("fr", "un", "", "m; ohne Nummer"),  # a table without a number: no sense, never guessed
        ("it", "uno", "1", "ohne Nummer"),  # … unless the line names one
        ("es", "uno", "1", ""),
        ("es", "uno", "2", ""),
        ("es", "dos", "", ""),
        ("nl", "twee", "2", ""),
    }
    assert lx.extra["translation_redirects"] == [{"sense": "1", "target": "Eins", "target_sense": "2"}]


def test_pronunciation_before_the_pos_sections_and_form_without_features() -> None:
    text = (
        "== X ({{Sprache|Deutsch}}) ==\n"
        "{{Aussprache}}\n:{{IPA}} {{Lautschrift|iks}}, {{Lautschrift|iks}}\n:{{Reime}} {{Reim|iks|Deutsch}}\n"
        "=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n{{Bedeutungen}}\n:[1] a\n"
        "=== {{Wortart|Konjugierte Form|Deutsch}} ===\n{{Aussprache}}\n:{{IPA}} {{Lautschrift|eks}}\n"
        "{{Grundformverweis Konj|xen}}\n"
    )
    noun, form = parse_page(page(text)).lexemes
    assert (noun.ipa, noun.extra["rhymes"]) == (("iks",), ["iks"])  # written once for the language section
    assert form.ipa == ("eks",)  # its own block wins
    assert [(r.kind, r.target, r.language, r.sense, r.note) for r in named(form)] == [("form_of", "xen", "de", "", "")]


# --------------------------------------------------------------------------- faults found by reading the wikitext
#
# Each expectation below was written from the page's wikitext (quoted in the comments).


def test_label_line_above_the_senses(pages: dict[str, Page]) -> None:
    # aussortieren (both entries): "{{Bedeutungen}}\n*{{trans.|:}}\n:[1] …\n:[2] …"
    common, namibian = lexemes(pages, "aussortieren")
    assert [(s.number, s.labels) for s in common.senses] == [("1", ("transitiv",)), ("2", ("transitiv",))]
    assert common.senses[0].gloss == "aus einer Menge entfernen, was unbrauchbar, ungeeignet oder untauglich ist"
    # ":[1] ''[[Namibia]], [[Südwesterdeutsch]]:''  einen …": the line's own labels follow the label line's
    assert [s.labels for s in namibian.senses] == [("transitiv", "Namibia", "Südwesterdeutsch")] * 2
    assert namibian.senses[0].gloss == "einen ungeklärten Sachverhalt diskutierend lösen"
    # handsam: ":{{K|österr.|t1=, sonst|regional}}\n:[1] handlich, …\n:{{QS Bedeutungen|fehlen}}"
    (handsam,) = lexemes(pages, "handsam")
    assert [(s.number, s.labels) for s in handsam.senses] == [("1", ("österreichisch", "regional"))]
    assert handsam.senses[0].gloss == "handlich, griffig, bequem handhabbar, praktisch, leicht"


def test_label_lines_cover_the_senses_below_them_only(pages: dict[str, Page]) -> None:
    # abblättern: "*''Hilfsverb [[sein]]:''" over [1], [2]; "*''Hilfsverb [[haben]]:''" over [3]
    (lx,) = lexemes(pages, "abblättern")
    assert [(s.number, s.labels) for s in lx.senses] == [
        ("1", ("Hilfsverb sein", "intransitiv")),
        ("2", ("Hilfsverb sein", "intransitiv")),
        ("3", ("Hilfsverb haben", "landschaftlich", "transitiv")),  # ":[3] ''[[landschaftlich]], [[transitiv]]:''"
    ]
    # werden: "*''Als Hilfsverb'':" over "::[3]" … "::[5]"; ":[6] ''Bibelsprache:''" is outside it
    (lx,) = lexemes(pages, "werden")
    assert [(s.number, s.labels) for s in lx.senses] == [
        ("1", ()),
        ("2", ()),
        ("3", ("Als Hilfsverb",)),
        ("4", ("Als Hilfsverb",)),
        ("5", ("Als Hilfsverb",)),
        ("6", ("Bibelsprache",)),
    ]
    assert lx.senses[5].gloss == "entstehen"


def test_alte_schreibweise_and_swiss_spelling_point_to_the_main_entry(pages: dict[str, Page]) -> None:
    # Thor #2 and #3: the body is only "{{Alte Schreibweise|Tor|seit der Reform von 1901}}"
    _god, old1, old2 = lexemes(pages, "Thor")
    for lx in (old1, old2):
        assert [(r.kind, r.target, r.language, r.sense, r.note) for r in named(lx)] == [
            ("related", "Tor", "de", "", "Alte Schreibweise")
        ]
    # Masse, "=== {{Wortart|Deklinierte Form|Deutsch}} ===\n\n{{Schweizer und Liechtensteiner Schreibweise|Maße}}"
    form = lexemes(pages, "Masse")[-1]
    assert form.pos_names == ("Deklinierte Form",)
    assert [(r.kind, r.target, r.note) for r in named(form)] == [
        ("related", "Maße", "Schweizer und Liechtensteiner Schreibweise")
    ]
    # Schoss #2: "{{Schweizer und Liechtensteiner Schreibweise|Schoß}}"
    assert [(r.kind, r.target) for r in named(lexemes(pages, "Schoss")[1])] == [("related", "Schoß")]


def test_hyphenation_line_starting_with_a_template(pages: dict[str, Page]) -> None:
    # Händel #1: ":{{kSg.}}, {{Pl.}} Hän·del" (a plural-only word: the form is the plural's)
    streit = lexemes(pages, "Händel")[0]
    assert streit.extra["hyphenation"] == "Hän·del"
    assert streit.extra["form_hyphenations"] == [{"hyphenation": "Hän·del", "tags": ["plural"]}]
    # welcher #3 (Indefinitpronomen): ":{{Pl.}} wel·cher"
    indefinite = lexemes(pages, "welcher")[2]
    assert indefinite.pos_names == ("Indefinitpronomen",)
    assert indefinite.extra["hyphenation"] == "wel·cher"
    # the singular stays first; the plural after {{Pl.}} is a form, tagged
    (hallo,) = lexemes(pages, "Hallo")  # ":Hal·lo, {{Pl.}} Hal·los"
    assert hallo.extra["hyphenation"] == "Hal·lo"
    assert hallo.extra["form_hyphenations"] == [{"hyphenation": "Hal·los", "tags": ["plural"]}]
    (pkw,) = lexemes(pages, "Pkw")  # ":Pkw (''auch:'' PKW); {{Pl.}} Pkw(s) (''auch:'' PKW(s))"
    assert pkw.extra["hyphenation"] == "Pkw"
    assert pkw.extra["form_hyphenations"] == [{"hyphenation": "Pkw(s)", "tags": ["plural"]}]
    staat = lexemes(pages, "Staat")[0]  # ":Staat, {{Pl.1}} Staa·ten, {{Pl.2}} Stä·te, {{Pl.3}} Staat, {{Pl.4}} Staa·te"
    assert [f["hyphenation"] for f in staat.extra["form_hyphenations"]] == ["Staa·ten", "Stä·te", "Staat", "Staa·te"]
    thor = lexemes(pages, "Thor")[0]  # ":Thor, {{kPl.}}": no plural
    assert thor.extra["hyphenation"] == "Thor" and "form_hyphenations" not in thor.extra


@pytest.mark.parametrize(
    ("line", "form", "forms"),
    [
        (":{{Pl.}} wel·cher", "wel·cher", [("wel·cher", ["plural"])]),
        (":{{kSg.}}, {{Pl.}} Hän·del", "Hän·del", [("Hän·del", ["plural"])]),
        (":{{Sg.}} Ding, {{Pl.}} Din·ge", "Ding", [("Ding", ["singular"]), ("Din·ge", ["plural"])]),
        (":{{va.|:}} Thor", "Thor", []),  # a label template before the form
        (":{{Lautschrift|x}} y", "", []),  # not a grammatical marker: no form here
        (":milliard, {{Pl.}}", "milliard", []),
        (":Wort, {{Pl.}} Wör·ter ''(selten)''", "Wort", [("Wör·ter", ["plural", "selten"])]),
    ],
)
def test_hyphenation_markers(line: str, form: str, forms: list[tuple[str, list[str]]]) -> None:
    head, found = de._hyphenation(line + "\n", "x")
    assert (head, [(f["hyphenation"], f["tags"]) for f in found]) == (form, forms)


def test_unnumbered_lines_under_a_sense_join_its_gloss(pages: dict[str, Page]) -> None:
    (ordo,) = lexemes(pages, "ordo")
    s = {x.number: x for x in ordo.senses}
    # ":[2] ''militärisch:''\n::— ''(abstrakt: …)'' [[Glied]], …\n::— ''(personifiziert)'' der [[Hauptmann]] selbst"
    assert s["2"].labels == ("militärisch",)
    assert s["2"].gloss == (
        "(abstrakt: Militär-Gruppierung, Legion) Glied, Zenturie, Abteilung, Abteilungsglied, Kompanie; "
        "(personifiziert) der Hauptmann selbst"
    )
    # ":[4] ''abstrakt:'' [[Ordnung]], …\n::— ''übertragen:'' [[Verfassung]], [[Zustand]]"
    assert s["4"].gloss == "Ordnung, gehörige Reihenfolge, Anordnung, Regel; übertragen: Verfassung, Zustand"
    # numbered sub-senses stay senses of their own
    assert [x.number for x in ordo.senses] == ["1", "2", "3", "4", "5", "5a", "5b", "5c", "6"]
    (aberration,) = lexemes(pages, "Aberration")
    a = {x.number: x for x in aberration.senses}
    # ":[1] [[Astronomie]]: … Lichtgeschwindigkeit\n::*[[jährlich]]e ''Aberration'': …\n::*[[täglich]]e …"
    assert a["1"].gloss == (
        "Astronomie: scheinbare Ortsveränderung eines Gestirns aufgrund der Erdbewegung und der Endlichkeit der "
        "Lichtgeschwindigkeit; jährliche Aberration: aufgrund des Erdumlaufs um die Sonne; "
        "tägliche Aberration: aufgrund der Erdrotation"
    )
    # ":[2] ''[[Optik]]'': [[Abbildungsfehler]] von [[Linse]]n:" — a gloss ending in ":" goes on after a blank
    assert (a["2"].labels, a["2"].gloss) == (
        ("Optik",),
        "Abbildungsfehler von Linsen: chromatische Aberration: Strahlen unterschiedlicher Wellenlänge werden "
        "unterschiedlich stark gebrochen; sphärische Aberration: Randstrahlen werden stärker gebrochen als "
        "achsennahe Strahlen",
    )
    assert len(aberration.senses) == 4


def test_sense_lines_labels_continuations_and_placeholders() -> None:
    text = HEAD + (
        "=== {{Wortart|Verb|Deutsch}} ===\n{{Bedeutungen}}\n"
        "*{{intrans.|:}}\n"
        ":[1] ''[[gehoben]]:'' eins\n"
        "::* mehr zu eins\n"
        ":{{QS Bedeutungen|fehlen}}\n"  # neither a label line nor deeper than [1]: ignored
        ":[2]\n"  # a placeholder, even under a label line
        "*''kirchlich (mittellateinisch):''\n"
        ":[3] ''(Zoologie):'' drei\n"
        ":[4] ''nicht, sondern Text'' vier\n"
    )
    (lx,) = parse_page(page(text)).lexemes
    assert [(s.number, s.labels, s.gloss) for s in lx.senses] == [
        ("1", ("intransitiv", "gehoben"), "eins; mehr zu eins"),
        ("3", ("kirchlich (mittellateinisch)", "Zoologie"), "drei"),
        ("4", ("kirchlich (mittellateinisch)",), "nicht, sondern Text vier"),  # italic without ":" is text
    ]


def test_proper_names_are_proper_nouns(pages: dict[str, Page]) -> None:
    # "=== {{Wortart|Substantiv|Deutsch}}, {{m}}, {{Wortart|Vorname|Deutsch}} ===" and the like: a proper
    # noun; pos_names keeps every name in order; homographs count per class
    month, name = lexemes(pages, "August")[:2]
    assert (month.pos, month.pos_names) == ("noun", ("Substantiv",))
    assert (name.pos, name.pos_names, name.homograph) == ("proper_noun", ("Substantiv", "Vorname"), 1)
    hannibal = lexemes(pages, "Hannibal")
    assert {(lx.pos, lx.pos_names) for lx in hannibal} == {("proper_noun", ("Substantiv", "Eigenname"))}
    # "{{Wortart|Nachname|Deutsch}}" alone was a proper noun already
    assert lexemes(pages, "Aal")[1].pos == "proper_noun"
    # other second names do not refine: "Substantiv, Abkürzung" stays a noun, "Wortverbindung,
    # Substantiv" a phrase
    assert lexemes(pages, "Pkw")[0].pos == "noun"
    assert lexemes(pages, "Maria vom Siege")[0].pos == "phrase"
    proper = [
        (p.title, lx.pos_names)
        for p in pages.values()
        for lx in parse_page(p).lexemes
        if lx.pos_names[0] == "Substantiv" and any(de.POS.get(n) == "proper_noun" for n in lx.pos_names[1:])
    ]
    assert len(proper) == 23  # every one of them is a proper noun
    assert all(
        lx.pos == "proper_noun"
        for p in pages.values()
        for lx in parse_page(p).lexemes
        if (p.title, lx.pos_names) in proper
    )


@pytest.mark.parametrize(
    ("names", "pos"),
    [
        (("Substantiv",), "noun"),
        (("Substantiv", "Vorname"), "proper_noun"),
        (("Substantiv", "Eigenname", "Toponym", "Singularetantum"), "proper_noun"),
        (("Substantiv", "Singularetantum", "Nachname"), "proper_noun"),
        (("Substantiv", "Abkürzung"), "noun"),
        (("Substantiv", "Familiename"), "noun"),  # unknown names refine nothing
        (("Nachname",), "proper_noun"),
        (("Wortverbindung", "Substantiv", "Toponym"), "phrase"),  # only a noun is refined
        (("Quatschwort", "Vorname"), "unknown"),
    ],
)
def test_pos_class(names: tuple[str, ...], pos: str) -> None:
    assert de.pos_class(names) == pos


def test_page_without_language_heading_takes_the_language_of_its_wortart(pages: dict[str, Page]) -> None:
    # "Nomen proprium" starts with "=== {{Wortart|Wortverbindung|Deutsch}}, {{Wortart|Substantiv|Deutsch}}, {{n}} ==="
    r = parsed(pages, "Nomen proprium")
    (lx,) = r.lexemes
    assert key(lx) == ("de", "Nomen proprium", "phrase", ("Wortverbindung", "Substantiv"), 1, ("n",))
    assert lx.ipa == ("ˈnoːmən ˈpʀoːpʀiʊm",)
    assert [(s.number, s.gloss) for s in lx.senses] == [("1", "Linguistik: lateinische Bezeichnung für Eigenname")]
    assert lx.extra["hyphenation"] == "No·men pro·pri·um"
    assert lx.extra["form_hyphenations"] == [{"hyphenation": "No·mi·na pro·pria", "tags": ["plural"]}]
    # a POS heading that names no language is still no entry
    r = parse_page(page("=== {{Wortart|Substantiv}} ===\n{{Bedeutungen}}\n:[1] x\n"))
    assert r.rejection is not None and r.rejection.reason == "no language section"
    assert r.rejection.detail == "1 part-of-speech heading(s) outside any language section"
    # two languages on such a page make two groups
    r = parse_page(page("=== {{Wortart|Verb|Deutsch}} ===\n=== {{Wortart|Verb|Englisch}} ===\n", title="go"))
    assert [(x.language, x.lemma, x.pos) for x in r.lexemes] == [("de", "go", "verb"), ("en", "go", "verb")]


def test_whole_sample_never_raises_and_keeps_every_page(pages: dict[str, Page]) -> None:
    for p in pages.values():
        r = parse_page(p)
        assert r.rejection is None or r.rejection.reason != "parser error", (p.title, r.rejection)
