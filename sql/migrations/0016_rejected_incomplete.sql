-- A split packet (PNUM/PNO) not whole within the reassembly timeout is INCOMPLETE, one row per part
-- received (adding an Enum8 value changes only the metadata).
ALTER TABLE cemsflow.rejected_frames MODIFY COLUMN reason Enum8('MALFORMED' = 1, 'BAD_LENGTH' = 2, 'BAD_CRC' = 3,
    'UNKNOWN_DEVICE' = 4, 'BAD_PASSWORD' = 5, 'BAD_TIMESTAMP' = 6, 'BAD_VALUE' = 7, 'LATE' = 8, 'BAD_INPUT' = 9,
    'UNKNOWN_ALERT' = 10, 'NO_KEY' = 11, 'INCOMPLETE' = 12)
