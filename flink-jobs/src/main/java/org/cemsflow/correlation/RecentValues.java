package org.cemsflow.correlation;

import java.util.Arrays;

/**
 * The last N values of one code (Flink POJO state): a ring, with its median and MAD. A sorted copy
 * is kept beside the ring (not in checkpoints: rebuilt when missing), so each new value costs a
 * binary search and a shift instead of two sorts.
 */
public class RecentValues {
    public double[] values = new double[0];
    public int size;
    public int head;

    /** The values in order; derived, so not part of the state. */
    private transient double[] sorted;

    public RecentValues() {}

    void add(double v, int capacity) {
        if (values.length == 0) {
            values = new double[capacity];
        }
        double[] s = sorted();
        if (size == values.length) {
            // the oldest value leaves
            int at = Arrays.binarySearch(s, 0, size, values[head]);
            System.arraycopy(s, at + 1, s, at, size - at - 1);
            size--;
        }
        int at = Arrays.binarySearch(s, 0, size, v);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(s, at, s, at + 1, size - at);
        s[at] = v;
        values[head] = v;
        head = (head + 1) % values.length;
        size++;
    }

    private double[] sorted() {
        if (sorted == null || sorted.length != values.length) {
            sorted = Arrays.copyOf(values, values.length);
            Arrays.sort(sorted, 0, size);
        }
        return sorted;
    }

    boolean full() {
        return values.length > 0 && size == values.length;
    }

    double median() {
        double[] s = sorted();
        return size % 2 == 1 ? s[size / 2] : (s[size / 2 - 1] + s[size / 2]) / 2;
    }

    /**
     * 1.4826 x the median absolute deviation: a standard deviation that outliers do not inflate.
     * The deviations fall towards the median from the left of the sorted values and rise from it
     * to the right: merging the two runs up to the middle gives the median deviation. {@code
     * median} is this window's {@link #median}.
     */
    double robustSd(double median) {
        double[] s = sorted();
        // the middle splits the values into those at most the median and those at least it
        int right = size / 2;
        int left = right - 1;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= size / 2; rank++) {
            double dl = left >= 0 ? median - s[left] : Double.POSITIVE_INFINITY;
            double dr = right < size ? s[right] - median : Double.POSITIVE_INFINITY;
            previous = current;
            if (dl <= dr) {
                current = dl;
                left--;
            } else {
                current = dr;
                right++;
            }
        }
        double mad = size % 2 == 1 ? current : (previous + current) / 2;
        return 1.4826 * mad;
    }
}
