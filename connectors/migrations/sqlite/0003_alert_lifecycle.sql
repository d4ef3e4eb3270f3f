-- The lifecycle of alerts: a version that grows with every change an officer or an escalation
-- makes (actions compare it to refuse stale writes), when the alert was acknowledged and
-- closed, and the earliest deadline that can still escalate it (nanoseconds since the epoch;
-- NULL until the escalation sweep has looked at the alert, 9223372036854775807 (the largest
-- BIGINT) when none can).
ALTER TABLE alerts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN acknowledged_at TEXT; -- RFC 3339
ALTER TABLE alerts ADD COLUMN closed_at TEXT; -- RFC 3339
ALTER TABLE alerts ADD COLUMN next_deadline_nanos INTEGER;
CREATE INDEX alerts_next_deadline_nanos ON alerts (next_deadline_nanos);

-- One entry per action, comment and escalation. Append-only: the triggers below refuse every
-- UPDATE and DELETE, and an alert that has entries can't be deleted (the foreign key has no
-- cascade; the store turns foreign keys on for every connection).
CREATE TABLE alert_audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT NOT NULL REFERENCES alerts (alert_id),
    version     INTEGER NOT NULL,
    at          TEXT NOT NULL, -- RFC 3339: the action's time, or the missed deadline
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('acknowledge', 'dispose', 'comment', 'reassign', 'reopen', 'escalate')),
    from_color  TEXT NOT NULL,
    to_color    TEXT NOT NULL,
    from_route  TEXT NOT NULL, -- JSON route
    to_route    TEXT NOT NULL, -- JSON route
    disposition TEXT,
    note        TEXT,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX alert_audit_alert_id ON alert_audit (alert_id, id);

CREATE TRIGGER alert_audit_no_update BEFORE UPDATE ON alert_audit
BEGIN
    SELECT RAISE(ABORT, 'alert_audit is append-only: audit entries are never changed or removed');
END;

CREATE TRIGGER alert_audit_no_delete BEFORE DELETE ON alert_audit
BEGIN
    SELECT RAISE(ABORT, 'alert_audit is append-only: audit entries are never changed or removed');
END;
