package org.cemsflow.exceedance;

import org.cemsflow.avro.Aggregate;
import org.cemsflow.reference.Mark;

/** Keyed input of the judge (key: MN, Flink POJO): an hourly or daily mean, or a unit's mark. */
public class JudgeInput {
    public Aggregate mean;
    public Mark mark;

    /** Event time: the end of the mean's period minus 1 ms, or when the mark was made. */
    public long time;

    public JudgeInput() {}

    public static JudgeInput mean(Aggregate a) {
        JudgeInput j = new JudgeInput();
        j.mean = a;
        j.time = ExceedanceJudge.periodEnd(a) - 1;
        return j;
    }

    public static JudgeInput mark(Mark m) {
        JudgeInput j = new JudgeInput();
        j.mark = m;
        j.time = m.markedAt;
        return j;
    }

    public String mn() {
        return mean != null ? mean.getMn() : mark.mn;
    }
}
