package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Sm4Frames;
import org.cemsflow.protocol.SplitPacket;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split packets (Flag bit 1, PNUM/PNO) in the frame gate: the parts, in any order, make one frame
 * with the readings of all; a retransmitted part or packet is a duplicate; a packet that stays
 * incomplete beyond the reassembly timeout is a dead letter INCOMPLETE per part, and its state is
 * gone.
 */
class SplitPacketGateTest {
    static final String MN = "010000A8900016F000169DC0";
    static final long T = LocalTimes.parseIso("2026-03-01T12:00:00+08:00");
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    static final byte[] KEY = "0000000000000000".getBytes(StandardCharsets.US_ASCII);

    /** A 2025 minute upload of 40 codes: three parts of at most 900 characters of data. */
    static List<String> parts(String qn) {
        Hj212Encoder e =
                Hj212Encoder.frame(MN).qn(qn).st("31").cn(2051).pw("123456").flag(9).dataTime(T);
        for (int i = 0; i < 40; i++) {
            e.group(
                    String.format("a%05d", 10_000 + i),
                    "Min",
                    "1.0",
                    "Avg",
                    String.valueOf(i + 0.5),
                    "Max",
                    "2.0",
                    "Flag",
                    "N");
        }
        return e.encodeParts(900);
    }

    static KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> gate(
            FrameValidator v) throws Exception {
        ReferenceData ref =
                new ReferenceData(
                        Map.of(MN, Device.point(MN, "p", "u", "U", "air", null, "123456", null)));
        FrameGate g = new FrameGate(v, ref, false, Duration.ofHours(6), TIMEOUT);
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        g, FrameGate::keyOf, Types.STRING, FrameGate.DEVICES, FrameGate.LOADED);
        h.setProcessingTime(0);
        return h;
    }

    static void send(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h,
            String line)
            throws Exception {
        h.processElement(new StreamRecord<>(new RawFrame(line, "test", 0), T));
    }

    static List<RejectedFrame> rejected(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h) {
        var q = h.getSideOutput(FrameGate.REJECTED);
        List<RejectedFrame> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    /** Event time past the hour of T plus the allowed lateness (6 h): its identities are forgotten. */
    static void pastTheLateness(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h)
            throws Exception {
        long t = LocalTimes.hourStart(T) + LocalTimes.HOUR_MS + Duration.ofHours(6).toMillis();
        h.processWatermark(t);
        h.processBroadcastWatermark(t);
    }

    static long stateEntries(
            KeyedBroadcastOperatorTestHarness<String, RawFrame, SideInput, DecodedFrame> h) {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                        h.getOperator())
                                .getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void thePartsInAnyOrderAreOneFrameWithTheReadingsOfAll() throws Exception {
        List<String> parts = parts("20260301120000001");
        assertEquals(3, parts.size());
        var h = gate(new FrameValidator(false, -1));
        send(h, parts.get(2));
        send(h, parts.get(0));
        assertEquals(0, h.extractOutputValues().size(), "held until the packet is whole");
        send(h, parts.get(1));
        assertEquals(1, h.extractOutputValues().size());
        DecodedFrame f = h.extractOutputValues().get(0);
        assertEquals(40, f.readings.size());
        assertEquals(T, f.dataTime);
        assertEquals(
                39.5,
                f.readings.stream()
                        .filter(r -> r.getCode().equals("a10039"))
                        .findFirst()
                        .orElseThrow()
                        .getAvg());
        assertTrue(rejected(h).isEmpty());
        // the logger did not get its answers and sends the whole packet again: three duplicates
        for (String p : parts) {
            send(h, p);
        }
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(3, h.getSideOutput(FrameGate.DUPLICATES).size());
        pastTheLateness(h);
        assertEquals(
                0, stateEntries(h), "nothing held, and the identities forgotten past the lateness");
        h.close();
    }

    @Test
    void aPacketIncompleteAfterTheTimeoutIsADeadLetterPerPartAndForgotten() throws Exception {
        List<String> parts = parts("20260301120000002");
        var h = gate(new FrameValidator(false, -1));
        send(h, parts.get(0));
        send(h, parts.get(1));
        send(h, parts.get(1)); // a retransmission of a part: one dead letter for it, not two
        h.setProcessingTime(TIMEOUT.toMillis() - 1);
        assertTrue(rejected(h).isEmpty(), "still within the timeout");
        h.setProcessingTime(TIMEOUT.toMillis());
        List<RejectedFrame> dead = rejected(h);
        assertEquals(
                List.of("INCOMPLETE", "INCOMPLETE"),
                dead.stream().map(RejectedFrame::getReason).toList());
        assertEquals(
                List.of(parts.get(0), parts.get(1)),
                dead.stream().map(RejectedFrame::getRaw).toList(),
                "as received, so they can be replayed with the missing part");
        assertEquals(MN, dead.get(0).getMn());
        assertTrue(dead.get(0).getDetail().startsWith("2 of 3 parts"), dead.get(0).getDetail());
        assertEquals(0, h.extractOutputValues().size());
        // the last part alone, later: a packet of its own that never completes
        send(h, parts.get(2));
        h.setProcessingTime(2 * TIMEOUT.toMillis());
        assertEquals(3, rejected(h).size());
        // the logger sends the whole packet again (a back-fill): its parts are not taken as seen
        for (String p : parts) {
            send(h, p);
        }
        assertEquals(1, h.extractOutputValues().size());
        assertEquals(40, h.extractOutputValues().get(0).readings.size());
        // a bounded input ends with a part held: its final watermark makes it a dead letter
        send(h, parts("20260301120000009").get(0));
        h.processWatermark(Long.MAX_VALUE);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        assertEquals(4, rejected(h).size());
        assertTrue(rejected(h).get(3).getDetail().endsWith("by the end of the input"));
        h.setProcessingTime(3 * TIMEOUT.toMillis());
        pastTheLateness(h);
        assertEquals(0, stateEntries(h));
        h.close();
    }

    @Test
    void encryptedPartsAreDecryptedEachThenJoined(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.csv");
        Files.writeString(keys, "mn,key\n" + MN + "," + HexFormat.of().formatHex(KEY) + "\n");
        var h = gate(new FrameValidator(false, -1).withKeys(DeviceKeys.of(keys)));
        List<String> plain = parts("20260301120000003");
        List<String> cipher =
                plain.stream()
                        .map(p -> Sm4Frames.encrypt(p, KEY, false))
                        .collect(Collectors.toList());
        cipher.forEach(c -> assertTrue(Sm4Frames.isEncrypted(c)));
        for (String c : cipher) {
            send(h, c);
        }
        assertEquals(1, h.extractOutputValues().size());
        List<Reading> readings = h.extractOutputValues().get(0).readings;
        assertEquals(40, readings.size());
        h.close();
    }

    @Test
    void partsWithDifferentPnumAreMalformedAndTheStateIsAPojo() throws Exception {
        List<String> three = parts("20260301120000004");
        String other =
                Hj212Encoder.frame(MN)
                        .qn("20260301120000004")
                        .st("31")
                        .cn(2051)
                        .pw("123456")
                        .flag(9)
                        .dataTime(T)
                        .group("a21026", "Avg", "1.0", "Flag", "N")
                        .group("a21002", "Avg", "2.0", "Flag", "N")
                        .encodeParts(30)
                        .get(1); // PNUM=2;PNO=2 under the same QN
        var h = gate(new FrameValidator(false, -1));
        send(h, three.get(0));
        send(h, other);
        assertEquals("MALFORMED", rejected(h).get(0).getReason());
        Harnesses.assertPojo(SplitPacket.class); // the held parts
        h.close();
    }
}
