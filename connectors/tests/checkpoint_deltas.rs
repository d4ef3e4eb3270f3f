//! Checkpoints as a base and deltas, on SQLite and PostgreSQL: deltas load after their base in
//! order, a base drops the deltas before it, and a delta that does not follow the latest piece
//! (another writer got there first) writes nothing. PostgreSQL tests fail when the server is
//! unreachable unless MINGJING_SKIP_POSTGRES=1.

#[macro_use]
mod common;

use common::*;
use mingjing_connectors::{SqlStore, StoredCheckpoint};
use mingjing_engine::store::StoreError;

mod checks {
    use super::*;

    async fn load(store: &SqlStore, key: &str) -> StoredCheckpoint {
        store
            .load_checkpoint(key)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no checkpoint {key}"))
    }

    pub async fn deltas_load_after_their_base_in_order(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let base = store.save_checkpoint("g/0", b"base", "[0]").await.unwrap();
        let first = store
            .save_checkpoint_delta("g/0", base, b"one", "[1]")
            .await
            .unwrap()
            .expect("the first delta follows the base");
        let second = store
            .save_checkpoint_delta("g/0", first, &[0, 255, 2], "[2]")
            .await
            .unwrap()
            .expect("the second follows the first");
        assert!(base < first && first < second);
        assert_eq!(
            load(&store, "g/0").await,
            StoredCheckpoint {
                base: b"base".to_vec(),
                deltas: vec![b"one".to_vec(), vec![0, 255, 2]],
                offsets: "[2]".into(),
                seq: second,
            }
        );
        store.close().await;
        let reopened = SqlStore::connect(&location).await.unwrap();
        assert_eq!(load(&reopened, "g/0").await.deltas.len(), 2);
        reopened.close().await;
    }

    pub async fn a_base_replaces_the_base_and_drops_its_deltas(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let mut seq = store.save_checkpoint("g/0", b"old", "[0]").await.unwrap();
        for n in 1..=3 {
            seq = store
                .save_checkpoint_delta("g/0", seq, b"d", &format!("[{n}]"))
                .await
                .unwrap()
                .unwrap();
        }
        let base = store.save_checkpoint("g/0", b"new", "[4]").await.unwrap();
        assert!(base > seq, "a base numbers on from the latest piece");
        assert_eq!(
            load(&store, "g/0").await,
            StoredCheckpoint {
                base: b"new".to_vec(),
                deltas: Vec::new(),
                offsets: "[4]".into(),
                seq: base,
            }
        );
        let next = store
            .save_checkpoint_delta("g/0", base, b"after", "[5]")
            .await
            .unwrap();
        assert_eq!(next, Some(base + 1));
        assert_eq!(load(&store, "g/0").await.deltas, vec![b"after".to_vec()]);
        store.close().await;
    }

    pub async fn a_delta_that_does_not_follow_the_latest_piece_writes_nothing(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        assert_eq!(
            store
                .save_checkpoint_delta("g/0", 0, b"orphan", "[0]")
                .await
                .unwrap(),
            None,
            "no base, no delta"
        );
        assert_eq!(store.load_checkpoint("g/0").await.unwrap(), None);

        // Instance A writes a base and a delta; instance B, now owning the partition, writes a
        // base of its own; A's next delta must not land on B's base.
        let a_base = store.save_checkpoint("g/0", b"A", "[0]").await.unwrap();
        let a_delta = store
            .save_checkpoint_delta("g/0", a_base, b"A1", "[1]")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .save_checkpoint_delta("g/0", a_base, b"A1 again", "[1]")
                .await
                .unwrap(),
            None,
            "a second delta after the same piece"
        );
        let b_base = store.save_checkpoint("g/0", b"B", "[7]").await.unwrap();
        assert_eq!(
            store
                .save_checkpoint_delta("g/0", a_delta, b"A2", "[2]")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            load(&store, "g/0").await,
            StoredCheckpoint {
                base: b"B".to_vec(),
                deltas: Vec::new(),
                offsets: "[7]".into(),
                seq: b_base,
            }
        );
        store.close().await;
    }

    pub async fn partitions_keep_their_own_deltas(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let zero = store.save_checkpoint("g/0", b"zero", "[0]").await.unwrap();
        let one = store.save_checkpoint("g/1", b"one", "[0]").await.unwrap();
        store
            .save_checkpoint_delta("g/0", zero, b"zero+", "[1]")
            .await
            .unwrap()
            .unwrap();
        store
            .save_checkpoint_delta("g/1", one, b"one+", "[1]")
            .await
            .unwrap()
            .unwrap();
        store.save_checkpoint("g/0", b"zero2", "[2]").await.unwrap();
        assert!(load(&store, "g/0").await.deltas.is_empty());
        assert_eq!(load(&store, "g/1").await.deltas, vec![b"one+".to_vec()]);
        store.close().await;
    }

    pub async fn delta_offsets_must_be_json(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let base = store.save_checkpoint("g/0", b"s", "[]").await.unwrap();
        let err = store
            .save_checkpoint_delta("g/0", base, b"d", "{not json")
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Operation {
                    operation: "save_checkpoint_delta",
                    ..
                }
            ),
            "{err}"
        );
        assert!(load(&store, "g/0").await.deltas.is_empty());
        store.close().await;
    }

    /// Writers racing to extend one checkpoint (separate pools, as separate instances would
    /// have): exactly one delta lands.
    pub async fn racing_deltas_extend_the_checkpoint_once(location: String) {
        const WRITERS: usize = 4;
        let store = SqlStore::connect(&location).await.unwrap();
        let base = store.save_checkpoint("g/0", b"base", "[0]").await.unwrap();
        let mut tasks = Vec::new();
        for writer in 0..WRITERS {
            let location = location.clone();
            tasks.push(tokio::spawn(async move {
                let store = SqlStore::connect(&location).await.unwrap();
                let saved = store
                    .save_checkpoint_delta("g/0", base, format!("w{writer}").as_bytes(), "[1]")
                    .await
                    .unwrap();
                store.close().await;
                saved
            }));
        }
        let mut landed = Vec::new();
        for task in tasks {
            landed.extend(task.await.unwrap());
        }
        assert_eq!(landed, vec![base + 1]);
        let stored = load(&store, "g/0").await;
        assert_eq!((stored.deltas.len(), stored.seq), (1, base + 1));
        store.close().await;
    }
}

on_both_backends!(
    deltas_load_after_their_base_in_order,
    a_base_replaces_the_base_and_drops_its_deltas,
    a_delta_that_does_not_follow_the_latest_piece_writes_nothing,
    partitions_keep_their_own_deltas,
    delta_offsets_must_be_json,
    racing_deltas_extend_the_checkpoint_once,
);
