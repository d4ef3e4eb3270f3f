//! Users and bearer tokens in the SQL store, on SQLite and PostgreSQL: adding and listing,
//! duplicates, login, token expiry and revocation, disabled users, and what is kept of secrets.
//! PostgreSQL tests fail when the server is unreachable unless MINGJING_SKIP_POSTGRES=1.

#[macro_use]
mod common;

use common::*;
use mingjing_connectors::{SqlPool, SqlStore};
use mingjing_engine::users::{Role, User, UserError, UserStore};
use mingjing_engine::values::Timestamp;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn township_officer(name: &str) -> User {
    User::new(name, Role::TownshipCommission, Some("tw-1"), None, None).unwrap()
}

const PASSWORD: &str = "明镜高悬-2025";
const NOW: &str = "2025-03-01T09:00:00+08:00";
const HOUR: i64 = 3600;

/// Every text value of a table, for looking for secrets in it.
async fn table_text(store: &SqlStore, sql: &str) -> Vec<String> {
    match store.pool() {
        SqlPool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        SqlPool::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

mod checks {
    use super::*;

    pub async fn users_are_added_listed_and_disabled(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let users = [
            User::new("zhang", Role::Department, Some("tw-1"), None, Some("civil")).unwrap(),
            User::new("city", Role::CityCommission, None, None, None).unwrap(),
            User::new("li", Role::Village, None, Some("vl-7"), None).unwrap(),
            User::new("ops", Role::Ops, None, None, None).unwrap(),
        ];
        for user in &users {
            store.add_user(user, PASSWORD).await.unwrap();
        }
        let mut expected = users.to_vec();
        expected.sort_by(|a, b| a.username.cmp(&b.username));
        assert_eq!(store.list_users().await.unwrap(), expected);

        let taken = User::new("li", Role::Ops, None, None, None).unwrap();
        assert!(matches!(
            store.add_user(&taken, PASSWORD).await,
            Err(UserError::Duplicate(name)) if name == "li"
        ));
        let short = User::new("wang", Role::Ops, None, None, None).unwrap();
        assert!(matches!(
            store.add_user(&short, "1234567").await,
            Err(UserError::Invalid(_))
        ));
        assert!(matches!(
            store.disable_user("nobody").await,
            Err(UserError::UnknownUser(name)) if name == "nobody"
        ));

        store.disable_user("li").await.unwrap();
        let listed = store.list_users().await.unwrap();
        let disabled: Vec<(&str, bool)> = listed
            .iter()
            .map(|u| (u.username.as_str(), u.disabled))
            .collect();
        assert_eq!(
            disabled,
            [
                ("city", false),
                ("li", true),
                ("ops", false),
                ("zhang", false)
            ]
        );
        assert_eq!(listed[1].village_id.as_deref(), Some("vl-7"));
        store.close().await;
    }

    pub async fn a_token_works_until_it_expires(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let officer = township_officer("zhou");
        store.add_user(&officer, PASSWORD).await.unwrap();
        let now = ts(NOW);

        assert!(matches!(
            store.login("zhou", "wrong password", now, HOUR).await,
            Err(UserError::BadCredentials)
        ));
        assert!(matches!(
            store.login("nobody", PASSWORD, now, HOUR).await,
            Err(UserError::BadCredentials)
        ));

        let issued = store.login("zhou", PASSWORD, now, HOUR).await.unwrap();
        assert_eq!(issued.expires_at, ts("2025-03-01T10:00:00+08:00"));
        assert_eq!(
            store.resolve_token(&issued.token, now).await.unwrap(),
            officer
        );
        let last_second = ts("2025-03-01T09:59:59+08:00");
        assert_eq!(
            store
                .resolve_token(&issued.token, last_second)
                .await
                .unwrap(),
            officer
        );
        // At the expiry instant the token no longer works.
        for later in [
            "2025-03-01T10:00:00+08:00",
            "2025-03-01T02:00:00Z",
            "2025-03-02T00:00:00+08:00",
        ] {
            assert!(
                matches!(
                    store.resolve_token(&issued.token, ts(later)).await,
                    Err(UserError::Expired(_))
                ),
                "{later}"
            );
        }
        assert!(matches!(
            store.resolve_token("not-a-token", now).await,
            Err(UserError::UnknownToken)
        ));
        let mut altered = issued.token.clone();
        altered.replace_range(..1, if altered.starts_with('0') { "1" } else { "0" });
        assert!(matches!(
            store.resolve_token(&altered, now).await,
            Err(UserError::UnknownToken)
        ));
        store.close().await;
    }

    pub async fn revoked_tokens_and_disabled_users_are_refused(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        store
            .add_user(&township_officer("wu"), PASSWORD)
            .await
            .unwrap();
        let now = ts(NOW);
        let phone = store.login("wu", PASSWORD, now, 8 * HOUR).await.unwrap();
        let desk = store.login("wu", PASSWORD, now, 8 * HOUR).await.unwrap();
        assert_ne!(phone.token, desk.token);

        assert!(store.revoke_token(&phone.token, now).await.unwrap());
        assert!(
            !store.revoke_token(&phone.token, now).await.unwrap(),
            "already revoked"
        );
        assert!(!store.revoke_token("unknown", now).await.unwrap());
        assert!(matches!(
            store.resolve_token(&phone.token, now).await,
            Err(UserError::Revoked)
        ));
        assert_eq!(
            store
                .resolve_token(&desk.token, now)
                .await
                .unwrap()
                .username,
            "wu"
        );

        store.disable_user("wu").await.unwrap();
        assert!(matches!(
            store.resolve_token(&desk.token, now).await,
            Err(UserError::Disabled(name)) if name == "wu"
        ));
        assert!(matches!(
            store.login("wu", PASSWORD, now, HOUR).await,
            Err(UserError::Disabled(_))
        ));
        // A wrong password for a disabled user says no more than for anyone else.
        assert!(matches!(
            store.login("wu", "wrong password", now, HOUR).await,
            Err(UserError::BadCredentials)
        ));
        store.close().await;
    }

    pub async fn neither_passwords_nor_tokens_are_stored(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        store
            .add_user(&township_officer("zheng"), PASSWORD)
            .await
            .unwrap();
        let issued = store.login("zheng", PASSWORD, ts(NOW), HOUR).await.unwrap();
        let hashes = table_text(&store, "SELECT password_hash FROM users").await;
        assert_eq!(hashes.len(), 1);
        assert!(hashes[0].starts_with("$argon2id$"), "{}", hashes[0]);
        assert!(!hashes[0].contains(PASSWORD));
        let tokens = table_text(
            &store,
            "SELECT token_hash || username || issued_at || expires_at FROM tokens",
        )
        .await;
        assert_eq!(tokens.len(), 1);
        assert!(
            !tokens[0].contains(&issued.token),
            "the token itself is not stored"
        );
        store.close().await;
    }
}

on_both_backends!(
    users_are_added_listed_and_disabled,
    a_token_works_until_it_expires,
    revoked_tokens_and_disabled_users_are_refused,
    neither_passwords_nor_tokens_are_stored,
);
