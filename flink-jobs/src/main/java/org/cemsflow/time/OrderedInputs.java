package org.cemsflow.time;

import java.util.List;
import org.apache.flink.streaming.api.TimerService;

/**
 * Where a keyed operator's inputs wait for the watermark to reach their time: {@link
 * EventTimeBuffer} (a bucket and a timer per instant) or {@link EventTimeQueue} (one list and one
 * timer per key). Both hand out the same inputs at the same timers in the same order.
 */
public interface OrderedInputs<T> {
    /** @return true when the input is due now (not ahead of the watermark) and was not kept */
    boolean offer(T in, TimerService timers) throws Exception;

    /** The kept inputs due at {@code timestamp} (the timer that fires), in event-time order; they leave. */
    List<T> due(long timestamp, TimerService timers) throws Exception;

    /** Whether no input of the current key waits. */
    boolean isEmpty() throws Exception;

    /**
     * The key the calls that follow are for (the operator's current key). A queue that looks at an
     * earlier layout's state after a restore remembers which keys it has looked at.
     */
    default void atKey(Object key) {}
}
