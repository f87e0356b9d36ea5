package org.cemsflow.correlation;

/** The open episode of a device rule (Flink POJO state): its id, start and when it opened. */
public class Episode {
    public String alertId;
    public long start;
    public long detectedAt;
    public int sequence;
    public String unitId;
    public String pointId;
    public String mn;

    public Episode() {}
}
