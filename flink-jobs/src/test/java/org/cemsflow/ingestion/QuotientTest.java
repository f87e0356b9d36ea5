package org.cemsflow.ingestion;

import static org.cemsflow.testkit.SerializerChecks.hourlyMean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A mean of decimal readings, added up in doubles as the hourly means add them, is found as a
 * quotient that gives it back bit for bit; what no such quotient gives back is not taken for one.
 */
class QuotientTest {
    static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    /** Sums of one to sixty readings of up to three decimals, positive and negative. */
    @Test
    void theMeansOfDecimalReadingsAreFoundAndComeBackBitForBit() {
        Random rnd = new Random(11);
        Quotient q = new Quotient();
        int found = 0;
        int runs = 20_000;
        for (int i = 0; i < runs; i++) {
            int n = 1 + rnd.nextInt(Quotient.MAX_COUNT);
            double scale = new double[] {1, 10, 100, 1000}[rnd.nextInt(4)];
            double level = new double[] {0.3, 9, 120, -200, 900, 20_000}[rnd.nextInt(6)];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += Math.round((level + level / 20 * rnd.nextGaussian()) * scale) / scale;
            }
            double mean = sum / n;
            if (q.find(mean, rnd.nextBoolean() ? n : 0)) {
                found++;
                assertEquals(bits(mean), bits(Quotient.value(q.count, q.thousandths, q.ulps)));
            }
        }
        assertTrue(found >= runs * 999L / 1000, found + " of " + runs);
    }

    /** A mean corrected to the reference O2 gives the hour's O2 back as the quotient it was. */
    @Test
    void theO2OfACorrectedMeanIsFound() {
        Random rnd = new Random(12);
        Quotient q = new Quotient();
        int found = 0;
        for (int i = 0; i < 5_000; i++) {
            int n = 1 + rnd.nextInt(Quotient.MAX_COUNT);
            double o2 = hourlyMean(rnd, n, 9, 0.3);
            double measured = hourlyMean(rnd, n, 120, 3);
            double o2Ref = new double[] {3, 6, 11, 15.5}[rnd.nextInt(4)];
            double corrected = org.cemsflow.model.Codes.o2Corrected(measured, o2Ref, o2);
            if (q.findO2(corrected, measured, o2Ref, n)) {
                found++;
                assertEquals(
                        bits(corrected),
                        bits(org.cemsflow.model.Codes.o2Corrected(measured, o2Ref, q.value())));
            }
        }
        assertTrue(found >= 4_990, found + " of 5000");
        assertFalse(q.findO2(41.2, 35.5, 6.0, 0)); // 41.2 is no corrected mean of 35.5
    }

    /** The hint is the count tried first: a mean of 60 readings is found with it. */
    @Test
    void theHintIsTriedFirst() {
        Quotient q = new Quotient();
        assertTrue(q.find(7214.37 / 60, 60));
        assertEquals(60, q.count);
        assertEquals(7_214_370, q.thousandths);
        assertTrue(q.find(7214.37 / 60, 0)); // found again by the search, with a count that works
        assertEquals(bits(7214.37 / 60), bits(Quotient.value(q.count, q.thousandths, q.ulps)));
    }

    @Test
    void whatNoQuotientGivesBackIsNotTakenForOne() {
        Quotient q = new Quotient();
        for (double v :
                new double[] {
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    1e300,
                    Math.PI,
                    Math.sqrt(2),
                    -1e-300
                }) {
            assertFalse(q.find(v, 0), "" + v);
        }
        for (double v : new double[] {0.0, -0.0, 1.0, -2.5, 1e-3, 999_999.999, Double.MIN_VALUE}) {
            if (q.find(v, 0)) {
                assertEquals(bits(v), bits(Quotient.value(q.count, q.thousandths, q.ulps)), "" + v);
            }
        }
    }
}
