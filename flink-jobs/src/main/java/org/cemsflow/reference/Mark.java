package org.cemsflow.reference;

import java.io.Serializable;

/**
 * A unit's mark on a device's data (maintenance, shutdown, fault, calibration): covers the hours
 * that start in [from, to); excuses an hour only when made no later than the hour's end plus the
 * marking deadline.
 */
public class Mark implements Serializable {
    private static final long serialVersionUID = 1L;

    public String mn;
    public long from;
    public long to;
    public String kind;
    public long markedAt;

    /** The unit of the marked device, once routed with the reference (null before). */
    public String unitId;

    public Mark() {}

    /** This mark, routed to its device's unit. */
    public Mark inUnit(String unit) {
        Mark m = new Mark(mn, from, to, kind, markedAt);
        m.unitId = unit;
        return m;
    }

    public Mark(String mn, long from, long to, String kind, long markedAt) {
        this.mn = mn;
        this.from = from;
        this.to = to;
        this.kind = kind;
        this.markedAt = markedAt;
    }

    /** True when this mark excuses the hour that starts at {@code hourStart}. */
    public boolean excuses(long hourStart, long hourMs, long deadlineMs) {
        return hourStart >= from && hourStart < to && markedAt <= hourStart + hourMs + deadlineMs;
    }
}
