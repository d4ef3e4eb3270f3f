-- The alert queue: sort and deadline keys in whole milliseconds since the epoch, so that
-- instants written in different offsets order correctly and keyset pagination has an integer
-- key; and the former holders of each alert, so that "the previous holder keeps read access"
-- is an indexed join rather than a scan of the escalations JSON.

-- Milliseconds of an RFC 3339 text with an explicit offset, NULL for anything else. The offset
-- in the text fixes the instant, so the result does not depend on the session's TimeZone: that
-- is what makes IMMUTABLE true here (the text pattern is checked before the cast).
CREATE FUNCTION mingjing_epoch_ms(t text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN t ~ '^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$'
        THEN floor(extract(epoch FROM t::timestamptz) * 1000)::bigint
    END
$$;

-- due_ms is the pending deadline: the ack deadline of a red alert, else the close one.
ALTER TABLE alerts
    ADD COLUMN detected_ms BIGINT GENERATED ALWAYS AS (coalesce(mingjing_epoch_ms(detected_at), 0)) STORED,
    ADD COLUMN ack_deadline_ms BIGINT GENERATED ALWAYS AS (coalesce(mingjing_epoch_ms(ack_deadline), 0)) STORED,
    ADD COLUMN close_deadline_ms BIGINT GENERATED ALWAYS AS (coalesce(mingjing_epoch_ms(close_deadline), 0)) STORED,
    ADD COLUMN due_ms BIGINT GENERATED ALWAYS AS (coalesce(mingjing_epoch_ms(
        CASE color WHEN 'red' THEN ack_deadline ELSE close_deadline END), 0)) STORED;

CREATE INDEX alerts_queue_detected ON alerts (detected_ms, alert_id);
CREATE INDEX alerts_queue_due ON alerts (due_ms, alert_id);
CREATE INDEX alerts_route_holder ON alerts (route_target, route_township_id, route_dept);
CREATE INDEX alerts_route_village ON alerts (route_village_id, route_target);

-- The `from` route of every escalation of an alert (dept '' when none). Kept by the trigger
-- below in the transaction that writes the alert, whoever writes it.
CREATE TABLE alert_former_holders (
    alert_id    TEXT COLLATE "C" NOT NULL REFERENCES alerts (alert_id) ON DELETE CASCADE,
    target      TEXT NOT NULL,
    township_id TEXT NOT NULL,
    village_id  TEXT NOT NULL,
    dept        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (alert_id, target, township_id, village_id, dept)
);

CREATE INDEX alert_former_holders_village ON alert_former_holders (target, village_id);
CREATE INDEX alert_former_holders_dept ON alert_former_holders (target, township_id, dept);

INSERT INTO alert_former_holders (alert_id, target, township_id, village_id, dept)
SELECT a.alert_id, e->'from'->>'target', e->'from'->>'township_id', e->'from'->>'village_id',
       coalesce(e->'from'->>'dept', '')
FROM alerts a CROSS JOIN LATERAL jsonb_array_elements(a.escalations::jsonb) e
ON CONFLICT DO NOTHING;

CREATE FUNCTION alert_former_holders_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.escalations IS NOT DISTINCT FROM OLD.escalations THEN
            RETURN NULL;
        END IF;
        DELETE FROM alert_former_holders WHERE alert_id = NEW.alert_id;
    END IF;
    INSERT INTO alert_former_holders (alert_id, target, township_id, village_id, dept)
    SELECT NEW.alert_id, e->'from'->>'target', e->'from'->>'township_id', e->'from'->>'village_id',
           coalesce(e->'from'->>'dept', '')
    FROM jsonb_array_elements(NEW.escalations::jsonb) e
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER alert_former_holders_sync AFTER INSERT OR UPDATE OF escalations ON alerts
    FOR EACH ROW EXECUTE FUNCTION alert_former_holders_sync();
