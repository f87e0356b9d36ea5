package org.cemsflow.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.time.EventTimeOrderedFunction;
import org.cemsflow.time.LocalTimes;

/**
 * A keyed operator that runs several correlation rules over the same inputs, in event-time order:
 * one shuffle and one event-time buffer instead of one per rule. Each rule keeps its own state.
 * The host's inputs (IN) become the rules' inputs (R) by {@link #ruleInputs}. A key without
 * inputs for {@code correlation.idle-retention} of event time (a device or unit taken out of
 * service) is forgotten: every rule's state and the host's own go, so state stays bounded by the
 * devices and units that are alive.
 */
public abstract class RuleHost<IN, R> extends EventTimeOrderedFunction<String, IN, AlertEvent> {
    private static final long serialVersionUID = 1L;

    private final List<CorrelationRule<R>> rules = new ArrayList<>();
    private final long idleMs;

    /** Event time of the latest input of the key (a host that keeps it elsewhere moves it there). */
    transient ValueState<Long> lastInput;

    protected RuleHost(TypeInformation<IN> inputType, CorrelationParams params) {
        super(inputType);
        this.idleMs = params.idleRetentionMs();
    }

    /** Adds the rule when its type is among the enabled ones. */
    protected final void add(CorrelationRule<R> rule, Set<String> enabled) {
        if (enabled.contains(rule.type())) {
            rules.add(rule);
        }
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        lastInput =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-input", Types.LONG));
        for (CorrelationRule<R> r : rules) {
            r.open(getRuntimeContext());
        }
    }

    /** What the rules see of inputs of {@code key} that are due. */
    protected abstract List<R> ruleInputs(String key, List<IN> inputs) throws Exception;

    /** Before the rules see inputs (state they share). */
    protected void beforeRules(List<R> inputs) throws Exception {}

    /** After the rules saw inputs (what the host passes on). */
    protected void afterRules(List<IN> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {}

    /** Forgets the host's own state of an idle key. */
    protected void clearHostState() throws Exception {}

    @Override
    protected final void handle(List<IN> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        List<R> ruleInputs = ruleInputs(ctx.getCurrentKey(), inputs);
        beforeRules(ruleInputs);
        for (CorrelationRule<R> r : rules) {
            r.handle(ruleInputs, ctx.getCurrentKey(), ctx.timerService(), out);
        }
        afterRules(inputs, ctx, out);
        long latest = Long.MIN_VALUE;
        for (IN in : inputs) {
            latest = Math.max(latest, timeOf(in));
        }
        long before = advance(latest);
        if (before == NO_INPUT || latest > before) {
            // one idle check a day at most, whatever the input rate. Its timer is registered
            // again only when it moves to another day, or when it is due already (Flink keeps one
            // timer per key and instant: registering one still pending changes nothing, and each
            // registration is a look-up in the timer queue)
            long check = idleCheck(latest);
            if (before == NO_INPUT
                    || idleCheck(before) != check
                    || check <= ctx.timerService().currentWatermark()) {
                ctx.timerService().registerEventTimeTimer(check);
            }
        }
    }

    /** When the idle check after an input at {@code t} is due: the end of the day it falls in. */
    private long idleCheck(long t) {
        return LocalTimes.dayStart(t + idleMs) + LocalTimes.DAY_MS;
    }

    /** {@link #advance}'s answer for a key without inputs so far. */
    protected static final long NO_INPUT = Long.MIN_VALUE;

    /**
     * Records {@code latest} as the key's latest input time when it is later than the one kept,
     * at the end of a call that handled inputs. A host may keep that time in a value of its own,
     * with what its {@link #ruleInputs} kept open, for one state access per call instead of two.
     *
     * @return the latest input time kept before ({@link #NO_INPUT}: none); the idle check moves
     *     when {@code latest} is later
     */
    protected long advance(long latest) throws Exception {
        Long last = lastInput.value();
        if (last == null || latest > last) {
            lastInput.update(latest);
        }
        return last == null ? NO_INPUT : last;
    }

    /** The key's latest input time as {@link #advance} kept it; null when none. */
    protected Long lastInput() throws Exception {
        return lastInput.value();
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        for (CorrelationRule<R> r : rules) {
            r.afterInputs(timestamp, ctx.getCurrentKey(), out);
        }
        Long last = lastInput();
        if (last != null && timestamp >= last + idleMs) {
            for (CorrelationRule<R> r : rules) {
                r.clearState();
            }
            clearHostState();
            lastInput.clear();
        }
    }
}
