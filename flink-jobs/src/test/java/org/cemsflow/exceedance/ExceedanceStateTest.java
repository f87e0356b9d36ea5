package org.cemsflow.exceedance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.reference.MarkList;
import org.cemsflow.reference.SideInput;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The judge and the case tracker leave no state behind once a streak has ended and its retention passed. */
class ExceedanceStateTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = ExceedanceRulesTest.T0;

    static Verdict verdict(int hour, boolean exceeding) {
        Verdict v = new Verdict();
        v.mn = "STACK";
        v.pointId = "stack-1";
        v.unitId = "unit-1";
        v.pollutant = "a21026";
        v.periodStart = T0 + hour * H;
        v.periodEnd = v.periodStart + H;
        v.compared = exceeding ? 40.0 : 30.0;
        v.limit = 35;
        v.valid = true;
        v.exceeding = exceeding;
        v.revision = 1;
        return v;
    }

    @Test
    void trackerStateIsGoneAfterTheRetention() throws Exception {
        ExceedanceCaseTracker tracker =
                new ExceedanceCaseTracker(
                        ConsecutiveHoursRule.NAME,
                        3,
                        true,
                        ExceedanceParams.of(ExceedanceRulesTest.SETTINGS));
        KeyedOneInputStreamOperatorTestHarness<String, TrackerInput, AlertEvent> h =
                Harnesses.keyed(tracker, TrackerInput::key);
        h.open();
        for (int i = 0; i < 3; i++) {
            TrackerInput in = TrackerInput.verdict(verdict(i, true));
            h.processElement(new StreamRecord<>(in, in.time));
        }
        TrackerInput match =
                TrackerInput.match(List.of(verdict(0, true), verdict(1, true), verdict(2, true)));
        h.processElement(new StreamRecord<>(match, match.time));
        TrackerInput ends = TrackerInput.verdict(verdict(3, false));
        h.processElement(new StreamRecord<>(ends, ends.time));
        h.processWatermark(T0 + 4 * H);
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(h.numKeyedStateEntries() > 0);
        // 6 h lateness / 12 h marking deadline + 2 days after the case's end
        h.processWatermark(T0 + 4 * H + 12 * H + 2 * LocalTimes.DAY_MS + 1);
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, h.numKeyedStateEntries());
        h.close();
    }

    /** The tracker after hours of verdicts, every third of them exceeding; the unit renamed at hour 30. */
    static KeyedOneInputStreamOperatorTestHarness<String, TrackerInput, AlertEvent> tracked(
            int hours, boolean namesPerHour) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, TrackerInput, AlertEvent> h =
                Harnesses.keyed(
                        new ExceedanceCaseTracker(
                                ConsecutiveHoursRule.NAME,
                                3,
                                true,
                                ExceedanceParams.of(ExceedanceRulesTest.SETTINGS)),
                        TrackerInput::key);
        h.open();
        for (int i = 0; i < hours; i++) {
            Verdict v = verdict(i, i % 12 < 4);
            if (namesPerHour) {
                v.pointId = "stack-1-" + i; // names no two periods share
            } else if (i >= 30) {
                v.unitId = "unit-1 renamed";
            }
            TrackerInput in = TrackerInput.verdict(v);
            h.processElement(new StreamRecord<>(in, in.time));
        }
        h.processWatermark(T0 + hours * H);
        return h;
    }

    /**
     * A period is kept without the names its key's first verdict has (a third of the state it
     * took), and cases see every verdict as judged: the alerts of runs before and after the unit's
     * renaming name the unit their first period had.
     */
    @Test
    void periodsKeepTheNamesTheirKeySharesOnce() throws Exception {
        var h = tracked(48, false);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(8, out.size(), "four runs of four hours: each OPENED at 3, UPDATED at 4");
        for (AlertEvent e : out) {
            boolean after = e.getAlert().getWindowStart() >= T0 + 30 * H;
            assertEquals(after ? "unit-1 renamed" : "unit-1", e.getAlert().getUnitId());
            assertEquals("stack-1", e.getAlert().getPointId());
            assertEquals("STACK", e.getAlert().getMn());
            assertEquals("a21026", e.getAlert().getPollutant());
        }
        long shared = h.snapshot(1, 1).getStateSize();
        h.close();
        var apart = tracked(48, true);
        long own = apart.snapshot(1, 1).getStateSize();
        apart.close();
        // the 30 periods before the renaming share their names (each some 28 bytes of them)
        assertTrue(shared + 30 * 15 < own, shared + " bytes against " + own);
    }

    /**
     * Found by the reference-topic test: after a quiet spell (every partition idle), a partition that
     * wakes up can deliver its means behind the watermark that a quicker one already pushed; CEP drops
     * such verdicts, so a streak it never saw must still make a case.
     */
    @Test
    void aStreakWhoseVerdictsArriveBehindTheWatermarkStillOpensACase() throws Exception {
        ExceedanceCaseTracker tracker =
                new ExceedanceCaseTracker(
                        ConsecutiveHoursRule.NAME,
                        3,
                        true,
                        ExceedanceParams.of(ExceedanceRulesTest.SETTINGS));
        KeyedOneInputStreamOperatorTestHarness<String, TrackerInput, AlertEvent> h =
                Harnesses.keyed(tracker, TrackerInput::key);
        h.open();
        h.processWatermark(T0 + 10 * H);
        for (int i = 0; i < 4; i++) {
            TrackerInput in = TrackerInput.verdict(verdict(i, i < 3));
            h.processElement(
                    new StreamRecord<>(in, in.time)); // no CEP match: CEP dropped them as late
        }
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(1, out.size(), out.toString());
        assertEquals(T0, out.get(0).getAlert().getWindowStart());
        assertEquals(T0 + 3 * H, out.get(0).getAlert().getDetectedAt());
        h.close();
    }

    @Test
    void judgeStateIsGoneAfterTheRetention() throws Exception {
        ExceedanceJudge judge =
                new ExceedanceJudge(
                        ExceedanceParams.of(ExceedanceRulesTest.SETTINGS),
                        ExceedanceRulesTest.REF.limits(),
                        false);
        KeyedBroadcastOperatorTestHarness<String, JudgeInput, SideInput, Verdict> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        judge,
                        JudgeInput::mn,
                        Types.STRING,
                        ExceedanceJudge.LIMITS,
                        ExceedanceJudge.LOADED);
        JudgeInput in = JudgeInput.mean(ExceedanceRulesTest.over(0));
        h.processElement(new StreamRecord<>(in, in.time));
        JudgeInput mark =
                JudgeInput.mark(
                        new org.cemsflow.reference.Mark(
                                "STACK", T0 + 5 * H, T0 + 6 * H, "fault", T0));
        h.processElement(new StreamRecord<>(mark, mark.time));
        h.watermark(T0 + H); // both inputs
        assertEquals(1, h.extractOutputValues().size());
        assertTrue(h.extractOutputValues().get(0).exceeding);
        h.watermark(T0 + 6 * H + 13 * H + 1);
        assertEquals(0, h.numEventTimeTimers());
        var backend =
                (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                        h.getOperator())
                                .getKeyedStateBackend();
        assertEquals(0, backend.numKeyValueStateEntries());
        h.close();
    }

    @Test
    void meansThatArriveBeforeTheReferenceAreHeldNotJudgedWithoutLimits() throws Exception {
        ExceedanceJudge judge =
                new ExceedanceJudge(
                        ExceedanceParams.of(ExceedanceRulesTest.SETTINGS), List.of(), true);
        KeyedBroadcastOperatorTestHarness<String, JudgeInput, SideInput, Verdict> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        judge,
                        JudgeInput::mn,
                        Types.STRING,
                        ExceedanceJudge.LIMITS,
                        ExceedanceJudge.LOADED);
        JudgeInput in = JudgeInput.mean(ExceedanceRulesTest.over(0));
        h.processElement(new StreamRecord<>(in, in.time));
        h.watermark(T0 + 2 * H);
        assertEquals(0, h.extractOutputValues().size(), "held while the reference loads");
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.limit(
                                new org.cemsflow.reference.Limit(
                                        "stack-1", "a21026", 35, "hour", null)),
                        T0));
        h.processBroadcastElement(new StreamRecord<>(SideInput.loaded(), T0));
        h.watermark(T0 + 3 * H);
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(35.0, h.extractOutputValues().get(0).limit);
        h.close();
    }

    @Test
    void stateTypesArePojos() {
        Harnesses.assertPojo(
                Verdict.class,
                CaseState.class,
                TrackerInput.class,
                JudgeInput.class,
                LimitHistory.class,
                MarkList.class,
                SideInput.class);
    }
}
