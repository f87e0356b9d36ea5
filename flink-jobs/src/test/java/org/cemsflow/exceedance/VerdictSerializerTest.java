package org.cemsflow.exceedance;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.hourlyMean;
import static org.cemsflow.testkit.SerializerChecks.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The verdicts the judge and the case tracker keep come back field for field from the compact
 * form, take about half the bytes of the POJO serializer, and the tracker's periods that the POJO
 * serializer wrote in a savepoint are migrated: a streak begun before the restore and ended after
 * it makes the same case as one never stopped.
 */
class VerdictSerializerTest {
    static final TypeSerializer<Verdict> COMPACT = VerdictSerializer.INSTANCE;
    static final TypeSerializer<Verdict> POJO =
            TypeInformation.of(Verdict.class).createSerializer(new SerializerConfigImpl());
    static final long H = LocalTimes.HOUR_MS;

    static String bits(Double v) {
        return v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v));
    }

    static String fields(Verdict v) {
        return String.join(
                ",",
                v.mn,
                v.pointId,
                v.unitId,
                v.pollutant,
                "" + v.daily,
                "" + v.periodStart,
                "" + v.periodEnd,
                bits(v.avg),
                bits(v.zsAvg),
                "" + v.valid,
                bits(v.compared),
                bits(v.limit),
                bits(v.o2Ref),
                "" + v.excused,
                "" + v.noCorrectedMean,
                "" + v.exceeding,
                "" + v.revision);
    }

    /** A stack's hourly verdict as the judge makes it: compared is the corrected mean. */
    static Verdict stack(int hour, boolean exceeding) {
        Verdict v = ExceedanceStateTest.verdict(hour, exceeding);
        v.avg = 31.123456789 + hour;
        v.zsAvg = exceeding ? 40.987654321 : 30.5;
        v.compared = v.zsAvg;
        v.o2Ref = 6.0;
        return v;
    }

    static List<Verdict> verdicts() {
        List<Verdict> all = new ArrayList<>();
        all.add(new Verdict());
        all.add(stack(0, true));
        Verdict measured = stack(1, false); // no O2 reference: the measured mean is compared
        measured.o2Ref = null;
        measured.zsAvg = null;
        measured.compared = measured.avg;
        measured.excused = true;
        all.add(measured);
        Verdict day = stack(2, true);
        day.daily = true;
        day.periodEnd = day.periodStart + LocalTimes.DAY_MS;
        day.compared = 77.5; // neither mean: written with its own value
        day.revision = 300;
        all.add(day);
        Verdict odd = stack(3, false);
        odd.periodStart += 1;
        odd.periodEnd = Long.MAX_VALUE;
        odd.avg = Double.NaN;
        odd.zsAvg = -0.0;
        odd.compared = 0.0; // not -0.0's bits: its own value
        odd.limit = Double.MIN_VALUE;
        odd.o2Ref = Double.NEGATIVE_INFINITY;
        odd.noCorrectedMean = true;
        odd.valid = false;
        odd.revision = Integer.MIN_VALUE;
        odd.unitId = null;
        odd.pollutant = "污染物";
        all.add(odd);
        Verdict hourly = stack(5, true); // an hour's mean: 60 readings of two decimals
        hourly.avg = 7214.37 / 60;
        hourly.compared = hourly.avg;
        all.add(hourly);
        Verdict corrected = stack(6, true); // and its O2's: 60 readings too
        corrected.avg = 7214.37 / 60;
        corrected.zsAvg = org.cemsflow.model.Codes.o2Corrected(corrected.avg, 6.0, 547.83 / 60);
        corrected.compared = corrected.zsAvg;
        all.add(corrected);
        Verdict nan = stack(4, true);
        nan.avg = Double.NaN;
        nan.compared = Double.NaN; // the same bits as avg
        nan.periodStart = -5 * H;
        nan.periodEnd = -4 * H;
        all.add(nan);
        return all;
    }

    @Test
    void everyFieldSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (Verdict v : verdicts()) {
            assertSurvives(COMPACT, v, VerdictSerializerTest::fields);
        }
    }

    @Test
    void aStackHourTakesAboutHalfTheBytesOfThePojo() throws Exception {
        Verdict v = stack(0, true);
        int now = bytes(COMPACT, v).length;
        int before = bytes(POJO, v).length;
        assertTrue(20 * now <= 11 * before, now + " against " + before);
    }

    /**
     * An hour's measured mean takes its sum's thousandths and its count, not eight bytes, and its
     * corrected mean its O2's.
     */
    @Test
    void anHoursMeansTakeFewerBytesAsTheQuotientsTheyAre() throws Exception {
        Verdict whole = stack(0, true);
        Verdict quotient = stack(0, true);
        quotient.avg = 7214.37 / 60;
        assertSurvives(COMPACT, quotient, VerdictSerializerTest::fields);
        int before = bytes(COMPACT, whole).length;
        int now = bytes(COMPACT, quotient).length;
        assertTrue(now <= before - 2, now + " against " + before);
        quotient.zsAvg = org.cemsflow.model.Codes.o2Corrected(quotient.avg, 6.0, 547.83 / 60);
        quotient.compared = quotient.zsAvg;
        assertSurvives(COMPACT, quotient, VerdictSerializerTest::fields);
        int corrected = bytes(COMPACT, quotient).length;
        assertTrue(corrected <= now - 2, corrected + " against " + now);
    }

    /** Hours as the judge makes them, of one to sixty readings: each comes back bit for bit. */
    @Test
    void hoursAsTheJudgeMakesThemComeBackBitForBit() throws Exception {
        java.util.Random rnd = new java.util.Random(21);
        for (int i = 0; i < 20_000; i++) {
            int n = 1 + rnd.nextInt(60);
            Verdict v = stack(i % 24, rnd.nextBoolean());
            v.avg = hourlyMean(rnd, n, 50, 20);
            v.o2Ref = new double[] {3, 6, 9, 10, 11, 15.5}[rnd.nextInt(6)];
            v.zsAvg =
                    org.cemsflow.model.Codes.o2Corrected(v.avg, v.o2Ref, hourlyMean(rnd, n, 12, 4));
            v.compared = rnd.nextBoolean() ? v.zsAvg : v.avg;
            v.limit = 35.0;
            assertEquals(fields(v), fields(roundTrip(COMPACT, v)));
        }
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, TrackerInput, AlertEvent> h,
            int from,
            int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            TrackerInput in = TrackerInput.verdict(stack(i, i < 4));
            h.processElement(new StreamRecord<>(in, in.time));
            h.processWatermark(in.time);
        }
    }

    static ExceedanceCaseTracker tracker(TypeInformation<Verdict> periodsType) {
        return new ExceedanceCaseTracker(
                ConsecutiveHoursRule.NAME,
                3,
                true,
                ExceedanceParams.of(ExceedanceRulesTest.SETTINGS),
                periodsType);
    }

    /** Hours 0 and 1 exceed before the savepoint, 2 and 3 after, 4 ends the streak. */
    @Test
    void periodsThePojoSerializerWroteAreRestoredAndTheCaseComesOutTheSame() throws Exception {
        var whole = Harnesses.keyed(tracker(VerdictSerializer.TYPE), TrackerInput::key);
        whole.open();
        feed(whole, 0, 5);
        whole.processWatermark(ExceedanceRulesTest.T0 + 6 * H);
        List<String> expected = whole.extractOutputValues().stream().map(String::valueOf).toList();
        assertEquals(2, expected.size(), expected.toString()); // opened, then grown by hour 3
        assertTrue(expected.get(1).contains("periods\\\":4"), expected.get(1));

        var before = Harnesses.keyed(tracker(TypeInformation.of(Verdict.class)), TrackerInput::key);
        before.open();
        feed(before, 0, 2);
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();
        var after = Harnesses.keyed(tracker(VerdictSerializer.TYPE), TrackerInput::key);
        after.initializeState(savepoint);
        after.open();
        feed(after, 2, 5);
        after.processWatermark(ExceedanceRulesTest.T0 + 6 * H);
        assertEquals(expected, after.extractOutputValues().stream().map(String::valueOf).toList());
    }

    @Test
    void theJudgesAndTheTrackersPojoStateIsMigrated() {
        assertSnapshotRestoresItself(COMPACT);
        for (TypeInformation<?> key : List.of(Types.LONG, Types.STRING)) {
            assertTrue(
                    mapOf(key, VerdictSerializer.TYPE)
                            .snapshotConfiguration()
                            .resolveSchemaCompatibility(
                                    mapOf(key, TypeInformation.of(Verdict.class))
                                            .snapshotConfiguration())
                            .isCompatibleAfterMigration());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static TypeSerializer<Map<Object, Verdict>> mapOf(
            TypeInformation<?> key, TypeInformation<Verdict> value) {
        return (TypeSerializer)
                Types.MAP((TypeInformation) key, value)
                        .createSerializer(new SerializerConfigImpl());
    }
}
