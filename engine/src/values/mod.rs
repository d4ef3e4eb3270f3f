//! The value types of the event contract (events.md §3).

pub mod date;
pub mod decimal;
pub mod duration;
pub mod fraction;
pub mod money;
pub mod timestamp;

pub use date::{Date, Period};
pub use decimal::Decimal;
pub use duration::{DurationUnit, ParamDuration};
pub use fraction::Fraction;
pub use money::{Money, MoneyError, MONEY_ERROR_TAG};
pub use timestamp::Timestamp;

/// Ids and free text. Shared, cheaply cloned, and handed to rule scripts without copying.
pub type Text = rhai::ImmutableString;
