package org.cemsflow.supervision;

import org.cemsflow.avro.Alert;

/** An electronic supervision order (电子督办单) opened by a rule alert (Flink POJO state and output). */
public class Order {
    public enum State {
        OPEN,
        ANSWERED,
        ANSWERED_LATE,
        OVERDUE,
        RETRACTED
    }

    /** Same id as the alert that opened it. */
    public String alertId;

    public String unitId;
    public long openedAt;
    public long deadline;
    public State state;
    public Long answeredAt;
    public String verdict;

    /** REMINDER, WARNING or INTERVIEW: what this order's overdue raised; null when it did not. */
    public String escalationLevel;

    /** Its place among the unit's overdue orders of the deadline's year (1st, 2nd, ...); 0: not counted. */
    public int overdueRank;

    /** The alert as last known (for the events on the alert topic). */
    public Alert alert;

    /** Sequence of the order's own lifecycle events (ANSWERED, OVERDUE, ESCALATED). */
    public int sequence;

    /** +1 on every change: the version of the order's row. */
    public int version;

    public Order() {}
}
