-- Nothing lost, nothing leaked.
--
-- row_hash: a fingerprint of the source row each warehouse row was loaded
-- from, so that ingest, re-reading the rows around its watermark, skips the
-- unchanged ones and loads the changed ones even when their updated_at did not
-- move (NULL for rows loaded before: their updated_at alone is compared).
ALTER TABLE enterprises ADD COLUMN row_hash BIGINT;
ALTER TABLE screenings ADD COLUMN row_hash BIGINT;
ALTER TABLE hazards ADD COLUMN row_hash BIGINT;
ALTER TABLE samplings ADD COLUMN row_hash BIGINT;
ALTER TABLE nonconforming ADD COLUMN row_hash BIGINT;
ALTER TABLE dormant_checks ADD COLUMN row_hash BIGINT;
ALTER TABLE risk_signals ADD COLUMN row_hash BIGINT;
ALTER TABLE risk_points ADD COLUMN row_hash BIGINT;
ALTER TABLE activities ADD COLUMN row_hash BIGINT;
ALTER TABLE supervision_visits ADD COLUMN row_hash BIGINT;
ALTER TABLE submissions ADD COLUMN row_hash BIGINT;
ALTER TABLE incidents ADD COLUMN row_hash BIGINT;

-- row_copy: tells apart set-aside rows that have no id of their own to be
-- known by — no id, a blank one, one too long to keep, one with white space
-- around it, or one several rows share — so each is listed once; '' for a
-- row known by its id. kept_version: the row was set aside while the
-- warehouse keeps its earlier good version.
{{if sqlite -}}
-- SQLite cannot change a primary key, so there the table is made anew.
CREATE TABLE data_issues_005 (
    bureau TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    row_copy TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value TEXT,
    reason TEXT NOT NULL,
    raw TEXT,
    pull_id BIGINT NOT NULL,
    row_updated_at TIMESTAMP,
    kept_version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bureau, table_name, row_id, row_copy, severity, column_name)
);
INSERT INTO data_issues_005 (bureau, table_name, row_id, severity, column_name, value, reason, raw, pull_id, row_updated_at)
SELECT bureau, table_name, row_id, severity, column_name, value, reason, raw, pull_id, row_updated_at FROM data_issues;
DROP TABLE data_issues;
ALTER TABLE data_issues_005 RENAME TO data_issues;
{{- else -}}
ALTER TABLE data_issues ADD COLUMN row_copy {{varchar 32}} NOT NULL DEFAULT '';
ALTER TABLE data_issues ADD COLUMN kept_version {{flag}} NOT NULL DEFAULT 0;
ALTER TABLE data_issues {{dropPrimaryKey "data_issues"}};
ALTER TABLE data_issues ADD PRIMARY KEY (bureau, table_name, row_id, row_copy, severity, column_name);
{{- end}}

-- The process (host:pid) that runs a pull, so that the next ingest can close
-- the pulls of a process that died as failed instead of running forever.
ALTER TABLE pulls ADD COLUMN instance {{varchar 255}};
