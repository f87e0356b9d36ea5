package org.cemsflow.supervision;

/** The regulator's review of a lead (Flink POJO), from the review topic or file. */
public class Review {
    public String alertId;
    public long reviewedAt;

    /** confirmed (referred to enforcement) or dismissed. */
    public String verdict;

    public String by;
    public String text;

    /** The line as received and where it came from, for a dead letter. */
    public String raw;

    public String source;

    public Review() {}
}
