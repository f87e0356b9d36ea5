package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.CemsflowJob;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferencePublisher;
import org.cemsflow.testkit.Clusters;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference topic as a live input: the job starts from what {@code reference publish} put on
 * the compacted topic, and a second publication while it runs adds a production meter, takes out
 * an outfall (a tombstone) and lowers a limit from a given hour; a record that does not parse is
 * published too. The job must keep running, reject the outfall's later frames as unknown, judge
 * the stack against the new limit from its valid_from, let the unit rules see the new meter
 * (treatment off while it produces), and turn the bad record into a dead letter.
 */
class ReferenceTopicIT {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String UNIT = "RT" + RUN + "-unit";
    static final String STACK = "RT" + RUN + "-S";
    static final String PRODUCTION = "RT" + RUN + "-P";
    static final String TREATMENT = "RT" + RUN + "-T";
    static final String OUTFALL = "RT" + RUN + "-W";
    static final long T0 = LocalTimes.parseIso("2025-09-01T00:00:00+08:00");
    static final long H = LocalTimes.HOUR_MS;
    static EmbeddedKafka kafka;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(
                Map.of(
                        topic("raw"),
                        1,
                        topic("reference"),
                        1,
                        topic("marks"),
                        1,
                        topic("feedback"),
                        1,
                        topic("substitutes"),
                        1,
                        topic("reviews"),
                        1,
                        topic("alerts"),
                        1,
                        topic("dead-letters"),
                        1));
        ClickHouseHttp.migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String topic(String kind) {
        return "rt-" + kind + "-" + RUN;
    }

