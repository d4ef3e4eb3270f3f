//! The decision thresholds' parameters (catalog.yaml defaults) and the tests they apply.

use chrono::NaiveDateTime;

use crate::generate::json::{yuan, Fen};
use crate::generate::time::plus_seconds;

/// DEC-01 major_amount: an approval from this amount is a major matter.
pub const MAJOR_AMOUNT: Fen = yuan(50_000);
/// DEC-01 kinds.
pub const FIVE_STEP_KINDS: [&str; 6] = [
    "project",
    "procurement",
    "contract",
    "lease",
    "labor",
    "compensation",
];
/// DEC-02 meeting_types: the bodies whose meetings need a quorum.
pub const QUORUM_TYPES: [&str; 4] = [
    "party_members",
    "villager_reps",
    "members_assembly",
    "members_reps",
];
/// DEC-04 max_delay, 5d.
pub const PUBLISH_WITHIN_SECONDS: i64 = 5 * 86_400;
/// DEC-05 kinds.
pub const SUPERVISED_KINDS: [&str; 8] = [
    "payment",
    "project",
    "procurement",
    "contract",
    "lease",
    "subsidy",
    "compensation",
    "distribution",
];

pub fn is_major(amount: Fen) -> bool {
    amount >= MAJOR_AMOUNT
}

/// DEC-02: present / expected < 2/3, compared exactly.
pub fn below_quorum(meeting_type: &str, present: i64, expected: i64) -> bool {
    QUORUM_TYPES.contains(&meeting_type) && 3 * present < 2 * expected
}

/// The fewest members present that make a quorum of `expected`.
pub fn quorum_of(expected: i64) -> i64 {
    (2 * expected + 2) / 3
}

/// DEC-04: the last instant a resolution voted at `voted_at` is published in time.
pub fn publication_deadline(voted_at: NaiveDateTime) -> NaiveDateTime {
    plus_seconds(voted_at, PUBLISH_WITHIN_SECONDS)
}

pub fn needs_supervision(kind: &str) -> bool {
    SUPERVISED_KINDS.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_is_exactly_two_thirds() {
        for expected in 1..100 {
            let q = quorum_of(expected);
            assert!(!below_quorum("villager_reps", q, expected));
            assert!(below_quorum("villager_reps", q - 1, expected));
        }
        assert!(!below_quorum("party_branch", 0, 9));
    }
}
