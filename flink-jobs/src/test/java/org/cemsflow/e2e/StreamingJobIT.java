package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.CemsflowJob;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.testkit.Clusters;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on real components: frames produced to a real Kafka broker (in-JVM KRaft), the
 * streaming job on a Flink MiniCluster, rows written to the real ClickHouse server and read back
 * over HTTP. A second run over the same input leaves the same rows after FINAL.
 */
class StreamingJobIT {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static EmbeddedKafka kafka;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String AIR = "IT-AIR-" + RUN;
    static final String WATER = "IT-WATER-" + RUN;
    static final String TOPIC = "raw-" + RUN;
    static final long H = LocalTimes.parseIso("2025-12-29T10:00:00+08:00");
    static final long MIN = 60_000;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(
                Map.of(
                        TOPIC,
                        2,
                        "marks-" + RUN,
                        1,
                        "alerts-" + RUN,
                        2,
                        "feedback-" + RUN,
                        1,
                        "substitutes-" + RUN,
                        1,
                        "reviews-" + RUN,
                        1));
        ClickHouseHttp.migrate();
        produce(frames());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Three hours of an air stack (10-minute data, O2, flow) and a water outfall (real-time), plus noise. */
    static List<String> frames() {
        List<String> out = new ArrayList<>();
        for (int hour = 0; hour < 3; hour++) {
            for (int i = 0; i < 6; i++) {
                long t = H + hour * LocalTimes.HOUR_MS + i * 10 * MIN;
                out.add(
                        Hj212Encoder.frame(AIR)
                                .pw("pw")
                                .cn(2051)
                                .dataTime(t)
                                .group("a21026", "Avg", Integer.toString(20 + i), "Flag", "N")
                                .group("a19001", "Avg", "11", "Flag", "N")
                                .group(
                                        "a00000",
                                        "Avg",
                                        "10",
                                        "Flag",
                                        hour == 1 && i == 0 ? "D" : "N")
                                .encode());
            }
            for (int m = 0; m < 60; m++) {
                long t = H + hour * LocalTimes.HOUR_MS + m * MIN;
                Hj212Encoder water =
                        Hj212Encoder.frame(WATER)
                                .st("32")
                                .cn(2011)
                                .dataTime(t)
                                .group("w00000", "Rtd", "2", "Flag", "N")
                                .group("w01018", "Rtd", m < 40 ? "30" : "60", "Flag", "N");
                if (hour == 2 && m == 59) {
                    // HJ 212-2025: back-filled (RF=1), in two parts that arrive in reverse order
                    List<String> parts =
                            water.qn("20251229125900000").flag(8).backfilled().encodeParts(40);
                    out.add(parts.get(1));
                    out.add(parts.get(0));
                } else {
                    out.add(water.encode());
                }
            }
        }
        // two heartbeats of the water logger, and the first of two parts whose second never comes
        out.add(
                Hj212Encoder.frame(WATER)
                        .st("91")
                        .cn(9015)
                        .flag(4)
                        .dataTime(H + 5 * MIN)
                        .raw("CON-RT=0")
                        .encode());
        out.add(
                Hj212Encoder.frame(WATER)
                        .st("91")
                        .cn(9015)
                        .flag(4)
                        .dataTime(H + 65 * MIN)
                        .raw("CON-RT=0")
                        .encode());
        out.add(
                Hj212Encoder.frame(WATER)
                        .st("32")
                        .cn(2011)
                        .qn("20251229123000000")
                        .flag(8)
                        .dataTime(H + 150 * MIN)
                        .group("w00000", "Rtd", "5", "Flag", "N")
                        .group("w01018", "Rtd", "99", "Flag", "N")
                        .encodeParts(40)
                        .get(0));
        out.add(out.get(3)); // a retransmission
        String good = out.get(4);
        out.add(good.substring(0, good.length() - 4) + "0000"); // bad CRC (unless it was 0000)
        out.add(
                Hj212Encoder.frame(AIR)
                        .pw("wrong")
                        .cn(2051)
                        .dataTime(H)
                        .group("a21026", "Avg", "1")
                        .encode());
        out.add("not a frame at all");
        return out;
    }

