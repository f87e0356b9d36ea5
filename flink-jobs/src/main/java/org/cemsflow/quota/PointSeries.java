package org.cemsflow.quota;

/**
 * What the gap filler remembers of one point and pollutant (Flink POJO state): the last valid
 * hour, and the maximum of the last N valid hourly masses as a monotonic queue of candidate maxima
 * (a mass followed by a larger one can never be the maximum again), so it holds a handful of
 * values where a ring of N (720 by default) held them all. The maximum is the same.
 */
public class PointSeries {
    /**
     * The unit and point of the latest hourly row: set from each row before they are used, so the
     * state does not keep them ({@link PointSeriesSerializer}).
     */
    public String unitId;

    public String pointId;

    /** Start of the last hour with a valid mass; null before the first. */
    public Long lastValidHour;

    public double lastValidMass;

    /** Start of the latest hour seen, valid or not. */
    public Long lastHour;

    /** Valid masses remembered so far: the number of the next. */
    public long count;

    /** The candidates, oldest first: their numbers and masses, masses strictly decreasing. */
    public long[] candidateNumber = new long[0];

    public double[] candidateMass = new double[0];
    public int candidates;

    public PointSeries() {}

    void remember(double mass, int window) {
        while (candidates > 0 && candidateMass[candidates - 1] <= mass) {
            candidates--;
        }
        if (candidates == candidateMass.length) {
            int grown = Math.max(4, candidates * 2);
            candidateNumber = java.util.Arrays.copyOf(candidateNumber, grown);
            candidateMass = java.util.Arrays.copyOf(candidateMass, grown);
        }
        candidateNumber[candidates] = count;
        candidateMass[candidates] = mass;
        candidates++;
        count++;
        // the oldest leave once they are not among the last `window` masses
        int gone = 0;
        while (gone < candidates && candidateNumber[gone] < count - window) {
            gone++;
        }
        if (gone > 0) {
            System.arraycopy(candidateNumber, gone, candidateNumber, 0, candidates - gone);
            System.arraycopy(candidateMass, gone, candidateMass, 0, candidates - gone);
            candidates -= gone;
        }
        if (candidateMass.length > 8 && candidates < candidateMass.length / 4) {
            // a long decreasing run is over: the state shrinks back
            candidateNumber = java.util.Arrays.copyOf(candidateNumber, candidateMass.length / 2);
            candidateMass = java.util.Arrays.copyOf(candidateMass, candidateMass.length / 2);
        }
    }

    /** The maximum of the last {@code window} valid masses, 0 before the first. */
    double maxRecent() {
        return candidates == 0 ? 0 : candidateMass[0];
    }
}
