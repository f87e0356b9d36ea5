package org.cemsflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The simulator's own logic: frames from files made to ask for an answer, and the time gate of --in-time-order. */
class LoggerSimTest {
    static final long H = 3_600_000;

    @Test
    void aFileFrameAsksForAnAnswerWithAQnAndAValidCrc() throws Exception {
        long t = LocalTimes.parseIso("2016-08-24T10:05:00+08:00");
        String without =
                Hj212Encoder.frame("MN1")
                        .cn(2051)
                        .flag(null)
                        .dataTime(t)
                        .group("a21026", "Avg", "1")
                        .encode();
        Hj212Frame f = Hj212Codec.parse(LoggerSim.askingForAck(without, 7));
        assertEquals(1, f.flag());
        assertEquals("20160824100500007", f.qn());
        assertEquals(
                Hj212Codec.parse(without).dedupKey(),
                f.dedupKey(),
                "the same data, so the same frame to the job");
        String with =
                Hj212Encoder.frame("MN1")
                        .qn("20160824100500123")
                        .cn(2051)
                        .flag(4)
                        .dataTime(t)
                        .group("a21026", "Avg", "1")
                        .encode();
        Hj212Frame g = Hj212Codec.parse(LoggerSim.askingForAck(with, 7));
        assertEquals(5, g.flag());
        assertEquals("20160824100500123", g.qn());
        assertEquals("not a frame", LoggerSim.askingForAck("not a frame", 1));
    }

    @Test
    void theTimeGateHoldsALoggerMoreThanTheWindowAheadUntilTheLastCatchesUp() {
        LoggerSim.TimeGate gate = new LoggerSim.TimeGate(H);
        List<String> woken = new ArrayList<>();
        gate.move(null, 0L, null); // logger A at 00:00
        gate.move(null, 0L, null); // logger B at 00:00
        assertTrue(gate.move(0L, H / 2, () -> woken.add("A")), "A may go half an hour ahead");
        assertFalse(gate.move(H / 2, 2 * H, () -> woken.add("A")), "not two hours ahead of B");
        assertTrue(
                gate.move(0L, H + H / 2, () -> woken.add("B")),
                "B at 01:30 is within the window of itself");
        assertEquals(List.of("A"), woken, "the floor moved: A tries again");
        assertTrue(gate.move(2 * H, 2 * H, () -> woken.add("A")), "02:00 < 01:30 + 1 h");
        assertTrue(gate.move(H + H / 2, null, null), "B finishes");
    }

    @Test
    void aLineThatIsNoFrameIsReadWithoutFailing() {
        for (String junk :
                List.of("$\t?", "", "##", "##0010", "m& 20160824103503000;Leader=1&&0E40")) {
            var f =
                    org.cemsflow.gateway.FrameFields.of(
                            junk.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertFalse(f.asksForAck(), junk);
            assertEquals(junk, LoggerSim.askingForAck(junk, 0));
        }
    }
}
