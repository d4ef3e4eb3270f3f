//! One partition's pipeline: decode, drop duplicates, hold on-time events for the watermark,
//! apply records, run the thresholds they trigger, fire due timers, and turn emits into alerts.

use crate::alert::{alert_id, sort_evidence, Alert, Color, DedupKey};
use crate::config::EngineConfig;
use crate::delta::{CapturedDelta, StateDelta};
use crate::event::{decode, DecodeOptions, Event, EventType};
use crate::records::{EventRef, RecordChange};
use crate::routing;
use crate::runtime::host::timer_map;
use crate::runtime::invoke::{Entry, ScriptCaller};
use crate::runtime::{Cx, Rec, RuleSet};
use crate::snapshot::{CapturedState, RegistryRecords};
use crate::source::RawRecord;
use crate::state::{CallFrame, Emission, KnownVillage, PartitionState, SeenEvent};
use crate::stats::PipelineStats;
use crate::store::RejectedRecord;
use crate::timers::Timer;
use crate::values::timestamp::NANOS_PER_DAY;
use crate::values::{Text, Timestamp};
use parking_lot::Mutex;
use rhai::{Dynamic, Scope};
use serde_json::{Map, Value};
use std::collections::hash_map::Entry as SeenEntry;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("invalid engine setting: {0}")]
    Config(String),
}

/// Drives the thresholds of a rule set over one partition's events.
pub struct Pipeline {
    rules: Arc<RuleSet>,
    state: Arc<Mutex<PartitionState>>,
    cx: Cx,
    scope: Scope<'static>,
    caller: ScriptCaller,
    decode_options: DecodeOptions,
    stats: PipelineStats,
    alerts: BTreeMap<String, Alert>,
    changed: BTreeSet<String>,
    rejects: Vec<RejectedRecord>,
    last_expiry_day: i64,
    call_observer: Option<CallObserver>,
}

/// Told of every threshold call: the threshold's index in the rule set and how long the call
/// took (a latency histogram per threshold, in `mingjing run`'s metrics).
pub type CallObserver = Arc<dyn Fn(usize, std::time::Duration) + Send + Sync>;

enum Call {
    Event(EventRef),
    Timer(Timer),
    /// A village became known with this event (catalog `known village`).
    Village(EventRef),
}

impl Pipeline {
    pub fn new(rules: Arc<RuleSet>, config: &EngineConfig) -> Result<Pipeline, PipelineError> {
        let settings = config.time_settings().map_err(PipelineError::Config)?;
        let state = Arc::new(Mutex::new(PartitionState::new(settings)));
        let count = rules.thresholds.len();
        Ok(Pipeline {
            rules,
            cx: Cx {
                state: state.clone(),
            },
            state,
            scope: Scope::new(),
            caller: ScriptCaller::default(),
            decode_options: DecodeOptions {
                local_offset_seconds: settings.local_offset_seconds,
            },
            stats: PipelineStats::for_thresholds(count),
            alerts: BTreeMap::new(),
            changed: BTreeSet::new(),
            rejects: Vec::new(),
            last_expiry_day: i64::MIN,
            call_observer: None,
        })
    }

    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// Replaces the rule set; partition state is kept (a rule set swap at runtime).
    pub fn swap_rules(&mut self, rules: Arc<RuleSet>) {
        let count = rules.thresholds.len();
        self.rules = rules;
        self.caller.reset();
        self.stats.rule_evaluations.resize(count, 0);
        self.stats.rule_nanos.resize(count, 0);
        self.stats.rule_errors.resize(count, 0);
        self.stats.alerts_raised.resize(count, 0);
    }

    /// Reports every threshold call to `observer` from now on.
    pub fn observe_calls(&mut self, observer: CallObserver) {
        self.call_observer = Some(observer);
    }

    pub fn stats(&self) -> &PipelineStats {
        &self.stats
    }

    /// The partition state (for checkpoints and inspection).
    pub fn state(&self) -> &Arc<Mutex<PartitionState>> {
        &self.state
    }

