package org.cemsflow.correlation;

/**
 * The last N values of one code (Flink POJO state): a ring, with its median and MAD. Beside the
 * ring is its order: the ring's slots by their values (as {@link Double#compare} orders them), so
 * each new value costs a binary search and a shift instead of a sort. The compact serializer writes
 * the order with the values, so reading a window back (at every upload, with the state in RocksDB)
 * needs no sort either; a window without it (the POJO serializer's) has it rebuilt once.
 */
public class RecentValues {
    public double[] values = new double[0];
    public int size;
    public int head;

    /** The live slots by their values; derived from the ring, so not a POJO field. */
    transient int[] order;

    public RecentValues() {}

    void add(double v, int capacity) {
        if (values.length == 0) {
            values = new double[capacity];
        }
        int[] o = order();
        int at = lowerBound(o, v);
        if (size == values.length) {
            // the oldest value leaves: find its slot among the slots of equal values, and move
            // the ranks between it and the new value's place by one, in one shift
            int old = lowerBound(o, values[head]);
            while (o[old] != head) {
                old++;
            }
            if (at <= old) {
                System.arraycopy(o, at, o, at + 1, old - at);
            } else {
                at--; // its place once the oldest is out
                System.arraycopy(o, old + 1, o, old, at - old);
            }
        } else {
            System.arraycopy(o, at, o, at + 1, size - at);
            size++;
        }
        o[at] = head;
        values[head] = v;
        head = (head + 1) % values.length;
    }

    /** The first rank whose value is not below {@code v}. */
    private int lowerBound(int[] o, double v) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(values[o[mid]], v) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The order, rebuilt from the ring when missing: its last {@code size} slots, by value. */
    int[] order() {
        if (order == null || order.length != values.length) {
            int n = values.length;
            Integer[] live = new Integer[size];
            for (int i = 0; i < size; i++) {
                live[i] = ((head - size + i) % n + n) % n;
            }
            java.util.Arrays.sort(live, (a, b) -> Double.compare(values[a], values[b]));
            order = new int[n];
            for (int i = 0; i < size; i++) {
                order[i] = live[i];
            }
        }
        return order;
    }

    /** The value of rank {@code i} (from 0, smallest first). */
    private double ranked(int[] o, int i) {
        return values[o[i]];
    }

    boolean full() {
        return values.length > 0 && size == values.length;
    }

    double median() {
        int[] o = order();
        return size % 2 == 1
                ? ranked(o, size / 2)
                : (ranked(o, size / 2 - 1) + ranked(o, size / 2)) / 2;
    }

    /**
     * 1.4826 x the median absolute deviation: a standard deviation that outliers do not inflate.
     * The deviations fall towards the median from the left of the ranked values and rise from it
     * to the right: two sorted runs, whose middle element (or two) is found by a binary search of
     * how many of them the left run gives, as the k-th of two sorted arrays is. {@code median} is
     * this window's {@link #median}. The same value as {@link #robustSdByMerging}, which a window
     * of non-finite values or of fewer than four still takes.
     */
    double robustSd(double median) {
        int[] o = order();
        if (size < 4
                || !Double.isFinite(median)
                || !Double.isFinite(ranked(o, 0))
                || !Double.isFinite(ranked(o, size - 1))) {
            return robustSdByMerging(median);
        }
        int la = size / 2; // left deviations: ranks la - 1 down to 0
        int lb = size - la; // right deviations: ranks la up
        int k = size / 2; // the middle deviations are the k-th and the (k+1)-th, from 1
        // the fewest i with left(i) >= right(k - i - 1): then the k smallest are left(0..i) and
        // right(0..k - i)
        int lo = Math.max(0, k - lb);
        int hi = Math.min(k, la);
        while (lo < hi) {
            int i = (lo + hi) >>> 1;
            if (left(o, median, la, i) < right(o, median, la, k - i - 1)) {
                lo = i + 1;
            } else {
                hi = i;
            }
        }
        int i = lo;
        double previous =
                Math.max(
                        i > 0 ? left(o, median, la, i - 1) : Double.NEGATIVE_INFINITY,
                        k - i > 0 ? right(o, median, la, k - i - 1) : Double.NEGATIVE_INFINITY);
        double current =
                Math.min(
                        i < la ? left(o, median, la, i) : Double.POSITIVE_INFINITY,
                        k - i < lb ? right(o, median, la, k - i) : Double.POSITIVE_INFINITY);
        double mad = size % 2 == 1 ? current : (previous + current) / 2;
        return 1.4826 * mad;
    }

    /** The {@code i}-th deviation (from 0) left of the middle, rank {@code la - 1 - i}. */
    private double left(int[] o, double median, int la, int i) {
        return median - ranked(o, la - 1 - i);
    }

    /** The {@code j}-th deviation (from 0) right of the middle, rank {@code la + j}. */
    private double right(int[] o, double median, int la, int j) {
        return ranked(o, la + j) - median;
    }

    /**
     * {@link #robustSd} by merging the two runs of deviations up to the middle, one step a rank:
     * what a window of non-finite values or of fewer than four takes, and what the search is
     * checked against.
     */
    double robustSdByMerging(double median) {
        int[] o = order();
        // the middle splits the values into those at most the median and those at least it
        int right = size / 2;
        int left = right - 1;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= size / 2; rank++) {
            double dl = left >= 0 ? median - ranked(o, left) : Double.POSITIVE_INFINITY;
            double dr = right < size ? ranked(o, right) - median : Double.POSITIVE_INFINITY;
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
