//! Quarters ("YYYYQn") as the catalog uses them: period arithmetic, `due(P)` of the periodic
//! thresholds, `period_of(d)` of a disclosure, and money summed over a quarter.

use super::host::{field_as, Cx};
use crate::event::EventType;
use crate::records::EventRef;
use crate::state::PartitionState;
use crate::values::{Date, Money, Period, Timestamp};
use chrono::Months;
use rhai::{Dynamic, Engine, EvalAltResult};

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// The quarter before `period`.
pub fn previous(period: Period) -> Period {
    if period.quarter == 1 {
        Period {
            year: period.year - 1,
            quarter: 4,
        }
    } else {
        Period {
            year: period.year,
            quarter: period.quarter - 1,
        }
    }
}

/// Day `due_day` of the first month of the quarter after `period`. A day past the end of that
/// month means the month's last day (a deployment that sets 31 means "by the end of the month").
pub fn due_date(period: Period, due_day: i64) -> Result<Date, String> {
    if due_day < 1 {
        return Err(format!(
            "due_day must be a day of the month (1..31), not {due_day}"
        ));
    }
    let first = period.next().first_day();
    let month_end = first
        .0
        .checked_add_months(Months::new(1))
        .map_or(first, |next_month| Date(next_month).plus_days(-1));
    let wanted = first.plus_days(due_day.min(31) - 1);
    Ok(wanted.min(month_end))
}

/// due(P): eod of day `due_day` of the first month of the quarter after P, in the local zone.
/// P = 2022Q1, due_day = 20 gives 2022-04-21T00:00:00+08:00.
pub fn due(period: Period, due_day: i64, offset_seconds: i32) -> Result<Timestamp, String> {
    let day = due_date(period, due_day)?;
    Ok(Timestamp::start_of_day(day.plus_days(1).0, offset_seconds))
}

impl PartitionState {
    /// The quarter of an instant in the local zone.
    pub fn quarter_of(&self, at: Timestamp) -> Period {
        Date(at.local_date(self.local_offset())).quarter()
    }

    /// period_of(d) of a disclosure.published: its `period` when present, otherwise the quarter
    /// of date(d.occurred_at).
    pub fn period_of(&self, disclosure: &EventRef) -> Period {
        field_as::<Period>(disclosure, "period")
            .unwrap_or_else(|| self.quarter_of(disclosure.occurred_at))
    }

    /// Live records of a business type in the current village whose date(occurred_at) falls in
    /// `period`, in (occurred_at, event_id) order.
    pub fn in_period(&mut self, event_type: EventType, period: Period) -> Vec<EventRef> {
        let offset = self.local_offset();
        let village = self.frame.village_id.clone();
        self.find_in_scope_where(event_type, "village_id", &village, |e| {
            period.contains(Date(e.occurred_at.local_date(offset)))
        })
    }

    /// The sum of the money member `amount` over [`Self::in_period`] records; absent amounts
    /// count 0.
    pub fn sum_in_period(
        &mut self,
        event_type: EventType,
        amount: &str,
        period: Period,
    ) -> Option<Money> {
        self.in_period(event_type, period)
            .iter()
            .map(|e| field_as::<Money>(e, amount).unwrap_or(Money::ZERO))
            .try_fold(Money::ZERO, Money::checked_add)
    }
}

fn event_type(name: &str) -> ScriptResult<EventType> {
    EventType::parse(name).ok_or_else(|| format!("unknown event type {name:?}").into())
}

