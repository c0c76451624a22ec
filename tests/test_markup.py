"""Wiki markup → plain text and template helpers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aqea.wiktionary.markup import (
    TEMPLATE_TEXT,
    iter_templates,
    positional_params,
    split_params,
    strip_markup,
    strip_refs,
    template_args,
)


@pytest.mark.parametrize(
    ("wikitext", "plain"),
    [
        ("[[Haus|Häuser]] und [[Hof]]", "Häuser und Hof"),
        ("[[Orden]]s", "Ordens"),  # link trail
        ("'''fett''' und ''kursiv'' und '''''beides'''''", "fett und kursiv und beides"),
        ("Text<ref>Quelle {{Ref-Duden}}</ref> weiter", "Text weiter"),
        ('Text<ref name="x"/> weiter', "Text weiter"),
        ('Text<ref name="db"> mehrzeilig\nQuelle </ref>!', "Text!"),
        ("a <!-- Kommentar --> b", "a b"),
        ("a <!-- nie geschlossen", "a"),
        ("10<sup>9</sup> und <small>klein</small><br />neu", "10^9 und klein neu"),
        ("{{Ü|en|house}}", "house"),
        ("{{Üt|bg|здравей|zdravej}}", "здравей"),
        ("{{Üxx|ja|matsu|松}}", "松"),
        ("{{Üxx5|ar|saʾala|سَأَلَ|سأل}}", "سَأَلَ"),  # the vocalised display form
        ("von {{gmh.}} ''tier'', {{goh}} ''tior''", "von mittelhochdeutsch tier, althochdeutsch tior"),
        ("{{vatd.|:}} Stube", "veraltend: Stube"),
        ("a<Ref>x</ref>b", "ab"),
        ("{{L|Kiefer}}", "Kiefer"),
        ("{{Ref-DWDS|Haus}}Rest", "Rest"),  # unknown templates disappear
        ("{{ugs.|:}} stehlen", "umgangssprachlich: stehlen"),
        ("{{K|ugs.|Zoologie|ft=x}} Tier", "umgangssprachlich, Zoologie: Tier"),
        ("{{Ü|en|{{L|nested}}}}", "nested"),
        ("[[Bild:Foo.jpg|10px|]] Wagen [[Kategorie:X]]", "Wagen"),
        ("[[en:Kiefer]]", ""),  # interlanguage link
        ("[[w:Golfmobil|Golfmobil]] und [[w:Pius V.]]", "Golfmobil und w:Pius V."),
        ("[[#der Mai (Deutsch)|Mai]]", "Mai"),
        ("[[Kiefer (Baum)|]]", "Kiefer"),  # pipe trick
        ("[[Personenkraftwagen|'''P'''ersonen'''k'''raft'''w'''agen]]", "Personenkraftwagen"),
        ("[http://example.org Beispiel] und [http://example.org]", "Beispiel und"),
        ("o.&nbsp;Ä. &amp; mehr", "o. Ä. & mehr"),
        ("  viel \n\t  Leerraum  ", "viel Leerraum"),
        ("{{unclosed [[Link]] text", "unclosed Link text"),
        ("text }} ]] end", "text end"),
        ("", ""),
        # plain links go in one pass; blanks inside the brackets are not kept
        ("x[[ a ]]y [[b]]c [[a b]]", "xay bc a b"),
        ("[[Datei:x.jpg|mini|[[Bild]] Text]] Rest", "Rest"),  # innermost first, then the outer one
        ("''''' und '''' und ''", "und und"),  # any run of two or more quotes
    ],
)
def test_strip_markup(wikitext: str, plain: str) -> None:
    assert strip_markup(wikitext) == plain


def test_convention_table_is_a_dict() -> None:
    assert TEMPLATE_TEXT["Ü"] == 2
    assert TEMPLATE_TEXT["Pl."] == "Plural"


def test_split_params_respects_nesting() -> None:
    assert split_params("K|intrans.|meist [[a|b]]|{{x|y}}") == ["K", "intrans.", "meist [[a|b]]", "{{x|y}}"]
    assert split_params("plain") == ["plain"]


def test_template_args_named_and_positional() -> None:
    name, pos, named = template_args(" K |gemeindeutsch|österr.|t2=_|selten|ft= {{x|a=b}} ")
    assert name == "K"
    assert pos == ["gemeindeutsch", "österr.", "selten"]
    assert named == {"t2": "_", "ft": "{{x|a=b}}"}
    # "=" inside a nested template does not make a parameter named
    assert template_args("Ü|en|{{x|a=b}}")[1] == ["en", "{{x|a=b}}"]
    # without nesting (the fast path): the first "=" names, the last one wins, blanks are stripped
    assert template_args(" Deutsch Substantiv Übersicht |Genus=n| Bild = a=b.jpg |x|Genus = f") == (
        "Deutsch Substantiv Übersicht",
        ["x"],
        {"Genus": "f", "Bild": "a=b.jpg"},
    )
    assert template_args(" Pl. ") == ("Pl.", [], {})
    assert template_args("x||=") == ("x", [""], {"": ""})


def test_positional_params() -> None:
    assert positional_params("{{K|Zoologie|ft=x|Biologie}}") == ["Zoologie", "Biologie"]
    assert positional_params("Reim|oː|Deutsch") == ["oː", "Deutsch"]
    assert positional_params("{{Pl.}}") == []


def test_iter_templates_top_level_only_and_unclosed() -> None:
    text = "a {{x|{{y}}}} b {{z}}"
    spans = [text[s:e] for s, e in iter_templates(text)]
    assert spans == ["{{x|{{y}}}}", "{{z}}"]
    text = "{{offen {{inner}} rest"  # outer never closed: inner is still found
    assert [text[s:e] for s, e in iter_templates(text)] == ["{{inner}}"]
    assert list(iter_templates("keine Vorlagen")) == []


def test_strip_refs_only_removes_footnotes() -> None:
    assert strip_refs('Text<ref name="a">Quelle\nzweite Zeile</ref> weiter<ref name="a"/>.') == "Text weiter."
    assert strip_refs("kein '''Fußnoten'''-[[Text]]") == "kein '''Fußnoten'''-[[Text]]"  # untouched
    assert strip_refs("a<ref>nie geschlossen\nb") == "a"  # an unclosed ref swallows the rest
    assert strip_refs("") == ""
    # any case; "<" inside the footnote; the first closing tag ends it
    assert strip_refs("a<REF>x < y {{b|<c>}}</Ref >b<rEf name=x/>c<ref>d</ref>e</ref>") == "abce</ref>"
    assert strip_refs("a<refx>b</refx>") == "a<refx>b</refx>"  # not a ref tag
    long = "a<ref>" + "Quelle, Seite 1. " * 5_000 + "</ref>b"
    assert strip_refs(long) == "ab"


@given(st.text(alphabet="a' \t"))
def test_quote_runs_are_removed_whatever_their_length(text: str) -> None:
    # italics (two quotes) take a fast str.replace, longer runs (bold, bold italics) the regex: same result
    assert strip_markup(text) == " ".join(re.sub("''+", "", text).split())
