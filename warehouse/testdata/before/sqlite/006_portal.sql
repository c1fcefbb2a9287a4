-- The portal (zhengzhi serve): accounts, their earlier passwords, server-side
-- sessions and the audit log with its hash chain.

-- One account per person: a unit of the registry, a role, and the admin and
-- auditor duties granted apart (三员分立). Passwords are argon2id PHC strings.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL,
    role TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    is_auditor INTEGER NOT NULL DEFAULT 0,
    demo INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,
    password_temporary INTEGER NOT NULL DEFAULT 1,
    password_changed_at TIMESTAMP NOT NULL,
    totp_secret TEXT,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP,
    previous_login_at TIMESTAMP
);

-- Every password an account has had, newest last: the last five may not be reused.
CREATE TABLE account_passwords (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    set_at TIMESTAMP NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE INDEX account_passwords_account ON account_passwords (account_id, set_at);

-- Server-side sessions, keyed by the SHA-256 of the cookie's token. A session
-- belongs to one account once logged in; one session per account.
CREATE TABLE web_sessions (
    token_hash CHAR(64) NOT NULL PRIMARY KEY,
    account_id BIGINT,
    data BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_account ON web_sessions (account_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expiry);

-- The audit log: append-only, each row chained to the one before by SHA-256.
CREATE TABLE audit_log (
    seq BIGINT NOT NULL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
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
