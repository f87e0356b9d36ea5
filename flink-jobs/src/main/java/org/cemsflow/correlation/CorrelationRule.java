package org.cemsflow.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
    private transient List<State> states;

    /** The alert type this rule raises. */
    public abstract String type();

    final void open(RuntimeContext runtime) throws Exception {
        this.runtime = runtime;
        this.states = new ArrayList<>();
        open();
    }

    /** Creates the rule's state handles, with {@link #mapState} and {@link #valueState}. */
    protected void open() throws Exception {}

    protected final <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> d) {
        MapState<K, V> s = runtime.getMapState(d);
        states.add(s);
        return s;
    }

    protected final <V> ValueState<V> valueState(ValueStateDescriptor<V> d) {
        ValueState<V> s = runtime.getState(d);
        states.add(s);
        return s;
    }

    /** Forgets everything the rule keeps for the current key (the key went idle). */
    final void clearState() {
        states.forEach(State::clear);
    }

    /** Inputs that are due, in event-time order, of the current key. */
    protected abstract void handle(
            List<IN> inputs, String key, TimerService timers, Collector<AlertEvent> out)
            throws Exception;

    /** Called on every timer of the host after the inputs due then were handled (deadlines, clean-up). */
    protected void afterInputs(long timestamp, String key, Collector<AlertEvent> out)
            throws Exception {}
}
