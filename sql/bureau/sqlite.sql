-- The bureau data contract (数据报送标准) v1, sqlite flavour: the twelve tables every
-- bureau database holds. zhengzhi only reads them; the demo generator and the tests create them.
-- Dates are kept as YYYY-MM-DD text (the contract allows it), so that a clerk's unreadable
-- date reaches zhengzhi and is reported instead of being refused by the engine.

CREATE TABLE enterprises (
    id TEXT NOT NULL PRIMARY KEY,
    uscc TEXT NOT NULL,
    name TEXT NOT NULL,
    county_code TEXT NOT NULL,
    category TEXT NOT NULL,
    license_no TEXT,
    license_status TEXT NOT NULL,
    producing INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX enterprises_updated_at ON enterprises (updated_at);

CREATE TABLE screenings (
    id TEXT NOT NULL PRIMARY KEY,
    enterprise_id TEXT NOT NULL,
    screened_on VARCHAR(32) NOT NULL,
    kind TEXT NOT NULL,
    inspector_unit TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX screenings_updated_at ON screenings (updated_at);

CREATE TABLE hazards (
    id TEXT NOT NULL PRIMARY KEY,
    enterprise_id TEXT NOT NULL,
    source TEXT NOT NULL,
    found_on VARCHAR(32) NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL,
    deadline VARCHAR(32) NOT NULL,
    status TEXT NOT NULL,
    rectified_on VARCHAR(32),
    verified_on VARCHAR(32),
    enforcement TEXT NOT NULL,
    license_action TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX hazards_updated_at ON hazards (updated_at);

CREATE TABLE samplings (
    id TEXT NOT NULL PRIMARY KEY,
    unit_code TEXT NOT NULL,
    batch_no TEXT NOT NULL,
    sampled_on VARCHAR(32) NOT NULL,
    channel TEXT NOT NULL,
    outlet TEXT,
    category TEXT NOT NULL,
    plan TEXT NOT NULL,
    producer_enterprise_id TEXT,
    producer_uscc TEXT,
    result TEXT NOT NULL,
    traced INTEGER NOT NULL,
    handled_on VARCHAR(32),
    exposed INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX samplings_updated_at ON samplings (updated_at);

CREATE TABLE nonconforming (
    id TEXT NOT NULL PRIMARY KEY,
    enterprise_id TEXT NOT NULL,
    first_failed_year INTEGER NOT NULL,
    fail_count INTEGER NOT NULL,
    last_failed_on VARCHAR(32) NOT NULL,
    ordered_on VARCHAR(32),
    rechecked_on VARCHAR(32),
    followup_status TEXT NOT NULL,
    followup_done_on VARCHAR(32),
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX nonconforming_updated_at ON nonconforming (updated_at);

CREATE TABLE dormant_checks (
    id TEXT NOT NULL PRIMARY KEY,
    enterprise_id TEXT NOT NULL,
    checked_on VARCHAR(32) NOT NULL,
    kind TEXT NOT NULL,
    finding TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dormant_checks_updated_at ON dormant_checks (updated_at);

CREATE TABLE risk_signals (
    id TEXT NOT NULL PRIMARY KEY,
    unit_code TEXT NOT NULL,
    received_on VARCHAR(32) NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    enterprise_id TEXT,
    summary TEXT NOT NULL,
    assessed_on VARCHAR(32),
    risk_level TEXT,
    disposition TEXT,
    disposed_on VARCHAR(32),
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX risk_signals_updated_at ON risk_signals (updated_at);

CREATE TABLE risk_points (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    enterprise_id TEXT,
    identified_on VARCHAR(32) NOT NULL,
    level TEXT NOT NULL,
    description TEXT NOT NULL,
    zeroed_on VARCHAR(32),
    measure TEXT,
    briefing_held INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX risk_points_updated_at ON risk_points (updated_at);

CREATE TABLE activities (
    id TEXT NOT NULL PRIMARY KEY,
    unit_code TEXT NOT NULL,
    action TEXT NOT NULL,
    started_on VARCHAR(32) NOT NULL,
    completed_on VARCHAR(32),
    experts INTEGER,
    monitoring_projects INTEGER,
    escalated INTEGER NOT NULL,
    emergency_plan INTEGER NOT NULL,
    notes TEXT,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activities_updated_at ON activities (updated_at);

CREATE TABLE supervision_visits (
    id TEXT NOT NULL PRIMARY KEY,
    inspector_unit TEXT NOT NULL,
    inspected_unit TEXT NOT NULL,
    visited_on VARCHAR(32) NOT NULL,
    random_pick INTEGER NOT NULL,
    enterprises_visited INTEGER NOT NULL,
    hazards_checked INTEGER NOT NULL,
    hazards_confirmed_cleared INTEGER NOT NULL,
    problems_found INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX supervision_visits_updated_at ON supervision_visits (updated_at);

CREATE TABLE submissions (
    id TEXT NOT NULL PRIMARY KEY,
    unit_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    submitted_on VARCHAR(32) NOT NULL,
    adopted INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX submissions_updated_at ON submissions (updated_at);

CREATE TABLE incidents (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    occurred_on VARCHAR(32) NOT NULL,
    level TEXT NOT NULL,
    category TEXT NOT NULL,
    enterprise_id TEXT,
    direct_responsibility INTEGER NOT NULL,
    systemic INTEGER NOT NULL,
    summary TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_updated_at ON incidents (updated_at);
