//! Cursor pagination stays stable under inserts: alerts inserted between pages, newer, older or
//! at the same instant as the cursor, never make a page repeat or skip an alert that existed
//! when the first page was read. On SQLite and PostgreSQL.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::StatusCode;
use common::{with_postgres, with_sqlite};
use mingjing_engine::alert::Alert;
use mingjing_engine::store::AlertStore;
use std::collections::HashSet;
use support::{named_alert, route, Fixture};

fn batch(prefix: &str, minutes: impl Iterator<Item = i64>) -> Vec<Alert> {
    minutes
        .map(|m| {
            named_alert(
                &format!("{prefix}-{m}"),
                route("village", "tw-0", "vl-00", None),
                None,
                m,
            )
        })
        .collect()
}

mod checks {
    use super::*;

    pub async fn pages_stable_under_inserts(location: String) {
        let f = Fixture::new(&location).await;
        // 40 more, two per minute so that ties on the sort key are broken by id.
        let mut more = batch("a", 100..120);
        more.extend(batch("b", 100..120));
        f.store.upsert_alerts(&more).await.unwrap();
        let city = f.login("city").await;
        for sort in ["detected_desc", "detected_asc", "deadline_asc"] {
            let original: HashSet<String> = f
                .list_all(&city, &format!("sort={sort}&limit=500"))
                .await
                .into_iter()
                .collect();
            let mut seen = Vec::new();
            let (status, page) = f
                .get(&format!("/api/alerts?sort={sort}&limit=7"), &city)
                .await;
            assert_eq!(status, StatusCode::OK);
            let mut cursor = page["next_cursor"].as_str().map(str::to_string);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["alert_id"].as_str().unwrap().to_string()),
            );
            let mut round = 0;
            while let Some(c) = cursor {
                // Newer, older and same-minute alerts arrive between pages.
                round += 1;
                let mut arriving = batch(
                    &format!("{sort}-new{round}"),
                    [1000 + round, -100 - round, 110].into_iter(),
                );
                arriving.extend(batch(&format!("{sort}-same{round}"), [105].into_iter()));
                f.store.upsert_alerts(&arriving).await.unwrap();
                let (status, page) = f
                    .get(
                        &format!("/api/alerts?sort={sort}&limit=7&cursor={c}"),
                        &city,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{page}");
                seen.extend(
                    page["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i["alert_id"].as_str().unwrap().to_string()),
                );
                cursor = page["next_cursor"].as_str().map(str::to_string);
            }
            let unique: HashSet<&String> = seen.iter().collect();
            assert_eq!(unique.len(), seen.len(), "{sort}: a page repeated an alert");
            let missing: Vec<&String> = original.iter().filter(|id| !unique.contains(id)).collect();
            assert!(missing.is_empty(), "{sort}: pages skipped {missing:?}");
        }
        // A cursor of one sort is refused with another, and garbage is refused.
        let (_, page) = f.get("/api/alerts?limit=2", &city).await;
        let c = page["next_cursor"].as_str().unwrap();
        let (status, body) = f
            .get(
                &format!("/api/alerts?limit=2&sort=deadline_asc&cursor={c}"),
                &city,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().starts_with("cursor"),
            "{body}"
        );
        let (status, _) = f.get("/api/alerts?cursor=zz", &city).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        f.store.close().await;
    }

    pub async fn filters_and_bad_parameters(location: String) {
        let f = Fixture::new(&location).await;
        let city = f.login("city").await;
        let ids = |names: &[&str]| -> Vec<String> { names.iter().map(|n| f.id(n)).collect() };
        assert_eq!(
            f.list_all(&city, "holder=dept:civil&sort=detected_asc")
                .await,
            ids(&["civil_tw0", "civil_tw1"])
        );
        assert_eq!(
            f.list_all(&city, "township=tw-1&holder=village").await,
            ids(&["village_vl10"])
        );
        assert_eq!(
            f.list_all(&city, "q=escalated_to&color=red").await,
            ids(&["escalated_to_city"])
        );
        assert_eq!(
            f.list_all(
                &city,
                "from=2025-03-01T00:04:00Z&to=2025-03-01T08:06:00%2B08:00&sort=detected_asc"
            )
            .await,
            ids(&["escalated_from_vl00", "escalated_to_city"])
        );
        // Ack deadlines are 24 h after detection: none overdue at the start, all a day later.
        assert!(f.list_all(&city, "overdue=true").await.is_empty());
        f.advance_seconds(2 * 86400);
        let city = f.login("city").await;
        assert_eq!(
            f.list_all(&city, "overdue=true").await.len(),
            f.alerts.len()
        );
        let (_, page) = f.get("/api/alerts?limit=1", &city).await;
        assert_eq!(page["items"][0]["evidence_count"], 1);
        assert!(page["items"][0].get("evidence").is_none());
        for (query, field) in [
            ("color=blue", "color"),
            ("kind=minor", "kind"),
            ("holder=mayor", "holder"),
            ("overdue=yes", "overdue"),
            ("from=yesterday", "from"),
            ("sort=newest", "sort"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("colour=red", "colour"),
        ] {
            let (status, body) = f.get(&format!("/api/alerts?{query}"), &city).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert!(
                body["message"].as_str().unwrap().starts_with(field),
                "{query}: {body}"
            );
        }
        // A refused value comes with the values that are accepted.
        let (_, body) = f.get("/api/alerts?color=blue", &city).await;
        assert_eq!(
            body["message"], "color: \"blue\": use red, yellow or green",
            "{body}"
        );
        f.store.close().await;
    }
}

on_both_backends!(pages_stable_under_inserts, filters_and_bad_parameters);
