package org.cemsflow.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sliding median and MAD agree with sorting the window each time, also after a restore. */
class RecentValuesTest {
    static double median(double[] s) {
        double[] c = s.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    @Test
    void slidingMedianAndMadMatchANaiveComputation() {
        Random rnd = new Random(7);
        for (int capacity : new int[] {5, 6, 60}) {
            RecentValues r = new RecentValues();
            double[] window = new double[0];
            for (int i = 0; i < 500; i++) {
                // ties and outliers on purpose: rounded values, now and then a spike
                double v = Math.round((rnd.nextGaussian() * 3 + (i % 97 == 0 ? 50 : 0)) * 2) / 2.0;
                r.add(v, capacity);
                window =
                        Arrays.copyOfRange(
                                append(window, v),
                                Math.max(0, window.length + 1 - capacity),
                                window.length + 1);
                if (i % 50 == 0) {
                    r = copyThroughState(r); // the sorted copy is not in the state: rebuilt
                }
                double m = median(window);
                assertEquals(m, r.median(), 1e-12, "median at " + i);
                double[] dev = Arrays.stream(window).map(x -> Math.abs(x - m)).toArray();
                assertEquals(1.4826 * median(dev), r.robustSd(m), 1e-9, "MAD at " + i);
            }
        }
    }

    /**
     * The MAD found by a binary search is the merge's bit for bit (alerts' evidence carries it), on
     * windows odd and even, of ties, of negative and of far-apart values; windows with an infinity
     * or of fewer than four values take the merge.
     */
    @Test
    void theSearchedMadIsTheMergedOneBitForBit() {
        Random rnd = new Random(8);
        int checked = 0;
        for (int capacity : new int[] {4, 5, 6, 7, 31, 60, 61}) {
            RecentValues r = new RecentValues();
            for (int i = 0; i < 3000; i++) {
                double v =
                        switch (i % 5) {
                            case 0 -> Math.round(rnd.nextGaussian() * 4) / 2.0; // ties
                            case 1 -> -1e3 + rnd.nextInt(3);
                            case 2 -> rnd.nextDouble() * 1e-3;
                            case 3 ->
                                    i % 400 == 3
                                            ? Double.POSITIVE_INFINITY
                                            : 1e12 * rnd.nextGaussian();
                            default -> rnd.nextGaussian();
                        };
                r.add(v, capacity);
                double m = r.median();
                assertEquals(
                        Double.doubleToRawLongBits(r.robustSdByMerging(m)),
                        Double.doubleToRawLongBits(r.robustSd(m)),
                        "window of " + r.size + " at " + i);
                checked++;
            }
        }
        assertEquals(7 * 3000, checked);
    }

    /**
     * The ranks after each value are those of taking the oldest value out and then putting the new
     * one in, as the window did in two shifts before it did one: the same slots in the same order,
     * ties included (the compact serializer writes the order as it is).
     */
    @Test
    void oneShiftGivesTheRanksOfTakingOutThenPuttingIn() {
        Random rnd = new Random(11);
        for (int capacity : new int[] {1, 2, 5, 6, 60}) {
            RecentValues r = new RecentValues();
            double[] values = new double[capacity];
            int[] order = new int[capacity];
            int size = 0;
            int head = 0;
            for (int i = 0; i < 2000; i++) {
                double v = rnd.nextInt(4) == 0 ? Math.round(rnd.nextGaussian()) : rnd.nextDouble();
                if (size == capacity) {
                    int at = lowerBound(values, order, size, values[head]);
                    while (order[at] != head) {
                        at++;
                    }
                    System.arraycopy(order, at + 1, order, at, size - at - 1);
                    size--;
                }
                int at = lowerBound(values, order, size, v);
                System.arraycopy(order, at, order, at + 1, size - at);
                order[at] = head;
                values[head] = v;
                head = (head + 1) % capacity;
                size++;
                r.add(v, capacity);
                assertEquals(size, r.size);
                assertEquals(
                        Arrays.toString(Arrays.copyOf(order, size)),
                        Arrays.toString(Arrays.copyOf(r.order(), size)),
                        "ranks at " + i + " of a window of " + capacity);
            }
        }
    }

    static int lowerBound(double[] values, int[] order, int size, double v) {
        int i = 0;
        while (i < size && Double.compare(values[order[i]], v) < 0) {
            i++;
        }
        return i;
    }

    static double[] append(double[] a, double v) {
        double[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    static RecentValues copyThroughState(RecentValues r) {
        RecentValues c = new RecentValues();
        c.values = r.values.clone();
        c.size = r.size;
        c.head = r.head;
        return c;
    }
}
