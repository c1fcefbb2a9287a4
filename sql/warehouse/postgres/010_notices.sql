-- Notices: one outbox from which the portal's 通知 list, mail and the group
-- robots are fed. A notice is one event told to one recipient on one channel;
-- its key (SHA-256 of event, recipient and channel) is unique, so no number
-- of scheduler or serve instances, retries or re-renders makes a second one.
ALTER TABLE accounts ADD COLUMN email TEXT;

CREATE TABLE notices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_key CHAR(64) NOT NULL UNIQUE,
    event TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    unit TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TIMESTAMPTZ NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMPTZ,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    read_at TIMESTAMPTZ
);
CREATE INDEX notices_due ON notices (state, next_at);
CREATE INDEX notices_recipient ON notices (recipient, channel, created_at);

-- Every try to deliver a notice and how it ended.
CREATE TABLE notice_attempts (
    notice_id BIGINT NOT NULL REFERENCES notices (id),
    attempt INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (notice_id, attempt)
);
CREATE INDEX notice_attempts_recipient ON notice_attempts (recipient, at);

-- The files a recipient has been told of on a channel, by content: a
-- re-render that changes nothing tells nobody anything.
CREATE TABLE notice_files (
    recipient TEXT NOT NULL,
    channel TEXT NOT NULL,
    sha256 CHAR(64) NOT NULL,
    PRIMARY KEY (recipient, channel, sha256)
);

-- Events already turned into notices, so an event found again (a published
-- generation seen at the next start) is planned once.
CREATE TABLE notice_events (
    event_key TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
