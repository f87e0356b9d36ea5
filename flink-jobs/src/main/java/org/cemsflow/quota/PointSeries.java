package org.cemsflow.quota;

/** What the gap filler remembers of one point and pollutant (Flink POJO state; a ring of recent valid masses). */
public class PointSeries {
    public String unitId;
    public String pointId;
    /** Start of the last hour with a valid mass; null before the first. */
    public Long lastValidHour;
    public double lastValidMass;
    /** Start of the latest hour seen, valid or not. */
    public Long lastHour;
    /** The last valid hourly masses, newest at {@code head - 1} (mod capacity). */
    public double[] recent = new double[0];
    public int size;
    public int head;

    public PointSeries() {}

    void remember(double mass, int capacity) {
        if (recent.length == 0) {
            recent = new double[capacity];
        }
        recent[head] = mass;
        head = (head + 1) % recent.length;
        size = Math.min(size + 1, recent.length);
    }

    double maxRecent() {
        double max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, recent[i]);
        }
        return max;
    }
}
