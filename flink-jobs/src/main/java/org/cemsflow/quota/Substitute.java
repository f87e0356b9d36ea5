package org.cemsflow.quota;

/** Manual substitute monitoring data: a point's hourly mass of a pollutant over hours starting in [from, to) (Flink POJO). */
public class Substitute {
    public String pointId;
    /** The point's device, resolved from the reference data. */
    public String mn;
    public String pollutant;
    public long from;
    public long to;
    public double kgPerHour;

    public Substitute() {}

    public boolean covers(long hourStart) {
        return hourStart >= from && hourStart < to;
    }
}