    /// The partition state as plain data (for a checkpoint).
    pub fn snapshot(&self) -> crate::snapshot::StateSnapshot {
        self.state.lock().snapshot()
    }

    /// The partition state at this moment, cheap to take; serialize it off the hot path. It is
    /// the base of later deltas: from here on the state tracks what changes.
    pub fn capture(&self, registry: RegistryRecords) -> CapturedState {
        self.state.lock().capture(registry)
    }

    /// What changed since the last capture, in time proportional to the changes; None before
    /// the first [`Pipeline::capture`] (and after a restore), when there is no base.
    pub fn capture_delta(&self, registry: RegistryRecords) -> Option<CapturedDelta> {
        self.state.lock().capture_delta(registry)
    }

    /// Applies registry records to a state restored from a capture that left them out. The
    /// events are those the partition had applied, in any order: the live version of a record
    /// does not depend on the order its versions arrive in. A repeated event id is applied once.
    pub fn restore_registry<'a>(&mut self, events: impl IntoIterator<Item = &'a EventRef>) {
        let mut state = self.state.lock();
        let mut applied = rustc_hash::FxHashSet::default();
        for event in events {
            if event.event_type.is_registry() && applied.insert(event.event_id.clone()) {
                state.records.apply(event);
            }
        }
    }

    /// Replaces the partition state with a restored checkpoint.
    pub fn restore(
        &mut self,
        snapshot: &crate::snapshot::StateSnapshot,
    ) -> Result<(), crate::snapshot::RestoreError> {
        let settings = self.state.lock().settings;
        let restored = PartitionState::restore(settings, snapshot)?;
        *self.state.lock() = restored;
        Ok(())
    }

    /// Applies a delta checkpoint to the state restored from its base and earlier deltas.
    pub fn apply_delta(&mut self, delta: &StateDelta) -> Result<(), crate::snapshot::RestoreError> {
        self.state.lock().apply_delta(delta)
    }

    /// The instant before which event time has settled: deadlines before it have passed. While
    /// input flows it is the watermark (W = T − L), the horizon timers fire before; once the
    /// input is finished, the event time T. None before the first event.
    pub fn settled_time(&self, finished: bool) -> Option<Timestamp> {
        let state = self.state.lock();
        let offset = state.local_offset();
        let nanos = if finished {
            state.event_time.map(Timestamp::nanos)
        } else {
            state.watermark()
        }?;
        Some(Timestamp::from_nanos(nanos, offset))
    }

    /// Every alert raised so far, by alert_id.
    pub fn alerts(&self) -> &BTreeMap<String, Alert> {
        &self.alerts
    }

    /// Alerts created or given new evidence since the last call.
    pub fn take_changed_alerts(&mut self) -> Vec<Alert> {
        let ids = std::mem::take(&mut self.changed);
        ids.iter()
            .filter_map(|id| self.alerts.get(id).cloned())
            .collect()
    }

    /// Rejected records since the last call.
    pub fn take_rejects(&mut self) -> Vec<RejectedRecord> {
        std::mem::take(&mut self.rejects)
    }

    /// Decodes and processes one input record; a bad one is rejected and kept with its reason.
    pub fn offer(&mut self, record: &RawRecord) {
        match decode(&record.bytes, &self.decode_options) {
            Ok(decoded) => {
                let unknown = !decoded.unknown_members.is_empty();
                self.offer_decoded(Arc::new(decoded.event), unknown, &record.source);
            }
            Err(rejection) => {
                self.stats.read += 1;
                *self
                    .stats
                    .rejected
                    .entry(rejection.reason.as_str().to_string())
                    .or_default() += 1;
                tracing::debug!(source = %record.source, position = record.position, reason = rejection.reason.as_str(), detail = %rejection.detail, "rejected input");
                self.rejects.push(RejectedRecord {
                    source: record.source.clone(),
                    position: record.position.to_string(),
                    reason: rejection.reason.as_str().to_string(),
                    detail: rejection.detail,
                    event_id: rejection.event_id,
                    raw: String::from_utf8_lossy(&record.bytes).into_owned(),
                });
            }
        }
    }

    /// Processes an event decoded elsewhere (a Kafka reader decodes once and may share a
    /// registry event among partitions). `source` is the file or topic it came from.
    pub fn offer_decoded(&mut self, event: Arc<Event>, has_unknown_members: bool, source: &str) {
        self.stats.read += 1;
        if has_unknown_members {
            *self
                .stats
                .unknown_members
                .entry(event.event_type.as_str().to_string())
                .or_default() += 1;
        }
        if source.starts_with("cunwu.") && source != event.event_type.topic() {
            self.stats.topic_mismatch += 1;
        }
        self.accept(event);
    }

    /// Processes one decoded event (duplicate check, lateness, watermark).
    pub fn offer_event(&mut self, event: Event) {
        self.stats.read += 1;
        self.accept(Arc::new(event));
    }

    fn accept(&mut self, event: EventRef) {
        let late = {
            let mut state = self.state.lock();
            let hash = event.content_hash();
            let at = event.occurred_at.nanos();
            match state.seen.entry(event.event_id.clone()) {
                SeenEntry::Occupied(seen) => {
                    self.stats.duplicates += 1;
                    *self
                        .stats
                        .duplicates_by_type
                        .entry(event.event_type)
                        .or_default() += 1;
                    if seen.get().content_hash != hash {
                        self.stats.duplicate_conflicts += 1;
                        tracing::warn!(event_id = %event.event_id, "duplicate_conflict: an event id arrived again with different content; the first one stands");
                    }
                    return;
                }
                SeenEntry::Vacant(slot) => {
                    slot.insert(SeenEvent {
                        content_hash: hash,
                        occurred_at_nanos: at,
                    });
                }
            }
            state.book_seen(event.event_id.clone(), at);
            self.stats.accepted += 1;
            let late = state.watermark().is_some_and(|w| at < w);
            if event.event_type != EventType::ClockTick && !late {
                state
                    .buffer
                    .insert((at, event.event_id.clone()), event.clone());
            }
            if state.event_time.is_none_or(|t| event.occurred_at > t) {
                state.event_time = Some(event.occurred_at);
            }
            late
        };
        if late && event.event_type != EventType::ClockTick {
            self.stats.late += 1;
            *self.stats.late_by_type.entry(event.event_type).or_default() += 1;
            self.apply(event, true);
        }
        let watermark = self.state.lock().watermark().unwrap_or(i64::MIN);
        self.drain(watermark, watermark);
        self.expire_daily(watermark);
    }

    /// End of input: applies every buffered event and fires every timer due before T, in one
    /// time order (events.md §7.4). Timers due at or after T stay armed.
    pub fn finish(&mut self) {
        let event_time = self
            .state
            .lock()
            .event_time
            .map_or(i64::MIN, Timestamp::nanos);
        self.drain(i64::MAX, event_time);
    }

    /// Applies buffered events with occurred_at < `event_limit` and fires timers due before
    /// `timer_limit`, in time order, events before timers at equal instants.
    fn drain(&mut self, event_limit: i64, timer_limit: i64) {
        loop {
            let next = {
                let mut state = self.state.lock();
                let event_at = state
                    .buffer
                    .keys()
                    .next()
                    .map(|(at, _)| *at)
                    .filter(|at| *at < event_limit);
                let timer_at = state.timers.next_due().filter(|due| *due < timer_limit);
                match (event_at, timer_at) {
                    (Some(e), Some(t)) if t < e => {
                        state.timers.pop_due_before(timer_limit).map(Call::Timer)
                    }
                    (Some(_), _) => state.buffer.pop_first().map(|(_, ev)| Call::Event(ev)),
                    (None, Some(_)) => state.timers.pop_due_before(timer_limit).map(Call::Timer),
                    (None, None) => None,
                }
            };
            match next {
                Some(Call::Event(event)) => self.apply(event, false),
                Some(Call::Timer(timer)) => self.fire(timer),
                // The buffer and the timer queue hold events and timers only.
                Some(Call::Village(_)) | None => break,
            }
        }
    }

    fn expire_daily(&mut self, watermark: i64) {
        let day = watermark.div_euclid(NANOS_PER_DAY);
        if watermark != i64::MIN && day != self.last_expiry_day {
            self.last_expiry_day = day;
            self.state.lock().expire();
        }
    }

    fn apply(&mut self, event: EventRef, late: bool) {
        let (change, newly_known) = {
            let mut state = self.state.lock();
            let newly_known = !event.event_type.is_registry()
                && !state.known_villages.contains_key(&event.village_id);
            if newly_known {
                let village = KnownVillage {
                    township_id: event.township_id.clone(),
                    first_seen: event.occurred_at,
                };
                state
                    .known_villages
                    .insert(event.village_id.clone(), village);
            }
            (state.records.apply(&event), newly_known)
        };
        let rules = self.rules.clone();
        // Periodic thresholds arm the village's first period here; each period's timer arms the
        // next, so one chain per village and threshold runs from first_seen on.
        if newly_known {
            for &index in rules.for_new_village() {
                self.call(index, Call::Village(event.clone()), late);
            }
        }
        if change == RecordChange::Stale {
            return;
        }
        for &index in rules.for_trigger(event.event_type) {
            if rules.thresholds[index].meta.admits(&event) {
                self.call(index, Call::Event(event.clone()), late);
            }
        }
    }

    fn fire(&mut self, timer: Timer) {
        self.stats.timers_fired += 1;
        let rules = self.rules.clone();
        let Some(index) = rules
            .thresholds
            .iter()
            .position(|t| t.meta.id == timer.threshold_id && t.has_on_timer)
        else {
            tracing::warn!(threshold = %timer.threshold_id, "a timer fired for a threshold that is no longer loaded");
            return;
        };
        let late = timer.late;
        self.call(index, Call::Timer(timer), late);
    }

    fn call(&mut self, index: usize, call: Call, late: bool) {
        let rules = self.rules.clone();
        let threshold = &rules.thresholds[index];
        let frame = CallFrame {
            threshold_index: index,
            threshold_id: threshold.shared_id.clone(),
            params: threshold.meta.params.clone(),
            dedup_names: threshold.key_names.clone(),
            township_id: match &call {
                Call::Event(e) | Call::Village(e) => e.township_id.clone(),
                Call::Timer(t) => t.township_id.clone(),
            },
            village_id: match &call {
                Call::Event(e) | Call::Village(e) => e.village_id.clone(),
                Call::Timer(t) => t.village_id.clone(),
            },
            trigger: match &call {
                Call::Event(e) | Call::Village(e) => Some(e.clone()),
                Call::Timer(_) => None,
            },
            detected_at: match &call {
                Call::Event(e) | Call::Village(e) => e.occurred_at,
                Call::Timer(t) => t.due.max(t.armed_at),
            },
            late,
        };
        self.state.lock().frame = frame;
        self.stats.rule_evaluations[index] += 1;
        let cx = Dynamic::from(self.cx.clone());
        // What the call is about, for the log line of a failing call: an event id or a timer key.
        let (entry, subject, about) = match call {
            Call::Event(event) => {
                let about = event.event_id.clone();
                let entry = threshold
                    .entry_for(event.event_type)
                    .unwrap_or(Entry::OnEvent);
                (entry, Dynamic::from(Rec(event)), about)
            }
            Call::Timer(timer) => {
                let about = Text::from(format!("timer {}", timer.key));
                (Entry::OnTimer, Dynamic::from(timer_map(&timer)), about)
            }
            Call::Village(event) => {
                let about = Text::from(format!("new village {}", event.village_id));
                (Entry::OnVillage, Dynamic::from(village_map(&event)), about)
            }
        };
        let started = std::time::Instant::now();
        let result = self
            .caller
            .call(&rules, index, entry, subject, cx, &mut self.scope);
        let elapsed = started.elapsed();
        self.stats.rule_nanos[index] += u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        if let Some(observer) = &self.call_observer {
            observer(index, elapsed);
        }
        if let Err(error) = result {
            self.stats.rule_errors[index] += 1;
            tracing::warn!(threshold = %threshold.meta.id, code = %threshold.meta.code, event = %about, error = %error, "rule error");
        }
        let emitted = std::mem::take(&mut self.state.lock().emitted);
        for emission in emitted {
            self.raise(emission);
        }
    }

    fn raise(&mut self, emission: Emission) {
        let rules = self.rules.clone();
        let threshold = &rules.thresholds[emission.threshold_index];
        let meta = &threshold.meta;
        let mut key = Vec::with_capacity(meta.dedup_key.len());
        key.push(("village_id".to_string(), emission.village_id.to_string()));
        key.extend(meta.dedup_key[1..].iter().cloned().zip(emission.key_values));
        let key = DedupKey(key);
        let id = alert_id(&meta.id, &key);
        let evidence = evidence_of(meta, &emission.evidence);
        if let Some(existing) = self.alerts.get_mut(&id) {
            if existing.merge_evidence(&evidence) {
                self.stats.evidence_merges += 1;
                self.changed.insert(id);
            }
            return;
        }
        let offset = self.decode_options.local_offset_seconds;
        let detected_at = emission.detected_at.in_offset(offset);
        let (ack, close) = routing::deadlines(meta.kind, detected_at);
        let alert = Alert {
            alert_id: id.clone(),
            threshold_id: meta.id.clone(),
            threshold_code: meta.code.clone(),
            category: meta.category.clone(),
            kind: meta.kind,
            township_id: emission.township_id.to_string(),
            village_id: emission.village_id.to_string(),
            dedup_key: key,
            message: emission.message,
            evidence,
            params: meta.params.to_json(),
            rule_version: threshold.version.clone(),
            detected_at: detected_at.to_rfc3339(),
            route: routing::initial_route(&meta.route, &emission.township_id, &emission.village_id),
            color: Color::Red,
            ack_deadline: ack.to_rfc3339(),
            close_deadline: close.to_rfc3339(),
            disposition: None,
            escalations: Vec::new(),
            late: emission.late,
            also_notify: meta.also_notify.clone(),
        };
        self.stats.alerts_raised[emission.threshold_index] += 1;
        self.alerts.insert(id.clone(), alert);
        self.changed.insert(id);
    }
}

