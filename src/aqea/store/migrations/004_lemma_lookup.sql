-- Relation targets and lookups are found by (language, lemma); relations are never searched by target text
-- except while unresolved (relations_unresolved), so the full target index only slowed every insert.
CREATE INDEX aqea_entries_language_lemma ON aqea_entries (language, lemma);
DROP INDEX relations_target;
