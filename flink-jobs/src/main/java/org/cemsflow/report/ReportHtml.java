package org.cemsflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cemsflow.model.Pollutants;
import org.cemsflow.time.LocalTimes;

/**
 * The report as one self-contained HTML file: ECharts inlined from its webjar (no CDN; it opens
 * offline), the chart options as JSON, and a few lines of script that draw them. Every chart has
 * a stable id ({@code hourly|point|code}, {@code daily|point}, {@code capture|unit},
 * {@code quota|unit|code}, {@code rejections|unit}) and its instance is on
 * {@code window.cemsflowCharts}, so a browser test can read what was drawn. Labels are Chinese
 * with English alongside.
 */
public final class ReportHtml {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MM-dd").withZone(LocalTimes.UTC8);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(LocalTimes.UTC8);

    private ReportHtml() {}

    /** A chart: its id, its title and the ECharts option. */
    record Chart(String id, String title, ObjectNode option) {}

    public static String render(ReportData d, String month, String onlyUnit) throws IOException {
        long from = LocalTimes.monthStart(month);
        long to = LocalTimes.nextMonthStart(month);
        StringBuilder body = new StringBuilder();
        List<Chart> charts = new ArrayList<>();
        List<String> units = d.units();
        if (onlyUnit != null) {
            units = units.contains(onlyUnit) ? List.of(onlyUnit) : List.of();
        }
        body.append("<h1>cemsflow 月度报告 Monthly report ").append(esc(month)).append("</h1>\n");
        if (units.isEmpty()) {
            body.append("<p>本月无数据 No data for this month")
                    .append(onlyUnit == null ? "" : " (unit " + esc(onlyUnit) + ")")
                    .append(".</p>\n");
        }
        for (String unit : units) {
            String name = d.unitNames.getOrDefault(unit, "");
            body.append("<section class=\"unit\"><h2>单位 Unit: ")
                    .append(esc(name.isEmpty() ? unit : name + " (" + unit + ")"))
                    .append("</h2>\n");
            List<Chart> mine = new ArrayList<>();
            TreeSet<String> points = new TreeSet<>();
            d.hourly.stream()
                    .filter(
                            m ->
                                    unit.equals(m.unitId())
                                            && m.pointId() != null
                                            && !m.pointId().isEmpty())
                    .forEach(m -> points.add(m.pointId()));
            for (String point : points) {
                TreeSet<String> codes = new TreeSet<>();
                d.hourly.stream()
                        .filter(
                                m ->
                                        point.equals(m.pointId())
                                                && ReportSources.MAIN.contains(m.pollutant()))
                        .forEach(m -> codes.add(m.pollutant()));
                for (String code : codes) {
                    mine.add(hourly(d, point, code));
                }
                Chart daily = daily(d, point, from, to);
                if (daily != null) {
                    mine.add(daily);
                }
            }
            mine.add(capture(d, unit, points, from, to));
            for (ReportData.Permit p : d.permits) {
                if (p.unitId().equals(unit)) {
                    mine.add(quota(d, p, from, to));
                }
            }
            mine.add(rejections(d, unit));
            for (Chart c : mine) {
                body.append("<div class=\"chart\" id=\"").append(esc(c.id())).append("\"></div>\n");
            }
            charts.addAll(mine);
            body.append(actions(d, unit)).append("</section>\n");
        }
        ArrayNode spec = JSON.createArrayNode();
        for (Chart c : charts) {
            spec.addObject().put("id", c.id()).set("option", c.option());
        }
        String echarts;
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IOException("ECharts is not on the classpath (" + ECHARTS + ")");
            }
            echarts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>cemsflow 月度报告 Monthly report "
                + esc(month)
                + "</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                + ".chart{width:100%;height:320px;margin:12px 0}table{border-collapse:collapse;font-size:13px}"
                + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}section{margin-bottom:40px}</style>\n"
                + "<script>"
                + echarts.replace("</script", "<\\/script")
                + "</script>\n</head><body>\n"
                + body
                + "<script>\nconst REPORT = "
                + JSON.writeValueAsString(spec).replace("</", "<\\/")
                + ";\n"
                + "window.cemsflowCharts = {};\n"
                + "for (const c of REPORT) {\n"
                + "  const chart = echarts.init(document.getElementById(c.id));\n"
                + "  chart.setOption(c.option);\n"
                + "  window.cemsflowCharts[c.id] = chart;\n"
                + "}\nwindow.cemsflowReady = true;\n</script>\n</body></html>\n";
    }

    private static ObjectNode base(String title, String subtitle, boolean timeAxis) {
        ObjectNode o = JSON.createObjectNode();
        // a report is read and printed, not watched: drawn at once (a screenshot never catches a
        // half-drawn chart)
        o.put("animation", false);
        // times are given shifted to UTC+8 and shown as UTC: the axes read the local clock of the
        // regulation
        o.put("useUTC", true);
        o.putObject("title").put("text", title).put("subtext", subtitle == null ? "" : subtitle);
        o.putObject("tooltip").put("trigger", "axis");
        o.putObject("legend").put("top", 40);
        o.putObject("grid").put("top", 80).put("left", 60).put("right", 40);
        o.putObject("xAxis").put("type", timeAxis ? "time" : "category");
        o.putObject("yAxis").put("type", "value");
        o.set("series", JSON.createArrayNode());
        return o;
    }

    private static ObjectNode series(ObjectNode option, String name, String type) {
        ObjectNode s = ((ArrayNode) option.get("series")).addObject();
        s.put("name", name).put("type", type);
        s.set("data", JSON.createArrayNode());
        return s;
    }

    private static void point(ObjectNode series, long t, Double v) {
        ((ArrayNode) series.get("data")).addArray().add(local(t)).add(v);
    }

    /** An instant as the time axis shows it: UTC+8 wall-clock milliseconds, read as UTC ({@code useUTC}). */
    private static long local(long epochMs) {
        return epochMs + 8 * LocalTimes.HOUR_MS;
    }

    /** One point's hourly series of a code against its limit, alert windows shaded, invalid or marked hours shown. */
    static Chart hourly(ReportData d, String pointId, String code) {
        Pollutants.Pollutant p = Pollutants.of(code);
        ObjectNode o =
                base(
                        pointId + " · " + Pollutants.label(code),
                        "小时均值与限值 Hourly means against the limit",
                        true);
        ((ObjectNode) o.get("yAxis")).put("name", p == null ? "" : p.unit());
        ObjectNode mean = series(o, "小时均值 Hourly mean", "line").put("showSymbol", false);
        ObjectNode limit =
                series(o, "限值 Limit", "line").put("step", "end").put("showSymbol", false);
        limit.putObject("lineStyle").put("type", "dashed").put("color", "#d33");
        ObjectNode invalid =
                series(o, "无效或标记小时 Invalid or marked hours", "scatter").put("symbolSize", 6);
        d.hourly.stream()
                .filter(m -> pointId.equals(m.pointId()) && code.equals(m.pollutant()))
                .sorted(java.util.Comparator.comparingLong(ReportData.Mean::periodStart))
                .forEach(
                        m -> {
                            if (m.valid() && m.compared() != null) {
                                point(mean, m.periodStart(), m.compared());
                            } else {
                                point(
                                        invalid,
                                        m.periodStart(),
                                        m.compared() == null ? 0.0 : m.compared());
                            }
                            if (m.limit() != null) {
                                point(limit, m.periodStart(), m.limit());
                            }
                        });
        ObjectNode area = mean.putObject("markArea").put("silent", true);
        area.putObject("itemStyle").put("color", "rgba(255, 80, 80, 0.15)");
        ArrayNode areas = area.putArray("data");
        for (ReportData.AlertRow a : d.alerts) {
            // the windows of what the data showed; an order's own workflow (overdue, escalation) is
            // in the table
            if (!a.retracted()
                    && !workflow(a.type())
                    && pointId.equals(a.pointId())
                    && (code.equals(a.pollutant()) || a.pollutant().isEmpty())) {
                ArrayNode pair = areas.addArray();
                pair.addObject().put("xAxis", local(a.windowStart())).put("name", a.type());
                pair.addObject().put("xAxis", local(a.windowEnd()));
            }
        }
        return new Chart("hourly|" + pointId + "|" + code, pointId, o);
    }

    /** One point's daily means of its main codes against their daily limits. */
    static Chart daily(ReportData d, String pointId, long from, long to) {
        TreeMap<String, TreeMap<Long, ReportData.Mean>> byCode = new TreeMap<>();
        d.daily.stream()
                .filter(
                        m ->
                                pointId.equals(m.pointId())
                                        && ReportSources.MAIN.contains(m.pollutant()))
                .forEach(
                        m ->
                                byCode.computeIfAbsent(m.pollutant(), c -> new TreeMap<>())
                                        .put(m.periodStart(), m));
        if (byCode.isEmpty()) {
            return null;
        }
        ObjectNode o =
                base(
                        pointId + " · 日均值 Daily means",
                        "有效日均值与日限值 Valid daily means against daily limits",
                        false);
        ArrayNode days = ((ObjectNode) o.get("xAxis")).putArray("data");
        List<Long> starts = new ArrayList<>();
        for (long t = from; t < to; t += LocalTimes.DAY_MS) {
            starts.add(t);
            days.add(DAY.format(Instant.ofEpochMilli(t)));
        }
        for (Map.Entry<String, TreeMap<Long, ReportData.Mean>> e : byCode.entrySet()) {
            ObjectNode bars = series(o, "日均值 Daily mean " + e.getKey(), "bar");
            ObjectNode limits =
                    series(o, "日限值 Daily limit " + e.getKey(), "line").put("step", "middle");
            boolean anyLimit = false;
            for (long t : starts) {
                ReportData.Mean m = e.getValue().get(t);
                ((ArrayNode) bars.get("data")).add(m != null && m.valid() ? m.compared() : null);
                ((ArrayNode) limits.get("data")).add(m == null ? null : m.limit());
                anyLimit |= m != null && m.limit() != null;
            }
            if (!anyLimit) {
                ((ArrayNode) o.get("series")).remove(((ArrayNode) o.get("series")).size() - 1);
            }
        }
        return new Chart("daily|" + pointId, pointId, o);
    }

    /** Per point and day: the valid hourly means over the hours its codes should have (24 per code). */
    static Chart capture(ReportData d, String unit, TreeSet<String> points, long from, long to) {
        ObjectNode o =
                base(
                        "数据有效率 Data capture rate",
                        "有效小时均值 / 应有小时均值 Valid / expected hourly means, %",
                        false);
        ((ObjectNode) o.get("yAxis")).put("max", 100);
        ArrayNode days = ((ObjectNode) o.get("xAxis")).putArray("data");
        int n = (int) ((to - from) / LocalTimes.DAY_MS);
        for (int i = 0; i < n; i++) {
            days.add(DAY.format(Instant.ofEpochMilli(from + i * LocalTimes.DAY_MS)));
        }
        for (String point : points) {
            TreeSet<String> codes = new TreeSet<>();
            long[] valid = new long[n];
            for (ReportData.Mean m : d.hourly) {
                if (point.equals(m.pointId())) {
                    codes.add(m.pollutant());
                    if (m.valid()) {
                        valid[(int) ((m.periodStart() - from) / LocalTimes.DAY_MS)]++;
                    }
                }
            }
            ObjectNode s = series(o, "有效率 Capture rate " + point, "line");
            for (int i = 0; i < n; i++) {
                ((ArrayNode) s.get("data"))
                        .add(Math.round(1000.0 * valid[i] / (24.0 * codes.size())) / 10.0);
            }
        }
        return new Chart("capture|" + unit, unit, o);
    }

    /** The year's cumulative emission of a code against the permit, with the 80 % and 100 % lines and the projected date of 100 %. */
    static Chart quota(ReportData d, ReportData.Permit p, long from, long to) {
        TreeMap<Long, Double> perDay = new TreeMap<>();
        for (ReportData.Mean m : d.yearDaily) {
            if (p.unitId().equals(m.unitId())
                    && p.pollutant().equals(m.pollutant())
                    && m.emissionKg() != null) {
                perDay.merge(m.periodStart(), m.emissionKg(), Double::sum);
            }
        }
        long yearStart = LocalTimes.yearStart(from);
        long yearEnd = LocalTimes.yearStart(yearStart + 400 * LocalTimes.DAY_MS);
        double total = 0;
        ObjectNode o =
                base(Pollutants.label(p.pollutant()) + " · 许可量 Permit " + p.year(), null, true);
        // the whole permit year, and the permit in sight: the burn-up reads against the 80 % and
        // 100 % lines
        ((ObjectNode) o.get("xAxis")).put("min", local(yearStart)).put("max", local(yearEnd));
        ((ObjectNode) o.get("yAxis"))
                .put("max", Math.ceil(p.permittedKg() * 1.05))
                .put("name", "kg");
        ObjectNode cumulative =
                series(o, "累计排放量 Cumulative emissions (kg)", "line")
                        .put("showSymbol", perDay.size() < 40);
        for (Map.Entry<Long, Double> e : perDay.entrySet()) {
            total += e.getValue();
            point(cumulative, e.getKey() + LocalTimes.DAY_MS, Math.round(total * 1000) / 1000.0);
        }
        ArrayNode lines = cumulative.putObject("markLine").put("symbol", "none").putArray("data");
        lines.addObject().put("name", "80% 预警 warning").put("yAxis", 0.8 * p.permittedKg());
        lines.addObject().put("name", "100% 许可量 permit").put("yAxis", p.permittedKg());
        String projected = "未达到 not reached at this rate";
        ObjectNode projection = series(o, "预计 Projection", "line").put("showSymbol", false);
        projection.putObject("lineStyle").put("type", "dotted");
        if (total >= p.permittedKg()) {
            projected = "已达到 reached";
        } else if (!perDay.isEmpty() && total > 0) {
            long last = perDay.lastKey() + LocalTimes.DAY_MS;
            double ratePerMs = total / (last - yearStart);
            long at = last + (long) ((p.permittedKg() - total) / ratePerMs);
            point(projection, last, total);
            if (at <= yearEnd) {
                point(projection, at, p.permittedKg());
                projected = MINUTE.format(Instant.ofEpochMilli(at)).substring(0, 10);
            } else {
                // drawn to the year's end only: the axis stays on the permit's year
                point(projection, yearEnd, total + ratePerMs * (yearEnd - last));
                projected =
                        MINUTE.format(Instant.ofEpochMilli(at)).substring(0, 10)
                                + "，超出本年 after the year";
            }
        }
        ((ObjectNode) o.get("title"))
                .put(
                        "subtext",
                        String.format(
                                "累计 %,.1f kg / 许可 %,.1f kg (%.1f %%); 预计达到 100%% 日期 projected 100 %%: %s",
                                total, p.permittedKg(), 100 * total / p.permittedKg(), projected));
        return new Chart("quota|" + p.unitId() + "|" + p.pollutant(), p.unitId(), o);
    }

    static Chart rejections(ReportData d, String unit) {
        ObjectNode o = base("被拒数据帧 Rejected frames by reason", null, false);
        ArrayNode reasons = ((ObjectNode) o.get("xAxis")).putArray("data");
        ObjectNode bars = series(o, "帧数 Frames", "bar");
        d.rejections
                .getOrDefault(unit, Map.of())
                .forEach(
                        (reason, n) -> {
                            reasons.add(reason);
                            ((ArrayNode) bars.get("data")).add(n);
                        });
        return new Chart("rejections|" + unit, unit, o);
    }

    /** The alerts of the unit in the month and what was done about them: orders, notices and leads with their states. */
    static String actions(ReportData d, String unit) {
        StringBuilder t =
                new StringBuilder(
                        "<h3>督办单、通知与线索 Orders, notices and leads</h3>\n<table class=\"actions\">"
                                + "<tr><th>类型 Type</th><th>渠道 Channel</th><th>排放口 Point</th><th>污染物 Pollutant</th><th>时段 Window</th>"
                                + "<th>值/限值 Value/limit</th><th>状态 State</th><th>结论 Verdict</th><th>升级 Escalation</th></tr>\n");
        d.alerts.stream()
                .filter(a -> unit.equals(a.unitId()))
                .sorted(java.util.Comparator.comparingLong(ReportData.AlertRow::detectedAt))
                .forEach(
                        a -> {
                            ReportData.Action act = d.actions.get(a.alertId());
                            String state =
                                    a.retracted()
                                            ? "RETRACTED"
                                            : act != null ? act.state() : "OPEN";
                            t.append("<tr><td>")
                                    .append(esc(a.type()))
                                    .append("</td><td>")
                                    .append(esc(channel(a.channel())))
                                    .append("</td><td>")
                                    .append(esc(a.pointId()))
                                    .append("</td><td>")
                                    .append(
                                            esc(
                                                    a.pollutant().isEmpty()
                                                            ? ""
                                                            : Pollutants.label(a.pollutant())))
                                    .append("</td><td>")
                                    .append(MINUTE.format(Instant.ofEpochMilli(a.windowStart())))
                                    .append(" – ")
                                    .append(MINUTE.format(Instant.ofEpochMilli(a.windowEnd())))
                                    .append("</td><td>")
                                    .append(
                                            a.value() == null
                                                    ? ""
                                                    : String.format("%.2f", a.value()))
                                    .append(
                                            a.limit() == null
                                                    ? ""
                                                    : String.format(" / %.2f", a.limit()))
                                    .append("</td><td>")
                                    .append(esc(state))
                                    .append("</td><td>")
                                    .append(esc(act == null ? "" : nz(act.verdict())))
                                    .append("</td><td>")
                                    .append(esc(act == null ? "" : nz(act.escalation())))
                                    .append("</td></tr>\n");
                        });
        return t.append("</table>\n").toString();
    }

    private static boolean workflow(String type) {
        try {
            return org.cemsflow.model.AlertType.valueOf(type).workflow();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String channel(String c) {
        return switch (c.toLowerCase(java.util.Locale.ROOT)) {
            case "notice" -> "通知 notice";
            case "lead" -> "线索 lead";
            default -> "督办单 order";
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
