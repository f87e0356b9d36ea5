package org.cemsflow.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The streaming job's connections and runtime: Kafka topics and transactions, ClickHouse, checkpoints, restarts, parallelism. */
public final class JobOptions {
    private JobOptions() {}

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            OptionDefs.text("kafka.bootstrap-servers", "127.0.0.1:9092", "Kafka brokers");

    public static final ConfigOption<String> GROUP_ID =
            OptionDefs.text("kafka.group-id", "cemsflow", "consumer group of the job");

    public static final ConfigOption<String> RAW_TOPIC =
            OptionDefs.text("kafka.topic.raw", "cemsflow.raw", "raw HJ 212 frames, one per record");

    public static final ConfigOption<Boolean> BOUNDED =
            OptionDefs.bool(
                    "kafka.bounded",
                    false,
                    "stop at the offsets that are latest when the job starts (backfill, tests)");

    public static final ConfigOption<String> REFERENCE_TOPIC =
            OptionDefs.text(
                    "kafka.topic.reference",
                    "",
                    "compacted reference topic (limits); empty = the limits of reference.dir");

    public static final ConfigOption<String> MARKS_TOPIC =
            OptionDefs.text(
                    "kafka.topic.marks",
                    "cemsflow.marks",
                    "units' marks, JSON lines as in run-local --marks");

    public static final ConfigOption<String> ALERTS_TOPIC =
            OptionDefs.text(
                    "kafka.topic.alerts",
                    "cemsflow.alerts",
                    "alert lifecycle events, keyed by alert_id, exactly once");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            OptionDefs.text(
                    "kafka.topic.dead-letters",
                    "cemsflow.dead-letters",
                    "rejected frames and side-input lines as JSON with their reason, exactly once; empty = ClickHouse only");

    public static final ConfigOption<String> ALERTS_FORMAT =
            OptionDefs.choice(
                    "alerts.format",
                    "avro",
                    List.of("avro", "json"),
                    "avro (single-object encoding) or json on the alert topic");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            OptionDefs.text(
                    "kafka.transactional-id-prefix",
                    "cemsflow-alerts",
                    "prefix of the alert sink's transactional ids (the dead-letter sink's: dead-letters-<prefix>); unique per job");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            OptionDefs.duration(
                    "kafka.transaction-timeout",
                    "PT14M",
                    "below the broker's transaction.max.timeout.ms (15 min by default) and above "
                            + "checkpoint.interval + checkpoint.timeout (a transaction open longer than this is aborted, its alerts lost)");

    public static final ConfigOption<String> STARTING_OFFSETS =
            OptionDefs.choice(
                    "kafka.starting-offsets",
                    "committed",
                    List.of("earliest", "latest", "committed"),
                    "earliest, latest or committed (falls back to earliest)");

    public static final ConfigOption<String> CLICKHOUSE_URL =
            OptionDefs.text(
                    "clickhouse.url",
                    "jdbc:clickhouse://127.0.0.1:8123/cemsflow",
                    "ClickHouse over HTTP: jdbc:clickhouse://host:port/database (?ssl=true for HTTPS) or http(s)://host:port/database; user and password from CEMSFLOW_CLICKHOUSE_USER / _PASSWORD");

    public static final ConfigOption<Integer> CLICKHOUSE_BATCH_SIZE =
            OptionDefs.integer("clickhouse.batch-size", 5000, 1, 1000000, "rows per insert batch");

    public static final ConfigOption<Integer> CLICKHOUSE_MAX_RETRIES =
            OptionDefs.integer(
                    "clickhouse.max-retries",
                    5,
                    0,
                    100,
                    "retries of a failed batch (exponential backoff) before the job fails");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            OptionDefs.duration(
                    "checkpoint.interval",
                    "PT30S",
                    "checkpoint interval; ClickHouse rows are inserted when the checkpoint that covers them completes");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            OptionDefs.duration(
                    "checkpoint.timeout",
                    "PT10M",
                    "a checkpoint that takes longer is declared failed");

    public static final ConfigOption<Boolean> CHECKPOINT_COMPRESSION =
            OptionDefs.bool(
                    "checkpoint.compression",
                    true,
                    "compress the state in full snapshots (the heap backend's checkpoints, savepoints)");

    public static final ConfigOption<Duration> RESTART_INITIAL_BACKOFF =
            OptionDefs.duration(
                    "restart.initial-backoff",
                    "PT1S",
                    "exponential-delay restart strategy: first delay after a failure");

    public static final ConfigOption<Duration> RESTART_MAX_BACKOFF =
            OptionDefs.duration("restart.max-backoff", "PT1M", "... doubling up to this");

    public static final ConfigOption<Integer> PARALLELISM =
            OptionDefs.integer("parallelism", 2, 1, 1024, "default operator parallelism");
}
