package org.cemsflow.supervision;

import org.cemsflow.avro.Alert;

/** A lead for the regulator's review (Flink POJO state and output): a correlation anomaly or QUOTA_100. */
public class Lead {
    public enum State {
        NEW,
        CONFIRMED,
        DISMISSED,
        RETRACTED
    }

    /** Same id as the alert. */
    public String alertId;

    public String unitId;
    public String type;
    public long openedAt;
    public State state;
    public Long reviewedAt;

    /** confirmed or dismissed; null before a review. */
    public String verdict;

    public String by;
    public String text;

    /** The alert as last known (for the events on the alert topic). */
    public Alert alert;

    /** Sequence of the lead's own events (REVIEWED, RETRACTED as a lead). */
    public int sequence;

    /** +1 on every change: the version of the lead's row. */
    public int version;

    /** Event time of the last change: the lead is forgotten the retention after it. */
    public long changedAt;

    public Lead() {}
}
