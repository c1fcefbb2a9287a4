-- Assessment periods past open (公示, 复核, final), the appeals filed in
-- them, the rulings on those appeals and the evidence files they carry.

-- One row per period once publicized: the frozen result it shows
-- (assessments.id) and its window of appeals.
CREATE TABLE periods (
    ruleset_id TEXT NOT NULL,
    as_of DATE NOT NULL,
    state TEXT NOT NULL,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    published DATE NOT NULL,
    deadline DATE NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    finalized_by TEXT,
    finalized_at TIMESTAMPTZ,
    PRIMARY KEY (ruleset_id, as_of)
);

-- An appeal names one item of one unit's result; its value and ruling
-- columns are NULL when none was proposed or made.
CREATE TABLE appeals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ruleset_id TEXT NOT NULL,
    as_of DATE NOT NULL,
    unit TEXT NOT NULL,
    item TEXT NOT NULL,
    claim TEXT NOT NULL,
    value_numerator BIGINT,
    value_denominator BIGINT,
    filed_by TEXT NOT NULL,
    filed_at TIMESTAMPTZ NOT NULL,
    state TEXT NOT NULL,
    ruling_numerator BIGINT,
    ruling_denominator BIGINT,
    ruling_score BIGINT,
    ruling_reason TEXT,
    ruled_by TEXT,
    ruled_at TIMESTAMPTZ
);
CREATE INDEX appeals_period ON appeals (ruleset_id, as_of, unit);

-- Evidence files, stored whole with their sha256 and the content type
-- read from their bytes.
CREATE TABLE appeal_evidence (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appeal_id BIGINT NOT NULL REFERENCES appeals (id),
    name TEXT NOT NULL,
    sha256 CHAR(64) NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content BYTEA NOT NULL
);
CREATE INDEX appeal_evidence_appeal ON appeal_evidence (appeal_id);
