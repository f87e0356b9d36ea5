package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212CodecTest;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

class FrameTimestampsTest {
    private final FrameTimestamps stamps = new FrameTimestamps(600_000);

    private static String frame(long t) {
        return Hj212Encoder.frame("TS00000000001")
                .st("31")
                .cn(2051)
                .pw("x")
                .dataTime(t)
                .group("a21026", "Avg", "12.5", "Flag", "N")
                .encode();
    }

    @Test
    void anIntactFrameIsStampedWithItsDataTime() {
        long t = LocalTimes.parseIso("2026-03-02T10:00:00+08:00");
        RawFrame raw = new RawFrame(frame(t), "s", 0);
        assertEquals(t, stamps.extractTimestamp(raw, 0));
        assertTrue(raw.intact, "marked, so that the gate does not compute its CRC again");
    }

    /** Found by the benchmark: one corrupted digit moved the watermark days ahead and made the rest late. */
    @Test
    void aDamagedFrameCannotMoveEventTime() {
        long t = LocalTimes.parseIso("2026-03-02T10:00:00+08:00");
        String good = frame(t);
        String flipped = good.replace("DataTime=20260302", "DataTime=20260312");
        assertFalse(Hj212Codec.intact(flipped));
        RawFrame raw = new RawFrame(flipped, "s", 0);
        assertEquals(Long.MIN_VALUE, stamps.extractTimestamp(raw, 0));
        assertFalse(raw.intact, "the gate computes its CRC and rejects it");
    }

    /** What {@link Hj212Codec#parse(String, boolean)} makes of a line: its parts, or its reason. */
    private static String outcome(String line, boolean intact) {
        try {
            var f = Hj212Codec.parse(line, intact);
            return String.join(
                    "|", f.segment(), f.mn(), String.valueOf(f.cnCode()), f.cp(), f.qn());
        } catch (Hj212Exception e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    /** intact() is a necessary condition of parse(): whatever it refuses, parse refuses too. */
    @Test
    void intactAgreesWithTheCodec() throws Exception {
        List<String> vectors = Hj212CodecTest.vectors();
        int intact = 0;
        for (String v : vectors) {
            boolean parses;
            try {
                Hj212Codec.parse(v);
                parses = true;
            } catch (Hj212Exception e) {
                parses = false;
            }
            if (parses) {
                assertTrue(Hj212Codec.intact(v), v);
            }
            if (Hj212Codec.intact(v)) {
                intact++;
                // the gate's parse of a line found intact skips the CRC: the same outcome
                assertEquals(outcome(v, false), outcome(v, true), v);
            }
        }
        assertTrue(intact >= 5, intact + " intact vectors");
    }
}
