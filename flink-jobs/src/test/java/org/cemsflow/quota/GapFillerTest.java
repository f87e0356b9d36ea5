package org.cemsflow.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Mark;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** Gap substitution (missing hours filled from the valid ones before them) on hourly masses. */
class GapFillerTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-06-01T00:00:00+08:00");

    final KeyedOneInputStreamOperatorTestHarness<String, QuotaInput, HourMass> h;

    GapFillerTest() throws Exception {
        h =
                Harnesses.keyed(
                        new GapFiller(QuotaParams.of(CemsflowSettings.defaults())),
                        (QuotaInput q) -> q.unitId);
        h.open();
    }

    void hour(int i, Double kg) throws Exception {
        Aggregate a = new Aggregate();
        a.setMn("STACK");
        a.setPointId("stack-1");
        a.setUnitId("unit-1");
        a.setPollutant("a21026");
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(T0 + i * H);
        a.setCoverageMin(kg == null ? 0 : 60);
        a.setValid(kg != null);
        a.setEmissionKg(kg);
        a.setRevision(1);
        QuotaInput in = QuotaInput.mean(a);
        h.processElement(new StreamRecord<>(in, in.time));
    }

    void substitute(int fromHour, int toHour, double kg) throws Exception {
        Substitute s = new Substitute();
        s.pointId = "stack-1";
        s.mn = "STACK";
        s.pollutant = "a21026";
        s.from = T0 + fromHour * H;
        s.to = T0 + toHour * H;
        s.kgPerHour = kg;
        QuotaInput in = QuotaInput.substitute("unit-1", s);
        h.processElement(new StreamRecord<>(in, in.time));
    }

    /** hour index -> substituted kg, for the substituted hours. */
    Map<Integer, Double> substituted() {
        return h.extractOutputValues().stream()
                .filter(m -> !m.method.isEmpty())
                .collect(
                        Collectors.toMap(
                                m -> (int) ((m.hourStart - T0) / H), m -> m.substitutedKg));
    }

    @Test
    void aGapOfThreeHoursGetsTheMeanOfTheHoursAround() throws Exception {
        hour(0, 2.0);
        hour(1, null); // invalid
        hour(4, 4.0); // 2 and 3 silent
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(1, 3.0, 2, 3.0, 3, 3.0), substituted());
        assertEquals(2, h.extractOutputValues().stream().filter(m -> m.method.isEmpty()).count());
    }

    @Test
    void hoursThatArriveInPiecesAreMeasuredNotSubstituted() throws Exception {
        // a device uploading late: each hour comes first incomplete (invalid), then complete
        // (revision 2)
        hour(0, 2.0);
        for (int i = 1; i <= 3; i++) {
            hour(i, null);
            hour(i, 2.0 + i);
        }
        hour(4, 4.0);
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(), substituted(), "no hour is a gap");
        assertEquals(
                List.of(3.0, 4.0, 5.0),
                h.extractOutputValues().stream()
                        .filter(m -> m.hourStart > T0 && m.hourStart < T0 + 4 * H)
                        .map(m -> m.measuredKg)
                        .toList());
    }

    @Test
    void aGapOfThirtyHoursGetsTheMaximumOfThePreviousValidHours() throws Exception {
        hour(0, 2.0);
        hour(1, 7.0);
        hour(2, 3.0);
        hour(33, 1.0);
        h.processWatermark(T0 + 40 * H);
        Map<Integer, Double> s = substituted();
        assertEquals(30, s.size());
        assertEquals(List.of(7.0), s.values().stream().distinct().toList());
    }

    @Test
    void manualSubstituteDataComeFirst() throws Exception {
        substitute(1, 3, 10.0);
        hour(0, 2.0);
        hour(4, 4.0);
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(1, 10.0, 2, 10.0, 3, 3.0), substituted());
        // and in a long gap too
        substitute(10, 20, 1.5);
        hour(40, 4.0);
        h.processWatermark(T0 + 50 * H);
        Map<Integer, Double> s = substituted();
        assertEquals(1.5, s.get(10));
        assertEquals(1.5, s.get(19));
        assertEquals(4.0, s.get(20), "max of the previous valid hours (2, 4)");
    }

    @Test
    void noSubstitutionWhileTheUnitIsMarkedShutDown() throws Exception {
        Mark stop = new Mark("STACK", T0 + H, T0 + 3 * H, "shutdown", T0);
        QuotaInput in = QuotaInput.mark("unit-1", stop);
        h.processElement(new StreamRecord<>(in, in.time));
        hour(0, 2.0);
        hour(4, 4.0);
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(3, 3.0), substituted(), "hours 1 and 2 were declared stopped");
    }

    @Test
    void noSubstitutionWhileTheProductionMetersShowTheUnitStopped() throws Exception {
        hour(0, 2.0);
        for (int i = 1; i < 4; i++) {
            QuotaInput m = QuotaInput.meter("unit-1", T0 + i * H, i == 3);
            h.processElement(new StreamRecord<>(m, m.time));
        }
        hour(4, 4.0);
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(3, 3.0), substituted(), "hours 1 and 2: production below 0.2 x rated");
    }

    @Test
    void noGapBeforeTheFirstOrAfterTheLastValidHour() throws Exception {
        hour(0, null);
        hour(1, 2.0);
        hour(2, null);
        h.processWatermark(T0 + 10 * H);
        assertEquals(Map.of(), substituted());
    }
}
