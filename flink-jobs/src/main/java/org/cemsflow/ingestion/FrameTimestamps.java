package org.cemsflow.ingestion;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Codec;

/**
 * Event time of a raw frame: its DataTime. The future check runs here, before the timestamp
 * reaches the watermark generator: a frame dated more than the allowed margin after the wall
 * clock (a device with a wrong clock) gets no event time, so it cannot move the clock of other
 * devices; validation then rejects it as BAD_TIMESTAMP. A damaged frame (length or CRC wrong) gets
 * none either: a bit flip in a DataTime digit would otherwise push the watermark days ahead and make
 * every later frame of the partition late. An intact frame is marked so ({@link RawFrame#intact}).
 */
public final class FrameTimestamps implements SerializableTimestampAssigner<RawFrame> {
    private static final long serialVersionUID = 1L;
    private final long maxFutureMs;

    public FrameTimestamps(long maxFutureMs) {
        this.maxFutureMs = maxFutureMs;
    }

    @Override
    public long extractTimestamp(RawFrame f, long recordTimestamp) {
        if (!Hj212Codec.intact(f.text)) {
            // a damaged frame: a flipped digit in its DataTime must not move event time forward
            return Long.MIN_VALUE;
        }
        f.intact = true; // the frame gate need not compute its CRC again
        Long t = dataTimeOf(f.text);
        if (t == null || t > System.currentTimeMillis() + maxFutureMs) {
            return Long.MIN_VALUE;
        }
        return t;
    }

    /** The DataTime of a line, found without a full parse; null when there is none. */
    public static Long dataTimeOf(String text) {
        int at = text.indexOf("DataTime=");
        if (at < 0) {
            return null;
        }
        int start = at + 9;
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Hj212Codec.parseTime(text, start, end);
    }
}
