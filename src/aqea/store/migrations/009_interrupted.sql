-- Interrupted runs: Ctrl-C / SIGTERM ends a run and its unfinished units as 'interrupted' (what was stored is kept;
-- the same command resumes). owner_* name the process that runs a run, so that a later command can tell a live
-- run from one whose process was killed (SIGKILL, power loss) and mark that one interrupted too.
ALTER TABLE extraction_runs DROP CONSTRAINT extraction_runs_status_check;
ALTER TABLE extraction_runs ADD CONSTRAINT extraction_runs_status_check
    CHECK (status IN ('running', 'completed', 'failed', 'interrupted'));
ALTER TABLE work_units DROP CONSTRAINT work_units_status_check;
ALTER TABLE work_units ADD CONSTRAINT work_units_status_check
    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'interrupted'));
ALTER TABLE extraction_runs ADD COLUMN owner_host text;           -- host name of the process running the run
ALTER TABLE extraction_runs ADD COLUMN owner_pid integer;         -- its pid there
ALTER TABLE extraction_runs ADD COLUMN owner_started double precision;  -- its start time (a reused pid differs)
CREATE INDEX extraction_runs_running ON extraction_runs (owner_host) WHERE status = 'running';
