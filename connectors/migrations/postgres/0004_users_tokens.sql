-- Users of the alert queue with their role and scope, and the bearer tokens they log in with.
-- Passwords are kept only as argon2 hashes (PHC strings), tokens only as SHA-256 hashes.
CREATE TABLE users (
    username      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('city_commission', 'township_commission', 'department', 'village', 'rule_author', 'ops')),
    township_id   TEXT,
    village_id    TEXT,
    dept          TEXT,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
    token_hash TEXT NOT NULL PRIMARY KEY, -- hex SHA-256 of the token
    username   TEXT COLLATE "C" NOT NULL REFERENCES users (username),
    issued_at  TEXT NOT NULL, -- RFC 3339
    expires_at TEXT NOT NULL, -- RFC 3339
    revoked_at TEXT -- RFC 3339
);

CREATE INDEX tokens_username ON tokens (username);
