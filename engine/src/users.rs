//! Users of the alert queue: their role and scope, and the boundary of the store that keeps
//! them with their passwords and bearer tokens.

use crate::departments::{is_department, DEPARTMENT_CODES};
use crate::store::StoreError;
use crate::values::Timestamp;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// What a user is, which fixes the scope they need (see [`User::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 市纪委: sees and acts on every alert.
    CityCommission,
    /// 镇街纪委 of one township.
    TownshipCommission,
    /// A functional department (dept code) of one township.
    Department,
    /// The committee of one village.
    Village,
    /// Edits threshold scripts; sees no alerts.
    RuleAuthor,
    /// Runs the service; sees no alerts.
    Ops,
}

impl Role {
    /// Every role, in order of the names users type.
    pub const ALL: [Role; 6] = [
        Role::CityCommission,
        Role::TownshipCommission,
        Role::Department,
        Role::Village,
        Role::RuleAuthor,
        Role::Ops,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CityCommission => "city_commission",
            Role::TownshipCommission => "township_commission",
            Role::Department => "department",
            Role::Village => "village",
            Role::RuleAuthor => "rule_author",
            Role::Ops => "ops",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The discipline commissions, who alone reassign and reopen alerts.
    pub fn is_commission(self) -> bool {
        matches!(self, Role::CityCommission | Role::TownshipCommission)
    }
}

/// A user as the store keeps it, without the password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub role: Role,
    /// Set for township_commission and department.
    pub township_id: Option<String>,
    /// Set for village.
    pub village_id: Option<String>,
    /// Department code, set for department.
    pub dept: Option<String>,
    pub disabled: bool,
}

impl User {
    /// A new, enabled user whose scope fits the role: township_commission needs a township,
    /// department a township and a catalog dept code, village a village; the others take no
    /// scope. A scope the role does not use is refused rather than ignored, so that a typo in
    /// the role can't produce a user with less (or more) reach than intended.
    pub fn new(
        username: &str,
        role: Role,
        township_id: Option<&str>,
        village_id: Option<&str>,
        dept: Option<&str>,
    ) -> Result<User, UserError> {
        let invalid = |why: String| Err(UserError::Invalid(why));
        let username = username.trim();
        if username.is_empty() || username.chars().any(char::is_whitespace) {
            return invalid("a username is one word without spaces".into());
        }
        if username == SYSTEM_ACTOR {
            return invalid(format!(
                "the username {SYSTEM_ACTOR} is reserved for automatic escalations in the audit trail"
            ));
        }
        let (township_id, village_id, dept) = (given(township_id), given(village_id), given(dept));
        let (needs_township, needs_village, needs_dept) = match role {
            Role::TownshipCommission => (true, false, false),
            Role::Department => (true, false, true),
            Role::Village => (false, true, false),
            Role::CityCommission | Role::RuleAuthor | Role::Ops => (false, false, false),
        };
        let role_name = role.as_str();
        for (needed, value, flag) in [
            (needs_township, township_id, "township"),
            (needs_village, village_id, "village"),
            (needs_dept, dept, "dept"),
        ] {
            match (needed, value) {
                (true, None) => {
                    return invalid(format!("role {role_name} needs a {flag} (--{flag})"))
                }
                (false, Some(_)) => {
                    return invalid(format!(
                        "role {role_name} has no {flag} scope: leave out --{flag}"
                    ))
                }
                _ => {}
            }
        }
        if let Some(code) = dept.filter(|code| !is_department(code)) {
            return invalid(format!(
                "unknown department {code}: use one of {}",
                DEPARTMENT_CODES.join(", ")
            ));
        }
        Ok(User {
            username: username.to_string(),
            role,
            township_id: township_id.map(str::to_string),
            village_id: village_id.map(str::to_string),
            dept: dept.map(str::to_string),
            disabled: false,
        })
    }

