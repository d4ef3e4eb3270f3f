//! The value types scripts compute with: money in fen, exact fractions, instants, spans, dates,
//! periods and parameter durations, with their operators. There are no floats in scripts.

use super::op_assign;
use super::params::{FractionParam, Params};
use crate::records::EventRef;
use crate::values::timestamp::{NANOS_PER_HOUR, NANOS_PER_MINUTE, NANOS_PER_SECOND};
use crate::values::{
    Date, Decimal, DurationUnit, Fraction, Money, ParamDuration, Period, Timestamp,
};
use chrono::{Datelike, NaiveDate};
use rhai::{Dynamic, Engine, EvalAltResult};

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// An exact span of time between two instants, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span(pub i64);

impl Span {
    /// `3小时59分`, `2天4小时`, `45秒`.
    pub fn to_chinese(self) -> String {
        let total = self.0.abs() / NANOS_PER_SECOND;
        let (days, hours, minutes, seconds) = (
            total / 86_400,
            total % 86_400 / 3600,
            total % 3600 / 60,
            total % 60,
        );
        let mut text = String::from(if self.0 < 0 { "-" } else { "" });
        if days > 0 {
            text.push_str(&format!("{days}天"));
        }
        if hours > 0 {
            text.push_str(&format!("{hours}小时"));
        }
        if minutes > 0 {
            text.push_str(&format!("{minutes}分"));
        }
        if seconds > 0 || text.is_empty() || text == "-" {
            text.push_str(&format!("{seconds}秒"));
        }
        text
    }
}

/// A record handed to a script: fields by name (`ev.claim_id`, `ev["type"]`).
#[derive(Clone, Debug)]
pub struct Rec(pub EventRef);

fn exact(d: ParamDuration) -> ScriptResult<i64> {
    d.exact_nanos()
        .ok_or_else(|| format!("{d} counts working days: use cx.wd_add(day, n)").into())
}

fn days_of(d: ParamDuration) -> ScriptResult<i64> {
    match d.unit {
        DurationUnit::Days => Ok(d.amount),
        DurationUnit::WorkingDays => {
            Err(format!("{d} counts working days: use cx.wd_add(day, n)").into())
        }
        _ => Err(format!("{d} is a time of day span; a date moves by whole days (d)").into()),
    }
}

fn overflow() -> Box<EvalAltResult> {
    "arithmetic overflow".into()
}

fn fraction_of(m: Money) -> Fraction {
    Fraction::from_integer(i128::from(m.0))
}

macro_rules! register_comparisons {
    ($engine:expr, $a:ty, $b:ty, $left:expr, $right:expr) => {{
        let (l, r) = ($left, $right);
        $engine.register_fn("==", move |a: $a, b: $b| l(a) == r(b));
        $engine.register_fn("!=", move |a: $a, b: $b| l(a) != r(b));
        $engine.register_fn("<", move |a: $a, b: $b| l(a) < r(b));
        $engine.register_fn("<=", move |a: $a, b: $b| l(a) <= r(b));
        $engine.register_fn(">", move |a: $a, b: $b| l(a) > r(b));
        $engine.register_fn(">=", move |a: $a, b: $b| l(a) >= r(b));
    }};
}

/// Registers the value types and their operators. `offset` is the local zone (seconds east).
pub fn register(engine: &mut Engine, offset: i32) {
    engine
        .register_type_with_name::<Money>("Money")
        .register_type_with_name::<Fraction>("Fraction")
        .register_type_with_name::<Decimal>("Decimal")
        .register_type_with_name::<Timestamp>("Timestamp")
        .register_type_with_name::<Span>("Span")
        .register_type_with_name::<Date>("Date")
        .register_type_with_name::<Period>("Period")
        .register_type_with_name::<ParamDuration>("Duration")
        .register_type_with_name::<FractionParam>("FractionParam")
        .register_type_with_name::<Params>("Params")
        .register_type_with_name::<Rec>("Event");

    register_money(engine);
    register_fraction(engine);
    register_time(engine, offset);
    register_records(engine);
}