/// Registers the plain functions `next(P)`, `previous(P)`, `first_day(P)`, `last_day(P)`,
/// `contains(P, day)` and, on `cx`: `due(P, due_day)` (a timestamp), `period_of(d)`,
/// `in_period(type, P)` (records) and `sum_in_period(type, amount_member, P)` (money).
pub fn register(engine: &mut Engine) {
    engine.register_fn("next", |p: Period| p.next());
    engine.register_fn("previous", previous);
    engine.register_fn("first_day", |p: Period| p.first_day());
    engine.register_fn("last_day", |p: Period| p.last_day());
    engine.register_fn("contains", |p: Period, day: Date| p.contains(day));
    engine.register_fn(
        "due",
        |cx: &mut Cx, p: Period, due_day: i64| -> ScriptResult<Timestamp> {
            let offset = cx.state.lock().local_offset();
            due(p, due_day, offset).map_err(Into::into)
        },
    );
    engine.register_fn("period_of", |cx: &mut Cx, d: super::script_types::Rec| {
        cx.state.lock().period_of(&d.0)
    });
    engine.register_fn(
        "in_period",
        |cx: &mut Cx, kind: &str, p: Period| -> ScriptResult<rhai::Array> {
            let t = event_type(kind)?;
            let found = cx.state.lock().in_period(t, p);
            Ok(found
                .into_iter()
                .map(|e| Dynamic::from(super::script_types::Rec(e)))
                .collect())
        },
    );
    engine.register_fn(
        "sum_in_period",
        |cx: &mut Cx, kind: &str, amount: &str, p: Period| -> ScriptResult<Money> {
            let t = event_type(kind)?;
            cx.state
                .lock()
                .sum_in_period(t, amount, p)
                .ok_or_else(|| "money overflow".into())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;
    use crate::event::{decode, DecodeOptions};
    use crate::values::Text;
    use std::sync::Arc;

    fn event(id: &str, kind: &str, at: &str, village: &str, payload: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{id}","type":"{kind}","occurred_at":"{at}","township_id":"ts-01","village_id":"{village}","payload":{payload}}}"#
        );
        let options = DecodeOptions {
            local_offset_seconds: 8 * 3600,
        };
        Arc::new(decode(line.as_bytes(), &options).unwrap().event)
    }

    fn receipt(id: &str, at: &str, village: &str, amount: &str) -> EventRef {
        event(
            id,
            "finance.receipt",
            at,
            village,
            &format!(
                r#"{{"receipt_id":"{id}","amount":{amount},"method":"bank","payer_id":"p-1","received_on":"2023-01-01"}}"#
            ),
        )
    }

    fn state_with(events: &[EventRef]) -> PartitionState {
        let mut state = PartitionState::new(EngineConfig::default().time_settings().unwrap());
        for e in events {
            state.records.apply(e);
        }
        state.frame.village_id = Text::from("vl-01");
        state
    }

    #[test]
    fn a_quarter_sum_counts_local_dates_of_the_village_exactly() {
        let mut state = state_with(&[
            // 2023-03-31T16:00Z is 2023-04-01 00:00 local: second quarter.
            receipt("r1", "2023-03-31T16:00:00Z", "vl-01", "0.10"),
            receipt("r2", "2023-03-31T23:59:59+08:00", "vl-01", "0.20"),
            receipt("r3", "2023-01-01T00:00:00+08:00", "vl-01", "100.05"),
            receipt("r4", "2023-02-01T00:00:00+08:00", "vl-02", "7.00"),
        ]);
        let sum = |state: &mut PartitionState, p: &str| {
            state
                .sum_in_period(EventType::FinanceReceipt, "amount", period(p))
                .unwrap()
        };
        assert_eq!(sum(&mut state, "2023Q1"), Money(10025));
        assert_eq!(sum(&mut state, "2023Q2"), Money(10));
        assert_eq!(sum(&mut state, "2022Q4"), Money(0));
    }

    #[test]
    fn period_of_a_disclosure_is_its_period_or_the_quarter_it_was_published_in() {
        let state = state_with(&[]);
        let with_period = event(
            "d1",
            "disclosure.published",
            "2023-04-05T09:00:00+08:00",
            "vl-01",
            r#"{"disclosure_id":"d1","category":"finance","period":"2023Q1","items":[],"income_total":0,"expense_total":0}"#,
        );
        let without = event(
            "d2",
            "disclosure.published",
            "2023-04-05T09:00:00+08:00",
            "vl-01",
            r#"{"disclosure_id":"d2","category":"affairs","items":[]}"#,
        );
        assert_eq!(state.period_of(&with_period), period("2023Q1"));
        assert_eq!(state.period_of(&without), period("2023Q2"));
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn due_is_the_end_of_the_due_day_after_the_quarter() {
        let offset = 8 * 3600;
        assert_eq!(
            due(period("2022Q1"), 20, offset).unwrap().to_rfc3339(),
            "2022-04-21T00:00:00+08:00"
        );
        assert_eq!(
            due(period("2022Q4"), 20, offset).unwrap().to_rfc3339(),
            "2023-01-21T00:00:00+08:00"
        );
        assert_eq!(
            due(period("2023Q2"), 1, offset).unwrap().to_rfc3339(),
            "2023-07-02T00:00:00+08:00"
        );
    }

    #[test]
    fn a_due_day_past_the_month_end_is_the_last_day_of_the_month() {
        assert_eq!(
            due_date(period("2022Q1"), 31).unwrap().to_string(),
            "2022-04-30"
        );
        assert_eq!(
            due_date(period("2022Q2"), 31).unwrap().to_string(),
            "2022-07-31"
        );
        assert!(due_date(period("2022Q2"), 0).is_err());
    }

    #[test]
    fn previous_and_next_quarters() {
        assert_eq!(previous(period("2023Q1")).to_string(), "2022Q4");
        assert_eq!(previous(period("2023Q3")).to_string(), "2023Q2");
        assert_eq!(previous(period("2023Q1").next()), period("2023Q1"));
    }
}
