package org.cemsflow.aggregation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.time.KeyTimers;
import org.cemsflow.time.LocalTimes;

/**
 * Hourly means per device (key: MN) in event time. Guarantees: each local clock hour with data is
 * emitted once when the watermark passes its end (revision 1); readings that arrive later but
 * within the allowed lateness re-emit every row of their hour with the next revision (one
 * revision for all the late readings up to the next watermark, not one per reading), which
 * replaces the earlier rows downstream; readings beyond that go to {@link #LATE}; an hour's state
 * is gone once its lateness has passed.
 */
public class HourlyAggregator extends KeyedProcessFunction<String, DecodedFrame, Aggregate> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Reading> LATE =
            new OutputTag<>("late-readings", org.cemsflow.ingestion.ReadingSerializer.TYPE);

    private final AggregationParams params;
    private final long latenessMs;

    private transient HourlyMeanAggregate rule;
    private transient MapState<Long, HourBucket> hours;
    private transient ValueState<Integer> learnedInterval;

    /** Each hour's timers, its emission's and its end of lateness's, as one value a device. */
    private transient KeyTimers timers;

    /** How an hour is kept in state. */
    private final TypeInformation<HourBucket> bucketType;

    public HourlyAggregator(AggregationParams params) {
        this(params, HourBucketSerializer.TYPE);
    }

    /** @param bucketType how an hour is kept (tests: as an earlier version kept it) */
    HourlyAggregator(AggregationParams params, TypeInformation<HourBucket> bucketType) {
        this.params = params;
        this.latenessMs = params.latenessMs();
        this.bucketType = bucketType;
    }

    @Override
    public void open(OpenContext ctx) {
        rule = new HourlyMeanAggregate(params);
        hours =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("hours", Types.LONG, bucketType));
        ValueStateDescriptor<Integer> intervalDesc =
                new ValueStateDescriptor<>("minute-interval", Types.INT);
        // a device that goes silent for a month forgets its learned spacing
        intervalDesc.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(30)).build());
        learnedInterval = getRuntimeContext().getState(intervalDesc);
        timers = KeyTimers.of(getRuntimeContext(), "hour-timers");
    }

    /**
     * The readings of one upload (one device; a frame's readings share its DataTime, so its hour):
     * each as it would come alone, in their order, with one look-up of the hour's state for the
     * upload instead of one per reading.
     */
    @Override
    public void processElement(DecodedFrame f, Context ctx, Collector<Aggregate> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long hour = Long.MIN_VALUE;
        HourBucket bucket = null;
        for (Reading r : f.readings) {
            if (!HourlyMeanAggregate.contributes(r)) {
                continue;
            }
            long readingHour = LocalTimes.hourStart(r.getDataTime());
            long emitAt = readingHour + LocalTimes.HOUR_MS - 1;
            if (emitAt + latenessMs <= watermark) {
                ctx.output(LATE, r);
                continue;
            }
            if (bucket == null || readingHour != hour) {
                if (bucket != null) {
                    hours.put(hour, bucket);
                }
                hour = readingHour;
                bucket = hours.get(hour);
                if (bucket == null) {
                    bucket = new HourBucket();
                    timers.register(emitAt, ctx.timerService());
                    timers.register(emitAt + latenessMs, ctx.timerService());
                }
            }
            if (r.getKind() == org.cemsflow.avro.RecordKind.MINUTE
                    && r.getMinuteInterval() == null) {
                learnSpacing(hour, bucket, (int) (r.getDataTime() - hour));
            }
            rule.add(bucket, r);
            if (bucket.revision > 0 && !bucket.corrected) {
                // a correction of an hour already emitted: the whole hour goes out again as the
                // next revision when the watermark next moves, with every other late reading
                // until then
                bucket.corrected = true;
                ctx.timerService().registerEventTimeTimer(watermark + 1);
            }
        }
        if (bucket != null) {
            hours.put(hour, bucket);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out)
            throws Exception {
        timers.fired(timestamp, ctx.timerService());
        long due = timestamp + 1 - LocalTimes.HOUR_MS;
        HourBucket bucket = hours.get(due);
        if (bucket != null && bucket.revision == 0) {
            bucket.revision = 1;
            emit(ctx.getCurrentKey(), due, bucket, out);
            hours.put(due, bucket);
        }
        long expired = due - latenessMs;
        if (hours.contains(expired)) {
            hours.remove(expired);
        }
        List<Map.Entry<Long, HourBucket>> corrected = new ArrayList<>();
        for (Map.Entry<Long, HourBucket> e : hours.entries()) {
            if (e.getValue().corrected) {
                corrected.add(e);
            }
        }
        for (Map.Entry<Long, HourBucket> e : corrected) {
            HourBucket b = e.getValue();
            b.corrected = false;
            b.revision++;
            emit(ctx.getCurrentKey(), e.getKey(), b, out);
            hours.put(e.getKey(), b);
        }
    }

    private void emit(String mn, long hour, HourBucket bucket, Collector<Aggregate> out)
            throws Exception {
        for (Aggregate a : rule.rows(mn, hour, bucket, minuteInterval(bucket))) {
            out.collect(a);
        }
    }

    /** The configured (or input-wide) interval, else the one learned from this device's records, else 1. */
    private double minuteInterval(HourBucket bucket) throws Exception {
        if (bucket.minuteInterval != null) {
            return Math.min(60, bucket.minuteInterval);
        }
        Integer learned = learnedInterval.value();
        return learned == null ? 1 : Math.min(60, learned);
    }

    /**
     * Smallest spacing between distinct minute-record DataTimes, within the hour and across its
     * edges, rounded to the nearest whole minute (599 s is 10, as in run-local), at least 1.
     */
    private void learnSpacing(long hour, HourBucket bucket, int offset) throws Exception {
        int[] times = bucket.minuteRecordOffsets;
        int at = java.util.Arrays.binarySearch(times, offset);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        int[] grown = new int[times.length + 1];
        System.arraycopy(times, 0, grown, 0, insert);
        grown[insert] = offset;
        System.arraycopy(times, insert, grown, insert + 1, times.length - insert);
        bucket.minuteRecordOffsets = grown;
        long best = Long.MAX_VALUE;
        if (insert > 0) {
            best = offset - times[insert - 1];
        } else {
            HourBucket prev = hours.get(hour - LocalTimes.HOUR_MS);
            if (prev != null && prev.minuteRecordOffsets.length > 0) {
                best =
                        offset
                                + LocalTimes.HOUR_MS
                                - prev.minuteRecordOffsets[prev.minuteRecordOffsets.length - 1];
            }
        }
        if (insert < times.length) {
            best = Math.min(best, times[insert] - offset);
        } else {
            HourBucket next = hours.get(hour + LocalTimes.HOUR_MS);
            if (next != null && next.minuteRecordOffsets.length > 0) {
                best = Math.min(best, LocalTimes.HOUR_MS - offset + next.minuteRecordOffsets[0]);
            }
        }
        if (best != Long.MAX_VALUE) {
            int minutes = roundedMinutes(best);
            Integer cur = learnedInterval.value();
            if (cur == null || minutes < cur) {
                learnedInterval.update(minutes);
            }
        }
    }

    /** A spacing in whole minutes: rounded to the nearest (599 s is 10), between 1 and 60. */
    public static int roundedMinutes(long spacingMs) {
        return (int) Math.max(1, Math.min(60, Math.round(spacingMs / 60_000.0)));
    }
}