fn register_money(engine: &mut Engine) {
    engine.register_fn("money", |yuan: i64| -> ScriptResult<Money> {
        yuan.checked_mul(100).map(Money).ok_or_else(overflow)
    });
    engine.register_fn("money", |literal: &str| -> ScriptResult<Money> {
        Money::parse_literal(literal).map_err(|e| e.to_string().into())
    });
    engine.register_fn("fen", |m: Money| m.0);
    op_assign::register(engine, "+", |a: Money, b: Money| -> ScriptResult<Money> {
        a.checked_add(b).ok_or_else(overflow)
    });
    op_assign::register(engine, "-", |a: Money, b: Money| -> ScriptResult<Money> {
        a.0.checked_sub(b.0).map(Money).ok_or_else(overflow)
    });
    engine.register_fn("*", |a: Money, n: i64| -> ScriptResult<Money> {
        a.0.checked_mul(n).map(Money).ok_or_else(overflow)
    });
    engine.register_fn("*", |a: Money, f: Fraction| -> ScriptResult<Fraction> {
        fraction_of(a).checked_mul(f).ok_or_else(overflow)
    });
    engine.register_fn("abs", |a: Money| Money(a.0.saturating_abs()));
    engine.register_fn("to_string", |m: &mut Money| m.to_display_yuan());
    engine.register_fn("to_debug", |m: &mut Money| m.to_literal());
    register_comparisons!(engine, Money, Money, |a: Money| a, |b: Money| b);
    // A Money compared with a Fraction compares fen: `spent > budget * (1 + tolerance)`.
    register_comparisons!(engine, Money, Fraction, fraction_of, |b: Fraction| b);
    register_comparisons!(engine, Fraction, Money, |a: Fraction| a, fraction_of);
}

fn register_fraction(engine: &mut Engine) {
    engine.register_fn("fraction", |text: &str| -> ScriptResult<FractionParam> {
        Fraction::parse(text)
            .map(|value| FractionParam {
                value,
                text: text.trim().to_string(),
            })
            .map_err(Into::into)
    });
    engine.register_fn("ratio", |a: i64, b: i64| -> ScriptResult<Fraction> {
        Fraction::new(i128::from(a), i128::from(b))
            .ok_or_else(|| "ratio with a zero denominator".into())
    });
    let int = |i: i64| Fraction::from_integer(i128::from(i));
    op_assign::register(
        engine,
        "+",
        |a: Fraction, b: Fraction| -> ScriptResult<Fraction> {
            a.checked_add(b).ok_or_else(overflow)
        },
    );
    op_assign::register(
        engine,
        "-",
        |a: Fraction, b: Fraction| -> ScriptResult<Fraction> {
            a.checked_sub(b).ok_or_else(overflow)
        },
    );
    engine.register_fn("*", |a: Fraction, b: Fraction| -> ScriptResult<Fraction> {
        a.checked_mul(b).ok_or_else(overflow)
    });
    engine.register_fn("/", |a: Fraction, b: Fraction| -> ScriptResult<Fraction> {
        a.checked_div(b).ok_or_else(|| "division by zero".into())
    });
    engine.register_fn("+", move |a: i64, b: Fraction| -> ScriptResult<Fraction> {
        int(a).checked_add(b).ok_or_else(overflow)
    });
    op_assign::register(
        engine,
        "+",
        move |a: Fraction, b: i64| -> ScriptResult<Fraction> {
            a.checked_add(int(b)).ok_or_else(overflow)
        },
    );
    engine.register_fn("-", move |a: i64, b: Fraction| -> ScriptResult<Fraction> {
        int(a).checked_sub(b).ok_or_else(overflow)
    });
    engine.register_fn("*", move |a: Fraction, b: i64| -> ScriptResult<Fraction> {
        a.checked_mul(int(b)).ok_or_else(overflow)
    });
    engine.register_fn("*", move |a: i64, b: Fraction| -> ScriptResult<Fraction> {
        int(a).checked_mul(b).ok_or_else(overflow)
    });
    engine.register_fn("to_string", |f: &mut Fraction| f.to_string());
    engine.register_fn("to_debug", |f: &mut Fraction| f.to_string());
    register_comparisons!(engine, Fraction, Fraction, |a: Fraction| a, |b: Fraction| b);
    register_comparisons!(engine, Fraction, i64, |a: Fraction| a, int);
    register_comparisons!(engine, i64, Fraction, int, |b: Fraction| b);

    let decimal_fraction =
        |d: Decimal| Fraction::new(d.0, Decimal::SCALE).unwrap_or(Fraction::from_integer(0));
    engine.register_fn("to_fraction", decimal_fraction);
    engine.register_fn("to_string", |d: &mut Decimal| d.to_literal());
    engine.register_fn("to_debug", |d: &mut Decimal| d.to_literal());
    register_comparisons!(engine, Decimal, Decimal, |a: Decimal| a, |b: Decimal| b);
    register_comparisons!(engine, Decimal, i64, |a: Decimal| a, Decimal::from_integer);
    register_comparisons!(engine, Decimal, Fraction, decimal_fraction, |b: Fraction| b);
    register_comparisons!(engine, Fraction, Decimal, |a: Fraction| a, decimal_fraction);
}

