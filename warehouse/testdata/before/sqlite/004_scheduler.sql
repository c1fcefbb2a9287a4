-- The scheduler's second guard against running a planned job twice: a run is
-- claimed by inserting its ledger row, so only one instance can claim a
-- (job, planned time, attempt). Runs by hand have no planned time and are not constrained.
CREATE UNIQUE INDEX job_runs_claim ON job_runs (job, planned_at, attempt);

-- The lease a scheduler instance holds on a SQLite warehouse, which supports only one.
CREATE TABLE scheduler_leases (
    name TEXT NOT NULL PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
