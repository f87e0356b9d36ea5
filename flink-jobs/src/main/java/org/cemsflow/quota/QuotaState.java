package org.cemsflow.quota;

/** Year-to-date totals of a unit, pollutant and year, and which thresholds have alerted (Flink POJO state). */
public class QuotaState {
    public double measuredKg;
    public double substitutedKg;
    public boolean warned;
    public boolean confirmed;
    public int version;

    /** Start of the latest hour counted. */
    public long lastHour;

    public QuotaState() {}

    double emitted() {
        return measuredKg + substitutedKg;
    }
}
