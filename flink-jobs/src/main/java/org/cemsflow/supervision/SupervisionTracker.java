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
import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;
import org.cemsflow.time.LocalTimes;

/**
 * The supervision orders of one unit (key: unit_id): every alert on the order channel opens an order
 * with the alert's deadline; an answer by the deadline closes it ANSWERED, a later one
 * ANSWERED_LATE; an order still unanswered when its deadline passes (in event time) is OVERDUE,
 * raises FEEDBACK_OVERDUE, and counts against the unit in that calendar year: the 1st count
 * raises ESCALATION at level REMINDER, the 2nd WARNING, the 3rd and later INTERVIEW. A late answer
 * does not undo the count; a duplicate answer changes nothing; a retracted alert's open order is
 * RETRACTED. Answers travel: overdue is decided only {@code transport-grace} of event time after
 * the deadline, so an answer stamped by the deadline that arrives within it counts as in time; one
 * that arrives later still does, but then retracts the FEEDBACK_OVERDUE and ESCALATION it caused
 * (RETRACTED events), takes the order out of the unit's count and moves the unit's later overdue
 * orders of that year one rung down the ladder. Deadlines whose grace ends after
 * {@code eventTimeEnd} do not pass (a local run's T_end). Every change is an event on the alert
 * topic under the order's alert id, and a new order row (next version). Closed orders and past
 * years' counts are dropped after the retention.
 */
