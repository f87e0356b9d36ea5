package org.cemsflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.time.LocalTimes;

/**
 * The two places a report reads from: the tables and views of ClickHouse, or the files of a
 * run-local output directory (with the reference directory of the run, for units, limits and
 * permits). Both fill the same {@link ReportData} for the month {@code [from, to)}.
 */
public final class ReportSources {
    /** The main pollutants whose hourly series the report draws: air particulate, SO2, NOx; water COD, NH3-N, TP, TN. */
    public static final Set<String> MAIN =
            Set.of("a34013", "a21026", "a21002", "w01018", "w21003", "w21011", "w21001");

    private static final Pattern MN = Pattern.compile(";MN=([^;]*);");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSources() {}

    // ------------------------------------------------------------------------------ run-local
    // output

    /**
     * @param dir a run-local output directory (hourly.csv, daily.csv, events.jsonl, orders.csv, leads.csv, rejected.jsonl)
     * @param reference the run's reference directory, or null (then units come from the alerts and no limits are drawn)
     */
    public static ReportData fromDirectory(Path dir, Path reference, long from, long to)
            throws IOException {
        ReportData d = new ReportData();
        ReferenceData ref =
                reference == null ? ReferenceData.empty() : ReferenceData.load(reference);
        Map<String, Device> byPoint = new HashMap<>();
        Map<String, String> unitOfMn = new HashMap<>();
        for (Device dev : ref.devices().values()) {
            unitOfMn.put(dev.mn, dev.unitId);
            if (!dev.isMeter() && dev.pointId != null) {
                byPoint.put(dev.pointId, dev);
                d.pointUnits.put(dev.pointId, dev.unitId);
                if (dev.unitName != null) {
                    d.unitNames.put(dev.unitId, dev.unitName);
                }
            }
        }
        List<ReportData.AlertRow> alerts = alertsOf(dir.resolve("events.jsonl"));
        for (ReportData.AlertRow a : alerts) {
            if (a.pointId() != null && !a.pointId().isEmpty()) {
                d.pointUnits.putIfAbsent(a.pointId(), a.unitId());
            }
            if (a.detectedAt() >= from && a.detectedAt() < to) {
                d.alerts.add(a);
            }
        }
        long yearStart = LocalTimes.yearStart(from);
        means(dir.resolve("hourly.csv"), d, byPoint, ref.limits(), false, from, to, d.hourly);
        means(dir.resolve("daily.csv"), d, byPoint, ref.limits(), true, from, to, d.daily);
        means(dir.resolve("daily.csv"), d, byPoint, ref.limits(), true, yearStart, to, d.yearDaily);
        for (String[] o : csv(dir.resolve("orders.csv"))) {
            d.actions.put(o[0], new ReportData.Action(o[0], o[4], o[6], o[7]));
        }
        for (String[] l : csv(dir.resolve("leads.csv"))) {
            d.actions.put(l[0], new ReportData.Action(l[0], l[4], l[6], ""));
        }
        int year = LocalTimes.yearOf(from);
        for (org.cemsflow.reference.Permit p : ref.permits()) {
            if (p.year == year) {
                d.permits.add(new ReportData.Permit(p.unitId, p.pollutant, p.year, p.permittedKg));
            }
        }
        Path rejected = dir.resolve("rejected.jsonl");
        if (Files.exists(rejected)) {
            try (BufferedReader r = Files.newBufferedReader(rejected, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    JsonNode n = JSON.readTree(line);
                    Matcher m = MN.matcher(n.path("raw").asText(""));
                    String unit = m.find() ? unitOfMn.get(m.group(1)) : null;
                    if (unit != null) {
                        d.reject(unit, n.path("reason").asText(), 1);
                    }
                }
            }
        }
        return d;
    }

    private static void means(
            Path file,
            ReportData d,
            Map<String, Device> byPoint,
            List<Limit> limits,
            boolean daily,
            long from,
            long to,
            List<ReportData.Mean> into)
            throws IOException {
        for (String[] f : csv(file)) {
            // mn,point_id,pollutant,period_start,avg,min,max,zs_avg,coverage_min,valid,emission_kg,volume_m3
            long t = LocalTimes.parseIso(f[3]);
            if (t < from || t >= to) {
                continue;
            }
            String unit = d.pointUnits.get(f[1]);
            Device dev = byPoint.get(f[1]);
            Double avg = number(f[4]);
            Double zs = number(f[7]);
            Double compared =
                    dev != null ? (dev.o2Ref != null ? zs : avg) : (zs != null ? zs : avg);
            into.add(
                    new ReportData.Mean(
                            unit,
                            f[1],
                            f[2],
                            t,
                            compared,
                            Boolean.parseBoolean(f[9]),
                            limitInForce(limits, f[1], f[2], daily, t),
                            number(f[10])));
        }
    }

