package org.cemsflow.time;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A side input read from a bounded source (the reference directory's snapshot marker) that must
 * not end event time: its records pass, its watermarks do not, and it says it is idle.
 *
 * <p>Why: a bounded source ends with the watermark {@code Long.MAX_VALUE}. Joined to a live input,
 * that is harmless while the live input is active, but when every live partition falls idle (a
 * quiet night, the end of a replay) the only active channel left is the finished one, and event
 * time jumps to +infinity: every open hour is emitted, every deadline passes, and whatever arrives
 * next is late. A side input that never holds back event time also never pushes it.
 */
public final class EndlessSideInput<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private EndlessSideInput() {}

    public static <T> DataStream<T> of(DataStream<T> in, String uid) {
        // in the source's task: it is part of the source, not an operator that waits on event time
        return in.transform("Side input without event time", in.getType(), new EndlessSideInput<T>()).uid(uid)
                .setParallelism(in.getParallelism());
    }

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }
}
