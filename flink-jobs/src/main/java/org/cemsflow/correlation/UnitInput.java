package org.cemsflow.correlation;

import org.cemsflow.avro.Reading;
import org.cemsflow.reference.Mark;

/** Input of a per-unit detector (Flink POJO): a reading of one of its devices, or a mark on one. */
public class UnitInput {
    public String unitId;
    public Reading reading;
    public Mark mark;
    public long time;

    public UnitInput() {}

    public static UnitInput reading(Reading r) {
        UnitInput u = new UnitInput();
        u.unitId = r.getUnitId();
        u.reading = r;
        u.time = r.getDataTime();
        return u;
    }

    public static UnitInput mark(String unitId, Mark m) {
        UnitInput u = new UnitInput();
        u.unitId = unitId;
        u.mark = m;
        u.time = m.markedAt;
        return u;
    }
}
