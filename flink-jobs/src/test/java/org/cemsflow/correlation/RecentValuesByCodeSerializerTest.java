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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.testkit.Harnesses;
import org.junit.jupiter.api.Test;

/**
 * SUDDEN_CHANGE's history comes back from its compact form value for value (bit for bit, rings
 * not yet full and values no monitor sends included), a window of a monitor's values takes under
 * half the POJO serializer's bytes, and a history the POJO serializer wrote in a savepoint is
 * restored and judged as if the job never stopped.
 */
class RecentValuesByCodeSerializerTest {
    static final TypeSerializer<RecentValuesByCode> COMPACT = RecentValuesByCodeSerializer.INSTANCE;
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

    @Test
    void everyValueSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (RecentValuesByCode h : histories()) {
            RecentValuesByCode back = roundTrip(COMPACT, h);
            assertEquals(fields(h), fields(back));
            RecentValuesByCode copy = COMPACT.copy(h);
            assertEquals(fields(h), fields(copy));
            for (int i = 0; i < h.values.length; i++) {
                if (h.values[i] != null) {
                    assertNotSame(h.values[i].values, copy.values[i].values);
                    assertEquals(h.values[i].median(), back.values[i].median());
                }
            }
        }
    }

    @Test
    void aDevicesWindowsOfAMonitorsValuesTakeUnderHalfThePojoBytes() throws Exception {
        RecentValuesByCode h = histories().get(1);
        int now = bytes(COMPACT, h).length;
        int before = bytes(POJO, h).length;
        assertTrue(2 * now < before, now + " against " + before);
        var snapshot = assertSnapshotRestoresItself(COMPACT);
        assertTrue(
                snapshot.resolveSchemaCompatibility(POJO.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }

    /** Writes a device's history as the job did before: POJO state under the rule's name. */
    static final class PojoHistoryWriter
            extends KeyedProcessFunction<String, DecodedFrame, AlertEvent> {
        private final RecentValuesByCode history;
        private transient ValueState<RecentValuesByCode> state;

        PojoHistoryWriter(RecentValuesByCode history) {
            this.history = history;
        }

        @Override
        public void open(OpenContext ctx) {
            state =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "recent-values-by-code",
                                            TypeInformation.of(RecentValuesByCode.class)));
        }

        @Override
        public void processElement(DecodedFrame f, Context ctx, Collector<AlertEvent> out)
                throws Exception {
            state.update(history);
        }
    }

    @Test
    void aHistoryThePojoSerializerWroteIsRestoredAndJudgedAsIfNeverStopped() throws Exception {
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
                        new PojoHistoryWriter(COMPACT.copy(kept)), (DecodedFrame f) -> f.mn);
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
