-- The episodes of the correlation detectors, one row per episode in its latest state
-- (read with FINAL): what was seen (type, code), where (unit, point, device), from when to when,
-- whether it still lasts, and the evidence the alert carries. A replay writes the same keys again.
-- ongoing = 1 while the detector has not yet seen the episode end (ended_at is then the last time
-- it was confirmed); retracted = 1 when the alert was withdrawn.
CREATE TABLE IF NOT EXISTS cemsflow.anomaly_episodes
(
    alert_id String,
    type String,
    severity String,
    unit_id String,
    point_id String,
    mn String,
    code String,
    started_at DateTime('Asia/Shanghai'),
    ended_at DateTime('Asia/Shanghai'),
    duration_min UInt32,
    ongoing UInt8,
    retracted UInt8,
    detected_at DateTime('Asia/Shanghai'),
    value Nullable(Float64),
    evidence String,
    sequence UInt32
)
ENGINE = ReplacingMergeTree(sequence)
PARTITION BY toYYYYMM(started_at)
ORDER BY (unit_id, started_at, alert_id)
