"""The WordNet lexicographer file as a subcategory signal: the documented table and the weighted vote."""

from __future__ import annotations

from pathlib import Path

from aqea.classify import assign_subcategory
from aqea.model import Lexeme, RelationRow, Sense
from aqea.taxonomy import load_table
from aqea.wordnet.lexemes import lmf_entries, word_lexemes
from aqea.wordnet.lmf import read_lmf
from aqea.wordnet.model import LexicalEntry, Synset
from tests.wordnet_data import oewn_excerpt, wordnet_files


def _word(lexfiles: list[str], relations: tuple[RelationRow, ...] = ()) -> Lexeme:
    senses = tuple(Sense(str(i), f"gloss {i}", (lf,), ()) for i, lf in enumerate(lexfiles, 1))
    return Lexeme(language="en", lemma="w", pos="noun", pos_names=("noun",), homograph=1, source="wordnet-oewn",
                  record_key="en:noun:w", record_version="2025", senses=senses, relations=relations,
                  extra={"lexfile": lexfiles[0], "lexfiles": lexfiles})


def test_every_lexicographer_file_is_mapped_or_explained() -> None:
    table = load_table("subcategories")
    names = {f["name"] for f in load_table("concept_blocks")["fields"]}
    lexnames = {line.split("\t")[1] for line in wordnet_files().lexnames.read_text().splitlines()}
    assert names == lexnames and len(names) == 45
    mapping, notes = table["rules"]["lexfile"], table["lexfile_notes"]
    assert names == set(notes) - {"comment"}  # every file has its reason, mapped or not
    assert {n.lower() for n in names} >= set(mapping)  # no made-up file names
    for lexfile, code in mapping.items():
        scope = table["subcategories"][f"0x{code:02X}"]["name"]
        assert notes[lexfile].startswith(scope + ":") or notes[lexfile] == scope, lexfile  # the note says which
    for lexfile in names - set(mapping):
        assert notes[lexfile].startswith("none"), lexfile
    assert mapping["noun.animal"] == 0x02 and mapping["noun.food"] == 0x06 and "noun.tops" not in mapping


def test_lexfile_votes_like_a_hypernym_first_sense_first() -> None:
    choice = assign_subcategory(_word(["noun.animal"]))
    assert (choice.code, choice.name, choice.signal) == (0x02, "animals", "lexfile:noun.animal")
    # the first sense's file decides: later senses' files do not vote, however many
    assert assign_subcategory(_word(["noun.plant", "noun.food", "noun.food", "noun.food"])).name == "plants"
    # nor do they when the first sense's file maps to none: a word is first what its first sense says
    assert assign_subcategory(_word(["noun.act", "noun.food", "noun.food"])).code == 0x00
    # files that map to no subcategory give no signal
    assert assign_subcategory(_word(["noun.Tops", "noun.act"])).code == 0x00
    # a hypernym of the first sense ties with its file and, met first, wins: a weapon is military, not a tool
    weapon = assign_subcategory(_word(["noun.artifact"], (("hypernym", "weapon", "en", "1", ""),)))
    assert (weapon.name, weapon.signal) == ("military", "hypernym:weapon")


def test_real_oewn_words_get_their_files_subcategory(tmp_path: Path) -> None:
    records = list(read_lmf(oewn_excerpt(tmp_path, {"dog", "bread", "tree", "run", "quickly"})))
    entries = [r for r in records if isinstance(r, LexicalEntry)]
    synsets = {r.id: r for r in records if isinstance(r, Synset)}
    sense_lemmas = {s.key: e.lemma for e in entries for s in e.senses}
    got = {(lx.lemma, lx.pos): assign_subcategory(lx)
           for lx in word_lexemes(lmf_entries(entries), synsets, "wordnet-oewn", sense_lemmas)}
    # dog: noun.animal first; its three later noun.person senses do not outvote it (first sense first)
    assert got[("dog", "noun")].name == "animals"
    assert got[("bread", "noun")].name == "food_drink"
    assert got[("tree", "noun")].name == "plants"
    assert got[("run", "verb")].code == 0x00  # verb.motion, verb.social …: no subcategory
    assert got[("quickly", "adverb")].code == 0x00
