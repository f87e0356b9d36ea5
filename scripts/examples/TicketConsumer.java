// An example consumer of the cemsflow alert topic, for integrators: it keeps a ticket table, one
// ticket per alert, in a TSV file. It reads with read_committed, decodes Avro single-object values
// with the schema files alone (no generated classes, no registry) or JSON values, ignores an
// event_id it has seen, applies an event only when its sequence is above the ticket's (the alert's
// own events and its order's or lead's events count their sequences apart), saves the
// table and the seen event ids, and only then commits its offsets: a crash in between re-reads
// events it will ignore. Run it from the repository root (the classpath has kafka-clients, Avro and
// Jackson):
//
//   java -cp "$(cat scripts/tools/target/runtime-classpath.txt)" scripts/examples/TicketConsumer.java \
//     --bootstrap 127.0.0.1:9092 --topic cemsflow.alerts --schemas schemas --tickets /tmp/tickets.tsv
//
// Options: --group G (default cemsflow-tickets), --idle-exit SECONDS (stop after that long without
// records; default: run until killed).

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class TicketConsumer {
    /** One row of the ticket table: the alert's latest state as the last applied event left it. */
    record Ticket(String alertId, String type, String channel, String alertState, long alertSequence,
                  String workflowState, long workflowSequence, String pointId, String pollutant, String windowStart,
                  String windowEnd) {
        String tsv() {
            return String.join("\t", alertId, type, channel, alertState, Long.toString(alertSequence), workflowState,
                    Long.toString(workflowSequence), pointId, pollutant, windowStart, windowEnd);
        }

        static Ticket parse(String line) {
            String[] f = line.split("\t", -1);
            return new Ticket(f[0], f[1], f[2], f[3], Long.parseLong(f[4]), f[5], Long.parseLong(f[6]), f[7], f[8], f[9],
                    f[10]);
        }
    }

    /** An event as this consumer needs it, from Avro or JSON. */
    record Event(String eventId, String alertId, String event, long sequence, String type, String channel,
                 String pointId, String pollutant, String windowStart, String windowEnd) {}

    static final String HEADER = "alert_id\ttype\tchannel\talert_state\talert_sequence\tworkflow_state\tworkflow_sequence"
            + "\tpoint_id\tpollutant\twindow_start\twindow_end";
    /** The alert's own events; the others (ANSWERED, OVERDUE, ESCALATED, REVIEWED) are its order's or lead's. */
    static final Set<String> ALERT_EVENTS = Set.of("OPENED", "UPDATED", "RETRACTED", "REOPENED");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--bootstrap", "--topic", "--schemas", "--tickets")) {
            if (!o.containsKey(required)) {
                System.err.println("usage: TicketConsumer --bootstrap H:P --topic T --schemas DIR --tickets FILE"
                        + " [--group G] [--idle-exit SECONDS]  (missing " + required + ")");
                System.exit(2);
            }
        }
        Path tickets = Path.of(o.get("--tickets"));
        Path seenFile = Path.of(o.get("--tickets") + ".seen");
        Map<String, Ticket> table = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        if (Files.exists(tickets)) {
            Files.readAllLines(tickets).stream().skip(1).map(Ticket::parse).forEach(t -> table.put(t.alertId(), t));
        }
        if (Files.exists(seenFile)) {
            seen.addAll(Files.readAllLines(seenFile));
        }

        // the writer schema from the files: alert.avsc first, as alert-event.avsc refers to it
        Schema.Parser parser = new Schema.Parser();
        parser.parse(Path.of(o.get("--schemas"), "alert.avsc").toFile());
        Schema eventSchema = parser.parse(Path.of(o.get("--schemas"), "alert-event.avsc").toFile());
        BinaryMessageDecoder<GenericRecord> avro = new BinaryMessageDecoder<>(GenericData.get(), eventSchema);
        ObjectMapper json = new ObjectMapper();

        Properties p = new Properties();
        p.put("bootstrap.servers", o.get("--bootstrap"));
        p.put("group.id", o.getOrDefault("--group", "cemsflow-tickets"));
        p.put("isolation.level", "read_committed"); // aborted transactions never show
        p.put("enable.auto.commit", "false");       // offsets only after the table is saved
        p.put("auto.offset.reset", "earliest");
        long idleExitMs = o.containsKey("--idle-exit") ? Long.parseLong(o.get("--idle-exit")) * 1000 : Long.MAX_VALUE;
        long applied = 0;
        long ignored = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(o.get("--topic")));
            long lastRecordAt = System.currentTimeMillis();
            while (System.currentTimeMillis() - lastRecordAt < idleExitMs) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                lastRecordAt = System.currentTimeMillis();
                List<String> newlySeen = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Header ct = r.headers().lastHeader("content-type");
                    boolean isJson = ct != null && new String(ct.value(), StandardCharsets.UTF_8).equals("application/json");
                    Event e = isJson ? fromJson(json.readTree(r.value())) : fromAvro(avro.decode(r.value()));
                    if (!seen.add(e.eventId())) {
                        ignored++; // a replay or a restore sent it again
                        continue;
                    }
                    newlySeen.add(e.eventId());
                    Ticket t = table.get(e.alertId());
                    boolean own = ALERT_EVENTS.contains(e.event());
                    if (t != null && e.sequence() <= (own ? t.alertSequence() : t.workflowSequence())) {
                        ignored++; // older than what the ticket shows
                        continue;
                    }
                    table.put(e.alertId(), own
                            ? new Ticket(e.alertId(), e.type(), e.channel(), e.event().equals("RETRACTED") ? "RETRACTED" : "OPEN",
                                    e.sequence(), t == null ? "" : t.workflowState(), t == null ? 0 : t.workflowSequence(),
                                    e.pointId(), e.pollutant(), e.windowStart(), e.windowEnd())
                            : new Ticket(e.alertId(), e.type(), e.channel(), t == null ? "OPEN" : t.alertState(),
                                    t == null ? 0 : t.alertSequence(), e.event(), e.sequence(), e.pointId(), e.pollutant(),
                                    e.windowStart(), e.windowEnd()));
                    applied++;
                }
                save(tickets, table);
                Files.write(seenFile, newlySeen, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                consumer.commitSync();
            }
        }
        System.out.printf("tickets: %d alerts, %d events applied, %d ignored (seen before or older)%n", table.size(),
                applied, ignored);
    }

    static Event fromAvro(GenericRecord r) {
        GenericRecord a = (GenericRecord) r.get("alert");
        return new Event(str(r.get("eventId")), str(r.get("alertId")), str(r.get("event")), ((Number) r.get("sequence")).longValue(),
                str(a.get("type")), a.get("channel") == null ? "ORDER" : str(a.get("channel")), str(a.get("pointId")),
                str(a.get("pollutant")), Long.toString((Long) a.get("windowStart")), Long.toString((Long) a.get("windowEnd")));
    }

    static Event fromJson(JsonNode n) {
        JsonNode a = n.get("alert");
        return new Event(n.get("event_id").asText(), n.get("alert_id").asText(), n.get("event").asText().toUpperCase(),
                n.get("sequence").asLong(), a.get("type").asText(), a.path("channel").asText("order").toUpperCase(),
                text(a, "point_id"), text(a, "pollutant"), a.get("window_start").asText(), a.get("window_end").asText());
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : "";
    }

    /** The table, replaced atomically: a reader never sees half of it. */
    static void save(Path file, Map<String, Ticket> table) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        table.values().forEach(t -> lines.add(t.tsv()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
