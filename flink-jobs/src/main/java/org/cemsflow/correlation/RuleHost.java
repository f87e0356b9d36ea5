package org.cemsflow.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.EventTimeOrderedFunction;

/**
 * A keyed operator that runs several correlation rules over the same inputs, in event-time order:
 * one shuffle and one event-time buffer instead of one per rule. Each rule keeps its own state.
 * The host's inputs (IN) become the rules' inputs (R) by {@link #ruleInputs}.
 */
public abstract class RuleHost<IN, R> extends EventTimeOrderedFunction<String, IN, AlertEvent> {
    private static final long serialVersionUID = 1L;

    private final List<CorrelationRule<R>> rules = new ArrayList<>();

    protected RuleHost(TypeInformation<IN> inputType) {
        super(inputType);
    }

    /** Adds the rule when its type is among the enabled ones. */
    protected final void add(CorrelationRule<R> rule, Set<String> enabled) {
        if (enabled.contains(rule.type())) {
            rules.add(rule);
        }
    }

    public final boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        for (CorrelationRule<R> r : rules) {
            r.open(getRuntimeContext());
        }
    }

    /** What the rules see of inputs that are due. */
    protected abstract List<R> ruleInputs(List<IN> inputs);

    @Override
    protected void handle(List<IN> inputs, Context ctx, Collector<AlertEvent> out) throws Exception {
        handleRules(ruleInputs(inputs), ctx, out);
    }

    protected final void handleRules(List<R> inputs, Context ctx, Collector<AlertEvent> out) throws Exception {
        for (CorrelationRule<R> r : rules) {
            r.handle(inputs, ctx.getCurrentKey(), ctx.timerService(), out);
        }
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
        for (CorrelationRule<R> r : rules) {
            r.afterInputs(timestamp, ctx.getCurrentKey(), out);
        }
    }
}
