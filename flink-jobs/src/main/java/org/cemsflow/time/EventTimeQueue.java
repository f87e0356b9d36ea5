package org.cemsflow.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.TimerService;

/**
 * Hands a keyed operator its inputs in event-time order, as {@link EventTimeBuffer} does, for a
 * key whose inputs wait long and many (the unit rules hold hours of them). A key's waiting inputs
 * are kept in chunks of {@link #CHUNK_MS} of event time, each a list in time order (arrival order
 * among equal times) written as one value by a serializer that can write each time relative to the
 * one before; the key has one timer, at its earliest waiting input, instead of a bucket and a
 * timer per instant. Timers still fire in order and a timer at the next waiting input is set as
 * each one leaves, so the inputs due at a timer, and the timers between them (the operator's own),
 * are the buffer's. An input touches one chunk, so a backend that serializes on every access
 * (RocksDB) reads and writes minutes of inputs, not hours.
 *
 * <p>Inputs that waited in the bucket layout of an earlier version (restored from a savepoint) move
 * into the chunks the first time their key is touched, and their own timers then find them there.
 * Each key's buckets are looked at once after a restore (a failover's too), not at every input:
 * with the state in RocksDB, a look is an iterator over the key's entries.
 */
public final class EventTimeQueue<T> implements OrderedInputs<T> {
    /** Event time a chunk spans. */
    static final long CHUNK_MS = 10 * 60_000L;

    private final MapState<Long, List<T>> chunks;

    /** The earliest waiting input's time, where the key's timer is; null when none waits. */
    private final ValueState<Long> head;

    private final Comparator<T> order;
    private final ToLongFunction<T> time;
    private final UnaryOperator<T> leave;

    /** The bucket layout of an earlier version, looked at only after a restore; else null. */
    private final EventTimeBuffer<T> buckets;

    /**
     * Keys whose buckets were looked at (and taken over) since the restore: nothing writes that
     * layout any more, so a key's buckets stay empty once looked at.
     */
    private final Set<Object> bucketsLookedAt = new HashSet<>();

    /** The key of the current calls ({@link #atKey}); null: unknown, the buckets looked at always. */
    private Object key;

    private EventTimeQueue(
            MapState<Long, List<T>> chunks,
            ValueState<Long> head,
            EventTimeBuffer<T> buckets,
            ToLongFunction<T> time,
            Comparator<T> tieBreak,
            UnaryOperator<T> leave) {
        this.chunks = chunks;
        this.head = head;
        this.buckets = buckets;
        this.time = time;
        this.order = EventTimeBuffer.order(time, tieBreak);
        this.leave = leave;
    }

    /**
     * A queue in the keyed state of {@code ctx} under {@code name}, its chunks written by {@code
     * serializer}.
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
                ctx.getMapState(
                        new MapStateDescriptor<>(name, LongSerializer.INSTANCE, serializer)),
                ctx.getState(new ValueStateDescriptor<>(name + "-head", Types.LONG)),
                restored ? EventTimeBuffer.of(ctx, bucketsName, type, time, tieBreak, leave) : null,
                time,
                tieBreak,
                leave);
    }

    static long chunkOf(long t) {
        return Math.floorDiv(t, CHUNK_MS) * CHUNK_MS;
    }

    @Override
    public boolean offer(T in, TimerService timers) throws Exception {
        long t = time.applyAsLong(in);
        if (t <= timers.currentWatermark()) {
            return true;
        }
        takeOverBuckets(timers);
        add(in, t);
        Long first = head.value();
        if (first == null || t < first) { // a new earliest: the key's one timer must come no later
            head.update(t);
            timers.registerEventTimeTimer(t);
        }
        return false;
    }

    private void add(T in, long t) throws Exception {
        long c = chunkOf(t);
        List<T> list = chunks.get(c);
        if (list == null) {
            list = new ArrayList<>();
        }
        int at = list.size();
        // inputs come mostly in time order: the end is the place, else search from it
        while (at > 0 && time.applyAsLong(list.get(at - 1)) > t) {
            at--;
        }
        list.add(at, in);
        chunks.put(c, list);
    }

    @Override
    public List<T> due(long timestamp, TimerService timers) throws Exception {
        takeOverBuckets(timers);
        Long first = head.value();
        if (first == null || first > timestamp) {
            return List.of();
        }
        List<T> due = new ArrayList<>();
        long next = first;
        while (next <= timestamp) {
            long c = chunkOf(next);
            List<T> list = chunks.get(c);
            boolean gone = list == null;
            if (gone) {
                list = List.of(); // the head's chunk is gone: look for the next
            }
            int n = 0;
            while (n < list.size() && time.applyAsLong(list.get(n)) <= timestamp) {
                n++;
            }
            due.addAll(list.subList(0, n));
            if (n < list.size()) {
                list.subList(0, n).clear();
                chunks.put(c, list);
                next = time.applyAsLong(list.get(0));
                break;
            }
            chunks.remove(c);
            // the head's chunk was the earliest, so the next one is the first place to look
            Long later = gone ? earliestChunk() : earliestChunkAfter(c);
            if (later == null) {
                head.clear();
                return EventTimeBuffer.leaving(due, leave, order);
            }
            next = time.applyAsLong(chunks.get(later).get(0));
        }
        head.update(next);
        timers.registerEventTimeTimer(next);
        return EventTimeBuffer.leaving(due, leave, order);
    }

    /**
     * The first chunk that holds inputs once chunk {@code c}, the earliest, has left: the next one
     * when it holds inputs, as it does under steady traffic (the scan of every key was a sixth of
     * the unit rules' time in a backfill), else {@link #earliestChunk}.
     */
    private Long earliestChunkAfter(long c) throws Exception {
        long next = c + CHUNK_MS;
        return chunks.contains(next) ? Long.valueOf(next) : earliestChunk();
    }

    /** The first chunk that holds inputs, null when none (a look at the keys: a few dozen). */
    private Long earliestChunk() throws Exception {
        Long min = null;
        for (Long k : chunks.keys()) {
            if (min == null || k < min) {
                min = k;
            }
        }
        return min;
    }

    @Override
    public boolean isEmpty() throws Exception {
        return head.value() == null && !bucketsToTakeOver(false);
    }

    @Override
    public void atKey(Object key) {
        this.key = key;
    }

    /**
     * Whether the current key may have inputs in the bucket layout.
     *
     * @param look whether this look counts: the key's buckets are then taken over
     */
    private boolean bucketsToTakeOver(boolean look) throws Exception {
        if (buckets == null || (key != null && bucketsLookedAt.contains(key))) {
            return false;
        }
        if (look && key != null) {
            bucketsLookedAt.add(key);
        }
        return !buckets.isEmpty();
    }

    /** The key's inputs in the bucket layout move into the chunks, in the order they came. */
    private void takeOverBuckets(TimerService timers) throws Exception {
        if (!bucketsToTakeOver(true)) {
            return;
        }
        Long first = head.value();
        for (T in : buckets.drain()) {
            long t = time.applyAsLong(in);
            add(in, t);
            if (first == null || t < first) {
                first = t;
            }
        }
        if (first != null) {
            head.update(first);
            timers.registerEventTimeTimer(first);
        }
    }
}
