"""WordNet records → Lexemes on the mini WN-LMF lexicon and on a few real PWN 3.0 synsets."""

from __future__ import annotations

from pathlib import Path

from aqea.wordnet.files import extract_wndb
from aqea.wordnet.ili import load_ili_map
from aqea.wordnet.lexemes import concept_lexeme, lmf_entries, wndb_entries, word_lexemes
from aqea.wordnet.lmf import read_lmf
from aqea.wordnet.model import LexicalEntry, Synset
from aqea.wordnet.wndb import read_data_file, read_lexnames, read_sense_index
from tests.wordnet_data import pwn_files, wordnet_files


def test_lmf_entry_becomes_an_english_lexeme_with_glosses_synonyms_and_relations() -> None:
    records = list(read_lmf(wordnet_files().mini_lmf))
    entries = [r for r in records if isinstance(r, LexicalEntry) and r.id.startswith("test-en")]
    synsets = {r.id: r for r in records if isinstance(r, Synset)}
    sense_lemmas = {s.key: e.lemma for e in entries for s in e.senses}
    lexemes = {lx.lemma: lx for lx in word_lexemes(lmf_entries(entries), synsets, "wordnet-oewn", sense_lemmas)}
    example = lexemes["example"]
    assert (example.language, example.pos, example.senses[0].gloss) == ("en", "noun", "something that exemplifies")
    assert example.extra["lexfile"] == "noun.cognition"
    assert ("synonym", "illustration", "en", "1", "") in example.relations
    assert ("hypernym", "information", "en", "1", "") in example.relations
    assert ("derived", "exemplify", "en", "1", "") in example.relations  # a sense relation


def test_pwn_synset_becomes_a_concept_lexeme_and_words_group_by_lemma(tmp_path: Path) -> None:
    files = pwn_files()
    db = extract_wndb(files.wndb, tmp_path)
    senses, _ = read_sense_index(files.index_sense)
    lexnames = read_lexnames(files.lexnames)
    synsets = {r.id: r for r in read_data_file(db / "data.noun", "n", lexnames, senses, load_ili_map(
        files.ili_map())) if isinstance(r, Synset)}
    concept = concept_lexeme(synsets["14845743-n"], "wordnet-pwn30")
    assert concept is not None
    assert (concept.language, concept.lemma, concept.pos, concept.extra["lexfile_number"]) == (
        "ili", "i115069", "noun", 27)
    water = next(e for e in wndb_entries(synsets.values()) if e.lemma == "water" and e.pos == "noun")
    assert [s.number for s in water.senses] == sorted(s.number for s in water.senses)
    lexeme = next(word_lexemes([water], synsets, "wordnet-pwn30"))
    assert lexeme.senses[0].gloss.startswith("binary compound")
    assert {("hypernym", "binary compound"), ("hypernym", "liquid")} <= {(k, t) for k, t, *_ in lexeme.relations}
    assert len(lexeme.senses) == len(water.senses)
