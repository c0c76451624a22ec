-- Incremental sync: per-source watermarks, deleted pages kept as deleted entries, API unit checkpoints.

CREATE TABLE sync_state (
    source        text NOT NULL,            -- edition, e.g. 'dewiktionary'
    api_url       text NOT NULL,
    watermark     timestamptz,              -- every change up to here (inclusive) is stored
    last_rc_id    bigint NOT NULL DEFAULT 0,  -- changes at exactly the watermark with rc_id <= this are done
    changes_seen  bigint NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, api_url)
);

-- An entry whose page was deleted (or no longer produces it) is kept, marked deleted, address and all.
ALTER TABLE aqea_entries ADD COLUMN deleted_at timestamptz;

-- API units resume after the last stored title (dump units resume by page count).
ALTER TABLE work_units ADD COLUMN checkpoint_key text;
