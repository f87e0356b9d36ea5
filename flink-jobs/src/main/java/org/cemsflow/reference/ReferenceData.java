package org.cemsflow.reference;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices known from a reference directory (points.csv, meters.csv; the reference directory of the README).
 * Loading is strict: a malformed row stops the load with the file, line and column.
 */
public final class ReferenceData implements Serializable, DeviceLookup {
    private static final long serialVersionUID = 1L;

    private final Map<String, Device> devices;
    private final List<Limit> limits;
    private final List<Permit> permits;

    public ReferenceData(Map<String, Device> devices) {
        this(devices, List.of());
    }

    public ReferenceData(Map<String, Device> devices, List<Limit> limits) {
        this(devices, limits, List.of());
    }

    public ReferenceData(Map<String, Device> devices, List<Limit> limits, List<Permit> permits) {
        this.devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        this.limits = List.copyOf(limits);
        this.permits = List.copyOf(permits);
    }

    /** Rows of permits.csv in file order. */
    public List<Permit> permits() {
        return permits;
    }

    public static ReferenceData empty() {
        return new ReferenceData(Map.of());
    }

    /** Rows of limits.csv in file order. */
    public List<Limit> limits() {
        return limits;
    }

    /** The point's device, by point id; null when unknown. */
    public Device point(String pointId) {
        for (Device d : devices.values()) {
            if (pointId.equals(d.pointId)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public Device device(String mn) {
        return devices.get(mn);
    }

    public Map<String, Device> devices() {
        return devices;
    }

    /** A copy with extra or replaced devices (unknown MNs accepted in a local run). */
    public ReferenceData with(Map<String, Device> more) {
        Map<String, Device> m = new HashMap<>(devices);
        m.putAll(more);
        return new ReferenceData(m, limits, permits);
    }

    public static ReferenceData load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReferenceException("reference directory " + dir + " does not exist");
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        Path points = dir.resolve("points.csv");
        if (Files.exists(points)) {
            for (Row r :
                    read(
                            points,
                            List.of(
                                    "mn",
                                    "point_id",
                                    "unit_id",
                                    "unit_name",
                                    "medium",
                                    "o2_ref",
                                    "password"),
                            List.of("minute_interval"))) {
                String medium = r.get("medium");
                if (!medium.equals("air") && !medium.equals("water")) {
                    throw r.error("medium", "must be air or water, not '" + medium + "'");
                }
                Device d =
                        Device.point(
                                r.required("mn"),
                                r.required("point_id"),
                                r.required("unit_id"),
                                r.get("unit_name"),
                                medium,
                                r.optionalDouble("o2_ref", 0, 21),
                                emptyToNull(r.get("password")),
                                r.optionalInt("minute_interval", 1, 60));
                put(devices, d, r);
            }
        }
        Path meters = dir.resolve("meters.csv");
        if (Files.exists(meters)) {
            for (Row r : read(meters, List.of("mn", "unit_id", "role"), List.of("rated_kw"))) {
                String role = r.get("role");
                if (!List.of("production", "treatment", "water").contains(role)) {
                    throw r.error(
                            "role", "must be production, treatment or water, not '" + role + "'");
                }
                put(
                        devices,
                        Device.meter(
                                r.required("mn"),
                                r.required("unit_id"),
                                role,
                                r.optionalDouble("rated_kw", 0, Double.MAX_VALUE)),
                        r);
            }
        }
        if (!Files.exists(points) && !Files.exists(meters)) {
            throw new ReferenceException(
                    "reference directory " + dir + " has neither points.csv nor meters.csv");
        }
        List<Limit> limits = new ArrayList<>();
        Path limitsFile = dir.resolve("limits.csv");
        if (Files.exists(limitsFile)) {
            for (Row r :
                    read(
                            limitsFile,
                            List.of("point_id", "pollutant", "limit", "averaging"),
                            List.of("valid_from"))) {
                String averaging = r.get("averaging");
                if (!averaging.equals("hour") && !averaging.equals("day")) {
                    throw r.error("averaging", "must be hour or day, not '" + averaging + "'");
                }
                Double limit = r.optionalDouble("limit", 0, Double.MAX_VALUE);
                if (limit == null) {
                    throw r.error("limit", "is empty");
                }
                limits.add(
                        new Limit(
                                r.required("point_id"),
                                r.required("pollutant"),
                                limit,
                                averaging,
                                r.optionalTime("valid_from")));
            }
        }
        List<Permit> permits = new ArrayList<>();
        Path permitsFile = dir.resolve("permits.csv");
        if (Files.exists(permitsFile)) {
            for (Row r :
                    read(
                            permitsFile,
                            List.of("unit_id", "pollutant", "year", "permitted_kg"),
                            List.of("valid_from"))) {
                Integer year = r.optionalInt("year", 1970, 9999);
                Double kg = r.optionalDouble("permitted_kg", 0, Double.MAX_VALUE);
                if (year == null) {
                    throw r.error("year", "is empty");
                }
                if (kg == null) {
                    throw r.error("permitted_kg", "is empty");
                }
                permits.add(
                        new Permit(
                                r.required("unit_id"),
                                r.required("pollutant"),
                                year,
                                kg,
                                r.optionalTime("valid_from")));
            }
        }
        return new ReferenceData(devices, limits, permits);
    }

    private static void put(Map<String, Device> devices, Device d, Row r) {
        if (devices.putIfAbsent(d.mn, d) != null) {
            throw r.error("mn", "device " + d.mn + " is listed twice");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Reads a headed CSV (no quoting); required columns must be in the header. */
    static List<Row> read(Path file, List<String> required, List<String> optional) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReferenceException(file + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new ReferenceException(file + ":1: empty file, expected a header");
        }
        String[] header = stripBom(lines.get(0)).trim().split(",", -1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(header[i].trim(), i);
        }
        for (String col : required) {
            if (!index.containsKey(col)) {
                throw new ReferenceException(file + ":1: header lacks column '" + col + "'");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new ReferenceException(
                        file
                                + ":"
                                + (ln + 1)
                                + ": "
                                + cells.length
                                + " columns, header has "
                                + header.length);
            }
            rows.add(new Row(file, ln + 1, index, cells));
        }
        return rows;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** One CSV row with errors that name file, line and column. */
    static final class Row {
        final Path file;
        final int line;
        final Map<String, Integer> index;
        final String[] cells;

        Row(Path file, int line, Map<String, Integer> index, String[] cells) {
            this.file = file;
            this.line = line;
            this.index = index;
            this.cells = cells;
        }

        String get(String col) {
            Integer i = index.get(col);
            return i == null ? "" : cells[i].trim();
        }

        String required(String col) {
            String v = get(col);
            if (v.isEmpty()) {
                throw error(col, "is empty");
            }
            return v;
        }

        Double optionalDouble(String col, double lo, double hi) {
            String v = get(col);
            if (v.isEmpty()) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (!(d >= lo && d <= hi)) {
                    throw error(col, "'" + v + "' is outside [" + lo + ", " + hi + "]");
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(col, "'" + v + "' is not a number");
            }
        }

        Integer optionalInt(String col, int lo, int hi) {
            String v = get(col);
            if (v.isEmpty()) {
                return null;
            }
            try {
                int d = Integer.parseInt(v);
                if (d < lo || d > hi) {
                    throw error(col, "'" + v + "' is outside [" + lo + ", " + hi + "]");
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(col, "'" + v + "' is not an integer");
            }
        }

        Long optionalTime(String col) {
            String v = get(col);
            if (v.isEmpty()) {
                return null;
            }
            try {
                return org.cemsflow.time.LocalTimes.parseIso(v);
            } catch (RuntimeException e) {
                throw error(col, "'" + v + "' is not an ISO-8601 time");
            }
        }

        ReferenceException error(String col, String what) {
            return new ReferenceException(file + ":" + line + ": column " + col + " " + what);
        }
    }
}
