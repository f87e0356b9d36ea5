package org.cemsflow.quota;

import org.cemsflow.avro.Aggregate;
import org.cemsflow.reference.Mark;

/** Keyed input of the gap filler (key: MN, Flink POJO): an hourly mass row, a mark, or manual substitute data. */
public class QuotaInput {
    public Aggregate mean;
    public Mark mark;
    public Substitute substitute;
    /** Event time: the hour's end - 1 ms, when the mark was made, or the start of time for substitutes. */
    public long time;

    public QuotaInput() {}

    public static QuotaInput mean(Aggregate a) {
        QuotaInput q = new QuotaInput();
        q.mean = a;
        q.time = a.getPeriodStart() + org.cemsflow.config.LocalTimes.HOUR_MS - 1;
        return q;
    }

    public static QuotaInput mark(Mark m) {
        QuotaInput q = new QuotaInput();
        q.mark = m;
        q.time = m.markedAt;
        return q;
    }

    /** Substitute data count from when they are known: at once. */
    public static QuotaInput substitute(Substitute s) {
        QuotaInput q = new QuotaInput();
        q.substitute = s;
        q.time = Long.MIN_VALUE + 1;
        return q;
    }

    public String mn() {
        return mean != null ? mean.getMn() : mark != null ? mark.mn : substitute.mn;
    }

    /** Order at one instant: what is known (substitutes, marks) before the masses it applies to. */
    int rank() {
        return substitute != null ? 0 : mark != null ? 1 : 2;
    }
}
