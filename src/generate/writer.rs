//! The event stream: registry events written at once, business events buffered per day and
//! written in occurred_at order when the day is closed, followed by that day's `clock.tick`.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::time::{at, plus_days, plus_seconds, push_timestamp, start_of};

/// Envelope village of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `township_id` = `village_id` = `*`.
    Global,
    /// Index of the village.
    Village(usize),
}

/// A business event as it is written, handed to the observers of the stream (the books that
/// evaluate thresholds over everything every desk writes).
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub kind: &'static str,
    pub at: NaiveDateTime,
    pub place: Place,
    pub payload: &'a str,
}

struct Pending {
    at: NaiveDateTime,
    seq: u64,
    kind: &'static str,
    place: Place,
    payload: String,
}

/// Registry events per second of registry time, per started block of villages.
const REGISTRY_EVENTS_PER_SECOND: u64 = 8;
const VILLAGES_PER_REGISTRY_RATE_STEP: u64 = 2_000;
/// Registry events are dated from this many days before the first business day.
const REGISTRY_DAYS_BEFORE_START: i64 = 10;

pub struct EventWriter<W: Write> {
    out: W,
    envelopes: Vec<(String, String)>,
    buckets: BTreeMap<NaiveDate, Vec<Pending>>,
    seq: u64,
    registry_count: u64,
    registry_rate: u64,
    registry_base: NaiveDateTime,
    first_day: NaiveDate,
    open_day: NaiveDate,
    last_day: NaiveDate,
    line: String,
    /// Registry event types kept for the books that read the registry (see `keep_registry`).
    keep: &'static [&'static str],
    kept: Vec<(&'static str, NaiveDateTime, Place, String)>,
    pub events: u64,
    pub by_type: BTreeMap<&'static str, u64>,
}

impl<W: Write> EventWriter<W> {
    /// `envelopes[i]` is (village_id, township_id) of village i.
    pub fn new(
        out: W,
        envelopes: Vec<(String, String)>,
        first_day: NaiveDate,
        last_day: NaiveDate,
    ) -> Self {
        let registry_rate = REGISTRY_EVENTS_PER_SECOND
            * (1 + envelopes.len() as u64 / VILLAGES_PER_REGISTRY_RATE_STEP);
        Self {
            out,
            envelopes,
            buckets: BTreeMap::new(),
            seq: 0,
            registry_count: 0,
            registry_rate,
            registry_base: at(plus_days(first_day, -REGISTRY_DAYS_BEFORE_START), 8, 0, 0),
            first_day,
            open_day: first_day,
            last_day,
            line: String::with_capacity(1024),
            keep: &[],
            kept: Vec::new(),
            events: 0,
            by_type: BTreeMap::new(),
        }
    }

    /// occurred_at of the next registry event.
    pub fn registry_time(&self) -> NaiveDateTime {
        plus_seconds(
            self.registry_base,
            (self.registry_count / self.registry_rate) as i64,
        )
    }

    /// Writes a registry event now; registry events precede every business event.
    pub fn registry(
        &mut self,
        kind: &'static str,
        place: Place,
        payload: &str,
    ) -> std::io::Result<()> {
        let at = self.registry_time();
        assert!(
            at < start_of(self.first_day),
            "registry events must be dated before the first business day"
        );
        self.registry_count += 1;
        if self.keep.contains(&kind) {
            self.kept.push((kind, at, place, payload.to_string()));
        }
        let id = format!("ev-reg-{:08}", self.registry_count);
        self.write_line(&id, kind, at, place, payload)
    }