/// What `on_village` receives: the village, its township and first_seen (the occurred_at of the
/// event that made it known).
fn village_map(event: &Event) -> rhai::Map {
    let mut map = rhai::Map::new();
    map.insert("village_id".into(), Dynamic::from(event.village_id.clone()));
    map.insert(
        "township_id".into(),
        Dynamic::from(event.township_id.clone()),
    );
    map.insert("first_seen".into(), Dynamic::from(event.occurred_at));
    map
}

/// Evidence objects of records: event_id, type, occurred_at and the declared fields.
fn evidence_of(
    meta: &crate::runtime::ThresholdMeta,
    events: &[EventRef],
) -> Vec<Map<String, Value>> {
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for event in events {
        if !seen.insert(event.event_id.clone()) {
            continue;
        }
        let mut item = Map::new();
        item.insert("event_id".into(), Value::from(event.event_id.as_str()));
        item.insert("type".into(), Value::from(event.event_type.as_str()));
        item.insert(
            "occurred_at".into(),
            Value::from(event.occurred_at.to_rfc3339()),
        );
        let json = event.to_json();
        if let Some(Value::Object(payload)) = json.get("payload") {
            match meta.evidence_fields(event.event_type) {
                Some(fields) => {
                    for field in fields {
                        if let Some(value) = payload.get(field) {
                            item.insert(field.clone(), value.clone());
                        }
                    }
                }
                None => item.extend(payload.iter().map(|(k, v)| (k.clone(), v.clone()))),
            }
        }
        items.push(item);
    }
    sort_evidence(&mut items);
    items
}
