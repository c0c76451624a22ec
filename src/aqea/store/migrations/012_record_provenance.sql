-- Sources behind one protocol (docs/sources.md): a row's provenance is its source's record key and version,
-- not a MediaWiki page and revision id. Wiktionary's keys stay what they were (the page id, as text); a
-- WordNet synset or entry id ("oewn-14869913-n") fits too. Byte order (COLLATE "C"): keys are only compared
-- for equality; with the database's own collation the pipeline benchmark ran 204 s twice, against 173-189 s
-- with bigint ids and 189-202 s with "C" (bench/bench_pipeline.py --pages 140000, docs/performance.md).
ALTER TABLE aqea_entries RENAME COLUMN page_id TO record_key;
ALTER TABLE aqea_entries RENAME COLUMN revision_id TO record_version;
ALTER TABLE aqea_entries ALTER COLUMN record_key TYPE text COLLATE "C" USING record_key::text,
                         ALTER COLUMN record_version TYPE text COLLATE "C" USING record_version::text;
ALTER INDEX aqea_entries_source_page RENAME TO aqea_entries_source_record;

ALTER TABLE entry_sources RENAME COLUMN page_id TO record_key;
ALTER TABLE entry_sources RENAME COLUMN revision_id TO record_version;
ALTER TABLE entry_sources ALTER COLUMN record_key TYPE text COLLATE "C" USING record_key::text,
                          ALTER COLUMN record_version TYPE text COLLATE "C" USING record_version::text;

ALTER TABLE rejected_pages RENAME COLUMN page_id TO record_key;
ALTER TABLE rejected_pages RENAME COLUMN revision_id TO record_version;
ALTER TABLE rejected_pages ALTER COLUMN record_key TYPE text COLLATE "C" USING record_key::text,
                           ALTER COLUMN record_version TYPE text COLLATE "C" USING record_version::text;

-- The same in every entry's meta (the store reads provenance from the typed Entry, meta keeps it for users).
UPDATE aqea_entries SET meta = (meta - 'page_id' - 'revision_id')
    || jsonb_build_object('record_key', meta->>'page_id', 'record_version', meta->>'revision_id')
WHERE meta ? 'page_id';
UPDATE entry_sources SET meta = (meta - 'page_id' - 'revision_id')
    || jsonb_build_object('record_key', meta->>'page_id', 'record_version', meta->>'revision_id')
WHERE meta ? 'page_id';

-- A word's sense links to the ILI concept it names (WordNet sources): a link kind of its own.
ALTER TABLE relations DROP CONSTRAINT relations_kind_check;
ALTER TABLE relations ADD CONSTRAINT relations_kind_check CHECK (kind IN (
    'translation', 'synonym', 'antonym', 'hypernym', 'hyponym', 'form_of', 'derived', 'related', 'concept'));
