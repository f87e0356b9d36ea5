package org.cemsflow.correlation;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;

/**
 * One correlation detector, hosted with the others of its key in one keyed operator
 * ({@link RuleHost}) so that a reading crosses one shuffle and one event-time buffer for all of
 * them. A rule sees its host's inputs in event-time order, keeps its own keyed state (names unique
 * within the host) and may register event-time timers; on every timer of the host it gets
 * {@link #afterInputs} (so it must not assume the timer was its own).
 */
public abstract class CorrelationRule<IN> implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient RuntimeContext runtime;

    /** The alert type this rule raises. */
    public abstract String type();

    final void open(RuntimeContext runtime) throws Exception {
        this.runtime = runtime;
        open();
    }

    /** Creates the rule's state handles. */
    protected void open() throws Exception {
    }

    protected RuntimeContext getRuntimeContext() {
        return runtime;
    }

    /** Inputs that are due, in event-time order, of the current key. */
    protected abstract void handle(List<IN> inputs, String key, TimerService timers, Collector<AlertEvent> out)
            throws Exception;

    /** Called on every timer of the host after the inputs due then were handled (deadlines, clean-up). */
    protected void afterInputs(long timestamp, String key, Collector<AlertEvent> out) throws Exception {
    }
}
