-- Relation targets and lookups are found by (language, lemma).
CREATE INDEX aqea_entries_language_lemma ON aqea_entries (language, lemma);
