package org.cemsflow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the monthly report shows, read from ClickHouse or from a run-local output directory: the
 * same rows either way, so the two sources give the same report. Times are epoch milliseconds;
 * hours and days are UTC+8 clock periods.
 */
public final class ReportData {
    /** An hourly or daily mean of a point and code, with the value the rules compare and the limit in force. */
    public record Mean(
            String unitId,
            String pointId,
            String pollutant,
            long periodStart,
            Double compared,
            boolean valid,
            Double limit,
            Double emissionKg) {}

    /** An alert in its latest state. */
    public record AlertRow(
            String alertId,
            String type,
            String channel,
            String unitId,
            String pointId,
            String pollutant,
            long windowStart,
            long windowEnd,
            Double value,
            Double limit,
            long detectedAt,
            boolean retracted) {}

    /** What was done about an alert: its order's or lead's state, the verdict, the escalation. */
    public record Action(String alertId, String state, String verdict, String escalation) {}

    /** A unit's permitted quantity of a pollutant in a year. */
    public record Permit(String unitId, String pollutant, int year, double permittedKg) {}

    public final Map<String, String> unitNames = new TreeMap<>();

    /** point_id -> unit_id, for every point the source knows. */
    public final Map<String, String> pointUnits = new TreeMap<>();

    public final List<Mean> hourly = new ArrayList<>();
    public final List<Mean> daily = new ArrayList<>();

    /** Daily emission (kg) of the whole year up to the month's end, per point and code, for the burn-up. */
    public final List<Mean> yearDaily = new ArrayList<>();

    public final List<AlertRow> alerts = new ArrayList<>();
    public final Map<String, Action> actions = new LinkedHashMap<>();
    public final List<Permit> permits = new ArrayList<>();

    /** unit_id -> reason -> rejected frames in the month. */
    public final Map<String, Map<String, Long>> rejections = new TreeMap<>();

    void reject(String unitId, String reason, long n) {
        rejections.computeIfAbsent(unitId, u -> new TreeMap<>()).merge(reason, n, Long::sum);
    }

    /** The units with data or alerts in the month, in order. */
    public List<String> units() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        hourly.stream().map(Mean::unitId).filter(u -> u != null && !u.isEmpty()).forEach(out::add);
        alerts.stream()
                .map(AlertRow::unitId)
                .filter(u -> u != null && !u.isEmpty())
                .forEach(out::add);
        return new ArrayList<>(out);
    }
}
