package org.cemsflow.aggregation;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.cemsflow.ingestion.CompactNumbers;
import org.junit.jupiter.api.Test;

/**
 * A code's hour accumulators come back field for field from the compact form, take a fraction of
 * the POJO serializer's bytes when a kind or two is used and under half the fixed-width form's
 * for a monitor's values, the fixed-width form written before still reads, and hourly state the
 * POJO serializer wrote is migrated on restore (the hours' map resolves as compatible after
 * migration).
 */
class CodeHourAccSerializerTest {
    static final TypeSerializer<CodeHourAcc> COMPACT = CodeHourAccSerializer.INSTANCE;
    static final TypeSerializer<CodeHourAcc> POJO =
            TypeInformation.of(CodeHourAcc.class).createSerializer(new SerializerConfigImpl());

    static String fields(CodeHourAcc a) {
        StringBuilder b = new StringBuilder();
        for (KindAcc k : List.of(a.minute, a.hour, a.realtime)) {
            b.append(k.present)
                    .append(',')
                    .append(k.validCount)
                    .append(',')
                    .append(Double.doubleToRawLongBits(k.sum))
                    .append(',')
                    .append(Double.doubleToRawLongBits(k.min))
                    .append(',')
                    .append(Double.doubleToRawLongBits(k.max))
                    .append(',')
                    .append(k.validMinutes)
                    .append(';');
        }
        return b.toString();
    }

    static List<CodeHourAcc> accumulators() {
        List<CodeHourAcc> all = new ArrayList<>();
        all.add(new CodeHourAcc());
        CodeHourAcc minutes = new CodeHourAcc();
        for (int m = 0; m < 60; m++) {
            minutes.minute.add(30 + m % 7, null, null, true, m);
        }
        minutes.realtime.add(12, 11.0, 13.0, false, 5); // present, nothing valid
        all.add(minutes);
        CodeHourAcc odd = new CodeHourAcc();
        odd.hour.add(-0.0, -1.0, Double.NaN, true, 0);
        odd.realtime.present = false;
        odd.realtime.sum = -0.0; // not what add() leaves, kept all the same
        all.add(odd);
        CodeHourAcc invalidOnly = new CodeHourAcc();
        invalidOnly.minute.add(1, null, null, false, 1);
        invalidOnly.hour.add(2, null, null, false, 1);
        invalidOnly.realtime.add(3, null, null, false, 1);
        all.add(invalidOnly);
        CodeHourAcc decimals = new CodeHourAcc();
        for (int m = 0; m < 45; m += 2) { // a monitor's values, 23 minutes of the hour
            decimals.realtime.add(0.1 * m + 40.12, 40.005, 49.999, true, m);
        }
        decimals.minute.add(0.1 + 0.2, null, null, true, 59); // 0.30000000000000004
        decimals.hour.add(Double.MAX_VALUE, Double.NEGATIVE_INFINITY, 1e-300, true, 3);
        decimals.hour.validMinutes |= 1L << 63; // beyond the hour's minutes, kept all the same
        all.add(decimals);
        CodeHourAcc masks = new CodeHourAcc();
        masks.minute.add(1, null, null, true, 0);
        masks.minute.validMinutes = -1L; // every bit
        masks.hour.add(1, null, null, true, 5); // a run of none
        masks.realtime.add(1, null, null, true, 0);
        masks.realtime.validMinutes = Long.MAX_VALUE; // a run of 63
        all.add(masks);
        CodeHourAcc large = new CodeHourAcc(); // a minimum too large to scale by the count
        large.minute.add(2e9, null, null, true, 0);
        large.minute.add(2e9 + 0.5, null, null, true, 1);
        large.realtime.add(-7.25, null, null, true, 0); // a negative minimum and sum
        large.realtime.add(-1, null, null, true, 1);
        all.add(large);
        return all;
    }

    /**
     * A kind whose minimum, maximum and sum are multiples of a hundredth (a monitor's values of two
     * decimals) counts them in hundredths, a byte fewer for each of them here; a third decimal in
     * one value keeps the kind in thousandths. Both come back bit for bit.
     */
    @Test
    void aKindOfValuesOfTwoDecimalsCountsHundredths() throws Exception {
        java.util.Random rnd = new java.util.Random(1);
        CodeHourAcc two = new CodeHourAcc();
        CodeHourAcc three = new CodeHourAcc();
        for (int m = 0; m < 60; m++) {
            double v = Math.round((40 + 8 * rnd.nextGaussian()) * 100) / 100.0;
            two.minute.add(v, null, null, true, m);
            three.minute.add(m == 30 ? v + 0.001 : v, null, null, true, m);
        }
        int hundredths = bytes(CodeHourAccSerializer.INSTANCE, two).length;
        int thousandths = bytes(CodeHourAccSerializer.INSTANCE, three).length;
        assertTrue(hundredths + 3 <= thousandths, hundredths + " against " + thousandths);
        assertSurvives(CodeHourAccSerializer.INSTANCE, two, CodeHourAccSerializerTest::fields);
        assertSurvives(CodeHourAccSerializer.INSTANCE, three, CodeHourAccSerializerTest::fields);
    }

