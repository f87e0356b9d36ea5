package org.cemsflow.supervision;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.ExceedanceOptions;
import org.cemsflow.config.SupervisionOptions;
import org.cemsflow.time.WatermarkShift;

/**
 * Rule alerts, answers and reviews to the three channels: orders (with their answers, overdue and
 * escalation: FEEDBACK_OVERDUE, ESCALATION), leads (with their reviews); notices need nothing more
 * than the alert itself.
 */
public final class SupervisionPipeline {
    private SupervisionPipeline() {}

    public record Outputs(
            DataStream<AlertEvent> events,
            DataStream<Order> orders,
            DataStream<Lead> leads,
            DataStream<RejectedFrame> rejected) {}

    /**
     * @param ruleAlerts lifecycle events of rule alerts (exceedance, quota, correlation)
     * @param eventTimeEnd deadlines after this do not pass (Long.MAX_VALUE when streaming)
     */
    public static Outputs define(
            DataStream<AlertEvent> ruleAlerts,
            DataStream<Answer> answers,
            DataStream<Review> reviews,
            CemsflowSettings settings,
            long eventTimeEnd) {
        long retention = settings.get(SupervisionOptions.ANSWER_RETENTION).toMillis();
        SingleOutputStreamOperator<SupervisionInput> routed =
                ruleAlerts
                        .filter(e -> SupervisionTracker.opensOrder(e.getAlert()))
                        .name("Alerts that open orders")
                        .map(SupervisionInput::alert)
                        .returns(TypeInformation.of(SupervisionInput.class))
                        .name("Alerts to orders")
                        .union(
                                answers.map(SupervisionInput::answer)
                                        .returns(TypeInformation.of(SupervisionInput.class))
                                        .name("Answers to orders"))
                        .keyBy(SupervisionInput::alertId)
                        .process(new AnswerRouter(retention))
                        .returns(TypeInformation.of(SupervisionInput.class))
                        .uid("answer-router")
                        .name("Route answers to their unit");
        SingleOutputStreamOperator<AlertEvent> events =
                routed.keyBy(in -> in.unitId)
                        .process(
                                new SupervisionTracker(
                                        settings.get(ExceedanceOptions.ANSWER_DEADLINE).toMillis(),
                                        retention,
                                        settings.get(SupervisionOptions.TRANSPORT_GRACE).toMillis(),
                                        eventTimeEnd))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("supervision-orders")
                        .name("Supervision orders and escalation");
        // leads come from the unit rules too, decided once every device can have arrived: their
        // reviews wait as long, so that a review never comes before the lead it is about
        Duration settle = settings.get(AggregationOptions.ALLOWED_LATENESS);
        DataStream<SupervisionInput> leadInputs =
                ruleAlerts
                        .filter(e -> e.getAlert().getChannel() == AlertChannel.LEAD)
                        .name("Leads")
                        .map(SupervisionInput::alert)
                        .returns(TypeInformation.of(SupervisionInput.class))
                        .name("Alerts to leads")
                        .union(
                                reviews.map(SupervisionInput::review)
                                        .returns(TypeInformation.of(SupervisionInput.class))
                                        .name("Reviews to leads"));
        SingleOutputStreamOperator<AlertEvent> leadEvents =
                WatermarkShift.settle(leadInputs, settle, "leads-settle")
                        .keyBy(SupervisionInput::alertId)
                        .process(new LeadTracker(retention))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("supervision-leads")
                        .name("Leads and their reviews");
        return new Outputs(
                events.union(WatermarkShift.resume(leadEvents, settle, "leads-resume")),
                events.getSideOutput(SupervisionTracker.ORDERS),
                leadEvents.getSideOutput(LeadTracker.LEADS),
                routed.getSideOutput(AnswerRouter.REJECTED)
                        .union(leadEvents.getSideOutput(LeadTracker.REJECTED)));
    }
}
