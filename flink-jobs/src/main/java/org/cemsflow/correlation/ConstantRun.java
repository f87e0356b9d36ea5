package org.cemsflow.correlation;

/** A run of equal values of one device, code and record kind (Flink POJO state). */
public class ConstantRun {
    public double value;
    public long firstTime;
    public long lastTime;
    public int count;

    /** SampleTime of the last record: a water analyser repeating it has not measured again. */
    public Long lastSampleTime;

    /** Id of the device episode the run joined when it qualified, if any. */
    public String alertId;

    public ConstantRun() {}
}
