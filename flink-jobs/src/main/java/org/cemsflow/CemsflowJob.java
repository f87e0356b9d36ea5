package org.cemsflow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.cemsflow.alerts.AlertMetrics;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.Commands;
import org.cemsflow.config.FlinkOptions;
import org.cemsflow.config.IngestOptions;
import org.cemsflow.config.JobOptions;
import org.cemsflow.config.QuotaOptions;
import org.cemsflow.config.SettingsException;
import org.cemsflow.config.SupervisionOptions;
import org.cemsflow.correlation.AnomalyEpisodes;
import org.cemsflow.ingestion.FrameTimestamps;
import org.cemsflow.ingestion.SideInputWatermarks;
import org.cemsflow.model.RawFrame;
import org.cemsflow.quota.Substitute;
import org.cemsflow.quota.SubstitutesFile;
import org.cemsflow.reference.DimensionRow;
import org.cemsflow.reference.JsonLineParsing;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.MarksFile;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceParser;
import org.cemsflow.reference.ReferenceRecord;
import org.cemsflow.reference.ReferenceTables;
import org.cemsflow.reference.SideInput;
import org.cemsflow.sinks.AlertSerialization;
import org.cemsflow.sinks.ClickHouseTables;
import org.cemsflow.sinks.DeadLetterSerialization;
import org.cemsflow.supervision.Answer;
import org.cemsflow.supervision.FeedbackFile;
import org.cemsflow.supervision.Review;
import org.cemsflow.supervision.ReviewsFile;
import org.cemsflow.time.EndlessSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The streaming entry point: parses the configuration, wires the Kafka source and the ClickHouse
 * sinks to {@link CemsflowPipelines}, and runs. All logic lives in the pipelines.
 * <pre>flink run cemsflow.jar --config cemsflow.properties [--set key=value]...</pre>
 */
public final class CemsflowJob {
    private static final Logger LOG = LoggerFactory.getLogger(CemsflowJob.class);

    private CemsflowJob() {}

