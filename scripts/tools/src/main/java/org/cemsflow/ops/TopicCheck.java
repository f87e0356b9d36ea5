package org.cemsflow.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.Commands;
import org.cemsflow.sinks.AlertSerialization;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cemsflow topic-check --topic T --kind alerts|alert-states|dead-letters|raw [--out F] [--expect F]}:
 * reads a topic from the beginning to its end with read_committed (what a ticketing system sees),
 * turns each record into one canonical line (alerts: alert_id, event_id, event, type, sequence;
 * dead letters: source, reason; raw: the digest of the frame's bytes, as {@code logger-sim --acked-out}
 * writes the frames it saw acknowledged), and prints the count, the duplicates and, against an
 * expected file, the lines lost and the lines extra. The last line is machine-readable:
 * {@code RESULT records=N distinct=N duplicates=N lost=N extra=N}. Exit status 1 when there are
 * duplicates, lost or extra lines (raw: extra frames, stored but never acknowledged, are allowed).
 */
public final class TopicCheck {
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([A-Z_]+)\"");
    private static final Pattern SOURCE = Pattern.compile("\"source\":\"([^\"]*)\"");

    /** What is checked: each record as a canonical line. */
    enum Kind {
        alerts,
        alert_states,
        dead_letters,
        raw;

        String label() {
            return name().replace('_', '-');
        }
    }

    /** {@code cemsflow topic-check}. */
    @Command(
            name = "topic-check",
            description =
                    "Read a topic to its end (read_committed) and check it: duplicates, and lines lost or extra"
                            + " against --expect. Exit 1 when the check fails.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Option(names = "--topic", required = true, paramLabel = "T", description = "the topic")
        String topic;

        @Option(
                names = "--kind",
                paramLabel = "KIND",
                converter = KindConverter.class,
                description = "alerts, alert-states, dead-letters or raw (default: alerts)")
        Kind kind = Kind.alerts;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "write the distinct lines here, sorted")
        Path out;

        @Option(names = "--expect", paramLabel = "FILE", description = "the lines expected")
        Path expect;

        @Mixin KafkaClientOptions kafka;

        @Override
        public Integer call() throws Exception {
            return check(topic, kind.label(), out, expect, kafka);
        }
    }

    /** Kinds as they are written: alert-states, dead-letters. */
    static final class KindConverter implements CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            for (Kind k : Kind.values()) {
                if (k.label().equals(value)) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of alerts, alert-states, dead-letters, raw");
        }
    }

    private TopicCheck() {}

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    static int check(String topic, String kind, Path out, Path expect, KafkaClientOptions kafka)
            throws Exception {
        Properties p = kafka.client(kafka.settings());
        if (kind.equals("alert-states")) {
            return alertStates(topic, p, out, expect);
        }
        List<String> lines = read(topic, p, kind);
        Set<String> distinct = new HashSet<>(lines);
        Map<String, Integer> byReason = new TreeMap<>();
        for (String l : distinct) {
            String[] f = l.split("\t");
            byReason.merge(
                    kind.equals("alerts") ? f[3] : kind.equals("raw") ? "frame" : f[f.length - 1],
                    1,
                    Integer::sum);
        }
        if (out != null) {
            Files.write(out, distinct.stream().sorted().toList(), StandardCharsets.UTF_8);
        }
        long lost = 0;
        long extra = 0;
        if (expect != null) {
            Set<String> expected =
                    new HashSet<>(Files.readAllLines(expect, StandardCharsets.UTF_8));
            lost = expected.stream().filter(l -> !distinct.contains(l)).count();
            extra = distinct.stream().filter(l -> !expected.contains(l)).count();
        }
        long duplicates = lines.size() - distinct.size();
        System.out.printf(
                "%s (%s, read_committed): %,d records, %,d distinct, by %s %s%n",
                topic,
                kind,
                lines.size(),
                distinct.size(),
                kind.equals("alerts") ? "type" : "reason",
                byReason);
        System.out.printf(
                "RESULT records=%d distinct=%d duplicates=%d lost=%d extra=%d%n",
                lines.size(), distinct.size(), duplicates, lost, extra);
        // raw: frames stored but never acknowledged (a logger that gave up) may be there; nothing
        // else
        return duplicates > 0 || lost > 0 || extra > 0 && !kind.equals("raw")
                ? Commands.CHECK_FAILED
                : Commands.OK;
    }

    /**
     * {@code --kind alert-states}: what a ticketing system keeps of the topic, one line per alert in
     * its final state (the alert's own last OPENED, UPDATED, RETRACTED or REOPENED event, all its
     * fields), plus duplicate events (an event id twice). Two live runs of the same input agree on
     * this, though their intermediate events may differ (revisions come as the watermark moves).
     *
     * @return the exit status
     */
    static int alertStates(String topic, Properties client, Path out, Path expect)
            throws IOException {
        Map<String, String> states = new TreeMap<>();
        Set<String> events = new HashSet<>();
        long records = 0;
        long duplicates = 0;
        for (AlertEvent e : readAlerts(topic, client)) {
            records++;
            if (!events.add(e.getEventId())) {
                duplicates++;
            }
            if (org.cemsflow.sinks.ClickHouseTables.changesAlert(e)) {
                String state =
                        e.getEvent() == org.cemsflow.avro.AlertEventType.RETRACTED
                                ? "RETRACTED"
                                : "OPEN";
                states.put(
                        e.getAlertId(),
                        e.getAlertId()
                                + "\t"
                                + e.getAlert().getType()
                                + "\t"
                                + state
                                + "\t"
                                + org.cemsflow.alerts.AlertJson.alert(e.getAlert()));
            }
        }
        List<String> lines = new ArrayList<>(states.values());
        if (out != null) {
            Files.write(out, lines, StandardCharsets.UTF_8);
        }
        long lost = 0;
        long extra = 0;
        long different = 0;
        if (expect != null) {
            Map<String, String> expected = new HashMap<>();
            for (String l : Files.readAllLines(expect, StandardCharsets.UTF_8)) {
                expected.put(l.substring(0, l.indexOf('\t')), l);
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String mine = states.get(e.getKey());
                if (mine == null) {
                    lost++;
                } else if (!mine.equals(e.getValue())) {
                    different++;
                }
            }
            extra = states.keySet().stream().filter(k -> !expected.containsKey(k)).count();
        }
        Map<String, Integer> byType = new TreeMap<>();
        lines.forEach(l -> byType.merge(l.split("\t")[1], 1, Integer::sum));
        System.out.printf(
                "%s (alert states, read_committed): %,d events, %,d alerts, by type %s%n",
                topic, records, lines.size(), byType);
        System.out.printf(
                "RESULT records=%d distinct=%d duplicates=%d lost=%d extra=%d different=%d%n",
                records, lines.size(), duplicates, lost, extra, different);
        return duplicates > 0 || lost > 0 || extra > 0 || different > 0 ? 1 : 0;
    }

    static List<AlertEvent> readAlerts(String topic, Properties client) throws IOException {
        List<AlertEvent> out = new ArrayList<>();
        for (byte[] v : values(topic, client)) {
            out.add(AlertSerialization.decodeAvro(v));
        }
        return out;
    }

    /** Every record of the topic up to its last committed offset, as canonical lines. */
    static List<String> read(String topic, Properties client, String kind) throws IOException {
        List<String> lines = new ArrayList<>();
        for (byte[] v : values(topic, client)) {
            lines.add(line(v, kind));
        }
        return lines;
    }

    /** The values of the topic's records up to its last committed offset, partition by partition in offset order. */
    static List<byte[]> values(String topic, Properties client) throws IOException {
        Properties p = new Properties();
        p.putAll(client);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.partition.fetch.bytes", Integer.toString(2 * 1024 * 1024));
        List<byte[]> lines = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
            long deadline = System.currentTimeMillis() + 120_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(
                            "topic " + topic + " could not be read to its end in 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    lines.add(r.value());
                }
            }
        }
        return lines;
    }

    static String line(byte[] v, String kind) throws IOException {
        if (kind.equals("raw")) {
            return LoggerSim.digest(v);
        }
        if (kind.equals("alerts")) {
            if (v.length > 0 && v[0] == '{') {
                String json = new String(v, StandardCharsets.UTF_8);
                return field(json, "alert_id")
                        + "\t"
                        + field(json, "event_id")
                        + "\t"
                        + field(json, "event").toUpperCase(java.util.Locale.ROOT)
                        + "\t"
                        + field(json, "type")
                        + "\t"
                        + field(json, "sequence");
            }
            AlertEvent e = AlertSerialization.decodeAvro(v);
            return e.getAlertId()
                    + "\t"
                    + e.getEventId()
                    + "\t"
                    + e.getEvent()
                    + "\t"
                    + e.getAlert().getType()
                    + "\t"
                    + e.getSequence();
        }
        String json = new String(v, StandardCharsets.UTF_8);
        Matcher s = SOURCE.matcher(json);
        Matcher reason = REASON.matcher(json);
        return (s.find() ? s.group(1) : "?") + "\t" + (reason.find() ? reason.group(1) : "?");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
