//! The demo's users: one of each role, scoped to the part of the sample city with the most
//! alerts, so that each of them has a queue to work.

use mingjing_connectors::SqlStore;
use mingjing_engine::users::{Role, User, UserStore};
use mingjing_engine::Alert;
use std::collections::BTreeMap;

/// The password of every demo user (the demo serves on the loopback interface only).
pub const DEMO_PASSWORD: &str = "mingjing-demo";

/// The value of `key` most alerts share (ties: the smallest), if any alert has one.
fn most_common<'a>(
    alerts: impl Iterator<Item = &'a Alert>,
    key: impl Fn(&Alert) -> Option<&str>,
) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for alert in alerts {
        if let Some(value) = key(alert) {
            *counts.entry(value).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(value, _)| value.to_string())
}

/// One user per role over the sample city's `alerts`.
pub fn demo_users(alerts: &[Alert]) -> anyhow::Result<Vec<User>> {
    let township = most_common(alerts.iter(), |a| Some(a.township_id.as_str()))
        .unwrap_or_else(|| "tw-01".into());
    let in_township = || alerts.iter().filter(|a| a.township_id == township);
    let village = most_common(in_township(), |a| {
        (a.route.target == "village").then_some(a.village_id.as_str())
    })
    .or_else(|| most_common(in_township(), |a| Some(a.village_id.as_str())))
    .unwrap_or_else(|| "vl-0001".into());
    let dept =
        most_common(in_township(), |a| a.route.dept.as_deref()).unwrap_or_else(|| "civil".into());
    let users = [
        ("demo-city", Role::CityCommission, None, None, None),
        (
            "demo-township",
            Role::TownshipCommission,
            Some(&township),
            None,
            None,
        ),
        (
            "demo-dept",
            Role::Department,
            Some(&township),
            None,
            Some(&dept),
        ),
        ("demo-village", Role::Village, None, Some(&village), None),
        ("demo-rules", Role::RuleAuthor, None, None, None),
        ("demo-ops", Role::Ops, None, None, None),
    ];
    users
        .into_iter()
        .map(|(name, role, t, v, d)| {
            User::new(
                name,
                role,
                t.map(String::as_str),
                v.map(String::as_str),
                d.map(String::as_str),
            )
            .map_err(|e| anyhow::anyhow!("demo user {name}: {e}"))
        })
        .collect()
}

/// Adds the demo users to `store`.
pub async fn add_demo_users(store: &SqlStore, users: &[User]) -> anyhow::Result<()> {
    for user in users {
        store.add_user(user, DEMO_PASSWORD).await?;
    }
    Ok(())
}
