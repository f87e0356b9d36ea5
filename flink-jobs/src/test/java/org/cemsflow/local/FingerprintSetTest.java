package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The primitive set answers as a HashSet of pairs does, across growth and for the zero pair. */
class FingerprintSetTest {
    record Pair(long a, long b) {}

    @Test
    void answersAsAHashSet() {
        FingerprintSet set = new FingerprintSet();
        Set<Pair> reference = new HashSet<>();
        Random random = new Random(5);
        for (int i = 0; i < 300_000; i++) {
            // few distinct values in a: pairs that share a half must still differ
            long a = random.nextInt(1000);
            long b = random.nextInt(400);
            assertEquals(reference.add(new Pair(a, b)), set.add(a, b), a + "/" + b);
        }
        assertEquals(reference.size(), set.size());
    }

    @Test
    void theZeroPairIsAFingerprintLikeAnyOther() {
        FingerprintSet set = new FingerprintSet();
        assertTrue(set.add(0, 0));
        assertFalse(set.add(0, 0));
        assertTrue(set.add(0, 1));
        assertEquals(2, set.size());
    }
}
