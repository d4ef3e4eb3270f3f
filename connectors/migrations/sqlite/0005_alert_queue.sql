-- The alert queue: sort and deadline keys in whole milliseconds since the epoch, so that
-- instants written in different offsets order correctly and keyset pagination has an integer
-- key; and the former holders of each alert, so that "the previous holder keeps read access"
-- is an indexed join rather than a scan of the escalations JSON.
--
-- The keys are virtual generated columns (computed from the RFC 3339 text, 0 when it does not
-- parse); due_ms is the pending deadline: the ack deadline of a red alert, else the close one.
ALTER TABLE alerts ADD COLUMN detected_ms INTEGER
    GENERATED ALWAYS AS (coalesce(CAST(round(unixepoch(detected_at, 'subsec') * 1000) AS INTEGER), 0)) VIRTUAL;
ALTER TABLE alerts ADD COLUMN ack_deadline_ms INTEGER
    GENERATED ALWAYS AS (coalesce(CAST(round(unixepoch(ack_deadline, 'subsec') * 1000) AS INTEGER), 0)) VIRTUAL;
ALTER TABLE alerts ADD COLUMN close_deadline_ms INTEGER
    GENERATED ALWAYS AS (coalesce(CAST(round(unixepoch(close_deadline, 'subsec') * 1000) AS INTEGER), 0)) VIRTUAL;
ALTER TABLE alerts ADD COLUMN due_ms INTEGER
    GENERATED ALWAYS AS (CASE color WHEN 'red' THEN ack_deadline_ms ELSE close_deadline_ms END) VIRTUAL;

CREATE INDEX alerts_queue_detected ON alerts (detected_ms, alert_id);
CREATE INDEX alerts_queue_due ON alerts (due_ms, alert_id);
CREATE INDEX alerts_route_holder ON alerts (route_target, route_township_id, route_dept);
CREATE INDEX alerts_route_village ON alerts (route_village_id, route_target);

-- The `from` route of every escalation of an alert (dept '' when none). Kept by the triggers
-- below in the transaction that writes the alert, whoever writes it.
CREATE TABLE alert_former_holders (
    alert_id    TEXT NOT NULL REFERENCES alerts (alert_id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    township_id TEXT NOT NULL,
    village_id  TEXT NOT NULL,
    dept        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (alert_id, target, township_id, village_id, dept)
);

CREATE INDEX alert_former_holders_village ON alert_former_holders (target, village_id);
CREATE INDEX alert_former_holders_dept ON alert_former_holders (target, township_id, dept);

INSERT OR IGNORE INTO alert_former_holders (alert_id, target, township_id, village_id, dept)
SELECT a.alert_id, json_extract(e.value, '$.from.target'), json_extract(e.value, '$.from.township_id'),
       json_extract(e.value, '$.from.village_id'), coalesce(json_extract(e.value, '$.from.dept'), '')
FROM alerts a, json_each(a.escalations) e;

CREATE TRIGGER alert_former_holders_on_insert AFTER INSERT ON alerts
BEGIN
    INSERT OR IGNORE INTO alert_former_holders (alert_id, target, township_id, village_id, dept)
    SELECT NEW.alert_id, json_extract(e.value, '$.from.target'), json_extract(e.value, '$.from.township_id'),
           json_extract(e.value, '$.from.village_id'), coalesce(json_extract(e.value, '$.from.dept'), '')
    FROM json_each(NEW.escalations) e;
END;

CREATE TRIGGER alert_former_holders_on_update AFTER UPDATE OF escalations ON alerts
WHEN NEW.escalations IS NOT OLD.escalations
BEGIN
    DELETE FROM alert_former_holders WHERE alert_id = NEW.alert_id;
    INSERT OR IGNORE INTO alert_former_holders (alert_id, target, township_id, village_id, dept)
    SELECT NEW.alert_id, json_extract(e.value, '$.from.target'), json_extract(e.value, '$.from.township_id'),
           json_extract(e.value, '$.from.village_id'), coalesce(json_extract(e.value, '$.from.dept'), '')
    FROM json_each(NEW.escalations) e;
END;
