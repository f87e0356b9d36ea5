package org.cemsflow.sinks;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.json.Json;

/**
 * Dead letters on their Kafka topic: one JSON object per rejected frame or side-input line
 * ({@code reason, detail, source, mn, data_time, received_at, raw}), keyed by the MN when the line
 * has one. (The gate keeps at most {@code FrameGate.MAX_RAW_CHARS} of a huge line, so a dead letter
 * always fits in a Kafka record.)
 */
public final class DeadLetterSerialization
        implements KafkaRecordSerializationSchema<RejectedFrame> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterSerialization(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RejectedFrame r, KafkaSinkContext ctx, Long timestamp) {
        byte[] key = r.getMn() == null ? null : r.getMn().getBytes(StandardCharsets.UTF_8);
        // written now (see AlertSerialization): an old frame's dead letter must outlive the
        // retention check
        return new ProducerRecord<>(
                topic, null, null, key, json(r).getBytes(StandardCharsets.UTF_8));
    }

    public static String json(RejectedFrame r) {
        return Json.object()
                .put("reason", r.getReason())
                .put("detail", r.getDetail())
                .put("source", r.getSource())
                .put("mn", r.getMn())
                .time("data_time", r.getDataTime())
                .time("received_at", r.getReceivedAt())
                .put("raw", r.getRaw())
                .toString();
    }
}
