package org.cemsflow.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Hands a keyed operator its inputs in event-time order, as {@link EventTimeBuffer} does, for a
 * key whose inputs wait long and many (the unit rules hold hours of them): a key's waiting inputs
 * are one list in event-time order (arrival order among equal times), written as one value by a
 * serializer that can write each time relative to the one before, and the key has one timer, at
 * its earliest waiting input, instead of a bucket and a timer per instant. Timers still fire in
 * order and a timer at the next waiting input is set as each one leaves, so the inputs due at a
 * timer, and the timers between them (the operator's own), are the buffer's.
 *
 * <p>Inputs that waited in the bucket layout of an earlier version (restored from a savepoint) move
 * into the list the first time their key is touched, and their own timers then find them there.
 */
public final class EventTimeQueue<T> implements OrderedInputs<T> {
    private final ValueState<List<T>> waiting;
    private final Comparator<T> order;
    private final ToLongFunction<T> time;
    private final UnaryOperator<T> leave;

    /** The bucket layout of an earlier version, looked at only after a restore. */
    private final MapState<Long, List<T>> buckets;

    private EventTimeQueue(
            ValueState<List<T>> waiting,
            MapState<Long, List<T>> buckets,
            ToLongFunction<T> time,
            Comparator<T> tieBreak,
            UnaryOperator<T> leave) {
        this.waiting = waiting;
        this.buckets = buckets;
        this.time = time;
        this.order = Comparator.comparingLong(time).thenComparing(tieBreak);
        this.leave = leave;
    }

    /**
     * A queue in the keyed state of {@code ctx} under {@code name}, written by {@code serializer}.
     *
     * @param bucketsName the state an {@link EventTimeBuffer} of {@code type} kept the same inputs
     *     in, read and emptied when {@code restored}
     */
    public static <T> EventTimeQueue<T> of(
            RuntimeContext ctx,
            String name,
            TypeSerializer<List<T>> serializer,
            ToLongFunction<T> time,
            Comparator<T> tieBreak,
            UnaryOperator<T> leave,
            String bucketsName,
            TypeInformation<T> type,
            boolean restored) {
        return new EventTimeQueue<>(
                ctx.getState(new ValueStateDescriptor<>(name, serializer)),
                restored
                        ? ctx.getMapState(
                                new MapStateDescriptor<>(
                                        bucketsName, Types.LONG, new ListTypeInfo<>(type)))
                        : null,
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
        List<T> list = current(timers);
        if (list == null) {
            list = new ArrayList<>();
        }
        int at = list.size();
        // inputs come mostly in time order: the end is the place, else search from it
        while (at > 0 && time.applyAsLong(list.get(at - 1)) > t) {
            at--;
        }
        list.add(at, in);
        waiting.update(list);
        if (at == 0) { // a new earliest: the key's one timer must come no later
            timers.registerEventTimeTimer(t);
        }
        return false;
    }

    @Override
    public List<T> due(long timestamp, TimerService timers) throws Exception {
        List<T> list = current(timers);
        if (list == null) {
            return List.of();
        }
        int n = 0;
        while (n < list.size() && time.applyAsLong(list.get(n)) <= timestamp) {
            n++;
        }
        if (n == 0) {
            return List.of();
        }
        List<T> due = new ArrayList<>(list.subList(0, n));
        if (n == list.size()) {
            waiting.clear();
        } else {
            list.subList(0, n).clear();
            waiting.update(list);
            timers.registerEventTimeTimer(time.applyAsLong(list.get(0)));
        }
        due.replaceAll(leave);
        if (due.size() > 1) {
            due.sort(order);
        }
        return due;
    }

    @Override
    public boolean isEmpty() throws Exception {
        return waiting.value() == null && (buckets == null || buckets.isEmpty());
    }

    /** The key's waiting inputs, those of the bucket layout moved in first; null when none. */
    private List<T> current(TimerService timers) throws Exception {
        List<T> list = waiting.value();
        if (buckets == null || buckets.isEmpty()) {
            return list;
        }
        TreeMap<Long, List<T>> old = new TreeMap<>();
        for (var e : buckets.entries()) {
            old.put(e.getKey(), e.getValue());
        }
        buckets.clear();
        List<T> merged = new ArrayList<>();
        for (List<T> bucket : old.values()) {
            merged.addAll(bucket); // they came before any input in the list
        }
        if (list != null) {
            merged.addAll(list);
        }
        if (merged.isEmpty()) {
            return null;
        }
        merged.sort(Comparator.comparingLong(time)); // stable: arrival order among equal times
        waiting.update(merged);
        timers.registerEventTimeTimer(time.applyAsLong(merged.get(0)));
        return merged;
    }
}
