package org.cemsflow.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.cemsflow.avro.Aggregate;

/** The latest hourly rows of one device and local day, per code (Flink POJO state). */
public class DayBucket {
    @TypeInfo(StateTypes.HourEntriesByCode.class)
    public Map<String, List<HourEntry>> codes = new HashMap<>();

    public String pointId;
    public String unitId;

    /** Times the day was emitted; 0 until the watermark passes its end. */
    public int revision;

    public DayBucket() {}

    /** Puts an hourly row, replacing an earlier revision of the same hour (never adding it twice). */
    void put(Aggregate hourly) {
        pointId = hourly.getPointId();
        unitId = hourly.getUnitId();
        List<HourEntry> list =
                codes.computeIfAbsent(hourly.getPollutant(), c -> new ArrayList<>(24));
        HourEntry e = HourEntry.of(hourly);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).periodStart == e.periodStart) {
                list.set(i, e);
                return;
            }
        }
        list.add(e);
    }
}
