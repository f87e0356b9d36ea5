package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.CemsflowJob;
import org.cemsflow.CemsflowPipelines;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.FrameTimestamps;
import org.cemsflow.ingestion.SideInputWatermarks;
import org.cemsflow.local.LocalRun;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.sinks.AlertSerialization;
import org.cemsflow.supervision.Answer;
import org.cemsflow.testkit.Clusters;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once to the alert topic across a failure: the streaming job (real Kafka source, the
 * pipelines, the exactly-once Kafka sink) fails once after a completed checkpoint, restores and
 * finishes; the topic read with read_committed holds every alert event exactly once, and they are
 * the events that run-local computes from the same frames.
 */
class AlertsExactlyOnceIT {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String MN = "EOAIR" + RUN;
    static final String RAW = "raw-" + RUN;
    static final String MARKS = "marks-" + RUN;
    static final String ALERTS = "alerts-" + RUN;
    static final long T0 = LocalTimes.parseIso("2025-11-01T00:00:00+08:00");
    static EmbeddedKafka kafka;
    static List<String> frames = new ArrayList<>();

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(Map.of(RAW, 1, MARKS, 1, ALERTS, 2));
        // 48 hours of 10-minute data; SO2 corrected at 6 % O2 (O2 11 %): 30 -> 45 over the limit
        // 35, 20 -> 30 under.
        // Hours 0-3 of every 8 exceed (a case of 4 hours), hours 5-6 exceed too (2 hours: no case).
        for (int h = 0; h < 48; h++) {
            boolean over = h % 8 < 4 || h % 8 == 5 || h % 8 == 6;
            for (int m = 0; m < 60; m += 10) {
                frames.add(
                        Hj212Encoder.frame(MN)
                                .pw("pw")
                                .cn(2051)
                                .dataTime(T0 + h * LocalTimes.HOUR_MS + m * 60_000L)
                                .group("a21026", "Avg", over ? "30" : "20", "Flag", "N")
                                .group("a19001", "Avg", "11", "Flag", "N")
                                .encode());
            }
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String f : frames) {
                producer.send(new ProducerRecord<>(RAW, f.getBytes(StandardCharsets.ISO_8859_1)))
                        .get();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    static Path reference() throws Exception {
        Path dir = tmp.resolve("reference");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("points.csv"),
                "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n"
                        + MN
                        + ",stack-"
                        + RUN
                        + ",unit-"
                        + RUN
                        + ",Plant,air,6,pw,10\n");
        Files.writeString(
                dir.resolve("limits.csv"),
                "point_id,pollutant,limit,averaging\nstack-" + RUN + ",a21026,35,hour\n");
        return dir;
    }

