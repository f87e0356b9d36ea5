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
        this.json =
                switch (format) {
                    case "avro" -> false;
                    case "json" -> true;
                    default ->
                            throw new org.cemsflow.config.SettingsException(
                                    "setting 'alerts.format' = '"
                                            + format
                                            + "' is not avro or json");
                };
    }

    /** Header names: a consumer routes on them without decoding the value. */
    public static final String TYPE = "type";

    public static final String EVENT = "event";
    public static final String CHANNEL = "channel";
    public static final String CONTENT_TYPE = "content-type";
    public static final String FINGERPRINT = "schema-fingerprint";
    public static final String AVRO_CONTENT_TYPE = "application/vnd.apache.avro.single-object";
    public static final String JSON_CONTENT_TYPE = "application/json";

    /** CRC-64-AVRO of the writer schema's parsing canonical form, 16 hex digits (as in the value's header, read little-endian). */
    public static final String SCHEMA_FINGERPRINT =
            String.format(
                    "%016x",
                    org.apache.avro.SchemaNormalization.parsingFingerprint64(
                            AlertEvent.getClassSchema()));

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            AlertEvent e, KafkaSinkContext ctx, Long timestamp) {
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(TYPE, utf8(e.getAlert().getType()));
        headers.add(EVENT, utf8(e.getEvent().name()));
        headers.add(
                CHANNEL,
                utf8(
                        e.getAlert().getChannel() == null
                                ? "ORDER"
                                : e.getAlert().getChannel().name()));
        headers.add(CONTENT_TYPE, utf8(json ? JSON_CONTENT_TYPE : AVRO_CONTENT_TYPE));
        headers.add(FINGERPRINT, utf8(SCHEMA_FINGERPRINT));
        return new ProducerRecord<>(
                topic,
                null,
                null,
                e.getAlertId().getBytes(StandardCharsets.UTF_8),
                value(e),
                headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
