package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
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
}
