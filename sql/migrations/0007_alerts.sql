-- Each alert in its latest state (read with FINAL): the row with the highest event sequence wins,
-- so a replay or a restart writes the same key again. state = RETRACTED when a correction or a
-- mark withdrew the case.
CREATE TABLE IF NOT EXISTS cemsflow.alerts
(
    alert_id String,
    type String,
    severity String,
    unit_id String,
    point_id String,
    mn String,
    pollutant String,
    window_start DateTime('Asia/Shanghai'),
    window_end DateTime('Asia/Shanghai'),
    value Nullable(Float64),
    limit_value Nullable(Float64),
    detected_at DateTime('Asia/Shanghai'),
    deadline DateTime('Asia/Shanghai'),
    rule String,
    evidence String,
    state Enum8('OPEN' = 1, 'RETRACTED' = 2),
    last_event String,
    sequence UInt32
)
ENGINE = ReplacingMergeTree(sequence)
PARTITION BY toYYYYMM(window_start)
ORDER BY alert_id
