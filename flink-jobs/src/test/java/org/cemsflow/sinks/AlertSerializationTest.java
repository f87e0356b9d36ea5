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
        ProducerRecord<byte[], byte[]> rec = new AlertSerialization("alerts", "avro").serialize(e, null, t);
        assertNull(rec.timestamp(), "the broker's time, not " + LocalTimes.iso(t));
        assertEquals("id-1", new String(rec.key(), StandardCharsets.UTF_8));
        assertEquals(t, AlertSerialization.decodeAvro(rec.value()).getAt(), "event time stays in the record");
    }
}
