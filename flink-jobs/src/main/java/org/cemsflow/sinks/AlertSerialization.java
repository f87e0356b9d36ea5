package org.cemsflow.sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.AlertEvent;

/**
 * Alert events on the alert topic, keyed by alert_id (so all events of one alert stay in order on
 * one partition): Avro single-object encoding (the schema fingerprint header, no registry) by
 * default, or JSON for ticketing systems that ask for it. The record's timestamp is when it was
 * written, never the event time: the broker deletes by record timestamp, and an alert about a day
 * older than the topic's retention (a backfill, a replay, a late upload) would be deleted as soon
 * as the broker checks retention, after the transaction that wrote it had committed.
 */
public final class AlertSerialization implements KafkaRecordSerializationSchema<AlertEvent> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final boolean json;

    public AlertSerialization(String topic, String format) {
        this.topic = topic;
        this.json = switch (format) {
            case "avro" -> false;
            case "json" -> true;
            default -> throw new org.cemsflow.config.SettingsException(
                    "setting 'alerts.format' = '" + format + "' is not avro or json");
        };
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertEvent e, KafkaSinkContext ctx, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, e.getAlertId().getBytes(StandardCharsets.UTF_8), value(e));
    }

    byte[] value(AlertEvent e) {
        if (json) {
            return AlertJson.event(e).getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteBuffer b = e.toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads a value written in Avro single-object encoding (consumers, tests). */
    public static AlertEvent decodeAvro(byte[] value) throws IOException {
        return AlertEvent.fromByteBuffer(ByteBuffer.wrap(value));
    }
}
