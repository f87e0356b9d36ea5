package org.cemsflow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.SettingsException;
import org.cemsflow.ingestion.FrameTimestamps;
import org.cemsflow.ingestion.RawFrame;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceException;
import org.cemsflow.sinks.ClickHouseTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming entry point: parses the configuration, wires the Kafka source and the ClickHouse
 * sinks to {@link CemsflowPipelines}, and runs. All logic lives in the pipelines.
 * <pre>flink run cemsflow.jar --config cemsflow.properties [--set key=value]...</pre>
 */
public final class CemsflowJob {
    private static final Logger LOG = LoggerFactory.getLogger(CemsflowJob.class);

    private CemsflowJob() {}

    public static void main(String[] args) throws Exception {
        CemsflowSettings settings;
        ReferenceData reference;
        try {
            settings = parseArgs(args);
            String dir = settings.get("reference.dir");
            if (dir.isEmpty() && !settings.bool("reference.accept-unknown")) {
                throw new SettingsException("setting 'reference.dir' is empty and 'reference.accept-unknown' is false");
            }
            reference = dir.isEmpty() ? ReferenceData.empty() : ReferenceData.load(Path.of(dir));
        } catch (SettingsException | ReferenceException | IllegalArgumentException e) {
            System.err.println("cemsflow: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info(settings.describe());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(jobConfiguration(settings));
        build(env, settings, reference);
        env.execute("cemsflow");
    }

    static CemsflowSettings parseArgs(String[] args) {
        Path config = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(next(args, ++i));
                case "--set" -> {
                    String kv = next(args, ++i);
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--set takes key=value, not '" + kv + "'");
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return CemsflowSettings.load(config, overrides);
    }

    private static String next(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    public static Configuration jobConfiguration(CemsflowSettings settings) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("execution.checkpointing.interval", settings.get("checkpoint.interval"));
        conf.setString("parallelism.default", settings.get("parallelism"));
        return conf;
    }

    /** Wires Kafka in and ClickHouse out around the pipelines. */
    public static void build(StreamExecutionEnvironment env, CemsflowSettings settings, ReferenceData reference) {
        var builder = KafkaSource.<RawFrame>builder()
                .setBootstrapServers(settings.get("kafka.bootstrap-servers"))
                .setTopics(settings.get("kafka.topic.raw"))
                .setGroupId(settings.get("kafka.group-id"))
                .setStartingOffsets(startingOffsets(settings.get("kafka.starting-offsets")))
                .setDeserializer(new RawFrameDeserializer());
        if (settings.bool("kafka.bounded")) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        KafkaSource<RawFrame> source = builder.build();
        WatermarkStrategy<RawFrame> watermarks = WatermarkStrategy
                .<RawFrame>forBoundedOutOfOrderness(settings.duration("watermark.out-of-orderness"))
                .withIdleness(settings.duration("watermark.idleness"))
                .withTimestampAssigner(new FrameTimestamps(settings.duration("ingest.max-future").toMillis()));
        DataStream<RawFrame> raw = env.fromSource(source, watermarks, "HJ 212 frames from Kafka")
                .uid("kafka-raw-frames");
        CemsflowPipelines.Outputs out = CemsflowPipelines.define(raw, settings, reference);
        out.hourly().sinkTo(ClickHouseTables.hourly(settings)).uid("clickhouse-hourly").name("ClickHouse hourly_means");
        out.daily().sinkTo(ClickHouseTables.daily(settings)).uid("clickhouse-daily").name("ClickHouse daily_means");
        out.rejected().sinkTo(ClickHouseTables.rejected(settings)).uid("clickhouse-rejected").name("ClickHouse rejected_frames");
        out.quality().sinkTo(ClickHouseTables.quality(settings)).uid("clickhouse-quality").name("ClickHouse data_quality");
    }

    private static OffsetsInitializer startingOffsets(String v) {
        return switch (v) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new SettingsException("setting 'kafka.starting-offsets' = '" + v
                    + "' is not earliest, latest or committed");
        };
    }

    /** Kafka records (bytes) as raw frames; the source is topic-partition@offset. */
    static final class RawFrameDeserializer implements KafkaRecordDeserializationSchema<RawFrame> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawFrame> out) {
            byte[] v = record.value();
            if (v == null) {
                return;
            }
            String text = new String(v, StandardCharsets.ISO_8859_1);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            out.collect(new RawFrame(text.substring(0, end),
                    record.topic() + "-" + record.partition() + "@" + record.offset(), record.timestamp()));
        }

        @Override
        public TypeInformation<RawFrame> getProducedType() {
            return TypeInformation.of(RawFrame.class);
        }
    }
}
