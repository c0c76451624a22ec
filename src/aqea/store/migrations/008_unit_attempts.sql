-- Which child flow run is the unit's current attempt (set by the distributed parent when it dispatches).
-- An older attempt that starts late, or still runs after being moved, is refused by claim and by every batch:
-- one unit, one writer.
ALTER TABLE work_units ADD COLUMN current_attempt text;
