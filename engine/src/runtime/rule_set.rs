//! Loading threshold scripts: compile once, read their declarations, index them by trigger.

use super::invoke::{Entry, EntryStatements};
use super::meta::ThresholdMeta;
use super::params::Params;
use super::sandbox::{build_engine, ScriptLimits};
use crate::event::EventType;
use rhai::{Engine, Map, Scope, AST};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A script that could not be loaded, with where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleLoadError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One compiled threshold.
#[derive(Clone)]
pub struct Threshold {
    pub meta: ThresholdMeta,
    pub ast: Arc<AST>,
    /// Where the script came from (path relative to the rules directory).
    pub source_name: String,
    /// Content hash of the script, reported as the alert's rule_version.
    pub version: String,
    pub has_on_event: bool,
    /// Trigger types the script handles in their own `on_<type>` function.
    pub typed_handlers: Vec<EventType>,
    pub has_on_timer: bool,
    /// Defines `on_village(village, cx)`: a periodic threshold that arms its first period's timer
    /// when a village becomes known.
    pub has_on_village: bool,
    /// The threshold id, shared with every call's frame.
    pub shared_id: Arc<str>,
    /// The dedup key names after village_id, shared with every call's frame.
    pub key_names: Arc<Vec<String>>,
    /// Examples file beside the script, if any.
    pub examples: Option<PathBuf>,
}

impl Threshold {
    /// The function an event of this type calls: the script's own `on_<type>` where it has one,
    /// else `on_event`; `None` when the script handles no events.
    pub fn entry_for(&self, event_type: EventType) -> Option<Entry> {
        if self.typed_handlers.contains(&event_type) {
            Some(Entry::OnType(event_type))
        } else if self.has_on_event {
            Some(Entry::OnEvent)
        } else {
            None
        }
    }
}

/// The loaded rules and the engine they run on.
#[derive(Clone)]
pub struct RuleSet {
    pub engine: Arc<Engine>,
    pub thresholds: Vec<Threshold>,
    by_trigger: Vec<Vec<usize>>,
    /// Thresholds with `on_village`, in code order.
    on_new_village: Vec<usize>,
    pub local_offset_seconds: i32,
    /// The statements that call a threshold's `on_event` and `on_timer`.
    pub entry_statements: Arc<EntryStatements>,
}

fn load_error(file: &str, position: rhai::Position, message: String) -> RuleLoadError {
    RuleLoadError {
        file: file.to_string(),
        line: position.line().unwrap_or(0),
        column: position.position().unwrap_or(0),
        message,
    }
}

