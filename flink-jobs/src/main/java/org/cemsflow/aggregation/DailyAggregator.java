package org.cemsflow.aggregation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.time.LocalTimes;

/**
 * Daily means per device (key: MN) from its hourly rows, over local (UTC+8) calendar days.
 * Guarantees: a day is emitted once when the watermark passes its end; a corrected hour (a later
 * revision) replaces the hour in the day, never adds to it, and re-emits the day with the next
 * revision; a day's state is gone once the hourly lateness after its end has passed.
 */
public class DailyAggregator extends KeyedProcessFunction<String, Aggregate, Aggregate> {
    private static final long serialVersionUID = 1L;

    private final AggregationParams params;
    private final long latenessMs;

    private final TypeInformation<DayBucket> stateType;

    private transient DailyMeanAggregate rule;
    private transient MapState<Long, DayBucket> days;

    public DailyAggregator(AggregationParams params) {
        this(params, TypeInformation.of(DayBucket.class));
    }

    /** With the days' state written as {@code stateType} says (a test of the migration). */
    DailyAggregator(AggregationParams params, TypeInformation<DayBucket> stateType) {
        this.params = params;
        this.latenessMs = params.latenessMs();
        this.stateType = stateType;
    }

    @Override
    public void open(OpenContext ctx) {
        rule = new DailyMeanAggregate(params);
        days =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("days", Types.LONG, stateType));
    }

    @Override
    public void processElement(Aggregate hourly, Context ctx, Collector<Aggregate> out)
            throws Exception {
        long day = LocalTimes.dayStart(hourly.getPeriodStart());
        long emitAt = day + LocalTimes.DAY_MS - 1;
        DayBucket bucket = days.get(day);
        if (bucket == null) {
            if (emitAt + latenessMs <= ctx.timerService().currentWatermark()) {
                return; // the hourly operator forwards nothing this late; defensive
            }
            bucket = new DayBucket();
            ctx.timerService().registerEventTimeTimer(emitAt);
            ctx.timerService().registerEventTimeTimer(emitAt + latenessMs);
        }
        bucket.put(hourly);
        if (bucket.revision > 0) {
            bucket.revision++;
            // every row of the day again: a corrected flow changes the flow-weighted means of the
            // others
            for (Aggregate a : rule.rows(ctx.getCurrentKey(), day, bucket)) {
                out.collect(a);
            }
        }
        days.put(day, bucket);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out)
            throws Exception {
        long due = timestamp + 1 - LocalTimes.DAY_MS;
        DayBucket bucket = days.get(due);
        if (bucket != null && bucket.revision == 0) {
            bucket.revision = 1;
            for (Aggregate a : rule.rows(ctx.getCurrentKey(), due, bucket)) {
                out.collect(a);
            }
            days.put(due, bucket);
        }
        long expired = due - latenessMs;
        if (days.contains(expired)) {
            days.remove(expired);
        }
    }
}