    /// The scope in words, for listings: `township tw-1`, `township tw-1, dept civil`, ...
    pub fn scope_label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.township_id {
            parts.push(format!("township {t}"));
        }
        if let Some(v) = &self.village_id {
            parts.push(format!("village {v}"));
        }
        if let Some(d) = &self.dept {
            parts.push(format!("dept {d}"));
        }
        if parts.is_empty() {
            match self.role {
                Role::CityCommission => "whole city".to_string(),
                _ => "no alerts".to_string(),
            }
        } else {
            parts.join(", ")
        }
    }
}

/// A scope value as typed, blank counting as absent.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The actor named in audit entries written by the engine itself (escalations).
pub const SYSTEM_ACTOR: &str = "system";

/// How long a token lives unless the caller says otherwise: a working day.
pub const DEFAULT_TOKEN_TTL_SECONDS: i64 = 8 * 3600;

/// A bearer token as issued: the secret, shown once, and when it stops working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: Timestamp,
}

/// Why a user operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("{0}")]
    Invalid(String),
    #[error("a user named {0} already exists")]
    Duplicate(String),
    #[error("no user named {0}")]
    UnknownUser(String),
    /// Unknown user or wrong password: which one is not told.
    #[error("wrong username or password")]
    BadCredentials,
    #[error("user {0} is disabled")]
    Disabled(String),
    #[error("unknown token")]
    UnknownToken,
    #[error("the token expired at {0}: log in again")]
    Expired(String),
    #[error("the token was revoked: log in again")]
    Revoked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Users, their argon2 password hashes and their bearer tokens. Only a hash of each token is
/// kept, so a copy of the database gives no working token.
pub trait UserStore: Send + Sync {
    /// Adds `user` with `password` (hashed before it is stored). Refuses a taken username.
    fn add_user(
        &self,
        user: &User,
        password: &str,
    ) -> impl Future<Output = Result<(), UserError>> + Send;
    /// Every user, ordered by username.
    fn list_users(&self) -> impl Future<Output = Result<Vec<User>, UserError>> + Send;
    /// Disables a user: their tokens stop working and they can no longer log in.
    fn disable_user(&self, username: &str) -> impl Future<Output = Result<(), UserError>> + Send;
    /// Checks the password and issues a token valid for `ttl_seconds` from `now`.
    fn login(
        &self,
        username: &str,
        password: &str,
        now: Timestamp,
        ttl_seconds: i64,
    ) -> impl Future<Output = Result<IssuedToken, UserError>> + Send;
    /// The user a token stands for at `now`; refuses unknown, expired (at or after expiry),
    /// revoked tokens and disabled users.
    fn resolve_token(
        &self,
        token: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<User, UserError>> + Send;
    /// Revokes a token (logout). Returns false when the token is unknown or already revoked.
    fn revoke_token(
        &self,
        token: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, UserError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_must_fit_the_role() {
        let ok = |role, t, v, d| {
            User::new("u", role, t, v, d)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(ok(Role::CityCommission, None, None, None), Ok(()));
        assert_eq!(
            ok(Role::TownshipCommission, Some("tw-1"), None, None),
            Ok(())
        );
        assert_eq!(
            ok(Role::Department, Some("tw-1"), None, Some("civil")),
            Ok(())
        );
        assert_eq!(ok(Role::Village, None, Some("vl-1"), None), Ok(()));
        assert_eq!(ok(Role::Ops, None, None, None), Ok(()));
        assert_eq!(
            ok(Role::TownshipCommission, None, None, None),
            Err("role township_commission needs a township (--township)".into())
        );
        assert_eq!(
            ok(Role::Department, Some("tw-1"), None, None),
            Err("role department needs a dept (--dept)".into())
        );
        assert_eq!(
            ok(Role::Village, Some("tw-1"), Some("vl-1"), None),
            Err("role village has no township scope: leave out --township".into())
        );
        assert!(ok(Role::Department, Some("tw-1"), None, Some("finance"))
            .unwrap_err()
            .starts_with("unknown department finance"));
        assert!(ok(Role::Village, None, Some("  "), None).is_err());
        assert!(User::new("two words", Role::Ops, None, None, None).is_err());
        assert!(User::new(SYSTEM_ACTOR, Role::Ops, None, None, None).is_err());
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
