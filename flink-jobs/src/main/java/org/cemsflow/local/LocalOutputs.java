package org.cemsflow.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cemsflow.alerts.AlertJson;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.json.Json;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.reference.Permit;
import org.cemsflow.sinks.ClickHouseTables;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;
import org.cemsflow.time.LocalTimes;

/**
 * The files of the local run contract: CSV with a header, LF, no quoting, rows sorted
 * by their keys, plain decimals with at most 6 places, empty for unknown; JSON lines with
 * ISO-8601 local times with offset.
 */
final class LocalOutputs {
    static final String AGGREGATE_HEADER =
            "mn,point_id,pollutant,period_start,avg,min,max,zs_avg,coverage_min,valid,emission_kg,volume_m3";

    private LocalOutputs() {}

    /** Plain decimal notation, at most 6 decimals; empty for null. */
    static String number(Double d) {
        String s = Json.number(d);
        return s.equals("null") ? "" : s;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Writes an hourly or daily CSV a row at a time (the rows come sorted). */
    static final class AggregateCsv implements AutoCloseable {
        private final BufferedWriter w;

        AggregateCsv(Path file) throws IOException {
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            w.write(AGGREGATE_HEADER);
            w.write('\n');
        }

        void write(Aggregate a) throws IOException {
            w.write(
                    String.join(
                            ",",
                            a.getMn(),
                            text(a.getPointId()),
                            a.getPollutant(),
                            LocalTimes.iso(a.getPeriodStart()),
                            number(a.getAvg()),
                            number(a.getMin()),
                            number(a.getMax()),
                            number(a.getZsAvg()),
                            Integer.toString(a.getCoverageMin()),
                            Boolean.toString(a.getValid()),
                            number(a.getEmissionKg()),
                            number(a.getVolumeM3())));
            w.write('\n');
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    static void writeRejected(BufferedWriter w, RejectedFrame r) {
        try {
            w.write(
                    Json.object()
                            .put("reason", r.getReason())
                            .put("raw", r.getRaw())
                            .put("source", r.getSource())
                            .put("detail", r.getDetail())
                            .toString());
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a line of a side-input file, for its dead letter. */
    static String lineOf(Path file, int lineNo) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).get(lineNo - 1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Each alert's final state: its last case event (opened, updated, retracted, reopened; the
     * order's events do not change the alert); retracted ones are not alerts any more.
     */
    static List<Alert> finalAlerts(List<AlertEvent> events) {
        Map<String, AlertEvent> last = new LinkedHashMap<>();
        for (AlertEvent e : events) {
            if (ClickHouseTables.changesAlert(e)) {
                last.merge(e.getAlertId(), e, (a, b) -> b.getSequence() >= a.getSequence() ? b : a);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (AlertEvent e : last.values()) {
            if (e.getEvent() != AlertEventType.RETRACTED) {
                alerts.add(e.getAlert());
            }
        }
        alerts.sort(
                Comparator.comparingLong(Alert::getWindowStart)
                        .thenComparing(Alert::getType)
                        .thenComparing(a -> text(a.getUnitId()))
                        .thenComparing(a -> text(a.getPointId()))
                        .thenComparing(a -> text(a.getPollutant()))
                        .thenComparing(Alert::getAlertId));
        return alerts;
    }

    static Map<String, Long> alertCounts(List<AlertEvent> events) {
        Map<String, Long> counts = new TreeMap<>();
        finalAlerts(events).forEach(a -> counts.merge(a.getType(), 1L, Long::sum));
        return counts;
    }

    /** alerts.jsonl (final states) and events.jsonl (lifecycle events after OPENED, in event-time order). */
    static void writeAlerts(Path dir, List<AlertEvent> events) throws IOException {
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("alerts.jsonl"), StandardCharsets.UTF_8)) {
            for (Alert a : finalAlerts(events)) {
                w.write(AlertJson.alert(a));
                w.write('\n');
            }
        }
        List<AlertEvent> lifecycle = new ArrayList<>();
        for (AlertEvent e : events) {
            if (e.getEvent() != AlertEventType.OPENED) {
                lifecycle.add(e);
            }
        }
        lifecycle.sort(
                Comparator.comparingLong(AlertEvent::getAt)
                        .thenComparing(AlertEvent::getAlertId)
                        .thenComparingInt(AlertEvent::getSequence));
        try (BufferedWriter w =
                Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            for (AlertEvent e : lifecycle) {
                w.write(AlertJson.event(e));
                w.write('\n');
            }
        }
    }

    static final String ORDERS_HEADER =
            "alert_id,unit_id,opened_at,deadline,state,answered_at,verdict,escalation_level";

    /** orders.csv: each order's final state (its highest version), by alert id. */
    static void writeOrders(Path file, List<Order> snapshots) throws IOException {
        Map<String, Order> last = new TreeMap<>();
        for (Order o : snapshots) {
            last.merge(o.alertId, o, (a, b) -> b.version >= a.version ? b : a);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(ORDERS_HEADER);
            w.write('\n');
            for (Order o : last.values()) {
                w.write(
                        String.join(
                                ",",
                                o.alertId,
                                text(o.unitId),
                                LocalTimes.iso(o.openedAt),
                                LocalTimes.iso(o.deadline),
                                o.state.name(),
                                o.answeredAt == null ? "" : LocalTimes.iso(o.answeredAt),
                                text(o.verdict),
                                text(o.escalationLevel)));
                w.write('\n');
            }
        }
    }

    static final String LEADS_HEADER =
            "alert_id,unit_id,type,opened_at,state,reviewed_at,verdict,by";

    /** leads.csv: each lead in its final state, by alert id. */
    static void writeLeads(Path file, List<Lead> snapshots) throws IOException {
        Map<String, Lead> last = new TreeMap<>();
        for (Lead l : snapshots) {
            last.merge(l.alertId, l, (a, b) -> b.version >= a.version ? b : a);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(LEADS_HEADER);
            w.write('\n');
            for (Lead l : last.values()) {
                w.write(
                        String.join(
                                ",",
                                l.alertId,
                                text(l.unitId),
                                l.type,
                                LocalTimes.iso(l.openedAt),
                                l.state.name(),
                                l.reviewedAt == null ? "" : LocalTimes.iso(l.reviewedAt),
                                text(l.verdict),
                                text(l.by)));
                w.write('\n');
            }
        }
    }

    static final String QUOTA_HEADER =
            "unit_id,pollutant,year,emitted_kg,substituted_kg,permitted_kg,ratio";

    /**
     * quota.csv: per unit, pollutant and year, the year to date at the end of the input: one row per
     * permit (its unit, pollutant and year, emitted or not) and per unit, pollutant and year that
     * emitted without one. The permit is the one in force at T_end (or at the year's end).
     */
    static void writeQuota(
            Path file, List<QuotaUsage> usage, List<Permit> permits, long eventTimeEnd)
            throws IOException {
        Map<String, QuotaUsage> last = new TreeMap<>();
        for (QuotaUsage u : usage) {
            last.merge(
                    u.unitId + "," + u.pollutant + "," + u.year,
                    u,
                    (a, b) -> b.version >= a.version ? b : a);
        }
        Map<String, Permit> inForce = new TreeMap<>();
        for (Permit p : permits) {
            String key = p.unitId + "," + p.pollutant + "," + p.year;
            Permit cur = inForce.get(key);
            boolean applies = p.validFrom == null || p.validFrom <= eventTimeEnd;
            if (applies
                    && (cur == null
                            || (cur.validFrom == null ? Long.MIN_VALUE : cur.validFrom)
                                    <= (p.validFrom == null ? Long.MIN_VALUE : p.validFrom))) {
                inForce.put(key, p);
            } else if (cur == null && !applies) {
                inForce.putIfAbsent(key, p);
            }
        }
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(last.keySet());
        keys.addAll(inForce.keySet());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(QUOTA_HEADER);
            w.write('\n');
            for (String key : keys) {
                QuotaUsage u = last.get(key);
                Permit p = inForce.get(key);
                double emitted = u == null ? 0 : u.ytdEmittedKg;
                double substituted = u == null ? 0 : u.ytdSubstitutedKg;
                Double permitted = p == null ? null : p.permittedKg;
                Double ratio = permitted == null || permitted <= 0 ? null : emitted / permitted;
                w.write(
                        String.join(
                                ",",
                                key,
                                number(emitted),
                                number(substituted),
                                number(permitted),
                                number(ratio)));
                w.write('\n');
            }
        }
    }

    static void writeSummary(Path file, LocalIngest.Counts c, List<AlertEvent> events)
            throws IOException {
        StringBuilder rejected = new StringBuilder("{");
        c.rejected.forEach(
                (k, v) ->
                        rejected.append(rejected.length() > 1 ? "," : "")
                                .append(Json.string(k))
                                .append(':')
                                .append(v));
        rejected.append('}');
        StringBuilder alerts = new StringBuilder("{");
        alertCounts(events)
                .forEach(
                        (k, v) ->
                                alerts.append(alerts.length() > 1 ? "," : "")
                                        .append(Json.string(k))
                                        .append(':')
                                        .append(v));
        alerts.append('}');
        var json =
                Json.object()
                        .put("lines", c.lines)
                        .put("empty_lines", c.emptyLines)
                        .put("accepted", c.accepted)
                        .put("non_data_frames", c.nonDataFrames)
                        .put("duplicates", c.duplicates)
                        .raw("rejected", rejected.toString())
                        .put("readings", c.readings)
                        .raw("alerts", alerts.toString());
        if (c.joinedParts > 0) {
            json.put(
                    "joined_parts",
                    c.joinedParts); // only with split packets: earlier summaries keep their form
        }
        Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
    }
}
