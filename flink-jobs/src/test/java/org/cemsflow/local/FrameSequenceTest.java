package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.cemsflow.avro.Reading;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212CodecTest;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.junit.jupiter.api.Test;

class FrameSequenceTest {
    /** Against a set of the identities seen before each frame, in line order, across spilled runs. */
    @Test
    void theFirstFrameOfEachIdentityInLineOrderIsAcceptedAndTheOthersAreRetransmissions()
            throws Exception {
        Random rnd = new Random(9);
        Set<String> seen = new HashSet<>();
        boolean[] expected = new boolean[20_000];
        long frames = 0, nonData = 0, readings = 0;
        try (FrameSequence seq = new FrameSequence(700)) {
            for (int i = 0; i < expected.length; i++) {
                long a = rnd.nextInt(3_000);
                long b = rnd.nextInt(2) == 0 ? 0 : a * 31; // a shares its high half now and then
                boolean data = a % 5 != 0;
                int n = (int) (a % 11);
                assertEquals(i, seq.add(a, b, data, n));
                expected[i] = !seen.add(a + "/" + b);
                if (expected[i]) {
                    frames++;
                    nonData += data ? 0 : 1;
                    readings += n;
                }
            }
            assertEquals(new FrameSequence.Retransmitted(frames, nonData, readings), seq.resolve());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], seq.retransmitted(i), "frame " + i);
            }
            assertThrows(IllegalStateException.class, seq::resolve);
        }
    }

    /**
     * An upload in the sort's files reads back reading for reading, every field and null: the
     * test vectors' frames as decoded, then enriched with a point and the optional numbers, and
     * uploads whose readings do not all share the upload's fields (written whole then).
     */
    @Test
    void uploadsReadBackAsTheyWereWritten() throws Exception {
        List<List<Reading>> uploads = new ArrayList<>();
        List<String> vectors = Hj212CodecTest.vectors();
        for (String line : vectors.subList(0, vectors.size() - 1)) {
            List<Reading> decoded = Hj212Codec.decode(Hj212Codec.parse(line));
            if (decoded.isEmpty()) {
                continue;
            }
            uploads.add(decoded);
            List<Reading> enriched = new ArrayList<>();
            for (Reading r : Hj212Codec.decode(Hj212Codec.parse(line))) {
                DeviceLookup.enrich(
                        r, Device.point(r.getMn(), "p", "u", null, "air", 6.0, null, 10));
                r.setBackfilled(enriched.size() % 2 == 0);
                r.setRs(enriched.size());
                r.setSampleTime(123L);
                r.setAla(-1.5);
                enriched.add(r);
            }
            uploads.add(enriched);
            if (enriched.size() > 1) {
                List<Reading> mixed = new ArrayList<>(enriched);
                Reading other = Reading.newBuilder(enriched.get(1)).setPointId("q").build();
                mixed.set(1, other);
                uploads.add(mixed);
            }
        }
        int shared = 0;
        int whole = 0;
        DataOutputSerializer out = new DataOutputSerializer(1 << 12);
        for (List<Reading> u : uploads) {
            FrameSequence.NumberedUploadSerializer.INSTANCE.serialize(
                    new FrameSequence.NumberedUpload(u.size() * 7L, u.toArray(new Reading[0])),
                    out);
            boolean all = true;
            for (Reading r : u) {
                all &= org.cemsflow.ingestion.ReadingSerializer.shareUpload(u.get(0), r);
            }
            shared += all ? 1 : 0;
            whole += all ? 0 : 1;
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (List<Reading> u : uploads) {
            FrameSequence.NumberedUpload back =
                    FrameSequence.NumberedUploadSerializer.INSTANCE.deserialize(in);
            assertEquals(u.size() * 7L, back.frame());
            assertEquals(u, List.of(back.readings()));
            assertEquals(u.get(0).getDataTime(), back.time());
            assertEquals(u.get(0).getMn(), back.mn());
        }
        assertEquals(0, in.available());
        org.junit.jupiter.api.Assertions.assertTrue(
                shared >= 6 && whole >= 3, shared + " / " + whole);
    }
}
