package org.cemsflow.aggregation;

import static org.cemsflow.aggregation.Harness.at;
import static org.cemsflow.aggregation.Harness.output;
import static org.cemsflow.aggregation.HourlyAggregatorTest.H;
import static org.cemsflow.aggregation.HourlyAggregatorTest.MIN;
import static org.cemsflow.aggregation.HourlyAggregatorTest.SETTINGS;
import static org.cemsflow.aggregation.HourlyAggregatorTest.reading;
import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.StringValue;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.testkit.SerializerChecks;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * A device's hour comes back from its compact form field for field (nulls, offsets that are not
 * whole seconds and a reference O2 that is no decimal included), its codes in the order the POJO
 * serializer's map gave them; an hour of minute records takes well under the POJO serializer's
 * bytes; and hourly state the POJO serializer wrote in a savepoint is restored and emitted as if
 * the job never stopped.
 */
class HourBucketSerializerTest {
    static final TypeSerializer<HourBucket> COMPACT = HourBucketSerializer.INSTANCE;
    static final TypeInformation<HourBucket> POJO_TYPE = TypeInformation.of(HourBucket.class);
    static final TypeSerializer<HourBucket> POJO =
            POJO_TYPE.createSerializer(new SerializerConfigImpl());

    static String fields(HourBucket b) {
        StringBuilder s = new StringBuilder();
        if (b.codes == null) {
            s.append("no codes");
        } else {
            for (Map.Entry<String, CodeHourAcc> e : b.codes.entrySet()) {
                s.append(e.getKey())
                        .append('=')
                        .append(CodeHourAccSerializerTest.fields(e.getValue()));
            }
        }
        return s.append('|')
                .append(Arrays.toString(b.minuteRecordOffsets))
                .append('|')
                .append(b.pointId)
                .append('|')
                .append(b.unitId)
                .append('|')
                .append(b.o2Ref == null ? null : Double.doubleToRawLongBits(b.o2Ref))
                .append('|')
                .append(b.minuteInterval)
                .append('|')
                .append(b.readings)
                .append('|')
                .append(b.revision)
                .append('|')
                .append(b.corrected)
                .toString();
    }

    /** An hour of a stack's minute records: ten codes, every minute. */
    static HourBucket stackHour() {
        HourBucket b = new HourBucket();
        List<CodeHourAcc> accs = CodeHourAccSerializerTest.accumulators();
        String[] codes = {
            "a21026", "a21002", "a34013", "a19001", "a01011", "a01012", "a01013", "a01014",
            "a00000", "a21005"
        };
        for (int i = 0; i < codes.length; i++) {
            b.codes.put(codes[i], accs.get(1 + i % (accs.size() - 1)));
        }
        b.minuteRecordOffsets = new int[60];
        for (int m = 0; m < 60; m++) {
            b.minuteRecordOffsets[m] = (int) (m * MIN);
        }
        b.pointId = "stack-1";
        b.unitId = "unit-1";
        b.o2Ref = 6.0;
        b.readings = 600;
        return b;
    }

    static List<HourBucket> buckets() {
        List<HourBucket> all = new ArrayList<>();
        all.add(new HourBucket());
        HourBucket stack = stackHour();
        all.add(stack);
        HourBucket odd = stackHour();
        odd.minuteRecordOffsets = new int[] {0, 1, 59_999, 600_000, 3_599_999}; // not whole seconds
        odd.o2Ref = 0.1 + 0.2;
        odd.minuteInterval = 10;
        odd.revision = 3;
        odd.corrected = true;
        odd.unitId = null;
        all.add(odd);
        HourBucket nulls = new HourBucket();
        nulls.codes = null;
        nulls.minuteRecordOffsets = null;
        nulls.o2Ref = -0.0;
        nulls.readings = Integer.MAX_VALUE;
        all.add(nulls);
        return all;
    }

