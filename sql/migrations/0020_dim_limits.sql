-- Dimension: the limits with their history: a limit holds from valid_from (1970-01-01 08:00 = always)
-- until the next valid_from of its point, pollutant and averaging (hour or day).
CREATE TABLE IF NOT EXISTS cemsflow.dim_limits
(
    point_id String,
    pollutant String,
    averaging String,
    valid_from DateTime('Asia/Shanghai'),
    limit_value Float64,
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (point_id, pollutant, averaging, valid_from)
