package org.cemsflow.correlation;

import java.util.Arrays;

/**
 * A unit's hourly load and flow of the days not closed yet, and its past daily correlations (Flink
 * POJO state).
 */
public class DecouplingState {
    /**
     * The earlier layout's day being collected (its series in {@link #load} and {@link #flow}),
     * {@code Long.MIN_VALUE} when none: a restored state's is moved into {@link #openDays} ({@link
     * #migrate}).
     */
    public long day = Long.MIN_VALUE;

    /** The last day that was closed. */
    public long lastDay = Long.MIN_VALUE;

    /** The earlier layout's production power (kW) and flow by hour of {@link #day}. */
    public double[] load = new double[0];

    public double[] flow = new double[0];

    /** The days being collected, ascending (hours arrive in any order until a day closes). */
    public long[] openDays = new long[0];

    /**
     * For each of {@link #openDays}, 48 values: production power (kW) by hour of the day, then flow
     * by hour; NaN where missing.
     */
    public double[] openSeries = new double[0];

    /** Correlations of past days, oldest first. */
    public double[] history = new double[0];

    public DecouplingState() {}

    static final int HOURS = 24;

    /** Moves the earlier layout's open day into {@link #openDays} (restored state). */
    void migrate() {
        if (openDays == null) {
            openDays = new long[0];
            openSeries = new double[0];
        }
        if (day != Long.MIN_VALUE) {
            int at = slot(day);
            for (int h = 0; h < HOURS; h++) {
                openSeries[index(at, false, h)] = h < load.length ? load[h] : Double.NaN;
                openSeries[index(at, true, h)] = h < flow.length ? flow[h] : Double.NaN;
            }
            day = Long.MIN_VALUE;
            load = new double[0];
            flow = new double[0];
        }
    }

    /** The index of {@code d} among the open days, opened (all NaN) when it was not. */
    int slot(long d) {
        int at = Arrays.binarySearch(openDays, d);
        if (at >= 0) {
            return at;
        }
        at = -at - 1;
        long[] days = new long[openDays.length + 1];
        System.arraycopy(openDays, 0, days, 0, at);
        days[at] = d;
        System.arraycopy(openDays, at, days, at + 1, openDays.length - at);
        double[] series = new double[openSeries.length + 2 * HOURS];
        System.arraycopy(openSeries, 0, series, 0, 2 * HOURS * at);
        Arrays.fill(series, 2 * HOURS * at, 2 * HOURS * (at + 1), Double.NaN);
        System.arraycopy(
                openSeries,
                2 * HOURS * at,
                series,
                2 * HOURS * (at + 1),
                openSeries.length - 2 * HOURS * at);
        openDays = days;
        openSeries = series;
        return at;
    }

    /** Where an hour of the load (or flow) series of the open day at {@code at} is in {@link #openSeries}. */
    static int index(int at, boolean flowSeries, int hour) {
        return 2 * HOURS * at + (flowSeries ? HOURS : 0) + hour;
    }

    /** The load (or flow) series of the open day at {@code at}. */
    double[] series(int at, boolean flowSeries) {
        int from = index(at, flowSeries, 0);
        return Arrays.copyOfRange(openSeries, from, from + HOURS);
    }

    /** Forgets the earliest open day. */
    void closeFirst() {
        openDays = Arrays.copyOfRange(openDays, 1, openDays.length);
        openSeries = Arrays.copyOfRange(openSeries, 2 * HOURS, openSeries.length);
    }
}
