"""German inflection tables → forms in the one shape (wiktionary/de/inflection_table.py, wiktionary/form_tags.py).

Every expectation below was read by hand from the sample page's wikitext (tests/data/dewiktionary-sample.xml.bz2).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from aqea.model import Lexeme, Page
from aqea.sources.dump import iter_pages
from aqea.taxonomy import load_table
from aqea.wiktionary.de import parse_page
from aqea.wiktionary.en import head_forms
from aqea.wiktionary.form_tags import FORM_TAGS, HEAD_TAGS, TAG_GROUPS
from tests.samples import DE_DUMP


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.title: p for p in iter_pages(DE_DUMP)}


def entries(pages: dict[str, Page], title: str) -> list[Lexeme]:
    return list(parse_page(pages[title]).lexemes)


def cell(lx: Lexeme, *tags: str) -> list[tuple[str, str]]:
    """(article, form) of every form the entry's table names with exactly these tags, in order."""
    return [(f.get("article", ""), f["form"]) for f in lx.extra["forms"] if set(f["tags"]) == set(tags)]


def test_br_separated_cell_is_two_forms(pages: dict[str, Page]) -> None:
    noun = entries(pages, "Aas")[0]
    # "|Dativ Singular=dem Aas <br />dem Aase"
    assert cell(noun, "dative", "singular") == [("dem", "Aas"), ("dem", "Aase")]
    # "|Nominativ Plural 1=die Aase" and "|Nominativ Plural 2=die Äser": alternative plurals, same tags
    assert cell(noun, "nominative", "plural") == [("die", "Aase"), ("die", "Äser")]
    # "|Genitiv Singular=des Deichgrafen<br />des Deichgrafs<ref>Die Form ist heute ungebräuchlich, …</ref>"
    (deichgraf,) = entries(pages, "Deichgraf")
    assert cell(deichgraf, "genitive", "singular") == [("des", "Deichgrafen"), ("des", "Deichgrafs")]


def test_comma_separated_cell_is_two_forms(pages: dict[str, Page]) -> None:
    # "|Genitiv Singular f=deren, derer" (relative pronoun der)
    relative = next(lx for lx in entries(pages, "der") if any(f["form"] == "derer" for f in lx.extra["forms"]))
    assert cell(relative, "genitive", "singular", "feminine") == [("", "deren"), ("", "derer")]
    assert cell(relative, "genitive", "plural") == [("", "deren"), ("", "derer")]
    # "|Genitiv Singular 1=des Mahrs,<br /> des Mahres<br /><small>''auch:''</small> des Mahren"
    mahr = entries(pages, "Mahr")[0]
    masculine = [f for f in mahr.extra["forms"] if f["tags"] == ["genitive", "singular"] and f["article"] == "des"]
    assert masculine == [
        {"form": "Mahrs", "tags": ["genitive", "singular"], "article": "des"},
        {"form": "Mahres", "tags": ["genitive", "singular"], "article": "des"},
        {"form": "Mahren", "tags": ["genitive", "singular"], "raw_tags": ["auch"], "article": "des"},
    ]


def test_optional_letters_and_parenthesised_forms(pages: dict[str, Page]) -> None:
    # "|Genitiv Singular=des Mai(s),<br/><small>des Maien</small>", "|Nominativ Plural=<small>(die Maie)</small>"
    mai = entries(pages, "Mai")[0]
    assert cell(mai, "genitive", "singular") == [("des", "Mais"), ("des", "Mai"), ("des", "Maien")]
    assert cell(mai, "nominative", "plural") == [("die", "Maie")]


def test_articles_and_sense_markers_are_kept_apart(pages: dict[str, Page]) -> None:
    # "|Nominativ Singular=<small>(der/die)</small> Aal" (the surname): both articles, one form
    surname = entries(pages, "Aal")[1]
    assert cell(surname, "nominative", "singular") == [("der/die", "Aal")]
    # "|Nominativ Singular=<small>[1, (2), 4]</small> das Tag<br/><small>[3]</small> der Tag"
    tag = next(lx for lx in entries(pages, "Tag") if any(f.get("article") == "das" for f in lx.extra["forms"]))
    assert [f for f in tag.extra["forms"] if f["tags"] == ["nominative", "singular"]] == [
        {"form": "Tag", "tags": ["nominative", "singular"], "raw_tags": ["[1, (2), 4]"], "article": "das"},
        {"form": "Tag", "tags": ["nominative", "singular"], "raw_tags": ["[3]"], "article": "der"},
    ]


