package org.cemsflow.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The Flink options the job sets, resolved without overriding Flink's own. For each of
 * parallelism, checkpoint interval, timeout and compression and the restart strategy: the
 * cemsflow setting wins if it was given (config file or {@code --set}); else what Flink already
 * has (the cluster's {@code config.yaml}, {@code -D} or {@code -p} of {@code flink run}) stays;
 * else the setting's default applies. Guarantees that {@code flink run -p N} and {@code -D}
 * options take effect, that an option left to Flink is not in {@link #configuration()} (so {@code
 * env.configure} keeps it), and that the Kafka transaction timeout outlives the checkpoint
 * interval and timeout in force.
 */
public final class FlinkOptions {
    static final String PARALLELISM = "parallelism.default";
    static final String INTERVAL = "execution.checkpointing.interval";
    static final String TIMEOUT = "execution.checkpointing.timeout";
    static final String COMPRESSION = "execution.checkpointing.snapshot-compression";
    static final String RESTART = "restart-strategy.type";

    private final Configuration conf = new Configuration();
    private final List<String> described = new ArrayList<>();

    private FlinkOptions() {}

    /** Resolves the options against {@code flink}, the configuration the job is submitted with. */
    public static FlinkOptions resolve(CemsflowSettings settings, ReadableConfig flink) {
        Map<String, String> has = flink.toMap();
        FlinkOptions o = new FlinkOptions();
        o.conf.set(PipelineOptions.GENERIC_TYPES, false);
        o.take(
                settings,
                has,
                JobOptions.PARALLELISM,
                PARALLELISM,
                settings.text(JobOptions.PARALLELISM));
        o.take(
                settings,
                has,
                JobOptions.CHECKPOINT_INTERVAL,
                INTERVAL,
                settings.text(JobOptions.CHECKPOINT_INTERVAL));
        o.take(
                settings,
                has,
                JobOptions.CHECKPOINT_TIMEOUT,
                TIMEOUT,
                settings.text(JobOptions.CHECKPOINT_TIMEOUT));
        o.take(
                settings,
                has,
                JobOptions.CHECKPOINT_COMPRESSION,
                COMPRESSION,
                settings.text(JobOptions.CHECKPOINT_COMPRESSION));
        boolean backoffGiven =
                settings.isGiven(JobOptions.RESTART_INITIAL_BACKOFF)
                        || settings.isGiven(JobOptions.RESTART_MAX_BACKOFF);
        if (backoffGiven || !has.containsKey(RESTART)) {
            // a ClickHouse or Kafka outage fails the job after the sink's retries; it comes back on
            // its own
            o.conf.setString(RESTART, "exponential-delay");
            o.conf.setString(
                    "restart-strategy.exponential-delay.initial-backoff",
                    settings.get(JobOptions.RESTART_INITIAL_BACKOFF).toMillis() + " ms");
            o.conf.setString(
                    "restart-strategy.exponential-delay.max-backoff",
                    settings.get(JobOptions.RESTART_MAX_BACKOFF).toMillis() + " ms");
            o.described.add(
                    RESTART
                            + " = exponential-delay, "
                            + settings.text(JobOptions.RESTART_INITIAL_BACKOFF)
                            + " to "
                            + settings.text(JobOptions.RESTART_MAX_BACKOFF)
                            + (backoffGiven ? " (settings restart.*)" : " (default)"));
        } else {
            o.described.add(RESTART + " = " + has.get(RESTART) + " (Flink's configuration)");
        }
        o.checkTransactionOutlivesCheckpoint(settings, has);
        return o;
    }

    private void take(
            CemsflowSettings settings,
            Map<String, String> has,
            ConfigOption<?> option,
            String flinkKey,
            String value) {
        String setting = option.key();
        if (settings.isGiven(option) || !has.containsKey(flinkKey)) {
            conf.setString(flinkKey, value);
            described.add(
                    flinkKey
                            + " = "
                            + value
                            + (settings.isGiven(option)
                                    ? " (setting " + setting + ")"
                                    : " (default)"));
        } else {
            described.add(
                    flinkKey
                            + " = "
                            + has.get(flinkKey)
                            + " (Flink's configuration; setting "
                            + setting
                            + " not given)");
        }
    }

    private void checkTransactionOutlivesCheckpoint(
            CemsflowSettings settings, Map<String, String> has) {
        Duration interval = effective(has, INTERVAL);
        Duration timeout = effective(has, TIMEOUT);
        Duration tx = settings.get(JobOptions.TRANSACTION_TIMEOUT);
        if (tx.compareTo(interval.plus(timeout)) <= 0) {
            throw new SettingsException(
                    "Flink options "
                            + INTERVAL
                            + " ("
                            + interval
                            + ") + "
                            + TIMEOUT
                            + " ("
                            + timeout
                            + ") in force reach setting 'kafka.transaction-timeout' = '"
                            + settings.text(JobOptions.TRANSACTION_TIMEOUT)
                            + "': a transaction the broker aborts before its checkpoint commits it loses its alerts");
        }
    }

    /** The value in force: ours if we set it, else Flink's. */
    private Duration effective(Map<String, String> has, String key) {
        var option = ConfigOptions.key(key).durationType().noDefaultValue();
        Configuration view = conf.containsKey(key) ? conf : Configuration.fromMap(has);
        return view.get(option);
    }

    /** What to pass to {@code env.configure}: only the options the job decides. */
    public Configuration configuration() {
        return conf;
    }

    /** One line per option and where its value comes from, for the start-up log. */
    public String describe() {
        return "Flink options:\n  " + String.join("\n  ", described);
    }
}
