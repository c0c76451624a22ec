-- Links between entries (translation, synonym, …) and the views of other editions of the same entry.

CREATE TABLE relations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_entry       bigint NOT NULL REFERENCES aqea_entries (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('translation', 'synonym', 'antonym', 'hypernym', 'hyponym',
                                                   'form_of', 'derived', 'related')),
    target_language  text NOT NULL,
    target_lemma     text NOT NULL,
    sense            text NOT NULL DEFAULT '',   -- sense number(s) of the source entry; '' = whole entry
    note             text NOT NULL DEFAULT '',
    source           text NOT NULL,              -- the edition that states the link
    to_entry         bigint REFERENCES aqea_entries (id) ON DELETE SET NULL,  -- NULL until the target exists
    CONSTRAINT relations_once UNIQUE (from_entry, kind, target_language, target_lemma, sense, source)
);
CREATE INDEX relations_target ON relations (target_language, target_lemma);
CREATE INDEX relations_unresolved ON relations (target_language, target_lemma) WHERE to_entry IS NULL;
CREATE INDEX relations_to_entry ON relations (to_entry);

-- When another edition describes an entry whose key is already held (e.g. the German noun 'Haus' from the
-- English edition after the German edition wrote it), its view is kept here instead of being rejected.
CREATE TABLE entry_sources (
    entry_id      bigint NOT NULL REFERENCES aqea_entries (id) ON DELETE CASCADE,
    source        text NOT NULL,
    page_id       bigint,
    revision_id   bigint,
    label         text NOT NULL,
    description   text NOT NULL,
    meta          jsonb NOT NULL,
    content_hash  text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, source)
);
