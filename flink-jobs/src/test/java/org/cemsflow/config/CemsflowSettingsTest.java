package org.cemsflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CemsflowSettingsTest {
    @TempDir Path tmp;

    @Test
    void kafkaClientPropertiesPassThroughAndSecretsAreRefused() {
        CemsflowSettings s =
                CemsflowSettings.of(
                        Map.of(
                                "kafka.client.security.protocol",
                                "SASL_SSL",
                                "kafka.client.sasl.mechanism",
                                "SCRAM-SHA-512"));
        assertEquals("SASL_SSL", s.kafkaClientProperties().getProperty("security.protocol"));
        assertEquals("SCRAM-SHA-512", s.kafkaClientProperties().getProperty("sasl.mechanism"));
        assertTrue(
                s.describe().contains("kafka.client.security.protocol = SASL_SSL"), s.describe());
        SettingsException jaas =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of("kafka.client.sasl.jaas.config", "secret")));
        assertTrue(
                jaas.getMessage().contains("'kafka.client.sasl.jaas.config'")
                        && jaas.getMessage().contains("CEMSFLOW_KAFKA_SASL_JAAS_CONFIG"),
                jaas.getMessage());
        SettingsException pw =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of("kafka.client.ssl.truststore.password", "secret")));
        assertTrue(
                pw.getMessage().contains("CEMSFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD"),
                pw.getMessage());
        assertTrue(!s.describe().contains("secret"));
    }

    @Test
    void defaultsAreTheRegulationsNumbers() {
        CemsflowSettings s = CemsflowSettings.defaults();
        assertEquals(45, s.get(AggregationOptions.MIN_COVERAGE_MINUTES));
        assertEquals(20, s.get(AggregationOptions.MIN_VALID_HOURS));
        assertEquals(19.0, s.get(AggregationOptions.STACK_STOPPED_O2));
        assertEquals(Duration.ofHours(6), s.get(AggregationOptions.ALLOWED_LATENESS));
        assertEquals(Duration.ofMinutes(10), s.get(IngestOptions.MAX_FUTURE));
        assertEquals(java.util.Set.of("N"), s.set(AggregationOptions.VALID_FLAGS));
    }

    /** Each option's Flink default is the value its text default parses to, so the two never disagree. */
    @Test
    void everyOptionsTypedDefaultIsItsTextDefault() throws Exception {
        CemsflowSettings s = CemsflowSettings.defaults();
        int options = 0;
        for (Class<?> c : CemsflowSettings.OPTIONS) {
            for (java.lang.reflect.Field f : c.getFields()) {
                if (f.getType() == ConfigOption.class) {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    assertEquals(o.defaultValue(), s.get(o), o.key());
                    assertTrue(!s.isGiven(o), o.key());
                    options++;
                }
            }
        }
        assertEquals(OptionDefs.all().size(), options, "every option is in an options class");
    }

    @Test
    void valuesAreCheckedByType() {
        for (String[] bad :
                new String[][] {
                    {"constant.tolerance", "-0.1"},
                    {"alerts.format", "xml"},
                    {"kafka.starting-offsets", "newest"},
                    {"gateway.metrics-port", "-2"},
                    {"correlation.enabled", "1"},
                    {"sudden.k", "six"}
                }) {
            SettingsException e =
                    assertThrows(
                            SettingsException.class,
                            () -> CemsflowSettings.of(Map.of(bad[0], bad[1])));
            assertTrue(
                    e.getMessage().contains("'" + bad[0] + "' = '" + bad[1] + "'"), e.getMessage());
        }
        assertEquals(
                "json",
                CemsflowSettings.of(Map.of("alerts.format", "json")).get(JobOptions.ALERTS_FORMAT));
        assertTrue(CemsflowSettings.of(Map.of("parallelism", "3")).isGiven(JobOptions.PARALLELISM));
    }

    @Test
    void aBadValueStopsTheStartWithTheKeyInTheMessage() {
        SettingsException e =
                assertThrows(
                        SettingsException.class,
                        () -> CemsflowSettings.of(Map.of("hourly.min-coverage-minutes", "61")));
        assertTrue(e.getMessage().contains("hourly.min-coverage-minutes"), e.getMessage());
        e =
                assertThrows(
                        SettingsException.class,
                        () -> CemsflowSettings.of(Map.of("aggregation.allowed-lateness", "6h")));
        assertTrue(e.getMessage().contains("aggregation.allowed-lateness"), e.getMessage());
        e =
                assertThrows(
                        SettingsException.class,
                        () -> CemsflowSettings.of(Map.of("hourly.min-coverage", "45")));
        assertTrue(
                e.getMessage().contains("unknown setting 'hourly.min-coverage'"), e.getMessage());
        e =
                assertThrows(
                        SettingsException.class,
                        () -> CemsflowSettings.of(Map.of("kafka.bounded", "yes")));
        assertTrue(e.getMessage().contains("kafka.bounded"), e.getMessage());
    }

    @Test
    void aTransactionMustOutliveTheCheckpointThatCommitsIt() {
        CemsflowSettings.defaults(); // the defaults hold: 30 s + 10 min < 14 min
        SettingsException e =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of(
                                                "kafka.transaction-timeout",
                                                "PT10M",
                                                "checkpoint.interval",
                                                "PT30S",
                                                "checkpoint.timeout",
                                                "PT10M")));
        assertTrue(e.getMessage().contains("'kafka.transaction-timeout'"), e.getMessage());
        CemsflowSettings.of(
                Map.of("kafka.transaction-timeout", "PT6M", "checkpoint.timeout", "PT5M"));
    }

    @Test
    void durationsWithoutATimePartAreCheckedToo() {
        SettingsException e =
                assertThrows(
                        SettingsException.class,
                        () -> CemsflowSettings.of(Map.of("correlation.idle-retention", "35 days")));
        assertTrue(e.getMessage().contains("'correlation.idle-retention'"), e.getMessage());
        assertEquals(
                Duration.ofDays(35),
                CemsflowSettings.defaults().get(CorrelationOptions.IDLE_RETENTION));
    }

    @Test
    void credentialsInTheClickHouseUrlAreRefused() {
        for (String url :
                new String[] {
                    "jdbc:clickhouse://writer:s3cret@127.0.0.1:8123/cemsflow",
                    "jdbc:clickhouse://127.0.0.1:8123/cemsflow?user=writer&password=s3cret",
                    "jdbc:clickhouse://127.0.0.1:8123/cemsflow?compress=0&password=s3cret"
                }) {
            SettingsException e =
                    assertThrows(
                            SettingsException.class,
                            () -> CemsflowSettings.of(Map.of("clickhouse.url", url)));
            assertTrue(
                    e.getMessage().contains("'clickhouse.url'")
                            && e.getMessage().contains("CEMSFLOW_CLICKHOUSE_USER")
                            && !e.getMessage().contains("s3cret"),
                    e.getMessage());
        }
        CemsflowSettings.of(
                Map.of("clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/cemsflow?compress=0"));
    }

    @Test
    void everyRuleTypeTakesOneChannel() {
        var channels = new org.cemsflow.config.Channels(CemsflowSettings.defaults());
        assertEquals(org.cemsflow.avro.AlertChannel.ORDER, channels.of("EXCEEDANCE_3H"));
        assertEquals(org.cemsflow.avro.AlertChannel.NOTICE, channels.of("QUOTA_80"));
        assertEquals(org.cemsflow.avro.AlertChannel.LEAD, channels.of("QUOTA_100"));
        assertEquals(org.cemsflow.avro.AlertChannel.LEAD, channels.of("CONSTANT_VALUE"));
        assertEquals(org.cemsflow.avro.AlertChannel.ORDER, channels.of("ESCALATION"));
        SettingsException twice =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of(
                                                "supervision.notice-types",
                                                "QUOTA_80,EXCEEDANCE_3H")));
        assertTrue(
                twice.getMessage().contains("'supervision.notice-types'")
                        && twice.getMessage().contains("EXCEEDANCE_3H"),
                twice.getMessage());
        SettingsException none =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of("supervision.order-types", "EXCEEDANCE_3H")));
        assertTrue(none.getMessage().contains("EXCEEDANCE_DAILY"), none.getMessage());
        SettingsException unknown =
                assertThrows(
                        SettingsException.class,
                        () ->
                                CemsflowSettings.of(
                                        Map.of("supervision.lead-types", "QUOTA_100,NOT_A_TYPE")));
        assertTrue(unknown.getMessage().contains("'supervision.lead-types'"), unknown.getMessage());
        // a deployment may make the 80 % warning an order as well
        var strict =
                new org.cemsflow.config.Channels(
                        CemsflowSettings.of(
                                Map.of(
                                        "supervision.order-types",
                                        "EXCEEDANCE_3H,EXCEEDANCE_DAILY,QUOTA_80",
                                        "supervision.notice-types",
                                        "")));
        assertEquals(org.cemsflow.avro.AlertChannel.ORDER, strict.of("QUOTA_80"));
    }

    @Test
    void fileThenOverrides() throws Exception {
        Path f = tmp.resolve("c.properties");
        Files.writeString(f, "daily.min-valid-hours=18\nparallelism=4\n");
        CemsflowSettings s = CemsflowSettings.load(f, Map.of("parallelism", "1"));
        assertEquals(18, s.get(AggregationOptions.MIN_VALID_HOURS));
        assertEquals(1, s.get(JobOptions.PARALLELISM));
        assertTrue(
                s.describe().contains("daily.min-valid-hours = 18   (default 20)"), s.describe());
    }
}
