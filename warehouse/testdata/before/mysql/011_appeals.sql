-- Assessment periods past open (公示, 复核, final), the appeals filed in
-- them, the rulings on those appeals and the evidence files they carry.

-- One row per period once publicized: the frozen result it shows
-- (assessments.id) and its window of appeals.
CREATE TABLE periods (
    ruleset_id VARCHAR(100) NOT NULL,
    as_of DATE NOT NULL,
    state VARCHAR(16) NOT NULL,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    published DATE NOT NULL,
    deadline DATE NOT NULL,
    published_by VARCHAR(64) NOT NULL,
    published_at DATETIME(6) NOT NULL,
    finalized_by VARCHAR(64),
    finalized_at DATETIME(6),
    PRIMARY KEY (ruleset_id, as_of)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An appeal names one item of one unit's result; its value and ruling
-- columns are NULL when none was proposed or made.
CREATE TABLE appeals (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    ruleset_id VARCHAR(100) NOT NULL,
    as_of DATE NOT NULL,
    unit VARCHAR(6) NOT NULL,
    item VARCHAR(32) NOT NULL,
    claim TEXT NOT NULL,
    value_numerator BIGINT,
    value_denominator BIGINT,
    filed_by VARCHAR(64) NOT NULL,
    filed_at DATETIME(6) NOT NULL,
    state VARCHAR(16) NOT NULL,
    ruling_numerator BIGINT,
    ruling_denominator BIGINT,
    ruling_score BIGINT,
    ruling_reason TEXT,
    ruled_by VARCHAR(64),
    ruled_at DATETIME(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX appeals_period ON appeals (ruleset_id, as_of, unit);

-- Evidence files, stored whole with their sha256 and the content type
-- read from their bytes.
CREATE TABLE appeal_evidence (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    appeal_id BIGINT NOT NULL REFERENCES appeals (id),
    name VARCHAR(255) NOT NULL,
    sha256 CHAR(64) NOT NULL,
    content_type VARCHAR(64) NOT NULL,
    size BIGINT NOT NULL,
    content LONGBLOB NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX appeal_evidence_appeal ON appeal_evidence (appeal_id);
