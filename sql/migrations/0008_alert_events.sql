-- Every lifecycle event of every alert (OPENED, UPDATED, RETRACTED, REOPENED, ...), idempotent on
-- (alert_id, event_id): the case and the order number their events each on their own.
CREATE TABLE IF NOT EXISTS cemsflow.alert_events
(
    event_id String,
    alert_id String,
    sequence UInt32,
    event String,
    at DateTime('Asia/Shanghai'),
    alert_json String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, event_id)
