-- Dimension: the electricity and water meters (分表计电) by MN: unit, role (production, treatment,
-- water) and rated power (kW; empty: learned by the job).
CREATE TABLE IF NOT EXISTS cemsflow.dim_meters
(
    mn String,
    unit_id String,
    role String,
    rated_kw Nullable(Float64),
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY mn
