package org.cemsflow.reference;

import java.io.Serializable;

/** One row of limits.csv: a point's limit for a pollutant, the averaging period it applies to, and since when. */
public class Limit implements Serializable {
    private static final long serialVersionUID = 1L;

    public String pointId;

    /** 2017 code. */
    public String pollutant;

    public double limit;

    /** {@code hour} or {@code day}. */
    public String averaging;

    /** Epoch milliseconds from which the limit applies; null = from the start (file) or the next period (update). */
    public Long validFrom;

    public Limit() {}

    public Limit(String pointId, String pollutant, double limit, String averaging, Long validFrom) {
        this.pointId = pointId;
        this.pollutant = pollutant;
        this.limit = limit;
        this.averaging = averaging;
        this.validFrom = validFrom;
    }

    public boolean daily() {
        return "day".equals(averaging);
    }

    @Override
    public String toString() {
        return pointId
                + "/"
                + pollutant
                + " "
                + limit
                + " per "
                + averaging
                + (validFrom == null ? "" : " from " + validFrom);
    }
}
