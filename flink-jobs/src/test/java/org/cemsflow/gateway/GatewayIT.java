package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.e2e.EmbeddedKafka;
import org.cemsflow.protocol.Hj212Encoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway between a logger's TCP connection and a real Kafka broker: every frame and every run
 * of garbage is a record, keyed by MN, with its headers; the frames that ask for it, and whose CRC
 * holds, are acknowledged with the standard's 9014 once stored; a frame with a bad CRC is stored
 * but not acknowledged.
 */
class GatewayIT {
    static final String RAW = "gw-raw-" + UUID.randomUUID().toString().substring(0, 8);
    static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(Map.of(RAW, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static String frame(String qn, String mn, int flag) {
        return Hj212Encoder.wrap("QN=" + qn + ";ST=31;CN=2051;PW=123456;MN=" + mn + ";Flag=" + flag
                + ";CP=&&DataTime=20260401100000;a21026-Avg=12.5,a21026-Flag=N&&");
    }

    @Test
    void whatIsStoredIsAcknowledgedAndNothingElse() throws Exception {
        CemsflowSettings settings = CemsflowSettings.of(Map.of("kafka.bootstrap-servers", kafka.bootstrap(),
                "kafka.topic.raw", RAW, "gateway.port", "0", "gateway.bind", "127.0.0.1", "gateway.instance", "gw-test"));
        String a = frame("20260401100000001", "MNA", 5);
        String b = frame("20260401100000002", "MNB", 5);
        String noAck = frame("20260401100000003", "MNA", 4);
        String badCrc = a.substring(0, a.length() - 4) + (a.endsWith("0000") ? "0001" : "0000");
        List<String> answers = new ArrayList<>();
        try (Gateway g = new Gateway(settings, Gateway.producer(settings));
             Socket s = new Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String all = "junk!" + a + "\r\n" + badCrc + "\r\n" + noAck + "\r\n" + b + "\r\n";
            byte[] bytes = all.getBytes(StandardCharsets.ISO_8859_1);
            // in uneven pieces, as TCP may deliver them
            for (int i = 0; i < bytes.length; i += 37) {
                out.write(bytes, i, Math.min(37, bytes.length - i));
                out.flush();
            }
            InputStream in = s.getInputStream();
            answers.addAll(lines(in, 2));
            s.setSoTimeout(1_000);
            assertTrue(readsNothing(in), "only two frames are acknowledged");
            assertEquals(2, g.counters().acks.get());
            assertEquals(1, g.counters().crcFailures.get());
        }
        // two MNs are two partitions: their acknowledgements may cross (a logger matches them by QN)
        answers.sort(null);
        assertEquals(List.of(
                Hj212Encoder.wrap("QN=20260401100000001;ST=91;CN=9014;PW=123456;MN=MNA;Flag=4;CP=&&&&"),
                Hj212Encoder.wrap("QN=20260401100000002;ST=91;CN=9014;PW=123456;MN=MNB;Flag=4;CP=&&&&")), answers);

        List<String> records = new ArrayList<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("group.id", "gw-reader");
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(RAW));
            long until = System.currentTimeMillis() + 20_000;
            while (records.size() < 5 && System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? "-" : new String(r.key(), StandardCharsets.ISO_8859_1);
                    var notAFrame = r.headers().lastHeader(GatewayHandler.NOT_A_FRAME);
                    assertEquals("gw-test", new String(r.headers().lastHeader(GatewayHandler.GATEWAY).value(), StandardCharsets.UTF_8));
                    assertTrue(r.headers().lastHeader(GatewayHandler.PEER) != null);
                    assertTrue(Long.parseLong(new String(r.headers().lastHeader(GatewayHandler.RECEIVED_AT).value(),
                            StandardCharsets.UTF_8)) > 0);
                    records.add(key + " " + (notAFrame == null ? "" : new String(notAFrame.value(), StandardCharsets.UTF_8) + " ")
                            + new String(r.value(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        records.sort(null);
        List<String> expected = new ArrayList<>(List.of("- garbage junk!", "MNA " + a, "MNA " + badCrc, "MNA " + noAck,
                "MNB " + b));
        expected.sort(null);
        assertEquals(expected, records);
    }

    @Test
    void simulatedLoggersGetEveryFrameAcknowledgedAndEachIsStoredOnce() throws Exception {
        String topic = RAW + "-sim";
        kafka.createTopics(Map.of(topic, 2));
        CemsflowSettings settings = CemsflowSettings.of(Map.of("kafka.bootstrap-servers", kafka.bootstrap(),
                "kafka.topic.raw", topic, "gateway.port", "0", "gateway.bind", "127.0.0.1"));
        org.cemsflow.ops.LoggerSim.Result r;
        try (Gateway g = new Gateway(settings, Gateway.producer(settings))) {
            r = org.cemsflow.ops.LoggerSim.run("127.0.0.1", g.port(), 40, 25, 0, 3000, 3, "SIM");
        }
        assertEquals(1000, r.acked(), r.toString());
        assertEquals(0, r.failed(), r.toString());
        java.util.Map<String, Integer> stored = new java.util.HashMap<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("group.id", "gw-sim-reader");
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 20_000;
            int n = 0;
            while (n < r.sent() && System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
                    n++;
                    stored.merge(new String(rec.value(), StandardCharsets.ISO_8859_1), 1, Integer::sum);
                }
            }
        }
        // a retried frame is stored again (the logger sent it twice); without retries each once
        assertEquals(r.sent(), stored.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(1000, stored.size());
        if (r.retries() == 0) {
            stored.forEach((frame, times) -> assertEquals(1, times, frame));
        }
    }

    @Test
    void heartbeatsGet9013AndALoggerOffTheClockIsSet() throws Exception {
        CemsflowSettings settings = CemsflowSettings.of(Map.of("kafka.bootstrap-servers", kafka.bootstrap(),
                "kafka.topic.raw", RAW, "gateway.port", "0", "gateway.bind", "127.0.0.1"));
        String hourAgo = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .withZone(java.time.ZoneOffset.ofHours(8)).format(java.time.Instant.now().minusSeconds(3600));
        String heartbeat = Hj212Encoder.wrap("QN=20260401100000009;ST=31;CN=9015;PW=123456;MN=MNH;Flag=5;CP=&&&&");
        String late = Hj212Encoder.wrap("QN=20260401100000010;ST=31;CN=2011;PW=123456;MN=MNH;Flag=5;CP=&&DataTime="
                + hourAgo + ";a21026-Rtd=12.5,a21026-Flag=N&&");
        List<String> answers = new ArrayList<>();
        try (Gateway g = new Gateway(settings, Gateway.producer(settings));
             Socket s = new Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((heartbeat + "\r\n" + late + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            answers.addAll(lines(s.getInputStream(), 3));
            assertEquals(Map.of("MNH", 1L), g.calibration().counts());
        }
        assertTrue(answers.get(0).contains("QN=20260401100000009;ST=91;CN=9013;"), answers.toString());
        assertTrue(answers.get(1).contains("QN=20260401100000010;ST=91;CN=9014;"), answers.toString());
        assertTrue(answers.get(2).contains(";CN=1012;PW=123456;MN=MNH;Flag=5;CP=&&SystemTime="), answers.toString());
    }

    /** The next {@code n} lines the gateway sends, without their CR LF. */
    private static List<String> lines(InputStream in, int n) throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        while (out.size() < n) {
            int c = in.read();
            assertTrue(c >= 0, "the gateway closed the connection");
            line.append((char) c);
            if (line.toString().endsWith("\r\n")) {
                out.add(line.substring(0, line.length() - 2));
                line.setLength(0);
            }
        }
        return out;
    }

    private static boolean readsNothing(InputStream in) throws Exception {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }
}
