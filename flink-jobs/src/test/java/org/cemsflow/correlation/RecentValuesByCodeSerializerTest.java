package org.cemsflow.correlation;

import static org.cemsflow.correlation.CorrelationDetectorsTest.MIN;
import static org.cemsflow.correlation.CorrelationDetectorsTest.T0;
import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.StringValue;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.testkit.Harnesses;
import org.junit.jupiter.api.Test;

/**
 * SUDDEN_CHANGE's history comes back from its compact form value for value (bit for bit, rings
 * not yet full and values no monitor sends included) and in rank order without a sort, a window
 * of a monitor's values takes under half the POJO serializer's bytes, and a history the POJO
 * serializer or the slot-order layout wrote in a savepoint is restored and judged as if the job
 * never stopped.
 */
class RecentValuesByCodeSerializerTest {
    static final TypeSerializer<RecentValuesByCode> COMPACT = RecentValuesByCodeSerializer.INSTANCE;
    static final TypeSerializer<RecentValuesByCode> SLOT_ORDER =
            RecentValuesByCodeSerializer.SlotOrder.INSTANCE;
    static final TypeSerializer<RecentValuesByCode> POJO =
            TypeInformation.of(RecentValuesByCode.class)
                    .createSerializer(new SerializerConfigImpl());

    static String fields(RecentValuesByCode h) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.keys.length; i++) {
            b.append(h.keys[i]).append(':');
            RecentValues r = h.values[i];
            if (r == null) {
                b.append("null;");
                continue;
            }
            b.append(r.size).append(',').append(r.head).append(',');
            for (double v : r.values) {
                b.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
            }
            b.append(';');
        }
        return b.toString();
    }

    /** A window of a monitor's values: two decimals around {@code level}. */
    static RecentValues window(Random rnd, int n, double level) {
        RecentValues r = new RecentValues();
        for (int i = 0; i < n; i++) {
            r.add(Math.round((level + rnd.nextGaussian()) * 100) / 100.0, 60);
        }
        return r;
    }

    static List<RecentValuesByCode> histories() {
        Random rnd = new Random(7);
        List<RecentValuesByCode> all = new ArrayList<>();
        all.add(new RecentValuesByCode());
        RecentValuesByCode device = new RecentValuesByCode();
        device.put("a21026|MINUTE", window(rnd, 60, 35)); // full
        device.put("a00000|MINUTE", window(rnd, 95, 60)); // full, wrapped: head mid-ring
        device.put("a21026|REALTIME", window(rnd, 12, -3)); // not full: zeros beyond its size
        all.add(device);
        RecentValuesByCode odd = new RecentValuesByCode();
        RecentValues r = new RecentValues();
        for (double v :
                new double[] {
                    0.1 + 0.2,
                    Double.NaN,
                    -0.0,
                    Double.NEGATIVE_INFINITY,
                    1e300,
                    Double.MIN_VALUE,
                    -123456.789,
                    9.007e12,
                    1e15,
                    2.5e15
                }) {
            r.add(v, 10);
        }
        odd.put("w01018|HOUR", r);
        odd.put("w00000|HOUR", null); // not made by the rule, kept all the same
        all.add(odd);
        return all;
    }

    /** The ranks of each window, as its order gives them (not rebuilt when present). */
    static String ranks(RecentValuesByCode h) {
        StringBuilder b = new StringBuilder();
        for (RecentValues r : h.values) {
            if (r != null) {
                b.append(java.util.Arrays.toString(java.util.Arrays.copyOf(r.order(), r.size)));
            }
        }
        return b.toString();
    }

    @Test
    void everyValueSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (TypeSerializer<RecentValuesByCode> s : List.of(COMPACT, SLOT_ORDER)) {
            for (RecentValuesByCode h : histories()) {
                RecentValuesByCode back = roundTrip(s, h);
                assertEquals(fields(h), fields(back));
                RecentValuesByCode copy = s.copy(h);
                assertEquals(fields(h), fields(copy));
                for (int i = 0; i < h.values.length; i++) {
                    if (h.values[i] != null) {
                        assertNotSame(h.values[i].values, copy.values[i].values);
                        assertEquals(h.values[i].median(), back.values[i].median());
                        assertEquals(
                                h.values[i].robustSd(h.values[i].median()),
                                back.values[i].robustSd(back.values[i].median()));
                    }
                }
            }
        }
    }

    /**
     * The ranked layout as its class comment states it, written plainly: each value's thousandths
     * computed afresh, a difference from the decimal before (what savepoints hold).
     */
    static byte[] asSpecified(RecentValuesByCode h) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        CompactNumbers.writeVarLong(h.keys.length, out);
        for (int i = 0; i < h.keys.length; i++) {
            StringValue.writeString(h.keys[i], out);
            RecentValues r = h.values[i];
            if (r == null) {
                CompactNumbers.writeVarLong(-1, out);
                continue;
            }
            int n = r.values.length;
            CompactNumbers.writeVarLong(n, out);
            CompactNumbers.writeVarLong(r.size, out);
            CompactNumbers.writeVarLong(r.head, out);
            long[] previous = {0};
            int[] order = r.order();
            for (int k = 0; k < r.size; k++) {
                CompactNumbers.writeVarLong(order[k], out);
                specifiedValue(r.values[order[k]], previous, out);
            }
            for (int k = 0; k < n - r.size; k++) {
                specifiedValue(r.values[(r.head + k) % n], previous, out);
            }
        }
        return out.getCopyOfBuffer();
    }

    private static void specifiedValue(double v, long[] previous, DataOutputSerializer out)
            throws Exception {
        long t = CompactNumbers.thousandths(Double.valueOf(v));
        if (t == CompactNumbers.NOT_DECIMAL) {
            CompactNumbers.writeVarLong(1, out);
            out.writeDouble(v);
        } else {
            CompactNumbers.writeVarLong(2 * (t - previous[0]), out);
            previous[0] = t;
        }
    }

    /**
     * The serializer writes the bytes the layout specifies (what savepoints hold, so a faster
     * writer must keep them), and reads them back: windows with repeats, values no monitor sends
     * between equal decimals, rings not yet full.
     */
    @Test
    void theBytesAreTheLayoutsAsSpecifiedAndReadBackAlike() throws Exception {
        List<RecentValuesByCode> all = new ArrayList<>(histories());
        Random rnd = new Random(11);
        double[] odd = {Double.NaN, -0.0, 0.0, 0.1 + 0.2, 1e300, 2.5e15};
        for (int h = 0; h < 200; h++) {
            RecentValuesByCode device = new RecentValuesByCode();
            for (int c = 0; c < 4; c++) {
                RecentValues r = new RecentValues();
                int n = 1 + rnd.nextInt(90);
                for (int i = 0; i < n; i++) {
                    double v =
                            rnd.nextInt(8) == 0
                                    ? odd[rnd.nextInt(odd.length)]
                                    : Math.round(rnd.nextGaussian() * 3) / 2.0; // many repeats
                    r.add(v, 60);
                }
                device.put("code" + c + "|MINUTE", r);
            }
            all.add(device);
        }
        for (RecentValuesByCode h : all) {
            byte[] specified = asSpecified(h);
            assertEquals(
                    java.util.Arrays.toString(specified),
                    java.util.Arrays.toString(bytes(COMPACT, h)),
                    fields(h));
            RecentValuesByCode back = COMPACT.deserialize(new DataInputDeserializer(specified));
            assertEquals(fields(h), fields(back));
            assertEquals(ranks(h), ranks(back));
        }
    }

    @Test
    void aWindowComesBackRankedAndGoesOnAsTheOriginal() throws Exception {
        RecentValuesByCode h = histories().get(1);
        RecentValuesByCode back = roundTrip(COMPACT, h);
        for (RecentValues r : back.values) {
            assertTrue(r.order != null, "read with its order, not sorted again");
        }
        assertEquals(ranks(h), ranks(back));
        Random rnd = new Random(11);
        for (int i = 0; i < 200; i++) {
            double v = Math.round((35 + 3 * rnd.nextGaussian()) * 10) / 10.0;
            for (RecentValuesByCode w : List.of(h, back)) {
                w.values[0].add(v, 60);
                w.values[2].add(-v, 60);
            }
            if (i % 37 == 0) {
                back = roundTrip(COMPACT, back);
            }
            assertEquals(fields(h), fields(back), "after " + i);
            assertEquals(ranks(h), ranks(back), "after " + i);
        }
    }

    @Test
    void aDevicesWindowsOfAMonitorsValuesTakeUnderHalfThePojoBytes() throws Exception {
        RecentValuesByCode h = histories().get(1);
        int now = bytes(COMPACT, h).length;
        int before = bytes(POJO, h).length;
        assertTrue(2 * now < before, now + " against " + before);
        int slotOrder = bytes(SLOT_ORDER, h).length;
        assertTrue(now <= slotOrder * 1.1, now + " against " + slotOrder + " in slot order");
        var snapshot = assertSnapshotRestoresItself(COMPACT);
        assertTrue(
                snapshot.resolveSchemaCompatibility(POJO.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }

    /**
     * A savepoint's snapshot of the slot-order layout (version 3 of a simple snapshot, no payload)
     * restores the serializer of that layout and asks for migration; the ranked one restores itself.
     */
    @Test
    void theSnapshotsVersionSaysTheLayout() throws Exception {
        for (var s : List.of(SLOT_ORDER, COMPACT)) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
            TypeSerializerSnapshot<RecentValuesByCode> read =
                    TypeSerializerSnapshot.readVersionedSnapshot(
                            new DataInputDeserializer(out.getCopyOfBuffer()),
                            getClass().getClassLoader());
            assertEquals(s, read.restoreSerializer());
            var compatibility = COMPACT.snapshotConfiguration().resolveSchemaCompatibility(read);
            assertEquals(s == COMPACT, compatibility.isCompatibleAsIs());
            assertEquals(s != COMPACT, compatibility.isCompatibleAfterMigration());
        }
        var other =
                castSnapshot(
                        org.apache.flink.api.common.typeutils.base.LongSerializer.INSTANCE
                                .snapshotConfiguration());
        assertTrue(
                COMPACT.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible());
    }

    @SuppressWarnings("unchecked")
    static TypeSerializerSnapshot<RecentValuesByCode> castSnapshot(TypeSerializerSnapshot<?> s) {
        return (TypeSerializerSnapshot<RecentValuesByCode>) s;
    }

    /** Writes a device's history as the job did before: under the rule's name, as {@code type}. */
    static final class HistoryWriter
            extends KeyedProcessFunction<String, DecodedFrame, AlertEvent> {
        private final RecentValuesByCode history;
        private final TypeInformation<RecentValuesByCode> type;
        private transient ValueState<RecentValuesByCode> state;

        HistoryWriter(RecentValuesByCode history, TypeInformation<RecentValuesByCode> type) {
            this.history = history;
            this.type = type;
        }

        @Override
        public void open(OpenContext ctx) {
            state =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("recent-values-by-code", type));
        }

        @Override
        public void processElement(DecodedFrame f, Context ctx, Collector<AlertEvent> out)
                throws Exception {
            state.update(history);
        }
    }

    @Test
    void aHistoryThePojoSerializerWroteIsRestoredAndJudgedAsIfNeverStopped() throws Exception {
        restoredAndJudgedAsIfNeverStopped(TypeInformation.of(RecentValuesByCode.class));
    }

    @Test
    void aHistoryInSlotOrderIsRestoredAndJudgedAsIfNeverStopped() throws Exception {
        restoredAndJudgedAsIfNeverStopped(
                org.cemsflow.ingestion.CompactTypeInfo.of(
                        RecentValuesByCode.class, RecentValuesByCodeSerializer.SlotOrder.INSTANCE));
    }

    void restoredAndJudgedAsIfNeverStopped(TypeInformation<RecentValuesByCode> before)
            throws Exception {
        var now = CorrelationDetectorsTest.device(SuddenChangeDetector.TYPE);
        Random rnd = new Random(5);
        for (int m = 0; m < 100; m++) {
            CorrelationDetectorsTest.stack(
                    now, m, Math.round((30 + rnd.nextGaussian()) * 100) / 100.0, null, 11, 50.5);
        }
        now.processWatermark(T0 + 100 * MIN - 1);
        CorrelationDetectorsTest.atStack(now);
        RecentValuesByCode kept = CorrelationDetectorsTest.history(now).value();
        assertEquals(2, kept.keys.length, java.util.Arrays.toString(kept.keys));

        var writer =
                Harnesses.keyed(
                        new HistoryWriter(COMPACT.copy(kept), before), (DecodedFrame f) -> f.mn);
        writer.open();
        DecodedFrame stack = new DecodedFrame();
        stack.mn = "STACK";
        writer.processElement(new StreamRecord<>(stack, T0));
        OperatorSubtaskState savepoint = writer.snapshot(1, 1);
        writer.close();

        var h =
                Harnesses.keyed(
                        new DeviceCorrelation(
                                CorrelationDetectorsTest.SETTINGS,
                                java.util.Set.of(SuddenChangeDetector.TYPE)),
                        (DecodedFrame f) -> f.mn);
        h.initializeState(savepoint);
        h.open();
        var restored = new CorrelationDetectorsTest.DeviceHarness(h);
        for (var d : List.of(now, restored)) {
            CorrelationDetectorsTest.stack(d, 100, 90, null, 11, 50.5);
            d.processWatermark(T0 + 101 * MIN);
        }
        List<AlertEvent> opened = restored.extractOutputValues();
        assertEquals(1, opened.size(), opened.toString());
        assertEquals(now.extractOutputValues(), opened);
    }
}
