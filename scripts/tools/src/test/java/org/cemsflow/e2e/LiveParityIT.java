package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cemsflow.CemsflowJob;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.local.LocalRun;
import org.cemsflow.ops.ParityScenario;
import org.cemsflow.ops.ScheduleReplay;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.sinks.ClickHouseTables;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;
import org.cemsflow.testkit.Clusters;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job decides what run-local decides, live: the production wiring
 * ({@link CemsflowJob#build}) reads an unbounded Kafka source while a multi-day scenario of several
 * units ({@link ParityScenario}: exceedances, a quota crossed with a substituted gap, correlation
 * cases, marks, answers in time, late, missing and delayed in transport, devices uploading 1.5 to 3
 * hours late) is produced into the topics at the pace it would arrive, compressed in time. While
 * the job still runs, every decision due before its watermark must equal run-local's on the same
 * input: alerts by id and final state (on the read_committed topic and in ClickHouse), orders by
 * state and escalation level, quota usage, hourly and daily rows.
 */
class LiveParityIT {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "LP" + RUN + "-";

    /** Event time replayed per second of wall time. */
    static final long EVENT_MS_PER_SECOND = 3 * LocalTimes.HOUR_MS;

    static final int UNITS = 4;
    static final int DAYS = 4;

    static EmbeddedKafka kafka;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        kafka.createTopics(
                Map.of(
                        topic("raw"),
                        2,
                        topic("marks"),
                        1,
                        topic("feedback"),
                        1,
                        topic("substitutes"),
                        1,
                        topic("reviews"),
                        1,
                        topic("alerts"),
                        2,
                        topic("dead-letters"),
                        1));
        ClickHouseHttp.migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String topic(String kind) {
        return "lp-" + kind + "-" + RUN;
    }

    static CemsflowSettings settings() {
        return CemsflowSettings.of(
                Map.ofEntries(
                        Map.entry("kafka.bootstrap-servers", kafka.bootstrap()),
                        Map.entry("kafka.topic.raw", topic("raw")),
                        Map.entry("kafka.topic.marks", topic("marks")),
                        Map.entry("kafka.topic.feedback", topic("feedback")),
                        Map.entry("kafka.topic.substitutes", topic("substitutes")),
                        Map.entry("kafka.topic.reviews", topic("reviews")),
                        Map.entry("kafka.topic.alerts", topic("alerts")),
                        Map.entry("kafka.topic.dead-letters", topic("dead-letters")),
                        Map.entry("kafka.transactional-id-prefix", "lp-" + RUN),
                        Map.entry("kafka.group-id", "lp-" + RUN),
                        Map.entry("kafka.starting-offsets", "earliest"),
                        Map.entry("kafka.bounded", "false"),
                        Map.entry("clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/cemsflow"),
                        Map.entry("clickhouse.batch-size", "500"),
                        Map.entry("checkpoint.interval", "PT1S"),
                        // idleness is wall time while the replay compresses event time (3 h a
                        // second): a partition
                        // starved of CPU for a few seconds on a loaded machine must not be taken
                        // for an idle one,
                        // or the others race hours ahead of it (a production job's minute is a
                        // minute)
                        Map.entry("watermark.idleness", "PT10S")));
    }

    @Test
    void theLiveJobDecidesWhatRunLocalDecides(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        ParityScenario scenario = new ParityScenario(UNITS, DAYS, 7, PREFIX);
        Path dir = tmp.resolve("scenario");
        scenario.write(dir);
        LocalRun.Result local =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(dir.resolve("frames.h212").toString()),
                                dir.resolve("reference"),
                                false,
                                tmp.resolve("local"),
                                Map.of(),
                                dir.resolve("marks.jsonl"),
                                dir.resolve("feedback.jsonl"),
                                dir.resolve("substitutes.jsonl"),
                                dir.resolve("reviews.jsonl")));

        // the stack of unit 1 stamps every other record 29 s late: its spacing is 9:31, which
        // rounds to 10 minutes (not 9), so its full hours are covered 60 minutes, in both modes
        // (compared below)
        assertTrue(
                local.hourly().stream()
                        .filter(
                                a ->
                                        a.getMn().equals(PREFIX + "S1")
                                                && a.getPollutant().equals("a21026"))
                        .allMatch(a -> a.getCoverageMin() == 60),
                "coverage of the jittered stack");
        CemsflowSettings settings = settings();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(CemsflowJob.jobConfiguration(settings));
        env.setParallelism(2);
        CemsflowJob.build(env, settings, ReferenceData.load(dir.resolve("reference")));
        JobClient job = env.executeAsync("cemsflow-live-parity");
        try {
            FlinkRest rest =
                    new FlinkRest(
                            URI.create(client.getWebInterfaceURL()), job.getJobID().toString());
            replay(scenario.inputs());
            // event time of the live job ends an hour (the watermark's delay) behind the last
            // record
            long lastRecord =
                    ParityScenario.DAY0
                            + DAYS * LocalTimes.DAY_MS
                            + ParityScenario.TAIL_HOURS * LocalTimes.HOUR_MS
                            - 10 * 60_000L;
            long expected = lastRecord - LocalTimes.HOUR_MS - 1;
            long watermark = waitFor(rest, "Kafka alert topic", expected, Duration.ofSeconds(90));
            long checkpoints = rest.completedCheckpoints();
            long deadline = System.currentTimeMillis() + 60_000;
            while (rest.completedCheckpoints() < checkpoints + 2
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            System.err.printf(
                    "live parity: the job's watermark is %s (the input's last record %s)%n",
                    LocalTimes.iso(watermark), LocalTimes.iso(lastRecord));
            System.err.printf(
                    "live parity: %d restarts, %d checkpoints%n",
                    rest.restarts(), rest.completedCheckpoints());
            everyOperatorAdvances(
                    rest, expected - settings.get(AggregationOptions.ALLOWED_LATENESS).toMillis());
            compare(local, watermark);
        } finally {
            job.cancel().get();
        }
    }

    /** Produces every input at its arrival, event time compressed into wall time (as {@code replay-schedule} does). */
    static void replay(List<ParityScenario.Input> inputs) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrap());
        Map<String, String> topics = new HashMap<>();
        for (String kind : List.of("raw", "marks", "feedback", "substitutes", "reviews")) {
            topics.put(kind, topic(kind));
        }
        ScheduleReplay.replay(inputs, topics, p, EVENT_MS_PER_SECOND);
    }

    static long waitFor(FlinkRest rest, String vertex, long expected, Duration timeout)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long w = Long.MIN_VALUE;
        while (System.currentTimeMillis() < deadline) {
            w = rest.inputWatermark(vertex);
            if (w >= expected) {
                return w;
            }
            Thread.sleep(250);
        }
        everyOperatorAdvances(
                rest, expected - AggregationOptions.ALLOWED_LATENESS.defaultValue().toMillis());
        throw new AssertionError(
                "the live job's watermark stalled at "
                        + (w == Long.MIN_VALUE ? "none" : LocalTimes.iso(w))
                        + ", not "
                        + LocalTimes.iso(expected)
                        + "; operators: "
                        + rest.eventTimes());
    }

    /**
     * No event-time operator of the production graph waits on an input that never emits a
     * watermark: each keyed operator's event time reached the end of the input (less the allowed
     * lateness, where decisions settle). Keyed operators are where event-time state and timers live;
     * the reference parser (keyed by record key) works outside event time, on an input that is
     * always idle.
     */
    static void everyOperatorAdvances(FlinkRest rest, long atLeast) throws Exception {
        List<String> stalled = new ArrayList<>();
        java.util.Set<String> keyed = rest.keyedVertices();
        assertTrue(keyed.size() > 10, "keyed operators: " + keyed);
        for (Map.Entry<String, Long> v : rest.eventTimes().entrySet()) {
            if (keyed.contains(v.getKey())
                    && !v.getKey().startsWith("Parse reference")
                    && v.getValue() < atLeast) {
                stalled.add(
                        v.getKey()
                                + " at "
                                + (v.getValue() == Long.MIN_VALUE
                                        ? "no watermark"
                                        : LocalTimes.iso(v.getValue())));
            }
        }
        assertEquals(List.of(), stalled, "operators whose event time does not advance live");
    }

    /** The scenario's units (the clock device's unit decides near the end of the input: left out). */
    static boolean ofUnits(String unitId) {
        return unitId != null
                && unitId.startsWith(PREFIX + "unit-")
                && !unitId.endsWith("unit-clock");
    }

    void compare(LocalRun.Result local, long watermark) throws Exception {
        List<String> different = new ArrayList<>();
        int compared = 0;

        // alerts: the final state of each, as the topic (read_committed) says; retracted = not
        // raised
        Map<String, String> liveAlerts = alertStates(readCommitted(topic("alerts")));
        Map<String, String> localAlerts = alertStates(local.alertEvents());
        TreeSet<String> ids = new TreeSet<>(localAlerts.keySet());
        ids.addAll(liveAlerts.keySet());
        for (String id : ids) {
            compared++;
            String a = localAlerts.get(id);
            String b = liveAlerts.get(id);
            if (a == null || !a.equals(b)) {
                different.add("alert " + id + "\n  run-local: " + a + "\n  live:      " + b);
            }
        }
        int alerts = ids.size();
        List<String> missing = ids.stream().filter(id -> !liveAlerts.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            // were they written and never committed, or never written?
            Map<String, List<String>> uncommitted = new TreeMap<>();
            for (AlertEvent e : read(topic("alerts"), "read_uncommitted")) {
                if (missing.contains(e.getAlertId())) {
                    uncommitted
                            .computeIfAbsent(e.getAlertId(), k -> new ArrayList<>())
                            .add(e.getEvent() + "@" + e.getSequence());
                }
            }
            System.err.println(
                    "live parity: alerts not on the committed topic, as read uncommitted: "
                            + uncommitted);
        }

        // ClickHouse keeps the same final states
        Map<String, String> chAlerts = new TreeMap<>();
        for (String row :
                ClickHouseHttp.rows(
                        "SELECT alert_id, type, toUnixTimestamp(window_start), "
                                + "toUnixTimestamp(window_end), round(value, 6), toUnixTimestamp(detected_at), toUnixTimestamp(deadline), "
                                + "state FROM cemsflow.alerts FINAL WHERE unit_id LIKE '"
                                + PREFIX
                                + "%' AND unit_id != '"
                                + PREFIX
                                + "unit-clock'")) {
            String[] f = row.split("\t");
            if (!f[7].equals("RETRACTED")) {
                chAlerts.put(f[0], row.substring(f[0].length() + 1, row.lastIndexOf('\t')));
            }
        }
        Map<String, String> localRows = new TreeMap<>();
        for (AlertEvent e : finalEvents(local.alertEvents()).values()) {
            var a = e.getAlert();
            localRows.put(
                    a.getAlertId(),
                    String.join(
                            "\t",
                            a.getType(),
                            "" + a.getWindowStart() / 1000,
                            "" + a.getWindowEnd() / 1000,
                            a.getValue() == null ? "\\N" : round(a.getValue()),
                            "" + a.getDetectedAt() / 1000,
                            "" + a.getDeadline() / 1000));
        }
        for (String id : new TreeSet<>(localRows.keySet())) {
            if (!localRows.get(id).equals(chAlerts.get(id))) {
                different.add(
                        "ClickHouse alert "
                                + id
                                + ": run-local "
                                + localRows.get(id)
                                + ", live "
                                + chAlerts.get(id));
            }
        }
        if (chAlerts.size() != localRows.size()) {
            different.add(
                    "ClickHouse has "
                            + chAlerts.size()
                            + " alerts of the units, run-local "
                            + localRows.size());
        }

        // orders: state, answer and escalation level
        Map<String, Order> localOrders = new TreeMap<>();
        for (Order o : local.orders()) {
            if (ofUnits(o.unitId)) {
                localOrders.merge(o.alertId, o, (x, y) -> y.version >= x.version ? y : x);
            }
        }
        Map<String, String> liveOrders = new TreeMap<>();
        for (String row :
                ClickHouseHttp.rows(
                        "SELECT alert_id, unit_id, toUnixTimestamp(opened_at), "
                                + "toUnixTimestamp(deadline), state, toUnixTimestamp(answered_at), verdict, escalation_level "
                                + "FROM cemsflow.orders FINAL WHERE unit_id LIKE '"
                                + PREFIX
                                + "unit-%' AND unit_id != '"
                                + PREFIX
                                + "unit-clock'")) {
            liveOrders.put(row.split("\t")[0], row);
        }
        for (Order o : localOrders.values()) {
            compared++;
            String expected =
                    String.join(
                            "\t",
                            o.alertId,
                            o.unitId,
                            "" + o.openedAt / 1000,
                            "" + o.deadline / 1000,
                            o.state.name(),
                            o.answeredAt == null ? "\\N" : "" + o.answeredAt / 1000,
                            o.verdict == null ? "" : o.verdict,
                            o.escalationLevel == null ? "" : o.escalationLevel);
            if (!expected.equals(liveOrders.get(o.alertId))) {
                different.add(
                        "order "
                                + o.alertId
                                + ": run-local "
                                + expected
                                + ", live "
                                + liveOrders.get(o.alertId));
            }
        }
        if (liveOrders.size() != localOrders.size()) {
            different.add(
                    "orders: run-local " + localOrders.size() + ", live " + liveOrders.size());
        }

        // leads: state and review
        Map<String, Lead> localLeads = new TreeMap<>();
        for (Lead l : local.leads()) {
            if (ofUnits(l.unitId)) {
                localLeads.merge(l.alertId, l, (x, y) -> y.version >= x.version ? y : x);
            }
        }
        Map<String, String> liveLeads = new TreeMap<>();
        for (String row :
                ClickHouseHttp.rows(
                        "SELECT alert_id, unit_id, type, toUnixTimestamp(opened_at), state, "
                                + "toUnixTimestamp(reviewed_at), verdict, reviewed_by FROM cemsflow.leads FINAL WHERE unit_id LIKE '"
                                + PREFIX
                                + "unit-%' AND unit_id != '"
                                + PREFIX
                                + "unit-clock'")) {
            liveLeads.put(row.split("\t")[0], row);
        }
        for (Lead l : localLeads.values()) {
            compared++;
            String expected =
                    String.join(
                            "\t",
                            l.alertId,
                            l.unitId,
                            l.type,
                            "" + l.openedAt / 1000,
                            l.state.name(),
                            l.reviewedAt == null ? "\\N" : "" + l.reviewedAt / 1000,
                            l.verdict == null ? "" : l.verdict,
                            l.by == null ? "" : l.by);
            if (!expected.equals(liveLeads.get(l.alertId))) {
                different.add(
                        "lead "
                                + l.alertId
                                + ": run-local "
                                + expected
                                + ", live "
                                + liveLeads.get(l.alertId));
            }
        }
        if (liveLeads.size() != localLeads.size()) {
            different.add("leads: run-local " + localLeads.size() + ", live " + liveLeads.size());
        }
        // the guideline's channels: orders are exactly the exceedances; leads were reviewed
        assertTrue(
                localOrders.values().stream()
                        .allMatch(o -> o.alert.getType().startsWith("EXCEEDANCE_")),
                "orders only for exceedances");
        assertTrue(
                localLeads.values().stream().anyMatch(l -> l.state == Lead.State.CONFIRMED)
                        && localLeads.values().stream()
                                .anyMatch(l -> l.state == Lead.State.DISMISSED),
                "reviewed leads");

        // quota usage per unit, pollutant and month
        Map<String, QuotaUsage> localQuota = new TreeMap<>();
        for (QuotaUsage q : local.quota()) {
            if (ofUnits(q.unitId)) {
                localQuota.merge(
                        q.unitId + "|" + q.pollutant + "|" + q.year + "|" + q.month,
                        q,
                        (x, y) -> y.version >= x.version ? y : x);
            }
        }
        Map<String, String[]> liveQuota = new TreeMap<>();
        for (String row :
                ClickHouseHttp.rows(
                        "SELECT unit_id, pollutant, year, month, measured_kg, substituted_kg, "
                                + "ytd_emitted_kg, permitted_kg, ratio FROM cemsflow.quota_usage FINAL WHERE unit_id LIKE '"
                                + PREFIX
                                + "unit-%' AND unit_id != '"
                                + PREFIX
                                + "unit-clock'")) {
            String[] f = row.split("\t");
            liveQuota.put(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3], f);
        }
        for (Map.Entry<String, QuotaUsage> e : localQuota.entrySet()) {
            compared++;
            QuotaUsage q = e.getValue();
            String[] f = liveQuota.get(e.getKey());
            if (f == null
                    || !close(q.measuredKg, f[4])
                    || !close(q.substitutedKg, f[5])
                    || !close(q.ytdEmittedKg, f[6])) {
                different.add(
                        "quota "
                                + e.getKey()
                                + ": run-local measured "
                                + q.measuredKg
                                + " substituted "
                                + q.substitutedKg
                                + " ytd "
                                + q.ytdEmittedKg
                                + ", live "
                                + (f == null ? null : String.join(" ", f)));
            }
        }

        // hourly and daily rows of the units' devices
        int rows =
                compareRows("hourly_means", local.hourly(), different)
                        + compareRows("daily_means", local.daily(), different);
        compared += rows;

        long retracted =
                readCommitted(topic("alerts")).stream()
                        .filter(
                                e ->
                                        e.getEvent() == AlertEventType.RETRACTED
                                                && e.getAlert()
                                                        .getType()
                                                        .equals("FEEDBACK_OVERDUE"))
                        .count();
        System.err.printf(
                "live parity: %d overdue orders answered in time whose answer arrived after the grace, retracted%n",
                retracted);
        System.err.printf(
                "live parity: %d decisions compared (%d alerts, %d orders, %d leads, %d quota months, %d hourly and "
                        + "daily rows), %d equal, %d different%n",
                compared,
                alerts,
                localOrders.size(),
                localLeads.size(),
                localQuota.size(),
                rows,
                compared - different.size(),
                different.size());
        assertTrue(alerts > 50, "the scenario raises alerts: " + alerts);
        assertTrue(
                different.isEmpty(),
                different.size() + " decisions differ:\n" + String.join("\n", different));
    }

    int compareRows(String table, List<Aggregate> local, List<String> different) throws Exception {
        Map<String, String[]> live = new HashMap<>();
        for (String row :
                ClickHouseHttp.rows(
                        "SELECT mn, pollutant, toUnixTimestamp(period_start), avg, min, max, zs_avg, "
                                + "coverage_min, valid, emission_kg, volume_m3 FROM cemsflow."
                                + table
                                + " FINAL WHERE unit_id LIKE '"
                                + PREFIX
                                + "unit-%' AND unit_id != '"
                                + PREFIX
                                + "unit-clock'")) {
            String[] f = row.split("\t");
            live.put(f[0] + "|" + f[1] + "|" + f[2], f);
        }
        int n = 0;
        for (Aggregate a : local) {
            if (!ofUnits(a.getUnitId())) {
                continue;
            }
            n++;
            String key = a.getMn() + "|" + a.getPollutant() + "|" + a.getPeriodStart() / 1000;
            String[] f = live.remove(key);
            boolean same =
                    f != null
                            && close(a.getAvg(), f[3])
                            && close(a.getMin(), f[4])
                            && close(a.getMax(), f[5])
                            && close(a.getZsAvg(), f[6])
                            && f[7].equals("" + a.getCoverageMin())
                            && f[8].equals(a.getValid() ? "1" : "0")
                            && close(a.getEmissionKg(), f[9])
                            && close(a.getVolumeM3(), f[10]);
            if (!same) {
                different.add(
                        table
                                + " "
                                + key
                                + ": run-local avg "
                                + a.getAvg()
                                + " coverage "
                                + a.getCoverageMin()
                                + " valid "
                                + a.getValid()
                                + " kg "
                                + a.getEmissionKg()
                                + ", live "
                                + (f == null ? null : String.join(" ", f)));
            }
        }
        for (String extra : live.keySet()) {
            different.add(table + " " + extra + ": only live");
        }
        return n;
    }

    static boolean close(Double expected, String actual) {
        if (expected == null) {
            return actual.equals("\\N");
        }
        if (actual.equals("\\N")) {
            return false;
        }
        double b = Double.parseDouble(actual);
        return Math.abs(expected - b) <= 1e-9 * Math.max(1, Math.abs(expected));
    }

    static String round(double v) {
        return new java.math.BigDecimal(v)
                .setScale(6, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The last event that changed each alert (not an order's event), in the order they came. */
    static Map<String, AlertEvent> finalEvents(List<AlertEvent> events) {
        Map<String, AlertEvent> last = new TreeMap<>();
        for (AlertEvent e : events) {
            if (ClickHouseTables.changesAlert(e) && ofUnits(e.getAlert().getUnitId())) {
                last.put(e.getAlertId(), e);
            }
        }
        last.values().removeIf(e -> e.getEvent() == AlertEventType.RETRACTED);
        return last;
    }

    static Map<String, String> alertStates(List<AlertEvent> events) {
        Map<String, String> out = new TreeMap<>();
        finalEvents(events).forEach((id, e) -> out.put(id, AlertJson.alert(e.getAlert())));
        return out;
    }

    static List<AlertEvent> readCommitted(String topic) throws Exception {
        return kafka.readAlerts(topic, "read_committed");
    }

    static List<AlertEvent> read(String topic, String isolation) throws Exception {
        return kafka.readAlerts(topic, isolation);
    }
}
