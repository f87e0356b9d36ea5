package org.cemsflow.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The review workflow of leads: reviewed once, repeated reviews change nothing, unknown ones are dead letters. */
class LeadTrackerTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-06-02T10:00:00+08:00");
    static final long RETENTION = 720 * H;

    final KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h;

    LeadTrackerTest() throws Exception {
        h = Harnesses.keyed(new LeadTracker(RETENTION), SupervisionInput::alertId);
        h.open();
    }

    static Alert lead(long start) {
        Alert a =
                AlertFactory.alert(
                        AlertIds.alertId("TREATMENT_NOT_RUNNING", "unit-1", null, null, start),
                        "TREATMENT_NOT_RUNNING",
                        "high",
                        "unit-1",
                        null,
                        null,
                        null,
                        start,
                        start + H,
                        2.0,
                        10.0,
                        start + H / 4,
                        start + H / 4 + 12 * H,
                        "{}");
        a.setChannel(AlertChannel.LEAD);
        return a;
    }

    void send(SupervisionInput in) throws Exception {
        h.processElement(new StreamRecord<>(in, in.time));
    }

    static SupervisionInput review(String alertId, long at, String verdict) {
        Review r = new Review();
        r.alertId = alertId;
        r.reviewedAt = at;
        r.verdict = verdict;
        r.by = "monitoring department";
        r.raw = "{}";
        r.source = "reviews:1";
        return SupervisionInput.review(r);
    }

    Lead last() {
        Lead l = null;
        for (StreamRecord<Lead> r : h.getSideOutput(LeadTracker.LEADS)) {
            l = r.getValue();
        }
        return l;
    }

    @Test
    void aLeadIsNewUntilItsReviewConfirmsIt() throws Exception {
        Alert a = lead(T0);
        send(SupervisionInput.alert(AlertFactory.opened(a)));
        h.processWatermark(T0 + H);
        assertEquals(Lead.State.NEW, last().state);
        send(review(a.getAlertId(), T0 + 5 * H, "confirmed"));
        h.processWatermark(T0 + 6 * H);
        assertEquals(Lead.State.CONFIRMED, last().state);
        assertEquals(T0 + 5 * H, last().reviewedAt);
        List<AlertEvent> events = h.extractOutputValues();
        assertEquals(1, events.size());
        assertEquals(AlertEventType.REVIEWED, events.get(0).getEvent());
        assertEquals(a.getAlertId(), events.get(0).getAlertId());
        assertTrue(events.get(0).getAlert().getEvidence().contains("\"verdict\":\"confirmed\""));
    }

    @Test
    void aRepeatedReviewChangesNothing() throws Exception {
        Alert a = lead(T0);
        send(SupervisionInput.alert(AlertFactory.opened(a)));
        send(review(a.getAlertId(), T0 + 5 * H, "dismissed"));
        send(review(a.getAlertId(), T0 + 6 * H, "confirmed"));
        send(review(a.getAlertId(), T0 + 5 * H, "dismissed"));
        h.processWatermark(T0 + 10 * H);
        assertEquals(Lead.State.DISMISSED, last().state);
        assertEquals(1, h.extractOutputValues().size(), "one REVIEWED event");
    }

    @Test
    void aReviewOfALeadThatDoesNotExistIsADeadLetter() throws Exception {
        Alert a = lead(T0);
        send(review(a.getAlertId(), T0 - H, "confirmed")); // before the lead existed
        send(review("no-such-lead", T0 + H, "confirmed"));
        send(SupervisionInput.alert(AlertFactory.opened(a)));
        h.processWatermark(T0 + 2 * H);
        assertEquals(2, h.getSideOutput(LeadTracker.REJECTED).size());
        h.getSideOutput(LeadTracker.REJECTED)
                .forEach(r -> assertEquals("UNKNOWN_ALERT", r.getValue().getReason()));
        assertEquals(Lead.State.NEW, last().state);
        assertNull(last().verdict);
    }

    @Test
    void aLeadRetractedByNewDataIsRetractedAndItsStateGoesAfterTheRetention() throws Exception {
        Alert a = lead(T0);
        send(SupervisionInput.alert(AlertFactory.opened(a)));
        send(
                SupervisionInput.alert(
                        AlertFactory.event(AlertEventType.RETRACTED, 2, T0 + 2 * H, a)));
        h.processWatermark(T0 + 3 * H);
        assertEquals(Lead.State.RETRACTED, last().state);
        h.processWatermark(T0 + 2 * H + RETENTION);
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void aReviewLineThatIsNoReviewIsRefusedWithTheReason() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ReviewsFile.parse(
                                        "{\"alert_id\":\"x\",\"reviewed_at\":\"2025-06-02T10:00:00+08:00\",\"verdict\":\"maybe\"}",
                                        "f:1"));
        assertTrue(e.getMessage().contains("verdict"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ReviewsFile.parse("{\"alert_id\":\"x\"}", "f:2"));
        assertEquals(
                "confirmed",
                ReviewsFile.parse(
                                "{\"alert_id\":\"x\",\"reviewed_at\":\"2025-06-02T10:00:00+08:00\","
                                        + "\"verdict\":\"confirmed\",\"by\":\"a\"}",
                                "f:3")
                        .verdict);
    }

    @Test
    void stateTypesArePojos() {
        Harnesses.assertPojo(Lead.class, Review.class);
    }
}
