//! Mingjing engine: the event contract, keyed state, event-time timers, the Rhai rule runtime,
//! routing and the pipeline that ties them together. Pure logic, no I/O.

pub mod alert;
pub mod event;
pub mod source;
pub mod store;
pub mod values;
