package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cemsflow.avro.Reading;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The ingestion gate: devices as broadcast state, frames held until the reference is loaded. */
class FrameGateTest {
    static final long T = LocalTimes.parseIso("2025-12-29T10:00:00+08:00");

    static KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> gate(
            boolean wait) throws Exception {
        FrameGate g =
                new FrameGate(
                        new FrameValidator(false, -1),
                        ReferenceData.empty(),
                        wait,
                        Duration.ofHours(6),
                        Duration.ofMinutes(10));
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                g, FrameGate::keyOf, Types.STRING, FrameGate.DEVICES, FrameGate.LOADED);
    }

    static StreamRecord<RawFrame> frame(String mn, String so2, int line) {
        return frame(mn, so2, line, T);
    }

    static StreamRecord<RawFrame> frame(String mn, String so2, int line, long time) {
        String text =
                Hj212Encoder.frame(mn)
                        .pw("pw")
                        .cn(2011)
                        .dataTime(time)
                        .group("a21026", "Rtd", so2)
                        .encode();
        return new StreamRecord<>(new RawFrame(text, "test:" + line, 0), time);
    }

    @Test
    void framesBeforeTheReferenceAreHeldThenChecked() throws Exception {
        var h = gate(true);
        h.processElement(frame("P1", "1", 1));
        h.processElement(frame("P9", "2", 2));
        h.setProcessingTime(5_000);
        assertEquals(0, h.extractOutputValues().size(), "held, not rejected");
        assertEquals(
                0,
                h.getSideOutput(FrameGate.REJECTED) == null
                        ? 0
                        : h.getSideOutput(FrameGate.REJECTED).size());
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.device(
                                Device.point("P1", "stack-1", "unit-1", "U", "air", 6.0, "pw", 10)),
                        0));
        h.processBroadcastElement(new StreamRecord<>(SideInput.loaded(), 0));
        h.setProcessingTime(10_000);
        assertEquals(1, h.extractOutputValues().size());
        Reading r = h.extractOutputValues().get(0).readings.get(0);
        assertEquals("stack-1", r.getPointId());
        assertEquals(6.0, r.getO2Ref());
        assertEquals(10, r.getMinuteInterval());
        assertEquals(1, h.getSideOutput(FrameGate.REJECTED).size());
        assertEquals(
                "UNKNOWN_DEVICE",
                h.getSideOutput(FrameGate.REJECTED).peek().getValue().getReason());
        h.close();
    }

    @Test
    void aDevicePublishedLaterIsKnownFromThenOnAndRetransmissionsAreRemoved() throws Exception {
        var h = gate(false);
        h.processElement(frame("P2", "1", 1));
        assertEquals(1, h.getSideOutput(FrameGate.REJECTED).size());
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.device(
                                Device.point(
                                        "P2", "stack-2", "unit-1", "U", "air", null, null, null)),
                        0));
        h.processElement(frame("P2", "1", 2));
        h.processElement(frame("P2", "1", 3));
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(1, h.getSideOutput(FrameGate.DUPLICATES).size());
        h.close();
    }

    @Test
    void aRetransmissionIsADuplicateUntilItsPeriodIsPastTheLatenessThenLate() throws Exception {
        var h = gate(false);
        h.processBroadcastElement(
                new StreamRecord<>(
                        SideInput.device(
                                Device.point(
                                        "P4", "stack-4", "unit-1", "U", "air", null, null, null)),
                        0));
        long hourEnd = LocalTimes.hourStart(T) + LocalTimes.HOUR_MS;
        long lateAt =
                hourEnd
                        - 1
                        + Duration.ofHours(6).toMillis(); // from here a frame of the hour is LATE
        h.processElement(frame("P4", "1", 1));
        h.processWatermark(lateAt - 1);
        h.processBroadcastWatermark(lateAt - 1);
        h.processElement(frame("P4", "1", 2));
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(
                1,
                h.getSideOutput(FrameGate.DUPLICATES).size(),
                "within the lateness: a duplicate");
        assertEquals(1, h.numEventTimeTimers(), "one timer for the hour's identities");
        h.processWatermark(lateAt);
        h.processBroadcastWatermark(lateAt);
        assertEquals(0, h.numEventTimeTimers());
        var backend =
                (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                        h.getOperator())
                                .getKeyedStateBackend();
        assertEquals(0, backend.numKeyValueStateEntries(), "the hour's identities are forgotten");
        h.processElement(frame("P4", "1", 3));
        assertEquals(1, h.extractOutputValues().size(), "not accepted again");
        assertEquals(
                "LATE",
                h.getSideOutput(FrameGate.REJECTED).peek().getValue().getReason(),
                "past the lateness a retransmission is LATE, as the first copy would be");
        h.close();
    }

    @Test
    void theDevicesOfTheReferenceDirectoryAreKnownFromTheStart() throws Exception {
        FrameGate g =
                new FrameGate(
                        new FrameValidator(false, -1),
                        new ReferenceData(
                                Map.of(
                                        "P3",
                                        Device.point(
                                                "P3", "stack-3", "unit-3", "U", "air", null, null,
                                                null))),
                        false,
                        Duration.ofHours(6),
                        Duration.ofMinutes(10));
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        g, FrameGate::keyOf, Types.STRING, FrameGate.DEVICES, FrameGate.LOADED);
        h.processElement(frame("P3", "1", 1));
        assertEquals("stack-3", h.extractOutputValues().get(0).readings.get(0).getPointId());
        h.close();
    }
}
