-- The portal (zhengzhi serve): accounts, their earlier passwords, server-side
-- sessions and the audit log with its hash chain.

-- One account per person: a unit of the registry, a role, and the admin and
-- auditor duties granted apart (三员分立). Passwords are argon2id PHC strings.
CREATE TABLE accounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL,
    role TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    is_auditor BOOLEAN NOT NULL DEFAULT FALSE,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT NOT NULL,
    password_temporary BOOLEAN NOT NULL DEFAULT TRUE,
    password_changed_at TIMESTAMPTZ NOT NULL,
    totp_secret TEXT,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ,
    previous_login_at TIMESTAMPTZ
);

-- Every password an account has had, newest last: the last five may not be reused.
CREATE TABLE account_passwords (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    set_at TIMESTAMPTZ NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE INDEX account_passwords_account ON account_passwords (account_id, set_at);

-- Server-side sessions, keyed by the SHA-256 of the cookie's token. A session
-- belongs to one account once logged in; one session per account.
CREATE TABLE web_sessions (
    token_hash CHAR(64) NOT NULL PRIMARY KEY,
    account_id BIGINT,
    data BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_account ON web_sessions (account_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expiry);

-- The audit log: append-only, each row chained to the one before by SHA-256.
CREATE TABLE audit_log (
    seq BIGINT NOT NULL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    account TEXT NOT NULL,
    unit TEXT NOT NULL,
    client TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: its one row is locked by every append, which serialises
-- writers across processes, and names the last row, so a removed tail shows.
CREATE TABLE audit_head (
    id INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
