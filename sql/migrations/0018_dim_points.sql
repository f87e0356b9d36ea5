-- Dimension: the monitoring points (排放口) and the device (MN) of each, with medium, reference O2
-- and minute interval; removed = 1 once the reference dropped it.
CREATE TABLE IF NOT EXISTS cemsflow.dim_points
(
    point_id String,
    mn String,
    unit_id String,
    medium String,
    o2_ref Nullable(Float64),
    minute_interval Nullable(UInt16),
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY point_id
