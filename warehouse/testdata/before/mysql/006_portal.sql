-- The portal (zhengzhi serve): accounts, their earlier passwords, server-side
-- sessions and the audit log with its hash chain.

-- One account per person: a unit of the registry, a role, and the admin and
-- auditor duties granted apart (三员分立). Passwords are argon2id PHC strings.
CREATE TABLE accounts (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    login VARCHAR(64) NOT NULL UNIQUE,
    unit VARCHAR(6) NOT NULL,
    role VARCHAR(16) NOT NULL,
    is_admin TINYINT NOT NULL DEFAULT 0,
    is_auditor TINYINT NOT NULL DEFAULT 0,
    demo TINYINT NOT NULL DEFAULT 0,
    disabled TINYINT NOT NULL DEFAULT 0,
    password_hash VARCHAR(255) NOT NULL,
    password_temporary TINYINT NOT NULL DEFAULT 1,
    password_changed_at DATETIME(6) NOT NULL,
    totp_secret VARCHAR(64),
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until DATETIME(6),
    created_at DATETIME(6) NOT NULL,
    last_login_at DATETIME(6),
    previous_login_at DATETIME(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every password an account has had, newest last: the last five may not be reused.
CREATE TABLE account_passwords (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    set_at DATETIME(6) NOT NULL,
    password_hash VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX account_passwords_account ON account_passwords (account_id, set_at);

-- Server-side sessions, keyed by the SHA-256 of the cookie's token. A session
-- belongs to one account once logged in; one session per account.
CREATE TABLE web_sessions (
    token_hash CHAR(64) NOT NULL PRIMARY KEY,
    account_id BIGINT,
    data LONGBLOB NOT NULL,
    expiry DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX web_sessions_account ON web_sessions (account_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expiry);

-- The audit log: append-only, each row chained to the one before by SHA-256.
CREATE TABLE audit_log (
    seq BIGINT NOT NULL PRIMARY KEY,
    at DATETIME(6) NOT NULL,
    account VARCHAR(64) NOT NULL,
    unit VARCHAR(6) NOT NULL,
    client VARCHAR(64) NOT NULL,
    action VARCHAR(32) NOT NULL,
    target VARCHAR(1024) NOT NULL,
    outcome VARCHAR(255) NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: its one row is locked by every append, which serialises
-- writers across processes, and names the last row, so a removed tail shows.
CREATE TABLE audit_head (
    id INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
