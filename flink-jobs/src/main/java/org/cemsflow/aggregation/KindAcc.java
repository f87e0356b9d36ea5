package org.cemsflow.aggregation;

/**
 * Accumulated values of one code, one record kind and one clock hour (Flink POJO state).
 * Coverage is kept as a bitmask of the minutes of the hour that hold a valid value.
 */
public class KindAcc {
    /** Any record of this kind with a main value (Avg or Rtd), valid or not. */
    public boolean present;

    public int validCount;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;

    /** Bit m set: a valid value with DataTime in minute m of the hour. */
    public long validMinutes;

    public KindAcc() {}

    void add(double value, Double lo, Double hi, boolean valid, int minuteOfHour) {
        present = true;
        if (!valid) {
            return;
        }
        validCount++;
        sum += value;
        min = Math.min(min, lo != null ? lo : value);
        max = Math.max(max, hi != null ? hi : value);
        validMinutes |= 1L << minuteOfHour;
    }

    /** As made, when anything was added: a kind whose records no longer count keeps nothing. */
    void clear() {
        if (present) {
            present = false;
            validCount = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            validMinutes = 0;
        }
    }

    /** Whether no valid value was added: every field but {@link #present} as made. */
    boolean noValues() {
        return validCount == 0
                && Double.doubleToRawLongBits(sum) == 0L
                && min == Double.POSITIVE_INFINITY
                && max == Double.NEGATIVE_INFINITY
                && validMinutes == 0;
    }

    KindAcc copy() {
        KindAcc k = new KindAcc();
        k.present = present;
        k.validCount = validCount;
        k.sum = sum;
        k.min = min;
        k.max = max;
        k.validMinutes = validMinutes;
        return k;
    }

    int distinctValidMinutes() {
        return Long.bitCount(validMinutes);
    }
}
