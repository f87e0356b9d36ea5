package org.cemsflow.ingestion;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.testkit.SerializerChecks;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The frame gate's identities of a period: every identity added is found and no other, in
 * about 5 bytes each in a checkpoint; a frame's identity does not depend on the order of its
 * items and separates CN, second and part; periods of the earlier layout are the plain {@code
 * long[]} serializer's bytes both ways, and a gate restored from them still knows every frame
 * seen before the restore.
 */
class SeenHashesTest {
    static final TypeSerializer<long[]> PLAIN =
            SeenHashes.PLAIN.createSerializer(new SerializerConfigImpl());
    static final TypeSerializer<long[]> NOW = SeenHashes.Serializer.INSTANCE;

    static long[] identities(long[] seen) {
        return Arrays.copyOfRange(seen, 1, SeenHashes.used(seen) + 1);
    }

    @Test
    void everyIdentityAddedIsFoundAndNoOtherInAboutFiveBytesEach() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long hour = LocalTimes.hourStart(FrameGateTest.T);
        List<Long> added = new ArrayList<>();
        int[] cns = {2011, 2051, 9014, 2061};
        for (int s = 0; s < 3600; s += 30) {
            for (int cn : cns) {
                added.add(SeenHashes.identity(cn, false, hour + s * 1000L, random.nextLong()));
            }
        }
        // the same CN and second, other items; a part of a packet with the same items
        added.add(SeenHashes.identity(2011, false, hour, random.nextLong()));
        added.add(SeenHashes.identity(2011, true, hour, added.get(0)));
        Collections.shuffle(added.subList(0, 40), new java.util.Random(3)); // some out of order
        long[] seen = SeenHashes.of(added.get(0));
        for (int i = 1; i < added.size(); i++) {
            long id = added.get(i);
            assertFalse(SeenHashes.contains(seen, id), "not yet seen: " + id);
            seen = SeenHashes.add(seen, id);
            assertTrue(SeenHashes.contains(seen, id));
        }
        for (long id : added) {
            assertTrue(SeenHashes.contains(seen, id));
        }
        assertFalse(SeenHashes.contains(seen, added.get(0) ^ 1));
        assertFalse(SeenHashes.legacy(seen));
        assertTrue(seen.length < 2 * added.size() + 4, "doubles, does not grow by one");
        long[] sorted = added.stream().mapToLong(Long::longValue).sorted().toArray();
        assertArrayEquals(sorted, identities(seen), "kept sorted");

        byte[] now = bytes(NOW, seen);
        assertTrue(
                now.length <= 5 * added.size() + 32,
                now.length + " bytes for " + added.size() + " identities");
        long[] back = NOW.deserialize(new DataInputDeserializer(now));
        assertArrayEquals(sorted, identities(back));
        assertFalse(SeenHashes.legacy(back));
        for (long id : added) {
            assertTrue(SeenHashes.contains(back, id));
        }
        DataOutputSerializer copied = new DataOutputSerializer(64);
        NOW.copy(new DataInputDeserializer(now), copied);
        assertArrayEquals(now, copied.getCopyOfBuffer());

