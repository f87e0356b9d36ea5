package org.cemsflow.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Permit;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The permitted quota rule: 80 % and 100 % of the year's permit, once each. */
class QuotaTrackerTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-06-01T00:00:00+08:00");
    static final List<Permit> PERMITS =
            List.of(
                    new Permit("unit-1", "a21026", 2025, 100, null),
                    new Permit("unit-1", "a21026", 2026, 100, null));

    static KeyedBroadcastOperatorTestHarness<String, HourMass, SideInput, AlertEvent> harness(
            List<Permit> permits, OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new QuotaTracker(
                                        QuotaParams.of(CemsflowSettings.defaults()), permits),
                                List.of(QuotaTracker.PERMITS)),
                        HourMass::quotaKey,
                        Types.STRING,
                        1,
                        1,
                        0);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    static KeyedBroadcastOperatorTestHarness<String, HourMass, SideInput, AlertEvent> harness(
            List<Permit> permits) throws Exception {
        return harness(permits, null);
    }

    static void mass(
            KeyedBroadcastOperatorTestHarness<String, HourMass, SideInput, AlertEvent> h,
            String mn,
            long hour,
            double measured,
            double substituted)
            throws Exception {
        HourMass m = new HourMass();
        m.unitId = "unit-1";
        m.pollutant = "a21026";
        m.mn = mn;
        m.pointId = mn;
        m.hourStart = hour;
        m.measuredKg = measured;
        m.substitutedKg = substituted;
        m.method = substituted > 0 ? "interpolated" : "";
        h.processElement(new StreamRecord<>(m, hour + H - 1));
    }

    static org.apache.flink.runtime.state.KeyedStateBackend<Object> backend(
            KeyedBroadcastOperatorTestHarness<String, HourMass, SideInput, AlertEvent> h) {
        return ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                        h.getOperator())
                .getKeyedStateBackend();
    }

    /** The kept hours of unit-1's a21026 in 2025 (the backend's current key is set to it). */
    static org.apache.flink.api.common.state.ValueState<KeptHours> keptHours(
            KeyedBroadcastOperatorTestHarness<String, HourMass, SideInput, AlertEvent> h)
            throws Exception {
        var backend = backend(h);
        backend.setCurrentKey("unit-1|a21026|2025");
        return backend.getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                        "quota-kept-hours", KeptHours.TYPE));
    }

    static List<String> types(List<AlertEvent> events) {
        return events.stream().map(e -> e.getAlert().getType()).collect(Collectors.toList());
    }

    @Test
    void crossing80And100InTheSameHourGivesBothOnce() throws Exception {
        var h = harness(PERMITS);
        mass(h, "A", T0, 50, 0);
        mass(h, "B", T0 + H, 45, 10); // 105 kg: both thresholds in this hour
        mass(h, "A", T0 + 2 * H, 5, 0);
        h.watermark(T0 + 10 * H);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(List.of("QUOTA_80", "QUOTA_100"), types(out));
        for (AlertEvent e : out) {
            assertEquals(T0 + H, e.getAlert().getWindowStart(), "the hour that crossed");
            assertEquals(T0 + 2 * H, e.getAlert().getDetectedAt());
            assertTrue(
                    e.getAlert().getEvidence().contains("\"substituted_kg\":10"),
                    e.getAlert().getEvidence());
        }
        assertTrue(out.get(0).getAlert().getEvidence().contains("projected_100_at"));
    }

    @Test
    void aCorrectedHourReplacesItsMassAndTheSameInputGivesTheSameIds() throws Exception {
        var h = harness(PERMITS);
        mass(h, "A", T0, 70, 0);
        mass(h, "A", T0, 20, 0); // corrected: 20, not 90
        h.watermark(T0 + 2 * H);
        assertEquals(List.of(), h.extractOutputValues());
        mass(h, "A", T0 + H, 60, 0); // 80 % now
        h.watermark(T0 + 3 * H);
        String id = h.extractOutputValues().get(0).getAlertId();
        var again = harness(PERMITS);
        mass(again, "A", T0, 20, 0);
        mass(again, "A", T0 + H, 60, 0);
        again.watermark(T0 + 3 * H);
        assertEquals(id, again.extractOutputValues().get(0).getAlertId());
    }

    /**
     * A savepoint from before {@link KeptHours} kept an hour's masses as a map entry ({@code
     * mn|hourStart}): a correction of that hour still replaces it, and the entry moves into the
     * key's kept hours.
     */
    @Test
    void anHourKeptAsAMapEntryIsReplacedByItsCorrection() throws Exception {
        var h = harness(PERMITS);
        mass(h, "A", T0, 70, 0);
        h.watermark(T0 + H);
        var backend = backend(h);
        var kept = keptHours(h);
        var ns = org.apache.flink.runtime.state.VoidNamespace.INSTANCE;
        var nsSerializer = org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE;
        assertEquals(1, kept.value().size());
        kept.clear(); // as the earlier layout kept it
        org.apache.flink.api.common.state.MapState<String, double[]> legacy =
                backend.getPartitionedState(
                        ns,
                        nsSerializer,
                        new org.apache.flink.api.common.state.MapStateDescriptor<>(
                                "quota-hours",
                                Types.STRING,
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                        double[].class)));
        legacy.put("A|" + T0, new double[] {70, 0});
        mass(h, "A", T0, 20, 0); // corrected: 20 in all, not 90
        mass(h, "A", T0 + H, 60, 0); // 80 % now, not 100 %
        h.watermark(T0 + 3 * H);
        assertEquals(List.of("QUOTA_80"), types(h.extractOutputValues()));
        backend.setCurrentKey("unit-1|a21026|2025");
        assertTrue(legacy.isEmpty(), "moved");
        assertEquals(2, kept.value().size());
        h.close();
    }

    @Test
    void aRestartFromASavepointDoesNotAlertAgain() throws Exception {
        var h = harness(PERMITS);
        mass(h, "A", T0, 85, 0);
        h.watermark(T0 + H);
        assertEquals(List.of("QUOTA_80"), types(h.extractOutputValues()));
        OperatorSubtaskState savepoint = h.snapshot(1, T0 + H);
        h.close();
        var restored = harness(PERMITS, savepoint);
        mass(restored, "A", T0 + H, 1, 0);
        mass(restored, "A", T0 + 2 * H, 20, 0);
        restored.watermark(T0 + 5 * H);
        assertEquals(List.of("QUOTA_100"), types(restored.extractOutputValues()));
    }

    @Test
    void theYearEndsAtLocalMidnightOnFirstJanuary() throws Exception {
        var h = harness(PERMITS);
        long lastHourOf2025 = LocalTimes.parseIso("2025-12-31T23:00:00+08:00");
        mass(h, "A", lastHourOf2025, 79, 0);
        mass(
                h,
                "A",
                lastHourOf2025 + H,
                79,
                0); // 2026-01-01T00:00 local (16:00 UTC on 31 December)
        h.watermark(lastHourOf2025 + 3 * H);
        assertEquals(
                List.of(), h.extractOutputValues(), "79 kg in each year: neither reaches 80 %");
        mass(h, "A", lastHourOf2025 + 2 * H, 1, 0);
        h.watermark(lastHourOf2025 + 4 * H);
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(
                h.extractOutputValues().get(0).getAlert().getEvidence().contains("\"year\":2026"));
    }

    @Test
    void aPermitPublishedLaterThatIsAlreadyExceededAlertsAtOnce() throws Exception {
        var h = harness(List.of(new Permit("unit-1", "a21026", 2025, 1000, null)));
        mass(h, "A", T0, 60, 0);
        h.watermark(T0 + 2 * H);
        assertEquals(List.of(), h.extractOutputValues());
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.permit(new Permit("unit-1", "a21026", 2025, 55, null)), T0));
        assertEquals(List.of("QUOTA_80", "QUOTA_100"), types(h.extractOutputValues()));
        assertEquals(55.0, h.extractOutputValues().get(1).getAlert().getLimit());
    }

    @Test
    void anHoursMassIsKeptApartOnlyWhileItCanBeCorrected() throws Exception {
        var h = harness(PERMITS);
        mass(h, "A", T0, 10, 0);
        h.watermark(T0 + H);
        var backend = (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend(h);
        assertEquals(3, backend.numKeyValueStateEntries(), "totals, the month, the hour");
        h.watermark(T0 + 6 * H + 24 * H + 1);
        assertEquals(
                2,
                backend.numKeyValueStateEntries(),
                "totals and the month stay, the hour is settled");
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void aKeyHasOneTimerForItsKeptHoursWhichSettleEachAtItsOwnInstant() throws Exception {
        var h = harness(PERMITS);
        for (int i = 0; i < 30; i++) {
            mass(h, "A", T0 + i * H, 1, 0);
        }
        mass(h, "A", T0 + 3 * H, 2, 0); // a correction
        h.watermark(T0 + 30 * H - 1); // every hour counted
        assertEquals(1, h.numEventTimeTimers(), "one a key, not one an hour kept");
        long settle = QuotaParams.of(CemsflowSettings.defaults()).latenessMs() + 24 * H;
        var kept = keptHours(h);
        for (int i = 0; i < 30; i++) {
            h.watermark(T0 + i * H + settle - 1);
            assertEquals(30 - i, kept.value().size(), "hour " + i + " is kept until it settles");
            h.watermark(T0 + i * H + settle);
            assertEquals(29 - i, kept.value() == null ? 0 : kept.value().size());
            assertEquals(i < 29 ? 1 : 0, h.numEventTimeTimers());
        }
        assertEquals(List.of(), h.extractOutputValues(), "31 kg of 100");
        h.close();
    }

    @Test
    void aLowerPermitMidYearIsJudgedAtOnce() throws Exception {
        long from = T0 + 5 * H;
        var h =
                harness(
                        List.of(
                                new Permit("unit-1", "a21026", 2025, 1000, null),
                                new Permit("unit-1", "a21026", 2025, 50, from)));
        mass(h, "A", T0, 60, 0);
        h.watermark(T0 + 2 * H);
        assertEquals(List.of(), h.extractOutputValues(), "6 % of 1000");
        h.watermark(from + 1);
        assertEquals(List.of("QUOTA_80", "QUOTA_100"), types(h.extractOutputValues()));
        assertEquals(from, h.extractOutputValues().get(0).getAlert().getWindowStart());
        assertEquals(50.0, h.extractOutputValues().get(0).getAlert().getLimit());
    }
}
