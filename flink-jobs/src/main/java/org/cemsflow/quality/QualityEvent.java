package org.cemsflow.quality;

/** One thing that counts towards a device's data quality of a day (Flink POJO). */
public class QualityEvent {
    public enum Type {
        FRAME,
        REJECTED,
        HOUR,
        HEARTBEAT
    }

    public String mn;

    /** Event time: DataTime of the frame, or the start of the hour. */
    public long time;

    public Type type;

    /** FRAME: readings of the frame. */
    public int readings;

    /** FRAME: the logger marked it as back-filled. */
    public boolean backfilled;

    /** REJECTED: the reason. */
    public String reason;

    /** HOUR: the hour has a valid mean. */
    public boolean valid;

    public QualityEvent() {}

    public static QualityEvent frame(String mn, long time, int readings, boolean backfilled) {
        QualityEvent e = new QualityEvent();
        e.mn = mn;
        e.time = time;
        e.type = Type.FRAME;
        e.readings = readings;
        e.backfilled = backfilled;
        return e;
    }

    public static QualityEvent heartbeat(String mn, long time) {
        QualityEvent e = new QualityEvent();
        e.mn = mn;
        e.time = time;
        e.type = Type.HEARTBEAT;
        return e;
    }

    /** CN 9015 (HJ 212-2017 and 2025) and CN 8013 (the heartbeat of older loggers). */
    public static boolean isHeartbeat(int cn) {
        return cn == 9015 || cn == 8013;
    }

    /**
     * A rejected frame on the day of its DataTime, but never later than its arrival plus
     * {@code maxFutureMs}: a damaged or wrongly clocked frame (a flipped digit of the year) must not
     * open data-quality state for a day that event time reaches years later, or never.
     */
    public static QualityEvent rejected(org.cemsflow.avro.RejectedFrame r, long maxFutureMs) {
        long time = r.getDataTime();
        if (r.getReceivedAt() != null && r.getReceivedAt() > 0) {
            time = Math.min(time, r.getReceivedAt() + maxFutureMs);
        }
        return rejected(r.getMn(), time, r.getReason());
    }

    public static QualityEvent rejected(String mn, long time, String reason) {
        QualityEvent e = new QualityEvent();
        e.mn = mn;
        e.time = time;
        e.type = Type.REJECTED;
        e.reason = reason;
        return e;
    }

    public static QualityEvent hour(String mn, long hourStart, boolean valid) {
        QualityEvent e = new QualityEvent();
        e.mn = mn;
        e.time = hourStart;
        e.type = Type.HOUR;
        e.valid = valid;
        return e;
    }
}
