package org.cemsflow.exceedance;

/**
 * The judgement of one hourly or daily mean of a point and pollutant against its limit (Flink
 * POJO). {@code exceeding} is the rule's answer; the other fields are the evidence behind it.
 */
public class Verdict {
    public String mn;
    public String pointId;
    public String unitId;
    public String pollutant;
    public boolean daily;
    public long periodStart;
    public long periodEnd;
    public Double avg;
    public Double zsAvg;
    public boolean valid;

    /** The mean compared with the limit: corrected where the point has an O2 reference, else measured. */
    public Double compared;

    public double limit;
    public Double o2Ref;

    /** Covered by a unit's mark made in time. */
    public boolean excused;

    /** The point has an O2 reference but the hour has no corrected mean (O2 near 21 % or not valid). */
    public boolean noCorrectedMean;

    public boolean exceeding;

    /** 1 for the first judgement of the period, +1 for each re-judgement (late data, a new mark). */
    public int revision;

    public Verdict() {}

    /** Key of the streams after the judge: one case book per point and pollutant (and period kind). */
    public String caseKey() {
        return mn + "|" + pollutant + (daily ? "|day" : "|hour");
    }

    @Override
    public String toString() {
        return pollutant
                + "@"
                + periodStart
                + (exceeding ? " exceeding " : " ok ")
                + compared
                + "/"
                + limit
                + " r"
                + revision;
    }
}
