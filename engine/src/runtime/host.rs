//! `cx`: the only door a script has to state, reference data, timers and `emit`.

use super::bounds::Bounds;
use super::record_paths;
use super::script_types::{Rec, Span};
use crate::event::{EventType, Payload};
use crate::records::{record_key_for, EventRef};
use crate::state::{Emission, KeyedValue, PartitionState};
use crate::timers::Timer;
use crate::values::{Date, DurationUnit, Money, ParamDuration, Period, Text, Timestamp};
use chrono::{Datelike, Weekday};
use parking_lot::Mutex;
use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};
use std::sync::Arc;

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// The rule context handed to scripts. Cloning shares the same partition state.
#[derive(Clone)]
pub struct Cx {
    pub state: Arc<Mutex<PartitionState>>,
}

/// Reads a typed member of a record.
pub fn field_as<T: Clone + 'static>(event: &EventRef, name: &str) -> Option<T> {
    event.field(name).and_then(|d| d.try_cast::<T>())
}

fn field_text(event: &EventRef, name: &str) -> Option<String> {
    event
        .field(name)
        .filter(Dynamic::is_string)
        .map(|d| d.to_string())
}

fn event_type(name: &str) -> ScriptResult<EventType> {
    EventType::parse(name).ok_or_else(|| format!("unknown event type {name:?}").into())
}

fn rec_or_unit(event: Option<EventRef>) -> Dynamic {
    event.map_or(Dynamic::UNIT, |e| Dynamic::from(Rec(e)))
}

fn recs(events: Vec<EventRef>) -> Dynamic {
    Dynamic::from(
        events
            .into_iter()
            .map(|e| Dynamic::from(Rec(e)))
            .collect::<Array>(),
    )
}

impl PartitionState {
    /// Live records of a type whose `path` equals `value`; business types only within the
    /// current village.
    pub fn find_in_scope(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
    ) -> Vec<EventRef> {
        self.find_in_scope_where(event_type, path, value, |_| true)
    }

    /// [`Self::find_in_scope`] keeping only the records `keep` accepts.
    pub fn find_in_scope_where(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
        keep: impl Fn(&EventRef) -> bool,
    ) -> Vec<EventRef> {
        self.scoped(event_type, path, value)
            .iter()
            .filter(|e| keep(e))
            .cloned()
            .collect()
    }

    /// The indexed records of a type whose `path` equals `value` that the current call may
    /// see, in version order: business records only of its village, registry records of every
    /// village.
    fn scoped(&mut self, event_type: EventType, path: &str, value: &str) -> &[EventRef] {
        self.records
            .find(event_type, &self.frame.village_id, path, value)
    }

    /// [`Self::scoped`] from the first record that is not `before`: the lists are in order of
    /// occurrence, so a bound on `occurred_at` is found by halving instead of reading.
    fn scoped_after(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
        before: impl Fn(&EventRef) -> bool,
    ) -> &[EventRef] {
        let found = self.scoped(event_type, path, value);
        &found[found.partition_point(before)..]
    }

