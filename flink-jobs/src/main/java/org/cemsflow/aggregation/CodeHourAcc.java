package org.cemsflow.aggregation;

/** One code's accumulators for one clock hour, per source kind (Flink POJO state). */
public class CodeHourAcc {
    public KindAcc minute = new KindAcc();
    public KindAcc hour = new KindAcc();
    public KindAcc realtime = new KindAcc();

    public CodeHourAcc() {}
}