    @Test
    void everyFieldSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (HourBucket b : buckets()) {
            HourBucket copy = assertSurvives(COMPACT, b, HourBucketSerializerTest::fields);
            if (b.codes != null) {
                assertNotSame(b.codes, copy.codes);
                for (String code : b.codes.keySet()) {
                    assertNotSame(b.codes.get(code), copy.codes.get(code));
                }
            }
            // the codes come in the order the POJO serializer's map gave them (the rows' order)
            assertEquals(
                    fields(POJO.deserialize(new DataInputDeserializer(bytes(POJO, b)))),
                    fields(roundTrip(COMPACT, b)));
        }
    }

    /**
     * Codes of a letter and five digits are packed in a number, four bytes or more fewer each than
     * the string; any other code comes back as the string it was.
     */
    @Test
    void codesOfALetterAndFiveDigitsArePackedAndOthersComeBackAsTheyWere() throws Exception {
        HourBucket packed = stackHour();
        HourBucket strings = new HourBucket();
        for (var e : packed.codes.entrySet()) {
            strings.codes.put(e.getKey().toUpperCase(java.util.Locale.ROOT), e.getValue());
        }
        strings.minuteRecordOffsets = packed.minuteRecordOffsets;
        strings.pointId = packed.pointId;
        strings.unitId = packed.unitId;
        strings.o2Ref = packed.o2Ref;
        strings.readings = packed.readings;
        int now = bytes(COMPACT, packed).length;
        int unpacked = bytes(COMPACT, strings).length;
        assertTrue(now + 4 * packed.codes.size() <= unpacked, now + " against " + unpacked);
        HourBucket odd = new HourBucket();
        for (String code :
                List.of(
                        "a00000", "z99999", "w01018", "a2102", "a210260", "A21026", "a2102x", "SB1",
                        "011", "", "é21026", "a-1026")) {
            odd.codes.put(code, new CodeHourAcc());
        }
        assertSurvives(COMPACT, odd, HourBucketSerializerTest::fields);
    }

    /** An hour written before its codes were packed (the strings, no flag for them) reads as it was. */
    @Test
    void anHourWithItsCodesAsStringsReadsAsItWas() throws Exception {
        HourBucket b = new HourBucket();
        b.codes.put("a21026", CodeHourAccSerializerTest.accumulators().get(1));
        b.codes.put("SB1", CodeHourAccSerializerTest.accumulators().get(2));
        b.minuteRecordOffsets = null;
        b.readings = 61;
        b.revision = 2;
        DataOutputSerializer out = new DataOutputSerializer(128);
        CompactNumbers.writeVarLong(256, out); // no offsets, nothing else
        CompactNumbers.writeVarLong(b.codes.size(), out);
        for (var e : b.codes.entrySet()) {
            StringValue.writeString(e.getKey(), out);
            CodeHourAccSerializer.INSTANCE.serialize(e.getValue(), out);
        }
        CompactNumbers.writeVarLong(b.readings, out);
        CompactNumbers.writeVarLong(b.revision, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        // as the packed form reads it: a map filled in the written order
        assertEquals(fields(roundTrip(COMPACT, b)), fields(COMPACT.deserialize(in)));
        assertEquals(0, in.available(), "every byte read");
    }

    /**
     * An hour as it was written before its codes' accumulators stood in columns (each after its
     * code) reads as it was.
     */
    @Test
    void anHourWithEachCodesAccumulatorsAfterItReadsAsItWas() throws Exception {
        HourBucket b = stackHour();
        b.minuteRecordOffsets = null;
        b.pointId = null;
        b.unitId = null;
        b.o2Ref = null;
        DataInputDeserializer in = new DataInputDeserializer(inRows(b));
        assertEquals(fields(roundTrip(COMPACT, b)), fields(COMPACT.deserialize(in)));
        assertEquals(0, in.available(), "every byte read");
    }

    /** {@code b} (codes, readings and revision only) as written before the columns. */
    static byte[] inRows(HourBucket b) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(512);
        CompactNumbers.writeVarLong(256 | 512, out); // no offsets, codes packed, nothing else
        CompactNumbers.writeVarLong(b.codes.size(), out);
        for (var e : b.codes.entrySet()) {
            CompactNumbers.writeVarLong(HourBucketSerializer.packed(e.getKey()) + 1, out);
            CodeHourAccSerializer.INSTANCE.serialize(e.getValue(), out);
        }
        CompactNumbers.writeVarLong(b.readings, out);
        CompactNumbers.writeVarLong(b.revision, out);
        return out.getCopyOfBuffer();
    }

    /**
     * Written as the snapshot writes them (compressed), 7 hours of a stack's ten codes (minute
     * records and real-time ones, values of two decimals that scatter) take at most 85 % of the
     * bytes in columns (80 % when written) that they took with each code's accumulators after it.
     */
    @Test
    void inColumnsAStacksHoursCompressBetter() throws Exception {
        java.util.Random rnd = new java.util.Random(2);
        DataOutputSerializer rows = new DataOutputSerializer(8192);
        DataOutputSerializer columns = new DataOutputSerializer(8192);
        for (int h = 0; h < 7; h++) {
            HourBucket b = new HourBucket();
            b.minuteRecordOffsets = null;
            for (String code : stackHour().codes.keySet()) {
                double mean = 10 + rnd.nextInt(200);
                CodeHourAcc acc = new CodeHourAcc();
                for (int m = 0; m < 60; m++) {
                    acc.minute.add(value(mean, rnd), null, null, true, m);
                    acc.realtime.add(value(mean, rnd), null, null, true, m);
                    acc.realtime.add(value(mean, rnd), null, null, true, m);
                }
                b.codes.put(code, acc);
            }
            b.readings = 1800;
            rows.write(inRows(b));
            columns.write(bytes(COMPACT, b));
            assertEquals(fields(b), fields(roundTrip(COMPACT, b)));
        }
        int inRows = SerializerChecks.compressed(rows.getCopyOfBuffer());
        int inColumns = SerializerChecks.compressed(columns.getCopyOfBuffer());
        assertTrue(20 * inColumns <= 17 * inRows, inColumns + " bytes against " + inRows);
    }

    private static double value(double mean, java.util.Random rnd) {
        return Math.round((mean + mean / 20 * rnd.nextGaussian()) * 100) / 100.0;
    }

    @Test
    void anHourOfMinuteRecordsTakesWellUnderThePojoBytes() throws Exception {
        HourBucket b = stackHour();
        int now = bytes(COMPACT, b).length;
        int before = bytes(POJO, b).length;
        assertTrue(4 * now < 3 * before, now + " against " + before);
        var snapshot = assertSnapshotRestoresItself(COMPACT);
        assertTrue(
                snapshot.resolveSchemaCompatibility(POJO.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, Aggregate> hourly(
            TypeInformation<HourBucket> type, OperatorSubtaskState restoreFrom) throws Exception {
        var h =
                Harnesses.keyed(
                        new HourlyAggregator(AggregationParams.of(SETTINGS), type),
                        (DecodedFrame u) -> u.mn);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    static void minutes(
            KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, Aggregate> h,
            int from,
            int to)
            throws Exception {
        for (int m = from; m < to; m++) {
            for (String code : List.of("a21026", "a21002", "a19001")) {
                long t = H + m * MIN;
                h.processElement(
                        at(reading("AIR", RecordKind.MINUTE, code, t, 20 + m % 9 * 0.25, "N"), t));
            }
        }
    }

    @Test
    void hoursThePojoSerializerWroteAreRestoredAndEmittedAsIfNeverStopped() throws Exception {
        var now = hourly(HourBucketSerializer.TYPE, null);
        var before = hourly(POJO_TYPE, null);
        for (var h : List.of(now, before)) {
            minutes(h, 0, 40);
        }
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();
        var restored = hourly(HourBucketSerializer.TYPE, savepoint);
        for (var h : List.of(now, restored)) {
            minutes(h, 40, 70); // the rest of the hour and ten minutes of the next
            h.processWatermark(H + 2 * LocalTimes.HOUR_MS);
        }
        List<Aggregate> rows = output(restored);
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(output(now), rows);
    }
}
