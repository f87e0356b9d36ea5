package org.cemsflow.ops;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.JobOptions;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --bootstrap HOST:PORT} of a command that talks to Kafka: the
 * client properties of the settings (TLS, SASL; secrets from the environment), the brokers of
 * {@code --bootstrap} or else of the settings.
 */
public final class KafkaClientOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "settings (Kafka client properties)")
    Path config;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka (default: the settings')")
    String bootstrap;

    /** The settings of {@code --config} (the defaults without it). */
    public CemsflowSettings settings() {
        return CemsflowSettings.load(config, Map.of());
    }

    /** The Kafka client properties, bootstrap servers included. */
    public Properties client(CemsflowSettings settings) {
        Properties p = settings.kafkaClientProperties();
        p.setProperty(
                "bootstrap.servers",
                bootstrap != null ? bootstrap : settings.get(JobOptions.BOOTSTRAP_SERVERS));
        return p;
    }
}
