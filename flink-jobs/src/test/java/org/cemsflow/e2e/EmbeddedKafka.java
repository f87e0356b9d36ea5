package org.cemsflow.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.sinks.AlertSerialization;

/** A real single-node KRaft broker in the test JVM, configured for exactly-once sinks. */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    public EmbeddedKafka() throws Exception {
        cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        // one broker: every internal topic with one replica, or transactions never
                        // initialise
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "4")
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    public void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(
                            partitions.entrySet().stream()
                                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                                    .toList())
                    .all()
                    .get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Every alert event on a topic (Avro), read to its end as a consumer with that isolation level sees it. */
    public List<AlertEvent> readAlerts(String topic, String isolation) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("isolation.level", isolation);
        List<AlertEvent> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(AlertSerialization.decodeAvro(r.value()));
                }
            }
        }
        return out;
    }
}
