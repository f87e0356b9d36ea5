package org.cemsflow.correlation;

/** A run of records of one code that meet a detector's condition (Flink POJO state). */
public class ConditionRun {
    public long firstTime;
    public long lastTime;
    public int count;

    /** The largest deviation seen (detector-specific), for the evidence. */
    public double worst;

    /** Id of the device episode the run joined when it qualified; null before. */
    public String alertId;

    /** What the detector saw in the record that opened the alert (a JSON object), or null. */
    public String observed;

    public ConditionRun() {}
}
