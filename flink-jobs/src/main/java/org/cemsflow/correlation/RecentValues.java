package org.cemsflow.correlation;

import java.util.Arrays;

/** The last N values of one code (Flink POJO state): a ring, with its median and MAD. */
public class RecentValues {
    public double[] values = new double[0];
    public int size;
    public int head;

    public RecentValues() {}

    void add(double v, int capacity) {
        if (values.length == 0) {
            values = new double[capacity];
        }
        values[head] = v;
        head = (head + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    boolean full() {
        return values.length > 0 && size == values.length;
    }

    double median() {
        double[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        return size % 2 == 1 ? s[size / 2] : (s[size / 2 - 1] + s[size / 2]) / 2;
    }

    /** 1.4826 x the median absolute deviation: a standard deviation that outliers do not inflate. */
    double robustSd(double median) {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = Math.abs(values[i] - median);
        }
        Arrays.sort(d);
        double mad = size % 2 == 1 ? d[size / 2] : (d[size / 2 - 1] + d[size / 2]) / 2;
        return 1.4826 * mad;
    }
}
