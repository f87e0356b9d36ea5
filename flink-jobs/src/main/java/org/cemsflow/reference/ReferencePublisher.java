package org.cemsflow.reference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code scripts/reference publish DIR [--bootstrap HOST:PORT] [--topic NAME]}: validates a
 * reference directory (a malformed row stops here, naming file, line and column) and publishes it
 * to the compacted reference topic, ending with the snapshot marker.
 */
public final class ReferencePublisher {
    private ReferencePublisher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].equals("publish")) {
            System.err.println("usage: reference publish DIR [--bootstrap HOST:PORT] [--topic NAME]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        String bootstrap = "127.0.0.1:9092";
        String topic = "cemsflow.reference";
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--topic" -> topic = args[i + 1];
                default -> {
                    System.err.println("reference: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        ReferenceData ref;
        try {
            ref = ReferenceData.load(dir);
        } catch (ReferenceException e) {
            System.err.println("reference: " + e.getMessage());
            System.exit(2);
            return;
        }
        publish(ref, bootstrap, topic);
        System.err.printf("reference: published %d devices, %d limits and %d permits of %s to %s%n", ref.devices().size(), ref.limits().size(), ref.permits().size(), dir, topic);
    }

    public static void publish(ReferenceData ref, String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, String> r : ReferenceTopic.records(ref, System.currentTimeMillis())) {
                producer.send(new ProducerRecord<>(topic, r.getKey().getBytes(StandardCharsets.UTF_8),
                        r.getValue().getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }
}
