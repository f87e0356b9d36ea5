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

    /** The point's unit, resolved from the reference data. */
    public String unitId;

    public Substitute() {}

    /** These data, resolved to the point's device and unit (a point the reference does not know is a unit of its own). */
    public Substitute resolved(org.cemsflow.reference.Device d) {
        Substitute s = new Substitute();
        s.pointId = pointId;
        s.pollutant = pollutant;
        s.from = from;
        s.to = to;
        s.kgPerHour = kgPerHour;
        s.mn = d != null ? d.mn : pointId;
        s.unitId = d != null ? d.unitId : pointId;
        return s;
    }

    public boolean covers(long hourStart) {
        return hourStart >= from && hourStart < to;
    }
}
