package org.cemsflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

class AlertSerializationTest {
    /**
     * Found by the live-parity test and the kafka-restart chaos case: alert records stamped with
     * their event time (a day of 2025 replayed in 2026) were older than the topic's retention, and
     * the broker deleted them at its next retention check, after their transaction had committed.
     */
    @Test
    void anAlertIsStampedWhenWrittenNotWithItsEventTime() throws Exception {
        Alert a = new Alert();
        a.setChannel(org.cemsflow.avro.AlertChannel.ORDER);
        a.setAlertId("id-1");
        a.setType("EXCEEDANCE_3H");
        a.setSeverity("high");
        a.setUnitId("unit-1");
        long t = LocalTimes.parseIso("2025-06-02T13:00:00+08:00");
        a.setWindowStart(t - 3 * LocalTimes.HOUR_MS);
        a.setWindowEnd(t);
        a.setDetectedAt(t);
        a.setDeadline(t + 12 * LocalTimes.HOUR_MS);
        a.setRule("rule");
        a.setEvidence("{}");
        AlertEvent e = new AlertEvent("e-1", "id-1", AlertEventType.OPENED, 1, t, a);
        ProducerRecord<byte[], byte[]> rec =
                new AlertSerialization("alerts", "avro").serialize(e, null, t);
        assertNull(rec.timestamp(), "the broker's time, not " + LocalTimes.iso(t));
        assertEquals("id-1", new String(rec.key(), StandardCharsets.UTF_8));
        assertEquals(
                t,
                AlertSerialization.decodeAvro(rec.value()).getAt(),
                "event time stays in the record");
        assertEquals("EXCEEDANCE_3H", header(rec, AlertSerialization.TYPE));
        assertEquals("OPENED", header(rec, AlertSerialization.EVENT));
        assertEquals("ORDER", header(rec, AlertSerialization.CHANNEL));
        assertEquals(
                AlertSerialization.AVRO_CONTENT_TYPE, header(rec, AlertSerialization.CONTENT_TYPE));
        // the header's fingerprint is the one in the value's single-object header (8 bytes
        // little-endian after C3 01)
        long inValue =
                java.nio.ByteBuffer.wrap(rec.value(), 2, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong();
        assertEquals(String.format("%016x", inValue), header(rec, AlertSerialization.FINGERPRINT));
        ProducerRecord<byte[], byte[]> json =
                new AlertSerialization("alerts", "json").serialize(e, null, t);
        assertEquals(
                AlertSerialization.JSON_CONTENT_TYPE,
                header(json, AlertSerialization.CONTENT_TYPE));
    }

    @Test
    void theContractNamesTheFingerprintOfTheSchemaAsItIs() throws Exception {
        String contract =
                java.nio.file.Files.readString(
                        org.cemsflow.testkit.Repository.root().resolve("schemas/README.md"));
        org.junit.jupiter.api.Assertions.assertTrue(
                contract.contains("`" + AlertSerialization.SCHEMA_FINGERPRINT + "`"),
                "schemas/README.md must give the fingerprint "
                        + AlertSerialization.SCHEMA_FINGERPRINT);
    }

    private static String header(ProducerRecord<byte[], byte[]> rec, String name) {
        return new String(rec.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
