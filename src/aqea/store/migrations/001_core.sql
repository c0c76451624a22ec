-- Core schema: AQEA entries, work units, rejected pages, extraction runs, interim address counters.

CREATE TABLE aqea_entries (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address            text UNIQUE,               -- '0x20:01:00:01'; NULL while the entry has no address
    address_int        bigint UNIQUE,             -- the same 4 bytes as an integer
    label              text NOT NULL,
    description        text NOT NULL,
    domain             text,                      -- AA as text ('0x20'); NULL: language has no domain
    language           text NOT NULL,
    lemma              text NOT NULL,
    pos                text NOT NULL,
    homograph          integer NOT NULL,
    category           smallint,                  -- QQ; NULL: unknown part of speech
    subcategory        smallint NOT NULL DEFAULT 0, -- EE
    meta               jsonb NOT NULL,
    content_hash       text NOT NULL,
    source             text NOT NULL,             -- edition / source that wrote the entry
    page_id            bigint,
    revision_id        bigint,
    unaddressed_reason text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT aqea_entries_natural_key UNIQUE (language, lemma, pos, homograph),
    CONSTRAINT aqea_entries_address_pair CHECK ((address IS NULL) = (address_int IS NULL))
);
CREATE INDEX aqea_entries_lemma ON aqea_entries (lemma);
CREATE INDEX aqea_entries_source_page ON aqea_entries (source, page_id);
CREATE INDEX aqea_entries_domain_category ON aqea_entries (domain, category);

-- Interim allocator state: next free element per (AA, QQ); rows are locked in (domain, category) order.
CREATE TABLE address_counters (
    domain       smallint NOT NULL,
    category     smallint NOT NULL,
    next_element integer NOT NULL,
    PRIMARY KEY (domain, category)
);

CREATE TABLE extraction_runs (
    id            text PRIMARY KEY,
    source        text NOT NULL,
    language      text NOT NULL,
    dump          text NOT NULL,
    status        text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    flow_run_id   text,
    units         integer NOT NULL DEFAULT 0,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    summary       jsonb
);

CREATE TABLE work_units (
    id                 text PRIMARY KEY,          -- '<run id>/<unit id>'
    run_id             text NOT NULL REFERENCES extraction_runs (id),
    unit_key           text NOT NULL,             -- the dump unit id, stable across runs
    source             text NOT NULL,
    language           text NOT NULL,
    range              jsonb NOT NULL,            -- the DumpUnit as planned
    status             text NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    pages_processed    bigint NOT NULL DEFAULT 0, -- also the resume checkpoint: pages fully stored
    text_bytes         bigint NOT NULL DEFAULT 0,
    entries_processed  bigint NOT NULL DEFAULT 0,
    entries_new        bigint NOT NULL DEFAULT 0,
    entries_updated    bigint NOT NULL DEFAULT 0,
    entries_unchanged  bigint NOT NULL DEFAULT 0,
    rejected           bigint NOT NULL DEFAULT 0,
    error              text,
    flow_run_id        text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_units_run ON work_units (run_id);

CREATE TABLE rejected_pages (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    title        text NOT NULL,
    reason       text NOT NULL,
    detail       text NOT NULL DEFAULT '',
    page_id      bigint,
    revision_id  bigint,
    work_unit    text,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rejected_pages_once UNIQUE (source, title, reason)
);