    /** A reference directory: the stack, the treatment meter, optionally the outfall and the production meter. */
    static Path directory(String name, boolean outfall, boolean production, String extraLimit)
            throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("points.csv"),
                "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n"
                        + STACK
                        + ",stack-"
                        + RUN
                        + ","
                        + UNIT
                        + ",Plant,air,6,,\n"
                        + (outfall
                                ? OUTFALL + ",outfall-" + RUN + "," + UNIT + ",Plant,water,,,\n"
                                : ""));
        Files.writeString(
                dir.resolve("meters.csv"),
                "mn,unit_id,role,rated_kw\n"
                        + TREATMENT
                        + ","
                        + UNIT
                        + ",treatment,100\n"
                        + (production ? PRODUCTION + "," + UNIT + ",production,1000\n" : ""));
        Files.writeString(
                dir.resolve("limits.csv"),
                "point_id,pollutant,limit,averaging,valid_from\n"
                        + "stack-"
                        + RUN
                        + ",a21026,35,hour,\n"
                        + extraLimit);
        return dir;
    }

    static void publish(Path dir) throws Exception {
        ReferencePublisher.main(
                new String[] {
                    "publish",
                    dir.toString(),
                    "--bootstrap",
                    kafka.bootstrap(),
                    "--topic",
                    topic("reference")
                });
    }

    static void produce(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                    value.getBytes(StandardCharsets.ISO_8859_1)))
                    .get();
        }
    }

    /** Hours [from, to) of 10-minute data: SO2 20 at O2 11 % (30 corrected), production 700, treatment as given, the outfall. */
    static void hours(int from, int to, int treatmentOffFrom, int treatmentOffTo) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int h = from; h < to; h++) {
                for (int m = 0; m < 60; m += 10) {
                    long t = T0 + h * H + m * 60_000L;
                    boolean off = h >= treatmentOffFrom && h < treatmentOffTo;
                    for (String f :
                            List.of(
                                    Hj212Encoder.frame(STACK)
                                            .cn(2051)
                                            .dataTime(t)
                                            .group("a21026", "Avg", "20", "Flag", "N")
                                            .group("a19001", "Avg", "11", "Flag", "N")
                                            .group("a00000", "Avg", "50", "Flag", "N")
                                            .encode(),
                                    Hj212Encoder.frame(PRODUCTION)
                                            .cn(2051)
                                            .dataTime(t)
                                            .group("e10001", "Avg", "" + (700 + m), "Flag", "N")
                                            .encode(),
                                    Hj212Encoder.frame(TREATMENT)
                                            .cn(2051)
                                            .dataTime(t)
                                            .group(
                                                    "e10001",
                                                    "Avg",
                                                    off ? "2" : "" + (70 + m),
                                                    "Flag",
                                                    "N")
                                            .encode(),
                                    Hj212Encoder.frame(OUTFALL)
                                            .st("32")
                                            .cn(2051)
                                            .dataTime(t)
                                            .group("w00000", "Avg", "20", "Flag", "N")
                                            .encode())) {
                        producer.send(
                                new ProducerRecord<>(
                                        topic("raw"), f.getBytes(StandardCharsets.ISO_8859_1)));
                    }
                }
            }
        }
    }

    @Test
    void aReferenceChangedWhileTheJobRunsAppliesWithoutARestart(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        publish(directory("v1", true, false, ""));
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.ofEntries(
                                Map.entry("kafka.bootstrap-servers", kafka.bootstrap()),
                                Map.entry("kafka.topic.raw", topic("raw")),
                                Map.entry("kafka.topic.reference", topic("reference")),
                                Map.entry("kafka.topic.marks", topic("marks")),
                                Map.entry("kafka.topic.feedback", topic("feedback")),
                                Map.entry("kafka.topic.substitutes", topic("substitutes")),
                                Map.entry("kafka.topic.reviews", topic("reviews")),
                                Map.entry("kafka.topic.alerts", topic("alerts")),
                                Map.entry("kafka.topic.dead-letters", topic("dead-letters")),
                                Map.entry("kafka.transactional-id-prefix", "rt-" + RUN),
                                Map.entry("kafka.group-id", "rt-" + RUN),
                                Map.entry("kafka.starting-offsets", "earliest"),
                                Map.entry(
                                        "clickhouse.url",
                                        "jdbc:clickhouse://127.0.0.1:8123/cemsflow"),
                                Map.entry("clickhouse.batch-size", "200"),
                                Map.entry("checkpoint.interval", "PT1S"),
                                Map.entry("watermark.idleness", "PT5S")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(CemsflowJob.jobConfiguration(settings));
        env.setParallelism(2);
        CemsflowJob.build(env, settings, ReferenceData.empty());
        JobClient job = env.executeAsync("cemsflow-reference-topic");
        try {
            FlinkRest rest =
                    new FlinkRest(
                            URI.create(client.getWebInterfaceURL()), job.getJobID().toString());
            hours(0, 6, -1, -1);
            // the production meter is unknown so far: its 36 frames are dead letters
            waitFor(
                    "the production meter's frames rejected as unknown",
                    () -> count("reason = 'UNKNOWN_DEVICE' AND mn = '" + PRODUCTION + "'") >= 36);
            // the second publication: the meter added, the outfall taken out, SO2 judged against 25
            // from hour 6
            publish(
                    directory(
                            "v2",
                            false,
                            true,
                            "stack-"
                                    + RUN
                                    + ",a21026,25,hour,"
                                    + LocalTimes.iso(T0 + 6 * H)
                                    + "\n"));
            produce(topic("reference"), "device|" + RUN + "-broken", "{\"kind\":\"meter\",\"mn\":");
            // the second publication has gone through the job when its meter is in the dimension
            // table (written at a checkpoint after the broadcast reached the operators); a fixed
            // sleep was not enough on a loaded machine
            waitFor(
                    "the meter in the dimension tables",
                    () ->
                            ClickHouseHttp.rows(
                                                    "SELECT role FROM "
                                                            + "cemsflow.dim_meters FINAL WHERE mn = '"
                                                            + PRODUCTION
                                                            + "' AND removed = 0")
                                            .size()
                                    == 1);
            Thread.sleep(1000);
            hours(6, 20, 8, 10);
            waitFor(
                    "the alerts of the new limit and the new meter",
                    () -> {
                        List<String> types = alertTypes();
                        return types.contains("EXCEEDANCE_3H")
                                && types.contains("TREATMENT_NOT_RUNNING");
                    });
            List<AlertEvent> alerts = kafka.readAlerts(topic("alerts"), "read_committed");
            AlertEvent exceedance =
                    alerts.stream()
                            .filter(e -> e.getAlert().getType().equals("EXCEEDANCE_3H"))
                            .findFirst()
                            .get();
            assertEquals(
                    T0 + 6 * H,
                    exceedance.getAlert().getWindowStart(),
                    "judged against the new limit from its valid_from");
            assertEquals(25.0, exceedance.getAlert().getLimit());
            AlertEvent treatment =
                    alerts.stream()
                            .filter(e -> e.getAlert().getType().equals("TREATMENT_NOT_RUNNING"))
                            .findFirst()
                            .get();
            assertEquals(
                    T0 + 8 * H,
                    treatment.getAlert().getWindowStart(),
                    "the unit rules know the meter published later");
            waitFor(
                    "the outfall's frames after its removal rejected",
                    () -> count("reason = 'UNKNOWN_DEVICE' AND mn = '" + OUTFALL + "'") >= 14 * 6);
            assertEquals(
                    36,
                    count("reason = 'UNKNOWN_DEVICE' AND mn = '" + PRODUCTION + "'"),
                    "once published, the meter's frames are accepted");
            waitFor(
                    "the record that does not parse as a dead letter",
                    () ->
                            count(
                                            "reason = 'BAD_INPUT' AND source LIKE 'reference:"
                                                    + topic("reference")
                                                    + "%'")
                                    == 1);
            // the analysts' dimension tables follow the topic: the outfall taken out, the limit's
            // history
            assertEquals(
                    List.of("1"),
                    ClickHouseHttp.rows(
                            "SELECT removed FROM cemsflow.dim_points FINAL WHERE mn = '"
                                    + OUTFALL
                                    + "'"),
                    "the outfall is marked removed");
            assertTrue(
                    ClickHouseHttp.rows(
                                    "SELECT limit_value, toUnixTimestamp(valid_from) FROM cemsflow.dim_limits FINAL "
                                            + "WHERE point_id = 'stack-"
                                            + RUN
                                            + "' AND pollutant = 'a21026' AND removed = 0")
                            .contains("25\t" + (T0 + 6 * H) / 1000),
                    "the new limit from its valid_from");
            assertEquals(0, rest.restarts(), "a bad reference record does not restart the job");
        } finally {
            job.cancel().get();
        }
    }

    static long count(String where) throws Exception {
        List<String> rows =
                ClickHouseHttp.rows(
                        "SELECT count() FROM cemsflow.rejected_frames FINAL WHERE "
                                + where
                                + " AND (source LIKE '"
                                + topic("raw")
                                + "%' OR source LIKE 'reference:%')");
        return Long.parseLong(rows.get(0));
    }

    static List<String> alertTypes() throws Exception {
        List<String> types = new ArrayList<>();
        for (AlertEvent e : kafka.readAlerts(topic("alerts"), "read_committed")) {
            types.add(e.getAlert().getType());
        }
        return types;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(
                        "timed out waiting for "
                                + what
                                + "; alerts "
                                + alertTypes()
                                + ", dead letters "
                                + ClickHouseHttp.rows(
                                        "SELECT reason, mn, count() FROM cemsflow.rejected_frames FINAL WHERE source LIKE '"
                                                + topic("raw")
                                                + "%' OR source LIKE 'reference:"
                                                + topic("reference")
                                                + "%' GROUP BY reason, mn")
                                + ", stack hours "
                                + ClickHouseHttp.rows(
                                        "SELECT toHour(period_start), zs_avg, valid, revision FROM "
                                                + "cemsflow.hourly_means FINAL WHERE mn = '"
                                                + STACK
                                                + "' AND pollutant = 'a21026' ORDER BY period_start"));
            }
            Thread.sleep(500);
        }
    }
}
