-- Relations are the bulk of every batch (~50 per lemma page): every index costs COPY throughput.
-- Uniqueness per (entry, kind, target, sense, edition) is kept by the writer, which replaces an entry's links
-- as a whole and deduplicates them first (store/upsert.py); resolution scans unresolved rows with a hash join,
-- which needs no index; incoming-link lookups only look at resolved rows.
ALTER TABLE relations DROP CONSTRAINT relations_once;
DROP INDEX relations_unresolved;
DROP INDEX relations_to_entry;
CREATE INDEX relations_from ON relations (from_entry, source);
CREATE INDEX relations_to_entry ON relations (to_entry) WHERE to_entry IS NOT NULL;
