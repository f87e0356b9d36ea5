package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.cemsflow.ops.LoggerSim;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Sm4Frames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        return Hj212Encoder.wrap(
                "QN="
                        + qn
                        + ";ST=31;CN=2051;PW=123456;MN="
                        + mn
                        + ";Flag="
                        + flag
                        + ";CP=&&DataTime=20260401100000;a21026-Avg=12.5,a21026-Flag=N&&");
    }

    @Test
    void whatIsStoredIsAcknowledgedAndNothingElse() throws Exception {
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.bootstrap-servers",
                                kafka.bootstrap(),
                                "kafka.topic.raw",
                                RAW,
                                "gateway.port",
                                "0",
                                "gateway.bind",
                                "127.0.0.1",
                                "gateway.metrics-port",
                                "0",
                                "gateway.instance",
                                "gw-test"));
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
            // the same counters for the monitoring, in the Prometheus text format
            String metrics =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(
                                                            "http://127.0.0.1:"
                                                                    + g.metricsPort()
                                                                    + "/metrics"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body();
            assertTrue(
                    metrics.contains("cemsflow_gateway_acks_total{instance=\"gw-test\"} 2\n"),
                    metrics);
            assertTrue(
                    metrics.contains(
                            "cemsflow_gateway_crc_failures_total{instance=\"gw-test\"} 1\n"),
                    metrics);
            assertTrue(
                    metrics.contains("cemsflow_gateway_kafka_available{instance=\"gw-test\"} 1\n"),
                    metrics);
        }
        // two MNs are two partitions: their acknowledgements may cross (a logger matches them by
        // QN)
        answers.sort(null);
        assertEquals(
                List.of(
                        Hj212Encoder.wrap(
                                "QN=20260401100000001;ST=91;CN=9014;PW=123456;MN=MNA;Flag=4;CP=&&&&"),
                        Hj212Encoder.wrap(
                                "QN=20260401100000002;ST=91;CN=9014;PW=123456;MN=MNB;Flag=4;CP=&&&&")),
                answers);

        List<String> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(RAW, "gw-reader", 5)) {
            String key = r.key() == null ? "-" : new String(r.key(), StandardCharsets.ISO_8859_1);
            var notAFrame = r.headers().lastHeader(GatewayHandler.NOT_A_FRAME);
            assertEquals(
                    "gw-test",
                    new String(
                            r.headers().lastHeader(GatewayHandler.GATEWAY).value(),
                            StandardCharsets.UTF_8));
            assertTrue(r.headers().lastHeader(GatewayHandler.PEER) != null);
            assertTrue(
                    Long.parseLong(
                                    new String(
                                            r.headers()
                                                    .lastHeader(GatewayHandler.RECEIVED_AT)
                                                    .value(),
                                            StandardCharsets.UTF_8))
                            > 0);
            records.add(
                    key
                            + " "
                            + (notAFrame == null
                                    ? ""
                                    : new String(notAFrame.value(), StandardCharsets.UTF_8) + " ")
                            + new String(r.value(), StandardCharsets.ISO_8859_1));
        }
        records.sort(null);
        List<String> expected =
                new ArrayList<>(
                        List.of(
                                "- garbage junk!",
                                "MNA " + a,
                                "MNA " + badCrc,
                                "MNA " + noAck,
                                "MNB " + b));
        expected.sort(null);
        assertEquals(expected, records);
    }

    @Test
    void simulatedLoggersGetEveryFrameAcknowledgedAndEachIsStoredOnce() throws Exception {
        String topic = RAW + "-sim";
        kafka.createTopics(Map.of(topic, 2));
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.bootstrap-servers",
                                kafka.bootstrap(),
                                "kafka.topic.raw",
                                topic,
                                "gateway.port",
                                "0",
                                "gateway.bind",
                                "127.0.0.1",
                                "gateway.metrics-port",
                                "0"));
        LoggerSim.Result r;
        try (Gateway g = new Gateway(settings, Gateway.producer(settings))) {
            r = LoggerSim.run("127.0.0.1", g.port(), 40, 25, 0, 3000, 3, "SIM");
        }
        assertEquals(1000, r.acked(), r.toString());
        assertEquals(0, r.failed(), r.toString());
        java.util.Map<String, Integer> stored = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : read(topic, "gw-sim-reader", r.sent())) {
            stored.merge(new String(rec.value(), StandardCharsets.ISO_8859_1), 1, Integer::sum);
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
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.bootstrap-servers",
                                kafka.bootstrap(),
                                "kafka.topic.raw",
                                RAW,
                                "gateway.port",
                                "0",
                                "gateway.bind",
                                "127.0.0.1",
                                "gateway.metrics-port",
                                "0"));
        String hourAgo =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .withZone(java.time.ZoneOffset.ofHours(8))
                        .format(java.time.Instant.now().minusSeconds(3600));
        String heartbeat =
                Hj212Encoder.wrap(
                        "QN=20260401100000009;ST=31;CN=9015;PW=123456;MN=MNH;Flag=5;CP=&&&&");
        String late =
                Hj212Encoder.wrap(
                        "QN=20260401100000010;ST=31;CN=2011;PW=123456;MN=MNH;Flag=5;CP=&&DataTime="
                                + hourAgo
                                + ";a21026-Rtd=12.5,a21026-Flag=N&&");
        List<String> answers = new ArrayList<>();
        try (Gateway g = new Gateway(settings, Gateway.producer(settings));
                Socket s = new Socket("127.0.0.1", g.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(
                            (heartbeat + "\r\n" + late + "\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            answers.addAll(lines(s.getInputStream(), 3));
            assertEquals(Map.of("MNH", 1L), g.calibration().counts());
        }
        assertTrue(
                answers.get(0).contains("QN=20260401100000009;ST=91;CN=9013;"), answers.toString());
        assertTrue(
                answers.get(1).contains("QN=20260401100000010;ST=91;CN=9014;"), answers.toString());
        assertTrue(
                answers.get(2).contains(";CN=1012;PW=123456;MN=MNH;Flag=5;CP=&&SystemTime="),
                answers.toString());
    }

    @Test
    void loggersOf2025WithSm4AndAWrongClockAreAcknowledgedAndSetRight(@TempDir Path dir)
            throws Exception {
        String topic = RAW + "-2025";
        kafka.createTopics(Map.of(topic, 2));
        Path keysFile = dir.resolve("keys.csv");
        StringBuilder keys = new StringBuilder("mn,key\n");
        for (int i = 0; i < 4; i++) { // the fifth logger has no key: it sends plaintext
            keys.append(String.format("A25%021X", i)).append(",30303030303030303030303030303030\n");
        }
        Files.writeString(keysFile, keys);
        Path acked = dir.resolve("acked.md5");
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.bootstrap-servers",
                                kafka.bootstrap(),
                                "kafka.topic.raw",
                                topic,
                                "gateway.port",
                                "0",
                                "gateway.bind",
                                "127.0.0.1",
                                "gateway.metrics-port",
                                "0"));
        LoggerSim.Result r;
        System.setProperty(
                DeviceKeys.PROPERTY, keysFile.toString()); // the gateway checks the plaintext's CRC
        try (Gateway g = new Gateway(settings, Gateway.producer(settings))) {
            r =
                    LoggerSim.run(
                            new LoggerSim.Options(
                                    "127.0.0.1",
                                    g.port(),
                                    5,
                                    20,
                                    0,
                                    3000,
                                    3,
                                    "A25",
                                    2025,
                                    DeviceKeys.of(keysFile),
                                    Duration.ofHours(-1),
                                    List.of(),
                                    false,
                                    acked,
                                    false));
            assertEquals(
                    5,
                    g.calibration().counts().size(),
                    "each logger was set once: " + g.calibration().counts());
        } finally {
            System.clearProperty(DeviceKeys.PROPERTY);
        }
        assertEquals(100, r.acked(), r.toString());
        assertEquals(0, r.failed(), r.toString());
        assertEquals(5, r.calibrations(), "each logger honoured its 1012");
        List<String> ackedFrames = Files.readAllLines(acked);
        assertEquals(100, ackedFrames.size());
        java.util.Map<String, Integer> stored = new java.util.HashMap<>();
        int encrypted = 0;
        long lastDataTime = 0;
        for (ConsumerRecord<byte[], byte[]> rec : read(topic, "gw-2025-reader", r.sent())) {
            String text = new String(rec.value(), StandardCharsets.ISO_8859_1);
            stored.merge(LoggerSim.digest(rec.value()), 1, Integer::sum);
            if (Sm4Frames.isEncrypted(text)) {
                encrypted++;
                text =
                        Sm4Frames.decrypt(
                                text, "0000000000000000".getBytes(StandardCharsets.US_ASCII));
            }
            var frame = Hj212Codec.parse(text);
            if (frame.isDataUpload()) { // the others are the loggers' 9011 and 9012 answers to the
                // 1012
                lastDataTime = Math.max(lastDataTime, Hj212Codec.dataTime(frame));
            }
        }
        assertEquals(80, encrypted, "four loggers of five have keys");
        assertEquals(100 + 2 * 5, stored.size(), "the frames and each logger's 9011 and 9012");
        for (String f : ackedFrames) {
            assertEquals(
                    1, stored.getOrDefault(f, 0), "an acknowledged frame is stored exactly once");
        }
        assertTrue(
                Math.abs(lastDataTime - System.currentTimeMillis()) < 120_000,
                "after the 1012 the loggers stamp their data with the right time");
    }

    @Test
    void loggersSendFilesOfRealTrafficGarbageAndHeartbeatsIncluded(@TempDir Path dir)
            throws Exception {
        String topic = RAW + "-files";
        kafka.createTopics(Map.of(topic, 2));
        Path file = dir.resolve("capture.h212");
        String data =
                Hj212Encoder.frame("MNF")
                        .cn(2051)
                        .flag(null)
                        .dataTime(1_775_000_000_000L)
                        .group("a21026", "Avg", "12.5", "Flag", "N")
                        .encode();
        String heartbeat =
                Hj212Encoder.wrap("ST=32;CN=8013;PW=123456;MN=MNF;Flag=0;CP=&&HeartbeatTime=120&&");
        Files.writeString(
                file,
                "$\t?\r\n" + data + "\r\n" + heartbeat + "\r\nm& 2016;Leader=1&&0E40\r\n",
                StandardCharsets.ISO_8859_1);
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.bootstrap-servers",
                                kafka.bootstrap(),
                                "kafka.topic.raw",
                                topic,
                                "gateway.port",
                                "0",
                                "gateway.bind",
                                "127.0.0.1",
                                "gateway.metrics-port",
                                "0"));
        LoggerSim.Result r;
        try (Gateway g = new Gateway(settings, Gateway.producer(settings))) {
            r =
                    LoggerSim.run(
                            new LoggerSim.Options(
                                    "127.0.0.1",
                                    g.port(),
                                    0,
                                    0,
                                    0,
                                    3000,
                                    0,
                                    "",
                                    2017,
                                    null,
                                    null,
                                    List.of(file),
                                    true,
                                    null,
                                    true));
        }
        assertEquals(4, r.sent(), r.toString());
        assertEquals(2, r.acked(), "the data frame (9014) and the heartbeat (9013): " + r);
        assertEquals(0, r.failed(), r.toString());
        // the two lines without an MN go on one connection, with no ## between them: one run of
        // garbage
        assertEquals(
                3,
                read(topic, "gw-files-reader", 3).size(),
                "the garbage is stored too, for the dead letters");
    }

    /** Every record of the topic, from the beginning, until {@code atLeast} are read (or 20 s have passed). */
    private static List<ConsumerRecord<byte[], byte[]>> read(
            String topic, String group, long atLeast) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 20_000;
            while (out.size() < atLeast && System.currentTimeMillis() < until) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
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