    /** Fails the job once, on the first frame after a checkpoint completed; slows the stream so checkpoints happen mid-way. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<RawFrame, RawFrame>
            implements CheckpointListener {
        static volatile boolean checkpointed;
        static volatile boolean failed;

        @Override
        public void open(OpenContext ctx) {}

        @Override
        public RawFrame map(RawFrame f) throws Exception {
            Thread.sleep(
                    10); // about 3 s in all: checkpoints every 0.3 s complete while frames still
            // flow
            if (checkpointed && !failed) {
                failed = true;
                throw new RuntimeException("injected failure after a completed checkpoint");
            }
            return f;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void eachAlertEventIsOnTheTopicExactlyOnceAfterAFailure() throws Exception {
        Path ref = reference();
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.ofEntries(
                                Map.entry("kafka.bootstrap-servers", kafka.bootstrap()),
                                Map.entry("kafka.topic.raw", RAW),
                                Map.entry("kafka.topic.marks", MARKS),
                                Map.entry("kafka.topic.alerts", ALERTS),
                                Map.entry("kafka.transactional-id-prefix", "eo-" + RUN),
                                Map.entry("kafka.group-id", "eo-" + RUN),
                                Map.entry("kafka.starting-offsets", "earliest"),
                                Map.entry("kafka.bounded", "true"),
                                Map.entry("checkpoint.interval", "PT0.3S")));
        ReferenceData reference = ReferenceData.load(ref);

        Configuration conf = CemsflowJob.jobConfiguration(settings);
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<RawFrame> raw =
                env.fromSource(
                                CemsflowJob.kafkaSource(
                                        settings, RAW, "eo-" + RUN, OffsetsInitializer.earliest()),
                                WatermarkStrategy.<RawFrame>forBoundedOutOfOrderness(
                                                Duration.ofHours(1))
                                        .withTimestampAssigner(new FrameTimestamps(600_000)),
                                "raw")
                        .setParallelism(1)
                        .map(new FailOnceAfterCheckpoint())
                        .setParallelism(1)
                        .name("fail once");
        DataStream<Mark> marks = CemsflowPipelines.empty(env, Mark.class);
        DataStream<SideInput> limits =
                env.fromData(List.of(SideInput.loaded()), TypeInformation.of(SideInput.class))
                        .assignTimestampsAndWatermarks(SideInputWatermarks.alwaysIdle());
        CemsflowPipelines.Outputs out =
                CemsflowPipelines.define(
                        raw,
                        new CemsflowPipelines.SideInputs(
                                marks,
                                limits,
                                false,
                                CemsflowPipelines.empty(env, Answer.class),
                                CemsflowPipelines.empty(env, org.cemsflow.quota.Substitute.class),
                                CemsflowPipelines.empty(
                                        env, org.cemsflow.supervision.Review.class)),
                        settings,
                        reference);
        out.analytics()
                .alerts()
                .sinkTo(CemsflowJob.alertSink(settings))
                .name("alerts exactly once");
        env.execute("alerts-exactly-once");
        assertTrue(FailOnceAfterCheckpoint.failed, "the failure was injected");

        // what the topic holds, read_committed
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("group.id", "reader-" + RUN);
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        Map<String, Integer> seen = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(ALERTS));
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - quietSince < 5_000) {
                var records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    AlertEvent e = AlertSerialization.decodeAvro(r.value());
                    assertEquals(e.getAlertId(), new String(r.key(), StandardCharsets.UTF_8));
                    seen.merge(
                            e.getAlert().getType()
                                    + " "
                                    + e.getAlertId()
                                    + " "
                                    + e.getSequence()
                                    + " "
                                    + e.getEvent(),
                            1,
                            Integer::sum);
                }
                if (!records.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                }
            }
        }
        seen.forEach((k, n) -> assertEquals(1, n, k + " appears " + n + " times"));
        // streaming has no end of event time: orders whose deadline the local run's T_end stops
        // are overdue here, so the rule alerts' own events are what both must agree on
        seen.keySet()
                .removeIf(k -> !k.matches("EXCEEDANCE_3H .* (OPENED|UPDATED|RETRACTED|REOPENED)"));

        // the same events as run-local computes from the same frames
        Path input = tmp.resolve("frames.h212");
        Files.write(input, frames, StandardCharsets.ISO_8859_1);
        LocalRun.Result local =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(input.toString()),
                                ref,
                                false,
                                tmp.resolve("out"),
                                Map.of()));
        Map<String, Integer> expected = new HashMap<>();
        for (AlertEvent e : local.alertEvents()) {
            if (e.getAlert().getType().equals("EXCEEDANCE_3H")
                    && e.getEvent().name().matches("OPENED|UPDATED|RETRACTED|REOPENED")) {
                expected.put(
                        e.getAlert().getType()
                                + " "
                                + e.getAlertId()
                                + " "
                                + e.getSequence()
                                + " "
                                + e.getEvent(),
                        1);
            }
        }
        assertEquals(new TreeMap<>(expected), seen);
        assertEquals(
                6,
                local.alertEvents().stream()
                        .filter(
                                e ->
                                        e.getEvent().name().equals("OPENED")
                                                && e.getAlert().getType().equals("EXCEEDANCE_3H"))
                        .count());
    }
}
