package org.cemsflow.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.ingestion.DecodedFrame;
import org.junit.jupiter.api.Test;

/**
 * Consecutive readings of one device, instant and command are one upload; anything else starts
 * the next; a watermark, a checkpoint or the end of the input never overtakes an upload being
 * collected.
 */
class UploadsOfReadingsTest {
    static final long T = CorrelationDetectorsTest.T0;
    static final long MIN = CorrelationDetectorsTest.MIN;

    static StreamRecord<Reading> at(String mn, String code, long t, RecordKind kind) {
        return new StreamRecord<>(CorrelationDetectorsTest.reading(mn, code, t, 1, kind), t);
    }

    /** Each output upload as "MN CN DataTime-minute: codes", then watermarks as "W minute". */
    static List<String> outputs(OneInputStreamOperatorTestHarness<Reading, DecodedFrame> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark w) {
                out.add("W " + (w.getTimestamp() - T) / MIN);
            } else {
                @SuppressWarnings("unchecked")
                StreamRecord<DecodedFrame> r = (StreamRecord<DecodedFrame>) o;
                DecodedFrame f = r.getValue();
                assertEquals(f.dataTime, r.getTimestamp(), "the upload at its readings' time");
                out.add(
                        f.mn
                                + " "
                                + f.cn
                                + " "
                                + (f.dataTime - T) / MIN
                                + ": "
                                + String.join(
                                        ",", f.readings.stream().map(Reading::getCode).toList()));
            }
        }
        return out;
    }

    @Test
    void consecutiveReadingsOfOneDeviceInstantAndCommandAreOneUpload() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new UploadsOfReadings());
        h.open();
        h.processElement(at("STACK", "a21026", T, RecordKind.REALTIME));
        h.processElement(at("STACK", "a19001", T, RecordKind.REALTIME));
        h.processElement(at("STACK", "a21026", T, RecordKind.MINUTE)); // another command
        h.processElement(at("OUTFALL", "w01018", T, RecordKind.MINUTE)); // another device
        h.processElement(at("STACK", "a01012", T, RecordKind.REALTIME)); // not consecutive
        h.processWatermark(new Watermark(T));
        h.processElement(at("STACK", "a21026", T + MIN, RecordKind.REALTIME));
        h.processElement(at("STACK", "a21026", T + 2 * MIN, RecordKind.REALTIME)); // later
        // a watermark behind the upload (the source's trails its readings) does not split it
        h.processWatermark(new Watermark(T + 2 * MIN - 1));
        h.processElement(at("STACK", "a19001", T + 2 * MIN, RecordKind.REALTIME));
        h.prepareSnapshotPreBarrier(1);
        h.processElement(at("STACK", "a01012", T + 2 * MIN, RecordKind.REALTIME));
        h.endInput();
        assertEquals(
                List.of(
                        "STACK 2011 0: a21026,a19001",
                        "STACK 2051 0: a21026",
                        "OUTFALL 2051 0: w01018",
                        "STACK 2011 0: a01012",
                        "W 0",
                        "STACK 2011 1: a21026",
                        "W 1",
                        "STACK 2011 2: a21026,a19001",
                        "STACK 2011 2: a01012"),
                outputs(h));
        h.close();
    }
}
