-- The warehouse: a copy of every bureau's contract tables (keyed by the bureau
-- whose database the row came from and the row's own id), plus the records
-- of pulls, set-aside rows, assessments, job runs and draws.

CREATE TABLE enterprises (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    uscc TEXT NOT NULL,
    name TEXT NOT NULL,
    county_code TEXT NOT NULL,
    category TEXT NOT NULL,
    license_no TEXT,
    license_status TEXT NOT NULL,
    producing SMALLINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX enterprises_county_code ON enterprises (county_code);

CREATE TABLE screenings (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    screened_on DATE NOT NULL,
    kind TEXT NOT NULL,
    inspector_unit TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX screenings_enterprise_id ON screenings (bureau, enterprise_id);

CREATE TABLE hazards (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    source TEXT NOT NULL,
    found_on DATE NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL,
    deadline DATE NOT NULL,
    status TEXT NOT NULL,
    rectified_on DATE,
    verified_on DATE,
    enforcement TEXT NOT NULL,
    license_action TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX hazards_enterprise_id ON hazards (bureau, enterprise_id);

CREATE TABLE samplings (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    batch_no TEXT NOT NULL,
    sampled_on DATE NOT NULL,
    channel TEXT NOT NULL,
    outlet TEXT,
    category TEXT NOT NULL,
    plan TEXT NOT NULL,
    producer_enterprise_id TEXT,
    producer_uscc TEXT,
    result TEXT NOT NULL,
    traced SMALLINT NOT NULL,
    handled_on DATE,
    exposed SMALLINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX samplings_unit_code ON samplings (unit_code);

CREATE TABLE nonconforming (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    first_failed_year INTEGER NOT NULL,
    fail_count INTEGER NOT NULL,
    last_failed_on DATE NOT NULL,
    ordered_on DATE,
    rechecked_on DATE,
    followup_status TEXT NOT NULL,
    followup_done_on DATE,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX nonconforming_enterprise_id ON nonconforming (bureau, enterprise_id);

CREATE TABLE dormant_checks (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    checked_on DATE NOT NULL,
    kind TEXT NOT NULL,
    finding TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX dormant_checks_enterprise_id ON dormant_checks (bureau, enterprise_id);

CREATE TABLE risk_signals (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    received_on DATE NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    enterprise_id TEXT,
    summary TEXT NOT NULL,
    assessed_on DATE,
    risk_level TEXT,
    disposition TEXT,
    disposed_on DATE,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX risk_signals_unit_code ON risk_signals (unit_code);

CREATE TABLE risk_points (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    county_code TEXT NOT NULL,
    enterprise_id TEXT,
    identified_on DATE NOT NULL,
    level TEXT NOT NULL,
    description TEXT NOT NULL,
    zeroed_on DATE,
    measure TEXT,
    briefing_held SMALLINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX risk_points_county_code ON risk_points (county_code);

CREATE TABLE activities (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    action TEXT NOT NULL,
    started_on DATE NOT NULL,
    completed_on DATE,
    experts INTEGER,
    monitoring_projects INTEGER,
    escalated SMALLINT NOT NULL,
    emergency_plan SMALLINT NOT NULL,
    notes TEXT,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX activities_unit_code ON activities (unit_code);

CREATE TABLE supervision_visits (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    inspector_unit TEXT NOT NULL,
    inspected_unit TEXT NOT NULL,
    visited_on DATE NOT NULL,
    random_pick SMALLINT NOT NULL,
    enterprises_visited INTEGER NOT NULL,
    hazards_checked INTEGER NOT NULL,
    hazards_confirmed_cleared INTEGER NOT NULL,
    problems_found INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX supervision_visits_inspected_unit ON supervision_visits (inspected_unit);

CREATE TABLE submissions (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    submitted_on DATE NOT NULL,
    adopted SMALLINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX submissions_unit_code ON submissions (unit_code);

CREATE TABLE incidents (
    bureau TEXT NOT NULL,
    id TEXT NOT NULL,
    county_code TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    level TEXT NOT NULL,
    category TEXT NOT NULL,
    enterprise_id TEXT,
    direct_responsibility SMALLINT NOT NULL,
    systemic SMALLINT NOT NULL,
    summary TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted SMALLINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
);
CREATE INDEX incidents_county_code ON incidents (county_code);

-- One record per pull of one bureau database.
CREATE TABLE pulls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bureau TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    outcome TEXT NOT NULL,
    error TEXT,
    table_counts TEXT
);
CREATE INDEX pulls_bureau ON pulls (bureau, finished_at);

-- Per bureau and table, the newest updated_at already loaded (RFC 3339, UTC).
CREATE TABLE watermarks (
    bureau TEXT NOT NULL,
    table_name TEXT NOT NULL,
    watermark TEXT NOT NULL,
    PRIMARY KEY (bureau, table_name)
);

-- Rows set aside (severity reject) and rows loaded with a warning, until the bureau fixes them.
CREATE TABLE data_issues (
    bureau TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value TEXT,
    reason TEXT NOT NULL,
    raw TEXT,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, table_name, row_id, severity, column_name)
);

-- Every stored assessment: the rule set's content hash, the as-of date, the pulls it rests on, the result.
CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ruleset_id TEXT NOT NULL,
    ruleset_hash TEXT NOT NULL,
    level TEXT NOT NULL,
    as_of DATE NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    pulls TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE INDEX assessments_ruleset ON assessments (ruleset_id, as_of);

-- The job ledger.
CREATE TABLE job_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job TEXT NOT NULL,
    planned_at TIMESTAMPTZ,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    outcome TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    error TEXT,
    as_of DATE,
    files TEXT,
    instance TEXT
);
CREATE INDEX job_runs_job ON job_runs (job, planned_at);

-- The province's random draws of counties for supervision visits (随机抽查).
CREATE TABLE draws (
    month TEXT NOT NULL,
    city TEXT NOT NULL,
    seed TEXT NOT NULL,
    counties TEXT NOT NULL,
    drawn_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, city)
);
