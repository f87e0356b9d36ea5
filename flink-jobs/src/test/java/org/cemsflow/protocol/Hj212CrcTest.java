package org.cemsflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time CRC against its byte-at-a-time definition. */
class Hj212CrcTest {

    private static int byteAtATime(CharSequence s, int from, int len) {
        int crc = Hj212Crc.INITIAL;
        for (int i = from; i < from + len; i++) {
            crc = Hj212Crc.step(crc, s.charAt(i));
        }
        return crc & 0xFFFF;
    }

    @Test
    void everyLengthAndOffsetGivesTheByteAtATimeRegister() {
        SplittableRandom random = new SplittableRandom(212);
        for (int len = 0; len <= 1100; len++) {
            StringBuilder b = new StringBuilder();
            int pad = random.nextInt(9);
            for (int i = 0; i < len + 2 * pad; i++) {
                // any byte, and now and then a char over 255 (only its low byte counts, as before)
                b.append(
                        (char)
                                (random.nextInt(50) == 0
                                        ? random.nextInt(0x10000)
                                        : random.nextInt(256)));
            }
            String s = b.toString();
            assertEquals(byteAtATime(s, pad, len), Hj212Crc.compute(s, pad, len), "length " + len);
        }
        assertEquals(0xFFFF, Hj212Crc.compute(""));
    }

    @Test
    void aKnownSegment() {
        // the example of the HJ 212-2017 standard's appendix
        String segment =
                "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";
        assertEquals(0x1C80, Hj212Crc.compute(segment));
    }
}
