-- Leads for the regulator (correlation anomalies and QUOTA_100): NEW until reviewed, then
-- CONFIRMED (referred to enforcement) or DISMISSED; RETRACTED when new data withdraw the alert.
-- One row per lead in its latest state (the highest version; read with FINAL).
CREATE TABLE IF NOT EXISTS cemsflow.leads
(
    alert_id String,
    unit_id String,
    type String,
    opened_at DateTime('Asia/Shanghai'),
    state Enum8('NEW' = 1, 'CONFIRMED' = 2, 'DISMISSED' = 3, 'RETRACTED' = 4),
    reviewed_at Nullable(DateTime('Asia/Shanghai')),
    verdict String,
    reviewed_by String,
    text String,
    version UInt32
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(opened_at)
ORDER BY alert_id
