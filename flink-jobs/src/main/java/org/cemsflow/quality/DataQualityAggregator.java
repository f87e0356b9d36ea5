package org.cemsflow.quality;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cemsflow.time.LocalTimes;

/**
 * Data-quality counters per device (key: MN) and local day. Guarantees: a day is emitted when the
 * watermark passes its end; events within the allowed lateness after that re-emit it with the next
 * revision (replacing the earlier row); the day's state is gone after that.
 */
public class DataQualityAggregator extends KeyedProcessFunction<String, QualityEvent, DataQuality> {
    private static final long serialVersionUID = 1L;

    private final long latenessMs;
    private transient MapState<Long, DataQuality> days;

    public DataQualityAggregator(java.time.Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        days =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "quality-days",
                                        Types.LONG,
                                        TypeInformation.of(DataQuality.class)));
    }

    @Override
    public void processElement(QualityEvent e, Context ctx, Collector<DataQuality> out)
            throws Exception {
        long day = LocalTimes.dayStart(e.time);
        long emitAt = day + LocalTimes.DAY_MS - 1;
        DataQuality q = days.get(day);
        if (q == null) {
            if (emitAt + latenessMs <= ctx.timerService().currentWatermark()) {
                return; // the day is closed; the frame itself is in its own table
            }
            q = new DataQuality();
            q.mn = e.mn;
            q.day = LocalDate.ofInstant(Instant.ofEpochMilli(day), LocalTimes.UTC8).toString();
            ctx.timerService().registerEventTimeTimer(emitAt);
            ctx.timerService().registerEventTimeTimer(emitAt + latenessMs);
        }
        q.count(e, (int) ((e.time - day) / LocalTimes.HOUR_MS));
        if (q.revision > 0) {
            q.revision++;
            out.collect(q);
        }
        days.put(day, q);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DataQuality> out)
            throws Exception {
        long due = timestamp + 1 - LocalTimes.DAY_MS;
        DataQuality q = days.get(due);
        if (q != null && q.revision == 0) {
            q.revision = 1;
            out.collect(q);
            days.put(due, q);
        }
        long expired = due - latenessMs;
        if (days.contains(expired)) {
            days.remove(expired);
        }
    }
}
