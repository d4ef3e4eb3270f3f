//! `GET /api/stats`: the cockpit for every level, counted over what each role may count, on
//! SQLite and PostgreSQL.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::StatusCode;
use common::{with_postgres, with_sqlite};
use serde_json::json;
use support::{assert_error_body, Fixture};

mod checks {
    use super::*;

    pub async fn counts_follow_the_lifecycle(location: String) {
        let f = Fixture::new(&location).await;
        let city = f.login("city").await;
        let (status, stats) = f.get("/api/stats", &city).await;
        assert_eq!(status, StatusCode::OK, "{stats}");
        assert_eq!(stats["scope"], json!({"level": "city"}));
        assert_eq!(stats["total"], 8);
        assert_eq!(
            stats["by_color"],
            json!({"red": 8, "yellow": 0, "green": 0})
        );
        assert_eq!(stats["by_kind"]["efficiency"], 8);
        assert_eq!(stats["by_category"], json!({"labor": 8}));
        assert_eq!(stats["median_seconds_to_acknowledge"], json!(null));
        assert_eq!(
            stats["overdue"]["total"], 0,
            "12:00 on the day of detection"
        );
        assert_eq!(stats["escalated"], 2);

        // The township acknowledges one alert at 12:00 (detected 08:03), then disposes of it
        // an hour later.
        let tw0 = f.login("tw0").await;
        let path = format!("/api/alerts/{}", f.id("commission_tw0"));
        let (status, body) = f
            .post(&format!("{path}/acknowledge"), &tw0, json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        f.advance_seconds(3600);
        let (status, body) = f
            .post(
                &format!("{path}/dispose"),
                &tw0,
                json!({"disposition": "rectified", "note": "已整改"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Two days on, every open alert has missed its acknowledge deadline (and the morning's
        // token has expired).
        f.advance_seconds(2 * 86_400);
        let city = f.login("city").await;
        let (_, stats) = f.get("/api/stats", &city).await;
        assert_eq!(
            stats["by_color"],
            json!({"red": 7, "yellow": 0, "green": 1})
        );
        assert_eq!(stats["median_seconds_to_acknowledge"], 3 * 3600 + 57 * 60);
        assert_eq!(stats["median_seconds_to_dispose"], 4 * 3600 + 57 * 60);
        assert_eq!(stats["overdue"]["acknowledge"], 7);
        assert_eq!(stats["weeks"][0]["week"], "2025-02-24");
        assert_eq!(stats["weeks"][0]["raised"], 8);
        assert_eq!(stats["weeks"][0]["disposed"], 1);
        // vl-00 has four alerts; the three still open missed a deadline: yellow (2 to 4),
        // first in the ranking.
        assert_eq!(stats["villages"][0]["village_id"], "vl-00");
        assert_eq!(stats["villages"][0]["overdue"], 3);
        assert_eq!(stats["villages"][0]["flag"], "yellow");
        // A stricter policy turns it red.
        let (_, strict) = f.get("/api/stats?red_overdue=3", &city).await;
        assert_eq!(strict["villages"][0]["flag"], "red");
        assert_eq!(strict["flag_policy"]["red_overdue"], 3);
        // A period that ends before the alerts has nothing in it.
        let (_, before) = f
            .get("/api/stats?to=2025-03-01T08:00:00%2B08:00", &city)
            .await;
        assert_eq!(before["total"], 0);
        f.store.close().await;
    }

    pub async fn every_role_counts_within_its_scope(location: String) {
        let f = Fixture::new(&location).await;
        // (user, query, status, total when answered)
        let cases = [
            ("city", "level=city", StatusCode::OK, 8),
            ("ops", "level=city", StatusCode::OK, 8),
            ("author", "", StatusCode::OK, 8),
            ("tw0", "level=township&id=tw-0", StatusCode::OK, 5),
            ("tw0", "level=township&id=tw-1", StatusCode::FORBIDDEN, 0),
            ("tw0", "level=city", StatusCode::FORBIDDEN, 0),
            ("tw0", "level=village&id=vl-00", StatusCode::OK, 4),
            // Another township's village: counted over tw-0's alerts only, so nothing.
            ("tw0", "level=village&id=vl-10", StatusCode::OK, 0),
            ("civil0", "level=township&id=tw-0", StatusCode::OK, 1),
            ("civil0", "level=township&id=tw-1", StatusCode::FORBIDDEN, 0),
            // The village sees its own alert and the one escalated away from it.
            ("v00", "level=village&id=vl-00", StatusCode::OK, 2),
            ("v00", "level=village&id=vl-10", StatusCode::FORBIDDEN, 0),
            ("v00", "level=township&id=tw-0", StatusCode::FORBIDDEN, 0),
        ];
        for (user, query, status, total) in cases {
            let token = f.login(user).await;
            let (got, body) = f.get(&format!("/api/stats?{query}"), &token).await;
            assert_eq!(got, status, "{user} {query}: {body}");
            if status == StatusCode::OK {
                assert_eq!(body["total"], total, "{user} {query}: {body}");
            } else {
                assert_error_body(&body);
            }
        }
        f.store.close().await;
    }

    pub async fn bad_parameters_are_named(location: String) {
        let f = Fixture::new(&location).await;
        let city = f.login("city").await;
        for (query, named) in [
            ("level=province", "level"),
            ("level=township", "id"),
            ("from=yesterday", "from"),
            ("from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "to"),
            ("red_serious=many", "red_serious"),
            ("yellow_overdue=0", "yellow_overdue"),
            ("colour=red", "colour"),
        ] {
            let (status, body) = f.get(&format!("/api/stats?{query}"), &city).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
            assert_error_body(&body);
            assert!(
                body["message"].as_str().unwrap().contains(named),
                "{query}: {body}"
            );
        }
        let (status, _) = f
            .call(axum::http::Method::GET, "/api/stats", None, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        f.store.close().await;
    }
}

on_both_backends!(
    counts_follow_the_lifecycle,
    every_role_counts_within_its_scope,
    bad_parameters_are_named
);
