package org.cemsflow.correlation;

import java.util.List;
import org.cemsflow.avro.Reading;
import org.cemsflow.model.Codes;

/**
 * What the per-unit rules need of one upload of a device that carried valid data (Flink POJO): its
 * valid meter power, water flow, flue-gas flow and O2. One small record per upload
 * instead of its readings, so the unit rules' event-time buffer stays small.
 */
public class UnitSignal {
    public String unitId;
    public String mn;
    public long time;

    /**
     * While the signal waits in the unit rules' buffer: its device's number among the unit's
     * (from 1) in place of its MN, which was most of its bytes; 0 when the MN is given.
     */
    public int device;

    /** The device is a meter (no monitoring point). */
    public boolean meter;

    public Double power;
    public Double water;
    public Double airFlow;
    public Double o2;

    public UnitSignal() {}

    /** The signal of an upload (readings of one device, DataTime and kind); null when none is valid. */
    public static UnitSignal of(List<Reading> upload, String powerCode, String waterCode) {
        UnitSignal s = null;
        for (Reading r : upload) {
            Double v = Alerts.validValue(r);
            if (v == null) {
                continue;
            }
            if (s == null) {
                s = new UnitSignal();
                s.unitId = r.getUnitId();
                s.mn = r.getMn();
                s.time = r.getDataTime();
                s.meter = r.getPointId() == null;
            }
            String c = r.getCode();
            if (s.meter && c.equals(powerCode)) {
                s.power = v;
            } else if (c.equals(s.meter ? waterCode : Codes.WATER_FLOW)) {
                s.water = v;
            } else if (!s.meter && c.equals(Codes.AIR_FLOW)) {
                s.airFlow = v;
            } else if (!s.meter && c.equals(Codes.O2)) {
                s.o2 = v;
            }
        }
        return s;
    }
}
