package org.cemsflow.supervision;

import static org.cemsflow.supervision.SupervisionTrackerTest.events;
import static org.cemsflow.supervision.SupervisionTrackerTest.feed;
import static org.cemsflow.testkit.SerializerChecks.assertMigratesFrom;
import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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

/**
 * Leads (and their alerts) come back field for field from the compact form, whatever the alert's
 * id, ids, rule and values; a lead of a real CONSTANT_VALUE alert takes under half the POJO
 * serializer's bytes; and a lead tracker whose leads the POJO serializer wrote in a savepoint goes
 * on as if never stopped (the review after the restore gives the same events and lead rows).
 */
class LeadSerializerTest {
    static final TypeSerializer<Lead> COMPACT = LeadSerializer.INSTANCE;
    static final TypeInformation<Lead> POJO_TYPE = TypeInformation.of(Lead.class);
    static final TypeSerializer<Lead> POJO = POJO_TYPE.createSerializer(new SerializerConfigImpl());
    static final long T0 = LocalTimes.parseIso("2016-08-24T09:35:40+08:00");
    static final long H = LocalTimes.HOUR_MS;

    /** A lead's alert as the device rules raise it on the real captures. */
    static Alert constantValue(String mn, long start) {
        Alert a =
                AlertFactory.alert(
                        AlertIds.alertId("CONSTANT_VALUE", mn, mn, "a01013", start),
                        "CONSTANT_VALUE",
                        "warning",
                        mn,
                        mn,
                        mn,
                        "a01013",
                        start,
                        start + 3_608_000,
                        123.456001,
                        null,
                        start + 3_608_000,
                        start + 3_608_000 + 12 * H,
                        "{\"codes_count\":1,\"codes\":{\"a01013\":{\"value\":123.456001,\"records\":11,"
                                + "\"first\":\"2016-08-24T09:35:40+08:00\",\"last\":\"2016-08-24T10:35:48+08:00\","
                                + "\"kind\":\"REALTIME\",\"tolerance\":0}},\"ongoing\":true}");
        a.setChannel(AlertChannel.LEAD);
        return a;
    }

    static Lead lead(Alert a) {
        Lead l = new Lead();
        l.alertId = a.getAlertId();
        l.unitId = a.getUnitId();
        l.type = a.getType();
        l.openedAt = a.getDetectedAt();
        l.state = Lead.State.NEW;
        l.alert = a;
        l.version = 1;
        l.changedAt = a.getDetectedAt();
        return l;
    }

    static List<Lead> leads() {
        List<Lead> all = new ArrayList<>();
        all.add(new Lead());
        Lead fresh = lead(constantValue("LD130121000415", T0));
        all.add(fresh);
        Lead reviewed = lead(constantValue("LD130121000415", T0));
        reviewed.state = Lead.State.DISMISSED;
        reviewed.verdict = "dismissed";
        reviewed.reviewedAt = T0 + 30 * H;
        reviewed.by = "监测科 (monitoring)";
        reviewed.text = "calibration, see log";
        reviewed.sequence = 1;
        reviewed.version = 2;
        reviewed.changedAt = T0 + 30 * H;
        all.add(reviewed);
        Alert odd = constantValue("MN-1", T0);
        odd.setAlertId("not-a-uuid");
        odd.setPointId("stack-1");
        odd.setMn("MN-2");
        odd.setRule("a rule of its own");
        odd.setValue(Math.PI);
        odd.setLimit(-0.0);
        odd.setChannel(AlertChannel.NOTICE);
        odd.setUnitId(null);
        odd.setWindowStart(T0 + 5 * H); // after the detection
        Lead other = lead(odd);
        other.alertId = "another id";
        other.unitId = "unit-9";
        other.type = "QUOTA_100";
        other.state = Lead.State.RETRACTED;
        other.openedAt = T0 + 2 * H;
        all.add(other);
        Alert upper = constantValue("MN-3", T0);
        upper.setAlertId(upper.getAlertId().toUpperCase(java.util.Locale.ROOT)); // no UUID's text
        upper.setType("NO_SUCH_TYPE");
        upper.setValue(Double.NaN);
        upper.setLimit(1e300);
        all.add(lead(upper));
        return all;
    }