    /// Live records in scope whose `path` equals `value` and that occurred within `from..=to`;
    /// only that stretch of the index is read.
    pub fn find_occurred_within(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Vec<EventRef> {
        self.scoped_after(event_type, path, value, |e| e.occurred_at < from)
            .iter()
            .take_while(|e| e.occurred_at <= to)
            .cloned()
            .collect()
    }

    /// Live attendance-like records (those with `start_at` and `end_at`) whose `path` equals
    /// `value` and whose time span overlaps `from..to`, in scope.
    pub fn find_overlapping(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Vec<EventRef> {
        // A span ends no later than its record occurred (events.md §5), so records that occurred
        // at or before `from` cannot overlap and the ordered list is searched from there.
        self.scoped_after(event_type, path, value, |e| e.occurred_at <= from)
            .iter()
            .filter(|e| {
                e.time_span()
                    .is_some_and(|(start, end)| start < to && from < end)
            })
            .cloned()
            .collect()
    }

    /// The time the spans of [`Self::find_overlapping`] records cover within `from..to`, each
    /// span clipped to the window and counted on its own.
    pub fn time_within(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> i64 {
        self.find_overlapping(event_type, path, value, from, to)
            .iter()
            .filter_map(|e| e.time_span())
            .map(|(start, end)| end.min(to).nanos() - start.max(from).nanos())
            .sum()
    }

    /// The live record of a type with a one-member key, in scope.
    pub fn record_in_scope(&self, event_type: EventType, id: &str) -> Option<EventRef> {
        let event = self
            .records
            .get(&record_key_for(event_type, &[id]))?
            .clone();
        (event_type.is_registry() || event.village_id == self.frame.village_id).then_some(event)
    }

    /// approval_of(kind, s): the earliest live approval.submitted in v of that kind for subject s.
    pub fn approval_of(&mut self, kind: &str, subject_id: &str) -> Option<EventRef> {
        self.scoped(EventType::ApprovalSubmitted, "subject_id", subject_id)
            .iter()
            .find(
                |a| matches!(&a.payload, Payload::ApprovalSubmitted(p) if p.kind.as_str() == kind),
            )
            .cloned()
    }

    /// approved(a, t): an approval.completed of a with decision approved and occurred_at <= t.
    pub fn approved(&self, approval_id: &str, at: Timestamp) -> bool {
        self.record_in_scope(EventType::ApprovalCompleted, approval_id)
            .is_some_and(|c| {
                c.occurred_at <= at && field_text(&c, "decision").as_deref() == Some("approved")
            })
    }

    /// The registry.cadre roles of a person in the current village.
    pub fn cadre_roles(&mut self, person_id: &str) -> Vec<EventRef> {
        let village = self.frame.village_id.clone();
        self.records
            .find_registry(EventType::RegistryCadre, "person_id", person_id)
            .iter()
            .filter(|r| r.village_id == village)
            .cloned()
            .collect()
    }

    /// A role of the person in the current village whose term overlaps `from..=to`.
    pub fn cadre_role_between(
        &mut self,
        person_id: &str,
        from: Date,
        to: Date,
    ) -> Option<EventRef> {
        self.cadre_roles(person_id).into_iter().find(|role| {
            let starts = field_as::<Date>(role, "term_start");
            let ends = field_as::<Date>(role, "term_end");
            starts.is_some_and(|s| s <= to) && ends.is_none_or(|e| e >= from)
        })
    }

    /// kin(c): relatives a cadre declared, relation none excluded.
    pub fn kin(&mut self, cadre_id: &str) -> Vec<String> {
        self.records
            .find_registry(EventType::RegistryKinship, "cadre_id", cadre_id)
            .iter()
            .filter(|k| field_text(k, "relation").is_some_and(|r| r != "none"))
            .filter_map(|k| field_text(k, "relative_id"))
            .collect()
    }

    fn calendar_entry(&self, day: Date) -> Option<EventRef> {
        self.records
            .get(&record_key_for(
                EventType::RegistryCalendar,
                &[&day.to_string()],
            ))
            .cloned()
    }

    /// A working day per events.md §7.5.
    pub fn is_working_day(&self, day: Date) -> bool {
        match self
            .calendar_entry(day)
            .and_then(|c| field_text(&c, "day_type"))
        {
            Some(kind) if kind == "workday" => true,
            Some(kind) if kind == "holiday" => false,
            _ => !matches!(day.0.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// wd_add(day, n): the n-th working day after `day`.
    pub fn wd_add(&self, day: Date, n: i64) -> Date {
        let mut current = day;
        let mut left = n;
        while left > 0 {
            current = current.plus_days(1);
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    pub fn festival(&self, day: Date) -> Option<String> {
        self.calendar_entry(day)
            .and_then(|c| field_text(&c, "festival"))
            .filter(|f| !f.is_empty())
    }

    /// A timer of the current threshold armed by the current call: armed_at is the trigger's
    /// occurred_at (detected_at for a timer's own call), and a late trigger arming a deadline
    /// already passed makes its alert late.
    pub(crate) fn timer_for(
        &self,
        key: String,
        due: Timestamp,
        township_id: Text,
        village_id: Text,
        data: serde_json::Value,
    ) -> Timer {
        let frame = &self.frame;
        let armed_at = frame
            .trigger
            .as_ref()
            .map_or(frame.detected_at, |t| t.occurred_at);
        let armed_by = frame
            .trigger
            .as_ref()
            .map_or(String::new(), |t| t.event_id.to_string());
        Timer {
            threshold_id: frame.threshold_id.to_string(),
            key,
            due,
            armed_at,
            armed_by,
            township_id,
            village_id,
            data,
            late: frame.late && self.watermark().is_some_and(|w| w > due.nanos()),
        }
    }

    fn keyed_id(&self, key: &str) -> (String, String) {
        (
            self.frame.threshold_id.to_string(),
            format!("{}\u{1f}{key}", self.frame.village_id),
        )
    }
}

/// Plain script data (strings, integers, booleans, lists, maps) as JSON, for state that must
/// survive checkpoints.
pub(crate) fn dynamic_to_json(value: &Dynamic) -> ScriptResult<serde_json::Value> {
    use serde_json::Value;
    if value.is_unit() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.clone().try_cast::<bool>() {
        return Ok(Value::Bool(b));
    }
    if let Some(i) = value.clone().try_cast::<i64>() {
        return Ok(Value::from(i));
    }
    if value.is_string() {
        return Ok(Value::String(value.to_string()));
    }
    if let Some(items) = value.clone().try_cast::<Array>() {
        return items
            .iter()
            .map(dynamic_to_json)
            .collect::<ScriptResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Some(map) = value.clone().try_cast::<Map>() {
        let mut object = serde_json::Map::new();
        for (k, v) in map {
            object.insert(k.to_string(), dynamic_to_json(&v)?);
        }
        return Ok(Value::Object(object));
    }
    Err(format!(
        "only strings, integers, booleans, lists and maps can be kept (found {})",
        value.type_name()
    )
    .into())
}

fn json_to_dynamic(value: &serde_json::Value) -> Dynamic {
    use serde_json::Value;
    match value {
        Value::Null => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Dynamic::from(n.to_string()), Dynamic::from),
        Value::String(s) => Dynamic::from(s.clone()),
        Value::Array(items) => Dynamic::from(items.iter().map(json_to_dynamic).collect::<Array>()),
        Value::Object(object) => Dynamic::from(
            object
                .iter()
                .map(|(k, v)| (k.as_str().into(), json_to_dynamic(v)))
                .collect::<Map>(),
        ),
    }
}

/// A dedup key value as alerts.md writes it.
fn key_value_text(name: &str, value: &Dynamic, offset: i32) -> ScriptResult<String> {
    if value.is_string() {
        return Ok(value.to_string());
    }
    if let Some(i) = value.clone().try_cast::<i64>() {
        return Ok(if name == "year" {
            format!("{i:04}")
        } else {
            i.to_string()
        });
    }
    if let Some(d) = value.clone().try_cast::<Date>() {
        return Ok(d.to_string());
    }
    if let Some(t) = value.clone().try_cast::<Timestamp>() {
        return Ok(t.to_rfc3339_whole_seconds(offset));
    }
    if let Some(p) = value.clone().try_cast::<Period>() {
        return Ok(p.to_string());
    }
    Err(format!(
        "dedup key {name}: use a string, integer, date, timestamp or period (found {})",
        value.type_name()
    )
    .into())
}

/// `cx.set`: keeps `value` under `key`, for `keep_nanos` of event time from now if given.
fn keep_value(cx: &Cx, key: &str, value: &Dynamic, keep_nanos: Option<i64>) -> ScriptResult<()> {
    let json = dynamic_to_json(value)?;
    let mut state = cx.state.lock();
    let id = state.keyed_id(key);
    let expires_at_nanos =
        keep_nanos.and_then(|keep| state.event_time.map(|t| t.nanos().saturating_add(keep)));
    state.keyed.insert(
        id,
        KeyedValue {
            value: json,
            expires_at_nanos,
        },
    );
    Ok(())
}

/// `cx.find_in` and `cx.sum_in`: records in scope whose `path` equals `value` and whose `field`
/// lies within `from..=to`. A time range on `occurred_at` reads only its stretch of the index.
fn found_within(
    cx: &Cx,
    kind: &str,
    path: &str,
    value: &str,
    field: &str,
    from: &Dynamic,
    to: &Dynamic,
) -> ScriptResult<Vec<EventRef>> {
    let t = event_type(kind)?;
    let mut state = cx.state.lock();
    let bounds = Bounds::new(from, to, state.local_offset());
    Ok(match (field, bounds.instants()) {
        ("occurred_at", Some((from, to))) => state.find_occurred_within(t, path, value, from, to),
        _ => state.find_in_scope_where(t, path, value, |e| {
            e.field(field).is_some_and(|v| bounds.contains(&v))
        }),
    })
}

/// `cx.find_overlapping` for the script functions that list or count the records.
fn overlapping(
    cx: &Cx,
    kind: &str,
    path: &str,
    value: &str,
    from: Timestamp,
    to: Timestamp,
) -> ScriptResult<Vec<EventRef>> {
    let t = event_type(kind)?;
    Ok(cx.state.lock().find_overlapping(t, path, value, from, to))
}

/// Registers every `cx` function on the engine.
pub fn register(engine: &mut Engine) {
    super::host_people::register(engine);
    super::host_villages::register(engine);
    super::host_quantities::register(engine);
    super::host_contracts::register(engine);
    super::host_geo::register(engine);
    super::host_calendar::register(engine);
    super::host_text::register(engine);
    super::host_periods::register(engine);
    super::host_oversight::register(engine);
    engine.register_type_with_name::<Cx>("Context");
    engine.register_get("village", |cx: &mut Cx| {
        cx.state.lock().frame.village_id.clone()
    });
    engine.register_get("township", |cx: &mut Cx| {
        cx.state.lock().frame.township_id.clone()
    });
    engine.register_get("params", |cx: &mut Cx| cx.state.lock().frame.params.clone());
    engine.register_get("event_time", |cx: &mut Cx| {
        cx.state
            .lock()
            .event_time
            .map_or(Dynamic::UNIT, Dynamic::from)
    });

    engine.register_fn(
        "record",
        |cx: &mut Cx, kind: &str, id: &str| -> ScriptResult<Dynamic> {
            let t = event_type(kind)?;
            Ok(rec_or_unit(cx.state.lock().record_in_scope(t, id)))
        },
    );
    engine.register_fn(
        "find",
        |cx: &mut Cx, kind: &str, path: &str, value: &str| -> ScriptResult<Dynamic> {
            let t = event_type(kind)?;
            Ok(recs(cx.state.lock().find_in_scope(t, path, value)))
        },
    );
    engine.register_fn(
        "find_in",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str,
         field: &str,
         from: Dynamic,
         to: Dynamic|
         -> ScriptResult<Dynamic> {
            Ok(recs(found_within(
                cx, kind, path, value, field, &from, &to,
            )?))
        },
    );
    engine.register_fn(
        "find_overlapping",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str,
         from: Timestamp,
         to: Timestamp|
         -> ScriptResult<Dynamic> {
            Ok(recs(overlapping(cx, kind, path, value, from, to)?))
        },
    );
    engine.register_fn(
        "count_overlapping",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str,
         from: Timestamp,
         to: Timestamp|
         -> ScriptResult<i64> {
            Ok(overlapping(cx, kind, path, value, from, to)?.len() as i64)
        },
    );
    engine.register_fn(
        "time_within",
        |cx: &mut Cx, kind: &str, path: &str, value: &str, day: Date| -> ScriptResult<Span> {
            let t = event_type(kind)?;
            let mut state = cx.state.lock();
            let offset = state.local_offset();
            let from = Timestamp::start_of_day(day.0, offset);
            let to = Timestamp::start_of_day(day.plus_days(1).0, offset);
            Ok(Span(state.time_within(t, path, value, from, to)))
        },
    );
    engine.register_fn(
        "time_within",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str,
         from: Timestamp,
         to: Timestamp|
         -> ScriptResult<Span> {
            let t = event_type(kind)?;
            Ok(Span(cx.state.lock().time_within(t, path, value, from, to)))
        },
    );
    engine.register_fn(
        "sum_in",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str,
         amount_path: &str,
         field: &str,
         from: Dynamic,
         to: Dynamic|
         -> ScriptResult<Money> {
            found_within(cx, kind, path, value, field, &from, &to)?
                .iter()
                .map(|e| record_paths::amount_for(e, amount_path, path, value))
                .try_fold(Money(0), |total, m| total.checked_add(m))
                .ok_or_else(|| "money overflow".into())
        },
    );
    engine.register_fn("approval_of", |cx: &mut Cx, kind: &str, subject: &str| {
        rec_or_unit(cx.state.lock().approval_of(kind, subject))
    });
    engine.register_fn(
        "approved",
        |cx: &mut Cx, approval_id: &str, at: Timestamp| cx.state.lock().approved(approval_id, at),
    );
    engine.register_fn("person", |cx: &mut Cx, id: &str| {
        rec_or_unit(
            cx.state
                .lock()
                .record_in_scope(EventType::RegistryPerson, id),
        )
    });
    engine.register_fn("name", |cx: &mut Cx, id: &str| -> String {
        let person = cx
            .state
            .lock()
            .record_in_scope(EventType::RegistryPerson, id);
        match person.and_then(|p| field_text(&p, "name")) {
            Some(name) => format!("{name}({id})"),
            None => id.to_string(),
        }
    });
    engine.register_fn("company", |cx: &mut Cx, id: &str| {
        rec_or_unit(
            cx.state
                .lock()
                .record_in_scope(EventType::RegistryCompany, id),
        )
    });
    engine.register_fn("controllers", |cx: &mut Cx, id: &str| -> Array {
        let company = cx
            .state
            .lock()
            .record_in_scope(EventType::RegistryCompany, id);
        let Some(company) = company else {
            return Array::new();
        };
        let mut ids: Vec<String> = Vec::new();
        for member in ["owner_ids", "manager_ids"] {
            if let Some(list) = field_as::<Array>(&company, member) {
                ids.extend(list.iter().filter(|d| d.is_string()).map(|d| d.to_string()));
            }
        }
        ids.extend(field_text(&company, "legal_rep_id"));
        ids.sort();
        ids.dedup();
        ids.into_iter().map(Dynamic::from).collect()
    });
    engine.register_fn("cadre_roles", |cx: &mut Cx, person: &str| {
        recs(cx.state.lock().cadre_roles(person))
    });
    engine.register_fn(
        "cadre_role_between",
        |cx: &mut Cx, person: &str, from: Date, to: Date| {
            rec_or_unit(cx.state.lock().cadre_role_between(person, from, to))
        },
    );
    engine.register_fn("is_cadre_on", |cx: &mut Cx, person: &str, day: Date| {
        cx.state
            .lock()
            .cadre_role_between(person, day, day)
            .is_some()
    });
    engine.register_fn("kin", |cx: &mut Cx, cadre: &str| -> Array {
        cx.state
            .lock()
            .kin(cadre)
            .into_iter()
            .map(Dynamic::from)
            .collect()
    });
    engine.register_fn("kinship", |cx: &mut Cx, cadre: &str, relative: &str| {
        let key = record_key_for(EventType::RegistryKinship, &[cadre, relative]);
        rec_or_unit(cx.state.lock().records.get(&key).cloned())
    });
    engine.register_fn("is_working_day", |cx: &mut Cx, day: Date| {
        cx.state.lock().is_working_day(day)
    });
    engine.register_fn("wd_add", |cx: &mut Cx, day: Date, n: i64| {
        cx.state.lock().wd_add(day, n)
    });
    engine.register_fn(
        "wd_add",
        |cx: &mut Cx, day: Date, d: ParamDuration| -> ScriptResult<Date> {
            match d.unit {
                DurationUnit::WorkingDays => Ok(cx.state.lock().wd_add(day, d.amount)),
                DurationUnit::Days => Ok(day.plus_days(d.amount)),
                _ => Err(format!("{d} is not a number of days").into()),
            }
        },
    );
    engine.register_fn("festival", |cx: &mut Cx, day: Date| {
        cx.state
            .lock()
            .festival(day)
            .map_or(Dynamic::UNIT, Dynamic::from)
    });

    engine.register_fn("get", |cx: &mut Cx, key: &str| {
        let state = cx.state.lock();
        let id = state.keyed_id(key);
        state
            .keyed
            .get(&id)
            .map_or(Dynamic::UNIT, |v| json_to_dynamic(&v.value))
    });
    engine.register_fn(
        "set",
        |cx: &mut Cx, key: &str, value: Dynamic| -> ScriptResult<()> {
            keep_value(cx, key, &value, None)
        },
    );
    engine.register_fn(
        "set",
        |cx: &mut Cx, key: &str, value: Dynamic, keep: ParamDuration| -> ScriptResult<()> {
            let keep = keep
                .exact_nanos()
                .ok_or("keep state for s, m, h or d, not working days")?;
            keep_value(cx, key, &value, Some(keep))
        },
    );
    engine.register_fn("remove", |cx: &mut Cx, key: &str| {
        let mut state = cx.state.lock();
        let id = state.keyed_id(key);
        state.keyed.remove(&id).is_some()
    });

    engine.register_fn(
        "set_timer",
        |cx: &mut Cx, key: &str, due: Timestamp, data: Map| -> ScriptResult<()> {
            let data = dynamic_to_json(&Dynamic::from(data))?;
            let mut state = cx.state.lock();
            let frame = &state.frame;
            let key = format!("{}\u{1f}{key}", frame.village_id);
            let (township, village) = (frame.township_id.clone(), frame.village_id.clone());
            let timer = state.timer_for(key, due, township, village, data);
            state.timers.arm(timer);
            Ok(())
        },
    );
    engine.register_fn("cancel_timer", |cx: &mut Cx, key: &str| {
        let mut state = cx.state.lock();
        let (threshold, village) = (
            state.frame.threshold_id.to_string(),
            state.frame.village_id.clone(),
        );
        state
            .timers
            .cancel(&threshold, &format!("{village}\u{1f}{key}"))
    });

    engine.register_fn("emit", |cx: &mut Cx, alert: Map| -> ScriptResult<()> {
        let mut state = cx.state.lock();
        let offset = state.local_offset();
        let frame = state.frame.clone();
        let names = frame.dedup_names.clone();
        let key = alert
            .get("key")
            .and_then(|k| k.clone().try_cast::<Map>())
            .ok_or("emit needs key: #{...} with the dedup key values")?;
        let mut key_values = Vec::with_capacity(names.len());
        for name in names.iter() {
            let value = key.get(name.as_str()).ok_or_else(|| {
                format!(
                    "emit key lacks {name} (dedup key is village_id, {})",
                    names.join(", ")
                )
            })?;
            key_values.push(key_value_text(name, value, offset)?);
        }
        if let Some(extra) = key.keys().find(|k| !names.iter().any(|n| n == k.as_str())) {
            return Err(format!("emit key has {extra}, which is not in the dedup key").into());
        }
        let message = alert
            .get("message")
            .map(|m| m.to_string())
            .ok_or("emit needs a message")?;
        let mut evidence: Vec<EventRef> = frame.trigger.iter().cloned().collect();
        if let Some(items) = alert
            .get("evidence")
            .and_then(|e| e.clone().try_cast::<Array>())
        {
            for item in items {
                match item.try_cast::<Rec>() {
                    Some(Rec(event)) => evidence.push(event),
                    None => return Err("evidence must be a list of records".into()),
                }
            }
        }
        let detected_at = match alert.get("detected_at") {
            Some(value) => value
                .clone()
                .try_cast::<Timestamp>()
                .ok_or("detected_at must be a timestamp")?,
            None => frame.detected_at,
        };
        state.emitted.push(Emission {
            threshold_index: frame.threshold_index,
            township_id: frame.township_id.clone(),
            village_id: frame.village_id.clone(),
            key_values,
            message,
            evidence,
            detected_at,
            late: frame.late,
        });
        Ok(())
    });
}

/// The map a timer call receives.
pub fn timer_map(timer: &Timer) -> Map {
    let mut map = Map::new();
    let script_key = timer
        .key
        .split_once('\u{1f}')
        .map_or(timer.key.as_str(), |(_, k)| k);
    map.insert("key".into(), Dynamic::from(script_key.to_string()));
    map.insert("due".into(), Dynamic::from(timer.due));
    map.insert("armed_at".into(), Dynamic::from(timer.armed_at));
    map.insert("armed_by".into(), Dynamic::from(timer.armed_by.clone()));
    map.insert("data".into(), json_to_dynamic(&timer.data));
    map
}

/// Text helper for the pipeline.
pub fn text(value: &str) -> Text {
    Text::from(value)
}
