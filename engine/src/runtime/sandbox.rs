//! The script engine: sandboxed (no files, no network, no modules, no eval) and bounded.

use super::{array_contains, field_test, host, script_types};
use rhai::Engine;

/// Limits that stop a runaway or oversized script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptLimits {
    pub max_operations: u64,
    pub max_call_levels: usize,
    pub max_expr_depth: usize,
    pub max_string_size: usize,
    pub max_array_size: usize,
    pub max_map_size: usize,
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            max_operations: 1_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 64 * 1024,
            max_array_size: 100_000,
            max_map_size: 10_000,
        }
    }
}

/// Builds the engine all threshold scripts run on.
pub fn build_engine(local_offset_seconds: i32, limits: ScriptLimits) -> Engine {
    let mut engine = Engine::new();
    engine.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    engine.set_max_modules(0);
    engine.disable_symbol("eval");
    engine.set_strict_variables(true);
    engine.set_max_operations(limits.max_operations);
    engine.set_max_call_levels(limits.max_call_levels);
    engine.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth);
    engine.set_max_string_size(limits.max_string_size);
    engine.set_max_array_size(limits.max_array_size);
    engine.set_max_map_size(limits.max_map_size);
    // Record ids are nearly all distinct, so interning the strings scripts bind would only fill
    // the interner and make every later `let` scan it under a lock.
    engine.set_max_strings_interned(0);
    engine.on_print(|text| tracing::info!(target: "mingjing::rules", "{text}"));
    engine.on_debug(|text, source, pos| tracing::debug!(target: "mingjing::rules", source = source.unwrap_or(""), line = pos.line().unwrap_or(0), "{text}"));
    script_types::register(&mut engine, local_offset_seconds);
    host::register(&mut engine);
    array_contains::register(&mut engine);
    field_test::register(&mut engine);
    engine
}
