package org.cemsflow.aggregation;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Everything one device sent for one local clock hour (Flink POJO state, no Kryo). */
public class HourBucket {
    @TypeInfo(StateTypes.CodeHourAccs.class)
    public Map<String, CodeHourAcc> codes = new HashMap<>();
    /** Minutes of the hour with a CN 2051 record of any code: the device's minute spacing. */
    public long minuteRecordMinutes;
    /** Times the hour was emitted; 0 until the watermark passes its end. */
    public int revision;

    public HourBucket() {}
}
