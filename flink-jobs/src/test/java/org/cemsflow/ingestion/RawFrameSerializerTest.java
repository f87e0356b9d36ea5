package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cemsflow.model.RawFrame;
import org.junit.jupiter.api.Test;

/** Raw frames come back exactly, whatever their text. */
class RawFrameSerializerTest {

    static RawFrame roundTrip(RawFrame f) throws Exception {
        return ReadingSerializerTest.roundTrip(RawFrameSerializer.INSTANCE, f);
    }

    @Test
    void everyTextComesBackExactly() throws Exception {
        SplittableRandom random = new SplittableRandom(212);
        List<String> texts = new ArrayList<>(List.of("", "##0000&&", "\u00ff\u0080\u0000"));
        for (int k = 0; k < 2_000; k++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(1100);
            int bound = k % 3 == 0 ? 0x10000 : 0x100; // a third with chars over 255
            for (int i = 0; i < n; i++) {
                b.append((char) random.nextInt(bound));
            }
            texts.add(b.toString());
        }
        for (String text : texts) {
            RawFrame back =
                    roundTrip(new RawFrame(text, "cemsflow.frames-1@" + text.length(), 42L));
            assertEquals(text, back.text);
            assertEquals("cemsflow.frames-1@" + text.length(), back.source);
            assertEquals(42L, back.receivedAt);
        }
        for (boolean intact : new boolean[] {false, true}) {
            RawFrame f = new RawFrame("##0000&&", "s", 1L);
            f.intact = intact;
            assertEquals(intact, roundTrip(f).intact, "the gate's hint that the CRC was checked");
            assertEquals(intact, RawFrameSerializer.INSTANCE.copy(f).intact);
        }
        RawFrame empty = roundTrip(new RawFrame(null, null, -1L));
        assertNull(empty.text);
        assertNull(empty.source);
        assertEquals(-1L, empty.receivedAt);
    }
}