def test_dash_is_no_form(pages: dict[str, Page]) -> None:
    # "|Komparativ=—|Superlativ=—"
    (einzig,) = [lx for lx in entries(pages, "einzig") if lx.pos == "adjective"]
    assert einzig.extra["forms"] == [{"form": "einzig", "tags": ["positive"]}]
    # "|Superlativ=dollsten" is shown "am dollsten"; "|Komparativ*=döller" is a second comparative
    doll = next(lx for lx in entries(pages, "doll") if lx.pos == "adjective")
    assert doll.extra["forms"] == [
        {"form": "doll", "tags": ["positive"]},
        {"form": "doller", "tags": ["comparative"]},
        {"form": "döller", "tags": ["comparative"]},
        {"form": "am dollsten", "tags": ["superlative"]},
    ]


def test_old_tables_use_the_same_tags(pages: dict[str, Page]) -> None:
    # {{Verb-Tabelle|Gegenwart_ich=liebe {{Audio|…}}|…|Befehl_ihr=liebt …|Hilfsverb=haben}}
    (lieben,) = entries(pages, "lieben")
    assert lieben.extra["inflection_template"] == "Verb-Tabelle"
    assert cell(lieben, "present", "first-person", "singular") == [("", "liebe")]
    assert cell(lieben, "imperative", "second-person", "plural") == [("", "liebt")]
    assert cell(lieben, "auxiliary") == [("", "haben")]
    # {{Pronomina-Tabelle| Wer oder was? (Einzahl m)=sein|…}}
    possessive = next(lx for lx in entries(pages, "sein") if lx.extra.get("inflection_template") == "Pronomina-Tabelle")
    assert cell(possessive, "dative", "singular", "masculine") == [("", "seinem")]
    # {{Französisch Substantiv Übersicht|Singular=le sein|Plural=les seins}}: the French article is apart too
    french = next(lx for lx in entries(pages, "sein") if lx.language == "fr")
    assert french.extra["forms"] == [
        {"form": "sein", "tags": ["singular"], "article": "le"},
        {"form": "seins", "tags": ["plural"], "article": "les"},
    ]


_RUN_TOGETHER_RE = re.compile(r"<|>|\[|\]|\{|\}|, |/|^[-–—]$|\n")


def test_whole_sample_forms_are_single_and_tagged_from_the_vocabulary() -> None:
    tables = forms_total = 0
    for page in iter_pages(DE_DUMP):
        for lx in parse_page(page).lexemes:
            assert "inflection" not in lx.extra
            found: list[dict[str, Any]] = lx.extra.get("forms", [])
            tables += bool(found)
            for f in found:
                forms_total += 1
                assert f["form"] and not _RUN_TOGETHER_RE.search(f["form"]), (page.title, f)
                assert f["tags"] and set(f["tags"]) <= FORM_TAGS, (page.title, f)  # every parameter name is known
                assert set(f) <= {"form", "tags", "raw_tags", "article"}, (page.title, f)
    assert tables >= 200 and forms_total >= 1900, (tables, forms_total)


def test_one_vocabulary_for_every_edition() -> None:
    assert head_forms.FORM_TAGS is FORM_TAGS and head_forms.HEAD_TAGS is HEAD_TAGS
    assert not FORM_TAGS & HEAD_TAGS
    groups = [t for tags in TAG_GROUPS.values() for t in tags]
    assert len(groups) == len(set(groups))  # a tag is in one group
    markers = load_table("form_markers_de")
    assert {t for tags in (*markers["base"].values(), *markers["case"].values()) for t in tags} <= FORM_TAGS
    assert {t for tags in load_table("inflection_tables_de")["phrases"].values() for t in tags} <= FORM_TAGS
