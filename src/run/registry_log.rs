//! [`RegistryLog`]: the registry topic as read so far, decoded once and shared by every
//! partition this instance owns. Each partition keeps its own cursor, so a partition loaded
//! from a checkpoint resumes where its state left off.

use mingjing_engine::event::Event;
use std::sync::Arc;

/// One accepted registry message.
pub struct RegistryEntry {
    pub offset: u64,
    pub event: Arc<Event>,
    pub has_unknown_members: bool,
}

/// One partition of the registry topic.
pub struct RegistryPartitionLog {
    pub partition: i32,
    /// Accepted messages in offset order (rejected ones went to the dead-letter topic).
    pub entries: Vec<RegistryEntry>,
    /// The next offset to read.
    pub consumed_upto: u64,
    /// Whether everything the broker held at the last fetch has been read.
    pub caught_up: bool,
}

/// Every registry partition.
pub struct RegistryLog {
    pub topic: String,
    pub partitions: Vec<RegistryPartitionLog>,
}

impl RegistryLog {
    /// An empty log; `starts` gives each partition and its oldest offset.
    pub fn new(topic: &str, starts: &[(i32, u64)]) -> RegistryLog {
        RegistryLog {
            topic: topic.to_string(),
            partitions: starts
                .iter()
                .map(|&(partition, start)| RegistryPartitionLog {
                    partition,
                    entries: Vec::new(),
                    consumed_upto: start,
                    caught_up: false,
                })
                .collect(),
        }
    }

    fn index(&self, partition: i32) -> Option<usize> {
        self.partitions
            .iter()
            .position(|p| p.partition == partition)
    }

    /// Records that `offset` was read; an accepted event joins the log.
    pub fn note(&mut self, partition: i32, offset: u64, accepted: Option<(Arc<Event>, bool)>) {
        let Some(index) = self.index(partition) else {
            return;
        };
        let log = &mut self.partitions[index];
        if offset < log.consumed_upto {
            return;
        }
        log.consumed_upto = offset + 1;
        if let Some((event, has_unknown_members)) = accepted {
            log.entries.push(RegistryEntry {
                offset,
                event,
                has_unknown_members,
            });
        }
    }

    /// Updates each partition's caught-up flag from the broker's end offsets.
    pub fn refresh(&mut self, high_watermark: impl Fn(i32) -> Option<u64>) {
        for log in &mut self.partitions {
            log.caught_up = high_watermark(log.partition).is_some_and(|h| log.consumed_upto >= h);
        }
    }

    /// Whether every partition has been read to its end.
    pub fn caught_up(&self) -> bool {
        self.partitions.iter().all(|p| p.caught_up)
    }

    /// Registry events held.
    pub fn len(&self) -> usize {
        self.partitions.iter().map(|p| p.entries.len()).sum()
    }
}
