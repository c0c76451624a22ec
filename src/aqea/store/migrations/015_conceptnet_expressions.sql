-- ConceptNet's words without a part of speech (`/c/en/test`) were stored with part of speech 'unknown', the name a
-- Wiktionary entry gets for a heading nobody knows. They are 'expression' now, as PanLex's words without one
-- (model.UNTYPED_POS, store/untyped.py, docs/conceptnet.md): one name for "the source gives none", found and
-- attached by one rule. This renames the entries stored before: part of speech, record key ('en:unknown:test' →
-- 'en:expression:test'), the part of speech in the description and meta, the reason they have no address. Their
-- content hash is left as it was, so the next run that meets such a word rewrites it from its source, whole.
-- A word already stored as an expression of the same homograph (by PanLex) keeps its 'unknown' entry beside it
-- (the rename would break the natural key); the NOTICE counts those.
CREATE TEMPORARY TABLE renamed_expressions ON COMMIT DROP AS
SELECT e.id
FROM aqea_entries e
WHERE e.source = 'conceptnet' AND e.pos = 'unknown'
  AND NOT EXISTS (SELECT 1 FROM aqea_entries x WHERE x.language = e.language AND x.lemma = e.lemma
                                                 AND x.pos = 'expression' AND x.homograph = e.homograph);

UPDATE aqea_entries e
SET pos = 'expression',
    record_key = e.language || ':expression:' || e.lemma,
    description = replace(e.description, ' unknown ''', ' expression '''),
    meta = e.meta || jsonb_build_object('pos', 'expression', 'record_key', e.language || ':expression:' || e.lemma),
    unaddressed_reason = 'no part of speech: its source gives none; stored as an expression, attached to a typed '
                         'entry of the same (language, lemma) when one is stored before it (docs/panlex.md)',
    updated_at = now()
FROM renamed_expressions r
WHERE e.id = r.id;

UPDATE entry_sources s
SET record_key = e.record_key,
    description = e.description,
    meta = s.meta || jsonb_build_object('pos', 'expression', 'record_key', e.record_key),
    updated_at = now()
FROM renamed_expressions r
JOIN aqea_entries e ON e.id = r.id
WHERE s.entry_id = r.id AND s.source = 'conceptnet';

DO $$
DECLARE
    kept bigint;
BEGIN
    SELECT count(*) INTO kept FROM aqea_entries WHERE source = 'conceptnet' AND pos = 'unknown';
    IF kept > 0 THEN
        RAISE NOTICE '% ConceptNet word(s) stay part of speech ''unknown'': an expression of the same word is stored',
                     kept;
    END IF;
END $$;
