//! Password hashes (argon2id, PHC strings with their own salt) and bearer tokens (random, kept
//! only as a SHA-256 hash).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::sync::OnceLock;

/// The shortest password accepted.
pub(crate) const MIN_PASSWORD_CHARS: usize = 8;

/// The argon2id hash of `password` with a fresh salt, as a PHC string. Slow on purpose: run it
/// off the async threads.
pub(crate) fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the PHC string `stored`. An unreadable hash matches nothing.
pub(crate) fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to check a password against when the username is unknown, so that a login takes as
/// long for an unknown user as for a wrong password.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("no user has this password").unwrap_or_default())
}

/// A new bearer token: 32 random bytes from the operating system, in hex.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the store keeps of a token: its SHA-256, in hex. A token has 256 random bits, so a
/// fast hash is enough; only passwords need a slow one.
pub(crate) fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("正确的密码 correct").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("正确的密码 correct", &hash));
        assert!(!verify_password("正确的密码 correcT", &hash));
        assert!(!verify_password("anything", "not a hash"));
        assert_ne!(hash, hash_password("正确的密码 correct").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
