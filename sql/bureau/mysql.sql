-- The bureau data contract (数据报送标准) v1, mysql flavour: the twelve tables every
-- bureau database holds. zhengzhi only reads them; the demo generator and the tests create them.
-- Dates are kept as YYYY-MM-DD text (the contract allows it), so that a clerk's unreadable
-- date reaches zhengzhi and is reported instead of being refused by the engine.

CREATE TABLE enterprises (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    uscc VARCHAR(32) NOT NULL,
    name VARCHAR(255) NOT NULL,
    county_code VARCHAR(16) NOT NULL,
    category VARCHAR(32) NOT NULL,
    license_no VARCHAR(255),
    license_status VARCHAR(32) NOT NULL,
    producing TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX enterprises_updated_at ON enterprises (updated_at);

CREATE TABLE screenings (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    enterprise_id VARCHAR(64) NOT NULL,
    screened_on VARCHAR(32) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    inspector_unit VARCHAR(16) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX screenings_updated_at ON screenings (updated_at);

CREATE TABLE hazards (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    enterprise_id VARCHAR(64) NOT NULL,
    source VARCHAR(32) NOT NULL,
    found_on VARCHAR(32) NOT NULL,
    severity VARCHAR(32) NOT NULL,
    description TEXT NOT NULL,
    deadline VARCHAR(32) NOT NULL,
    status VARCHAR(32) NOT NULL,
    rectified_on VARCHAR(32),
    verified_on VARCHAR(32),
    enforcement VARCHAR(32) NOT NULL,
    license_action VARCHAR(32) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX hazards_updated_at ON hazards (updated_at);

CREATE TABLE samplings (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_code VARCHAR(16) NOT NULL,
    batch_no VARCHAR(255) NOT NULL,
    sampled_on VARCHAR(32) NOT NULL,
    channel VARCHAR(32) NOT NULL,
    outlet VARCHAR(255),
    category VARCHAR(32) NOT NULL,
    plan VARCHAR(32) NOT NULL,
    producer_enterprise_id VARCHAR(64),
    producer_uscc VARCHAR(255),
    result VARCHAR(32) NOT NULL,
    traced TINYINT NOT NULL,
    handled_on VARCHAR(32),
    exposed TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX samplings_updated_at ON samplings (updated_at);

CREATE TABLE nonconforming (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    enterprise_id VARCHAR(64) NOT NULL,
    first_failed_year INT NOT NULL,
    fail_count INT NOT NULL,
    last_failed_on VARCHAR(32) NOT NULL,
    ordered_on VARCHAR(32),
    rechecked_on VARCHAR(32),
    followup_status VARCHAR(32) NOT NULL,
    followup_done_on VARCHAR(32),
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX nonconforming_updated_at ON nonconforming (updated_at);

CREATE TABLE dormant_checks (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    enterprise_id VARCHAR(64) NOT NULL,
    checked_on VARCHAR(32) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    finding VARCHAR(32) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX dormant_checks_updated_at ON dormant_checks (updated_at);

CREATE TABLE risk_signals (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_code VARCHAR(16) NOT NULL,
    received_on VARCHAR(32) NOT NULL,
    source VARCHAR(32) NOT NULL,
    category VARCHAR(32) NOT NULL,
    enterprise_id VARCHAR(64),
    summary TEXT NOT NULL,
    assessed_on VARCHAR(32),
    risk_level VARCHAR(32),
    disposition VARCHAR(32),
    disposed_on VARCHAR(32),
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX risk_signals_updated_at ON risk_signals (updated_at);

CREATE TABLE risk_points (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    county_code VARCHAR(16) NOT NULL,
    enterprise_id VARCHAR(64),
    identified_on VARCHAR(32) NOT NULL,
    level VARCHAR(32) NOT NULL,
    description TEXT NOT NULL,
    zeroed_on VARCHAR(32),
    measure VARCHAR(32),
    briefing_held TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX risk_points_updated_at ON risk_points (updated_at);

CREATE TABLE activities (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_code VARCHAR(16) NOT NULL,
    action VARCHAR(32) NOT NULL,
    started_on VARCHAR(32) NOT NULL,
    completed_on VARCHAR(32),
    experts INT,
    monitoring_projects INT,
    escalated TINYINT NOT NULL,
    emergency_plan TINYINT NOT NULL,
    notes TEXT,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX activities_updated_at ON activities (updated_at);

CREATE TABLE supervision_visits (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    inspector_unit VARCHAR(16) NOT NULL,
    inspected_unit VARCHAR(16) NOT NULL,
    visited_on VARCHAR(32) NOT NULL,
    random_pick TINYINT NOT NULL,
    enterprises_visited INT NOT NULL,
    hazards_checked INT NOT NULL,
    hazards_confirmed_cleared INT NOT NULL,
    problems_found INT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX supervision_visits_updated_at ON supervision_visits (updated_at);

CREATE TABLE submissions (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    unit_code VARCHAR(16) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    period VARCHAR(255) NOT NULL,
    submitted_on VARCHAR(32) NOT NULL,
    adopted TINYINT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX submissions_updated_at ON submissions (updated_at);

CREATE TABLE incidents (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    county_code VARCHAR(16) NOT NULL,
    occurred_on VARCHAR(32) NOT NULL,
    level VARCHAR(32) NOT NULL,
    category VARCHAR(32) NOT NULL,
    enterprise_id VARCHAR(64),
    direct_responsibility TINYINT NOT NULL,
    systemic TINYINT NOT NULL,
    summary TEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    deleted TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX incidents_updated_at ON incidents (updated_at);
