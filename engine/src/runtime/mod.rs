//! The Rhai rule runtime: sandboxed threshold scripts, their declarations and the host API.

pub mod array_contains;
pub mod bounds;
pub mod examples;
pub mod field_test;
pub mod guard;
pub mod host;
pub mod host_calendar;
pub mod host_contracts;
pub mod host_geo;
pub mod host_oversight;
pub mod host_people;
pub mod host_periods;
pub mod host_quantities;
pub mod host_text;
pub mod host_villages;
pub mod invoke;
pub mod meta;
pub mod op_assign;
pub mod params;
pub mod record_paths;
pub mod rule_set;
pub mod sandbox;
pub mod script_types;

pub use host::Cx;
pub use meta::ThresholdMeta;
pub use params::{ParamValue, Params};
pub use rule_set::{RuleLoadError, RuleSet, Threshold};
pub use script_types::Rec;
