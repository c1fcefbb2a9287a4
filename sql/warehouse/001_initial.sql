-- The warehouse: a copy of every bureau's contract tables (keyed by the bureau
-- whose database the row came from and the row's own id), plus the records
-- of pulls, set-aside rows, assessments, job runs and draws.

-- The contract tables, made from the contract (warehouse/migrations.go).
{{contractTablesV1}}
-- One record per pull of one bureau database.
CREATE TABLE pulls (
    id {{identity}},
    bureau {{varchar 6}} NOT NULL,
    started_at {{timestamp}} NOT NULL,
    finished_at {{timestamp}},
    outcome {{varchar 32}} NOT NULL,
    error {{longText}},
    table_counts {{longText}}
){{tableOptions}};
CREATE INDEX pulls_bureau ON pulls (bureau, finished_at);

-- Per bureau and table, the newest updated_at already loaded (RFC 3339, UTC).
CREATE TABLE watermarks (
    bureau {{varchar 6}} NOT NULL,
    table_name {{varchar 32}} NOT NULL,
    watermark {{varchar 40}} NOT NULL,
    PRIMARY KEY (bureau, table_name)
){{tableOptions}};

-- Rows set aside (severity reject) and rows loaded with a warning, until the bureau fixes them.
CREATE TABLE data_issues (
    bureau {{varchar 6}} NOT NULL,
    table_name {{varchar 32}} NOT NULL,
    row_id {{varchar 64}} NOT NULL,
    severity {{varchar 32}} NOT NULL,
    column_name {{varchar 64}} NOT NULL,
    value {{longText}},
    reason {{longText}} NOT NULL,
    raw {{longText}},
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, table_name, row_id, severity, column_name)
){{tableOptions}};

-- Every stored assessment: the rule set's content hash, the as-of date, the pulls it rests on, the result.
CREATE TABLE assessments (
    id {{identity}},
    ruleset_id {{varchar 100}} NOT NULL,
    ruleset_hash {{varchar 64}} NOT NULL,
    level {{varchar 32}} NOT NULL,
    as_of DATE NOT NULL,
    computed_at {{timestamp}} NOT NULL,
    pulls {{longText}} NOT NULL,
    result {{longText}} NOT NULL
){{tableOptions}};
CREATE INDEX assessments_ruleset ON assessments (ruleset_id, as_of);

-- The job ledger.
CREATE TABLE job_runs (
    id {{identity}},
    job {{varchar 32}} NOT NULL,
    planned_at {{timestamp}},
    started_at {{timestamp}} NOT NULL,
    finished_at {{timestamp}},
    outcome {{varchar 32}} NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    error {{longText}},
    as_of DATE,
    files {{longText}},
    instance {{varchar 255}}
){{tableOptions}};
CREATE INDEX job_runs_job ON job_runs (job, planned_at);

-- The province's random draws of counties for supervision visits (随机抽查).
CREATE TABLE draws (
    month {{varchar 7}} NOT NULL,
    city {{varchar 6}} NOT NULL,
    seed {{varchar 64}} NOT NULL,
    counties {{varchar 255}} NOT NULL,
    drawn_at {{timestamp}} NOT NULL,
    PRIMARY KEY (month, city)
){{tableOptions}};
