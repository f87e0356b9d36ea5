package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.local.LocalRun;
import org.cemsflow.ops.ParityScenario;
import org.cemsflow.sinks.AlertSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example consumer of scripts/examples, run as an integrator would run it, against a real
 * broker: the alert events of a scenario, written twice in committed transactions (a replay) with
 * an aborted transaction between, make one ticket per alert in the states of its last events; the
 * aborted alert never shows; a second run changes nothing.
 */
class TicketConsumerIT {
    static final String TOPIC = "tickets-" + UUID.randomUUID().toString().substring(0, 8);
    static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(Map.of(TOPIC, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void theExampleConsumerKeepsOneTicketPerAlertIdempotently(@TempDir Path tmp) throws Exception {
        ParityScenario scenario = new ParityScenario(3, 4, 11, "T");
        scenario.write(tmp.resolve("in"));
        Path in = tmp.resolve("in");
        List<AlertEvent> events =
                LocalRun.run(
                                new LocalRun.Options(
                                        List.of(in.resolve("frames.h212").toString()),
                                        in.resolve("reference"),
                                        false,
                                        tmp.resolve("out"),
                                        Map.of(),
                                        in.resolve("marks.jsonl"),
                                        in.resolve("feedback.jsonl"),
                                        in.resolve("substitutes.jsonl"),
                                        in.resolve("reviews.jsonl")))
                        .alertEvents();
        assertTrue(events.size() > 20, "events: " + events.size());
        // what a ticket system must end with: per alert, the state of its own last event and of its
        // order's or lead's last event (the two count their sequences apart)
        Map<String, String> alertState = new LinkedHashMap<>();
        Map<String, String> workflowState = new LinkedHashMap<>();
        for (AlertEvent e : events) {
            switch (e.getEvent()) {
                case OPENED, UPDATED, REOPENED ->
                        alertState.put(e.getAlertId(), "OPEN\t" + e.getSequence());
                case RETRACTED -> alertState.put(e.getAlertId(), "RETRACTED\t" + e.getSequence());
                default ->
                        workflowState.put(
                                e.getAlertId(), e.getEvent().name() + "\t" + e.getSequence());
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        alertState.forEach(
                (id, s) ->
                        expected.add(id + "\t" + s + "\t" + workflowState.getOrDefault(id, "\t0")));
        assertTrue(
                workflowState.size() > 3,
                "the scenario answers, lets orders run overdue and reviews leads");

        AlertSerialization avro = new AlertSerialization(TOPIC, "avro");
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("transactional.id", "tickets-it");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (AlertEvent e : events) {
                producer.send(avro.serialize(e, null, null));
            }
            producer.commitTransaction();
            producer.beginTransaction(); // a job attempt that failed before its checkpoint: aborted
            AlertEvent ghost =
                    AlertEvent.newBuilder(events.get(0))
                            .setEventId("ghost-event")
                            .setAlertId("ghost-alert")
                            .build();
            producer.send(avro.serialize(ghost, null, null)).get();
            producer.abortTransaction();
            producer.beginTransaction(); // a replay: the same events again
            for (AlertEvent e : events) {
                producer.send(avro.serialize(e, null, null));
            }
            producer.commitTransaction();
        }

        Path tickets = tmp.resolve("tickets.tsv");
        String first = consume(tickets);
        assertTrue(
                first.contains(events.size() + " events applied, " + events.size() + " ignored"),
                first);
        List<String> rows = Files.readAllLines(tickets);
        List<String> got = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t", -1);
            got.add(f[0] + "\t" + f[3] + "\t" + f[4] + "\t" + f[5] + "\t" + f[6]);
        }
        assertEquals(expected, new TreeSet<>(got), "one ticket per alert, in its last states");
        assertTrue(
                rows.stream().noneMatch(r -> r.startsWith("ghost")),
                "an aborted transaction never shows");

        String again = consume(tickets);
        assertTrue(
                again.contains("0 events applied, 0 ignored"),
                "a second run has nothing new: " + again);
        assertEquals(rows, Files.readAllLines(tickets));
    }

    /** Runs the example as a user would: the java launcher on its source file. */
    private static String consume(Path tickets) throws Exception {
        Path root = org.cemsflow.testkit.Repository.root();
        Process proc =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                root.resolve("scripts/examples/TicketConsumer.java").toString(),
                                "--bootstrap",
                                kafka.bootstrap(),
                                "--topic",
                                TOPIC,
                                "--schemas",
                                root.resolve("schemas").toString(),
                                "--tickets",
                                tickets.toString(),
                                "--group",
                                "tickets-it",
                                "--idle-exit",
                                "5")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "the consumer ends after 5 idle seconds");
        assertEquals(0, proc.exitValue(), out);
        return out;
    }
}