impl RuleSet {
    /// Compiles scripts given as (name, text). Every failing script is reported.
    pub fn from_sources(
        sources: &[(String, String)],
        local_offset_seconds: i32,
    ) -> Result<RuleSet, Vec<RuleLoadError>> {
        let mut engine = build_engine(local_offset_seconds, ScriptLimits::default());
        let mut thresholds = Vec::new();
        let mut errors = Vec::new();
        for (name, text) in sources {
            match compile_threshold(&engine, name, text) {
                Ok(t) => thresholds.push(t),
                Err(e) => errors.push(e),
            }
        }
        let mut seen_ids = std::collections::BTreeMap::new();
        for t in &thresholds {
            if let Some(other) = seen_ids.insert(t.meta.id.clone(), t.source_name.clone()) {
                errors.push(RuleLoadError {
                    file: t.source_name.clone(),
                    line: 1,
                    column: 1,
                    message: format!("threshold id {} is also declared by {other}", t.meta.id),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        thresholds.sort_by(|a, b| a.meta.code.cmp(&b.meta.code));
        register_param_getters(&mut engine, &thresholds);
        Ok(RuleSet::assemble(
            Arc::new(engine),
            thresholds,
            local_offset_seconds,
        ))
    }

    /// Loads every `*.rhai` under a directory (sorted by path); `X.examples.yaml` beside
    /// `X.rhai` holds its examples.
    pub fn load_dir(dir: &Path, local_offset_seconds: i32) -> Result<RuleSet, Vec<RuleLoadError>> {
        let mut files = Vec::new();
        collect_scripts(dir, &mut files).map_err(|e| {
            vec![RuleLoadError {
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read the rules directory: {e}"),
            }]
        })?;
        files.sort();
        if files.is_empty() {
            return Err(vec![RuleLoadError {
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                message: "no .rhai threshold scripts found".into(),
            }]);
        }
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for path in &files {
            match std::fs::read_to_string(path) {
                Ok(text) => sources.push((path.display().to_string(), text)),
                Err(e) => errors.push(RuleLoadError {
                    file: path.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut set = RuleSet::from_sources(&sources, local_offset_seconds)?;
        for t in &mut set.thresholds {
            let examples = PathBuf::from(
                t.source_name.trim_end_matches(".rhai").to_string() + ".examples.yaml",
            );
            t.examples = examples.exists().then_some(examples);
        }
        Ok(set)
    }

    fn assemble(
        engine: Arc<Engine>,
        thresholds: Vec<Threshold>,
        local_offset_seconds: i32,
    ) -> RuleSet {
        let mut by_trigger = vec![Vec::new(); EventType::ALL.len()];
        for (index, t) in thresholds.iter().enumerate() {
            for trigger in &t.meta.triggers {
                if *trigger != EventType::ClockTick && t.entry_for(*trigger).is_some() {
                    by_trigger[*trigger as usize].push(index);
                }
            }
        }
        let on_new_village = thresholds
            .iter()
            .enumerate()
            .filter(|(_, t)| t.has_on_village)
            .map(|(index, _)| index)
            .collect();
        RuleSet {
            entry_statements: Arc::new(EntryStatements::compile(&engine)),
            engine,
            thresholds,
            by_trigger,
            on_new_village,
            local_offset_seconds,
        }
    }

    /// Thresholds whose triggers include this type, in code order.
    pub fn for_trigger(&self, event_type: EventType) -> &[usize] {
        &self.by_trigger[event_type as usize]
    }

    /// Thresholds to tell when a village becomes known (those with `on_village`), in code order.
    pub fn for_new_village(&self) -> &[usize] {
        &self.on_new_village
    }

    /// A rule set with only the thresholds `keep` accepts (same engine).
    pub fn subset(&self, keep: impl Fn(&Threshold) -> bool) -> RuleSet {
        let kept = self
            .thresholds
            .iter()
            .filter(|t| keep(t))
            .cloned()
            .collect();
        RuleSet::assemble(self.engine.clone(), kept, self.local_offset_seconds)
    }

    pub fn find(&self, id_or_code: &str) -> Option<&Threshold> {
        self.thresholds
            .iter()
            .find(|t| t.meta.id == id_or_code || t.meta.code == id_or_code)
    }
}

/// A getter for every declared parameter name, so `cx.params.min_gap` is one call: without it,
/// each read first fails to find a getter and only then falls back to the indexer.
fn register_param_getters(engine: &mut Engine, thresholds: &[Threshold]) {
    let names: std::collections::BTreeSet<String> = thresholds
        .iter()
        .flat_map(|t| t.meta.params.names())
        .collect();
    for name in names {
        let key = name.clone();
        engine.register_get(
            &name,
            move |params: &mut Params| -> Result<rhai::Dynamic, Box<rhai::EvalAltResult>> {
                params
                    .get(&key)
                    .map(|v| v.to_dynamic())
                    .ok_or_else(|| format!("no parameter named {key}").into())
            },
        );
    }
}

fn collect_scripts(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_scripts(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rhai") {
            files.push(path);
        }
    }
    Ok(())
}

fn compile_threshold(engine: &Engine, name: &str, text: &str) -> Result<Threshold, RuleLoadError> {
    let mut ast = engine
        .compile(text)
        .map_err(|e| load_error(name, e.1, e.0.to_string()))?;
    ast.set_source(name);
    let mut scope = Scope::new();
    engine
        .run_ast_with_scope(&mut scope, &ast)
        .map_err(|e| load_error(name, e.position(), e.to_string()))?;
    let threshold: Map = scope
        .get_value::<Map>("THRESHOLD")
        .ok_or_else(|| RuleLoadError {
            file: name.into(),
            line: 1,
            column: 1,
            message: "the script must define `const THRESHOLD = #{ id: .., code: .., .. };`".into(),
        })?;
    let params = scope.get_value::<Map>("PARAMS");
    let meta =
        ThresholdMeta::from_maps(&threshold, params.as_ref()).map_err(|message| RuleLoadError {
            file: name.into(),
            line: 1,
            column: 1,
            message,
        })?;
    let has = |fn_name: &str, arity: usize| {
        ast.iter_functions()
            .any(|f| f.name == fn_name && f.params.len() == arity)
    };
    let has_on_event = has("on_event", 2);
    let has_on_timer = has("on_timer", 2);
    let has_on_village = has("on_village", 2);
    let event_triggers = meta
        .triggers
        .iter()
        .copied()
        .filter(|t| *t != EventType::ClockTick);
    let typed_handlers: Vec<EventType> = event_triggers
        .clone()
        .filter(|t| has(t.handler_name(), 2))
        .collect();
    let unhandled: Vec<String> = event_triggers
        .filter(|t| !has_on_event && !typed_handlers.contains(t))
        .map(|t| format!("{} (`fn {}(ev, cx)`)", t.as_str(), t.handler_name()))
        .collect();
    if !unhandled.is_empty() {
        return Err(RuleLoadError {
            file: name.into(),
            line: 1,
            column: 1,
            message: format!(
                "the script has no `fn on_event(ev, cx)` and no handler for the trigger {}",
                unhandled.join(", ")
            ),
        });
    }
    let digest = Sha256::digest(text.as_bytes());
    let version = digest[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    // Top-level statements ran once above; calls evaluate functions only.
    let functions_only = ast.clone_functions_only();
    let key_names = Arc::new(meta.dedup_key[1..].to_vec());
    let shared_id = Arc::from(meta.id.as_str());
    Ok(Threshold {
        meta,
        shared_id,
        key_names,
        ast: Arc::new(functions_only),
        source_name: name.to_string(),
        version,
        has_on_event,
        typed_handlers,
        has_on_timer,
        has_on_village,
        examples: None,
    })
}
