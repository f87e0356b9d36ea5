package org.cemsflow.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.config.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cemsflow replay-schedule SCHEDULE --topic KIND=NAME... [--speed EVENT_HOURS_PER_SECOND]
 * [--bootstrap HOST:PORT]}: produces a scenario's inputs (a {@code schedule.tsv} of
 * {@link ParityScenario}) as a live platform receives them: each at its arrival, event time
 * compressed into wall time, frames, marks, answers and substitutes interleaved as they would
 * arrive, keyed (one device stays in order on one partition). Idempotent producer, acks=all.
 */
public final class ScheduleReplay {
    private ScheduleReplay() {}

    /** {@code cemsflow replay-schedule}. */
    @Command(
            name = "replay-schedule",
            description =
                    "Send a scenario's schedule to its topics, paced as it would arrive live.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Parameters(paramLabel = "SCHEDULE", description = "the scenario's schedule file")
        Path schedule;

        @Option(
                names = "--topic",
                paramLabel = "KIND=NAME",
                required = true,
                description = "the topic of each kind of input (repeatable)")
        Map<String, String> topics = new HashMap<>();

        @Option(
                names = "--speed",
                paramLabel = "EVENT_HOURS_PER_SECOND",
                description = "pace (default: 2)")
        double speed = 2;

        @Option(
                names = "--bootstrap",
                paramLabel = "HOST:PORT",
                description = "Kafka (default: 127.0.0.1:9092)")
        String bootstrap = "127.0.0.1:9092";

        @Override
        public Integer call() throws Exception {
            run(schedule, topics, speed, bootstrap);
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    static void run(Path schedule, Map<String, String> topics, double speed, String bootstrap)
            throws Exception {
        List<ParityScenario.Input> inputs = read(schedule);
        for (ParityScenario.Input in : inputs) {
            if (!topics.containsKey(in.kind())) {
                throw new Commands.UsageError(
                        "the schedule has "
                                + in.kind()
                                + " inputs: give --topic "
                                + in.kind()
                                + "=NAME");
            }
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        long started = System.currentTimeMillis();
        replay(inputs, topics, p, (long) (speed * 3_600_000L));
        System.err.printf(
                "replay-schedule: %,d inputs in %.1f s%n",
                inputs.size(), (System.currentTimeMillis() - started) / 1000.0);
    }

    public static List<ParityScenario.Input> read(Path schedule) throws IOException {
        List<ParityScenario.Input> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(schedule, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 4);
                out.add(
                        new ParityScenario.Input(
                                Long.parseLong(f[0]), out.size(), f[1], f[2], f[3]));
            }
        }
        return out;
    }

    /** Produces every input at its arrival, {@code eventMsPerSecond} of event time per second of wall time. */
    public static void replay(
            List<ParityScenario.Input> inputs,
            Map<String, String> topics,
            Properties client,
            long eventMsPerSecond)
            throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        if (inputs.isEmpty()) {
            return;
        }
        long first = inputs.get(0).arrival();
        long started = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ParityScenario.Input in : inputs) {
                long due = started + (in.arrival() - first) * 1000 / eventMsPerSecond;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    producer.flush();
                    Thread.sleep(wait);
                }
                producer.send(
                        new ProducerRecord<>(
                                topics.get(in.kind()),
                                in.key().getBytes(StandardCharsets.UTF_8),
                                in.payload().getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
    }
}
