package org.cemsflow.quota;

import static org.cemsflow.testkit.SerializerChecks.assertMigratesFrom;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The gap filler's series come back from the compact form with every field but the ids it sets
 * from each row (the candidates' arrays as long as the candidates), take a third of the POJO
 * serializer's bytes or less, and a gap filler whose series the POJO serializer wrote in a
 * savepoint goes on as if never stopped.
 */
class PointSeriesSerializerTest {
    static final TypeSerializer<PointSeries> COMPACT = PointSeriesSerializer.INSTANCE;
    static final TypeInformation<PointSeries> POJO_TYPE = TypeInformation.of(PointSeries.class);
    static final TypeSerializer<PointSeries> POJO =
            POJO_TYPE.createSerializer(new SerializerConfigImpl());
    static final long HOUR = LocalTimes.parseIso("2026-03-02T08:00:00+08:00");

    /** Every field the state keeps; the candidates as many as there are. */
    static String fields(PointSeries s) {
        StringBuilder b =
                new StringBuilder()
                        .append(s.lastValidHour)
                        .append(',')
                        .append(bits(s.lastValidMass))
                        .append(',')
                        .append(s.lastHour)
                        .append(',')
                        .append(s.count)
                        .append(',')
                        .append(s.candidates);
        for (int i = 0; i < s.candidates; i++) {
            b.append(',').append(s.candidateNumber[i]).append(':').append(bits(s.candidateMass[i]));
        }
        return b.toString();
    }

    static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    /** A point's series after {@code n} hours, a few of them without a valid mass. */
    static PointSeries series(long seed, int n, boolean decimals) {
        Random r = new Random(seed);
        PointSeries s = new PointSeries();
        s.unitId = "unit-1";
        s.pointId = "stack-1";
        for (int i = 0; i < n; i++) {
            long hour = HOUR + i * LocalTimes.HOUR_MS;
            s.lastHour = hour;
            if (r.nextInt(5) != 0) {
                double mass = decimals ? r.nextInt(100_000) / 1000.0 : r.nextDouble() * 40 / 3.0;
                s.lastValidHour = hour;
                s.lastValidMass = mass;
                s.remember(mass, 720);
            }
        }
        return s;
    }

    static List<PointSeries> examples() {
        List<PointSeries> all = new ArrayList<>();
        all.add(new PointSeries());
        all.add(series(1, 3, true));
        all.add(series(2, 200, false));
        all.add(series(3, 2_000, true));
        PointSeries odd = series(4, 50, false);
        odd.lastHour = HOUR + 1; // not a whole hour: written whole
        odd.lastValidMass = -0.0;
        odd.candidateMass[0] = Double.NaN;
        all.add(odd);
        PointSeries noValid = new PointSeries();
        noValid.lastHour = HOUR;
        all.add(noValid);
        PointSeries extremes = series(5, 30, true);
        extremes.lastValidMass = Double.MIN_VALUE;
        extremes.lastValidHour = Long.MIN_VALUE + 1;
        all.add(extremes);
        return all;
    }

    @Test
    void everyFieldButTheIdsSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (PointSeries s : examples()) {
            PointSeries copy = assertSurvives(COMPACT, s, PointSeriesSerializerTest::fields);
            assertEquals(s.unitId, copy.unitId, "a copy keeps them");
            PointSeries back = roundTrip(COMPACT, s);
            assertNull(back.unitId, "the filler sets the ids from the row");
            assertEquals(s.candidates, back.candidateMass.length, "no free slots");
        }
    }

    /** A series read back goes on remembering as the original does. */
    @Test
    void aSeriesReadBackGoesOnAsTheOriginal() throws Exception {
        PointSeries s = series(6, 500, false);
        PointSeries back =
                COMPACT.deserialize(
                        new org.apache.flink.core.memory.DataInputDeserializer(bytes(COMPACT, s)));
        Random r = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            double m = r.nextDouble() * 50;
            s.remember(m, 720);
            back.remember(m, 720);
            assertEquals(s.maxRecent(), back.maxRecent(), "after " + i);
        }
        assertEquals(fields(s), fields(back));
    }

    @Test
    void aSeriesTakesAThirdOfThePojoBytesOrLess() throws Exception {
        for (boolean decimals : new boolean[] {true, false}) {
            PointSeries s = series(7, 300, decimals);
            int compact = bytes(COMPACT, s).length;
            int pojo = bytes(POJO, s).length;
            assertTrue(3 * compact <= pojo, compact + " bytes against " + pojo);
        }
        assertMigratesFrom(COMPACT, POJO);
    }

    @Test
    void aGapFillerWhoseSeriesThePojoSerializerWroteGoesOnAsIfNeverStopped() throws Exception {
        // gaps over two hours take the maximum of the candidates, which the restore must keep
        QuotaParams params =
                QuotaParams.of(CemsflowSettings.of(java.util.Map.of("quota.short-gap-hours", "2")));
        for (long seed = 1; seed <= 3; seed++) {
            List<StreamRecord<QuotaInput>> s = QuotaInputSerializerTest.stream(seed);
            var whole =
                    org.cemsflow.testkit.Harnesses.keyed(
                            new GapFiller(params), (QuotaInput q) -> q.unitId);
            whole.open();
            QuotaInputSerializerTest.feed(whole, s);

            int half = s.size() / 2;
            var before =
                    org.cemsflow.testkit.Harnesses.keyed(
                            new GapFiller(params, QuotaInputTypeInfo.INSTANCE, POJO_TYPE),
                            (QuotaInput q) -> q.unitId);
            before.open();
            QuotaInputSerializerTest.feed(before, s.subList(0, half));
            OperatorSubtaskState state = before.snapshot(1, 1);
            List<String> got = new ArrayList<>(QuotaInputSerializerTest.masses(before));
            before.close();
            var after =
                    org.cemsflow.testkit.Harnesses.keyed(
                            new GapFiller(params), (QuotaInput q) -> q.unitId);
            after.initializeState(state);
            after.open();
            QuotaInputSerializerTest.feed(after, s.subList(half, s.size()));
            List<String> afterRestore = QuotaInputSerializerTest.masses(after);
            got.addAll(afterRestore);
            assertEquals(QuotaInputSerializerTest.masses(whole), got, "seed " + seed);
            assertTrue(
                    afterRestore.stream().anyMatch(m -> m.contains("method=max")),
                    "a long gap was filled with the maximum after the restore: " + afterRestore);
        }
    }
}
