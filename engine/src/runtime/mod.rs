//! The Rhai rule runtime: sandboxed threshold scripts, their declarations and the host API.

pub mod examples;
pub mod host;
pub mod invoke;
pub mod meta;
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
