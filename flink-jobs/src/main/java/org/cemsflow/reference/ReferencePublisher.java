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
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.config.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/reference publish DIR [--bootstrap HOST:PORT] [--topic NAME]}: validates a
 * reference directory (a malformed row stops here, naming file, line and column) and publishes it
 * to the compacted reference topic as the whole reference: rows taken out of the directory since
 * the last publication become tombstones, and the snapshot marker comes last.
 */
public final class ReferencePublisher {
    private ReferencePublisher() {}

    /** {@code reference publish}. */
    @Command(
            name = "publish",
            description =
                    "Publish a reference directory to the compacted reference topic (removed records as tombstones).")
    public static final class Publish implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Parameters(
                paramLabel = "DIR",
                description = "points.csv, limits.csv, permits.csv, meters.csv")
        Path dir;

        @Option(
                names = "--bootstrap",
                paramLabel = "HOST:PORT",
                description = "Kafka (default: 127.0.0.1:9092)")
        String bootstrap = "127.0.0.1:9092";

        @Option(
                names = "--topic",
                paramLabel = "NAME",
                description = "the topic (default: cemsflow.reference)")
        String topic = "cemsflow.reference";

        @Override
        public Integer call() throws Exception {
            ReferenceData ref = ReferenceData.load(dir);
            int removed = publish(ref, bootstrap, topic);
            System.err.printf(
                    "reference: published %d devices, %d limits and %d permits of %s to %s (%d taken out)%n",
                    ref.devices().size(),
                    ref.limits().size(),
                    ref.permits().size(),
                    dir,
                    topic,
                    removed);
            return Commands.OK;
        }
    }

    /** {@code reference}: its one subcommand is publish. */
    @Command(name = "reference", subcommands = Publish.class, description = "The reference topic.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Override
        public Integer call() {
            throw new Commands.UsageError("the only command is publish");
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
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
        List<Map.Entry<String, String>> records =
                ReferenceTopic.records(ref, System.currentTimeMillis());
        Set<String> now = new HashSet<>();
        records.forEach(r -> now.add(r.getKey()));
        int tombstones = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, String> r : records) {
                if (r.getKey().equals(ReferenceTopic.SNAPSHOT_KEY)) {
                    for (String gone : before) {
                        if (!now.contains(gone)) {
                            producer.send(
                                            new ProducerRecord<>(
                                                    topic,
                                                    gone.getBytes(StandardCharsets.UTF_8),
                                                    null))
                                    .get();
                            tombstones++;
                        }
                    }
                }
                producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        r.getKey().getBytes(StandardCharsets.UTF_8),
                                        r.getValue().getBytes(StandardCharsets.UTF_8)))
                        .get();
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
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
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
                    throw new IllegalStateException(
                            "could not read the reference topic " + topic + " to its end in 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        live.put(new String(r.key(), StandardCharsets.UTF_8), r.value() != null);
                    }
                }
            }
        }
        Set<String> keys = new HashSet<>();
        live.forEach(
                (k, v) -> {
                    if (v && !k.equals(ReferenceTopic.SNAPSHOT_KEY)) {
                        keys.add(k);
                    }
                });
        return keys;
    }
}
