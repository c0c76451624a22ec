-- A unit's counters that are not batch columns (pages skipped by reason, unknown part-of-speech names,
-- homographs matched by content, stale views removed, time per stage), added up over the unit's attempts.
-- Kept in the database, not only in the unit flow's return value, so a failed unit (or one that ran on a remote
-- worker) still counts in its run's summary, and `aqea estimate` can tell pages parsed from pages skipped.
ALTER TABLE work_units ADD COLUMN counts jsonb NOT NULL DEFAULT '{}';
