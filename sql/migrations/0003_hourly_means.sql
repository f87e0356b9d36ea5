-- One row per device, code and local clock hour. A late correction or a replay writes the same
-- key again with a revision >= the earlier one: read with FINAL (or argMax) for the final value.
CREATE TABLE IF NOT EXISTS cemsflow.hourly_means
(
    mn String,
    point_id String,
    unit_id String,
    pollutant String,
    period_start DateTime('Asia/Shanghai'),
    avg Nullable(Float64),
    min Nullable(Float64),
    max Nullable(Float64),
    zs_avg Nullable(Float64),
    coverage_min UInt8,
    valid UInt8,
    emission_kg Nullable(Float64),
    volume_m3 Nullable(Float64),
    source String,
    revision UInt32
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(period_start)
ORDER BY (mn, pollutant, period_start)
