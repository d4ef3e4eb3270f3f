//! The user and token queries, written once for both backends as the checkpoint queries are.
//! Password hashing runs on tokio's blocking threads: argon2 takes tens of milliseconds of CPU
//! on purpose, which would stall the other tasks of an async thread.

macro_rules! user_queries {
    ($module:ident, $pool:ty, $backend:expr, param = $p:literal) => {
        pub(crate) mod $module {
            use crate::error::{operation_error, Backend};
            use crate::passwords::{
                decoy_hash, hash_password, new_token, token_hash, verify_password,
                MIN_PASSWORD_CHARS,
            };
            use crate::user_rows::{UserRow, USER_COLUMNS};
            use mingjing_engine::store::StoreError;
            use mingjing_engine::users::{IssuedToken, User, UserError};
            use mingjing_engine::values::timestamp::NANOS_PER_SECOND;
            use mingjing_engine::values::Timestamp;

            fn op(operation: &'static str) -> impl Fn(sqlx::Error) -> UserError {
                move |e| UserError::Store(operation_error($backend, operation, &e))
            }

            async fn blocking<T: Send + 'static>(
                operation: &'static str,
                work: impl FnOnce() -> T + Send + 'static,
            ) -> Result<T, UserError> {
                tokio::task::spawn_blocking(work).await.map_err(|e| {
                    UserError::Store(StoreError::Operation {
                        operation,
                        message: format!("password hashing stopped: {e}"),
                    })
                })
            }

            pub(crate) async fn add_user(
                pool: &$pool,
                user: &User,
                password: &str,
            ) -> Result<(), UserError> {
                const OP: &str = "add_user";
                if password.chars().count() < MIN_PASSWORD_CHARS {
                    return Err(UserError::Invalid(format!(
                        "a password needs at least {MIN_PASSWORD_CHARS} characters"
                    )));
                }
                let password = password.to_string();
                let hash = blocking(OP, move || hash_password(&password))
                    .await?
                    .map_err(UserError::Invalid)?;
                let inserted = sqlx::query(&format!(
                    "INSERT INTO users (username, role, township_id, village_id, dept, password_hash, disabled) \
                     VALUES ({p}1, {p}2, {p}3, {p}4, {p}5, {p}6, {p}7) ON CONFLICT (username) DO NOTHING",
                    p = $p
                ))
                .bind(&user.username)
                .bind(user.role.as_str())
                .bind(&user.township_id)
                .bind(&user.village_id)
                .bind(&user.dept)
                .bind(hash)
                .bind(user.disabled)
                .execute(pool)
                .await
                .map_err(op(OP))?
                .rows_affected();
                if inserted == 0 {
                    return Err(UserError::Duplicate(user.username.clone()));
                }
                Ok(())
            }

            pub(crate) async fn list_users(pool: &$pool) -> Result<Vec<User>, UserError> {
                const OP: &str = "list_users";
                let rows: Vec<UserRow> = sqlx::query_as(&format!(
                    "SELECT {USER_COLUMNS} FROM users ORDER BY username"
                ))
                .fetch_all(pool)
                .await
                .map_err(op(OP))?;
                rows.into_iter().map(|row| row.into_user(OP)).collect()
            }

            pub(crate) async fn disable_user(pool: &$pool, username: &str) -> Result<(), UserError> {
                let changed = sqlx::query(&format!(
                    "UPDATE users SET disabled = {p}1 WHERE username = {p}2",
                    p = $p
                ))
                .bind(true)
                .bind(username)
                .execute(pool)
                .await
                .map_err(op("disable_user"))?
                .rows_affected();
                if changed == 0 {
                    return Err(UserError::UnknownUser(username.to_string()));
                }
                Ok(())
            }

            pub(crate) async fn login(
                pool: &$pool,
                username: &str,
                password: &str,
                now: Timestamp,
                ttl_seconds: i64,
            ) -> Result<IssuedToken, UserError> {
                const OP: &str = "login";
                if ttl_seconds <= 0 {
                    return Err(UserError::Invalid(
                        "a token must live at least one second".into(),
                    ));
                }
                let row: Option<(String, UserRow)> = sqlx::query_as::<_, UserWithHash>(&format!(
                    "SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = {p}1",
                    p = $p
                ))
                .bind(username)
                .fetch_optional(pool)
                .await
                .map_err(op(OP))?
                .map(|r| (r.password_hash, r.user));
                let (stored_hash, user_row) = match row {
                    Some((hash, user)) => (hash, Some(user)),
                    None => (decoy_hash().to_string(), None),
                };
                let password = password.to_string();
                let matches = blocking(OP, move || verify_password(&password, &stored_hash)).await?;
                let user = match user_row {
                    Some(row) if matches => row.into_user(OP)?,
                    _ => return Err(UserError::BadCredentials),
                };
                if user.disabled {
                    return Err(UserError::Disabled(user.username));
                }
                let token = new_token();
                let expires_at = now.plus_nanos(ttl_seconds.saturating_mul(NANOS_PER_SECOND));
                sqlx::query(&format!(
                    "INSERT INTO tokens (token_hash, username, issued_at, expires_at) \
                     VALUES ({p}1, {p}2, {p}3, {p}4)",
                    p = $p
                ))
                .bind(token_hash(&token))
                .bind(&user.username)
                .bind(now.to_rfc3339())
                .bind(expires_at.to_rfc3339())
                .execute(pool)
                .await
                .map_err(op(OP))?;
                Ok(IssuedToken { token, expires_at })
            }

            pub(crate) async fn resolve_token(
                pool: &$pool,
                token: &str,
                now: Timestamp,
            ) -> Result<User, UserError> {
                const OP: &str = "resolve_token";
                let row: Option<TokenOwner> = sqlx::query_as(&format!(
                    "SELECT t.expires_at, t.revoked_at, u.username, u.role, u.township_id, \
                     u.village_id, u.dept, u.disabled \
                     FROM tokens t JOIN users u ON u.username = t.username WHERE t.token_hash = {p}1",
                    p = $p
                ))
                .bind(token_hash(token))
                .fetch_optional(pool)
                .await
                .map_err(op(OP))?;
                let Some(row) = row else {
                    return Err(UserError::UnknownToken);
                };
                if row.revoked_at.is_some() {
                    return Err(UserError::Revoked);
                }
                // An unreadable expiry counts as expired.
                let expired = Timestamp::parse(&row.expires_at).map_or(true, |at| now >= at);
                if expired {
                    return Err(UserError::Expired(row.expires_at));
                }
                let user = row.user.into_user(OP)?;
                if user.disabled {
                    return Err(UserError::Disabled(user.username));
                }
                Ok(user)
            }

            pub(crate) async fn revoke_token(
                pool: &$pool,
                token: &str,
                now: Timestamp,
            ) -> Result<bool, UserError> {
                let revoked = sqlx::query(&format!(
                    "UPDATE tokens SET revoked_at = {p}1 WHERE token_hash = {p}2 AND revoked_at IS NULL",
                    p = $p
                ))
                .bind(now.to_rfc3339())
                .bind(token_hash(token))
                .execute(pool)
                .await
                .map_err(op("revoke_token"))?
                .rows_affected();
                Ok(revoked == 1)
            }

            #[derive(sqlx::FromRow)]
            struct UserWithHash {
                #[sqlx(flatten)]
                user: UserRow,
                password_hash: String,
            }

            #[derive(sqlx::FromRow)]
            struct TokenOwner {
                expires_at: String,
                revoked_at: Option<String>,
                #[sqlx(flatten)]
                user: UserRow,
            }
        }
    };
}

user_queries!(postgres, sqlx::PgPool, Backend::Postgres, param = "$");
user_queries!(sqlite, sqlx::SqlitePool, Backend::Sqlite, param = "?");
