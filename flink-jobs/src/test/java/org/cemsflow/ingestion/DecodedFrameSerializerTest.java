package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212CodecTest;
import org.cemsflow.protocol.Hj212Frame;
import org.junit.jupiter.api.Test;

/** Accepted frames survive a shuffle field by field; between chained operators they are shared. */
class DecodedFrameSerializerTest {
    static DecodedFrame roundTrip(DecodedFrame f) throws Exception {
        return ReadingSerializerTest.roundTrip(DecodedFrameSerializer.INSTANCE, f);
    }

    static void assertSameFrame(DecodedFrame a, DecodedFrame b) {
        assertEquals(a.mn, b.mn);
        assertEquals(a.cn, b.cn);
        assertEquals(a.data, b.data);
        assertEquals(a.dataTime, b.dataTime);
        assertEquals(a.dedupHash, b.dedupHash);
        assertEquals(a.text, b.text);
        assertEquals(a.source, b.source);
        assertEquals(a.receivedAt, b.receivedAt);
        assertEquals(a.readings, b.readings);
    }

    @Test
    void everyVectorSurvivesAndIsSharedBetweenChainedOperators() throws Exception {
        List<String> vectors = Hj212CodecTest.vectors();
        for (String line : vectors.subList(0, vectors.size() - 1)) {
            Hj212Frame parsed = Hj212Codec.parse(line);
            DecodedFrame f = new DecodedFrame();
            f.mn = parsed.mn();
            f.cn = parsed.cnCode();
            f.data = parsed.isDataUpload();
            f.dataTime = 1_700_000_000_000L;
            f.dedupHash = parsed.dedupHash();
            f.text = line;
            f.source = "frames-0@" + line.length();
            f.receivedAt = 7L;
            f.readings.addAll(Hj212Codec.decode(parsed));
            assertSameFrame(f, roundTrip(f));
            assertSameFrame(f.slim(f.mn), roundTrip(f.slim(f.mn)));
            assertSame(f, DecodedFrameSerializer.INSTANCE.copy(f));
        }
        DecodedFrame bare = new DecodedFrame();
        bare.readings = null;
        DecodedFrame back = roundTrip(bare);
        assertNull(back.mn);
        assertNull(back.text);
        assertNull(back.readings);
    }
}