fn register_time(engine: &mut Engine, offset: i32) {
    engine.register_fn("duration", |text: &str| -> ScriptResult<ParamDuration> {
        ParamDuration::parse(text).map_err(Into::into)
    });
    engine.register_fn("timestamp", |text: &str| -> ScriptResult<Timestamp> {
        Timestamp::parse(text).map_err(Into::into)
    });
    engine.register_fn("date", |text: &str| -> ScriptResult<Date> {
        Date::parse(text).map_err(Into::into)
    });
    engine.register_fn("date", move |ts: Timestamp| Date(ts.local_date(offset)));
    engine.register_fn(
        "date",
        |year: i64, month: i64, day: i64| -> ScriptResult<Date> {
            let part = |n: i64| u32::try_from(n).ok();
            i32::try_from(year)
                .ok()
                .zip(part(month).zip(part(day)))
                .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d))
                .map(Date)
                .ok_or_else(|| {
                    format!("no such date: year {year}, month {month}, day {day}").into()
                })
        },
    );
    engine.register_fn("sod", move |d: Date| Timestamp::start_of_day(d.0, offset));
    engine.register_fn("eod", move |d: Date| {
        Timestamp::start_of_day(d.plus_days(1).0, offset)
    });
    engine.register_fn("year", |d: Date| i64::from(d.year()));
    engine.register_fn("month", |d: Date| i64::from(d.0.month()));
    engine.register_fn("quarter", |d: Date| d.quarter());
    engine.register_fn("period", |text: &str| -> ScriptResult<Period> {
        Period::parse(text).map_err(Into::into)
    });

    engine.register_fn("-", |a: Timestamp, b: Timestamp| {
        Span(a.nanos().saturating_sub(b.nanos()))
    });
    engine.register_fn(
        "+",
        |a: Timestamp, d: ParamDuration| -> ScriptResult<Timestamp> { Ok(a.plus_nanos(exact(d)?)) },
    );
    engine.register_fn(
        "-",
        |a: Timestamp, d: ParamDuration| -> ScriptResult<Timestamp> {
            Ok(a.plus_nanos(-exact(d)?))
        },
    );
    op_assign::register(engine, "+", |a: Timestamp, s: Span| Ok(a.plus_nanos(s.0)));
    op_assign::register(engine, "-", |a: Timestamp, s: Span| Ok(a.plus_nanos(-s.0)));
    engine.register_fn("to_string", move |t: &mut Timestamp| {
        t.in_offset(offset)
            .to_rfc3339_whole_seconds(offset)
            .replacen('T', " ", 1)
            .chars()
            .take(19)
            .collect::<String>()
    });
    engine.register_fn("to_debug", |t: &mut Timestamp| t.to_rfc3339());
    register_comparisons!(
        engine,
        Timestamp,
        Timestamp,
        |a: Timestamp| a,
        |b: Timestamp| b
    );

    engine.register_fn("hours", |s: Span| s.0 / NANOS_PER_HOUR);
    engine.register_fn("minutes", |s: Span| s.0 / NANOS_PER_MINUTE);
    engine.register_fn("seconds", |s: Span| s.0 / NANOS_PER_SECOND);
    engine.register_fn("span_hours", |h: i64| {
        Span(h.saturating_mul(NANOS_PER_HOUR))
    });
    op_assign::register(engine, "+", |a: Span, b: Span| {
        Ok(Span(a.0.saturating_add(b.0)))
    });
    op_assign::register(engine, "-", |a: Span, b: Span| {
        Ok(Span(a.0.saturating_sub(b.0)))
    });
    engine.register_fn("to_string", |s: &mut Span| s.to_chinese());
    engine.register_fn("to_debug", |s: &mut Span| format!("{}ns", s.0));
    register_comparisons!(engine, Span, Span, |a: Span| a, |b: Span| b);
    engine.register_fn("<", |a: Span, d: ParamDuration| -> ScriptResult<bool> {
        Ok(a.0 < exact(d)?)
    });
    engine.register_fn("<=", |a: Span, d: ParamDuration| -> ScriptResult<bool> {
        Ok(a.0 <= exact(d)?)
    });
    engine.register_fn(">", |a: Span, d: ParamDuration| -> ScriptResult<bool> {
        Ok(a.0 > exact(d)?)
    });
    engine.register_fn(">=", |a: Span, d: ParamDuration| -> ScriptResult<bool> {
        Ok(a.0 >= exact(d)?)
    });
    engine.register_fn("==", |a: Span, d: ParamDuration| -> ScriptResult<bool> {
        Ok(a.0 == exact(d)?)
    });

    engine.register_fn("+", |a: Date, d: ParamDuration| -> ScriptResult<Date> {
        Ok(a.plus_days(days_of(d)?))
    });
    engine.register_fn("-", |a: Date, d: ParamDuration| -> ScriptResult<Date> {
        Ok(a.plus_days(-days_of(d)?))
    });
    op_assign::register(engine, "+", |a: Date, n: i64| Ok(a.plus_days(n)));
    op_assign::register(engine, "-", |a: Date, n: i64| Ok(a.plus_days(-n)));
    engine.register_fn("-", |a: Date, b: Date| a.epoch_days() - b.epoch_days());
    engine.register_fn("to_string", |d: &mut Date| d.to_string());
    engine.register_fn("to_debug", |d: &mut Date| d.to_string());
    register_comparisons!(engine, Date, Date, |a: Date| a, |b: Date| b);

    engine.register_fn("to_string", |p: &mut Period| p.to_string());
    engine.register_fn("to_debug", |p: &mut Period| p.to_string());
    register_comparisons!(engine, Period, Period, |a: Period| a, |b: Period| b);
    engine.register_fn("to_string", |d: &mut ParamDuration| d.to_string());
    engine.register_fn("to_debug", |d: &mut ParamDuration| d.to_string());
    engine.register_fn("to_string", |f: &mut FractionParam| f.text.clone());
}

