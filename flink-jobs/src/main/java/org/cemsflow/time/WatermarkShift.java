package org.cemsflow.time;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records through unchanged and moves the watermark by a fixed amount.
 *
 * <p>Why: a decision that combines several devices (a unit's quota, its correlation rules) must
 * not be taken before every device's data for that moment can have arrived. A device may upload
 * up to the allowed lateness behind the watermark, so those operators get the watermark
 * {@link #settle settled} (moved back by the allowed lateness): whatever the frame gate accepted
 * then reaches them before their event time passes it, and they decide in event-time order, live
 * as in run-local. Their alerts are {@link #resume resumed} (moved forward again) so that what
 * follows (supervision, whose deadlines are longer than the lateness) keeps the live clock.
 * End of input ({@code Long.MAX_VALUE}) and the start ({@code Long.MIN_VALUE}) pass unchanged.
 */
public final class WatermarkShift<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final long shiftMs;

    WatermarkShift(long shiftMs) {
        this.shiftMs = shiftMs;
    }

    /** The stream with its watermark {@code by} behind: event time settles that long after the input's. */
    public static <T> DataStream<T> settle(DataStream<T> in, Duration by, String uid) {
        return shift(in, -by.toMillis(), uid, "Settle event time by " + by);
    }

    /** The stream with its watermark {@code by} ahead again (the inverse of {@link #settle}). */
    public static <T> DataStream<T> resume(DataStream<T> in, Duration by, String uid) {
        return shift(in, by.toMillis(), uid, "Resume event time after " + by);
    }

    private static <T> DataStream<T> shift(DataStream<T> in, long ms, String uid, String name) {
        // chained with what precedes it (the default strategy): no extra hop
        return in.transform(name, in.getType(), new WatermarkShift<T>(ms)).uid(uid);
    }

    /** {@code t} moved by {@code ms}, without overflow; the ends of time stay where they are. */
    static long shifted(long t, long ms) {
        if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
            return t;
        }
        long s = t + ms;
        if (ms > 0 && s < t) {
            return Long.MAX_VALUE - 1;
        }
        if (ms < 0 && s > t) {
            return Long.MIN_VALUE + 1;
        }
        return s;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        output.emitWatermark(new Watermark(shifted(mark.getTimestamp(), shiftMs)));
    }
}
