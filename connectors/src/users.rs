//! [`UserStore`] for [`SqlStore`]: users, argon2 password hashes and bearer tokens, on SQLite
//! and PostgreSQL alike.

use crate::sql_store::{SqlPool, SqlStore};
use crate::user_queries::{postgres as postgres_users, sqlite as sqlite_users};
use mingjing_engine::users::{IssuedToken, User, UserError, UserStore};
use mingjing_engine::values::Timestamp;

impl UserStore for SqlStore {
    async fn add_user(&self, user: &User, password: &str) -> Result<(), UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_users::add_user(pool, user, password).await,
            SqlPool::Postgres(pool) => postgres_users::add_user(pool, user, password).await,
        }
    }

    async fn list_users(&self) -> Result<Vec<User>, UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_users::list_users(pool).await,
            SqlPool::Postgres(pool) => postgres_users::list_users(pool).await,
        }
    }

    async fn disable_user(&self, username: &str) -> Result<(), UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_users::disable_user(pool, username).await,
            SqlPool::Postgres(pool) => postgres_users::disable_user(pool, username).await,
        }
    }

    async fn login(
        &self,
        username: &str,
        password: &str,
        now: Timestamp,
        ttl_seconds: i64,
    ) -> Result<IssuedToken, UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => {
                sqlite_users::login(pool, username, password, now, ttl_seconds).await
            }
            SqlPool::Postgres(pool) => {
                postgres_users::login(pool, username, password, now, ttl_seconds).await
            }
        }
    }

    async fn resolve_token(&self, token: &str, now: Timestamp) -> Result<User, UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_users::resolve_token(pool, token, now).await,
            SqlPool::Postgres(pool) => postgres_users::resolve_token(pool, token, now).await,
        }
    }

    async fn revoke_token(&self, token: &str, now: Timestamp) -> Result<bool, UserError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_users::revoke_token(pool, token, now).await,
            SqlPool::Postgres(pool) => postgres_users::revoke_token(pool, token, now).await,
        }
    }
}
