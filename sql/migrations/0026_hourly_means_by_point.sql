-- hourly_means ordered by point first (then the device, code and period), as the analysts' queries
-- filter: a new table of the same columns, filled from the old one, then swapped in (0027, 0028,
-- 0029). Run with the job stopped: rows inserted between the copy and the swap would stay behind.
-- The device stays in the key, so devices without a point (unknown ones, point_id '') stay apart.
CREATE TABLE IF NOT EXISTS cemsflow.hourly_means_by_point AS cemsflow.hourly_means
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(period_start)
ORDER BY (point_id, mn, pollutant, period_start)
