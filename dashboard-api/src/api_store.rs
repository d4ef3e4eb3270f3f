//! [`ApiStore`]: what the API needs of a store, as an object-safe trait so the state can hold
//! any store (SQLite, PostgreSQL, a test's) without making every handler generic.

use mingjing_engine::cockpit::{CockpitScope, CockpitStore};
use mingjing_engine::lifecycle::{Action, ActionError, AuditEntry, LifecycleStore, TrackedAlert};
use mingjing_engine::queue::{QueuePage, QueueQuery, QueueStore};
use mingjing_engine::store::StoreError;
use mingjing_engine::users::{IssuedToken, User, UserError, UserStore};
use mingjing_engine::values::Timestamp;
use std::future::Future;
use std::pin::Pin;

/// A boxed future, as an object-safe trait returns one.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The store operations the API calls. Every store that keeps users, the queue, the lifecycle
/// and the cockpit's alerts has it.
pub trait ApiStore: Send + Sync + 'static {
    /// See [`UserStore::login`].
    fn login<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        now: Timestamp,
        ttl_seconds: i64,
    ) -> BoxFuture<'a, Result<IssuedToken, UserError>>;
    /// See [`UserStore::resolve_token`].
    fn resolve_token<'a>(
        &'a self,
        token: &'a str,
        now: Timestamp,
    ) -> BoxFuture<'a, Result<User, UserError>>;
    /// See [`UserStore::revoke_token`].
    fn revoke_token<'a>(
        &'a self,
        token: &'a str,
        now: Timestamp,
    ) -> BoxFuture<'a, Result<bool, UserError>>;
    /// See [`QueueStore::list_queue`].
    fn list_queue<'a>(
        &'a self,
        user: &'a User,
        query: &'a QueueQuery,
    ) -> BoxFuture<'a, Result<QueuePage, StoreError>>;
    /// See [`LifecycleStore::tracked_alert`].
    fn tracked_alert<'a>(
        &'a self,
        alert_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<TrackedAlert>, StoreError>>;
    /// See [`LifecycleStore::audit_trail`].
    fn audit_trail<'a>(
        &'a self,
        alert_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<AuditEntry>, StoreError>>;
    /// See [`LifecycleStore::act`].
    fn act<'a>(
        &'a self,
        alert_id: &'a str,
        expected_version: Option<i64>,
        user: &'a User,
        action: &'a Action,
        at: Timestamp,
    ) -> BoxFuture<'a, Result<TrackedAlert, ActionError>>;
    /// See [`CockpitStore::cockpit_alerts`].
    fn cockpit_alerts<'a>(
        &'a self,
        scope: &'a CockpitScope,
    ) -> BoxFuture<'a, Result<Vec<TrackedAlert>, StoreError>>;
}

impl<S: UserStore + QueueStore + LifecycleStore + CockpitStore + 'static> ApiStore for S {
    fn login<'a>(
        &'a self,
        username: &'a str,
        password: &'a str,
        now: Timestamp,
        ttl_seconds: i64,
    ) -> BoxFuture<'a, Result<IssuedToken, UserError>> {
        Box::pin(UserStore::login(self, username, password, now, ttl_seconds))
    }

    fn resolve_token<'a>(
        &'a self,
        token: &'a str,
        now: Timestamp,
    ) -> BoxFuture<'a, Result<User, UserError>> {
        Box::pin(UserStore::resolve_token(self, token, now))
    }

    fn revoke_token<'a>(
        &'a self,
        token: &'a str,
        now: Timestamp,
    ) -> BoxFuture<'a, Result<bool, UserError>> {
        Box::pin(UserStore::revoke_token(self, token, now))
    }

    fn list_queue<'a>(
        &'a self,
        user: &'a User,
        query: &'a QueueQuery,
    ) -> BoxFuture<'a, Result<QueuePage, StoreError>> {
        Box::pin(QueueStore::list_queue(self, user, query))
    }

    fn tracked_alert<'a>(
        &'a self,
        alert_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<TrackedAlert>, StoreError>> {
        Box::pin(LifecycleStore::tracked_alert(self, alert_id))
    }

    fn audit_trail<'a>(
        &'a self,
        alert_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<AuditEntry>, StoreError>> {
        Box::pin(LifecycleStore::audit_trail(self, alert_id))
    }

    fn act<'a>(
        &'a self,
        alert_id: &'a str,
        expected_version: Option<i64>,
        user: &'a User,
        action: &'a Action,
        at: Timestamp,
    ) -> BoxFuture<'a, Result<TrackedAlert, ActionError>> {
        Box::pin(LifecycleStore::act(
            self,
            alert_id,
            expected_version,
            user,
            action,
            at,
        ))
    }

    fn cockpit_alerts<'a>(
        &'a self,
        scope: &'a CockpitScope,
    ) -> BoxFuture<'a, Result<Vec<TrackedAlert>, StoreError>> {
        Box::pin(CockpitStore::cockpit_alerts(self, scope))
    }
}
