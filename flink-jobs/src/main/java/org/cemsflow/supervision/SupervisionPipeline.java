package org.cemsflow.supervision;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;

/** Rule alerts and answers to orders, workflow events and alerts (FEEDBACK_OVERDUE, ESCALATION). */
public final class SupervisionPipeline {
    private SupervisionPipeline() {}

    public record Outputs(DataStream<AlertEvent> events, DataStream<Order> orders, DataStream<RejectedFrame> rejected) {}

    /**
     * @param ruleAlerts lifecycle events of rule alerts (exceedance, quota, correlation)
     * @param eventTimeEnd deadlines after this do not pass (Long.MAX_VALUE when streaming)
     */
    public static Outputs define(DataStream<AlertEvent> ruleAlerts, DataStream<Answer> answers, CemsflowSettings settings,
                                 long eventTimeEnd) {
        long retention = settings.duration("supervision.answer-retention").toMillis();
        SingleOutputStreamOperator<SupervisionInput> routed = ruleAlerts
                .filter(e -> SupervisionTracker.opensOrder(e.getAlert())).name("Alerts that open orders")
                .map(SupervisionInput::alert).returns(TypeInformation.of(SupervisionInput.class)).name("Alerts to orders")
                .union(answers.map(SupervisionInput::answer).returns(TypeInformation.of(SupervisionInput.class))
                        .name("Answers to orders"))
                .keyBy(SupervisionInput::alertId)
                .process(new AnswerRouter(retention))
                .returns(TypeInformation.of(SupervisionInput.class))
                .uid("answer-router")
                .name("Route answers to their unit");
        SingleOutputStreamOperator<AlertEvent> events = routed
                .keyBy(in -> in.unitId)
                .process(new SupervisionTracker(settings.duration("alerts.answer-deadline").toMillis(), retention,
                        settings.duration("supervision.transport-grace").toMillis(), eventTimeEnd))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("supervision-orders")
                .name("Supervision orders and escalation");
        return new Outputs(events, events.getSideOutput(SupervisionTracker.ORDERS), routed.getSideOutput(AnswerRouter.REJECTED));
    }
}
