//! Cockpit statistics (数字驾驶舱) for the city, a township or a village: what was raised in a
//! period, how fast it was handled, what is overdue now, the trend per week and the villages
//! ranked with their red/yellow flag.
//!
//! Pure: a store hands over the alerts of the scope ([`CockpitStore`]), [`compute`] counts.
//! A user's statistics cover only the alerts they may see (`scope::may_see`), except for the
//! city-wide readers (city commission, rule authors, ops), who read the counts of every alert:
//! a village must not learn from a count that a serious warning about its cadres exists.

mod flag;
mod median;
mod stats;
mod weeks;

pub use flag::{FlagPolicy, VillageFlag};
pub use stats::{compute, CockpitStats, DeadlineCounts, VillageRow, WeekRow};

use crate::lifecycle::TrackedAlert;
use crate::scope::may_see;
use crate::store::StoreError;
use crate::users::{Role, User};
use crate::values::Timestamp;
use serde::Serialize;
use std::future::Future;

/// Whose statistics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "level", content = "id", rename_all = "snake_case")]
pub enum CockpitScope {
    City,
    Township(String),
    Village(String),
}

/// What to count: the alerts of `scope` detected in [from, to) (either end open), with
/// overdue judged at `now`.
#[derive(Clone, Debug)]
pub struct CockpitQuery {
    pub scope: CockpitScope,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub now: Timestamp,
    /// The zone of the days that make up weeks (UTC+8 in the platform's city).
    pub local_offset_seconds: i32,
    pub flag: FlagPolicy,
}

/// The alerts a cockpit counts. Evidence, params and message may be left empty: statistics
/// do not read them, and a year of a city's alerts is then cheap to hand over.
pub trait CockpitStore: Send + Sync {
    /// Every alert of the scope: all of them for the city, those whose `township_id` (or
    /// `village_id`) is the scope's.
    fn cockpit_alerts(
        &self,
        scope: &CockpitScope,
    ) -> impl Future<Output = Result<Vec<TrackedAlert>, StoreError>> + Send;

    /// How many alerts are open (red or yellow), by (color, holder): the holder is the route
    /// target, `dept:<code>` for a department. Ordered by color, then holder.
    fn open_alert_counts(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, String, i64)>, StoreError>> + Send;
}

/// The holder label of a route: its target, or `dept:<code>` for a department.
pub fn holder_label(route: &crate::alert::Route) -> String {
    match (&*route.target, &route.dept) {
        ("dept", Some(code)) => format!("dept:{code}"),
        (target, _) => target.to_string(),
    }
}

/// Whether `user` may read the statistics of `scope` at all: the city's are for the city
/// commission, rule authors and ops; a township's also for its commission and departments; a
/// village's also for the village itself and for any township commission (which counts only its
/// own township's alerts).
pub fn may_read(user: &User, scope: &CockpitScope) -> bool {
    if user.disabled {
        return false;
    }
    let city_wide = matches!(
        user.role,
        Role::CityCommission | Role::RuleAuthor | Role::Ops
    );
    match scope {
        CockpitScope::City => city_wide,
        CockpitScope::Township(township) => {
            city_wide
                || matches!(user.role, Role::TownshipCommission | Role::Department)
                    && user.township_id.as_deref() == Some(township.as_str())
        }
        CockpitScope::Village(village) => {
            city_wide
                || user.role == Role::TownshipCommission
                || user.role == Role::Village
                    && user.village_id.as_deref() == Some(village.as_str())
        }
    }
}

/// The alerts among `alerts` that count for `user`.
pub fn counted_for<'a>(
    user: &User,
    alerts: &'a [TrackedAlert],
) -> impl Iterator<Item = &'a TrackedAlert> + 'a {
    let user = user.clone();
    alerts.iter().filter(move |tracked| match user.role {
        Role::CityCommission | Role::RuleAuthor | Role::Ops => !user.disabled,
        Role::TownshipCommission => {
            !user.disabled
                && user.township_id.as_deref() == Some(tracked.alert.township_id.as_str())
        }
        Role::Department | Role::Village => may_see(&user, &tracked.alert),
    })
}
