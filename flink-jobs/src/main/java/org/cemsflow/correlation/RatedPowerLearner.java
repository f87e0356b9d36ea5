package org.cemsflow.correlation;

import java.util.Arrays;
import org.cemsflow.time.LocalTimes;

/**
 * Learns a meter's rated power when meters.csv has none ("a high percentile of the
 * last 60 days"), in bounded state (Flink POJO): a sample of the current local day (up to 288
 * values, every 5 minutes at most) and that day's percentile for each of the last N days. The
 * learned rating is the highest daily percentile over those days; none before the minimum days.
 */
public class RatedPowerLearner {
    static final int DAY_SAMPLES = 288;

    /** Start of the current local day. */
    public long day = Long.MIN_VALUE;

    public double[] today = new double[0];
    public int todaySize;
    public long lastSampleAt = Long.MIN_VALUE;

    /** Percentiles of past days, oldest first. */
    public double[] days = new double[0];

    public RatedPowerLearner() {}

    void add(long t, double kw, int keepDays, double percentile) {
        long d = LocalTimes.dayStart(t);
        if (d != day) {
            closeDay(keepDays, percentile);
            day = d;
        }
        if ((lastSampleAt != Long.MIN_VALUE && t - lastSampleAt < 300_000)
                || todaySize >= DAY_SAMPLES) {
            return; // at most one sample every 5 minutes
        }
        if (today.length < DAY_SAMPLES) {
            today = Arrays.copyOf(today, DAY_SAMPLES);
        }
        today[todaySize++] = kw;
        lastSampleAt = t;
    }

    private void closeDay(int keepDays, double percentile) {
        if (todaySize == 0) {
            return;
        }
        double[] sorted = Arrays.copyOf(today, todaySize);
        Arrays.sort(sorted);
        double p = sorted[Math.min(todaySize - 1, (int) Math.floor(percentile * (todaySize - 1)))];
        double[] more = Arrays.copyOf(days, days.length + 1);
        more[days.length] = p;
        days =
                more.length > keepDays
                        ? Arrays.copyOfRange(more, more.length - keepDays, more.length)
                        : more;
        todaySize = 0;
    }

    /** The learned rated power, or null while there are fewer than {@code minDays} past days. */
    Double rated(int minDays) {
        if (days.length < minDays) {
            return null;
        }
        double max = 0;
        for (double v : days) {
            max = Math.max(max, v);
        }
        return max > 0 ? max : null;
    }
}
