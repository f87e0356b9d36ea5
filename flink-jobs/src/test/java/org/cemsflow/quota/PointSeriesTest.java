package org.cemsflow.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cemsflow.testkit.Harnesses;
import org.junit.jupiter.api.Test;

/** The gap filler's maximum of the last N valid masses: the same as the maximum of all N, with far fewer values held. */
class PointSeriesTest {
    static double naiveMax(List<Double> all, int window) {
        double max = 0;
        for (int i = Math.max(0, all.size() - window); i < all.size(); i++) {
            max = Math.max(max, all.get(i));
        }
        return max;
    }

    @Test
    void theMaximumOfTheWindowIsTheNaiveOneWhateverTheSeries() {
        Random r = new Random(42);
        for (int window : new int[] {1, 2, 5, 720}) {
            PointSeries s = new PointSeries();
            List<Double> all = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                int shape = (i / 400) % 4;
                double m =
                        switch (shape) {
                            case 0 -> r.nextDouble() * 10; // noise
                            case 1 -> 1_000 - i % 400; // a long decreasing run
                            case 2 -> 5.0; // a plateau (equal masses)
                            default -> i % 24 < 8 ? 0 : r.nextInt(3); // zeros and small integers
                        };
                s.remember(m, window);
                all.add(m);
                assertEquals(
                        naiveMax(all, window),
                        s.maxRecent(),
                        "window " + window + " after " + (i + 1));
            }
        }
        assertEquals(0.0, new PointSeries().maxRecent(), "nothing yet");
    }

    @Test
    void itHoldsAHandfulOfValuesNotTheWindow() {
        Random r = new Random(7);
        PointSeries s = new PointSeries();
        int most = 0;
        for (int i = 0; i < 20_000; i++) {
            s.remember(50 + r.nextGaussian() * 10, 720);
            most = Math.max(most, s.candidates);
        }
        assertTrue(most < 40, "candidates at most " + most + " of a window of 720");
        assertTrue(s.candidateMass.length <= 64, "arrays of " + s.candidateMass.length);
        Harnesses.assertPojo(PointSeries.class);
    }
}
