package org.cemsflow.ingestion;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.cemsflow.model.RawFrame;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The frame gate's identities of a period: every identity added is found and no other, the bytes
 * written are the plain {@code long[]} serializer's (which wrote this state before), and a gate
 * restored from state the plain serializer wrote still knows every frame seen before the restore.
 */
class SeenHashesTest {
    static final TypeSerializer<long[]> PLAIN =
            SeenHashes.PLAIN.createSerializer(new SerializerConfigImpl());
    static final TypeSerializer<long[]> NOW = SeenHashes.Serializer.INSTANCE;

    @Test
    void everyIdentityAddedIsFoundAndNoOtherAndOnlyUsedSlotsAreWritten() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> added = new ArrayList<>(List.of(0L, 1L, -1L, Long.MIN_VALUE));
        long[] seen = SeenHashes.of(added.get(0));
        for (int i = 1; i < 300; i++) {
            long h = i < added.size() ? added.get(i) : random.nextLong();
            if (i >= added.size()) {
                added.add(h);
            }
            assertFalse(SeenHashes.contains(seen, h) && h != 1, "not yet seen: " + h);
            seen = SeenHashes.add(seen, h);
            assertTrue(SeenHashes.contains(seen, h));
        }
        for (long h : added) {
            assertTrue(SeenHashes.contains(seen, h));
        }
        assertFalse(SeenHashes.contains(seen, 42));
        assertTrue(seen.length < 2 * added.size() + 4, "doubles, does not grow by one");

        long[] exact = new long[SeenHashes.used(seen)];
        System.arraycopy(seen, 0, exact, 0, exact.length);
        assertEquals(added.size(), exact.length);
        byte[] now = bytes(NOW, seen);
        assertArrayEquals(bytes(PLAIN, exact), now, "the plain serializer's bytes");
        assertArrayEquals(exact, PLAIN.deserialize(new DataInputDeserializer(now)));
        assertArrayEquals(exact, NOW.deserialize(new DataInputDeserializer(bytes(PLAIN, exact))));
        DataOutputSerializer copied = new DataOutputSerializer(64);
        NOW.copy(new DataInputDeserializer(now), copied);
        assertArrayEquals(now, copied.getCopyOfBuffer());

        long[] kept = SeenHashes.remove(seen, added.get(5));
        assertFalse(SeenHashes.contains(kept, added.get(5)));
        assertEquals(added.size() - 1, kept.length);
        assertNull(SeenHashes.remove(SeenHashes.of(9), 9));
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
            TypeInformation<long[]> seenType) throws Exception {
        FrameGate g =
                new FrameGate(
                        new FrameValidator(false, -1),
                        ReferenceData.empty(),
                        false,
                        Duration.ofHours(6),
                        Duration.ofMinutes(10),
                        seenType);
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

    /** Seven frames of an hour before a savepoint (the plain arrays), seven after, and all again. */
    @Test
    void aGateRestoredFromPlainArraysKnowsEveryFrameSeenBefore() throws Exception {
        var before = gate(SeenHashes.PLAIN);
        before.open();
        device(before);
        frames(before, 0, 7);
        assertEquals(7, before.extractOutputValues().size());
        OperatorSubtaskState savepoint = before.snapshot(1, 1);
        before.close();

        var after = gate(SeenHashes.TYPE);
        after.initializeState(savepoint);
        after.open();
        frames(after, 7, 14);
        frames(after, 0, 14);
        assertEquals(7, after.extractOutputValues().size(), "the seven new frames");
        assertEquals(14, after.getSideOutput(FrameGate.DUPLICATES).size(), "all retransmissions");
        long lateAt =
                LocalTimes.hourStart(FrameGateTest.T)
                        + LocalTimes.HOUR_MS
                        - 1
                        + 6 * LocalTimes.HOUR_MS;
        after.processWatermark(lateAt);
        after.processBroadcastWatermark(lateAt);
        var backend =
                (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        after.getOperator().getKeyedStateBackend();
        assertEquals(0, backend.numKeyValueStateEntries(), "the hour's identities are forgotten");
        after.close();
    }
}
