-- Per device and local day: accepted data frames, readings, hours with a valid mean, and the
-- rejected frames of the device by reason (frames whose MN and DataTime could be read).
CREATE TABLE IF NOT EXISTS cemsflow.data_quality
(
    mn String,
    day Date,
    frames UInt32,
    readings UInt32,
    valid_hours UInt8,
    rejected_bad_length UInt32,
    rejected_bad_crc UInt32,
    rejected_unknown_device UInt32,
    rejected_bad_password UInt32,
    rejected_bad_timestamp UInt32,
    rejected_bad_value UInt32,
    rejected_late UInt32,
    revision UInt32
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(day)
ORDER BY (mn, day)
