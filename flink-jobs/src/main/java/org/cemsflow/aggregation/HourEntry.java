package org.cemsflow.aggregation;

import org.cemsflow.avro.Aggregate;

/** The parts of an hourly row that a daily mean needs (Flink POJO state). */
public class HourEntry {
    public long periodStart;
    public boolean valid;
    public Double avg;
    public Double zsAvg;
    public Double volumeM3;
    public Double emissionKg;

    /** The reference O2 the corrected mean is at: it and the mean give the hour's O2. */
    public Double o2Ref;

    /** The hourly row's readings (of all the hour's codes). */
    public int readings;

    public HourEntry() {}

    static HourEntry of(Aggregate a) {
        HourEntry e = new HourEntry();
        e.periodStart = a.getPeriodStart();
        e.valid = a.getValid();
        e.avg = a.getAvg();
        e.zsAvg = a.getZsAvg();
        e.volumeM3 = a.getVolumeM3();
        e.emissionKg = a.getEmissionKg();
        e.o2Ref = a.getO2Ref();
        e.readings = a.getReadings();
        return e;
    }
}
