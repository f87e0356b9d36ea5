package org.cemsflow.supervision;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.alerts.Json;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.config.LocalTimes;

/**
 * The supervision orders of one unit (key: unit_id), DOMAIN.md 1: every rule alert opens an order
 * with the alert's deadline; an answer by the deadline closes it ANSWERED, a later one
 * ANSWERED_LATE; an order still unanswered when its deadline passes (in event time) is OVERDUE,
 * raises FEEDBACK_OVERDUE, and counts against the unit in that calendar year: the 1st count
 * raises ESCALATION at level REMINDER, the 2nd WARNING, the 3rd and later INTERVIEW. A late answer
 * does not undo the count; a duplicate answer changes nothing; a retracted alert's open order is
 * RETRACTED. Deadlines after {@code eventTimeEnd} do not pass (a local run's T_end). Every change
 * is an event on the alert topic under the order's alert id, and a new order row (next version).
 * Closed orders and past years' counts are dropped after the retention.
 */
public class SupervisionTracker extends SupervisionOrderedFunction<AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Order> ORDERS = new OutputTag<>("orders", TypeInformation.of(Order.class));
    public static final String OVERDUE = "FEEDBACK_OVERDUE";
    public static final String ESCALATION = "ESCALATION";
    static final String OVERDUE_CLAUSE = "Inner Mongolia 2021: the unit must verify and answer an alert within 12 hours";
    static final String ESCALATION_CLAUSE =
            "Inner Mongolia 2021: units that do not answer get a reminder the 1st time, a warning the 2nd, an interview the 3rd";

    private final long answerMs;
    private final long retentionMs;
    private final long eventTimeEnd;

    private transient MapState<String, Order> orders;
    private transient MapState<Integer, Integer> overdueByYear;

    /**
     * @param answerMs deadline of the alerts this raises (detection + 12 h)
     * @param retentionMs how long a closed order is kept for late answers
     * @param eventTimeEnd deadlines after this do not pass (Long.MAX_VALUE when streaming)
     */
    public SupervisionTracker(long answerMs, long retentionMs, long eventTimeEnd) {
        this.answerMs = answerMs;
        this.retentionMs = retentionMs;
        this.eventTimeEnd = eventTimeEnd;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        orders = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("orders", Types.STRING, TypeInformation.of(Order.class)));
        overdueByYear = getRuntimeContext().getMapState(new MapStateDescriptor<>("overdue-by-year", Types.INT, Types.INT));
    }

    /** True for the alerts that open orders: rule alerts, not the workflow's own. */
    public static boolean opensOrder(Alert a) {
        return !a.getType().equals(OVERDUE) && !a.getType().equals(ESCALATION);
    }

    @Override
    protected void handle(List<SupervisionInput> inputs, Context ctx, Collector<AlertEvent> out) throws Exception {
        for (SupervisionInput in : inputs) {
            if (in.alert != null) {
                onAlert(in.alert, ctx);
            } else {
                onAnswer(in.answer, ctx, out);
            }
        }
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
        if (timestamp <= eventTimeEnd) {
            passDeadlines(timestamp, ctx, out);
        }
        expire(timestamp);
    }

    private void onAlert(AlertEvent e, Context ctx) throws Exception {
        Order o = orders.get(e.getAlertId());
        switch (e.getEvent()) {
            case OPENED -> {
                if (o != null) {
                    return; // a replayed opening
                }
                o = new Order();
                o.alertId = e.getAlertId();
                o.unitId = ctx.getCurrentKey();
                o.openedAt = e.getAt();
                o.deadline = e.getAlert().getDeadline();
                o.state = Order.State.OPEN;
                o.alert = e.getAlert();
                ctx.timerService().registerEventTimeTimer(o.deadline);
                save(o, ctx);
            }
            case UPDATED -> {
                if (o != null) {
                    o.alert = e.getAlert();
                    save(o, ctx);
                }
            }
            case RETRACTED -> {
                if (o != null && o.state == Order.State.OPEN) {
                    o.state = Order.State.RETRACTED;
                    o.alert = e.getAlert();
                    save(o, ctx);
                }
            }
            case REOPENED -> {
                if (o != null && o.state == Order.State.RETRACTED) {
                    o.state = Order.State.OPEN;
                    o.alert = e.getAlert();
                    ctx.timerService().registerEventTimeTimer(Math.max(o.deadline, ctx.timerService().currentWatermark() + 1));
                    save(o, ctx);
                }
            }
            default -> { } // the workflow's own events come from here
        }
    }

    private void onAnswer(Answer a, Context ctx, Collector<AlertEvent> out) throws Exception {
        Order o = orders.get(a.alertId);
        if (o == null || o.answeredAt != null) {
            return; // a duplicate answer, or one to an order long closed: idempotent
        }
        o.answeredAt = a.answeredAt;
        o.verdict = a.verdict;
        if (o.state == Order.State.OPEN) {
            o.state = a.answeredAt <= o.deadline ? Order.State.ANSWERED : Order.State.ANSWERED_LATE;
        } else if (o.state == Order.State.OVERDUE) {
            o.state = Order.State.ANSWERED_LATE; // closes the order; the overdue still counts
        }
        event(o, AlertEventType.ANSWERED, a.answeredAt,
                Json.object().put("verdict", a.verdict).put("by", a.by).put("text", a.text).time("answered_at", a.answeredAt),
                out);
        save(o, ctx);
    }

    private void passDeadlines(long now, Context ctx, Collector<AlertEvent> out) throws Exception {
        List<Order> due = new ArrayList<>();
        for (Order o : orders.values()) {
            if (o.state == Order.State.OPEN && o.answeredAt == null && o.deadline <= now) {
                due.add(o);
            }
        }
        due.sort((a, b) -> a.deadline != b.deadline ? Long.compare(a.deadline, b.deadline) : a.alertId.compareTo(b.alertId));
        for (Order o : due) {
            o.state = Order.State.OVERDUE;
            int year = LocalDateTime.ofInstant(Instant.ofEpochMilli(o.deadline), LocalTimes.UTC8).getYear();
            Integer before = overdueByYear.get(year);
            int count = before == null ? 1 : before + 1;
            overdueByYear.put(year, count);
            o.escalationLevel = count == 1 ? "REMINDER" : count == 2 ? "WARNING" : "INTERVIEW";
            event(o, AlertEventType.OVERDUE, o.deadline, Json.object().time("deadline", o.deadline), out);
            Alert overdue = workflowAlert(OVERDUE, o, o.alert.getWindowStart(), o.alert.getWindowEnd(), null,
                    OVERDUE_CLAUSE, orderJson(o), "warning", o.alertId);
            out.collect(opened(overdue));
            String ladder = Json.object().put("level", o.escalationLevel).put("count", (long) count).put("year", (long) year)
                    .put("order_id", o.alertId).toString();
            Alert escalation = workflowAlert(ESCALATION, o, o.deadline, o.deadline, (double) count, ESCALATION_CLAUSE,
                    ladder, count == 1 ? "warning" : count == 2 ? "high" : "critical", o.escalationLevel);
            out.collect(opened(escalation));
            event(o, AlertEventType.ESCALATED, o.deadline, Json.object().put("level", o.escalationLevel)
                    .put("escalation_id", escalation.getAlertId()), out);
            save(o, ctx);
        }
    }

    private Alert workflowAlert(String type, Order o, long windowStart, long windowEnd, Double value, String rule,
                                String evidence, String severity, String idPart) {
        Alert src = o.alert;
        boolean perOrder = type.equals(OVERDUE);
        Alert a = new Alert();
        a.setType(type);
        a.setUnitId(o.unitId);
        a.setPointId(perOrder ? src.getPointId() : null);
        a.setMn(perOrder ? src.getMn() : null);
        a.setPollutant(perOrder ? src.getPollutant() : null);
        a.setAlertId(AlertIds.alertId(type, o.unitId, a.getPointId(), a.getPollutant(), windowStart, idPart));
        a.setSeverity(severity);
        a.setWindowStart(windowStart);
        a.setWindowEnd(windowEnd);
        a.setValue(value);
        a.setLimit(null);
        a.setDetectedAt(o.deadline);
        a.setDeadline(o.deadline + answerMs);
        a.setRule(rule);
        a.setEvidence(evidence);
        return a;
    }

    private static String orderJson(Order o) {
        return Json.object().put("order_id", o.alertId).put("unit_id", o.unitId).time("opened_at", o.openedAt)
                .time("deadline", o.deadline).put("state", o.state.name()).raw("alert", AlertJson.alert(o.alert)).toString();
    }

    private static AlertEvent opened(Alert a) {
        return new AlertEvent(AlertIds.eventId(a.getAlertId(), AlertEventType.OPENED.name(), 1), a.getAlertId(),
                AlertEventType.OPENED, 1, a.getDetectedAt(), a);
    }

    /** An event of the order on the alert topic, under the order's alert id; evidence says what changed. */
    private static void event(Order o, AlertEventType type, long at, Json detail, Collector<AlertEvent> out) {
        o.sequence++;
        Alert copy = Alert.newBuilder(o.alert).build();
        copy.setEvidence(Json.object().raw("order", orderJson(o)).raw("change", detail.toString())
                .raw("alert_evidence", o.alert.getEvidence()).toString());
        out.collect(new AlertEvent(AlertIds.eventId(o.alertId, "order-" + type.name(), o.sequence), o.alertId, type,
                o.sequence, at, copy));
    }

    private void save(Order o, Context ctx) throws Exception {
        o.version++;
        orders.put(o.alertId, o);
        ctx.output(ORDERS, o);
        // when a closed order may be dropped (registering the same instant twice is one timer)
        ctx.timerService().registerEventTimeTimer(o.deadline + retentionMs);
    }

    private void expire(long now) throws Exception {
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, Order> e : orders.entries()) {
            Order o = e.getValue();
            if (o.state != Order.State.OPEN && o.deadline + retentionMs <= now) {
                closed.add(e.getKey());
            }
        }
        for (String k : closed) {
            orders.remove(k);
        }
        int thisYear = LocalDateTime.ofInstant(Instant.ofEpochMilli(Math.max(0, Math.min(now, 253402300799000L))),
                LocalTimes.UTC8).getYear();
        List<Integer> past = new ArrayList<>();
        for (Integer y : overdueByYear.keys()) {
            if (y < thisYear - 1) {
                past.add(y);
            }
        }
        for (Integer y : past) {
            overdueByYear.remove(y);
        }
    }
}
