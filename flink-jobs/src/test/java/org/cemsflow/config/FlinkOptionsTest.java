package org.cemsflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class FlinkOptionsTest {

    static Configuration flink(Map<String, String> options) {
        return Configuration.fromMap(options);
    }

    @Test
    void withoutFlinkOptionsTheDefaultsApply() {
        Configuration c =
                FlinkOptions.resolve(CemsflowSettings.defaults(), new Configuration())
                        .configuration();
        assertEquals("2", c.toMap().get(FlinkOptions.PARALLELISM));
        assertEquals("PT30S", c.toMap().get(FlinkOptions.INTERVAL));
        assertEquals("PT10M", c.toMap().get(FlinkOptions.TIMEOUT));
        assertEquals("exponential-delay", c.toMap().get(FlinkOptions.RESTART));
        assertEquals("false", c.toMap().get("pipeline.generic-types"));
        assertEquals("true", c.toMap().get(FlinkOptions.COMPRESSION));
        assertTrue(
                StreamExecutionEnvironment.getExecutionEnvironment(c)
                        .getConfig()
                        .isUseSnapshotCompression(),
                "the environment compresses snapshots");
    }

    @Test
    void snapshotCompressionFollowsTheSettingThenFlinksConfiguration() {
        Map<String, String> off = Map.of(FlinkOptions.COMPRESSION, "false");
        assertNull(compression(Map.of(), off), "Flink's own value stays");
        assertEquals(
                "true",
                compression(Map.of("checkpoint.compression", "true"), off),
                "a given setting wins");
        assertEquals("false", compression(Map.of("checkpoint.compression", "false"), Map.of()));
    }

    /** The compression the job sets with {@code settings} over Flink's {@code options}; null: none. */
    private static String compression(Map<String, String> settings, Map<String, String> options) {
        return FlinkOptions.resolve(CemsflowSettings.of(settings), flink(options))
                .configuration()
                .toMap()
                .get(FlinkOptions.COMPRESSION);
    }

    @Test
    void flinkRunDashPAndDashDAreNotOverriddenByDefaults() {
        // what `flink run -p 5 -Dexecution.checkpointing.interval=10s` and a fixed-delay
        // config.yaml give
        FlinkOptions o =
                FlinkOptions.resolve(
                        CemsflowSettings.defaults(),
                        flink(
                                Map.of(
                                        FlinkOptions.PARALLELISM,
                                        "5",
                                        FlinkOptions.INTERVAL,
                                        "10 s",
                                        FlinkOptions.RESTART,
                                        "fixed-delay")));
        Map<String, String> c = o.configuration().toMap();
        assertFalse(c.containsKey(FlinkOptions.PARALLELISM));
        assertFalse(c.containsKey(FlinkOptions.INTERVAL));
        assertFalse(c.containsKey(FlinkOptions.RESTART));
        assertEquals(
                "PT10M", c.get(FlinkOptions.TIMEOUT), "not in Flink's configuration: the default");
        assertTrue(
                o.describe()
                        .contains(
                                "parallelism.default = 5 (Flink's configuration; setting parallelism not given)"),
                o.describe());

        // applied to an environment as main does, the submitted parallelism stays
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        flink(Map.of(FlinkOptions.PARALLELISM, "5")));
        env.configure(o.configuration());
        assertEquals(5, env.getParallelism());
    }

    @Test
    void aGivenSettingWinsOverFlinksConfiguration() {
        CemsflowSettings s =
                CemsflowSettings.of(Map.of("parallelism", "3", "restart.max-backoff", "PT5M"));
        Map<String, String> c =
                FlinkOptions.resolve(
                                s,
                                flink(
                                        Map.of(
                                                FlinkOptions.PARALLELISM,
                                                "5",
                                                FlinkOptions.RESTART,
                                                "fixed-delay")))
                        .configuration()
                        .toMap();
        assertEquals("3", c.get(FlinkOptions.PARALLELISM));
        assertEquals("exponential-delay", c.get(FlinkOptions.RESTART));
        assertEquals("300000 ms", c.get("restart-strategy.exponential-delay.max-backoff"));
    }

    @Test
    void theTransactionTimeoutIsCheckedAgainstTheCheckpointsInForce() {
        SettingsException e =
                assertThrows(
                        SettingsException.class,
                        () ->
                                FlinkOptions.resolve(
                                        CemsflowSettings.defaults(),
                                        flink(Map.of(FlinkOptions.INTERVAL, "10 min"))));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Flink options execution.checkpointing.interval (PT10M) + "
                                        + "execution.checkpointing.timeout (PT10M) in force reach setting 'kafka.transaction-timeout' = 'PT14M'"),
                e.getMessage());
    }
}
