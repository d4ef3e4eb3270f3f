-- A checkpoint is a base state (checkpoints.state) and the deltas written after it, applied in
-- seq order. seq numbers every piece of a key's checkpoint, base or delta; checkpoints.seq is
-- that of the latest, so a delta is written only after the piece it follows.
ALTER TABLE checkpoints ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE checkpoint_deltas (
    partition_key TEXT NOT NULL REFERENCES checkpoints (partition_key) ON DELETE CASCADE,
    seq           BIGINT NOT NULL,
    state         BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (partition_key, seq)
);
