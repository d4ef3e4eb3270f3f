//! The owner as the group consumer's [`AssignmentListener`].

use super::owner::Owner;
use mingjing_connectors::{AssignmentListener, OffsetCommitter, TopicPartition};
use parking_lot::Mutex;
use std::sync::Arc;

/// The owner shared between the consuming loop and the rebalance callbacks (which run inside
/// the loop's own poll, so the lock is never contended).
pub struct SharedOwner(pub Arc<Mutex<Owner>>);

impl AssignmentListener for SharedOwner {
    fn assigned(
        &self,
        partitions: &[TopicPartition],
        low_watermark: &dyn Fn(&TopicPartition) -> Option<u64>,
    ) -> Vec<u64> {
        let mut owner = self.0.lock();
        match owner.assign(partitions, low_watermark) {
            Ok(starts) => starts,
            Err(error) => {
                owner.failure = Some(error);
                vec![0; partitions.len()]
            }
        }
    }

    fn revoked(&self, partitions: &[TopicPartition], committer: &dyn OffsetCommitter) {
        let mut owner = self.0.lock();
        let commit = |offsets: &[(String, i32, u64)]| {
            if let Err(error) = committer.commit(offsets) {
                // The checkpoint is where the next owner resumes; the group's commit only
                // shows progress to tools, so a refused commit loses nothing.
                tracing::warn!(error = %error, "offsets not committed while giving up partitions");
            }
            Ok(())
        };
        if let Err(error) = owner.revoke(partitions, &commit) {
            owner.failure = Some(error);
        }
    }
}