    /** {@code cemsflow stream}, or {@code flink run cemsflow.jar ...}. */
    @Command(
            name = "stream",
            description = "The streaming job: Kafka in, alerts to Kafka, aggregates to ClickHouse.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;
        @Mixin Commands.SettingsMixin settings;

        @Override
        public Integer call() throws Exception {
            start(settings.settings());
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    /** Checks the reference, resolves the Flink options, builds the job and runs it. */
    static void start(CemsflowSettings settings) throws Exception {
        String dir = settings.get(IngestOptions.REFERENCE_DIR);
        if (dir.isEmpty()
                && settings.get(JobOptions.REFERENCE_TOPIC).isEmpty()
                && !settings.get(IngestOptions.ACCEPT_UNKNOWN)) {
            throw new SettingsException(
                    "no reference: setting 'reference.dir' and 'kafka.topic.reference' are both empty"
                            + " and 'reference.accept-unknown' is false");
        }
        ReferenceData reference =
                dir.isEmpty() ? ReferenceData.empty() : ReferenceData.load(Path.of(dir));
        org.cemsflow.protocol.DeviceKeys
                .fromEnvironment(); // a keys file that does not parse stops the start
        LOG.info(settings.describe());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FlinkOptions flink = FlinkOptions.resolve(settings, env.getConfiguration());
        LOG.info(flink.describe());
        env.configure(flink.configuration());
        build(env, settings, reference);
        env.execute("cemsflow");
    }

    /** The Flink options of the job's settings, for a job that has no Flink configuration of its own (tests). */
    public static Configuration jobConfiguration(CemsflowSettings settings) {
        return FlinkOptions.resolve(settings, new Configuration()).configuration();
    }

    /** Wires Kafka in, Kafka (alerts) and ClickHouse out around the pipelines. */
    public static void build(
            StreamExecutionEnvironment env, CemsflowSettings settings, ReferenceData reference) {
        WatermarkStrategy<RawFrame> watermarks =
                WatermarkStrategy.<RawFrame>forBoundedOutOfOrderness(
                                settings.get(IngestOptions.WATERMARK_OUT_OF_ORDERNESS))
                        .withIdleness(settings.get(IngestOptions.WATERMARK_IDLENESS))
                        .withTimestampAssigner(
                                new FrameTimestamps(
                                        settings.get(IngestOptions.MAX_FUTURE).toMillis()));
        DataStream<RawFrame> raw =
                env.fromSource(
                                kafkaSource(
                                        settings,
                                        settings.get(JobOptions.RAW_TOPIC),
                                        settings.get(JobOptions.GROUP_ID),
                                        startingOffsets(settings.get(JobOptions.STARTING_OFFSETS))),
                                watermarks,
                                "HJ 212 frames from Kafka")
                        .uid("kafka-raw-frames");

        JsonLineParsing<Mark> markParsing =
                new JsonLineParsing<>("marks", (line, source) -> MarksFile.parse(line));
        SingleOutputStreamOperator<Mark> marks =
                sideTopic(env, settings, JobOptions.MARKS_TOPIC, "marks", markParsing, Mark.class);
        DataStream<Mark> timedMarks = inEventTime(marks, settings, (m, ts) -> m.markedAt, "marks");

        String referenceTopic = settings.get(JobOptions.REFERENCE_TOPIC);
        DataStream<SideInput> limits;
        DataStream<RejectedFrame> badReference = null;
        boolean waitForSnapshot = !referenceTopic.isEmpty();
        if (waitForSnapshot) {
            // the whole compacted topic, every time: the reference is state, not a position; by
            // key, so that a tombstone finds what its key held
            SingleOutputStreamOperator<SideInput> parsed =
                    env.fromSource(
                                    referenceSource(settings, referenceTopic),
                                    SideInputWatermarks.alwaysIdle(),
                                    "Reference from Kafka")
                            .uid("kafka-reference")
                            .keyBy(r -> r.key)
                            .process(new ReferenceParser())
                            .returns(TypeInformation.of(SideInput.class))
                            .uid("parse-reference")
                            .name("Parse reference");
            limits = parsed;
            badReference = parsed.getSideOutput(ReferenceParser.BAD);
        } else {
            // the reference directory was read at start: a source says so once, and, live, never
            // ends event time (a bounded run, a backfill, ends with its input)
            List<SideInput> loaded = List.of(SideInput.loaded());
            limits =
                    (settings.get(JobOptions.BOUNDED)
                                    ? env.fromData(loaded, TypeInformation.of(SideInput.class))
                                    : env.fromSource(
                                            new EndlessSource<>(loaded),
                                            SideInputWatermarks.alwaysIdle(),
                                            "Reference of reference.dir",
                                            TypeInformation.of(SideInput.class)))
                            .uid("reference-dir")
                            .setParallelism(1)
                            .name("Reference of reference.dir");
        }

        JsonLineParsing<Answer> answerParsing =
                new JsonLineParsing<>("feedback", FeedbackFile::parse);
        SingleOutputStreamOperator<Answer> answers =
                sideTopic(
                        env,
                        settings,
                        SupervisionOptions.FEEDBACK_TOPIC,
                        "feedback",
                        answerParsing,
                        Answer.class);
        DataStream<Answer> timedAnswers =
                inEventTime(answers, settings, (x, ts) -> x.answeredAt, "feedback");

        JsonLineParsing<Substitute> substituteParsing =
                new JsonLineParsing<>("substitutes", (line, source) -> SubstitutesFile.parse(line));
        SingleOutputStreamOperator<Substitute> substitutes =
                sideTopic(
                        env,
                        settings,
                        QuotaOptions.SUBSTITUTES_TOPIC,
                        "substitutes",
                        substituteParsing,
                        Substitute.class);
        DataStream<Substitute> timedSubstitutes =
                inEventTime(substitutes, settings, (x, ts) -> x.from, "substitutes");
        JsonLineParsing<Review> reviewParsing =
                new JsonLineParsing<>("reviews", ReviewsFile::parse);
        SingleOutputStreamOperator<Review> reviews =
                sideTopic(
                        env,
                        settings,
                        SupervisionOptions.REVIEWS_TOPIC,
                        "reviews",
                        reviewParsing,
                        Review.class);
        DataStream<Review> timedReviews =
                inEventTime(reviews, settings, (x, ts) -> x.reviewedAt, "reviews");

        CemsflowPipelines.Outputs out =
                CemsflowPipelines.define(
                        raw,
                        new CemsflowPipelines.SideInputs(
                                timedMarks,
                                limits,
                                waitForSnapshot,
                                timedAnswers,
                                timedSubstitutes,
                                timedReviews),
                        settings,
                        reference);
        CemsflowPipelines.Analytics a = out.analytics();
        DataStream<AlertEvent> alerts =
                a.alerts().map(new AlertMetrics()).uid("alert-metrics").name("Count alerts");
        alerts.sinkTo(alertSink(settings))
                .uid("kafka-alerts")
                .name("Kafka alert topic (exactly once)");
        DataStream<AlertEvent> alertStates =
                alerts.filter(ClickHouseTables::changesAlert).name("Alert states");
        alertStates
                .sinkTo(ClickHouseTables.alerts(settings))
                .uid("clickhouse-alerts")
                .name("ClickHouse alerts");
        alerts.sinkTo(ClickHouseTables.alertEvents(settings))
                .uid("clickhouse-alert-events")
                .name("ClickHouse alert_events");
        alertStates
                .filter(AnomalyEpisodes::isEpisode)
                .name("Correlation episodes")
                .sinkTo(ClickHouseTables.anomalyEpisodes(settings))
                .uid("clickhouse-anomaly-episodes")
                .name("ClickHouse anomaly_episodes");
        a.hourly()
                .sinkTo(ClickHouseTables.hourly(settings))
                .uid("clickhouse-hourly")
                .name("ClickHouse hourly_means");
        a.daily()
                .sinkTo(ClickHouseTables.daily(settings))
                .uid("clickhouse-daily")
                .name("ClickHouse daily_means");
        a.orders()
                .sinkTo(ClickHouseTables.orders(settings))
                .uid("clickhouse-orders")
                .name("ClickHouse orders");
        a.leads()
                .sinkTo(ClickHouseTables.leads(settings))
                .uid("clickhouse-leads")
                .name("ClickHouse leads");
        a.quota()
                .sinkTo(ClickHouseTables.quota(settings))
                .uid("clickhouse-quota")
                .name("ClickHouse quota_usage");
        DataStream<RejectedFrame> deadLetters =
                out.rejected()
                        .union(
                                marks.getSideOutput(markParsing.bad()),
                                answers.getSideOutput(answerParsing.bad()),
                                substitutes.getSideOutput(substituteParsing.bad()),
                                reviews.getSideOutput(reviewParsing.bad()));
        if (badReference != null) {
            deadLetters = deadLetters.union(badReference);
        }
        deadLetters
                .sinkTo(ClickHouseTables.rejected(settings))
                .uid("clickhouse-rejected")
                .name("ClickHouse rejected_frames");
        if (!settings.get(JobOptions.DEAD_LETTERS_TOPIC).isEmpty()) {
            deadLetters
                    .sinkTo(deadLetterSink(settings))
                    .uid("kafka-dead-letters")
                    .name("Kafka dead-letter topic (exactly once)");
        }
        out.quality()
                .sinkTo(ClickHouseTables.quality(settings))
                .uid("clickhouse-quality")
                .name("ClickHouse data_quality");
        // the reference as the analysts' dimension tables, current as the reference changes
        DataStream<DimensionRow> dimensions = ReferenceTables.define(limits, reference);
        for (DimensionRow.Table table : DimensionRow.Table.values()) {
            String name = "dim_" + table.name().toLowerCase(java.util.Locale.ROOT);
            dimensions
                    .filter(r -> r.table == table)
                    .setParallelism(1)
                    .name("Rows of " + name)
                    .sinkTo(ClickHouseTables.dimension(settings, table))
                    .setParallelism(1)
                    .uid("clickhouse-" + name)
                    .name("ClickHouse " + name);
        }
    }

    /** A topic of JSON lines that units write (marks, feedback), parsed; bad lines go to the parser's side output. */
    private static <T> SingleOutputStreamOperator<T> sideTopic(
            StreamExecutionEnvironment env,
            CemsflowSettings settings,
            ConfigOption<String> topic,
            String name,
            ProcessFunction<RawFrame, T> parser,
            Class<T> type) {
        return env.fromSource(
                        kafkaSource(
                                settings,
                                settings.get(topic),
                                settings.get(JobOptions.GROUP_ID) + "-" + name,
                                startingOffsets(settings.get(JobOptions.STARTING_OFFSETS))),
                        WatermarkStrategy.noWatermarks(),
                        name + " from Kafka")
                .uid("kafka-" + name)
                .process(parser)
                .returns(TypeInformation.of(type))
                .uid("parse-" + name)
                .name("Parse " + name);
    }

    /** Event time of a side input; idle when quiet, so it never holds back the hours. */
    private static <T> DataStream<T> inEventTime(
            DataStream<T> in,
            CemsflowSettings settings,
            SerializableTimestampAssigner<T> time,
            String name) {
        return in.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<T>forBoundedOutOfOrderness(
                                        settings.get(IngestOptions.WATERMARK_OUT_OF_ORDERNESS))
                                .withIdleness(settings.get(IngestOptions.WATERMARK_IDLENESS))
                                .withTimestampAssigner(time))
                .uid(name + "-event-time")
                .name(name + " in event time");
    }

    public static KafkaSource<RawFrame> kafkaSource(
            CemsflowSettings settings, String topic, String group, OffsetsInitializer start) {
        var builder =
                KafkaSource.<RawFrame>builder()
                        .setBootstrapServers(settings.get(JobOptions.BOOTSTRAP_SERVERS))
                        .setTopics(topic)
                        .setGroupId(group)
                        .setStartingOffsets(start)
                        .setDeserializer(new RawFrameDeserializer())
                        .setProperties(settings.kafkaClientProperties());
        if (settings.get(JobOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The reference topic from its start, every record with its key; tombstones too (they remove). */
    static KafkaSource<ReferenceRecord> referenceSource(CemsflowSettings settings, String topic) {
        var builder =
                KafkaSource.<ReferenceRecord>builder()
                        .setBootstrapServers(settings.get(JobOptions.BOOTSTRAP_SERVERS))
                        .setTopics(topic)
                        .setGroupId(settings.get(JobOptions.GROUP_ID) + "-reference")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new ReferenceRecordDeserializer())
                        .setProperties(settings.kafkaClientProperties());
        if (settings.get(JobOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    public static KafkaSink<AlertEvent> alertSink(CemsflowSettings settings) {
        return KafkaSink.<AlertEvent>builder()
                .setBootstrapServers(settings.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(
                        new AlertSerialization(
                                settings.get(JobOptions.ALERTS_TOPIC),
                                settings.get(JobOptions.ALERTS_FORMAT)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.get(JobOptions.TRANSACTIONAL_ID_PREFIX))
                .setKafkaProducerConfig(producerProperties(settings))
                .build();
    }

    /** Rejected frames and side-input lines as JSON, exactly once, beside their ClickHouse table. */
    public static KafkaSink<RejectedFrame> deadLetterSink(CemsflowSettings settings) {
        return KafkaSink.<RejectedFrame>builder()
                .setBootstrapServers(settings.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(
                        new DeadLetterSerialization(settings.get(JobOptions.DEAD_LETTERS_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // not "<prefix>-...": a listing abort of the alert sink's prefix would take these
                // too
                .setTransactionalIdPrefix(
                        "dead-letters-" + settings.get(JobOptions.TRANSACTIONAL_ID_PREFIX))
                .setKafkaProducerConfig(producerProperties(settings))
                .build();
    }

    private static Properties producerProperties(CemsflowSettings settings) {
        Properties p = settings.kafkaClientProperties();
        p.setProperty(
                "transaction.timeout.ms",
                Long.toString(settings.get(JobOptions.TRANSACTION_TIMEOUT).toMillis()));
        return p;
    }

    private static OffsetsInitializer startingOffsets(String v) {
        return switch (v) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default ->
                    throw new SettingsException(
                            "setting 'kafka.starting-offsets' = '"
                                    + v
                                    + "' is not earliest, latest or committed");
        };
    }

    /** Reference records with their keys; a null value (a tombstone) stays null. */
    static final class ReferenceRecordDeserializer
            implements KafkaRecordDeserializationSchema<ReferenceRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ReferenceRecord> out) {
            // the publisher keys every record; one without a key is a dead letter of the parser
            String key =
                    record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            String value =
                    record.value() == null
                            ? null
                            : new String(record.value(), StandardCharsets.UTF_8);
            out.collect(
                    new ReferenceRecord(
                            key,
                            value,
                            record.topic() + "-" + record.partition() + "@" + record.offset()));
        }

        @Override
        public TypeInformation<ReferenceRecord> getProducedType() {
            return TypeInformation.of(ReferenceRecord.class);
        }
    }

    /** Kafka records (bytes) as raw frames; the source is topic-partition@offset. */
    static final class RawFrameDeserializer implements KafkaRecordDeserializationSchema<RawFrame> {
        private static final long serialVersionUID = 1L;

        /** "topic-partition@" of the last record's partition (a reader has a few partitions). */
        private transient String prefix;

        private transient String prefixTopic;
        private transient int prefixPartition;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawFrame> out) {
            byte[] v = record.value();
            if (v == null) {
                return;
            }
            int end = v.length;
            while (end > 0 && (v[end - 1] == '\n' || v[end - 1] == '\r')) {
                end--; // the line's end cut from the bytes: one string, not two
            }
            String text = new String(v, 0, end, StandardCharsets.ISO_8859_1);
            out.collect(new RawFrame(text, sourceOf(record), record.timestamp()));
        }

        /** topic-partition@offset, the prefix made once per partition, not per record. */
        private String sourceOf(ConsumerRecord<byte[], byte[]> record) {
            if (prefix == null
                    || record.partition() != prefixPartition
                    || !record.topic().equals(prefixTopic)) {
                prefixTopic = record.topic();
                prefixPartition = record.partition();
                prefix = prefixTopic + "-" + prefixPartition + "@";
            }
            return prefix.concat(Long.toString(record.offset()));
        }

        @Override
        public TypeInformation<RawFrame> getProducedType() {
            return org.cemsflow.ingestion.RawFrameSerializer.TYPE;
        }
    }
}