        long[] kept = SeenHashes.remove(seen, added.get(5));
        assertFalse(SeenHashes.contains(kept, added.get(5)));
        assertTrue(SeenHashes.contains(kept, added.get(6)));
        assertEquals(added.size() - 1, SeenHashes.used(kept));
        assertNull(SeenHashes.remove(SeenHashes.of(9), 9));
    }

    /**
     * A device's hour at a steady rate (real-time uploads every 30 s, minute records), written as
     * the snapshot writes it (compressed): with the differences in a column of their own it takes
     * at most 85 % of the bytes (83 % when written) it took with them between the hashes, as the
     * layout before wrote them, whose periods still read back.
     */
    @Test
    void inColumnsASteadyDevicesHourCompressesByItsDifferences() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        long hour = LocalTimes.hourStart(FrameGateTest.T);
        long[] seen = null;
        for (int s = 0; s < 3600; s += 30) {
            for (int cn : s % 60 == 0 ? new int[] {2011, 2051} : new int[] {2011}) {
                long id = SeenHashes.identity(cn, false, hour + s * 1000L, random.nextLong());
                seen = seen == null ? SeenHashes.of(id) : SeenHashes.add(seen, id);
            }
        }
        DataOutputSerializer rows = new DataOutputSerializer(1024);
        SeenHashes.Serializer.serializeRows(seen, rows);
        int inRows = SerializerChecks.compressed(rows.getCopyOfBuffer());
        int inColumns = SerializerChecks.compressed(bytes(NOW, seen));
        assertTrue(20 * inColumns <= 17 * inRows, inColumns + " bytes against " + inRows);
        long[] before = NOW.deserialize(new DataInputDeserializer(rows.getCopyOfBuffer()));
        assertArrayEquals(identities(seen), identities(before));
        assertFalse(SeenHashes.legacy(before));
    }

    static Hj212Frame parse(String cn, String cp) throws Exception {
        return Hj212Codec.parse(
                Hj212Encoder.wrap(
                        "QN=20251229100000001;ST=22;CN=" + cn + ";PW=pw;MN=P5;CP=&&" + cp + "&&"));
    }

    @Test
    void anIdentityIsCnSecondAndTheItemsInAnyOrder() throws Exception {
        long hour = LocalTimes.hourStart(FrameGateTest.T);
        String items = "DataTime=20251229100000;a21026-Rtd=1.5,a21026-Flag=N;a19001-Rtd=20.1";
        String shuffled = "a19001-Rtd=20.1;DataTime=20251229100000;a21026-Flag=N,a21026-Rtd=1.5";
        Hj212Frame a = parse("2011", items);
        assertEquals(a.itemsHash(), parse("2011", shuffled).itemsHash(), "order does not count");
        assertEquals(a.itemsHash(), parse("2011", items + ";;").itemsHash(), "nor empty items");
        assertNotEquals(a.itemsHash(), parse("2011", items.replace("1.5", "1.6")).itemsHash());
        assertNotEquals(
                a.itemsHash(), parse("2011", items + ";a21026-Rtd=1.5").itemsHash(), "a multiset");
        long id = SeenHashes.identity(2011, false, hour, a.itemsHash());
        assertNotEquals(id, SeenHashes.identity(2051, false, hour, a.itemsHash()), "CN");
        assertNotEquals(id, SeenHashes.identity(2011, true, hour, a.itemsHash()), "part");
        assertNotEquals(id, SeenHashes.identity(2011, false, hour + 1000, a.itemsHash()));
        long day = LocalTimes.dayStart(FrameGateTest.T);
        assertNotEquals(
                SeenHashes.identity(2031, false, day, 5),
                SeenHashes.identity(2031, false, day + 23 * LocalTimes.HOUR_MS, 5),
                "a day's seconds");
        assertTrue(SeenHashes.identity(9999, true, day + LocalTimes.DAY_MS - 1000, -1) > 0);
    }

    @Test
    void periodsOfTheEarlierLayoutAreThePlainSerializersBytesBothWays() throws Exception {
        long[] before = {1L, -1L, Long.MIN_VALUE, 42L, 0x1234_5678_9abc_def0L}; // as it kept them
        long[] legacy = SeenHashes.legacyOf(before);
        byte[] plain = bytes(PLAIN, before);
        assertArrayEquals(plain, bytes(NOW, legacy), "written as the plain serializer wrote");
        long[] read = NOW.deserialize(new DataInputDeserializer(plain));
        assertTrue(SeenHashes.legacy(read));
        assertArrayEquals(before, identities(read));
        for (long h : before) {
            assertTrue(SeenHashes.contains(read, h));
        }
        assertEquals(1L, SeenHashes.legacyHash(0L), "0 marked a free slot: it was kept as 1");
        long[] more = SeenHashes.add(read, 7L);
        assertTrue(SeenHashes.legacy(more));
        assertTrue(SeenHashes.contains(more, 7L));
        assertArrayEquals(
                bytes(PLAIN, new long[] {1L, -1L, Long.MIN_VALUE, 42L, 0x1234_5678_9abc_def0L, 7L}),
                bytes(NOW, more));
        assertTrue(SeenHashes.legacy(SeenHashes.remove(more, 42L)));
    }

    @Test
    void statePlainArraysWroteIsReadAsItIs() {
        TypeSerializer<Map<Long, long[]>> before =
                Types.MAP(Types.LONG, SeenHashes.PLAIN)
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializer<Map<Long, long[]>> now =
                Types.MAP(Types.LONG, SeenHashes.TYPE).createSerializer(new SerializerConfigImpl());
        assertTrue(
                now.snapshotConfiguration()
                        .resolveSchemaCompatibility(before.snapshotConfiguration())
                        .isCompatibleAsIs());
        assertSnapshotRestoresItself(NOW);
    }

    static KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> gate(
            boolean asBefore) throws Exception {
        FrameGate g =
                new FrameGate(
                        new FrameValidator(false, -1),
                        ReferenceData.empty(),
                        false,
                        Duration.ofHours(6),
                        Duration.ofMinutes(10),
                        asBefore);
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(g, List.of(FrameGate.DEVICES, FrameGate.LOADED)),
                FrameGate::keyOf,
                Types.STRING,
                1,
                1,
                0);
    }

    static void device(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h)
            throws Exception {
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.device(
                                Device.point(
                                        "P5", "stack-5", "unit-1", "U", "air", null, null, null)),
                        0));
    }

    static void frames(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h,
            int from,
            int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(FrameGateTest.frame("P5", "1" + i, i));
        }
    }

    /**
     * Seven frames of an hour before a savepoint (64-bit hashes, as the earlier layout kept them),
     * seven after, and all again; an hour begun after the restore in the new layout.
     */
    @Test
    void aGateRestoredFromTheEarlierLayoutKnowsEveryFrameSeenBefore() throws Exception {
        var before = gate(true);
        before.open();
        device(before);
        frames(before, 0, 7);
        assertEquals(7, before.extractOutputValues().size());
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();

        var after = gate(false);
        after.initializeState(savepoint);
        after.open();
        frames(after, 7, 14);
        frames(after, 0, 14);
        assertEquals(7, after.extractOutputValues().size(), "the seven new frames");
        assertEquals(14, after.getSideOutput(FrameGate.DUPLICATES).size(), "all retransmissions");
        long next = FrameGateTest.T + LocalTimes.HOUR_MS;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                after.processElement(FrameGateTest.frame("P5", "1" + i, i, next + i * 30_000L));
            }
        }
        assertEquals(12, after.extractOutputValues().size(), "five frames of the next hour");
        assertEquals(19, after.getSideOutput(FrameGate.DUPLICATES).size(), "and their copies");
        long lateAt = LocalTimes.hourStart(next) + LocalTimes.HOUR_MS - 1 + 6 * LocalTimes.HOUR_MS;
        after.processWatermark(lateAt);
        after.processBroadcastWatermark(lateAt);
        var backend =
                (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        after.getOperator().getKeyedStateBackend();
        assertEquals(0, backend.numKeyValueStateEntries(), "the hours' identities are forgotten");
        after.close();
    }
}
