-- Dimension: the units (排污单位) of the reference, by unit_id, with their names. Written by the job
-- from the reference (reference.dir or the reference topic); the latest version of a key wins.
CREATE TABLE IF NOT EXISTS cemsflow.dim_units
(
    unit_id String,
    unit_name String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY unit_id