/// Chinese names of the cadre roles of events.md §4.
pub fn cadre_role_zh(role: &str) -> &str {
    match role {
        "party_secretary" => "党组织书记",
        "deputy_secretary" => "党组织副书记",
        "director" => "村委会主任",
        "deputy_director" => "村委会副主任",
        "committee_member" => "村委委员",
        "supervisory_head" => "村务监督委员会主任",
        "supervisory_member" => "村务监督委员会委员",
        "accountant" => "报账员",
        "group_leader" => "村民小组长",
        "other" => "其他干部",
        other => other,
    }
}

fn register_records(engine: &mut Engine) {
    engine.register_fn("role_zh", |role: &str| cadre_role_zh(role).to_string());
    engine.register_fn("join", |items: rhai::Array, separator: &str| {
        items
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(separator)
    });
    engine.register_indexer_get(|r: &mut Rec, name: &str| -> Dynamic {
        r.0.field(name).unwrap_or(Dynamic::UNIT)
    });
    // Direct getters spare every `ev.name` the failed getter look-up before the indexer.
    for name in crate::event::field_names::FIELD_NAMES {
        engine.register_get(name, move |r: &mut Rec| -> Dynamic {
            r.0.field(name).unwrap_or(Dynamic::UNIT)
        });
    }
    engine.register_get("event_type", |r: &mut Rec| r.0.event_type.script_name());
    engine.register_get("is_deletion", |r: &mut Rec| r.0.is_deletion());
    engine.register_fn("includes", |r: &mut Rec, path: &str, value: &str| {
        super::record_paths::includes(&r.0, path, value)
    });
    engine.register_fn("distinct", |r: &mut Rec, path: &str| {
        super::record_paths::distinct(&r.0, path)
    });
    engine.register_fn("item", |r: &mut Rec, path: &str, value: &str| {
        super::record_paths::item(&r.0, path, value)
    });
    engine.register_fn("to_string", |r: &mut Rec| {
        format!("{}:{}", r.0.event_type.as_str(), r.0.event_id)
    });
    engine.register_fn("to_debug", |r: &mut Rec| {
        format!("{}:{}", r.0.event_type.as_str(), r.0.event_id)
    });
    engine.register_fn("==", |a: Rec, b: Rec| a.0.event_id == b.0.event_id);
    engine.register_fn("!=", |a: Rec, b: Rec| a.0.event_id != b.0.event_id);
    engine.register_indexer_get(|p: &mut Params, name: &str| -> ScriptResult<Dynamic> {
        p.get(name)
            .map(|v| v.to_dynamic())
            .ok_or_else(|| format!("no parameter named {name}").into())
    });
}