    /// Keeps the registry events of these types as they are written, for `take_kept`: books that
    /// judge business events against the registry see it as the engine does.
    pub fn keep_registry(&mut self, kinds: &'static [&'static str]) {
        self.keep = kinds;
    }

    /// Hands the kept registry events, in the order written, to `observe`, and forgets them.
    pub fn take_kept(&mut self, observe: &mut dyn FnMut(Written)) {
        for (kind, at, place, payload) in std::mem::take(&mut self.kept) {
            observe(Written {
                kind,
                at,
                place,
                payload: &payload,
            });
        }
    }

    /// Buffers a business event; it is written when its day is closed.
    pub fn schedule(
        &mut self,
        kind: &'static str,
        place: Place,
        at: NaiveDateTime,
        payload: String,
    ) {
        let day = at.date();
        assert!(
            day >= self.open_day && day <= self.last_day,
            "{kind} at {at} is outside the open days {}..={}",
            self.open_day,
            self.last_day
        );
        self.seq += 1;
        self.buckets.entry(day).or_default().push(Pending {
            at,
            seq: self.seq,
            kind,
            place,
            payload,
        });
    }

    /// Writes the events of `day` in (occurred_at, scheduling order) and the tick at its end;
    /// `observe` sees each business event in that order, which is the order the engine applies
    /// them in.
    pub fn close_day(
        &mut self,
        day: NaiveDate,
        observe: &mut dyn FnMut(Written),
    ) -> std::io::Result<()> {
        assert_eq!(day, self.open_day, "days are closed in order");
        let mut events = self.buckets.remove(&day).unwrap_or_default();
        events.sort_by_key(|e| (e.at, e.seq));
        let stamp = format!("{:04}{:02}{:02}", day.year(), day.month(), day.day());
        for (n, e) in events.iter().enumerate() {
            let id = format!("ev-{stamp}-{:07}", n + 1);
            self.write_line(&id, e.kind, e.at, e.place, &e.payload)?;
            observe(Written {
                kind: e.kind,
                at: e.at,
                place: e.place,
                payload: &e.payload,
            });
        }
        let end = start_of(plus_days(day, 1));
        let mut tick_id = String::from("tick-");
        push_timestamp(&mut tick_id, end);
        tick_id.truncate(tick_id.len() - super::time::LOCAL_OFFSET.len());
        self.write_line(&tick_id, "clock.tick", end, Place::Global, "{}")?;
        self.open_day = plus_days(day, 1);
        Ok(())
    }

    /// Number of business events waiting for their day.
    pub fn pending(&self) -> usize {
        self.buckets.values().map(Vec::len).sum()
    }

    fn write_line(
        &mut self,
        id: &str,
        kind: &'static str,
        at: NaiveDateTime,
        place: Place,
        payload: &str,
    ) -> std::io::Result<()> {
        let (village, township) = match place {
            Place::Global => ("*", "*"),
            Place::Village(i) => {
                let (v, t) = &self.envelopes[i];
                (v.as_str(), t.as_str())
            }
        };
        let line = &mut self.line;
        line.clear();
        let _ = write!(
            line,
            r#"{{"event_id":"{id}","type":"{kind}","occurred_at":""#
        );
        push_timestamp(line, at);
        let _ = write!(
            line,
            r#"","township_id":"{township}","village_id":"{village}","payload":"#
        );
        line.push_str(payload);
        line.push_str("}\n");
        self.out.write_all(line.as_bytes())?;
        self.events += 1;
        *self.by_type.entry(kind).or_insert(0) += 1;
        Ok(())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    #[test]
    fn business_events_come_out_in_time_order_with_a_tick() {
        let mut out = Vec::new();
        {
            let envelopes = vec![("vl-0001".to_string(), "ts-01".to_string())];
            let mut w = EventWriter::new(&mut out, envelopes, d(1, 1), d(1, 2));
            w.registry("registry.calendar", Place::Global, "{}")
                .unwrap();
            w.schedule(
                "labor.claim",
                Place::Village(0),
                at(d(1, 1), 11, 0, 0),
                "{}".into(),
            );
            w.schedule(
                "labor.attendance",
                Place::Village(0),
                at(d(1, 1), 9, 0, 0),
                "{}".into(),
            );
            let mut seen = Vec::new();
            w.close_day(d(1, 1), &mut |e| seen.push(e.kind)).unwrap();
            assert_eq!(seen, ["labor.attendance", "labor.claim"]);
            assert_eq!(w.events, 4);
        }
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains(r#""occurred_at":"2022-12-22T08:00:00+08:00""#));
        assert!(lines[1].contains("labor.attendance") && lines[1].contains("ev-20230101-0000001"));
        assert!(lines[2].contains("labor.claim"));
        assert!(
            lines[3].starts_with(r#"{"event_id":"tick-2023-01-02T00:00:00","type":"clock.tick""#)
        );
    }
}
