package org.cemsflow.correlation;

import static org.cemsflow.correlation.CorrelationDetectorsTest.MIN;
import static org.cemsflow.correlation.CorrelationDetectorsTest.T0;
import static org.cemsflow.correlation.CorrelationDetectorsTest.reading;
import static org.cemsflow.correlation.CorrelationDetectorsTest.sig;
import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.testkit.SerializerChecks;
import org.junit.jupiter.api.Test;

/**
 * The unit rules' waiting inputs as one list and one timer per unit ({@link
 * org.cemsflow.time.EventTimeQueue}) decide exactly what a bucket and a timer per instant decided,
 * on streams out of order and with inputs behind the watermark; they take a fraction of the
 * buckets' timers and less than half of their checkpointed bytes; inputs that waited in
 * buckets in a savepoint go on in the list as if never stopped, and nothing of the queue is left
 * once every input has left; and the list's serializer reads back every input, in any order.
 */
class WaitingUnitInputsTest {
    static final Set<String> RULES =
            Set.of(
                    TreatmentNotRunningDetector.TYPE,
                    DataMissingWhileProducingDetector.TYPE,
                    DeclaredStopButRunningDetector.TYPE);

    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> unit(
            boolean queued) throws Exception {
        return unit(queued, WaitingUnitInputsSerializer.SIGNALS_COLUMNS);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> unit(
            boolean queued, int listLayout) throws Exception {
        return Harnesses.keyed(
                new UnitCorrelation(
                        CorrelationDetectorsTest.SETTINGS,
                        CorrelationDetectorsTest.REF,
                        RULES,
                        UnitInputTypeInfo.INSTANCE,
                        queued,
                        listLayout),
                (UnitInput u) -> u.unitId);
    }

    /** One arrival: a signal or, with {@code input} null, a watermark at {@code time}. */
    record Arrival(UnitInput input, long time) {}

    /**
     * Six hours of a unit: production with a stop, treatment off for half-hour spells, a stack
     * silent for more than an hour; each upload up to 20 minutes late, one in fifty two hours late
     * (behind the watermark), a watermark every 5 minutes an hour behind the arrivals.
     */
    static List<Arrival> stream(long seed) {
        return stream(seed, false);
    }

    /**
     * {@link #stream(long)}, where with {@code unitSilent} the whole unit is also silent for 35 to
     * 95 minutes: chunks of the waiting list are missing between those that hold inputs.
     */
    static List<Arrival> stream(long seed, boolean unitSilent) {
        Random rnd = new Random(seed);
        Random silence = new Random(-seed); // its own, so the stream is otherwise the same
        int silentFrom = 200 + silence.nextInt(60);
        int silentTo = unitSilent ? silentFrom + 35 + silence.nextInt(60) : silentFrom;
        List<long[]> order = new ArrayList<>(); // {arrival, index}
        List<UnitInput> inputs = new ArrayList<>();
        int stopFrom = 120 + rnd.nextInt(60), stopTo = stopFrom + 30 + rnd.nextInt(40);
        int gapFrom = 30 + rnd.nextInt(60), gapTo = gapFrom + 60 + rnd.nextInt(40);
        for (int m = 0; m < 360; m++) {
            long t = T0 + m * MIN;
            boolean producing = m < stopFrom || m >= stopTo;
            boolean treating = (m / 30) % 4 != 1;
            List<UnitInput> upload = new ArrayList<>();
            upload.add(sig(reading("PROD", "e10001", t, producing ? 800 : 0, RecordKind.REALTIME)));
            upload.add(sig(reading("TREAT", "e10001", t, treating ? 80 : 2, RecordKind.REALTIME)));
            upload.add(sig(reading("OUTFALL", "w00000", t, 3, RecordKind.REALTIME)));
            if (m < gapFrom || m >= gapTo) {
                upload.add(sig(reading("STACK", "a21026", t, 30, RecordKind.REALTIME)));
            }
            if (m >= silentFrom && m < silentTo) {
                continue;
            }
            for (UnitInput u : upload) {
                long delay = rnd.nextInt(50) == 0 ? 120 * MIN : (long) rnd.nextInt(20 * 60) * 1000;
                order.add(new long[] {t + delay, inputs.size()});
                inputs.add(u);
            }
        }
        order.sort(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]));
        List<Arrival> out = new ArrayList<>();
        long nextWatermark = T0 + 5 * MIN;
        for (long[] a : order) {
            while (a[0] >= nextWatermark) {
                out.add(new Arrival(null, nextWatermark - 60 * MIN));
                nextWatermark += 5 * MIN;
            }
            out.add(new Arrival(inputs.get((int) a[1]), a[0]));
        }
        out.add(new Arrival(null, T0 + 24 * 60 * MIN));
        return out;
    }

    /**
     * A checkpoint's bytes when nothing waits (every state registered, their serializers' snapshots,
     * an Avro schema among them): what {@link #theListDecidesWhatTheBucketsDecidedWithFewerTimersAndBytes}
     * takes off to compare the waiting inputs' bytes.
     */
    static long emptyBytes(boolean queued) throws Exception {
        var h = unit(queued);
        h.open();
        feed(h, stream(0).subList(0, 1));
        h.processWatermark(T0 + 24 * 60 * MIN);
        assertTrue(h.numEventTimeTimers() <= 1, "only the idle check");
        return h.snapshot(1, 1).getStateSize();
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h,
            List<Arrival> arrivals)
            throws Exception {
        for (Arrival a : arrivals) {
            if (a.input() == null) {
                h.processWatermark(a.time());
            } else {
                UnitInputSerializer s =
                        (UnitInputSerializer)
                                UnitInputTypeInfo.INSTANCE.createSerializer(
                                        new SerializerConfigImpl());
                // a copy each: the operator changes an input while it waits
                h.processElement(new StreamRecord<>(s.copy(a.input()), a.input().time));
            }
        }
    }

    static List<String> alerts(KeyedOneInputStreamOperatorTestHarness<?, ?, AlertEvent> h) {
        return Harnesses.values(h).stream().map(AlertEvent::toString).toList();
    }

    @Test
    void theListDecidesWhatTheBucketsDecidedWithFewerTimersAndBytes() throws Exception {
        theListDecidesWhatTheBucketsDecided(false);
    }

    /** The list finds its next inputs past chunks that hold none. */
    @Test
    void theListDecidesWhatTheBucketsDecidedAcrossAUnitsSilence() throws Exception {
        theListDecidesWhatTheBucketsDecided(true);
    }

    private static void theListDecidesWhatTheBucketsDecided(boolean unitSilent) throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            List<Arrival> s = stream(seed, unitSilent);
            int half = s.size() / 2;
            var buckets = unit(false);
            var list = unit(true);
            buckets.open();
            list.open();
            feed(buckets, s.subList(0, half));
            feed(list, s.subList(0, half));
            int bucketTimers = buckets.numEventTimeTimers();
            int listTimers = list.numEventTimeTimers();
            assertTrue(bucketTimers > 20, bucketTimers + " timers, a bucket's each");
            assertTrue(listTimers <= 3, listTimers + " timers"); // the list's, a rule's, idle
            long bucketBytes = buckets.snapshot(1, 1).getStateSize() - emptyBytes(false);
            long listBytes = list.snapshot(1, 1).getStateSize() - emptyBytes(true);
            assertTrue(
                    2 * listBytes < bucketBytes,
                    listBytes + " bytes against " + bucketBytes + " in buckets");
            feed(buckets, s.subList(half, s.size()));
            feed(list, s.subList(half, s.size()));
            List<String> expected = alerts(buckets);
            assertTrue(expected.size() >= 4, "seed " + seed + ": " + expected);
            assertEquals(expected, alerts(list), "seed " + seed);
            assertNothingWaits(list);
        }
    }

    /** Every input left: the unit's chunks and its earliest time are gone from the state. */
    static void assertNothingWaits(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h)
            throws Exception {
        var backend = h.getOperator().<String>getKeyedStateBackend();
        backend.setCurrentKey("unit-1");
        MapState<Long, List<UnitInput>> chunks =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>(
                                "event-time-queue", LongSerializer.INSTANCE, serializer()));
        ValueState<Long> head =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("event-time-queue-head", Types.LONG));
        assertTrue(chunks.isEmpty(), "no chunk left");
        assertEquals(null, head.value(), "no earliest time left");
    }

    @Test
    void inputsThatWaitedInBucketsGoOnInTheListAsIfNeverStopped() throws Exception {
        goOnAsIfNeverStopped(false, WaitingUnitInputsSerializer.SIGNALS_COLUMNS);
    }

    /** A list of layout 3 (signals short, their values differences, input after input) goes on. */
    @Test
    void aListOfLayoutThreeGoesOnAsIfNeverStopped() throws Exception {
        goOnAsIfNeverStopped(true, WaitingUnitInputsSerializer.SIGNALS_DELTA);
    }

    /** A list of layout 2 (signals short, their values whole) goes on. */
    @Test
    void aListOfLayoutTwoGoesOnAsIfNeverStopped() throws Exception {
        goOnAsIfNeverStopped(true, WaitingUnitInputsSerializer.SIGNALS_SHORT);
    }

    /** A list of the earlier layout (each input as the input's serializer writes it) goes on. */
    @Test
    void aListOfTheEarlierLayoutGoesOnAsIfNeverStopped() throws Exception {
        goOnAsIfNeverStopped(true, WaitingUnitInputsSerializer.EACH_AS_ITSELF);
    }

    static void goOnAsIfNeverStopped(boolean queued, int listLayout) throws Exception {
        for (long seed = 5; seed <= 7; seed++) {
            List<Arrival> s = stream(seed);
            int half = s.size() / 2;
            var whole = unit(true);
            whole.open();
            feed(whole, s);

            var before = unit(queued, listLayout);
            before.open();
            feed(before, s.subList(0, half));
            OperatorSubtaskState state = before.snapshot(1, 1);
            List<String> got = new ArrayList<>(alerts(before));
            before.close();
            var after = unit(true);
            after.initializeState(state);
            after.open();
            feed(after, s.subList(half, s.size()));
            got.addAll(alerts(after));
            assertEquals(alerts(whole), got, "seed " + seed);
            assertNothingWaits(after);
            assertTrue(got.size() >= 4, got.toString());
        }
    }

    /** The unit's buckets of the earlier layout, as the restored operator sees them. */
    static MapState<Long, List<UnitInput>> buckets(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h)
            throws Exception {
        var backend = h.getOperator().<String>getKeyedStateBackend();
        backend.setCurrentKey("unit-1");
        return backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>(
                        "event-time-buffer",
                        Types.LONG,
                        new org.apache.flink.api.java.typeutils.ListTypeInfo<>(
                                UnitInputTypeInfo.INSTANCE)));
    }

    /**
     * After a restore, a unit's buckets are looked at once, at its first input (with the state in
     * RocksDB a look is an iterator): what an earlier version left there is taken over then, and
     * the layout, which nothing writes any more, is not looked at again for the unit. A bucket put
     * there afterwards (here by the test) stays where it is.
     */
    @Test
    void aUnitsBucketsAreLookedAtOnceAfterARestore() throws Exception {
        List<Arrival> s = stream(5);
        int half = s.size() / 2;
        var before = unit(false);
        before.open();
        feed(before, s.subList(0, half));
        OperatorSubtaskState state = before.snapshot(1, 1);
        before.close();
        var after = unit(true);
        after.initializeState(state);
        after.open();
        assertFalse(buckets(after).isEmpty(), "inputs waited in buckets");
        int next = half;
        while (s.get(next).input() == null) {
            next++;
        }
        feed(after, s.subList(half, next + 1));
        assertTrue(buckets(after).isEmpty(), "taken over at the unit's first input");
        UnitInput planted = s.get(next).input();
        buckets(after).put(planted.time + 1, new ArrayList<>(List.of(planted)));
        feed(after, s.subList(next + 1, next + 40));
        assertFalse(buckets(after).isEmpty(), "not looked at again");
    }

    static byte[] bytes(List<UnitInput> list) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer().serialize(list, out);
        return out.getCopyOfBuffer();
    }

    static WaitingUnitInputsSerializer serializer() {
        return new WaitingUnitInputsSerializer(
                (UnitInputSerializer)
                        UnitInputTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void theListGivesBackEveryInputInAnyOrderAndACopyIsDeep() throws Exception {
        List<UnitInput> all = UnitInputSerializerTest.everyKind(); // times up, down, before 1970
        DataInputDeserializer in = new DataInputDeserializer(bytes(all));
        List<UnitInput> back = serializer().deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        List<UnitInput> copy = serializer().copy(all);
        assertEquals(all.size(), back.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(
                    UnitInputSerializerTest.fields(all.get(i)),
                    UnitInputSerializerTest.fields(back.get(i)));
            assertEquals(
                    UnitInputSerializerTest.fields(all.get(i)),
                    UnitInputSerializerTest.fields(copy.get(i)));
            assertTrue(all.get(i) != copy.get(i), "a copy of each input");
        }
        assertSnapshotRestoresItself(serializer());
    }

    /**
     * An hour of a meter's uploads a minute apart: in the list, all but the first take four bytes
     * fewer than one by one (a byte for their time instead of five).
     */
    @Test
    void signalsAMinuteApartTakeFourBytesFewerEachInTheList() throws Exception {
        List<UnitInput> hour = new ArrayList<>();
        int single = 0;
        for (int m = 0; m < 60; m++) {
            UnitInput u = sig(reading("PROD", "e10001", T0 + m * MIN, 812.5, RecordKind.REALTIME));
            u.unitId = null; // as it waits
            u.signal.unitId = null;
            u.signal.device = 1;
            u.signal.mn = null;
            hour.add(u);
            single += SerializerChecks.bytes(UnitInputSerializerTest.COMPACT, u).length;
        }
        int listed = bytes(hour).length;
        // the first's time is whole, and the list has its count
        assertTrue(listed + 4 * 59 <= single + 1, listed + " bytes against " + single);
    }

    /** Uploads of a unit's devices as they wait: no unit id, each device by its number. */
    static List<UnitInput> waiting(long seed) {
        List<String> mns = new ArrayList<>();
        List<UnitInput> out = new ArrayList<>();
        for (Arrival a : stream(seed)) {
            UnitInput u = a.input();
            if (u == null || out.size() >= 400) {
                continue;
            }
            UnitInput w = UnitInputSerializerTest.COMPACT.copy(u);
            if (!mns.contains(w.signal.mn)) {
                mns.add(w.signal.mn);
            }
            w.unitId = null;
            w.signal.unitId = null;
            w.signal.device = mns.indexOf(w.signal.mn) + 1;
            w.signal.mn = null;
            out.add(w);
        }
        out.sort(Comparator.comparingLong((UnitInput u) -> u.time));
        return out;
    }

    /**
     * Signals as they wait take two or three bytes fewer each than in the earlier layout (a byte of
     * what they have instead of two or three, the device in it): two thirds of the bytes or less.
     * They come back bit for bit, in any order, with
     * devices beyond the first three, values that are no decimal of three places, and other inputs
     * among them; a savepoint's snapshot of the earlier layout restores its serializer and asks
     * for a migration.
     */
    @Test
    void signalsAsTheyWaitTakeAThirdFewerBytesAndComeBackBitForBit() throws Exception {
        List<UnitInput> list = waiting(6);
        var now = serializer();
        var before = layout(WaitingUnitInputsSerializer.EACH_AS_ITSELF);
        var whole = layout(WaitingUnitInputsSerializer.SIGNALS_SHORT);
        int shorter = SerializerChecks.bytes(now, list).length;
        int earlier = SerializerChecks.bytes(before, list).length;
        assertTrue(
                shorter + 2 * list.size() <= earlier && shorter <= 0.65 * earlier,
                shorter + " bytes against " + earlier + " for " + list.size());

        List<UnitInput> mixed = new ArrayList<>(list.subList(0, 50));
        mixed.get(3).signal.device = 300;
        mixed.get(4).signal.o2 = 1e-4; // no decimal of three places
        mixed.get(5).signal.power = -0.0;
        mixed.get(6).time += 1; // not whole seconds after the one before
        mixed.get(6).signal.time = mixed.get(6).time;
        mixed.get(7).signal.time -= 1_000; // a time of its own
        java.util.Collections.reverse(mixed.subList(10, 20)); // out of order
        mixed.addAll(UnitInputSerializerTest.everyKind());
        var delta = layout(WaitingUnitInputsSerializer.SIGNALS_DELTA);
        for (var s : List.of(now, before, whole, delta)) {
            DataInputDeserializer in = new DataInputDeserializer(SerializerChecks.bytes(s, mixed));
            List<UnitInput> back = s.deserialize(in);
            assertEquals(0, in.available(), "every byte read");
            assertEquals(mixed.size(), back.size());
            for (int i = 0; i < mixed.size(); i++) {
                assertEquals(
                        UnitInputSerializerTest.fields(mixed.get(i)),
                        UnitInputSerializerTest.fields(back.get(i)),
                        "input " + i);
            }
        }

        for (var s : List.of(before, whole, delta, now)) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            org.apache.flink.api.common.typeutils.TypeSerializerSnapshot.writeVersionedSnapshot(
                    out, s.snapshotConfiguration());
            org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<List<UnitInput>> read =
                    org.apache.flink.api.common.typeutils.TypeSerializerSnapshot
                            .readVersionedSnapshot(
                                    new DataInputDeserializer(out.getCopyOfBuffer()),
                                    getClass().getClassLoader());
            assertEquals(s, read.restoreSerializer());
            var compatibility = now.snapshotConfiguration().resolveSchemaCompatibility(read);
            assertEquals(s == now, compatibility.isCompatibleAsIs());
            assertEquals(s != now, compatibility.isCompatibleAfterMigration());
        }
    }

    /**
     * Written as the snapshot writes them (compressed), a steady unit's 7 hours of signals in
     * 10-minute lists (two stacks, each uploading at a minute and twice in it, values of two
     * decimals that scatter as the benchmark's do) take at most 60 % of the bytes in columns that
     * they took input after input (54 % when written), and come back bit for bit.
     */
    @Test
    void inColumnsASteadyUnitsSignalsCompressToLittleMoreThanHalf() throws Exception {
        Random rnd = new Random(3);
        List<List<UnitInput>> chunks = new ArrayList<>();
        for (int c = 0; c < 42; c++) {
            List<UnitInput> chunk = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                for (long at : new long[] {0, 0, MIN / 2}) {
                    for (int device = 1; device <= 2; device++) {
                        UnitInput u = new UnitInput();
                        u.time = T0 + (c * 10L + m) * MIN + at;
                        u.signal = new UnitSignal();
                        u.signal.time = u.time;
                        u.signal.device = device;
                        u.signal.airFlow = Math.round((60 + 3 * rnd.nextGaussian()) * 100) / 100.0;
                        u.signal.o2 = Math.round((9 + 0.3 * rnd.nextGaussian()) * 100) / 100.0;
                        chunk.add(u);
                    }
                }
            }
            chunks.add(chunk);
        }
        var columns = serializer();
        var rows = layout(WaitingUnitInputsSerializer.SIGNALS_DELTA);
        int inColumns = compressed(columns, chunks);
        int inRows = compressed(rows, chunks);
        assertTrue(5 * inColumns <= 3 * inRows, inColumns + " bytes against " + inRows);
        for (List<UnitInput> chunk : chunks) {
            List<UnitInput> back =
                    columns.deserialize(
                            new DataInputDeserializer(SerializerChecks.bytes(columns, chunk)));
            for (int i = 0; i < chunk.size(); i++) {
                assertEquals(
                        UnitInputSerializerTest.fields(chunk.get(i)),
                        UnitInputSerializerTest.fields(back.get(i)));
            }
        }
    }

    private static int compressed(WaitingUnitInputsSerializer s, List<List<UnitInput>> lists)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        for (List<UnitInput> list : lists) {
            s.serialize(list, out);
        }
        return SerializerChecks.compressed(out.getCopyOfBuffer());
    }

    static WaitingUnitInputsSerializer layout(int layout) {
        return new WaitingUnitInputsSerializer(
                (UnitInputSerializer)
                        UnitInputTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()),
                layout);
    }

    /**
     * A stack's flow and O2 move little from one upload to the next: as differences from the
     * device's last values, each takes two bytes or fewer instead of three, and a second device's values
     * are differences from its own.
     */
    @Test
    void aSignalsValuesAreDifferencesFromItsDevicesLastOnes() throws Exception {
        Random rnd = new Random(11);
        List<UnitInput> hour = new ArrayList<>();
        for (int m = 0; m < 120; m++) {
            UnitInput u = new UnitInput();
            u.time = T0 + m * MIN / 2;
            u.signal = new UnitSignal();
            u.signal.time = u.time;
            u.signal.device = 1 + m % 2; // two stacks, their uploads interleaved
            double flow = (m % 2 == 0 ? 60 : 600) + rnd.nextInt(601) / 100.0 - 3;
            u.signal.airFlow = Math.round(flow * 100) / 100.0;
            u.signal.o2 = 9 + (rnd.nextInt(61) - 30) / 100.0;
            hour.add(u);
        }
        var short2 = layout(WaitingUnitInputsSerializer.SIGNALS_SHORT);
        int whole = SerializerChecks.bytes(short2, hour).length;
        int differences = SerializerChecks.bytes(serializer(), hour).length;
        // each stack's first signal has nothing to differ from: its values are whole; a difference
        // of a few hundredths takes one byte
        assertTrue(differences <= whole - 2 * (hour.size() - 2), differences + " against " + whole);
        DataInputDeserializer in =
                new DataInputDeserializer(SerializerChecks.bytes(serializer(), hour));
        List<UnitInput> back = serializer().deserialize(in);
        for (int i = 0; i < hour.size(); i++) {
            assertEquals(
                    UnitInputSerializerTest.fields(hour.get(i)),
                    UnitInputSerializerTest.fields(back.get(i)),
                    "input " + i);
        }
    }
}
