-- The dead letters: every rejected line with its reason. `source` (topic-partition@offset, or
-- path:line) identifies the line, so a replay after a restart writes the same key again.
CREATE TABLE IF NOT EXISTS cemsflow.rejected_frames
(
    source String,
    reason Enum8('MALFORMED' = 1, 'BAD_LENGTH' = 2, 'BAD_CRC' = 3, 'UNKNOWN_DEVICE' = 4, 'BAD_PASSWORD' = 5,
                 'BAD_TIMESTAMP' = 6, 'BAD_VALUE' = 7, 'LATE' = 8, 'BAD_INPUT' = 9, 'UNKNOWN_ALERT' = 10),
    detail String,
    raw String,
    mn String,
    data_time Nullable(DateTime('Asia/Shanghai')),
    received_at DateTime('Asia/Shanghai')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (source, reason)
