//! Mingjing engine: the event contract, keyed state, event-time timers, the Rhai rule runtime,
//! routing and the pipeline that ties them together. Pure logic, no I/O.

pub mod alert;
pub mod cockpit;
pub mod config;
pub mod delta;
pub mod departments;
pub mod escalation;
pub mod event;
pub mod expiry;
pub mod lifecycle;
pub mod pipeline;
pub mod queue;
pub mod records;
pub mod routing;
pub mod runtime;
pub mod scope;
pub mod snapshot;
pub mod source;
pub mod state;
pub mod stats;
pub mod store;
pub mod timers;
pub mod users;
pub mod values;
mod whole_parts;

pub use alert::Alert;
pub use config::EngineConfig;
pub use pipeline::Pipeline;
pub use runtime::RuleSet;
