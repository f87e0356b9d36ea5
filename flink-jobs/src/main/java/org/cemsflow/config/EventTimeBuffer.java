package org.cemsflow.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.streaming.api.TimerService;

/**
 * Hands a keyed operator its inputs in event-time order: inputs ahead of the watermark wait in
 * state until a timer at their time fires; inputs behind it (late ones) go through at once. So
 * the operator's output does not depend on how its input channels interleave.
 */
public final class EventTimeBuffer<T> {
    private final ListState<T> buffer;
    private final ToLongFunction<T> time;
    private final Comparator<T> order;

    public EventTimeBuffer(ListState<T> buffer, ToLongFunction<T> time, Comparator<T> tieBreak) {
        this.buffer = buffer;
        this.time = time;
        this.order = Comparator.comparingLong(time).thenComparing(tieBreak);
    }

    /** @return true when the input is due now (not ahead of the watermark) and was not buffered */
    public boolean offer(T in, TimerService timers) throws Exception {
        long t = time.applyAsLong(in);
        if (t <= timers.currentWatermark()) {
            return true;
        }
        buffer.add(in);
        timers.registerEventTimeTimer(t);
        return false;
    }

    /** Keeps an input whatever its time (an operator that is not ready), looking again at {@code at}. */
    public void hold(T in, long at, TimerService timers) throws Exception {
        buffer.add(in);
        timers.registerEventTimeTimer(at);
    }

    /** The buffered inputs due at {@code timestamp}, in event-time order; they leave the buffer. */
    public List<T> due(long timestamp) throws Exception {
        List<T> due = new ArrayList<>();
        List<T> later = new ArrayList<>();
        for (T in : buffer.get()) {
            (time.applyAsLong(in) <= timestamp ? due : later).add(in);
        }
        if (!due.isEmpty()) {
            buffer.update(later);
            due.sort(order);
        }
        return due;
    }
}
