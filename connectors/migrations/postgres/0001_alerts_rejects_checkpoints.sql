-- Alerts: the scalar fields a dashboard filters on are columns; nested parts are JSON text
-- (not jsonb, which reorders keys and renormalises numbers), kept byte-exact so that reading an
-- alert back gives exactly what was stored. Cast to jsonb in queries that need to look inside.
-- alert_id sorts bytewise (COLLATE "C"), as the engine and the SQLite store do.
CREATE TABLE alerts (
    alert_id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    threshold_id      TEXT NOT NULL,
    threshold_code    TEXT NOT NULL,
    category          TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('efficiency', 'irregular', 'serious')),
    township_id       TEXT NOT NULL,
    village_id        TEXT NOT NULL,
    dedup_key         TEXT NOT NULL, -- JSON object, keys in catalog order
    message           TEXT NOT NULL,
    evidence          TEXT NOT NULL, -- JSON array, ordered by (occurred_at, event_id)
    params            TEXT NOT NULL, -- JSON object
    rule_version      TEXT NOT NULL,
    detected_at       TEXT NOT NULL, -- RFC 3339
    route_target      TEXT NOT NULL,
    route_township_id TEXT NOT NULL,
    route_village_id  TEXT NOT NULL,
    route_dept        TEXT,
    color             TEXT NOT NULL CHECK (color IN ('red', 'yellow', 'green')),
    ack_deadline      TEXT NOT NULL, -- RFC 3339
    close_deadline    TEXT NOT NULL, -- RFC 3339
    disposition       TEXT,
    escalations       TEXT NOT NULL, -- JSON array
    late              BOOLEAN NOT NULL DEFAULT FALSE,
    also_notify       TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX alerts_threshold_id ON alerts (threshold_id);
CREATE INDEX alerts_threshold_code ON alerts (threshold_code);
CREATE INDEX alerts_category ON alerts (category);
CREATE INDEX alerts_kind ON alerts (kind);
CREATE INDEX alerts_township_id ON alerts (township_id);
CREATE INDEX alerts_village_id ON alerts (village_id);
CREATE INDEX alerts_color ON alerts (color);
CREATE INDEX alerts_route_target ON alerts (route_target);
CREATE INDEX alerts_detected_at ON alerts (detected_at);
CREATE INDEX alerts_ack_deadline ON alerts (ack_deadline);
CREATE INDEX alerts_close_deadline ON alerts (close_deadline);

-- Refused input, kept with its reason; raw is the original bytes (bytea: text can't hold NUL).
CREATE TABLE rejects (
    id          BIGSERIAL PRIMARY KEY,
    source      TEXT NOT NULL,
    position    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    event_id    TEXT,
    raw         BYTEA NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX rejects_reason ON rejects (reason);

-- Per-partition engine state for crash recovery.
CREATE TABLE checkpoints (
    partition_key TEXT NOT NULL PRIMARY KEY,
    state         BYTEA NOT NULL,
    offsets       TEXT NOT NULL, -- JSON
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
