package org.cemsflow.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The supervision workflow (12-hour answer, overdue, escalation ladder) on the order tracker, with its state and timers. */
class SupervisionTrackerTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-03-01T10:00:00+08:00");
    static final long RETENTION = 720 * H;
    static final long GRACE = 15 * 60_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> harness(
            long end) throws Exception {
        var h =
                Harnesses.keyed(
                        new SupervisionTracker(12 * H, RETENTION, GRACE, end),
                        (SupervisionInput in) -> in.unitId);
        h.open();
        return h;
    }

    static AlertEvent opened(String unit, long detectedAt) {
        Alert a = new Alert();
        a.setChannel(org.cemsflow.avro.AlertChannel.ORDER);
        a.setType("EXCEEDANCE_3H");
        a.setSeverity("high");
        a.setUnitId(unit);
        a.setPointId("stack-1");
        a.setMn("STACK");
        a.setPollutant("a21026");
        a.setWindowStart(detectedAt - 3 * H);
        a.setWindowEnd(detectedAt);
        a.setValue(40.0);
        a.setLimit(35.0);
        a.setDetectedAt(detectedAt);
        a.setDeadline(detectedAt + 12 * H);
        a.setRule("test");
        a.setEvidence("{}");
        a.setAlertId(AlertIds.alertId(a.getType(), unit, "stack-1", "a21026", a.getWindowStart()));
        return new AlertEvent(
                "e-" + a.getAlertId(), a.getAlertId(), AlertEventType.OPENED, 1, detectedAt, a);
    }

    static SupervisionInput answer(AlertEvent alert, long at) {
        Answer a = new Answer();
        a.alertId = alert.getAlertId();
        a.answeredAt = at;
        a.verdict = "confirmed";
        a.by = "unit";
        a.raw = "{}";
        a.source = "test";
        SupervisionInput in = SupervisionInput.answer(a);
        in.unitId = alert.getAlert().getUnitId();
        return in;
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h,
            SupervisionInput in)
            throws Exception {
        h.processElement(new StreamRecord<>(in, in.time));
    }

    /** Sends the inputs, then the watermark. */
    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h,
            List<SupervisionInput> inputs,
            long watermark)
            throws Exception {
        for (SupervisionInput in : inputs) {
            send(h, in);
        }
        h.processWatermark(watermark);
    }

    /** The alert events put out so far, as text. */
    static List<String> events(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h) {
        return h.extractOutputValues().stream().map(AlertEvent::toString).toList();
    }

    static Order lastOrder(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h,
            String alertId) {
        Order last = null;
        for (StreamRecord<Order> r : h.getSideOutput(SupervisionTracker.ORDERS)) {
            if (r.getValue().alertId.equals(alertId)) {
                last = r.getValue();
            }
        }
        return last;
    }

    static List<String> types(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h) {
        return h.extractOutputValues().stream()
                .map(
                        e ->
                                e.getEvent() == AlertEventType.OPENED
                                        ? e.getAlert().getType()
                                        : e.getEvent().name())
                .collect(Collectors.toList());
    }

    @Test
    void anAnswerJustBeforeTheDeadlineClosesTheOrder() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        send(h, answer(alert, T0 + 12 * H));
        h.processWatermark(T0 + 13 * H);
        Order o = lastOrder(h, alert.getAlertId());
        assertEquals(Order.State.ANSWERED, o.state);
        assertEquals(T0 + 12 * H, o.answeredAt);
        assertEquals(List.of("ANSWERED"), types(h));
    }

    @Test
    void anAnswerJustAfterTheDeadlineIsLateAndTheOverdueCounts() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        send(h, answer(alert, T0 + 12 * H + 1));
        h.processWatermark(T0 + 13 * H);
        Order o = lastOrder(h, alert.getAlertId());
        assertEquals(Order.State.ANSWERED_LATE, o.state);
        assertEquals("REMINDER", o.escalationLevel, "the late answer does not undo the count");
        // the answer came within the grace, before overdue was decided: answered late, then overdue
        assertEquals(
                List.of("ANSWERED", "OVERDUE", "FEEDBACK_OVERDUE", "ESCALATION", "ESCALATED"),
                types(h));
        Alert overdue = h.extractOutputValues().get(2).getAlert();
        assertEquals(T0 + 12 * H, overdue.getDetectedAt());
        assertTrue(overdue.getEvidence().contains(alert.getAlertId()));
    }

    @Test
    void anAnswerStampedInTimeThatArrivesWithinTheGraceCountsAsInTime() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        h.processWatermark(
                T0 + 12 * H + GRACE - 1); // event time is past the deadline, within the grace
        assertEquals(List.of(), types(h), "overdue is not decided before the grace ends");
        send(h, answer(alert, T0 + 12 * H - 60_000)); // stamped a minute before, delivered late
        h.processWatermark(T0 + 20 * H);
        assertEquals(Order.State.ANSWERED, lastOrder(h, alert.getAlertId()).state);
        assertEquals(List.of("ANSWERED"), types(h));
    }

    @Test
    void anAnswerStampedInTimeThatArrivesAfterTheGraceRetractsTheOverdueAndCorrectsTheLadder()
            throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent first = opened("unit-1", T0);
        AlertEvent second = opened("unit-1", T0 + 2 * H);
        send(h, SupervisionInput.alert(first));
        send(h, SupervisionInput.alert(second));
        h.processWatermark(T0 + 20 * H); // both overdue: REMINDER, WARNING
        assertEquals("WARNING", lastOrder(h, second.getAlertId()).escalationLevel);
        int before = h.extractOutputValues().size();
        send(h, answer(first, T0 + 11 * H)); // answered in time, delivered nine hours late
        List<AlertEvent> after =
                h.extractOutputValues().subList(before, h.extractOutputValues().size());
        List<String> changes =
                after.stream()
                        .map(
                                e ->
                                        e.getAlert().getType()
                                                + " "
                                                + e.getEvent()
                                                + (e.getAlert().getType().equals("ESCALATION")
                                                        ? " " + e.getAlert().getValue()
                                                        : ""))
                        .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "EXCEEDANCE_3H ANSWERED",
                        "FEEDBACK_OVERDUE RETRACTED",
                        "ESCALATION RETRACTED 1.0",
                        "ESCALATION RETRACTED 2.0",
                        "ESCALATION OPENED 1.0",
                        "EXCEEDANCE_3H ESCALATED"),
                changes);
        Order o = lastOrder(h, first.getAlertId());
        assertEquals(Order.State.ANSWERED, o.state);
        assertNull(o.escalationLevel);
        assertEquals("REMINDER", lastOrder(h, second.getAlertId()).escalationLevel);
        // the unit's count was corrected: the next overdue order is the second of the year
        AlertEvent third = opened("unit-1", T0 + 30 * H);
        send(h, SupervisionInput.alert(third));
        h.processWatermark(T0 + 50 * H);
        assertEquals("WARNING", lastOrder(h, third.getAlertId()).escalationLevel);
    }

    @Test
    void escalationsOfOrdersWithTheSameDeadlineHaveTheirOwnIds() throws Exception {
        var h = harness(Long.MAX_VALUE);
        for (String pollutant : List.of("a21026", "a21002", "a34013", "a21005")) {
            AlertEvent a = opened("unit-1", T0);
            a.getAlert().setPollutant(pollutant);
            String id =
                    AlertIds.alertId(
                            "EXCEEDANCE_3H",
                            "unit-1",
                            "stack-1",
                            pollutant,
                            a.getAlert().getWindowStart());
            a.getAlert().setAlertId(id);
            a.setAlertId(id);
            send(h, SupervisionInput.alert(a));
        }
        h.processWatermark(T0 + 20 * H);
        List<String> escalations =
                h.extractOutputValues().stream()
                        .filter(e -> e.getAlert().getType().equals("ESCALATION"))
                        .map(AlertEvent::getAlertId)
                        .collect(Collectors.toList());
        assertEquals(4, escalations.size());
        assertEquals(
                4,
                escalations.stream().distinct().count(),
                "the third and fourth (both INTERVIEW) collide no more");
    }

    @Test
    void threeOverdueOrdersInAYearEscalateReminderWarningInterview() throws Exception {
        var h = harness(Long.MAX_VALUE);
        List<AlertEvent> alerts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AlertEvent a = opened("unit-1", T0 + i * 24 * H);
            alerts.add(a);
            send(h, SupervisionInput.alert(a));
        }
        h.processWatermark(T0 + 10 * 24 * H);
        List<String> levels =
                h.extractOutputValues().stream()
                        .filter(e -> e.getAlert().getType().equals("ESCALATION"))
                        .map(e -> e.getAlert().getEvidence())
                        .map(ev -> ev.replaceAll(".*\"level\":\"([A-Z]+)\".*", "$1"))
                        .collect(Collectors.toList());
        assertEquals(List.of("REMINDER", "WARNING", "INTERVIEW", "INTERVIEW"), levels);
        assertEquals(
                4,
                h.extractOutputValues().stream()
                        .filter(e -> e.getAlert().getType().equals("ESCALATION"))
                        .map(AlertEvent::getAlertId)
                        .distinct()
                        .count(),
                "one escalation alert per overdue");
        assertEquals("WARNING", lastOrder(h, alerts.get(1).getAlertId()).escalationLevel);
    }

    @Test
    void theCountResetsWithTheYear() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent december = opened("unit-1", LocalTimes.parseIso("2025-12-30T10:00:00+08:00"));
        // deadline 2026-01-01T01:00 local: counts in 2026
        AlertEvent newYearsEve = opened("unit-1", LocalTimes.parseIso("2025-12-31T13:00:00+08:00"));
        AlertEvent january = opened("unit-1", LocalTimes.parseIso("2026-01-05T10:00:00+08:00"));
        for (AlertEvent a : List.of(december, newYearsEve, january)) {
            send(h, SupervisionInput.alert(a));
        }
        h.processWatermark(LocalTimes.parseIso("2026-02-01T00:00:00+08:00"));
        assertEquals("REMINDER", lastOrder(h, december.getAlertId()).escalationLevel);
        assertEquals("REMINDER", lastOrder(h, newYearsEve.getAlertId()).escalationLevel);
        assertEquals("WARNING", lastOrder(h, january.getAlertId()).escalationLevel);
    }

    @Test
    void duplicateAnswersAreIdempotent() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        send(h, answer(alert, T0 + H));
        send(h, answer(alert, T0 + 2 * H));
        send(h, answer(alert, T0 + H));
        h.processWatermark(T0 + 20 * H);
        assertEquals(List.of("ANSWERED"), types(h));
        assertEquals(T0 + H, lastOrder(h, alert.getAlertId()).answeredAt);
    }

    @Test
    void deadlinesAfterTheEndOfEventTimeDoNotPass() throws Exception {
        var h = harness(T0 + 11 * H);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        h.processWatermark(Long.MAX_VALUE);
        assertEquals(Order.State.OPEN, lastOrder(h, alert.getAlertId()).state);
        assertEquals(List.of(), types(h));
    }

    @Test
    void aRetractedAlertsOrderIsRetractedAndNeverOverdue() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        AlertEvent retracted =
                new AlertEvent(
                        "r",
                        alert.getAlertId(),
                        AlertEventType.RETRACTED,
                        2,
                        T0 + H,
                        alert.getAlert());
        send(h, SupervisionInput.alert(retracted));
        h.processWatermark(T0 + 20 * H);
        assertEquals(Order.State.RETRACTED, lastOrder(h, alert.getAlertId()).state);
        assertEquals(List.of(), types(h));
    }

    @Test
    void theHistorySurvivesARestartFromASavepoint() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent first = opened("unit-1", T0);
        AlertEvent second = opened("unit-1", T0 + 24 * H);
        send(h, SupervisionInput.alert(first));
        send(h, SupervisionInput.alert(second));
        h.processWatermark(T0 + 13 * H); // the first is overdue: REMINDER
        OperatorSubtaskState savepoint = h.snapshot(1, T0 + 13 * H);
        h.close();

        var restored =
                Harnesses.keyed(
                        new SupervisionTracker(12 * H, RETENTION, GRACE, Long.MAX_VALUE),
                        (SupervisionInput in) -> in.unitId);
        restored.initializeState(savepoint);
        restored.open();
        send(restored, answer(first, T0 + 14 * H));
        restored.processWatermark(
                T0 + 40 * H); // the second is overdue too: WARNING, not a new REMINDER
        assertEquals("WARNING", lastOrder(restored, second.getAlertId()).escalationLevel);
        assertEquals(Order.State.ANSWERED_LATE, lastOrder(restored, first.getAlertId()).state);
        assertFalse(
                restored.extractOutputValues().stream()
                        .anyMatch(
                                e ->
                                        e.getAlertId().equals(first.getAlertId())
                                                && e.getEvent() == AlertEventType.OVERDUE),
                "the first order's overdue is not raised again");
        restored.close();
    }

    @Test
    void closedOrdersLeaveNoStateAfterTheRetention() throws Exception {
        var h = harness(Long.MAX_VALUE);
        AlertEvent alert = opened("unit-1", T0);
        send(h, SupervisionInput.alert(alert));
        send(h, answer(alert, T0 + H));
        h.processWatermark(T0 + 12 * H + RETENTION + 1);
        assertEquals(0, h.numEventTimeTimers());
        // the year's count (none here) and the orders are gone
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
    }

    @Test
    void stateTypesArePojos() {
        Harnesses.assertPojo(Order.class, Answer.class, SupervisionInput.class);
    }
}
