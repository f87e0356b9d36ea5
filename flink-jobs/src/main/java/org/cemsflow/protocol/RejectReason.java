package org.cemsflow.protocol;

/** Why an input line was not accepted, in the order the checks run. */
public enum RejectReason {
    MALFORMED,
    BAD_LENGTH,
    BAD_CRC,
    UNKNOWN_DEVICE,
    BAD_PASSWORD,
    BAD_TIMESTAMP,
    BAD_VALUE,
    /** Streaming only: later than the allowed lateness. */
    LATE,
    /** Side inputs: a line of a marks, substitutes or feedback file that does not parse. */
    BAD_INPUT,
    /** Side inputs: an answer to an alert that does not exist. */
    UNKNOWN_ALERT,
    /** HJ 212-2025: an encrypted data area and no SM4 key for the MN (checked after UNKNOWN_DEVICE). */
    NO_KEY,
    /** A split packet (PNUM/PNO) whose parts did not all arrive in time; one dead letter per part received. */
    INCOMPLETE
}
