-- Address space v2 (docs/addressing.md): extension, concept and shared domains (taxonomy/domains.json v3).
-- Every address handed out before stays as it is. Entries that v1 could not address become pending again, so
-- the next allocation addresses them: languages without a domain of their own (now: slots in the shared
-- domains) and entries of full categories (now: the language's extension domains). Inflected forms get no
-- address of their own any more (carried by their lemma); forms that already have one keep it.

-- A language's slots in the shared domains: EE value `slot` of domain `domain` belongs to `language`.
CREATE TABLE language_slots (
    domain          smallint NOT NULL CHECK (domain BETWEEN 0 AND 255),
    slot            smallint NOT NULL CHECK (slot BETWEEN 0 AND 255),
    language        text NOT NULL,
    assigned_order  bigint GENERATED ALWAYS AS IDENTITY,
    assigned_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (domain, slot)
);
CREATE INDEX language_slots_language ON language_slots (language, assigned_order);

UPDATE aqea_entries SET unaddressed_reason = NULL
WHERE address IS NULL
  AND (unaddressed_reason LIKE 'no domain for language %' OR unaddressed_reason LIKE 'address space full for %');

UPDATE aqea_entries SET unaddressed_reason = 'inflected form: carried by its lemma (form_of link), no address of its own'
WHERE address IS NULL AND unaddressed_reason IS NULL AND category = 22;

-- The allocator now looks for pending entries per (language, category).
DROP INDEX IF EXISTS aqea_entries_pending;
CREATE INDEX aqea_entries_pending ON aqea_entries (language, category)
    WHERE address IS NULL AND unaddressed_reason IS NULL;
