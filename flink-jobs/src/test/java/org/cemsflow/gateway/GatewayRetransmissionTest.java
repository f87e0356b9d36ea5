package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Encoder;
import org.junit.jupiter.api.Test;

/**
 * A logger whose answer is late sends the frame again: the connection's handler stores it once
 * and answers it (the first copy's answer; a new one when the frame was already stored). While a
 * write stalls, no connection is read; when Kafka answers, they are read again. The
 * real broker restart is the chaos case gateway-kafka-restart; here a producer whose completion the
 * test controls stands for a slow Kafka.
 */
class GatewayRetransmissionTest {
    static final String FRAME =
            Hj212Encoder.wrap(
                    "QN=20260401100000001;ST=31;CN=2051;PW=123456;MN=MNR;Flag=5;"
                            + "CP=&&DataTime=20260401100000;a21026-Avg=12.5,a21026-Flag=N&&");

    static Received frame() {
        return new Received(FRAME.getBytes(StandardCharsets.ISO_8859_1), Received.Kind.FRAME);
    }

    @Test
    void aFrameSentAgainWhileKafkaIsSlowIsStoredOnceAndAnswered() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(
                        false, null, new ByteArraySerializer(), new ByteArraySerializer());
        GatewayCounters counters = new GatewayCounters();
        EmbeddedChannel ch =
                new EmbeddedChannel(
                        handler(kafka, counters, new KafkaHealth(Duration.ofSeconds(5), counters)));
        ch.writeInbound(frame());
        ch.writeInbound(frame()); // the logger's timeout ran out: the same bytes again
        assertEquals(1, kafka.history().size(), "written once");
        assertNull(ch.readOutbound(), "nothing answered before Kafka has it");
        kafka.completeNext();
        ch.runPendingTasks();
        assertTrue(answer(ch).contains("QN=20260401100000001;ST=91;CN=9014;"));
        assertNull(ch.readOutbound(), "one answer: the logger matches it by QN");
        ch.writeInbound(frame()); // the answer was lost on the way: sent once more
        assertEquals(1, kafka.history().size(), "still written once");
        assertTrue(answer(ch).contains("CN=9014"), "answered again");
        assertEquals(2, counters.retransmissions.get());
        assertEquals(1, counters.stored.get());
        ch.finishAndReleaseAll();
    }

    @Test
    void aFrameWhoseWriteFailedIsWrittenAgainWhenSentAgain() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(
                        false, null, new ByteArraySerializer(), new ByteArraySerializer());
        GatewayCounters counters = new GatewayCounters();
        EmbeddedChannel ch =
                new EmbeddedChannel(
                        handler(kafka, counters, new KafkaHealth(Duration.ofSeconds(5), counters)));
        ch.writeInbound(frame());
        kafka.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        ch.runPendingTasks();
        assertNull(ch.readOutbound(), "not stored, not answered");
        ch.writeInbound(frame());
        assertEquals(2, kafka.history().size(), "the retransmission is written");
        kafka.completeNext();
        ch.runPendingTasks();
        assertTrue(answer(ch).contains("CN=9014"));
        ch.finishAndReleaseAll();
    }

    @Test
    void whileAWriteStallsNoConnectionIsReadAndReadingResumesWhenKafkaAnswers() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(
                        false, null, new ByteArraySerializer(), new ByteArraySerializer());
        GatewayCounters counters = new GatewayCounters();
        KafkaHealth health =
                new KafkaHealth(Duration.ZERO, counters); // any unanswered write is stalled
        // ids of their own: embedded channels share one by default, and the gateway keeps its
        // connections by id
        EmbeddedChannel a =
                new EmbeddedChannel(
                        io.netty.channel.DefaultChannelId.newInstance(),
                        handler(kafka, counters, health));
        EmbeddedChannel b =
                new EmbeddedChannel(
                        io.netty.channel.DefaultChannelId.newInstance(),
                        handler(kafka, counters, health));
        a.writeInbound(frame());
        health.check();
        assertTrue(health.down());
        assertTrue(!a.config().isAutoRead() && !b.config().isAutoRead(), "no connection is read");
        assertEquals(1, counters.kafkaStalls.get());
        assertNull(a.readOutbound(), "nothing unstored is answered");
        kafka.completeNext();
        a.runPendingTasks();
        health.check();
        a.runPendingTasks();
        b.runPendingTasks();
        assertTrue(
                !health.down() && a.config().isAutoRead() && b.config().isAutoRead(),
                "reading again");
        assertTrue(answer(a).contains("CN=9014"));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    private static GatewayHandler handler(
            MockProducer<byte[], byte[]> kafka, GatewayCounters counters, KafkaHealth health) {
        return new GatewayHandler(
                kafka,
                "raw",
                "test",
                counters,
                1000,
                new ClockCalibration(
                        Clock.systemUTC(), Duration.ofDays(10_000), Duration.ofHours(1)),
                DeviceKeys.fromEnvironment(),
                health);
    }

    private static String answer(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        assertTrue(b != null, "an answer");
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }
}
