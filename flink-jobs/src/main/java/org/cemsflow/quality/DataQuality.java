package org.cemsflow.quality;

/** Data-quality counters of one device and local day (Flink POJO state and output). */
public class DataQuality {
    public String mn;

    /** Local day, yyyy-MM-dd. */
    public String day;

    public long frames;
    public long readings;
    public int validHours;

    /** Bit h: hour h of the day has a valid mean of some code. */
    public int validHourMask;

    public long rejectedBadLength;
    public long rejectedBadCrc;
    public long rejectedUnknownDevice;
    public long rejectedBadPassword;
    public long rejectedBadTimestamp;
    public long rejectedBadValue;
    public long rejectedLate;
    public long rejectedNoKey;
    public long rejectedIncomplete;

    /** Accepted data frames that the logger marked as back-filled (HJ 212-2025 {@code RF=1}). */
    public long backfilledFrames;

    /** Accepted heartbeats (CN 9015, and 8013 of older loggers): a logger that is alive without data. */
    public long heartbeats;

    public int revision;

    public DataQuality() {}

    /**
     * The row's version in its table: the sum of its counters, each of which only grows. Unlike
     * {@link #revision} (emissions, which depend on how the input was batched), a row written before
     * a restore never outranks the replay's, and equal versions mean equal counters.
     */
    public long version() {
        return frames
                + readings
                + validHours
                + rejectedBadLength
                + rejectedBadCrc
                + rejectedUnknownDevice
                + rejectedBadPassword
                + rejectedBadTimestamp
                + rejectedBadValue
                + rejectedLate
                + rejectedNoKey
                + rejectedIncomplete
                + backfilledFrames
                + heartbeats;
    }

    void count(QualityEvent e, int hourOfDay) {
        switch (e.type) {
            case FRAME -> {
                frames++;
                readings += e.readings;
                if (e.backfilled) {
                    backfilledFrames++;
                }
            }
            case HEARTBEAT -> heartbeats++;
            case HOUR -> {
                if (e.valid) {
                    validHourMask |= 1 << hourOfDay;
                    validHours = Integer.bitCount(validHourMask);
                }
            }
            case REJECTED -> {
                switch (e.reason) {
                    case "BAD_LENGTH" -> rejectedBadLength++;
                    case "BAD_CRC" -> rejectedBadCrc++;
                    case "UNKNOWN_DEVICE" -> rejectedUnknownDevice++;
                    case "BAD_PASSWORD" -> rejectedBadPassword++;
                    case "BAD_TIMESTAMP" -> rejectedBadTimestamp++;
                    case "BAD_VALUE" -> rejectedBadValue++;
                    case "LATE" -> rejectedLate++;
                    case "NO_KEY" -> rejectedNoKey++;
                    case "INCOMPLETE" -> rejectedIncomplete++;
                    default -> {} // MALFORMED frames have no trustworthy MN
                }
            }
        }
    }
}
