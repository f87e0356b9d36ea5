package org.cemsflow.correlation;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.DecodedFrameSerializer;

/**
 * Readings that come one by one (a local run's sorted readings) to uploads for the hourly means
 * and the device rules: consecutive readings of the same device, DataTime and command become one
 * record. The sort puts an upload's readings together, so both see whole uploads in event-time
 * order, as the streaming job's frames, and one record per upload instead of one per reading
 * goes on. An upload being collected goes out before a watermark passes it, before a
 * checkpoint barrier (run-local takes none) and at the end of the input.
 */
public final class UploadsOfReadings extends AbstractStreamOperator<DecodedFrame>
        implements OneInputStreamOperator<Reading, DecodedFrame>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private transient DecodedFrame pending;
    private transient StreamRecord<Reading> first;

    /** The uploads of {@code readings}, made where the readings are (their parallelism). */
    public static DataStream<DecodedFrame> of(DataStream<Reading> readings) {
        return readings.transform(
                        "Readings as uploads", DecodedFrameSerializer.TYPE, new UploadsOfReadings())
                .setParallelism(readings.getParallelism());
    }

    @Override
    public void processElement(StreamRecord<Reading> element) {
        Reading r = element.getValue();
        if (pending != null
                && !(pending.dataTime == r.getDataTime()
                        && pending.cn == r.getCn()
                        && pending.mn.equals(r.getMn()))) {
            flush();
        }
        if (pending == null) {
            pending = DecodedFrame.ofReading(r);
            first = element;
        } else {
            pending.readings.add(r);
        }
    }

    private void flush() {
        if (pending != null) {
            output.collect(first.replace(pending));
            pending = null;
            first = null;
        }
    }

    /**
     * A watermark behind the upload being collected (the source's watermark trails its readings)
     * leaves it whole: more of its readings may follow. Flushing it there would split it in two
     * where the periodic watermark happened to fall, and the device rules judge what they get.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (pending != null && pending.dataTime <= mark.getTimestamp()) {
            flush();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }
}
