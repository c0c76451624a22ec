-- Whom to credit, under which licence, for every row: entries, views (entry_sources) and links (relations) name
-- the edition that wrote them in their `source` column; this table gives each edition's licence and attribution.
-- A run writes its editions' rows when it starts (aqea.sources.registry.licence_of), so lookup and exports can
-- show them next to the data.
CREATE TABLE source_licences (
    edition     text PRIMARY KEY,          -- as stored in aqea_entries.source, e.g. 'dewiktionary', 'omw-wikt'
    source      text NOT NULL,             -- the registered source that reads it, e.g. 'wiktionary-dump'
    licence     text NOT NULL,
    attribution text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Rows stored before this table: every edition so far was a Wiktionary (dump or API, same licence).
INSERT INTO source_licences (edition, source, licence, attribution)
SELECT DISTINCT source, 'wiktionary-dump', 'CC BY-SA 3.0 / 4.0 and GFDL (Wiktionary text)',
       'Wiktionary contributors (each page''s history)'
FROM aqea_entries WHERE source LIKE '%wiktionary'
ON CONFLICT DO NOTHING;
