package org.cemsflow.exceedance;

/** One exceedance case of a point and pollutant (Flink POJO state). Its id never changes. */
public class CaseState {
    public String alertId;
    public long windowStart;
    public long windowEnd;
    public double peak;
    public long detectedAt;

    /** Sequence number of the last event sent for the case. */
    public int sequence;

    public boolean retracted;

    /** Hash of the evidence last sent: a corrected period that moves neither end nor peak still updates it. */
    public int evidenceHash;

    public CaseState() {}
}
