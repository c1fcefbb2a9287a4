-- Assessment periods past open (公示, 复核, final), the appeals filed in
-- them, the rulings on those appeals and the evidence files they carry.

-- One row per period once publicized: the frozen result it shows
-- (assessments.id) and its window of appeals.
CREATE TABLE periods (
    ruleset_id {{varchar 100}} NOT NULL,
    as_of DATE NOT NULL,
    state {{varchar 16}} NOT NULL,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    published DATE NOT NULL,
    deadline DATE NOT NULL,
    published_by {{varchar 64}} NOT NULL,
    published_at {{timestamp}} NOT NULL,
    finalized_by {{varchar 64}},
    finalized_at {{timestamp}},
    PRIMARY KEY (ruleset_id, as_of)
){{tableOptions}};

-- An appeal names one item of one unit's result; its value and ruling
-- columns are NULL when none was proposed or made.
CREATE TABLE appeals (
    id {{identity}},
    ruleset_id {{varchar 100}} NOT NULL,
    as_of DATE NOT NULL,
    unit {{varchar 6}} NOT NULL,
    item {{varchar 32}} NOT NULL,
    claim TEXT NOT NULL,
    value_numerator BIGINT,
    value_denominator BIGINT,
    filed_by {{varchar 64}} NOT NULL,
    filed_at {{timestamp}} NOT NULL,
    state {{varchar 16}} NOT NULL,
    ruling_numerator BIGINT,
    ruling_denominator BIGINT,
    ruling_score BIGINT,
    ruling_reason TEXT,
    ruled_by {{varchar 64}},
    ruled_at {{timestamp}}
){{tableOptions}};
CREATE INDEX appeals_period ON appeals (ruleset_id, as_of, unit);

-- Evidence files, stored whole with their sha256 and the content type
-- read from their bytes.
CREATE TABLE appeal_evidence (
    id {{identity}},
    appeal_id BIGINT NOT NULL REFERENCES appeals (id),
    name {{varchar 255}} NOT NULL,
    sha256 CHAR(64) NOT NULL,
    content_type {{varchar 64}} NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL
){{tableOptions}};
CREATE INDEX appeal_evidence_appeal ON appeal_evidence (appeal_id);
