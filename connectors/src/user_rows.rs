//! Rows of the `users` table.

use mingjing_engine::store::StoreError;
use mingjing_engine::users::{Role, User, UserError};

/// The columns of a [`UserRow`], in its order.
pub(crate) const USER_COLUMNS: &str = "username, role, township_id, village_id, dept, disabled";

/// A user as stored, without the password hash.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct UserRow {
    pub username: String,
    pub role: String,
    pub township_id: Option<String>,
    pub village_id: Option<String>,
    pub dept: Option<String>,
    pub disabled: bool,
}

impl UserRow {
    pub fn into_user(self, operation: &'static str) -> Result<User, UserError> {
        let role = Role::parse(&self.role).ok_or_else(|| {
            UserError::Store(StoreError::Operation {
                operation,
                message: format!(
                    "user {} has an unknown role {:?}; it was changed outside mingjing",
                    self.username, self.role
                ),
            })
        })?;
        Ok(User {
            username: self.username,
            role,
            township_id: self.township_id,
            village_id: self.village_id,
            dept: self.dept,
            disabled: self.disabled,
        })
    }
}
