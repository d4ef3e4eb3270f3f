//! [`CheckpointChain`]: where a partition's stored checkpoint stands (a base and the deltas
//! written after it) and when the next checkpoint should be a new base.
//!
//! A delta costs what changed since the last checkpoint; a base costs the whole state, which
//! grows with history. Loading applies the base and every delta after it, so deltas are let
//! grow only to the base's size (loading then costs at most twice a base) or to a count (each
//! delta holds the small parts of the state whole). With bases written as the state doubles,
//! the bytes written stay proportional to what the partition received.

/// Deltas after one base at most.
const MAX_DELTAS: usize = 100;

/// A partition's checkpoint as this instance last saved it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckpointChain {
    /// The sequence number of the latest piece saved: the next delta follows it.
    pub seq: i64,
    base_bytes: usize,
    delta_bytes: usize,
    deltas: usize,
}

impl CheckpointChain {
    /// A chain that starts with a base just saved.
    pub fn after_base(seq: i64, bytes: usize) -> CheckpointChain {
        CheckpointChain {
            seq,
            base_bytes: bytes,
            delta_bytes: 0,
            deltas: 0,
        }
    }

    /// Adds a delta just saved.
    pub fn extend(&mut self, seq: i64, bytes: usize) {
        self.seq = seq;
        self.delta_bytes += bytes;
        self.deltas += 1;
    }

    /// Whether the next checkpoint should be a new base.
    pub fn wants_base(&self) -> bool {
        self.delta_bytes > self.base_bytes || self.deltas >= MAX_DELTAS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_is_due_once_the_deltas_outweigh_it_or_are_many() {
        let mut chain = CheckpointChain::after_base(7, 1_000);
        assert!(!chain.wants_base());
        chain.extend(8, 600);
        chain.extend(9, 400);
        assert_eq!(chain.seq, 9);
        assert!(!chain.wants_base(), "as heavy as the base, not heavier");
        chain.extend(10, 1);
        assert!(chain.wants_base());

        let mut light = CheckpointChain::after_base(1, 1_000_000);
        for seq in 2..2 + MAX_DELTAS as i64 {
            assert!(!light.wants_base());
            light.extend(seq, 10);
        }
        assert!(light.wants_base());
    }
}
