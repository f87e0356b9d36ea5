-- Supervision orders in their latest state (read with FINAL): one row per order (= alert id),
-- version +1 on every change. escalation_level = what this order's overdue raised.
CREATE TABLE IF NOT EXISTS cemsflow.orders
(
    alert_id String,
    unit_id String,
    type String,
    opened_at DateTime('Asia/Shanghai'),
    deadline DateTime('Asia/Shanghai'),
    state Enum8('OPEN' = 1, 'ANSWERED' = 2, 'ANSWERED_LATE' = 3, 'OVERDUE' = 4, 'RETRACTED' = 5),
    answered_at Nullable(DateTime('Asia/Shanghai')),
    verdict String,
    escalation_level String,
    version UInt32
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY alert_id
