package org.cemsflow.supervision;

/** A unit's answer to an alert (Flink POJO), from the feedback topic or file. */
public class Answer {
    public String alertId;
    public long answeredAt;

    /** confirmed, disputed or marked. */
    public String verdict;

    public String by;
    public String text;

    /** The line as received and where it came from, for a dead letter. */
    public String raw;

    public String source;

    public Answer() {}
}
