-- HJ 212-2025 in data quality: frames rejected for a missing SM4 key or an incomplete split packet,
-- back-filled data frames (RF=1) and heartbeats (CN 9015, 8013) per device and day.
ALTER TABLE cemsflow.data_quality
    ADD COLUMN rejected_no_key UInt32 DEFAULT 0 AFTER rejected_late,
    ADD COLUMN rejected_incomplete UInt32 DEFAULT 0 AFTER rejected_no_key,
    ADD COLUMN backfilled_frames UInt32 DEFAULT 0 AFTER rejected_incomplete,
    ADD COLUMN heartbeats UInt32 DEFAULT 0 AFTER backfilled_frames
