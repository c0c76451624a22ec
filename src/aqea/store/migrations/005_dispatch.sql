-- Distributed runs: where each unit ran and how often it was dispatched (re-dispatch after failure/crash),
-- and how the run was executed; `aqea estimate` measures per-worker rates from these.
ALTER TABLE work_units ADD COLUMN cloud_provider text;        -- provider of the attempt that completed (or last tried)
ALTER TABLE work_units ADD COLUMN attempts integer NOT NULL DEFAULT 0;  -- dispatches by the parent (0: local run)
ALTER TABLE work_units ADD COLUMN dispatch_log jsonb;         -- [{provider, flow_run_id, state}, …]
ALTER TABLE extraction_runs ADD COLUMN dispatch text NOT NULL DEFAULT 'local'
    CHECK (dispatch IN ('local', 'deployments'));
CREATE INDEX work_units_provider ON work_units (cloud_provider) WHERE cloud_provider IS NOT NULL;
