package org.cemsflow.time;

import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed function that sees its inputs in event-time order (see {@link EventTimeBuffer}): each
 * input is handled when the watermark reaches its time, inputs behind the watermark at once, so
 * the output does not depend on how the input channels interleave. Subclasses say how to read an
 * input's time and what to do with the inputs that are due.
 */
public abstract class EventTimeOrderedFunction<K, IN, OUT> extends KeyedProcessFunction<K, IN, OUT>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final String BUCKETS = "event-time-buffer";

    private final TypeInformation<IN> inputType;
    private transient OrderedInputs<IN> ordered;
    private transient boolean restored;

    protected EventTimeOrderedFunction(TypeInformation<IN> inputType) {
        this.inputType = inputType;
    }

    /** Event time of an input. */
    protected abstract long timeOf(IN in);

    /** Order of inputs at the same instant. */
    protected Comparator<IN> tieBreak() {
        return (a, b) -> 0;
    }

    /** Handles inputs that are due, in event-time order. */
    protected abstract void handle(List<IN> inputs, Context ctx, Collector<OUT> out)
            throws Exception;

    /** Called on every timer after the inputs due then were handled (deadlines, clean-up). */
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<OUT> out)
            throws Exception {}

    /**
     * Whether inputs are handled as they arrive instead of in event-time order: for a key whose
     * inputs come in a fixed order of their own (one device's frames on one partition), where
     * waiting for the watermark would only hold an hour of inputs in state.
     */
    protected boolean inArrivalOrder() {
        return false;
    }

    /**
     * Whether an input is a side update (reference data) that this call applied as it arrived,
     * outside event time: it neither waits nor reaches {@link #handle}.
     */
    protected boolean atOnce(IN in) throws Exception {
        return false;
    }

    /**
     * A chance to look at an input as it arrives, before it waits for its time (keyed state is the
     * input's key's): what it leaves out while waiting, {@link #leave} puts back.
     */
    protected IN arrive(IN in, Context ctx) throws Exception {
        return in;
    }

    /**
     * An input as it leaves the wait (or does not wait), before the due ones are ordered; keyed
     * state is the input's key's. Undoes {@link #arrive}.
     */
    protected IN leave(IN in) {
        return in;
    }

    /**
     * The serializer of a key's waiting inputs as one list ({@link EventTimeQueue}: one value and
     * one timer per key), or null for a bucket and a timer per instant ({@link EventTimeBuffer}).
     * The queue suits a key with hours of inputs waiting; it takes over what an earlier version
     * left in buckets.
     */
    protected TypeSerializer<List<IN>> queueSerializer() {
        return null;
    }

    /** Whether inputs of the current key wait for their time. */
    protected final boolean waiting() throws Exception {
        return !ordered.isEmpty();
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) {
        restored = ctx.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {}

    @Override
    public void open(OpenContext ctx) throws Exception {
        TypeSerializer<List<IN>> queue = queueSerializer();
        ordered =
                queue == null
                        ? EventTimeBuffer.of(
                                getRuntimeContext(),
                                BUCKETS,
                                inputType,
                                this::timeOf,
                                tieBreak(),
                                this::leave)
                        : EventTimeQueue.of(
                                getRuntimeContext(),
                                "event-time-queue",
                                queue,
                                this::timeOf,
                                tieBreak(),
                                this::leave,
                                BUCKETS,
                                inputType,
                                restored);
    }

    @Override
    public final void processElement(IN in, Context ctx, Collector<OUT> out) throws Exception {
        if (atOnce(in)) {
            return;
        }
        ordered.atKey(ctx.getCurrentKey());
        IN arrived = arrive(in, ctx);
        if (inArrivalOrder() || ordered.offer(arrived, ctx.timerService())) {
            handle(List.of(leave(arrived)), ctx, out);
        }
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out)
            throws Exception {
        ordered.atKey(ctx.getCurrentKey());
        List<IN> due = ordered.due(timestamp, ctx.timerService());
        if (!due.isEmpty()) {
            handle(due, ctx, out);
        }
        afterInputs(timestamp, ctx, out);
    }
}
