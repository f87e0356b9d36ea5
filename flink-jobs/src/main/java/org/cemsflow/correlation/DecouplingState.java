package org.cemsflow.correlation;

/** A unit's hourly load and flow of the current day and its past daily correlations (Flink POJO state). */
public class DecouplingState {
    /** Start of the local day being collected. */
    public long day = Long.MIN_VALUE;

    /** The last day that was closed. */
    public long lastDay = Long.MIN_VALUE;

    /** Hour of the day -> production power (kW) and flow; NaN where missing. */
    public double[] load = new double[0];

    public double[] flow = new double[0];

    /** Correlations of past days, oldest first. */
    public double[] history = new double[0];

    public DecouplingState() {}
}