    static void produce(List<String> frames) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String f : frames) {
                // frames of one device stay in order on one partition, as a gateway would send them
                producer.send(
                                new ProducerRecord<>(
                                        TOPIC, f.contains(AIR) ? 0 : 1, null, f.getBytes()))
                        .get();
            }
        }
    }

    static void runJob(String group) throws Exception {
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.ofEntries(
                                Map.entry("kafka.bootstrap-servers", kafka.bootstrap()),
                                Map.entry("kafka.topic.raw", TOPIC),
                                Map.entry("kafka.topic.marks", "marks-" + RUN),
                                Map.entry("kafka.topic.feedback", "feedback-" + RUN),
                                Map.entry("kafka.topic.substitutes", "substitutes-" + RUN),
                                Map.entry("kafka.topic.reviews", "reviews-" + RUN),
                                Map.entry("kafka.topic.alerts", "alerts-" + RUN),
                                Map.entry("kafka.transactional-id-prefix", "it-" + group),
                                Map.entry("kafka.group-id", group),
                                Map.entry("kafka.starting-offsets", "earliest"),
                                Map.entry("kafka.bounded", "true"),
                                Map.entry(
                                        "clickhouse.url",
                                        "jdbc:clickhouse://127.0.0.1:8123/cemsflow"),
                                Map.entry("clickhouse.batch-size", "50"),
                                // the exactly-once alert sink commits on checkpoints, the last one
                                // at the end of input
                                Map.entry("checkpoint.interval", "PT1S")));
        ReferenceData ref =
                new ReferenceData(
                        Map.of(
                                AIR,
                                        Device.point(
                                                AIR,
                                                "stack-" + RUN,
                                                "unit-" + RUN,
                                                "Plant",
                                                "air",
                                                6.0,
                                                "pw",
                                                10),
                                WATER,
                                        Device.point(
                                                WATER,
                                                "outfall-" + RUN,
                                                "unit-" + RUN,
                                                "Plant",
                                                "water",
                                                null,
                                                null,
                                                null)),
                        List.of(new Limit("stack-" + RUN, "a21026", 30, "hour", null)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(CemsflowJob.jobConfiguration(settings));
        env.setParallelism(2);
        CemsflowJob.build(env, settings, ref);
        env.execute("cemsflow-it-" + group);
    }

    static List<String> hourly() throws Exception {
        return ClickHouseHttp.rows(
                "SELECT mn, point_id, pollutant, toUnixTimestamp(period_start), round(avg, 6), "
                        + "round(zs_avg, 6), coverage_min, valid, round(emission_kg, 9), round(volume_m3, 6) "
                        + "FROM cemsflow.hourly_means FINAL WHERE mn IN ('"
                        + AIR
                        + "', '"
                        + WATER
                        + "') "
                        + "ORDER BY mn, pollutant, period_start");
    }

    @Test
    void framesFromKafkaBecomeRowsInClickHouseAndAReplayLeavesTheSameRows() throws Exception {
        runJob("first-" + RUN);
        List<String> rows = hourly();
        long h0 = H / 1000;
        long h1 = h0 + 3600;
        // air: SO2 mean of 20..25 = 22.5; corrected at 6 % O2 with O2 11 %: 22.5 x 15 / 10;
        // 10 m3/s -> 36000 m3; 22.5 mg/m3 x 36000 m3 x 1e-6 = 0.81 kg
        assertTrue(
                rows.contains(
                        String.join(
                                "\t",
                                AIR,
                                "stack-" + RUN,
                                "a21026",
                                "" + h0,
                                "22.5",
                                "33.75",
                                "60",
                                "1",
                                "0.81",
                                "36000")),
                String.join("\n", rows));
        // second hour: the flow's first 10 minutes are flagged D -> 50 minutes, still valid
        assertTrue(
                rows.contains(
                        String.join(
                                "\t",
                                AIR,
                                "stack-" + RUN,
                                "a00000",
                                "" + h1,
                                "10",
                                "\\N",
                                "50",
                                "1",
                                "\\N",
                                "36000")),
                String.join("\n", rows));
        // water: COD 40 minutes at 30 and 20 at 60 -> 40 mg/L; 2 L/s -> 7.2 m3; 0.288 kg
        assertTrue(
                rows.contains(
                        String.join(
                                "\t",
                                WATER,
                                "outfall-" + RUN,
                                "w01018",
                                "" + h0,
                                "40",
                                "\\N",
                                "60",
                                "1",
                                "0.288",
                                "7.2")),
                String.join("\n", rows));
        assertEquals(
                15, rows.size(), String.join("\n", rows)); // 3 air codes + 2 water codes, 3 hours

        List<String> daily =
                ClickHouseHttp.rows(
                        "SELECT pollutant, round(avg, 6), coverage_min, valid FROM "
                                + "cemsflow.daily_means FINAL WHERE mn = '"
                                + WATER
                                + "' ORDER BY pollutant");
        assertEquals(List.of("w00000\t2\t180\t0", "w01018\t40\t180\t0"), daily);

        List<String> rejected =
                ClickHouseHttp.rows(
                        "SELECT reason, count() FROM cemsflow.rejected_frames FINAL "
                                + "WHERE source LIKE '"
                                + TOPIC
                                + "-%' GROUP BY reason ORDER BY reason");
        List<String> expectedRejects =
                new ArrayList<>(
                        List.of("MALFORMED\t1", "BAD_CRC\t1", "BAD_PASSWORD\t1", "INCOMPLETE\t1"));
        expectedRejects.sort(null);
        List<String> sortedRejected = new ArrayList<>(rejected);
        sortedRejected.sort(null);
        assertEquals(expectedRejects, sortedRejected);

        List<String> quality =
                ClickHouseHttp.rows(
                        "SELECT frames, valid_hours, rejected_bad_password FROM "
                                + "cemsflow.data_quality FINAL WHERE mn = '"
                                + AIR
                                + "'");
        assertEquals(
                List.of("18\t3\t1"),
                quality,
                "18 unique frames (the retransmission removed), 3 valid hours");
        assertEquals(
                List.of("180\t2\t1\t1"),
                ClickHouseHttp.rows(
                        "SELECT frames, heartbeats, backfilled_frames, "
                                + "rejected_incomplete FROM cemsflow.data_quality FINAL WHERE mn = '"
                                + WATER
                                + "'"),
                "the two parts are one frame; heartbeats and back-filled frames are counted");

        // the reference as dimension tables, and the analysts' view with the limit in force
        assertEquals(
                List.of("Plant"),
                ClickHouseHttp.rows(
                        "SELECT unit_name FROM cemsflow.dim_units FINAL WHERE unit_id = 'unit-"
                                + RUN
                                + "'"));
        assertEquals(
                List.of(AIR + "\tair\t6\t0"),
                ClickHouseHttp.rows(
                        "SELECT mn, medium, o2_ref, removed FROM "
                                + "cemsflow.dim_points FINAL WHERE point_id = 'stack-"
                                + RUN
                                + "'"));
        assertEquals(
                List.of("hour\t30"),
                ClickHouseHttp.rows(
                        "SELECT averaging, limit_value FROM cemsflow.dim_limits FINAL "
                                + "WHERE point_id = 'stack-"
                                + RUN
                                + "'"));
        assertEquals(
                List.of("Plant\t二氧化硫\t33.75\t30\t1"),
                ClickHouseHttp.rows(
                        "SELECT unit_name, pollutant_zh, "
                                + "round(compared_mean, 6), limit_value, over_limit FROM cemsflow.v_hourly_means WHERE point_id = 'stack-"
                                + RUN
                                + "' AND pollutant = 'a21026' AND period_start = toDateTime("
                                + h0
                                + ")"));

        // SO2 corrected 33.75 over the limit of 30 for 3 hours: one EXCEEDANCE_3H alert, open
        List<String> alerts =
                ClickHouseHttp.rows(
                        "SELECT type, point_id, toUnixTimestamp(window_start), "
                                + "toUnixTimestamp(window_end), value, limit_value, state FROM cemsflow.alerts FINAL WHERE mn = '"
                                + AIR
                                + "' "
                                + "AND type = 'EXCEEDANCE_3H'");
        assertEquals(
                List.of(
                        String.join(
                                "\t",
                                "EXCEEDANCE_3H",
                                "stack-" + RUN,
                                "" + h0,
                                "" + (h0 + 3 * 3600),
                                "33.75",
                                "30",
                                "OPEN")),
                alerts);
        // a bounded input ends event time at +infinity: the unanswered order is overdue, a first
        // reminder
        assertEquals(
                List.of("ESCALATED", "OPENED", "OVERDUE"),
                ClickHouseHttp.rows(
                        "SELECT event FROM cemsflow.alert_events "
                                + "FINAL WHERE alert_id IN (SELECT alert_id FROM cemsflow.alerts WHERE mn = '"
                                + AIR
                                + "' AND type = 'EXCEEDANCE_3H') "
                                + "ORDER BY event"));
        assertEquals(
                List.of("OVERDUE"),
                ClickHouseHttp.rows(
                        "SELECT state FROM cemsflow.orders FINAL "
                                + "WHERE alert_id IN (SELECT alert_id FROM cemsflow.alerts WHERE mn = '"
                                + AIR
                                + "' AND type = 'EXCEEDANCE_3H')"));
        // the exceedance is the unit's only order; the constant values below are leads for the
        // regulator, which ask the unit nothing and escalate nothing: one lead per device, the
        // stack's O2 and flow stuck at overlapping times being one condition of one device
        assertEquals(
                List.of("REMINDER\t1"),
                ClickHouseHttp.rows(
                        "SELECT escalation_level, "
                                + "count() FROM cemsflow.orders FINAL WHERE unit_id = 'unit-"
                                + RUN
                                + "' GROUP BY escalation_level "
                                + "ORDER BY escalation_level"));
        assertEquals(
                List.of("CONSTANT_VALUE\tNEW\t2"),
                ClickHouseHttp.rows(
                        "SELECT type, state, count() FROM cemsflow.leads "
                                + "FINAL WHERE unit_id = 'unit-"
                                + RUN
                                + "' GROUP BY type, state"));
        assertEquals(
                List.of(
                        "CONSTANT_VALUE\tlead",
                        "ESCALATION\torder",
                        "EXCEEDANCE_3H\torder",
                        "FEEDBACK_OVERDUE\torder"),
                ClickHouseHttp.rows(
                        "SELECT DISTINCT type, channel FROM cemsflow.alerts FINAL WHERE unit_id = 'unit-"
                                + RUN
                                + "' ORDER BY type"));

        // O2 at 11 and the flow at 10 (a flagged record does not break the run) for 3 hours, the
        // water flow at 2: constant from the 10th record (and 60 minutes), still going when the
        // input ends
        long m0 = H / 1000;
        assertEquals(
                List.of(
                        // the stack's two codes are one episode (no single code; both in its
                        // evidence), lasting
                        // until the later of them ends
                        String.join("\t", AIR, "", "" + m0, "" + (m0 + 100 * 60), "100", "1", "0"),
                        String.join(
                                "\t",
                                WATER,
                                "w00000",
                                "" + m0,
                                "" + (m0 + 60 * 60),
                                "60",
                                "1",
                                "0")),
                ClickHouseHttp.rows(
                        "SELECT mn, code, toUnixTimestamp(started_at), toUnixTimestamp(ended_at), duration_min, "
                                + "ongoing, retracted FROM cemsflow.anomaly_episodes FINAL WHERE unit_id = 'unit-"
                                + RUN
                                + "' "
                                + "AND type = 'CONSTANT_VALUE' ORDER BY mn, code"));
        assertEquals(
                List.of("2\t1\t1"),
                ClickHouseHttp.rows(
                        "SELECT visitParamExtractUInt(evidence, 'codes_count'), "
                                + "position(evidence, '\"a00000\"') > 0, position(evidence, '\"a19001\"') > 0 FROM "
                                + "cemsflow.anomaly_episodes FINAL WHERE mn = '"
                                + AIR
                                + "'"));
        assertEquals(
                List.of("CONSTANT_VALUE"),
                ClickHouseHttp.rows(
                        "SELECT DISTINCT type FROM cemsflow.anomaly_episodes "
                                + "WHERE unit_id = 'unit-"
                                + RUN
                                + "'"));

        // the monthly report reads the same from ClickHouse: the stack's SO2 against its limit, the
        // alert shaded
        java.nio.file.Path report = java.nio.file.Files.createTempFile("cemsflow-report", ".html");
        org.cemsflow.report.Report.write(
                "http://127.0.0.1:8123", null, null, "2025-12", "unit-" + RUN, report);
        String html = java.nio.file.Files.readString(report);
        assertTrue(
                html.contains("id=\"hourly|stack-" + RUN + "|a21026\"")
                        && html.contains("\"name\":\"EXCEEDANCE_3H\"")
                        && html.contains("\"name\":\"限值 Limit\"")
                        && html.contains("Plant"),
                "the report from ClickHouse");
        java.nio.file.Files.delete(report);

        // every analyst query runs on this server, and the hourly series finds the stack's rows
        Map<String, String> params =
                Map.of(
                        "point_id",
                        "'stack-" + RUN + "'",
                        "pollutant",
                        "'a21026'",
                        "from",
                        "'2025-12-29 00:00:00'",
                        "to",
                        "'2025-12-30 00:00:00'",
                        "day",
                        "'2025-12-29'",
                        "unit_id",
                        "'unit-" + RUN + "'",
                        "year",
                        "'2025'",
                        "month",
                        "'2025-12'");
        try (var files =
                java.nio.file.Files.list(
                        org.cemsflow.testkit.Repository.root().resolve("sql/queries"))) {
            for (java.nio.file.Path q : files.sorted().toList()) {
                String sql = java.nio.file.Files.readString(q);
                for (Map.Entry<String, String> e : params.entrySet()) {
                    sql = sql.replace("{" + e.getKey() + "}", e.getValue());
                }
                assertTrue(
                        !sql.matches("(?s).*\\{[a-z_]+(:raw)?\\}.*"),
                        q + " has a parameter this test does not know");
                List<String> result = ClickHouseHttp.rows(sql);
                if (q.getFileName().toString().startsWith("hourly-series")) {
                    assertEquals(3, result.size(), String.join("\n", result));
                }
                if (q.getFileName().toString().startsWith("exceedances-and-actions")) {
                    // the analyst's question in one query: the 3-hour exceedance of SO2, an order
                    // still open
                    assertTrue(
                            result.stream()
                                    .anyMatch(
                                            r ->
                                                    r.startsWith(
                                                                    "Plant\tstack-"
                                                                            + RUN
                                                                            + "\tEXCEEDANCE_3H\ta21026\t二氧化硫")
                                                            && r.contains("\torder\t")),
                            String.join("\n", result));
                }
            }
        }

        // the same input again: the keys replace, nothing doubles
        runJob("second-" + RUN);
        assertEquals(rows, hourly());
        assertEquals(
                sortedRejected.size(),
                ClickHouseHttp.rows(
                                "SELECT reason, count() FROM cemsflow.rejected_frames "
                                        + "FINAL WHERE source LIKE '"
                                        + TOPIC
                                        + "-%' GROUP BY reason")
                        .size());
        assertEquals(
                quality,
                ClickHouseHttp.rows(
                        "SELECT frames, valid_hours, rejected_bad_password FROM "
                                + "cemsflow.data_quality FINAL WHERE mn = '"
                                + AIR
                                + "'"));
    }
}