    static String fields(Lead l) {
        return l.alertId
                + ","
                + l.unitId
                + ","
                + l.type
                + ","
                + l.openedAt
                + ","
                + l.state
                + ","
                + l.reviewedAt
                + ","
                + l.verdict
                + ","
                + l.by
                + ","
                + l.text
                + ","
                + l.sequence
                + ","
                + l.version
                + ","
                + l.changedAt
                + ","
                + (l.alert == null ? null : alertFields(l.alert));
    }

    static String alertFields(Alert a) {
        // the doubles by their bits: -0.0 and NaN as they are
        return a.toString()
                + bits(a.getValue())
                + bits(a.getLimit())
                + (a.getChannel() == null ? "no channel" : a.getChannel().name());
    }

    static String bits(Double v) {
        return v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v));
    }

    @Test
    void everyFieldOfALeadAndItsAlertSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (Lead l : leads()) {
            assertSurvives(COMPACT, l, LeadSerializerTest::fields);
            if (l.alert != null) {
                assertSurvives(AlertSerializer.INSTANCE, l.alert, LeadSerializerTest::alertFields);
            }
        }
    }

    @Test
    void aLeadOfARealAlertTakesUnderHalfThePojoBytes() throws Exception {
        Lead l = leads().get(1);
        int compact = bytes(COMPACT, l).length;
        int pojo = bytes(POJO, l).length;
        assertTrue(2 * compact < pojo, compact + " bytes against " + pojo);
        assertSnapshotRestoresItself(AlertSerializer.INSTANCE);
        assertMigratesFrom(COMPACT, POJO);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> tracker(
            TypeInformation<Lead> stateType) throws Exception {
        var h =
                Harnesses.keyed(
                        new LeadTracker(LeadTrackerTest.RETENTION, stateType),
                        SupervisionInput::alertId);
        h.open();
        return h;
    }

    static List<String> leadRows(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h) {
        List<String> out = new ArrayList<>();
        for (StreamRecord<Lead> r : h.getSideOutput(LeadTracker.LEADS)) {
            out.add(fields(r.getValue()));
        }
        return out;
    }

    @Test
    void aTrackerWhoseLeadsThePojoSerializerWroteGoesOnAsIfNeverStopped() throws Exception {
        Alert a = constantValue("LD130121000415", T0);
        Alert b = constantValue("LD130121000416", T0 + H);
        List<SupervisionInput> first =
                List.of(
                        SupervisionInput.alert(AlertFactory.opened(a)),
                        SupervisionInput.alert(AlertFactory.opened(b)),
                        SupervisionInput.alert(
                                AlertFactory.event(AlertEventType.RETRACTED, 2, T0 + 3 * H, b)));
        List<SupervisionInput> second =
                List.of(
                        LeadTrackerTest.review(a.getAlertId(), T0 + 5 * H, "confirmed"),
                        SupervisionInput.alert(
                                AlertFactory.event(AlertEventType.REOPENED, 3, T0 + 6 * H, b)),
                        LeadTrackerTest.review(b.getAlertId(), T0 + 7 * H, "dismissed"));

        var whole = tracker(LeadSerializer.TYPE);
        feed(whole, first, T0 + 4 * H);
        feed(whole, second, T0 + 8 * H);

        var before = tracker(POJO_TYPE);
        feed(before, first, T0 + 4 * H);
        List<String> rows = new ArrayList<>(leadRows(before));
        List<String> events = new ArrayList<>(events(before));
        OperatorSubtaskState state = before.snapshot(1, 1);
        before.close();
        var after =
                Harnesses.keyed(
                        new LeadTracker(LeadTrackerTest.RETENTION), SupervisionInput::alertId);
        after.initializeState(state);
        after.open();
        feed(after, second, T0 + 8 * H);
        rows.addAll(leadRows(after));
        events.addAll(events(after));

        assertEquals(leadRows(whole), rows);
        assertEquals(events(whole), events);
        assertEquals(2, events.size(), "both leads reviewed after the restore: " + events);
    }
}
