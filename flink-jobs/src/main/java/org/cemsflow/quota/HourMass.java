package org.cemsflow.quota;

/**
 * The mass one point emitted of one pollutant in one local hour (Flink POJO): measured, or
 * substituted for a gap. A later HourMass of the same point and hour replaces the earlier one.
 */
public class HourMass {
    public String unitId;
    public String pollutant;
    public String mn;
    public String pointId;
    public long hourStart;
    public double measuredKg;
    public double substitutedKg;

    /** manual, interpolated (gap <= 24 h), max720 (longer gap), or empty for measured mass. */
    public String method;

    public HourMass() {}

    public int year() {
        return java.time.LocalDateTime.ofInstant(
                        java.time.Instant.ofEpochMilli(hourStart),
                        org.cemsflow.time.LocalTimes.UTC8)
                .getYear();
    }

    public String quotaKey() {
        return unitId + "|" + pollutant + "|" + year();
    }
}
