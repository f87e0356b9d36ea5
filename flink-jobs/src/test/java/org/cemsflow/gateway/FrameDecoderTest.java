package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cemsflow.protocol.Hj212Encoder;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    static final String SEGMENT =
            "QN=20160824100000000;ST=31;CN=2051;PW=123456;MN=88888880000001;Flag=5;"
                    + "CP=&&DataTime=20160824100000;a21026-Avg=12.5,a21026-Flag=N&&";
    static final String FRAME = Hj212Encoder.wrap(SEGMENT);

    final GatewayCounters counters = new GatewayCounters();
    final EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(256, counters));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void send(byte[]... pieces) {
        for (byte[] p : pieces) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
    }

    List<String> received() {
        List<String> out = new ArrayList<>();
        for (Received r; (r = ch.readInbound()) != null; ) {
            out.add(r.kind() + " " + new String(r.bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void aFrameInManyPiecesIsOneFrame() {
        byte[] all = bytes(FRAME + "\r\n");
        for (int i = 0; i < all.length; i++) {
            send(new byte[] {all[i]});
        }
        assertEquals(List.of("FRAME " + FRAME), received());
    }

    @Test
    void manyFramesInOnePieceAreEachAFrame() {
        send(bytes(FRAME + "\r\n" + FRAME + "\r\n" + FRAME + "\r\n"));
        assertEquals(List.of("FRAME " + FRAME, "FRAME " + FRAME, "FRAME " + FRAME), received());
    }

    @Test
    void bytesBeforeAFrameAreOneGarbageRunAndTheStreamResynchronises() {
        send(bytes("\u0000\u0001noise"), bytes(" more##"), bytes(FRAME.substring(2) + "\r\n\r\n"));
        assertEquals(List.of("GARBAGE \u0000\u0001noise more", "FRAME " + FRAME), received());
        assertEquals(1, counters.garbage.get());
    }

    @Test
    void aWrongLengthFieldEndsTheFrameAtItsLineEnd() {
        String wrong = "##0999" + FRAME.substring(6);
        send(bytes(wrong + "\r\n" + FRAME + "\r\n"));
        assertEquals(List.of("FRAME " + wrong, "FRAME " + FRAME), received());
        // alone, and with a CRC that holds, it is not held back waiting for 999 bytes
        send(bytes(wrong + "\r\n"));
        assertEquals(List.of("FRAME " + wrong), received());
    }

    @Test
    void aRawCiphertextWithCrAndLfInsideIsCutByItsLength() {
        // a 2025 logger sending the cipher bytes: the length field is right, the CRC (over the
        // plaintext) is not checkable here
        String data = "QN=1;ST=31;CN=2011;PW=1;MN=2;Flag=9;CP=&&\r\n\u00e4\n\r&&";
        String frame = String.format("##%04d%s%s", data.length(), data, "ABCD");
        byte[] all = bytes(frame + "\r\n");
        send(java.util.Arrays.copyOf(all, 30), java.util.Arrays.copyOfRange(all, 30, all.length));
        assertEquals(List.of("FRAME " + frame), received());
    }

    @Test
    void theBraceTextCiphertextIsCutAtItsLineEnd() {
        // the standard's examples: the data area as text {0xE4,0x3E,...}, the length field keeping
        // the plaintext's
        String data =
                "QN=1;ST=31;CN=2011;PW=1;MN=2;Flag=9;CP=&&{0xE4,0x3E,0x11,0x02,0x9A,0xBC,0x00,0x7F}&&";
        String frame = String.format("##%04d%s%s", 40, data, "ABCD");
        send(bytes(frame + "\r\n"));
        assertEquals(List.of("FRAME " + frame), received());
    }

    @Test
    void aLineOverTheLimitIsCutCountedAndTheConnectionGoesOn() {
        String huge = "##9999" + "x".repeat(1000);
        send(bytes(huge.substring(0, 500)), bytes(huge.substring(500) + "\r\n" + FRAME + "\r\n"));
        List<String> got = received();
        assertEquals(2, got.size(), got.toString());
        assertEquals("OVERSIZE " + huge.substring(0, 256), got.get(0));
        assertEquals("FRAME " + FRAME, got.get(1));
        assertEquals(1, counters.oversize.get());
    }

    @Test
    void whatIsLeftWhenTheConnectionClosesIsNotLost() {
        send(bytes(FRAME));
        assertTrue(received().isEmpty(), "a frame waits for its CR LF");
        ch.finish();
        List<String> got = received();
        assertEquals(List.of("FRAME " + FRAME), got);
        assertNull(ch.readInbound());
    }

    @Test
    void theAcknowledgementIsTheStandards() {
        FrameFields f = FrameFields.of(bytes(FRAME));
        assertTrue(f.crcOk());
        assertTrue(f.asksForAck());
        String ack = new String(f.ack(), StandardCharsets.ISO_8859_1);
        assertEquals(
                Hj212Encoder.wrap(
                                "QN=20160824100000000;ST=91;CN=9014;PW=123456;MN=88888880000001;Flag=4;CP=&&&&")
                        + "\r\n",
                ack);
        assertEquals(
                false,
                FrameFields.of(bytes(FRAME.substring(0, FRAME.length() - 4) + "0000")).crcOk());
    }
}
