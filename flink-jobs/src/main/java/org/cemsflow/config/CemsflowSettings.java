package org.cemsflow.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.cemsflow.model.AlertType;
import org.cemsflow.avro.AlertChannel;

/**
 * Every setting of cemsflow, its default and the clause it comes from, in one place. Built from a
 * properties file plus {@code key=value} overrides; an unknown key or a bad value stops the job at
 * start with a message naming the key. Secrets come from the environment, never from here.
 */
public final class CemsflowSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Definition of one key: default text, parser, and why it has that default. */
    private enum Kind { TEXT, LIST, DURATION, BOOL, NUMBER }

    private record Def(String key, String defaultValue, Kind kind, String doc) {}

    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    /** The alert types of the correlation detectors, all of them run by default. */
    public static final Set<String> CORRELATION_DETECTORS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "TREATMENT_NOT_RUNNING", "DATA_MISSING_WHILE_PRODUCING", "CONSTANT_VALUE", "ZERO_VALUE", "SUDDEN_CHANGE",
            "LOAD_DECOUPLING", "DECLARED_STOP_BUT_RUNNING", "CONVERSION_MISMATCH")));

    private static void def(String key, String dflt, String doc) {
        Kind kind = dflt.matches("P(\\d+D)?(T[0-9HMS.]+)?") && dflt.length() > 1 ? Kind.DURATION
                : dflt.equals("true") || dflt.equals("false") ? Kind.BOOL
                : dflt.matches("-?[0-9.]+") ? Kind.NUMBER
                : dflt.contains(",") ? Kind.LIST : Kind.TEXT;
        DEFS.put(key, new Def(key, dflt, kind, doc));
    }

    static {
        // validity
        def("validity.valid-flags", "N", "data flags whose values count (only N by default)");
        def("hourly.min-coverage-minutes", "45", "an hourly mean is valid with >= this many covered minutes (HJ 75-2017, confirm)");
        def("daily.min-valid-hours", "20", "a daily mean is valid with >= this many valid hours (HJ 75-2017, confirm; some platforms 18)");
        def("o2.stack-stopped-percent", "19.0", "no corrected mean when the hour's O2 is at or above this (stack stopped)");
        def("mass.pollutant-codes", "a34013,a21026,a21002,a21005,w01018,w21003,w21011,w21001,w01012",
                "codes that get flow volume and emission mass; water ones are flow-weighted daily");
        // exceedance and alerts
        def("exceedance.consecutive-hours", "3", "hourly means over the limit in a row that raise EXCEEDANCE_3H");
        def("marks.deadline", "PT12H", "a mark excuses an hour when made no later than the hour's end plus this");
        def("alerts.answer-deadline", "PT12H", "deadline of an alert = detection + this (the unit must answer within 12 h)");
        def("alerts.critical-ratio", "2.0", "value / limit at or above which an exceedance is critical rather than high");
        def("supervision.answer-retention", "PT720H", "an answer is matched to its order up to this long after the deadline");
        def("supervision.order-types", AlertType.defaultsOf(AlertChannel.ORDER), "alert types that open an order to the unit, to be "
                + "answered within the deadline and escalated when not (guideline 二(二): exceedance data)");
        def("supervision.notice-types", AlertType.defaultsOf(AlertChannel.NOTICE), "alert types that tell the unit, no answer required (guideline 二(三): "
                + "warn at 80 % of the permitted quantity)");
        def("supervision.lead-types", AlertType.defaultsOf(AlertChannel.LEAD), "alert types that are leads for "
                + "the regulator's review, confirmed (referred to enforcement) or dismissed (guideline 二(三), 二(四))");
        def("kafka.topic.reviews", "cemsflow.reviews", "the regulator's reviews of leads, JSON lines as in run-local --reviews");
        def("supervision.transport-grace", "PT15M", "an answer stamped by its deadline may arrive this long (event time) after it "
                + "and still count as in time: overdue is decided only then (a later one retracts the overdue it caused)");
        def("kafka.topic.feedback", "cemsflow.feedback", "units' answers, JSON lines as in run-local --feedback");
        // quota
        def("quota.warn-ratio", "0.8", "QUOTA_80 when the year's mass reaches this share of the permit");
        def("quota.confirm-ratio", "1.0", "QUOTA_100 when it reaches this share");
        def("quota.short-gap-hours", "24", "gaps up to this long get the mean of the valid hours around them (HJ 75, confirm)");
        def("quota.lookback-valid-hours", "720", "longer gaps get the maximum hourly mass of this many previous valid hours");
        def("production.running-ratio", "0.2", "a production meter at >= this x rated power shows the unit running");
        def("quota.shutdown-kinds", "shutdown,stop", "mark kinds that declare the unit stopped: no substitution then");
        def("kafka.topic.substitutes", "cemsflow.substitutes", "manual substitute monitoring data, JSON lines as in --substitutes");
        // correlation
        def("correlation.enabled", "true", "run the correlation detectors");
        def("correlation.detectors", String.join(",", CORRELATION_DETECTORS), "the correlation detectors that run (any of the default list)");
        def("correlation.idle-retention", "P35D", "a device or unit without data this long (event time) is forgotten by the correlation detectors");
        def("treatment.stopped-ratio", "0.1", "a treatment meter under this x rated power is not running");
        def("treatment.min-duration", "PT15M", "TREATMENT_NOT_RUNNING after production runs without treatment this long");
        def("missing.min-duration", "PT60M", "DATA_MISSING_WHILE_PRODUCING after a point sends no valid data this long");
        def("zero.min-duration", "PT60M", "ZERO_VALUE after a value stays at zero this long while the stack runs");
        def("conversion.tolerance", "0.02", "CONVERSION_MISMATCH when a reported Zs value differs from the recomputed one by more than this");
        def("conversion.min-duration", "PT60M", "... for at least this long");
        def("declared-stop.min-duration", "PT15M", "DECLARED_STOP_BUT_RUNNING after running this long inside a declared shutdown");
        def("sudden.window-records", "60", "SUDDEN_CHANGE compares a value with the median of this many previous records");
        def("sudden.k", "6", "... and alerts beyond this many robust standard deviations (1.4826 x MAD)");
        def("sudden.min-relative", "0.5", "... and by at least this share of that median (noise on a tight signal is no jump)");
        def("sudden.merge-gap", "PT1H", "... and jumps less than this apart are one episode (a device that spikes every 20 minutes)");
        def("rated.learn-days", "60", "without rated_kw, a meter's rated power is learned from this many days of its readings");
        def("rated.min-days", "7", "... and not used before this many days of history");
        def("rated.percentile", "0.95", "... as the highest daily percentile of its power over those days");
        def("decoupling.baseline-days", "14", "LOAD_DECOUPLING learns a unit's normal daily load/flow correlation over this many days");
        def("decoupling.min-days", "7", "... and is silent before this many");
        def("decoupling.drop", "0.5", "... and alerts when a day's correlation is this far below the baseline");
        def("constant.min-records", "10", "CONSTANT_VALUE needs at least this many equal records in a row");
        def("constant.min-duration", "PT60M", "... spanning at least this long");
        def("constant.tolerance", "0.0", "values within this of the first of the run count as equal");
        def("constant.excluded-codes", "a01016", "codes constant by nature (duct area)");
        def("constant.analyser-codes", "w01018,w21003,w21011,w21001",
                "water analysers that repeat their last result between samples: judged only by SampleTime");
        // event time
        def("aggregation.allowed-lateness", "PT6H", "late readings within this re-emit the corrected aggregate (up to ~4 h out of order)");
        def("watermark.out-of-orderness", "PT1H", "bounded out-of-orderness of the event-time watermark");
        def("watermark.idleness", "PT1M", "a source partition silent this long does not hold back event time");
        def("ingest.max-future", "PT10M", "a data upload dated more than this after the wall clock is BAD_TIMESTAMP");
        def("ingest.reassembly-timeout", "PT10M",
                "a split packet (PNUM/PNO) not whole this long after its first part is a dead letter INCOMPLETE");
        // meters
        def("meter.power-code", "e10001", "meter code of active power, kW");
        def("meter.energy-code", "e10002", "meter code of energy, kWh");
        def("meter.water-code", "w00000", "meter code of water flow");
        // streaming job
        def("reference.dir", "", "directory with points.csv, limits.csv, permits.csv, meters.csv");
        def("reference.accept-unknown", "false", "accept unknown MNs as points of their own");
        def("kafka.bootstrap-servers", "127.0.0.1:9092", "Kafka brokers");
        def("kafka.group-id", "cemsflow", "consumer group of the job");
        def("kafka.topic.raw", "cemsflow.raw", "raw HJ 212 frames, one per record");
        def("kafka.bounded", "false", "stop at the offsets that are latest when the job starts (backfill, tests)");
        def("kafka.topic.reference", "", "compacted reference topic (limits); empty = the limits of reference.dir");
        def("kafka.topic.marks", "cemsflow.marks", "units' marks, JSON lines as in run-local --marks");
        def("kafka.topic.alerts", "cemsflow.alerts", "alert lifecycle events, keyed by alert_id, exactly once");
        def("kafka.topic.dead-letters", "cemsflow.dead-letters", "rejected frames and side-input lines as JSON with their reason, exactly once; empty = ClickHouse only");
        def("alerts.format", "avro", "avro (single-object encoding) or json on the alert topic");
        def("kafka.transactional-id-prefix", "cemsflow-alerts", "prefix of the alert sink's transactional ids (the dead-letter sink's: dead-letters-<prefix>); unique per job");
        def("kafka.transaction-timeout", "PT14M", "below the broker's transaction.max.timeout.ms (15 min by default) and above "
                + "checkpoint.interval + checkpoint.timeout (a transaction open longer than this is aborted, its alerts lost)");
        def("kafka.starting-offsets", "committed", "earliest, latest or committed (falls back to earliest)");
        def("clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/cemsflow", "ClickHouse JDBC URL; user and password from CEMSFLOW_CLICKHOUSE_USER / _PASSWORD");
        def("clickhouse.batch-size", "5000", "rows per insert batch");
        def("clickhouse.max-retries", "5", "retries of a failed batch (exponential backoff) before the job fails");
        def("checkpoint.interval", "PT30S", "checkpoint interval; ClickHouse rows are inserted when the checkpoint that covers them completes");
        def("checkpoint.timeout", "PT10M", "a checkpoint that takes longer is declared failed");
        def("restart.initial-backoff", "PT1S", "exponential-delay restart strategy: first delay after a failure");
        def("restart.max-backoff", "PT1M", "... doubling up to this");
        def("parallelism", "2", "default operator parallelism");
        def("gateway.bind", "0.0.0.0", "HJ 212 gateway: the address it listens on");
        def("gateway.port", "9212", "HJ 212 gateway: the TCP port data loggers connect to");
        def("gateway.max-frame-bytes", "16384", "HJ 212 gateway: a longer line is cut here and counted");
        def("gateway.idle-timeout", "PT5M", "HJ 212 gateway: a connection silent this long is closed");
        def("gateway.max-in-flight", "1000", "HJ 212 gateway: records of one connection Kafka has not yet stored before the gateway stops reading it");
        def("gateway.instance", "", "HJ 212 gateway: its name in the records' headers (default: the host name)");
        def("gateway.max-connections", "50000", "HJ 212 gateway: connections it holds at most; more are closed at once");
        def("gateway.max-connections-per-address", "2000", "HJ 212 gateway: connections from one remote address at most (loggers behind NAT share one)");
        def("gateway.clock-tolerance", "PT5M", "HJ 212 gateway: a logger whose clock is off by more is set (CN 1012)");
        def("gateway.kafka-stall", "PT5S", "HJ 212 gateway: a write unanswered this long means Kafka takes none: no connection is read until it does");
        def("gateway.metrics-port", "9213", "HJ 212 gateway: Prometheus metrics at http://bind:port/metrics (0: any free port, -1: off)");
        def("gateway.calibration-interval", "PT1H", "HJ 212 gateway: at most one clock setting per MN in this time");
    }

    private final Map<String, String> values;
    /** The keys given in the config file or with --set, as opposed to defaults. */
    private final Set<String> given;

    private CemsflowSettings(Map<String, String> values, Set<String> given) {
        this.values = values;
        this.given = given;
        // parse everything once so that a bad value fails at start, naming its key
        DEFS.values().forEach(d -> {
            switch (d.kind) {
                case DURATION -> duration(d.key);
                case BOOL -> bool(d.key);
                default -> { }
            }
        });
        // numbers with their own ranges
        minCoverageMinutes();
        minValidHours();
        stackStoppedO2();
        batchSize();
        maxRetries();
        parallelism();
        intValue("gateway.port", 0, 65_535);
        intValue("gateway.max-frame-bytes", 256, 1 << 20);
        intValue("gateway.max-in-flight", 1, 100_000);
        intValue("gateway.max-connections", 1, 1_000_000);
        intValue("gateway.max-connections-per-address", 1, 1_000_000);
        consecutiveHours();
        criticalRatio();
        ratio("quota.warn-ratio");
        ratio("quota.confirm-ratio");
        ratio("production.running-ratio");
        ratio("treatment.stopped-ratio");
        intValue("constant.min-records", 2, 100_000);
        ratio("conversion.tolerance");
        intValue("sudden.window-records", 5, 10_000);
        intValue("rated.learn-days", 1, 3650);
        intValue("rated.min-days", 1, 3650);
        ratio("rated.percentile");
        ratio("decoupling.drop");
        intValue("decoupling.baseline-days", 1, 3650);
        intValue("decoupling.min-days", 1, 3650);
        ratio("sudden.k");
        ratio("sudden.min-relative");
        intValue("quota.short-gap-hours", 1, 8784);
        intValue("quota.lookback-valid-hours", 1, 100_000);
        correlationDetectors();
        new org.cemsflow.config.Channels(this);
        checkTransactionOutlivesCheckpoint();
        checkNoCredentialsInUrl();
    }

    /**
     * An exactly-once sink's transaction stays open from one checkpoint until the next one
     * completes and commits it: the broker must not abort it before.
     */
    private void checkTransactionOutlivesCheckpoint() {
        Duration tx = duration("kafka.transaction-timeout");
        Duration needed = duration("checkpoint.interval").plus(duration("checkpoint.timeout"));
        if (tx.compareTo(needed) <= 0) {
            throw new SettingsException("setting 'kafka.transaction-timeout' = '" + get("kafka.transaction-timeout")
                    + "' must be longer than checkpoint.interval + checkpoint.timeout (" + needed
                    + "): a transaction the broker aborts before its checkpoint commits it loses its alerts");
        }
    }

    /** Credentials never sit in the configuration (it is logged at start): the environment has them. */
    private void checkNoCredentialsInUrl() {
        String url = get("clickhouse.url");
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean userInfo = lower.matches("^[a-z:]*//[^/?#]*@.*");
        boolean params = lower.matches(".*[?&;](user|username|password)=.*");
        if (userInfo || params) {
            throw new SettingsException("setting 'clickhouse.url' carries credentials; remove them and set "
                    + "CEMSFLOW_CLICKHOUSE_USER / CEMSFLOW_CLICKHOUSE_PASSWORD in the task managers' environment instead");
        }
    }

    public static CemsflowSettings defaults() {
        return of(Map.of());
    }

    public static CemsflowSettings of(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        DEFS.values().forEach(d -> v.put(d.key, d.defaultValue));
        overrides.forEach((k, val) -> {
            if (k.startsWith(KAFKA_CLIENT)) {
                checkNotSecret(k);
            } else if (!DEFS.containsKey(k)) {
                throw new SettingsException("unknown setting '" + k + "'");
            }
            v.put(k, val.trim());
        });
        return new CemsflowSettings(v, Set.copyOf(overrides.keySet()));
    }

    /** Prefix of Kafka client properties passed through to every source and sink (TLS, SASL, timeouts). */
    public static final String KAFKA_CLIENT = "kafka.client.";
    /** Kafka client secrets, each from its environment variable only. */
    public static final Map<String, String> KAFKA_SECRETS = Map.of(
            "sasl.jaas.config", "CEMSFLOW_KAFKA_SASL_JAAS_CONFIG",
            "ssl.truststore.password", "CEMSFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "ssl.keystore.password", "CEMSFLOW_KAFKA_SSL_KEYSTORE_PASSWORD",
            "ssl.key.password", "CEMSFLOW_KAFKA_SSL_KEY_PASSWORD");

    private static void checkNotSecret(String key) {
        String prop = key.substring(KAFKA_CLIENT.length());
        if (KAFKA_SECRETS.containsKey(prop) || prop.contains("password")) {
            throw new SettingsException("setting '" + key + "' is a secret: set it in the environment ("
                    + KAFKA_SECRETS.getOrDefault(prop, "CEMSFLOW_KAFKA_SASL_JAAS_CONFIG and CEMSFLOW_KAFKA_SSL_*_PASSWORD")
                    + "), never in a config file or on the command line");
        }
    }

    /**
     * The Kafka client properties of every source and sink: the {@code kafka.client.*} settings
     * plus the secrets found in the environment ({@link #KAFKA_SECRETS}); never logged.
     */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_CLIENT)) {
                p.setProperty(k.substring(KAFKA_CLIENT.length()), v);
            }
        });
        KAFKA_SECRETS.forEach((prop, env) -> {
            String secret = System.getenv(env);
            if (secret != null && !secret.isEmpty()) {
                p.setProperty(prop, secret);
            }
        });
        return p;
    }

    /** The settings of a command line that takes {@code --config FILE} and {@code --set key=value}... (the job, the gateway). */
    public static CemsflowSettings fromCommandLine(Cli cli) {
        Path config = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--config" -> config = cli.value(Path::of);
                case "--set" -> Cli.keyValue(cli.value(), overrides);
                default -> throw cli.unknown();
            }
        }
        return load(config, overrides);
    }

    /** Settings from a properties file, then {@code key=value} overrides. */
    public static CemsflowSettings load(Path file, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new SettingsException("cannot read config file " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        }
        m.putAll(overrides);
        return of(m);
    }

    /** True if the key was given (config file or --set), false if it has its default. */
    public boolean isGiven(String key) {
        get(key);
        return given.contains(key);
    }

    public String get(String key) {
        if (!DEFS.containsKey(key) && !(key.startsWith(KAFKA_CLIENT) && values.containsKey(key))) {
            throw new SettingsException("unknown setting '" + key + "'");
        }
        return values.get(key);
    }

    private <T> T parse(String key, String what, Function<String, T> f) {
        String v = get(key);
        try {
            return f.apply(v);
        } catch (RuntimeException e) {
            throw new SettingsException("setting '" + key + "' = '" + v + "' is not " + what);
        }
    }

    public Duration duration(String key) {
        return parse(key, "an ISO-8601 duration such as PT1H", s -> {
            try {
                Duration d = Duration.parse(s);
                if (d.isNegative()) {
                    throw new IllegalArgumentException();
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    public int intValue(String key, int lo, int hi) {
        return parse(key, "an integer in [" + lo + ", " + hi + "]", s -> {
            int i = Integer.parseInt(s);
            if (i < lo || i > hi) {
                throw new IllegalArgumentException();
            }
            return i;
        });
    }

    public boolean bool(String key) {
        return parse(key, "true or false", s -> {
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException();
            }
            return Boolean.parseBoolean(s);
        });
    }

    public Set<String> set(String key) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** The correlation detectors to run: names of the default list, each at most once. */
    public Set<String> correlationDetectors() {
        Set<String> chosen = set("correlation.detectors");
        for (String d : chosen) {
            if (!CORRELATION_DETECTORS.contains(d)) {
                throw new SettingsException("setting 'correlation.detectors' names '" + d + "', which is not one of "
                        + CORRELATION_DETECTORS);
            }
        }
        return chosen;
    }

    public Set<String> validFlags() { return set("validity.valid-flags"); }
    public int minCoverageMinutes() { return intValue("hourly.min-coverage-minutes", 1, 60); }
    public int minValidHours() { return intValue("daily.min-valid-hours", 1, 24); }

    public double stackStoppedO2() {
        return parse("o2.stack-stopped-percent", "a number in (0, 21]", s -> {
            double d = Double.parseDouble(s);
            if (!(d > 0 && d <= 21)) {
                throw new IllegalArgumentException();
            }
            return d;
        });
    }

    public Set<String> massPollutantCodes() { return set("mass.pollutant-codes"); }
    public Duration allowedLateness() { return duration("aggregation.allowed-lateness"); }
    public int batchSize() { return intValue("clickhouse.batch-size", 1, 1_000_000); }
    public int maxRetries() { return intValue("clickhouse.max-retries", 0, 100); }
    public int parallelism() { return intValue("parallelism", 1, 1024); }
    public double ratio(String key) {
        return parse(key, "a number > 0", s -> {
            double d = Double.parseDouble(s);
            if (!(d > 0)) {
                throw new IllegalArgumentException();
            }
            return d;
        });
    }

    public int consecutiveHours() { return intValue("exceedance.consecutive-hours", 2, 24); }

    public double criticalRatio() {
        return parse("alerts.critical-ratio", "a number > 1", s -> {
            double d = Double.parseDouble(s);
            if (!(d > 1)) {
                throw new IllegalArgumentException();
            }
            return d;
        });
    }

    /** The effective settings, one per line, for the start-up log. */
    public String describe() {
        StringBuilder sb = new StringBuilder("effective cemsflow settings:");
        values.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v)
                .append(!DEFS.containsKey(k) ? "   (Kafka client property)"
                        : v.equals(DEFS.get(k).defaultValue) ? "" : "   (default " + DEFS.get(k).defaultValue + ")"));
        KAFKA_SECRETS.forEach((prop, env) -> {
            if (System.getenv(env) != null) {
                sb.append("\n  ").append(KAFKA_CLIENT).append(prop).append(" = <from ").append(env).append('>');
            }
        });
        return sb.toString();
    }
}
