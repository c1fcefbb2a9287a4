-- The warehouse: a copy of every bureau's contract tables (keyed by the bureau
-- whose database the row came from and the row's own id), plus the records
-- of pulls, set-aside rows, assessments, job runs and draws.

CREATE TABLE enterprises (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    uscc VARCHAR(18) NOT NULL,
    name VARCHAR(255) NOT NULL,
    county_code VARCHAR(6) NOT NULL,
    category VARCHAR(32) NOT NULL,
    license_no VARCHAR(255),
    license_status VARCHAR(32) NOT NULL,
    producing TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX enterprises_county_code ON enterprises (county_code);

CREATE TABLE screenings (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    enterprise_id VARCHAR(64) NOT NULL,
    screened_on DATE NOT NULL,
    kind VARCHAR(32) NOT NULL,
    inspector_unit VARCHAR(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX screenings_enterprise_id ON screenings (bureau, enterprise_id);

CREATE TABLE hazards (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    enterprise_id VARCHAR(64) NOT NULL,
    source VARCHAR(32) NOT NULL,
    found_on DATE NOT NULL,
    severity VARCHAR(32) NOT NULL,
    description TEXT NOT NULL,
    deadline DATE NOT NULL,
    status VARCHAR(32) NOT NULL,
    rectified_on DATE,
    verified_on DATE,
    enforcement VARCHAR(32) NOT NULL,
    license_action VARCHAR(32) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX hazards_enterprise_id ON hazards (bureau, enterprise_id);

CREATE TABLE samplings (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    unit_code VARCHAR(6) NOT NULL,
    batch_no VARCHAR(255) NOT NULL,
    sampled_on DATE NOT NULL,
    channel VARCHAR(32) NOT NULL,
    outlet VARCHAR(255),
    category VARCHAR(32) NOT NULL,
    plan VARCHAR(32) NOT NULL,
    producer_enterprise_id VARCHAR(64),
    producer_uscc VARCHAR(255),
    result VARCHAR(32) NOT NULL,
    traced TINYINT NOT NULL,
    handled_on DATE,
    exposed TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX samplings_unit_code ON samplings (unit_code);

CREATE TABLE nonconforming (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    enterprise_id VARCHAR(64) NOT NULL,
    first_failed_year INT NOT NULL,
    fail_count INT NOT NULL,
    last_failed_on DATE NOT NULL,
    ordered_on DATE,
    rechecked_on DATE,
    followup_status VARCHAR(32) NOT NULL,
    followup_done_on DATE,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX nonconforming_enterprise_id ON nonconforming (bureau, enterprise_id);

CREATE TABLE dormant_checks (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    enterprise_id VARCHAR(64) NOT NULL,
    checked_on DATE NOT NULL,
    kind VARCHAR(32) NOT NULL,
    finding VARCHAR(32) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX dormant_checks_enterprise_id ON dormant_checks (bureau, enterprise_id);

CREATE TABLE risk_signals (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    unit_code VARCHAR(6) NOT NULL,
    received_on DATE NOT NULL,
    source VARCHAR(32) NOT NULL,
    category VARCHAR(32) NOT NULL,
    enterprise_id VARCHAR(64),
    summary TEXT NOT NULL,
    assessed_on DATE,
    risk_level VARCHAR(32),
    disposition VARCHAR(32),
    disposed_on DATE,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX risk_signals_unit_code ON risk_signals (unit_code);

CREATE TABLE risk_points (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    county_code VARCHAR(6) NOT NULL,
    enterprise_id VARCHAR(64),
    identified_on DATE NOT NULL,
    level VARCHAR(32) NOT NULL,
    description TEXT NOT NULL,
    zeroed_on DATE,
    measure VARCHAR(32),
    briefing_held TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX risk_points_county_code ON risk_points (county_code);

CREATE TABLE activities (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    unit_code VARCHAR(6) NOT NULL,
    action VARCHAR(32) NOT NULL,
    started_on DATE NOT NULL,
    completed_on DATE,
    experts INT,
    monitoring_projects INT,
    escalated TINYINT NOT NULL,
    emergency_plan TINYINT NOT NULL,
    notes TEXT,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX activities_unit_code ON activities (unit_code);

CREATE TABLE supervision_visits (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    inspector_unit VARCHAR(6) NOT NULL,
    inspected_unit VARCHAR(6) NOT NULL,
    visited_on DATE NOT NULL,
    random_pick TINYINT NOT NULL,
    enterprises_visited INT NOT NULL,
    hazards_checked INT NOT NULL,
    hazards_confirmed_cleared INT NOT NULL,
    problems_found INT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX supervision_visits_inspected_unit ON supervision_visits (inspected_unit);

CREATE TABLE submissions (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    unit_code VARCHAR(6) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    period VARCHAR(255) NOT NULL,
    submitted_on DATE NOT NULL,
    adopted TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX submissions_unit_code ON submissions (unit_code);

CREATE TABLE incidents (
    bureau VARCHAR(6) NOT NULL,
    id VARCHAR(64) NOT NULL,
    county_code VARCHAR(6) NOT NULL,
    occurred_on DATE NOT NULL,
    level VARCHAR(32) NOT NULL,
    category VARCHAR(32) NOT NULL,
    enterprise_id VARCHAR(64),
    direct_responsibility TINYINT NOT NULL,
    systemic TINYINT NOT NULL,
    summary TEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX incidents_county_code ON incidents (county_code);

-- One record per pull of one bureau database.
CREATE TABLE pulls (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    bureau VARCHAR(6) NOT NULL,
    started_at DATETIME(6) NOT NULL,
    finished_at DATETIME(6),
    outcome VARCHAR(32) NOT NULL,
    error MEDIUMTEXT,
    table_counts MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX pulls_bureau ON pulls (bureau, finished_at);

-- Per bureau and table, the newest updated_at already loaded (RFC 3339, UTC).
CREATE TABLE watermarks (
    bureau VARCHAR(6) NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    watermark VARCHAR(40) NOT NULL,
    PRIMARY KEY (bureau, table_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Rows set aside (severity reject) and rows loaded with a warning, until the bureau fixes them.
CREATE TABLE data_issues (
    bureau VARCHAR(6) NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    row_id VARCHAR(64) NOT NULL,
    severity VARCHAR(32) NOT NULL,
    column_name VARCHAR(64) NOT NULL,
    value MEDIUMTEXT,
    reason MEDIUMTEXT NOT NULL,
    raw MEDIUMTEXT,
    pull_id BIGINT NOT NULL,
    PRIMARY KEY (bureau, table_name, row_id, severity, column_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every stored assessment: the rule set's content hash, the as-of date, the pulls it rests on, the result.
CREATE TABLE assessments (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    ruleset_id VARCHAR(100) NOT NULL,
    ruleset_hash VARCHAR(64) NOT NULL,
    level VARCHAR(32) NOT NULL,
    as_of DATE NOT NULL,
    computed_at DATETIME(6) NOT NULL,
    pulls MEDIUMTEXT NOT NULL,
    result MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX assessments_ruleset ON assessments (ruleset_id, as_of);

-- The job ledger.
CREATE TABLE job_runs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    job VARCHAR(32) NOT NULL,
    planned_at DATETIME(6),
    started_at DATETIME(6) NOT NULL,
    finished_at DATETIME(6),
    outcome VARCHAR(32) NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    error MEDIUMTEXT,
    as_of DATE,
    files MEDIUMTEXT,
    instance VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX job_runs_job ON job_runs (job, planned_at);

-- The province's random draws of counties for supervision visits (随机抽查).
CREATE TABLE draws (
    month VARCHAR(7) NOT NULL,
    city VARCHAR(6) NOT NULL,
    seed VARCHAR(64) NOT NULL,
    counties VARCHAR(255) NOT NULL,
    drawn_at DATETIME(6) NOT NULL,
    PRIMARY KEY (month, city)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