    /** The limit of a point and code with the latest valid_from at or before {@code t}, or null. */
    static Double limitInForce(
            List<Limit> limits, String point, String pollutant, boolean daily, long t) {
        Limit best = null;
        for (Limit l : limits) {
            if (l.pointId.equals(point)
                    && l.pollutant.equals(pollutant)
                    && l.daily() == daily
                    && (l.validFrom == null || l.validFrom <= t)
                    && (best == null
                            || (l.validFrom == null ? Long.MIN_VALUE : l.validFrom)
                                    > (best.validFrom == null ? Long.MIN_VALUE : best.validFrom))) {
                best = l;
            }
        }
        return best == null ? null : best.limit;
    }

    /** The alerts of a run, each in the state its last event left it. */
    static List<ReportData.AlertRow> alertsOf(Path events) throws IOException {
        Map<String, ReportData.AlertRow> latest = new java.util.LinkedHashMap<>();
        if (!Files.exists(events)) {
            return List.of();
        }
        try (BufferedReader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode e = JSON.readTree(line);
                String event = e.path("event").asText();
                if (!Set.of("opened", "updated", "retracted", "reopened").contains(event)) {
                    continue; // an order's or lead's event: the alert itself did not change
                }
                JsonNode a = e.path("alert");
                latest.put(
                        a.path("alert_id").asText(),
                        new ReportData.AlertRow(
                                a.path("alert_id").asText(),
                                a.path("type").asText(),
                                a.path("channel").asText("order"),
                                a.path("unit_id").asText(""),
                                a.path("point_id").asText(""),
                                a.path("pollutant").asText(""),
                                LocalTimes.parseIso(a.path("window_start").asText()),
                                LocalTimes.parseIso(a.path("window_end").asText()),
                                a.hasNonNull("value") ? a.get("value").asDouble() : null,
                                a.hasNonNull("limit") ? a.get("limit").asDouble() : null,
                                LocalTimes.parseIso(a.path("detected_at").asText()),
                                event.equals("retracted")));
            }
        }
        return new ArrayList<>(latest.values());
    }

    private static List<String[]> csv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty()) {
                    rows.add(line.split(",", -1));
                }
            }
        }
        return rows;
    }

    private static Double number(String s) {
        return s == null || s.isEmpty() || s.equals("\\N") ? null : Double.valueOf(s);
    }

    // ------------------------------------------------------------------------------ ClickHouse

    /** @param url the HTTP interface, e.g. http://127.0.0.1:8123 (credentials from CEMSFLOW_CLICKHOUSE_USER / _PASSWORD) */
    public static ReportData fromClickHouse(String url, long from, long to)
            throws IOException, InterruptedException {
        ClickHouse ch = new ClickHouse(url);
        ReportData d = new ReportData();
        String month =
                "toDateTime(" + from / 1000 + ") AND period_start < toDateTime(" + to / 1000 + ")";
        for (String[] u : ch.rows("SELECT unit_id, unit_name FROM cemsflow.dim_units FINAL")) {
            d.unitNames.put(u[0], u[1]);
        }
        Map<String, String> unitOfMn = new HashMap<>();
        for (String[] p :
                ch.rows(
                        "SELECT point_id, unit_id, mn FROM cemsflow.dim_points FINAL WHERE removed = 0")) {
            d.pointUnits.put(p[0], p[1]);
            unitOfMn.put(p[2], p[1]);
        }
        String cols =
                "SELECT unit_id, point_id, pollutant, toUnixTimestamp(period_start), compared_mean, valid, limit_value, "
                        + "emission_kg FROM ";
        for (String[] r :
                ch.rows(cols + "cemsflow.v_hourly_means WHERE period_start >= " + month)) {
            d.hourly.add(mean(r));
        }
        for (String[] r : ch.rows(cols + "cemsflow.v_daily_means WHERE period_start >= " + month)) {
            d.daily.add(mean(r));
        }
        long yearStart = LocalTimes.yearStart(from);
        for (String[] r :
                ch.rows(
                        "SELECT unit_id, point_id, pollutant, toUnixTimestamp(period_start), NULL, valid, NULL, "
                                + "emission_kg FROM cemsflow.daily_means FINAL WHERE period_start >= toDateTime("
                                + yearStart / 1000
                                + ") AND period_start < toDateTime("
                                + to / 1000
                                + ")")) {
            d.yearDaily.add(mean(r));
        }
        for (String[] a :
                ch.rows(
                        "SELECT alert_id, type, toString(channel), unit_id, point_id, pollutant, "
                                + "toUnixTimestamp(window_start), toUnixTimestamp(window_end), value, limit_value, toUnixTimestamp(detected_at), "
                                + "toString(state) FROM cemsflow.alerts FINAL WHERE detected_at >= toDateTime("
                                + from / 1000
                                + ") AND detected_at < toDateTime("
                                + to / 1000
                                + ")")) {
            d.alerts.add(
                    new ReportData.AlertRow(
                            a[0],
                            a[1],
                            a[2],
                            a[3],
                            a[4],
                            a[5],
                            Long.parseLong(a[6]) * 1000,
                            Long.parseLong(a[7]) * 1000,
                            number(a[8]),
                            number(a[9]),
                            Long.parseLong(a[10]) * 1000,
                            a[11].equals("RETRACTED")));
        }
        for (String[] o :
                ch.rows(
                        "SELECT alert_id, toString(state), verdict, escalation_level FROM cemsflow.orders FINAL")) {
            d.actions.put(o[0], new ReportData.Action(o[0], o[1], o[2], o[3]));
        }
        for (String[] l :
                ch.rows("SELECT alert_id, toString(state), verdict FROM cemsflow.leads FINAL")) {
            d.actions.put(l[0], new ReportData.Action(l[0], l[1], l[2], ""));
        }
        for (String[] p :
                ch.rows(
                        "SELECT unit_id, pollutant, year, permitted_kg FROM cemsflow.dim_permits FINAL "
                                + "WHERE removed = 0 AND year = "
                                + LocalTimes.yearOf(from))) {
            d.permits.add(
                    new ReportData.Permit(
                            p[0], p[1], Integer.parseInt(p[2]), Double.parseDouble(p[3])));
        }
        String[] reasons = {
            "BAD_LENGTH",
            "BAD_CRC",
            "UNKNOWN_DEVICE",
            "BAD_PASSWORD",
            "BAD_TIMESTAMP",
            "BAD_VALUE",
            "LATE",
            "NO_KEY",
            "INCOMPLETE"
        };
        StringBuilder sums = new StringBuilder("SELECT mn");
        for (String r : reasons) {
            sums.append(", sum(rejected_").append(r.toLowerCase(java.util.Locale.ROOT)).append(')');
        }
        sums.append(" FROM cemsflow.data_quality FINAL WHERE day >= toDate(toDateTime(")
                .append(from / 1000)
                .append(")) AND day < toDate(toDateTime(")
                .append(to / 1000)
                .append(")) GROUP BY mn");
        for (String[] q : ch.rows(sums.toString())) {
            String unit = unitOfMn.get(q[0]);
            for (int i = 0; unit != null && i < reasons.length; i++) {
                long n = Long.parseLong(q[i + 1]);
                if (n > 0) {
                    d.reject(unit, reasons[i], n);
                }
            }
        }
        return d;
    }

    private static ReportData.Mean mean(String[] r) {
        return new ReportData.Mean(
                r[0],
                r[1],
                r[2],
                Long.parseLong(r[3]) * 1000,
                number(r[4]),
                r[5].equals("1"),
                number(r[6]),
                number(r[7]));
    }

    /** The HTTP interface, TSV out; ClickHouse converts times with the server's zone, so times are epoch seconds. */
    private record ClickHouse(String url) {
        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        List<String[]> rows(String sql) throws IOException, InterruptedException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(url.endsWith("/") ? url : url + "/"))
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            sql + " FORMAT TabSeparated", StandardCharsets.UTF_8));
            String user = System.getenv("CEMSFLOW_CLICKHOUSE_USER");
            if (user != null && !user.isEmpty()) {
                b.header("X-ClickHouse-User", user);
                b.header(
                        "X-ClickHouse-Key",
                        System.getenv().getOrDefault("CEMSFLOW_CLICKHOUSE_PASSWORD", ""));
            }
            HttpResponse<String> r =
                    CLIENT.send(
                            b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IOException(
                        "ClickHouse answered " + r.statusCode() + ": " + r.body().strip());
            }
            List<String[]> out = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isEmpty()) {
                    String[] f = line.split("\t", -1);
                    for (int i = 0; i < f.length; i++) {
                        f[i] = f[i].replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\");
                    }
                    out.add(f);
                }
            }
            return out;
        }
    }
}