public class SupervisionTracker extends SupervisionOrderedFunction<AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Order> ORDERS =
            new OutputTag<>("orders", TypeInformation.of(Order.class));
    public static final String OVERDUE = "FEEDBACK_OVERDUE";
    public static final String ESCALATION = "ESCALATION";

    private final long answerMs;
    private final long retentionMs;
    private final long graceMs;
    private final long eventTimeEnd;
    private final TypeInformation<Order> stateType;

    private transient MapState<String, Order> orders;
    private transient MapState<Integer, Integer> overdueByYear;

    /**
     * @param answerMs deadline of the alerts this raises (detection + 12 h)
     * @param retentionMs how long a closed order is kept for late answers
     * @param graceMs how long after a deadline (event time) an answer stamped by it may still arrive
     * @param eventTimeEnd deadlines after this do not pass (Long.MAX_VALUE when streaming)
     */
    public SupervisionTracker(long answerMs, long retentionMs, long graceMs, long eventTimeEnd) {
        this(answerMs, retentionMs, graceMs, eventTimeEnd, OrderSerializer.TYPE);
    }

    /** With the orders kept as {@code stateType} writes them (tests: as earlier versions did). */
    SupervisionTracker(
            long answerMs,
            long retentionMs,
            long graceMs,
            long eventTimeEnd,
            TypeInformation<Order> stateType) {
        this.stateType = stateType;
        this.answerMs = answerMs;
        this.retentionMs = retentionMs;
        this.graceMs = graceMs;
        this.eventTimeEnd = eventTimeEnd;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        orders =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("orders", Types.STRING, stateType));
        overdueByYear =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("overdue-by-year", Types.INT, Types.INT));
    }

    /** True for the alerts that open orders: rule alerts on the order channel, not the workflow's own. */
    public static boolean opensOrder(Alert a) {
        return a.getChannel() == AlertChannel.ORDER
                && !a.getType().equals(OVERDUE)
                && !a.getType().equals(ESCALATION);
    }

    @Override
    protected void handle(List<SupervisionInput> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        for (SupervisionInput in : inputs) {
            if (in.alert != null) {
                onAlert(in.alert, ctx);
            } else {
                onAnswer(in.answer, ctx, out);
            }
        }
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
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
                ctx.timerService().registerEventTimeTimer(o.deadline + graceMs);
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
                    ctx.timerService()
                            .registerEventTimeTimer(
                                    Math.max(
                                            o.deadline + graceMs,
                                            ctx.timerService().currentWatermark() + 1));
                    save(o, ctx);
                }
            }
            default -> {} // the workflow's own events come from here
        }
    }

    private void onAnswer(Answer a, Context ctx, Collector<AlertEvent> out) throws Exception {
        Order o = orders.get(a.alertId);
        if (o == null || o.answeredAt != null) {
            return; // a duplicate answer, or one to an order long closed: idempotent
        }
        o.answeredAt = a.answeredAt;
        o.verdict = a.verdict;
        boolean inTime = a.answeredAt <= o.deadline;
        if (o.state == Order.State.OPEN) {
            o.state = inTime ? Order.State.ANSWERED : Order.State.ANSWERED_LATE;
        } else if (o.state == Order.State.OVERDUE) {
            // answered late, the overdue counts; answered in time but delivered after the grace, it
            // does not
            o.state = inTime ? Order.State.ANSWERED : Order.State.ANSWERED_LATE;
        }
        event(
                o,
                AlertEventType.ANSWERED,
                a.answeredAt,
                Json.object()
                        .put("verdict", a.verdict)
                        .put("by", a.by)
                        .put("text", a.text)
                        .time("answered_at", a.answeredAt),
                out);
        if (inTime && o.overdueRank > 0) {
            uncount(o, a.answeredAt, ctx, out);
        }
        save(o, ctx);
    }

    /**
     * Takes an order that was answered in time out of the unit's overdue count: its FEEDBACK_OVERDUE
     * and ESCALATION are retracted, and each later overdue order of the same year moves one rung
     * down (its escalation at the old level retracted, one at the new level opened), as if the
     * answer had arrived in time.
     */
    private void uncount(Order o, long at, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        int year = yearOf(o.deadline);
        int rank = o.overdueRank;
        out.collect(retracted(overdueAlert(o), at));
        out.collect(retracted(escalationAlert(o, rank), at));
        o.overdueRank = 0;
        o.escalationLevel = null;
        Integer count = overdueByYear.get(year);
        if (count != null) {
            overdueByYear.put(year, Math.max(0, count - 1));
        }
        List<Order> later = new ArrayList<>();
        for (Order other : orders.values()) {
            if (other.overdueRank > rank && yearOf(other.deadline) == year) {
                later.add(other);
            }
        }
        later.sort((x, y) -> Integer.compare(x.overdueRank, y.overdueRank));
        for (Order other : later) {
            String before = level(other.overdueRank);
            other.overdueRank--;
            other.escalationLevel = level(other.overdueRank);
            if (!before.equals(other.escalationLevel)) {
                out.collect(retracted(escalationAlert(other, other.overdueRank + 1), at));
                out.collect(opened(escalationAlert(other, other.overdueRank)));
                event(
                        other,
                        AlertEventType.ESCALATED,
                        at,
                        Json.object()
                                .put("level", other.escalationLevel)
                                .put(
                                        "escalation_id",
                                        escalationAlert(other, other.overdueRank).getAlertId()),
                        out);
            }
            save(other, ctx);
        }
    }

    private static int yearOf(long t) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(t), LocalTimes.UTC8).getYear();
    }

    /** The rung of the ladder for the n-th overdue order of a year: reminder, warning, interview. */
    static String level(int n) {
        return n == 1 ? "REMINDER" : n == 2 ? "WARNING" : "INTERVIEW";
    }

    private Alert overdueAlert(Order o) {
        return workflowAlert(
                OVERDUE,
                o,
                o.alert.getWindowStart(),
                o.alert.getWindowEnd(),
                null,
                orderJson(o),
                "warning",
                o.alertId);
    }

    private Alert escalationAlert(Order o, int rank) {
        int year = yearOf(o.deadline);
        String lvl = level(rank);
        String ladder =
                Json.object()
                        .put("level", lvl)
                        .put("count", (long) rank)
                        .put("year", (long) year)
                        .put("order_id", o.alertId)
                        .toString();
        return workflowAlert(
                ESCALATION,
                o,
                o.deadline,
                o.deadline,
                (double) rank,
                ladder,
                rank == 1 ? "warning" : rank == 2 ? "high" : "critical",
                lvl,
                o.alertId);
    }

    private void passDeadlines(long now, Context ctx, Collector<AlertEvent> out) throws Exception {
        List<Order> due = new ArrayList<>();
        for (Order o : orders.values()) {
            // unanswered, or answered after the deadline (within the grace): overdue either way
            boolean late =
                    o.state == Order.State.OPEN
                            || (o.state == Order.State.ANSWERED_LATE && o.overdueRank == 0);
            if (late && o.deadline + graceMs <= now) {
                due.add(o);
            }
        }
        due.sort(
                (a, b) ->
                        a.deadline != b.deadline
                                ? Long.compare(a.deadline, b.deadline)
                                : a.alertId.compareTo(b.alertId));
        for (Order o : due) {
            if (o.state == Order.State.OPEN) {
                o.state = Order.State.OVERDUE;
            }
            int year = yearOf(o.deadline);
            Integer before = overdueByYear.get(year);
            int count = before == null ? 1 : before + 1;
            overdueByYear.put(year, count);
            o.overdueRank = count;
            o.escalationLevel = level(count);
            event(
                    o,
                    AlertEventType.OVERDUE,
                    o.deadline,
                    Json.object().time("deadline", o.deadline),
                    out);
            out.collect(opened(overdueAlert(o)));
            Alert escalation = escalationAlert(o, count);
            out.collect(opened(escalation));
            event(
                    o,
                    AlertEventType.ESCALATED,
                    o.deadline,
                    Json.object()
                            .put("level", o.escalationLevel)
                            .put("escalation_id", escalation.getAlertId()),
                    out);
            save(o, ctx);
        }
    }

    private Alert workflowAlert(
            String type,
            Order o,
            long windowStart,
            long windowEnd,
            Double value,
            String evidence,
            String severity,
            String... idParts) {
        Alert src = o.alert;
        boolean perOrder = type.equals(OVERDUE);
        String point = perOrder ? src.getPointId() : null;
        String pollutant = perOrder ? src.getPollutant() : null;
        return AlertFactory.alert(
                AlertIds.alertId(type, o.unitId, point, pollutant, windowStart, idParts),
                type,
                severity,
                o.unitId,
                point,
                perOrder ? src.getMn() : null,
                pollutant,
                windowStart,
                windowEnd,
                value,
                null,
                o.deadline,
                o.deadline + answerMs,
                evidence);
    }

    private static String orderJson(Order o) {
        return Json.object()
                .put("order_id", o.alertId)
                .put("unit_id", o.unitId)
                .time("opened_at", o.openedAt)
                .time("deadline", o.deadline)
                .put("state", o.state.name())
                .raw("alert", AlertJson.alert(o.alert))
                .toString();
    }

    private static AlertEvent retracted(Alert a, long at) {
        return AlertFactory.event(AlertEventType.RETRACTED, 2, at, a);
    }

    private static AlertEvent opened(Alert a) {
        return AlertFactory.opened(a);
    }

    /** An event of the order on the alert topic, under the order's alert id; evidence says what changed. */
    private static void event(
            Order o, AlertEventType type, long at, Json detail, Collector<AlertEvent> out) {
        o.sequence++;
        Alert copy = Alert.newBuilder(o.alert).build();
        copy.setEvidence(
                Json.object()
                        .raw("order", orderJson(o))
                        .raw("change", detail.toString())
                        .raw("alert_evidence", o.alert.getEvidence())
                        .toString());
        out.collect(
                new AlertEvent(
                        AlertIds.eventId(o.alertId, "order-" + type.name(), o.sequence),
                        o.alertId,
                        type,
                        o.sequence,
                        at,
                        copy));
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
        int thisYear =
                LocalDateTime.ofInstant(
                                Instant.ofEpochMilli(Math.max(0, Math.min(now, 253402300799000L))),
                                LocalTimes.UTC8)
                        .getYear();
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
