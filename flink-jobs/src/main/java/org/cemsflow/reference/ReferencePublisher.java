package org.cemsflow.reference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.config.Cli;

/**
 * {@code scripts/reference publish DIR [--bootstrap HOST:PORT] [--topic NAME]}: validates a
 * reference directory (a malformed row stops here, naming file, line and column) and publishes it
 * to the compacted reference topic as the whole reference: rows taken out of the directory since
 * the last publication become tombstones, and the snapshot marker comes last.
 */
public final class ReferencePublisher {
    private ReferencePublisher() {}

    static final String USAGE = "reference publish DIR [--bootstrap HOST:PORT] [--topic NAME]";

    public static void main(String[] args) throws Exception {
        Cli.run("reference", USAGE, args, ReferencePublisher::run);
    }

    static void run(Cli cli) throws Exception {
        if (!cli.hasNext() || !cli.next().equals("publish")) {
            throw new Cli.UsageError("the only command is publish");
        }
        String dirArg = null;
        String bootstrap = "127.0.0.1:9092";
        String topic = "cemsflow.reference";
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--bootstrap" -> bootstrap = cli.value();
                case "--topic" -> topic = cli.value();
                default -> dirArg = cli.single(dirArg);
            }
        }
        Path dir = Path.of(Cli.required(dirArg, "DIR"));
        ReferenceData ref;
        try {
            ref = ReferenceData.load(dir);
        } catch (ReferenceException e) {
            throw new Cli.UsageError(e.getMessage());
        }
        int removed = publish(ref, bootstrap, topic);
        System.err.printf("reference: published %d devices, %d limits and %d permits of %s to %s (%d taken out)%n",
                ref.devices().size(), ref.limits().size(), ref.permits().size(), dir, topic, removed);
    }

    /**
     * Publishes the directory as the whole reference: every row's record, a tombstone for every key
     * the topic holds that the directory no longer has (a device, limit or permit taken out), then
     * the snapshot marker.
     *
     * @return how many tombstones were sent
     */
    public static int publish(ReferenceData ref, String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        Set<String> before = liveKeys(bootstrap, topic);
        List<Map.Entry<String, String>> records = ReferenceTopic.records(ref, System.currentTimeMillis());
        Set<String> now = new HashSet<>();
        records.forEach(r -> now.add(r.getKey()));
        int tombstones = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, String> r : records) {
                if (r.getKey().equals(ReferenceTopic.SNAPSHOT_KEY)) {
                    for (String gone : before) {
                        if (!now.contains(gone)) {
                            producer.send(new ProducerRecord<>(topic, gone.getBytes(StandardCharsets.UTF_8), null)).get();
                            tombstones++;
                        }
                    }
                }
                producer.send(new ProducerRecord<>(topic, r.getKey().getBytes(StandardCharsets.UTF_8),
                        r.getValue().getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        return tombstones;
    }

    /** The keys whose latest record on the topic is not a tombstone. */
    static Set<String> liveKeys(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        Map<String, Boolean> live = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read the reference topic " + topic + " to its end in 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        live.put(new String(r.key(), StandardCharsets.UTF_8), r.value() != null);
                    }
                }
            }
        }
        Set<String> keys = new HashSet<>();
        live.forEach((k, v) -> {
            if (v && !k.equals(ReferenceTopic.SNAPSHOT_KEY)) {
                keys.add(k);
            }
        });
        return keys;
    }
}
