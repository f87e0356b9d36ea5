package org.cemsflow.supervision;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.protocol.RejectReason;

/**
 * Per alert (key: alert_id): learns the unit of each rule alert and routes answers to it, so the
 * supervision tracker can be keyed by unit. Inputs are taken in event-time order: an answer given
 * before its alert existed, or to an alert that never existed, is an UNKNOWN_ALERT dead letter.
 * The alert's unit is forgotten after the answer retention past its deadline.
 */
public class AnswerRouter extends SupervisionOrderedFunction<SupervisionInput> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> REJECTED =
            new OutputTag<>("rejected-answers", TypeInformation.of(RejectedFrame.class));

    private final long retentionMs;
    private transient ValueState<String> unit;
    private transient ValueState<Long> forgetAt;

    public AnswerRouter(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        unit = getRuntimeContext().getState(new ValueStateDescriptor<>("alert-unit", Types.STRING));
        forgetAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("forget-at", Types.LONG));
    }

    @Override
    protected void handle(
            List<SupervisionInput> inputs, Context ctx, Collector<SupervisionInput> out)
            throws Exception {
        route(inputs, ctx, out);
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<SupervisionInput> out)
            throws Exception {
        Long forget = forgetAt.value();
        if (forget != null && timestamp >= forget) {
            unit.clear();
            forgetAt.clear();
        }
    }

    private void route(List<SupervisionInput> inputs, Context ctx, Collector<SupervisionInput> out)
            throws Exception {
        for (SupervisionInput in : inputs) {
            if (in.alert != null) {
                if (in.alert.getEvent() == AlertEventType.OPENED) {
                    unit.update(in.unitId);
                    long forget = in.alert.getAlert().getDeadline() + retentionMs;
                    forgetAt.update(forget);
                    ctx.timerService().registerEventTimeTimer(forget);
                }
                out.collect(in);
            } else if (unit.value() == null) {
                Answer a = in.answer;
                ctx.output(
                        REJECTED,
                        new RejectedFrame(
                                RejectReason.UNKNOWN_ALERT.name(),
                                "no alert "
                                        + a.alertId
                                        + " at "
                                        + org.cemsflow.time.LocalTimes.iso(a.answeredAt),
                                a.raw,
                                a.source,
                                null,
                                a.answeredAt,
                                null));
            } else {
                in.unitId = unit.value();
                out.collect(in);
            }
        }
    }
}
