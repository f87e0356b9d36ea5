package org.cemsflow.aggregation;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.hourlyMean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The hourly rows a daily mean waits on come back field for field from the compact form, take a
 * third fewer bytes than with the POJO serializer (their values are means, written whole), a day
 * whose first half the POJO serializer wrote in a savepoint comes out as if never stopped, and daily state the POJO serializer wrote is migrated on
 * restore (the day's map of rows by code resolves as compatible after migration).
 */
class HourEntrySerializerTest {
    static final TypeSerializer<HourEntry> COMPACT = HourEntrySerializer.INSTANCE;
    static final TypeSerializer<HourEntry> POJO =
            TypeInformation.of(HourEntry.class).createSerializer(new SerializerConfigImpl());
    static final long HOUR = LocalTimes.parseIso("2026-03-02T08:00:00+08:00");

    static String fields(HourEntry e) {
        return e.periodStart
                + ","
                + e.valid
                + ","
                + bits(e.avg)
                + ","
                + bits(e.zsAvg)
                + ","
                + bits(e.volumeM3)
                + ","
                + bits(e.emissionKg)
                + ","
                + bits(e.o2Ref)
                + ","
                + e.readings;
    }

    static String bits(Double v) {
        return v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v));
    }

    static HourEntry entry(
            long start, boolean valid, Double avg, Double zs, Double vol, Double kg, int n) {
        HourEntry e = new HourEntry();
        e.periodStart = start;
        e.valid = valid;
        e.avg = avg;
        e.zsAvg = zs;
        e.volumeM3 = vol;
        e.emissionKg = kg;
        e.readings = n;
        return e;
    }

    static HourEntry withO2Ref(HourEntry e, double o2Ref) {
        e.o2Ref = o2Ref;
        return e;
    }

    static List<HourEntry> entries() {
        return List.of(
                new HourEntry(),
                entry(HOUR, true, 35.123456789, 41.2, 1.8e6, 63.25, 180),
                entry(HOUR + 3_600_000, false, null, null, null, null, 0),
                entry(
                        HOUR + 1,
                        true,
                        Double.NaN,
                        -0.0,
                        Double.POSITIVE_INFINITY,
                        Double.MIN_VALUE,
                        -1),
                entry(-7_200_000L, true, 1.0, null, 2.0, null, Integer.MAX_VALUE),
                withO2Ref(entry(HOUR, true, 35.5, 41.2, null, null, 60), 6.0),
                withO2Ref(entry(HOUR, true, 35.5, null, null, null, 60), Math.PI),
                withO2Ref(entry(HOUR, true, null, 41.2, null, null, 60), Double.NaN),
                entry(Long.MIN_VALUE, false, null, 3.0, null, 4.0, Integer.MIN_VALUE));
    }

    @Test
    void everyFieldSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (HourEntry e : entries()) {
            assertSurvives(COMPACT, e, HourEntrySerializerTest::fields);
        }
    }

    /** A stack pollutant's hour: its mean, its mean at the reference O2, its mass. */
    @Test
    void anHourOfAStackPollutantTakesAThirdFewerBytesThanThePojo() throws Exception {
        HourEntry e = entries().get(1);
        e.volumeM3 = null;
        int now = bytes(COMPACT, e).length;
        int before = bytes(POJO, e).length;
        assertTrue(3 * now <= 2 * before, now + " against " + before);
    }

    /** A code's rows, in any order, as the list serializer's lists: each field and the order back. */
    @Test
    void aCodesRowsSurviveTheirListForm() throws Exception {
        List<HourEntry> all = new java.util.ArrayList<>(entries());
        assertSurvives(HourEntriesSerializer.INSTANCE, all, HourEntrySerializerTest::fieldsOf);
        assertSurvives(
                HourEntriesSerializer.INSTANCE,
                new java.util.ArrayList<>(List.of(entries().get(1))),
                HourEntrySerializerTest::fieldsOf);
        assertSurvives(
                HourEntriesSerializer.INSTANCE,
                new java.util.ArrayList<HourEntry>(),
                HourEntrySerializerTest::fieldsOf);
        java.util.Collections.reverse(all);
        assertSurvives(HourEntriesSerializer.INSTANCE, all, HourEntrySerializerTest::fieldsOf);
    }

    /**
     * A code's rows as they were written before their heads stood together (a count of zero or
     * more, each row's head and then its values) read as they were; in columns, a day of them
     * takes at most 90 % of the bytes (84 % when written) as the snapshot writes them (compressed).
     */
    @Test
    void aCodesRowsWrittenBeforeTheColumnsReadAsTheyWere() throws Exception {
        java.util.Random rnd = new java.util.Random(4);
        List<HourEntry> day = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            double avg = 35 + rnd.nextGaussian();
            day.add(entry(HOUR + i * 3_600_000L, true, avg, avg * 1.4, null, null, 600));
        }
        DataOutputSerializer rows = new DataOutputSerializer(1024);
        CompactNumbers.writeVarLong(day.size(), rows);
        long base = 0;
        for (HourEntry e : day) {
            HourEntrySerializer.write(e, base, rows);
            base = e.periodStart / LocalTimes.HOUR_MS;
        }
        DataInputDeserializer in = new DataInputDeserializer(rows.getCopyOfBuffer());
        assertEquals(fieldsOf(day), fieldsOf(HourEntriesSerializer.INSTANCE.deserialize(in)));
        assertEquals(0, in.available(), "every byte read");
        int inRows = org.cemsflow.testkit.SerializerChecks.compressed(rows.getCopyOfBuffer());
        int inColumns =
                org.cemsflow.testkit.SerializerChecks.compressed(
                        bytes(HourEntriesSerializer.INSTANCE, day));
        assertTrue(10 * inColumns <= 9 * inRows, inColumns + " bytes against " + inRows);
    }

    /** A day of rows: each hour after the first in a byte, two fewer than the hours since 1970. */
    @Test
    void aDaysRowsTakeTwoBytesAnHourFewerThanAsTheListSerializerWroteThem() throws Exception {
        List<HourEntry> day = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // means that are no quotient of a decimal sum: written whole either way
            day.add(entry(HOUR + i * 3_600_000L, true, Math.sqrt(35.0 + i), null, null, null, 60));
        }
        int now = bytes(HourEntriesSerializer.INSTANCE, day).length;
        TypeSerializer<List<HourEntry>> before =
                Types.LIST(HourEntrySerializer.TYPE).createSerializer(new SerializerConfigImpl());
        int then = bytes(before, day).length;
        assertEquals(then - 3 - 23 * 2, now, now + " against " + then);
        assertSnapshotRestoresItself(HourEntriesSerializer.INSTANCE);
    }

    /**
     * A day of a stack's and of an outfall's hourly rows as the hourly mean makes them: a mean that
     * is a sum of two-decimal readings over their count (added up as the hourly means add them), a
     * volume that is the mean flow times the hour's factor, a mass that is mean times volume times
     * the kilograms' factor, and on the stack a corrected mean at the reference O2 for such a mean
     * of O2. Every value comes back bit for bit, and the day takes at most 60 % of
     * the bytes (compressed, as the snapshot writes them) of a day of values that are none of
     * those, written whole.
     */
    @Test
    void aDaysMeansVolumesAndMassesTakeTheirSumsNotEightBytesEach() throws Exception {
        java.util.Random rnd = new java.util.Random(8);
        for (boolean water : new boolean[] {false, true}) {
            double factor =
                    water
                            ? HourlyMeanAggregate.WATER_M3_PER_FLOW
                            : HourlyMeanAggregate.AIR_M3_PER_FLOW;
            double kg = water ? HourlyMeanAggregate.WATER_KG : HourlyMeanAggregate.AIR_KG;
            List<HourEntry> day = new java.util.ArrayList<>();
            List<HourEntry> whole = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i == 5 ? 37 : 60;
                double avg = hourlyMean(rnd, n, 120, 3);
                double volume = hourlyMean(rnd, n, 12, 0.5) * factor;
                Double zs =
                        water
                                ? null
                                : org.cemsflow.model.Codes.o2Corrected(
                                        avg, 6.0, hourlyMean(rnd, n, 9, 0.3));
                long start = HOUR + i * 3_600_000L;
                HourEntry e = entry(start, true, avg, zs, volume, avg * volume * kg, 600);
                day.add(water ? e : withO2Ref(e, 6.0));
                HourEntry w =
                        entry(
                                start,
                                true,
                                avg * Math.PI,
                                water ? null : zs * Math.PI,
                                volume * Math.PI,
                                avg * volume * kg * Math.PI,
                                600);
                whole.add(water ? w : withO2Ref(w, 6.0));
            }
            assertSurvives(HourEntriesSerializer.INSTANCE, day, HourEntrySerializerTest::fieldsOf);
            assertSurvives(
                    HourEntriesSerializer.INSTANCE, whole, HourEntrySerializerTest::fieldsOf);
            int quotients =
                    org.cemsflow.testkit.SerializerChecks.compressed(
                            bytes(HourEntriesSerializer.INSTANCE, day));
            int doubles =
                    org.cemsflow.testkit.SerializerChecks.compressed(
                            bytes(HourEntriesSerializer.INSTANCE, whole));
            assertTrue(
                    5 * quotients <= 3 * doubles,
                    (water ? "water: " : "air: ") + quotients + " bytes against " + doubles);
        }
    }

    /**
     * Lists of rows of every form mixed (means that are quotients, decimals or neither, with or
     * without a corrected mean, a volume and a mass of either kind or of neither): each comes back
     * bit for bit, alone and in its list.
     */
    @Test
    void rowsOfEveryFormMixedComeBackBitForBit() throws Exception {
        java.util.Random rnd = new java.util.Random(30);
        for (int list = 0; list < 500; list++) {
            List<HourEntry> rows = new java.util.ArrayList<>();
            for (int i = rnd.nextInt(30); i >= 0; i--) {
                int n = 1 + rnd.nextInt(60);
                Double avg = pick(rnd, hourlyMean(rnd, n, 60, 20), 60.875, Math.PI * 20, null);
                Double o2Ref = pick(rnd, 6.0, 10.0, Math.E, null);
                Double zs =
                        avg == null || o2Ref == null || rnd.nextInt(4) == 0
                                ? pick(rnd, 41.2, Math.PI, null, null)
                                : org.cemsflow.model.Codes.o2Corrected(
                                        avg,
                                        o2Ref,
                                        pick(rnd, hourlyMean(rnd, n, 12, 4), 9.5, Math.E, 9.0));
                boolean water = rnd.nextBoolean();
                Double volume =
                        pick(
                                rnd,
                                hourlyMean(rnd, n, 12, 2)
                                        * (water
                                                ? HourlyMeanAggregate.WATER_M3_PER_FLOW
                                                : HourlyMeanAggregate.AIR_M3_PER_FLOW),
                                1.8e6,
                                Math.PI * 1e5,
                                null);
                Double kg =
                        avg == null || volume == null || rnd.nextInt(4) == 0
                                ? pick(rnd, 63.25, Math.PI, null, null)
                                : avg
                                        * volume
                                        * (water
                                                ? HourlyMeanAggregate.WATER_KG
                                                : HourlyMeanAggregate.AIR_KG);
                HourEntry e =
                        entry(
                                HOUR + rnd.nextInt(40) * 3_600_000L,
                                rnd.nextBoolean(),
                                avg,
                                zs,
                                volume,
                                kg,
                                n);
                e.o2Ref = o2Ref;
                assertSurvives(COMPACT, e, HourEntrySerializerTest::fields);
                rows.add(e);
            }
            assertSurvives(HourEntriesSerializer.INSTANCE, rows, HourEntrySerializerTest::fieldsOf);
        }
    }

    @SafeVarargs
    static <T> T pick(java.util.Random rnd, T... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    static String fieldsOf(List<HourEntry> l) {
        return l.stream().map(HourEntrySerializerTest::fields).toList().toString();
    }

    /** {@link DayBucket} as its POJO type was before its rows were compact. */
    static TypeInformation<DayBucket> dayBucketBefore() throws Exception {
        return dayBucketBefore(Types.LIST(Types.POJO(HourEntry.class)));
    }

    /** {@link DayBucket} with each code's rows as {@code rows} wrote them. */
    static TypeInformation<DayBucket> dayBucketBefore(TypeInformation<List<HourEntry>> rows)
            throws Exception {
        return new PojoTypeInfo<>(
                DayBucket.class,
                List.of(
                        new PojoField(
                                DayBucket.class.getField("codes"), Types.MAP(Types.STRING, rows)),
                        new PojoField(DayBucket.class.getField("pointId"), Types.STRING),
                        new PojoField(DayBucket.class.getField("revision"), Types.INT),
                        new PojoField(DayBucket.class.getField("unitId"), Types.STRING)));
    }

    static void hours(
            KeyedOneInputStreamOperatorTestHarness<String, Aggregate, Aggregate> h,
            int from,
            int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            long start = DailyAggregatorTest.DAY + i * LocalTimes.HOUR_MS;
            for (String code : List.of("a21026", "a00000")) {
                Aggregate a =
                        DailyAggregatorTest.hour(
                                code, start, 30.0 + i / 7.0, i % 9 != 4, 1.5e6 + i, 1);
                h.processElement(Harnesses.at(a, start + LocalTimes.HOUR_MS - 1));
            }
        }
    }

    /** Half a day of two codes in the state as written before, the other half after: one day. */
    @Test
    void dailyStateThePojoSerializerWroteIsRestoredAndTheDayComesOutTheSame() throws Exception {
        restoredDayComesOutTheSame(dayBucketBefore());
    }

    /** As above, the rows written by Flink's list serializer of compact rows (stop 34's state). */
    @Test
    void dailyStateOfListsOfCompactRowsIsRestoredAndTheDayComesOutTheSame() throws Exception {
        restoredDayComesOutTheSame(dayBucketBefore(Types.LIST(HourEntrySerializer.TYPE)));
    }

    private static void restoredDayComesOutTheSame(TypeInformation<DayBucket> stateBefore)
            throws Exception {
        AggregationParams params = AggregationParams.of(DailyAggregatorTest.SETTINGS);
        var whole = Harness.daily(new DailyAggregator(params));
        hours(whole, 0, 24);
        whole.processWatermark(DailyAggregatorTest.DAY + LocalTimes.DAY_MS - 1);
        List<String> expected = Harness.output(whole).stream().map(Aggregate::toString).toList();
        assertEquals(2, expected.size(), expected.toString());

        var before = Harness.daily(new DailyAggregator(params, stateBefore));
        hours(before, 0, 12);
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();
        var after = Harnesses.keyed(new DailyAggregator(params), Aggregate::getMn);
        after.initializeState(savepoint);
        after.open();
        hours(after, 12, 24);
        after.processWatermark(DailyAggregatorTest.DAY + LocalTimes.DAY_MS - 1);
        assertEquals(expected, Harness.output(after).stream().map(Aggregate::toString).toList());
    }

    @Test
    void dailyStateThePojoSerializerWroteIsMigrated() {
        assertSnapshotRestoresItself(COMPACT);
        TypeSerializer<Map<String, List<HourEntry>>> before =
                Types.MAP(Types.STRING, Types.LIST(Types.POJO(HourEntry.class)))
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializer<Map<String, List<HourEntry>>> listOfCompact =
                Types.MAP(Types.STRING, Types.LIST(HourEntrySerializer.TYPE))
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializer<Map<String, List<HourEntry>>> now =
                Types.MAP(Types.STRING, HourEntriesSerializer.TYPE)
                        .createSerializer(new SerializerConfigImpl());
        for (var then : List.of(before, listOfCompact)) {
            assertTrue(
                    now.snapshotConfiguration()
                            .resolveSchemaCompatibility(then.snapshotConfiguration())
                            .isCompatibleAfterMigration());
        }
        assertTrue(
                now.snapshotConfiguration()
                        .resolveSchemaCompatibility(now.snapshotConfiguration())
                        .isCompatibleAsIs());
    }
}