    /** The form of values written before the compact one: fixed width. */
    static byte[] fixedWidth(CodeHourAcc a) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (KindAcc k : List.of(a.minute, a.hour, a.realtime)) {
            if (k.noValues()) {
                out.writeByte(k.present ? 1 : 0);
                continue;
            }
            out.writeByte(2);
            out.writeBoolean(k.present);
            out.writeInt(k.validCount);
            out.writeDouble(k.sum);
            out.writeDouble(k.min);
            out.writeDouble(k.max);
            out.writeLong(k.validMinutes);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void accumulatorsWrittenInTheFixedWidthFormReadAsTheyWere() throws Exception {
        for (CodeHourAcc a : accumulators()) {
            DataInputDeserializer in = new DataInputDeserializer(fixedWidth(a));
            assertEquals(fields(a), fields(COMPACT.deserialize(in)));
            assertEquals(0, in.available(), "every byte read");
        }
    }

    /**
     * The compact form written before the relative one: the flags in a byte of their own after the
     * form's, the count, then the sum, minimum and maximum each whole (in thousandths when a
     * decimal).
     */
    static byte[] compactBefore(CodeHourAcc a) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (KindAcc k : List.of(a.minute, a.hour, a.realtime)) {
            if (k.noValues()) {
                out.writeByte(k.present ? 1 : 0);
                continue;
            }
            long sum = CompactNumbers.thousandths(k.sum);
            long min = CompactNumbers.thousandths(k.min);
            long max = CompactNumbers.thousandths(k.max);
            out.writeByte(3);
            out.writeByte(
                    (k.present ? 1 : 0)
                            | (sum != CompactNumbers.NOT_DECIMAL ? 2 : 0)
                            | (min != CompactNumbers.NOT_DECIMAL ? 4 : 0)
                            | (max != CompactNumbers.NOT_DECIMAL ? 8 : 0));
            CompactNumbers.writeVarLong(k.validCount, out);
            CompactNumbers.writeNumber(k.sum, sum, out);
            CompactNumbers.writeNumber(k.min, min, out);
            CompactNumbers.writeNumber(k.max, max, out);
            int run = Long.numberOfTrailingZeros(~k.validMinutes);
            out.writeByte(run);
            CompactNumbers.writeVarLong(run == 64 ? 0 : k.validMinutes >>> run, out);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void accumulatorsWrittenInTheCompactFormBeforeReadAsTheyWere() throws Exception {
        for (CodeHourAcc a : accumulators()) {
            DataInputDeserializer in = new DataInputDeserializer(compactBefore(a));
            assertEquals(fields(a), fields(COMPACT.deserialize(in)));
            assertEquals(0, in.available(), "every byte read");
        }
    }

    /**
     * A code's hour of minute and real-time values, as a monitor sends them: with the maximum as
     * its distance from the minimum, the sum as its distance from count x minimum, the count in a
     * byte and the flags in the form's byte, each kind takes at least three bytes fewer than in
     * the compact form before.
     */
    @Test
    void aKindTakesThreeBytesFewerThanInTheCompactFormBefore() throws Exception {
        CodeHourAcc a = new CodeHourAcc();
        java.util.Random rnd = new java.util.Random(3);
        for (int s = 0; s < 3600; s += 30) {
            double v = Math.round((60 + 6 * rnd.nextGaussian()) * 100) / 100.0;
            if (s % 60 == 0) {
                a.minute.add(v, null, null, true, s / 60);
            }
            a.realtime.add(v, null, null, true, s / 60);
        }
        int now = bytes(COMPACT, a).length;
        int before = compactBefore(a).length;
        assertTrue(now + 6 <= before, now + " bytes against " + before);
        assertEquals(
                fields(a), fields(assertSurvives(COMPACT, a, CodeHourAccSerializerTest::fields)));
    }

    /**
     * An hour of a monitor's minute values (three decimals at most) takes under half the
     * fixed-width bytes, and so does a half hour of them.
     */
    @Test
    void anHourOfAMonitorsValuesTakesUnderHalfTheFixedWidthBytes() throws Exception {
        for (int minutes : new int[] {60, 30}) {
            CodeHourAcc a = new CodeHourAcc();
            for (int m = 0; m < minutes; m++) {
                a.minute.add(35.125 + (m % 7) * 0.5, null, null, true, m);
            }
            int now = bytes(COMPACT, a).length;
            int before = fixedWidth(a).length;
            assertTrue(2 * now < before, minutes + " minutes: " + now + " against " + before);
        }
    }

    @Test
    void everyFieldSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (CodeHourAcc a : accumulators()) {
            CodeHourAcc copy = assertSurvives(COMPACT, a, CodeHourAccSerializerTest::fields);
            assertNotSame(a.minute, copy.minute);
        }
    }

    /** An hour of minute records with realtime records beside them, as most codes come. */
    @Test
    void aCodeOfTwoKindsTakesUnderHalfThePojoBytes() throws Exception {
        CodeHourAcc a = accumulators().get(1);
        int now = bytes(COMPACT, a).length;
        int before = bytes(POJO, a).length;
        assertTrue(2 * now < before, now + " against " + before);
    }

    @Test
    void hourlyStateThePojoSerializerWroteIsMigrated() {
        assertSnapshotRestoresItself(COMPACT);
        TypeSerializer<Map<String, CodeHourAcc>> before =
                Types.MAP(Types.STRING, TypeInformation.of(CodeHourAcc.class))
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializer<Map<String, CodeHourAcc>> now =
                Types.MAP(Types.STRING, CodeHourAccSerializer.TYPE)
                        .createSerializer(new SerializerConfigImpl());
        assertTrue(
                now.snapshotConfiguration()
                        .resolveSchemaCompatibility(before.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }
}
