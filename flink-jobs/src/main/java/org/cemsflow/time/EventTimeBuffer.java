package org.cemsflow.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Hands a keyed operator its inputs in event-time order: inputs ahead of the watermark wait in
 * state until a timer at their time fires; inputs behind it (late ones) go through at once. So
 * the operator's output does not depend on how its input channels interleave. Waiting inputs are
 * kept in buckets by the time they wait for, so a timer touches only what is due (a single list
 * rewritten on every timer made a key's work quadratic in the watermark delay).
 */
public final class EventTimeBuffer<T> implements OrderedInputs<T> {
    private final MapState<Long, List<T>> buckets;
    private final Comparator<T> order;
    private final ToLongFunction<T> time;
    private final UnaryOperator<T> leave;

    private EventTimeBuffer(
            MapState<Long, List<T>> buckets,
            ToLongFunction<T> time,
            Comparator<T> tieBreak,
            UnaryOperator<T> leave) {
        this.buckets = buckets;
        this.time = time;
        this.order = order(time, tieBreak);
        this.leave = leave;
    }

    /** A buffer in the keyed state of {@code ctx} under {@code name}. */
    public static <T> EventTimeBuffer<T> of(
            RuntimeContext ctx,
            String name,
            TypeInformation<T> type,
            ToLongFunction<T> time,
            Comparator<T> tieBreak) {
        return of(ctx, name, type, time, tieBreak, UnaryOperator.identity());
    }

    /**
     * A buffer in the keyed state of {@code ctx} under {@code name}, with {@code leave} applied to
     * each input as it leaves the buffer, before the due ones are ordered: it undoes what the
     * operator left out of an input while it waited.
     */
    public static <T> EventTimeBuffer<T> of(
            RuntimeContext ctx,
            String name,
            TypeInformation<T> type,
            ToLongFunction<T> time,
            Comparator<T> tieBreak,
            UnaryOperator<T> leave) {
        return new EventTimeBuffer<>(
                ctx.getMapState(
                        new MapStateDescriptor<>(name, Types.LONG, new ListTypeInfo<>(type))),
                time,
                tieBreak,
                leave);
    }

    @Override
    public boolean offer(T in, TimerService timers) throws Exception {
        long t = time.applyAsLong(in);
        if (t <= timers.currentWatermark()) {
            return true;
        }
        add(t, in);
        timers.registerEventTimeTimer(t);
        return false;
    }

    /** Keeps an input whatever its time (an operator that is not ready), looking again at {@code at}. */
    public void hold(T in, long at, TimerService timers) throws Exception {
        add(at, in);
        timers.registerEventTimeTimer(at);
    }

    private void add(long at, T in) throws Exception {
        List<T> bucket = buckets.get(at);
        if (bucket == null) {
            bucket = new ArrayList<>(4);
        }
        bucket.add(in);
        buckets.put(at, bucket);
    }

    @Override
    public boolean isEmpty() throws Exception {
        return buckets.isEmpty();
    }

    @Override
    public List<T> due(long timestamp, TimerService timers) throws Exception {
        return due(timestamp);
    }

    /**
     * The buffered inputs waiting for exactly {@code timestamp} (the timer that fires), in event-time
     * order; they leave the buffer. Timers fire in order and every bucket has its own, so earlier
     * buckets are gone by then, unless the operator skipped a timer: it then calls {@link #dueUpTo}.
     */
    public List<T> due(long timestamp) throws Exception {
        List<T> due = buckets.get(timestamp);
        if (due == null) {
            return List.of();
        }
        buckets.remove(timestamp);
        return leaving(due, leave, order);
    }

    /** The buffered inputs waiting for {@code timestamp} or earlier, in event-time order; they leave the buffer. */
    public List<T> dueUpTo(long timestamp) throws Exception {
        List<Long> keys = new ArrayList<>(2);
        for (Long k : buckets.keys()) {
            if (k <= timestamp) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<T> due = new ArrayList<>();
        for (Long k : keys) {
            due.addAll(buckets.get(k));
            buckets.remove(k);
        }
        return leaving(due, leave, order);
    }

    /**
     * Every buffered input of the current key as it waits ({@code leave} not applied), bucket by
     * bucket in time order and in arrival order within one; the buffer is empty after.
     */
    List<T> drain() throws Exception {
        List<Long> keys = new ArrayList<>();
        for (Long k : buckets.keys()) {
            keys.add(k);
        }
        keys.sort(null);
        List<T> all = new ArrayList<>();
        for (Long k : keys) {
            all.addAll(buckets.get(k));
        }
        buckets.clear();
        return all;
    }

    /** Inputs in event-time order, then ties by {@code tieBreak}. */
    static <T> Comparator<T> order(ToLongFunction<T> time, Comparator<T> tieBreak) {
        return Comparator.comparingLong(time).thenComparing(tieBreak);
    }

    /** Inputs that are due as they leave: each through {@code leave}, then in {@code order}. */
    static <T> List<T> leaving(List<T> due, UnaryOperator<T> leave, Comparator<T> order) {
        due.replaceAll(leave);
        if (due.size() > 1) {
            due.sort(order);
        }
        return due;
    }
}
