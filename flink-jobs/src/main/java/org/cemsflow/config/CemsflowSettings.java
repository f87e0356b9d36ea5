package org.cemsflow.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;

/**
 * The settings of one run: the options of every stage (declared as Flink {@link ConfigOption}s in
 * the {@code *Options} classes of this package, with type, default and description), from a
 * properties file plus {@code key=value} overrides. Guarantees that every option is parsed and
 * checked when the settings are built, so an unknown key or a bad value stops the job at start
 * with a message naming the key, and that a value is read only by its typed option. Secrets come
 * from the environment, never from here.
 */
public final class CemsflowSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The options classes, one per stage; loading them declares their options, in this order. */
    static final List<Class<?>> OPTIONS =
            List.of(
                    AggregationOptions.class,
                    ExceedanceOptions.class,
                    SupervisionOptions.class,
                    QuotaOptions.class,
                    CorrelationOptions.class,
                    IngestOptions.class,
                    JobOptions.class,
                    GatewayOptions.class);

    static {
        for (Class<?> c : OPTIONS) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The text of every key (defaults, then what was given). */
    private final Map<String, String> values;

    /** Every declared key's value, parsed and checked. */
    private final Map<String, Object> parsed = new HashMap<>();

    /** The keys given in the config file or with --set, as opposed to defaults. */
    private final Set<String> given;

    private CemsflowSettings(Map<String, String> values, Set<String> given) {
        this.values = values;
        this.given = given;
        // parse everything once so that a bad value fails at start, naming its key
        for (OptionDefs.Def d : OptionDefs.all()) {
            parsed.put(d.key(), d.parse().apply(values.get(d.key())));
        }
        new Channels(this);
        checkTransactionOutlivesCheckpoint();
        checkNoCredentialsInUrl();
    }

    /**
     * An exactly-once sink's transaction stays open from one checkpoint until the next one
     * completes and commits it: the broker must not abort it before.
     */
    private void checkTransactionOutlivesCheckpoint() {
        Duration tx = get(JobOptions.TRANSACTION_TIMEOUT);
        Duration needed =
                get(JobOptions.CHECKPOINT_INTERVAL).plus(get(JobOptions.CHECKPOINT_TIMEOUT));
        if (tx.compareTo(needed) <= 0) {
            throw new SettingsException(
                    "setting 'kafka.transaction-timeout' = '"
                            + text(JobOptions.TRANSACTION_TIMEOUT)
                            + "' must be longer than checkpoint.interval + checkpoint.timeout ("
                            + needed
                            + "): a transaction the broker aborts before its checkpoint commits it loses its alerts");
        }
    }

    /** Credentials never sit in the configuration (it is logged at start): the environment has them. */
    private void checkNoCredentialsInUrl() {
        String url = get(JobOptions.CLICKHOUSE_URL);
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean userInfo = lower.matches("^[a-z:]*//[^/?#]*@.*");
        boolean params = lower.matches(".*[?&;](user|username|password)=.*");
        if (userInfo || params) {
            throw new SettingsException(
                    "setting 'clickhouse.url' carries credentials; remove them and set "
                            + "CEMSFLOW_CLICKHOUSE_USER / CEMSFLOW_CLICKHOUSE_PASSWORD in the task managers' environment instead");
        }
    }

    public static CemsflowSettings defaults() {
        return of(Map.of());
    }

    public static CemsflowSettings of(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        OptionDefs.all().forEach(d -> v.put(d.key(), d.defaultText()));
        overrides.forEach(
                (k, val) -> {
                    if (k.startsWith(KAFKA_CLIENT)) {
                        checkNotSecret(k);
                    } else if (OptionDefs.def(k) == null) {
                        throw new SettingsException("unknown setting '" + k + "'");
                    }
                    v.put(k, val.trim());
                });
        return new CemsflowSettings(v, Set.copyOf(overrides.keySet()));
    }

    /** Prefix of Kafka client properties passed through to every source and sink (TLS, SASL, timeouts). */
    public static final String KAFKA_CLIENT = "kafka.client.";

    /** Kafka client secrets, each from its environment variable only. */
    public static final Map<String, String> KAFKA_SECRETS =
            Map.of(
                    "sasl.jaas.config", "CEMSFLOW_KAFKA_SASL_JAAS_CONFIG",
                    "ssl.truststore.password", "CEMSFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD",
                    "ssl.keystore.password", "CEMSFLOW_KAFKA_SSL_KEYSTORE_PASSWORD",
                    "ssl.key.password", "CEMSFLOW_KAFKA_SSL_KEY_PASSWORD");

    private static void checkNotSecret(String key) {
        String prop = key.substring(KAFKA_CLIENT.length());
        if (KAFKA_SECRETS.containsKey(prop) || prop.contains("password")) {
            throw new SettingsException(
                    "setting '"
                            + key
                            + "' is a secret: set it in the environment ("
                            + KAFKA_SECRETS.getOrDefault(
                                    prop,
                                    "CEMSFLOW_KAFKA_SASL_JAAS_CONFIG and CEMSFLOW_KAFKA_SSL_*_PASSWORD")
                            + "), never in a config file or on the command line");
        }
    }

    /**
     * The Kafka client properties of every source and sink: the {@code kafka.client.*} settings
     * plus the secrets found in the environment ({@link #KAFKA_SECRETS}); never logged.
     */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith(KAFKA_CLIENT)) {
                        p.setProperty(k.substring(KAFKA_CLIENT.length()), v);
                    }
                });
        KAFKA_SECRETS.forEach(
                (prop, env) -> {
                    String secret = System.getenv(env);
                    if (secret != null && !secret.isEmpty()) {
                        p.setProperty(prop, secret);
                    }
                });
        return p;
    }

    /** Settings from a properties file, then {@code key=value} overrides. */
    public static CemsflowSettings load(Path file, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new SettingsException(
                        "cannot read config file " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        }
        m.putAll(overrides);
        return of(m);
    }

    /** True if the option was given (config file or --set), false if it has its default. */
    public boolean isGiven(ConfigOption<?> option) {
        return given.contains(option.key());
    }

    /** The option's value, parsed and checked at start. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        Object v = parsed.get(option.key());
        if (v == null) {
            throw new SettingsException("unknown setting '" + option.key() + "'");
        }
        return (T) v;
    }

    /** The option's value as given or defaulted, for messages. */
    public String text(ConfigOption<?> option) {
        get(option);
        return values.get(option.key());
    }

    /** A list option's values, each once, in order. */
    public Set<String> set(ConfigOption<List<String>> option) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(get(option)));
    }

    /** The effective settings, one per line, for the start-up log. */
    public String describe() {
        StringBuilder sb = new StringBuilder("effective cemsflow settings:");
        values.forEach(
                (k, v) ->
                        sb.append("\n  ")
                                .append(k)
                                .append(" = ")
                                .append(v)
                                .append(
                                        OptionDefs.def(k) == null
                                                ? "   (Kafka client property)"
                                                : v.equals(OptionDefs.def(k).defaultText())
                                                        ? ""
                                                        : "   (default "
                                                                + OptionDefs.def(k).defaultText()
                                                                + ")"));
        KAFKA_SECRETS.forEach(
                (prop, env) -> {
                    if (System.getenv(env) != null) {
                        sb.append("\n  ")
                                .append(KAFKA_CLIENT)
                                .append(prop)
                                .append(" = <from ")
                                .append(env)
                                .append('>');
                    }
                });
        return sb.toString();
    }
}
