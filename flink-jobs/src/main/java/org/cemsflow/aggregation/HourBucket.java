package org.cemsflow.aggregation;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Everything one device sent for one local clock hour (Flink POJO state, no Kryo). */
public class HourBucket {
    @TypeInfo(StateTypes.CodeHourAccs.class)
    public Map<String, CodeHourAcc> codes = new HashMap<>();

    /**
     * Distinct DataTimes of the hour's CN 2051 records of any code, as milliseconds into the hour,
     * ascending: the device's minute spacing is learned from them to the second, as run-local does.
     */
    public int[] minuteRecordOffsets = new int[0];

    /** The device as its readings describe it (reference data at validation). */
    public String pointId;

    public String unitId;
    public Double o2Ref;

    /** Configured or input-wide minute interval; null = learned online. */
    public Integer minuteInterval;

    /** Readings added (all codes): the rows' completeness, which orders them in the tables. */
    public int readings;

    /** Times the hour was emitted; 0 until the watermark passes its end. */
    public int revision;

    /** A late reading changed the hour since it was last emitted; the next revision goes out when the watermark moves. */
    public boolean corrected;

    public HourBucket() {}
}
