//! Calling a threshold's `on_event`, `on_timer` or `on_village` while keeping what Rhai learns
//! about the script's function calls between calls.
//!
//! `Engine::call_fn` starts every call with empty function-resolution caches, so each call of a
//! threshold looks up every getter, operator and `cx` function again. A rule engine calls the
//! same few scripts millions of times, so each threshold keeps its own caches here.

use super::rule_set::RuleSet;
use crate::event::EventType;
use rhai::{Caches, Dynamic, EvalAltResult, ImmutableString, Scope, AST};

/// The script variables the entry statements pass to the threshold's function.
const SUBJECT_VARIABLE: &str = "threshold_subject";
const CONTEXT_VARIABLE: &str = "threshold_context";

/// Which function of a threshold to call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    OnEvent,
    /// The script's own handler of one event type (`on_approval_step`).
    OnType(EventType),
    OnTimer,
    /// `on_village(village, cx)`: a village became known (catalog `known village`).
    OnVillage,
}

impl Entry {
    fn function_name(self) -> &'static str {
        match self {
            Entry::OnEvent => "on_event",
            Entry::OnType(event_type) => event_type.handler_name(),
            Entry::OnTimer => "on_timer",
            Entry::OnVillage => "on_village",
        }
    }
}

/// The one-line programs that call a threshold's entry functions.
pub struct EntryStatements {
    on_event: AST,
    /// One per event type, in `EventType::ALL` order.
    on_type: Vec<AST>,
    on_timer: AST,
    on_village: AST,
}

impl EntryStatements {
    pub fn compile(engine: &rhai::Engine) -> EntryStatements {
        let mut scope = Scope::new();
        scope.push(SUBJECT_VARIABLE, ());
        scope.push(CONTEXT_VARIABLE, ());
        let compile = |entry: Entry| {
            let text = format!(
                "{}({SUBJECT_VARIABLE}, {CONTEXT_VARIABLE})",
                entry.function_name()
            );
            engine
                .compile_with_scope(&scope, text)
                .expect("the entry statement is valid Rhai")
        };
        EntryStatements {
            on_event: compile(Entry::OnEvent),
            on_type: EventType::ALL
                .iter()
                .map(|t| compile(Entry::OnType(*t)))
                .collect(),
            on_timer: compile(Entry::OnTimer),
            on_village: compile(Entry::OnVillage),
        }
    }

    fn get(&self, entry: Entry) -> &AST {
        match entry {
            Entry::OnEvent => &self.on_event,
            Entry::OnType(event_type) => &self.on_type[event_type as usize],
            Entry::OnTimer => &self.on_timer,
            Entry::OnVillage => &self.on_village,
        }
    }
}

/// What one threshold's calls share.
struct ThresholdCalls {
    caches: Caches,
    /// The script's name, for error positions.
    source: Option<ImmutableString>,
}

/// Per-threshold function-resolution caches of one pipeline.
#[derive(Default)]
pub struct ScriptCaller {
    thresholds: Vec<ThresholdCalls>,
}

impl ScriptCaller {
    /// Forgets every cache (after a rule set swap the scripts are different).
    pub fn reset(&mut self) {
        self.thresholds.clear();
    }

    /// Calls `entry(subject, context)` of threshold `index`, with the operation limit counted
    /// per call. The scope is left as it was.
    pub fn call(
        &mut self,
        rules: &RuleSet,
        index: usize,
        entry: Entry,
        subject: Dynamic,
        context: Dynamic,
        scope: &mut Scope<'static>,
    ) -> Result<(), Box<EvalAltResult>> {
        while self.thresholds.len() < rules.thresholds.len() {
            let threshold = &rules.thresholds[self.thresholds.len()];
            let mut caches = Caches::new();
            // A cache at the bottom of the stack outlives the call, so later calls reuse its
            // resolutions.
            caches.push_fn_resolution_cache();
            self.thresholds.push(ThresholdCalls {
                caches,
                source: threshold.ast.source().map(ImmutableString::from),
            });
        }
        let threshold = &rules.thresholds[index];
        let calls = &mut self.thresholds[index];
        let engine = &rules.engine;
        let mut global = engine.new_global_runtime_state();
        global.lib.push(threshold.ast.shared_lib().clone());
        global.source = calls.source.clone();
        let scope_len = scope.len();
        scope.push_dynamic(SUBJECT_VARIABLE, subject);
        scope.push_dynamic(CONTEXT_VARIABLE, context);
        #[allow(deprecated)] // the one public way to evaluate with caches that outlive a call
        let result = engine.eval_statements_raw(
            &mut global,
            &mut calls.caches,
            scope,
            rules.entry_statements.get(entry).statements(),
        );
        scope.rewind(scope_len);
        let name = entry.function_name();
        result.map(|_| ()).map_err(|error| match *error {
            EvalAltResult::ErrorInFunctionCall(function, _, inner, _) if function == name => inner,
            other => Box::new(other),
        })
    }
}
